# microlesson in a container: Debian slim, ffmpeg (Debian's build has libopus), the CJK font the
# digest's chart needs, and the project's runtime dependencies only (no test or lint tools).
#   docker build -t microlesson .
#   docker compose up -d            (compose.yaml: the bot with PostgreSQL)
# The config is read from /config/config.toml (mount yours; see deploy/config.container.toml);
# the database (SQLite, if used) and the audio live in /data, a volume.
FROM python:3.11-slim-bookworm

# The same system packages as scripts/bootstrap.sh's runtime_packages (a test checks).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ffmpeg fonts-wqy-microhei ca-certificates \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /data microlesson \
    && install -d -o microlesson -g microlesson /data/audio
WORKDIR /opt/microlesson
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY scheduler scheduler
COPY storage storage
COPY web web
RUN pip install --no-cache-dir . \
    && microlesson --help >/dev/null

USER microlesson
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# The health check (http://127.0.0.1:8080/healthz on [web] listen) answers 200 when the
# database and Telegram are fine, 503 when not.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.app.healthcheck", "/config/config.toml"]
CMD ["microlesson", "run", "--config", "/config/config.toml"]

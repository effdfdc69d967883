"""The container's health check: asks the bot's health path on [web] listen; exit 0 on 200,
1 otherwise.

Usage: python -m bot.app.healthcheck [CONFIG]   (default /config/config.toml, the Dockerfile's)"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from bot.core.config import load_settings
from bot.core.web_paths import HEALTH, at_root

DEFAULT_CONFIG = Path("/config/config.toml")


def health_url(listen: str) -> str:
    """The address to ask: a wildcard listen address is asked on loopback."""
    host, port = listen.rsplit(":", 1)
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - reading the setting, not binding
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{at_root(HEALTH)}"


def main(argv: list[str]) -> int:
    config = Path(argv[1]) if len(argv) > 1 else DEFAULT_CONFIG
    settings = load_settings(config if config.exists() else None, require_token=False)
    url = health_url(settings.web.listen)
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http, our own
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

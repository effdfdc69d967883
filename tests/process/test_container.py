"""The container (Dockerfile, compose.yaml), checked without a container engine (none runs on
the development machines): the image installs what scripts/bootstrap.sh installs for running
(and nothing for testing), holds the packages pyproject.toml names, runs `microlesson run`,
and its health check asks /healthz on [web] listen."""

from __future__ import annotations

import asyncio
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from benchmarks.support import ROOT
from bot.app.healthcheck import health_url
from tests.process.test_run_modes import free_port

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BOOTSTRAP = (ROOT / "scripts/bootstrap.sh").read_text(encoding="utf-8")


def _bash_array(name: str) -> set[str]:
    match = re.search(rf"^{name}=\(([^)]*)\)", BOOTSTRAP, re.MULTILINE)
    assert match, f"bootstrap.sh has no {name}=(...)"
    return set(shlex.split(match.group(1)))


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines = [ln for ln in DOCKERFILE.splitlines() if not ln.lstrip().startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")
    return [
        (parts[0].upper(), parts[1] if len(parts) > 1 else "")
        for parts in (ln.strip().split(None, 1) for ln in joined.splitlines() if ln.strip())
    ]


def _apt_packages() -> set[str]:
    packages: set[str] = set()
    for op, args in _instructions():
        if op != "RUN":
            continue
        for command in re.split(r"&&|;", args):
            words = shlex.split(command)
            if "apt-get" in words and "install" in words:
                after = words[words.index("install") + 1 :]
                packages |= {w for w in after if not w.startswith("-")}
    return packages


def test_the_image_installs_bootstraps_runtime_packages_and_no_test_tools() -> None:
    packages = _apt_packages()
    runtime, dev = _bash_array("runtime_packages"), _bash_array("dev_packages")
    assert runtime <= packages, runtime - packages
    assert not (dev & packages), dev & packages
    assert packages - runtime <= {"ca-certificates"}, packages - runtime


def test_the_image_holds_the_projects_packages_with_runtime_dependencies_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {args.split()[0] for op, args in _instructions() if op == "COPY"}
    assert wanted <= copied, wanted - copied
    runs = " ".join(args for op, args in _instructions() if op == "RUN")
    assert "pip install --no-cache-dir ." in runs and "[dev]" not in runs
    instructions = dict(_instructions())
    assert instructions["FROM"].endswith("-slim-bookworm")
    assert instructions["CMD"] == '["microlesson", "run", "--config", "/config/config.toml"]'
    assert '"-m", "bot.app.healthcheck", "/config/config.toml"' in instructions["HEALTHCHECK"]


def test_compose_has_postgresql_and_volumes_for_the_database_and_the_audio() -> None:
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert re.search(r"image: postgres:\d+", compose)
    assert "- db:/var/lib/postgresql/data" in compose
    assert "- audio:/data/audio" in compose
    config = tomllib.loads((ROOT / "deploy/config.container.toml").read_text(encoding="utf-8"))
    assert config["storage"]["url"].startswith("postgresql+asyncpg://microlesson:")
    assert "@db:5432/" in config["storage"]["url"]
    assert config["storage"]["audio_dir"] == "/data/audio"


def test_a_wildcard_listen_address_is_asked_on_loopback() -> None:
    assert health_url("0.0.0.0:8080") == "http://127.0.0.1:8080/healthz"
    assert health_url("[::]:9000") == "http://127.0.0.1:9000/healthz"
    assert health_url("[::1]:9000") == "http://[::1]:9000/healthz"
    assert health_url("10.0.0.5:80") == "http://10.0.0.5:80/healthz"


@pytest.fixture
async def healthz() -> AsyncIterator[tuple[int, list[int]]]:
    """A stand-in /healthz answering the statuses queued in the list."""
    statuses: list[int] = []

    async def handle(_: web.Request) -> web.Response:
        return web.Response(status=statuses.pop(0))

    app = web.Application()
    app.router.add_get("/healthz", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield port, statuses
    finally:
        await runner.cleanup()


async def test_the_health_check_exits_0_on_200_and_1_on_503(
    healthz: tuple[int, list[int]], tmp_path: Path
) -> None:
    port, statuses = healthz
    config = tmp_path / "config.toml"
    config.write_text(f'[web]\nlisten = "0.0.0.0:{port}"\n', encoding="utf-8")

    async def check() -> int:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.app.healthcheck", str(config), cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return await asyncio.wait_for(proc.wait(), 60)

    statuses += [200, 503]
    assert await check() == 0
    assert await check() == 1

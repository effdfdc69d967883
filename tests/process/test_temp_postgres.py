"""The tests' PostgreSQL is a temporary one: scripts/test.sh never configures or starts a
server, and starting and stopping the tests' own server changes no file under /etc."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from benchmarks.support import ROOT
from tests.conftest import PG_URL_VARIABLE, require_postgres
from tests.support.temp_pg import TempPostgres, server_binaries

ETC_POSTGRESQL = Path("/etc/postgresql")


def _hash_tree(root: Path) -> dict[str, str]:
    """Every file under root (readable or not) by its content's hash."""
    if not root.exists():
        return {}
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


async def _setting(url: str, name: str) -> str:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return str(await conn.scalar(text(f"SHOW {name}")))
    finally:
        await engine.dispose()


async def test_the_temporary_server_lives_in_a_temp_folder_and_leaves_etc_alone() -> None:
    bindir = server_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    before = _hash_tree(ETC_POSTGRESQL)
    server = TempPostgres(bindir)
    try:
        server.start()
        assert server.port != 5432
        data = await _setting(server.url, "data_directory")
        config = await _setting(server.url, "config_file")
        hba = await _setting(server.url, "hba_file")
        temp = os.path.realpath(tempfile.gettempdir())
        for path in (data, config, hba):
            assert os.path.realpath(path).startswith(temp + os.sep), path
            assert not path.startswith("/etc/")
    finally:
        server.stop()
    assert not server.folder.exists()
    assert _hash_tree(ETC_POSTGRESQL) == before


async def test_without_a_given_url_the_suite_uses_its_own_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if server_binaries() is None:
        pytest.skip("PostgreSQL's server programs are not installed")
    monkeypatch.delenv(PG_URL_VARIABLE, raising=False)
    url = require_postgres()
    data = await _setting(url, "data_directory")
    assert ":5432/" not in url
    assert os.path.realpath(data).startswith(os.path.realpath(tempfile.gettempdir()) + os.sep)


def test_the_scripts_never_configure_or_start_a_system_server() -> None:
    for name in ("scripts/test.sh", "scripts/bootstrap.sh", ".ci/run"):
        script = (ROOT / name).read_text(encoding="utf-8")
        for forbidden in ("pg_hba", "pg_ctlcluster", "systemctl", "service postgresql"):
            assert forbidden not in script, f"{name} mentions {forbidden}"

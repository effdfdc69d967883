"""The `microlesson` command line: run, migrate, process-audio."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.logging_setup import configure_logging

DEFAULT_CONFIG = Path("config.toml")


def _config_path(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _load(arg: str | None, *, require_token: bool) -> Settings:
    try:
        return load_settings(_config_path(arg), require_token=require_token)
    except ConfigError as exc:
        print(f"microlesson: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(args: argparse.Namespace) -> int:
    settings = _load(args.config, require_token=True)
    configure_logging(settings.logging.level, settings.token)
    from bot.app import ALLOWED_UPDATES, build_application

    app = build_application(settings)
    # run_polling handles SIGINT/SIGTERM: it stops polling, finishes handlers, runs post_shutdown.
    app.run_polling(
        allowed_updates=ALLOWED_UPDATES,
        timeout=settings.telegram.poll_timeout,
        drop_pending_updates=False,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _load(args.config, require_token=False)
    configure_logging(settings.logging.level, settings.token)
    from storage.db import Database

    async def go() -> None:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
        finally:
            await db.dispose()

    asyncio.run(go())
    print("database is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microlesson", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (long polling)")
    run.add_argument("--config", help="path to config.toml (default: ./config.toml)")
    run.set_defaults(func=cmd_run)
    migrate = sub.add_parser("migrate", help="upgrade the database schema")
    migrate.add_argument("--config", help="path to config.toml (default: ./config.toml)")
    migrate.set_defaults(func=cmd_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())

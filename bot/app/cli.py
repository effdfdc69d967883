"""The `microlesson` command line: run, migrate, process-audio, export, roster, check, copy-db,
demo."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from bot.app.logging_setup import configure_logging, redact, secrets_of
from bot.core.config import ConfigError, Settings, load_settings

DEFAULT_CONFIG = Path("config.toml")
# The SQLite writer thread and the event loop share the GIL; with Python's default 5 ms slice
# every handoff between them can cost 5 ms, which adds up across a batch of statements.
GIL_SWITCH_INTERVAL = 0.001


def _config_path(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _load(arg: str | None, *, require_token: bool) -> Settings:
    try:
        return load_settings(_config_path(arg), require_token=require_token)
    except ConfigError as exc:
        # No settings to name the secrets yet: a URL's user and password are hidden still.
        print(f"microlesson: {redact(str(exc))}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(args: argparse.Namespace) -> int:
    settings = _load(args.config, require_token=True)
    secrets = secrets_of(settings)
    configure_logging(settings.logging.level, settings.token, also=secrets)
    from bot.app.launch import StartupFailure, serve

    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    # SIGINT/SIGTERM stop it: polling (or the web server) stops, handlers finish, then shutdown.
    try:
        asyncio.run(serve(settings))
    except StartupFailure as exc:
        print(f"microlesson: {redact(str(exc), secrets)}", file=sys.stderr)
        return 1
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _load(args.config, require_token=False)
    configure_logging(settings.logging.level, settings.token, also=secrets_of(settings))
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


def cmd_process_audio(args: argparse.Namespace) -> int:
    settings = _load(args.config, require_token=False)
    from bot.audio import AudioError, audio_settings, process_file

    try:
        report = process_file(Path(args.src), Path(args.dst), audio_settings(settings.audio))
    except AudioError as exc:
        detail = (str(exc).splitlines() or [""])[0][:200]
        print(f"microlesson: {args.src}: {exc.code}: {detail}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict()))
    return 0


# --- secretary's view: the ledger from the shell ------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    """Write a group's monthly ledger; CSV or XLSX by the file's suffix."""
    settings = _load(args.config, require_token=False)
    configure_logging(settings.logging.level, settings.token, also=secrets_of(settings))
    from sqlalchemy import select

    from bot.branch_life.events import month_attendance
    from bot.core.errors import DomainError
    from bot.groups.secretaries import group_ref
    from bot.secretary.ledger import parse_month
    from bot.secretary.ledger_figures import for_party_group
    from bot.secretary.ledger_files import write_ledger
    from bot.secretary.ledger_reads import LedgerService
    from storage.db import Database
    from storage.models import Group, RosterEntry

    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        print(f"microlesson: {out}: the file must end in .csv or .xlsx", file=sys.stderr)
        return 2
    try:
        period = parse_month(args.month)
    except DomainError as exc:
        print(f"microlesson: --month {args.month}: {exc.text('en')}", file=sys.stderr)
        return 2

    async def go() -> int:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
            async with db.reading() as s:
                # A Telegram group id is negative; a positive number is the bot's own group id.
                column = Group.chat_id if args.group < 0 else Group.id
                group = (
                    await s.execute(select(Group).where(column == args.group))
                ).scalar_one_or_none()
                known = (await s.execute(select(Group.chat_id, Group.title))).all()
                ref = group_ref(group) if group is not None else None
            if ref is None:
                listing = ", ".join(f"{c} ({title})" for c, title in known) or "none"
                print(f"microlesson: no group {args.group}; known: {listing}", file=sys.stderr)
                return 2
            if args.party_group:
                async with db.reading() as s:
                    names = set(
                        await s.scalars(
                            select(RosterEntry.party_group).where(
                                RosterEntry.group_id == ref.group_id, RosterEntry.party_group != ""
                            )
                        )
                    )
                if args.party_group not in names:
                    listing = ", ".join(sorted(names)) or "none"
                    print(
                        f"microlesson: no 党小组 {args.party_group!r} in {ref.title}; "
                        f"known: {listing}",
                        file=sys.stderr,
                    )
                    return 2
            ledger = LedgerService(db, partial(month_attendance, db))
            data = await ledger.load(ref, period, sheets=True)
        finally:
            await db.dispose()
        if args.party_group:
            data = for_party_group(data, args.party_group)
        rows = await asyncio.to_thread(write_ledger, data, out, args.party_group)
        print(f"{out}: {rows} rows, {len(data.lessons)} lessons ({ref.title}, {period.label})")
        return 0

    return asyncio.run(go())


# --- the roster (花名册): import and export as the operator, without Telegram
def _roster_services(settings: Settings) -> tuple[Any, Any, Any]:
    """The database and the roster services for the operator: no secretary's rights are asked
    (every call passes user_id None), so Telegram is never needed."""
    from bot.core.clock import SystemClock
    from bot.groups.rights import Rights
    from bot.groups.secretaries import SecretaryRights
    from bot.members.roster import RosterService
    from bot.members.roster_import import RosterImports
    from storage.db import Database

    async def no_admins(chat_id: int) -> dict[int, str]:
        return {}  # never asked: the operator's calls skip the rights

    db = Database(settings.storage.url)
    clock = SystemClock()
    rights = SecretaryRights(db, Rights(no_admins, clock))
    return db, RosterService(db, clock, rights), RosterImports(db, clock, rights)


async def _roster_group(db: Any, number: int) -> tuple[int, str] | None:
    """The group a --group names: a Telegram chat id (negative) or the bot's own id."""
    from sqlalchemy import select

    from storage.models import Group

    async with db.reading() as s:
        column = Group.chat_id if number < 0 else Group.id
        group = (await s.execute(select(Group).where(column == number))).scalar_one_or_none()
        known = (await s.execute(select(Group.chat_id, Group.title))).all()
    if group is None:
        listing = ", ".join(f"{c} ({title})" for c, title in known) or "none"
        print(f"microlesson: no group {number}; known: {listing}", file=sys.stderr)
        return None
    return int(group.id), str(group.title)


def cmd_roster_import(args: argparse.Namespace) -> int:
    """Preview a roster file (in Chinese); store it only with --yes."""
    settings = _load(args.config, require_token=False)
    configure_logging(settings.logging.level, settings.token, also=secrets_of(settings))
    from bot.core.errors import DomainError
    from bot.members.roster_import import OPERATOR
    from handlers.roster_import import applied_text, preview_text

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"microlesson: {path}: {exc.strerror}", file=sys.stderr)
        return 2

    async def go() -> int:
        db, _, imports = _roster_services(settings)
        try:
            await db.migrate()
            found = await _roster_group(db, args.group)
            if found is None:
                return 2
            try:
                preview = await imports.preview(None, found[0], data)
            except DomainError as exc:
                print(f"microlesson: {path}: {exc.text('zh')}", file=sys.stderr)
                return 1
            print(preview_text(preview, "zh").rsplit("\n", 1)[0])
            if not args.yes:
                await imports.discard(OPERATOR, preview.import_id)
                print(
                    f"未保存。确认无误后加 --yes 导入：microlesson roster import "
                    f"--group {args.group} {path} --yes"
                )
                return 0
            print(applied_text(await imports.confirm(None, preview.import_id), "zh"))
            return 0
        finally:
            await db.dispose()

    return asyncio.run(go())


def cmd_roster_export(args: argparse.Namespace) -> int:
    """Write a group's roster in the import form; CSV or XLSX by the file's suffix."""
    settings = _load(args.config, require_token=False)
    configure_logging(settings.logging.level, settings.token, also=secrets_of(settings))
    from bot.members.roster_file import write_roster_csv, write_roster_xlsx

    out = Path(args.file)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        print(f"microlesson: {out}: the file must end in .csv or .xlsx", file=sys.stderr)
        return 2

    async def go() -> int:
        db, roster, _ = _roster_services(settings)
        try:
            await db.migrate()
            found = await _roster_group(db, args.group)
            if found is None:
                return 2
            rows = await roster.rows(None, found[0])
        finally:
            await db.dispose()
        write = write_roster_xlsx if out.suffix.lower() == ".xlsx" else write_roster_csv
        count = await asyncio.to_thread(write, rows, out)
        print(f"{out}: {count} people ({found[1]})")
        return 0

    return asyncio.run(go())


# --- operations: check and copy-db
def cmd_check(args: argparse.Namespace) -> int:
    from bot.app.check import main as check_main

    return check_main(_config_path(args.config))


def cmd_copy_db(args: argparse.Namespace) -> int:
    from bot.app.copy_db import CopyError, copy_database

    try:
        counts = asyncio.run(copy_database(args.source, args.target, replace=args.replace))
    except CopyError as exc:
        print(f"microlesson: {redact(str(exc))}", file=sys.stderr)
        return 1
    for table, count in counts.items():
        print(f"{table}: {count} rows")
    print(f"copied {sum(counts.values())} rows; every table's count matches")
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
    audio = sub.add_parser(
        "process-audio", help="run the audio pipeline on a file and print a JSON summary"
    )
    audio.add_argument("src", metavar="IN", help="any audio or video file ffmpeg can decode")
    audio.add_argument("dst", metavar="OUT.ogg", help="where to write the OGG/Opus voice note")
    audio.add_argument("--config", help="take the [audio] settings from this config file")
    audio.set_defaults(func=cmd_process_audio)
    demo = sub.add_parser(
        "demo", help="play a day of the bot against a built-in Telegram double (no token)"
    )
    demo.add_argument("--lang", choices=["zh", "en"], default="zh", help="transcript language")
    demo.set_defaults(func=cmd_demo)
    export = sub.add_parser("export", help="write a group's monthly study ledger (CSV or XLSX)")
    export.add_argument(
        "--group", type=int, required=True, help="the group's Telegram chat id (e.g. -100123…)"
    )
    export.add_argument("--month", required=True, help="the month, YYYY-MM")
    export.add_argument("--out", required=True, help="the file to write: *.csv or *.xlsx")
    export.add_argument(
        "--party-group", help="only the members of this 党小组 (as named on the roster)"
    )
    export.add_argument("--config", help="path to config.toml (default: ./config.toml)")
    export.set_defaults(func=cmd_export)
    roster = sub.add_parser("roster", help="a group's roster (花名册): import or export")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    r_import = roster_sub.add_parser("import", help="preview a roster file; --yes stores it")
    r_import.add_argument("file", metavar="FILE", help="the roster, *.xlsx or *.csv")
    r_import.add_argument("--yes", action="store_true", help="store it (else only the preview)")
    r_export = roster_sub.add_parser("export", help="write the roster in the import form")
    r_export.add_argument("file", metavar="FILE", help="the file to write: *.csv or *.xlsx")
    for command, func in ((r_import, cmd_roster_import), (r_export, cmd_roster_export)):
        command.add_argument(
            "--group", type=int, required=True, help="the group's Telegram chat id (or bot id)"
        )
        command.add_argument("--config", help="path to config.toml (default: ./config.toml)")
        command.set_defaults(func=func)
    check = sub.add_parser("check", help="check config, ffmpeg, database, token, groups, calendar")
    check.add_argument("--config", help="path to config.toml (default: ./config.toml)")
    check.set_defaults(func=cmd_check)
    copy = sub.add_parser(
        "copy-db", help="copy every row to another database (SQLite to PostgreSQL)"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="source URL")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="target URL")
    copy.add_argument(
        "--replace", action="store_true", help="empty a target that already holds rows first"
    )
    copy.set_defaults(func=cmd_copy_db)
    return parser


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.sandbox.demo.day import main as demo  # the double and the day load only for the demo

    return demo(args.lang)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())

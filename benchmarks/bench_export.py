"""Ledger export benchmark: one year of a 200-member branch (250 lessons, 50 000 ledger rows)
written as CSV and as XLSX, each in a process of its own, against plain csv.writer writing the
same number of rows of the same shape (the floor, measured in the same run).

The three run in turn, --runs rounds (3 by default; the machine is shared and noisy), and
each figure's median is shown: rows, wall time of the export (reading the database included),
CPU time (user+sys), peak memory (the process's max RSS, interpreter included), and wall and
CPU time as ratios to the baseline's; a note when the machine was busy (wall well above CPU);
then the targets (CSV ≤ 1 s and ≤ 150 MB, XLSX ≤ 5 s, wall). Exits 1 when one is missed.

    .venv/bin/python -m benchmarks.bench_export [--runs 3] [--members 200] [--lessons 250]
        [--smoke]

On a shared machine, keep other benchmarks from running at the same time (flock on a lock
file of your choice, say). --smoke: 5 members x 4 lessons, one round; exits 1 only when an
export's row count is wrong (seconds; CI runs it to show the benchmark still works).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import (
    Delivery,
    Group,
    LeaveDay,
    Lesson,
    Listen,
    Member,
    Membership,
    Note,
    PointEntry,
)

ROOT = Path(__file__).parent.parent
YEAR = 2025
GROUP_CHAT = -1001
# A typical ledger row's cells after lesson_id (user_id is put in), for the plain csv.writer
# baseline: padded to the ledger's width so the floor writes as many cells as the export.
BASELINE_ROW = ("2025-03-03", "第1课 学习党章")
BASELINE_REST = (
    *("党员1000", "2025-03-03T07:30:00+08:00", "2025-03-03T09:12:00+08:00", "", ""),
    *(1, "button", "on_day", 0, "listened", "sent", 0, 0),
)
TARGETS = {"csv": 1.0, "xlsx": 5.0}  # seconds, wall
CSV_MEMORY = 150  # MB, peak
NOTE_TEXT = "今天学习了党章，深刻认识到要坚定理想信念，<b>把学习成果</b>落实到工作中。"


def _weekdays(count: int) -> list[date]:
    days: list[date] = []
    day = date(YEAR, 1, 1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(url: str, members: int, lessons: int) -> None:
    """A year of record, written in bulk (as the bot would have over the year)."""
    rng = random.Random(8)
    db = Database(url)

    async def go() -> None:
        await db.migrate()
        await db.run_in_transaction(work)
        await db.dispose()

    def work(s: Session) -> None:
        start = datetime(YEAR, 1, 1, tzinfo=UTC)
        s.execute(
            insert(Group),
            [
                dict(
                    id=1,
                    chat_id=GROUP_CHAT,
                    title="第一党支部",
                    chat_type="supergroup",
                    bound=True,
                    timezone="Asia/Shanghai",
                    broadcast_time="07:30",
                    weekdays="mon,tue,wed,thu,fri",
                    reminder_time="20:00",
                    created_at=start,
                    updated_at=start,
                )
            ],
        )
        uids = [1000 + i for i in range(members)]
        s.execute(
            insert(Member),
            [
                dict(
                    user_id=u,
                    first_name=f"党员{u}",
                    started=True,
                    subscribed=True,
                    reachable=u % 50 != 0,
                    created_at=start,
                    updated_at=start,
                )
                for u in uids
            ],
        )
        s.execute(
            insert(Membership),
            [
                dict(group_id=1, user_id=u, status="member", source="seed", updated_at=start)
                for u in uids
            ],
        )
        days = _weekdays(lessons)
        lesson_rows: list[dict[str, object]] = []
        deliveries: list[dict[str, object]] = []
        listens: list[dict[str, object]] = []
        points: list[dict[str, object]] = []
        notes: list[dict[str, object]] = []
        for i, day in enumerate(days, start=1):
            slot = datetime(day.year, day.month, day.day, 23, 30, tzinfo=UTC) - timedelta(days=1)
            lesson_rows.append(
                dict(
                    id=i,
                    number=i,
                    group_id=1,
                    author_id=uids[0],
                    title=f"第{i}课 学习党章",
                    status="sent",
                    slot_at=slot,
                    audio_path="",
                    duration_in=300.0,
                    duration_out=300.0,
                    lufs_in=-16.0,
                    lufs_out=-16.0,
                    created_at=slot,
                    updated_at=slot,
                )
            )
            for n, u in enumerate(uids):
                ok = u % 50 != 0
                # Copies go out about 30 a second (Telegram's overall limit).
                sent = slot + timedelta(seconds=n / 30)
                deliveries.append(
                    dict(
                        lesson_id=i,
                        chat_id=u,
                        kind="private",
                        user_id=u,
                        status="sent" if ok else "unreachable",
                        attempts=1,
                        created_at=slot,
                        updated_at=slot,
                        sent_at=sent if ok else None,
                    )
                )
                roll = rng.random()
                if roll < 0.85:
                    # Times to the second, and one in twenty a make-up the next day: the cell
                    # and time caches meet what a real year gives them.
                    makeup = rng.random() < 0.05
                    at = slot + timedelta(seconds=rng.randint(60, 54_000), days=int(makeup))
                    source = "note" if roll < 0.15 else ("button" if roll < 0.6 else "private")
                    timing = "makeup" if makeup else "on_day"
                    listens.append(
                        dict(lesson_id=i, user_id=u, source=source, timing=timing, created_at=at)
                    )
                    points.append(
                        dict(
                            user_id=u,
                            group_id=1,
                            lesson_id=i,
                            reason="listen",
                            amount=1,
                            created_at=at,
                        )
                    )
                    if source == "note":
                        notes.append(
                            dict(
                                lesson_id=i,
                                user_id=u,
                                chat_id=GROUP_CHAT,
                                message_id=len(notes) + 1,
                                text=f"{NOTE_TEXT}（第{len(notes) + 1}篇）",  # each its own
                                created_at=at,
                            )
                        )
                        points.append(
                            dict(
                                user_id=u,
                                group_id=1,
                                lesson_id=i,
                                reason="note",
                                amount=2,
                                created_at=at,
                            )
                        )
        s.execute(insert(Lesson), lesson_rows)
        s.execute(insert(Delivery), deliveries)
        s.execute(insert(Listen), listens)
        s.execute(insert(PointEntry), points)
        s.execute(insert(Note), notes)
        s.execute(
            insert(LeaveDay),
            [
                dict(
                    user_id=u,
                    start_day=date(YEAR, 3, 2),
                    end_day=date(YEAR, 3, 13),
                    created_by=u,
                    created_at=start,
                )
                for u in uids[::10]
            ],
        )

    asyncio.run(go())


def _usage() -> tuple[float, float]:
    """(CPU seconds user+sys, peak RSS in MB) of this process so far.

    The peak is VmHWM: ru_maxrss would carry over the parent's peak from before exec.
    """
    ru = resource.getrusage(resource.RUSAGE_SELF)
    status = Path("/proc/self/status").read_text()
    hwm = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return ru.ru_utime + ru.ru_stime, int(hwm.split()[1]) / 1024


def child(kind: str, url: str, out: Path, rows: int) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    if kind == "baseline":
        from bot.secretary.ledger import COLUMNS

        pad = ("",) * (len(COLUMNS) - 4 - len(BASELINE_REST))
        cpu0, _ = _usage()
        t0 = time.perf_counter()
        with out.open("w", encoding="utf-8", newline="") as fh:
            fh.write("\ufeff")  # the BOM once, as the ledger writes it (utf-8-sig costs per row)
            w = csv.writer(fh)
            for i in range(rows):
                w.writerow([i, *BASELINE_ROW, 1000 + i % 200, *BASELINE_REST, *pad])
        wall = time.perf_counter() - t0
        cpu, rss = _usage()
        return {"rows": rows, "wall": wall, "cpu": cpu - cpu0, "rss": rss}
    from bot.groups.secretaries import GroupRef
    from bot.secretary.ledger import Period
    from bot.secretary.ledger_files import write_csv, write_xlsx
    from bot.secretary.ledger_reads import LedgerService

    group = GroupRef(1, GROUP_CHAT, "第一党支部", "Asia/Shanghai")
    period = Period(date(YEAR, 1, 1), date(YEAR + 1, 1, 1), str(YEAR))

    async def go() -> int:
        db = Database(url)
        try:
            data = await LedgerService(db).load(group, period)
        finally:
            await db.dispose()
        return (write_csv if kind == "csv" else write_xlsx)(data, out)

    cpu0, _ = _usage()
    t0 = time.perf_counter()
    count = asyncio.run(go())
    wall = time.perf_counter() - t0
    cpu, rss = _usage()
    return {"rows": count, "wall": wall, "cpu": cpu - cpu0, "rss": rss}


CHILD = (sys.executable, "-m", "benchmarks.bench_export", "--child")


def _run_child(kind: str, url: str, out: Path, rows: int) -> dict[str, float]:
    done = subprocess.run(
        [*CHILD, kind, "--url", url, "--out", str(out), "--rows", str(rows)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["size"] = out.stat().st_size / 1024 / 1024
    return result


KINDS = ("baseline", "csv", "xlsx")


def _measure(url: str, tmp: Path, rows: int, runs: int) -> dict[str, list[dict[str, float]]]:
    """Every kind once per round, round after round: a busy spell on the shared machine then
    falls on all three alike, so the ratios to the baseline stay meaningful."""
    outs = {"baseline": "base.csv", "csv": "ledger.csv", "xlsx": "ledger.xlsx"}
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for _ in range(runs):
        for kind in KINDS:
            results[kind].append(_run_child(kind, url, tmp / outs[kind], rows))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--lessons", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3, help="rounds; medians shown")
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--out")
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--smoke", action="store_true", help="seconds: tiny ledger, no targets")
    args = parser.parse_args()
    if args.smoke:
        args.members, args.lessons, args.runs = 5, 4, 1
    if args.child:
        print(json.dumps(child(args.child, args.url, Path(args.out), args.rows)))
        return
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        seed(url, args.members, args.lessons)
        print(
            f"seeded {args.members} members x {args.lessons} lessons (one year) "
            f"in {time.perf_counter() - t0:.1f} s; medians of {runs} runs"
        )
        results = _measure(url, Path(tmp), args.members * args.lessons, runs)
    median = {
        kind: {k: statistics.median(r[k] for r in each) for k in each[0]}
        for kind, each in results.items()
    }
    base = median["baseline"]
    print(
        f"{'':10}{'rows':>8}{'wall s':>9}{'cpu s':>8}{'peak MB':>9}{'file MB':>9}"
        f"{'x base':>8}{'cpu x':>7}  walls"
    )
    for name, r in median.items():
        walls = " ".join(f"{e['wall']:.2f}" for e in results[name])
        print(
            f"{name:10}{int(r['rows']):>8}{r['wall']:>9.2f}{r['cpu']:>8.2f}{r['rss']:>9.0f}"
            f"{r['size']:>9.1f}{r['wall'] / base['wall']:>8.1f}{r['cpu'] / base['cpu']:>7.1f}"
            f"  {walls}"
        )
    # A wall time well above the CPU time means the process waited for a core.
    busy = max(r["wall"] / r["cpu"] for r in median.values() if r["cpu"] > 0)
    if busy > 1.3:
        print(f"note: the machine was busy (wall up to {busy:.1f}x the CPU time)")
    csv_r, xlsx_r = median["csv"], median["xlsx"]
    if args.smoke:  # the timing targets mean nothing at this size; the row counts do
        expected = args.members * args.lessons
        wrong = [k for k in ("csv", "xlsx") if int(median[k]["rows"]) != expected]
        print(f"FAIL: row counts of {wrong}" if wrong else f"rows ok ({expected})")
        sys.exit(1 if wrong else 0)
    met = {
        "csv": csv_r["wall"] <= TARGETS["csv"],
        "memory": csv_r["rss"] <= CSV_MEMORY,
        "xlsx": xlsx_r["wall"] <= TARGETS["xlsx"],
    }

    def verdict(key: str) -> str:
        return "ok" if met[key] else "MISSED"

    print(
        f"targets: CSV {csv_r['wall']:.2f} s <= {TARGETS['csv']:g} s {verdict('csv')}, "
        f"{csv_r['rss']:.0f} MB <= {CSV_MEMORY} MB {verdict('memory')}; "
        f"XLSX {xlsx_r['wall']:.2f} s <= {TARGETS['xlsx']:g} s {verdict('xlsx')}"
    )
    if not all(met.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Button benchmark: 300 members press "✅ 已收听" on the group's lesson within one second,
against the Telegram double with flood control on (30 messages/s, 20 a minute per group), the
bot running as its own process.

Prints, from one run: presses answered and recorded (each once), the time from press to
answer (median, 95th percentile, max) for the bot and for a bare PTB bot that answers without
a database (the floor, measured in the same run) with their ratio, the group's edits of the
live count, and the bot's CPU time and peak memory.

    .venv/bin/python -m benchmarks.bench_listen [--members 300] [--seconds 1.0] [--smoke]

--smoke: 10 members in 0.2 s; exits 1 unless every press is answered and recorded (seconds;
CI runs it to show the benchmark still works).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.support import (
    GROUP,
    ROOT,
    TOKEN,
    BotProcess,
    ledger_state,
    make_lesson_audio,
    member_ids,
    seed_database,
    seed_double,
    write_config,
)
from bot.sandbox.double import TelegramDouble
from storage.db import Database
from storage.models import Listen, PointEntry

CLK_TCK = 100  # os.sysconf("SC_CLK_TCK") on Linux


@dataclass
class Presses:
    latencies: list[float]
    answered: int
    window: float


def _double() -> TelegramDouble:
    double = TelegramDouble(TOKEN)
    double.set_flood_control(True, global_per_second=30, group_per_minute=20)
    return double


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _press_all(
    double: TelegramDouble, message_id: int, users: list[int], seconds: float
) -> Presses:
    """Each user presses once, evenly spread over `seconds`; wait for every answer."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    queries = []
    for i, uid in enumerate(users):
        delay = start + seconds * i / len(users) - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queries.append(double.press_button(GROUP, uid, message_id, "listen:1"))
    window = loop.time() - start
    with contextlib.suppress(AssertionError):  # reported below as presses not answered
        await double.wait_until(lambda: all(q in double.callback_answers for q in queries), 120)
    world = double.world
    latencies = [
        world.callback_answered_at[q] - world.callback_pressed_at[q]
        for q in queries
        if q in world.callback_answered_at
    ]
    return Presses(latencies, len(latencies), window)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def _group_message(double: TelegramDouble) -> int:
    await double.wait_until(
        lambda: any(m.chat_id == GROUP and m.method == "sendVoice" for m in double.sent),
        timeout=60,
    )
    return next(m.message_id for m in double.sent if m.chat_id == GROUP)


async def bare(members: int, seconds: float) -> tuple[Presses, float]:
    async with _double() as double:
        seed_double(double, members)
        message = double.world.new_message(
            double.world.chat(GROUP),
            double.world.bot_user,
            text="lesson",
            reply_markup={"inline_keyboard": [[{"text": "✅", "callback_data": "listen:1"}]]},
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bare_answerer", double.base_url],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            await double.wait_until(lambda: bool(double.calls_to("getUpdates")), timeout=30)
            cpu0 = _cpu_seconds(proc.pid)
            result = await _press_all(double, message["message_id"], member_ids(members), seconds)
            cpu = _cpu_seconds(proc.pid) - cpu0
        finally:
            proc.terminate()
            await asyncio.to_thread(proc.wait, 15)
        return result, cpu


async def bot(members: int, seconds: float, work: Path, audio: Path) -> dict[str, float]:
    db_url = f"sqlite+aiosqlite:///{work / 'listen.db'}"
    async with _double() as double:
        seed_double(double, members)
        # Members are in the group but not subscribed: the broadcast is the group's one message.
        await seed_database(db_url, audio, members, datetime.now(UTC), subscribed=False)
        process = BotProcess(write_config(work, double, db_url), work / "bot.log")
        process.start()
        assert process.proc is not None
        try:
            message_id = await _group_message(double)
            while (await ledger_state(db_url))[0] != "sent":  # noqa: ASYNC110 - polls another process
                await asyncio.sleep(0.1)
            cpu0 = _cpu_seconds(process.proc.pid)
            first_press = time.time()  # the double stamps its calls with time.time()
            presses = await _press_all(double, message_id, member_ids(members), seconds)
            cpu = _cpu_seconds(process.proc.pid) - cpu0

            def shown() -> str:
                msg = double.world.message(GROUP, message_id) or {}
                return str(
                    msg.get("reply_markup", {}).get("inline_keyboard", [[{}]])[0][0].get("text")
                )

            final = f"✅ 已收听 {members}"
            deadline = time.monotonic() + 30  # the last edit waits live_count_seconds (5 s)
            while shown() != final and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
            edits = [
                c
                for c in double.calls_to("editMessageReplyMarkup")
                if c.params.get("chat_id") == GROUP and c.time >= first_press
            ]
            span = max((c.time for c in edits), default=first_press) - first_press
            peak = _peak_mb(process.proc.pid)
        finally:
            # Off the loop: the double must answer the bot's last getUpdates while it stops.
            await asyncio.to_thread(process.terminate)
        db = Database(db_url)
        try:
            async with db.transaction() as s:
                listens = await s.scalar(select(func.count()).select_from(Listen))
                listeners = await s.scalar(select(func.count(func.distinct(Listen.user_id))))
                point_rows = await s.scalar(select(func.count()).select_from(PointEntry))
        finally:
            await db.dispose()
        return {
            "answered": float(presses.answered),
            "p50": statistics.median(presses.latencies),
            "p95": _p95(presses.latencies),
            "max": max(presses.latencies),
            "window": presses.window,
            "listens": float(listens or 0),
            "listeners": float(listeners or 0),
            "points": float(point_rows or 0),
            "edits": float(len([c for c in edits if c.status == 200])),
            "edits_refused": float(len([c for c in edits if c.status != 200])),
            "edit_span": span,
            "final_shown": float(shown() == final),
            "cpu": cpu,
            "peak_mb": peak,
        }


async def main(members: int, seconds: float) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        audio = make_lesson_audio(work / "audio")
        floor, floor_cpu = await bare(members, seconds)
        run = await bot(members, seconds, work, audio)
    base_p95 = _p95(floor.latencies)
    print(f"members pressing:          {members} within {run['window']:.2f} s")
    print(f"presses answered:          {run['answered']:.0f} / {members}")
    print(
        f"listens recorded:          {run['listens']:.0f} rows, {run['listeners']:.0f} members; "
        f"point rows {run['points']:.0f}"
    )
    print(
        f"press → answer (bot):      median {run['p50'] * 1000:.0f} ms, "
        f"p95 {run['p95'] * 1000:.0f} ms, max {run['max'] * 1000:.0f} ms  (target p95 <= 300 ms)"
    )
    print(
        f"press → answer (bare PTB): median {statistics.median(floor.latencies) * 1000:.0f} ms, "
        f"p95 {base_p95 * 1000:.0f} ms; ratio of p95 bot/bare: {run['p95'] / base_p95:.2f}"
    )
    print(
        f"group edits of the count:  {run['edits']:.0f} in {run['edit_span']:.1f} s "
        f"(refused {run['edits_refused']:.0f}; target <= 20 a minute); "
        f"final count shown: {'yes' if run['final_shown'] else 'no'}"
    )
    print(
        f"CPU time for the presses:  bot {run['cpu']:.2f} s, bare {floor_cpu:.2f} s "
        f"(ratio {run['cpu'] / max(floor_cpu, 0.01):.2f})"
    )
    print(f"bot peak memory (VmHWM):   {run['peak_mb']:.0f} MB")
    # Every press answered and recorded once: the latencies are for reading, this for failing.
    whole = run["answered"] == members and run["listeners"] == members
    print("every press answered and recorded" if whole else "FAIL: presses lost")
    return 0 if whole else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--smoke", action="store_true", help="seconds: 10 members")
    args = parser.parse_args()
    if args.smoke:
        args.members, args.seconds = 10, 0.2
    raise SystemExit(asyncio.run(main(args.members, args.seconds)))

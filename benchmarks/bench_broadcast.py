"""Broadcast benchmark: 1 group + 600 subscribers against the Telegram double with flood control
on (30 messages/s overall, 20/min per group), the bot running as its own process.

Prints, from one run: deliveries made, audio uploads, duplicates, the broadcast's wall time as a
ratio to the flood-limit minimum (600/30 s) and to a bare PTB sender measured in the same run,
the bot's peak memory; then a SIGKILL in the middle of a second broadcast and a restart, with
the copies each chat ended up with.

    .venv/bin/python -m benchmarks.bench_broadcast [--subscribers 600] [--skip-kill] [--smoke]

--smoke: 12 subscribers, no kill; exits 1 unless every chat got the lesson once (seconds; CI
runs it to show the benchmark still works).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from telegram import Bot
from telegram.ext import AIORateLimiter, ExtBot

from benchmarks.support import (
    ADMIN,
    GROUP,
    TOKEN,
    BotProcess,
    chats_in,
    ledger_state,
    make_lesson_audio,
    member_ids,
    seed_database,
    seed_double,
    write_config,
)
from bot.sandbox.double import TelegramDouble

GLOBAL_PER_SECOND = 30
GROUP_PER_MINUTE = 20


def _double() -> TelegramDouble:
    double = TelegramDouble(TOKEN)
    double.set_flood_control(
        True, global_per_second=GLOBAL_PER_SECOND, group_per_minute=GROUP_PER_MINUTE
    )
    return double


async def _wait_sent(db_url: str, timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while (await ledger_state(db_url))[0] != "sent":
        if time.monotonic() > deadline:
            raise SystemExit("broadcast did not finish in time")
        await asyncio.sleep(0.25)


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _voice_window(double: TelegramDouble) -> float:
    times = [c.time for c in double.calls if c.method == "sendVoice" and c.status == 200]
    return max(times) - min(times)


async def baseline(members: int, audio: Path) -> float:
    """A bare PTB bot with AIORateLimiter sending the same 601 voice notes: the floor."""
    async with _double() as double:
        seed_double(double, members)
        bot: Bot = ExtBot(
            TOKEN,
            base_url=f"{double.base_url}/bot",
            base_file_url=f"{double.base_url}/file/bot",
            rate_limiter=AIORateLimiter(max_retries=5),
        )
        async with bot:
            first = await bot.send_voice(GROUP, audio.read_bytes(), duration=12)
            assert first.voice is not None
            file_id = first.voice.file_id
            sem = asyncio.Semaphore(24)

            async def send(chat: int) -> None:
                async with sem:
                    await bot.send_voice(chat, file_id, duration=12)

            await asyncio.gather(*(send(m) for m in [ADMIN, *member_ids(members)]))
        return _voice_window(double)


async def broadcast(members: int, work: Path, audio: Path) -> dict[str, float]:
    db_url = f"sqlite+aiosqlite:///{work / 'bench.db'}"
    async with _double() as double:
        seed_double(double, members)
        await seed_database(db_url, audio, members, datetime.now(UTC))
        bot = BotProcess(write_config(work, double, db_url), work / "bot.log")
        bot.start()
        try:
            await _wait_sent(db_url, timeout=300)
            assert bot.proc is not None
            peak = _peak_rss_mb(bot.proc.pid)
        finally:
            bot.terminate()
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        return {
            "deliveries": float(len(copies)),
            "uploads": float(double.uploads),
            "duplicates": float(sum(n - 1 for n in copies.values())),
            "seconds": _voice_window(double),
            "rate_limited": float(double.counters.get("rate_limited", 0)),
            "peak_mb": peak,
        }


async def kill_and_restart(members: int, work: Path, audio: Path) -> dict[str, float]:
    db_url = f"sqlite+aiosqlite:///{work / 'kill.db'}"
    async with _double() as double:
        seed_double(double, members)
        await seed_database(db_url, audio, members, datetime.now(UTC))
        bot = BotProcess(write_config(work, double, db_url), work / "kill.log")
        bot.start()
        try:
            await double.wait_until(
                lambda: len(double.calls_to("sendVoice")) >= members // 2, timeout=120
            )
            bot.kill()
            in_flight = await chats_in(db_url, "sending")
            bot.start()
            await _wait_sent(db_url, timeout=300)
        finally:
            bot.terminate()
        copies = Counter(m.chat_id for m in double.sent if m.method == "sendVoice")
        duplicated = {c for c, n in copies.items() if n > 1}
        missing = {GROUP, ADMIN, *member_ids(members)} - set(copies)
        return {
            "in_flight_at_kill": float(len(in_flight)),
            "duplicates": float(sum(n - 1 for n in copies.values())),
            "duplicates_outside_in_flight": float(len(duplicated - in_flight)),
            "missing": float(len(missing)),
            "max_copies": float(max(copies.values())),
        }


async def main(subscribers: int, skip_kill: bool) -> int:
    # The secretary is a subscriber too: seed subscribers - 1 members besides them.
    members = subscribers - 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        audio = make_lesson_audio(work / "audio")
        floor = subscribers / GLOBAL_PER_SECOND
        base = await baseline(members, audio)
        run = await broadcast(members, work, audio)
        print(f"subscribers:              {subscribers} (+1 group)")
        print(f"deliveries made:          {run['deliveries']:.0f}")
        print(f"audio uploads:            {run['uploads']:.0f}")
        print(f"duplicates:               {run['duplicates']:.0f}")
        print(f"429 answers seen:         {run['rate_limited']:.0f}")
        print(f"broadcast wall time:      {run['seconds']:.2f} s")
        print(
            f"ratio to flood minimum:   {run['seconds'] / floor:.3f}"
            f"  ({floor:.0f} s; target <= 1.15)"
        )
        print(
            f"bare PTB sender (same run): {base:.2f} s; ratio bot/bare: {run['seconds'] / base:.3f}"
        )
        print(f"bot peak memory (VmHWM):  {run['peak_mb']:.0f} MB")
        if not skip_kill:
            kill = await kill_and_restart(members, work, audio)
            print("SIGKILL mid-broadcast, then restart:")
            print(f"  in flight at kill:            {kill['in_flight_at_kill']:.0f}")
            print(f"  duplicates:                   {kill['duplicates']:.0f}")
            print(f"  duplicates not in flight:     {kill['duplicates_outside_in_flight']:.0f}")
            print(f"  chats missing the lesson:     {kill['missing']:.0f}")
            print(f"  most copies in one chat:      {kill['max_copies']:.0f}")
        # Every subscriber and the group once: the ratios are for reading, this is for failing.
        once = run["deliveries"] == subscribers + 1 and not run["duplicates"]
        print("deliveries complete, no duplicates" if once else "FAIL: deliveries incomplete")
        return 0 if once else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=600)
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="seconds: 12 subscribers, no kill")
    args = parser.parse_args()
    if args.smoke:
        args.subscribers, args.skip_kill = 12, True
    raise SystemExit(asyncio.run(main(args.subscribers, args.skip_kill)))

"""`microlesson demo`: a whole day against the built-in double, printed as a transcript."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.sandbox.demo.day import run_demo

ROOT = Path(__file__).parents[2]


def _index(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines) if needle in line)


async def test_the_demo_plays_the_day_in_chinese_from_upload_to_report() -> None:
    lines = "\n".join(await run_demo("zh")).splitlines()
    upload = _index(lines, "收到录音，正在处理")
    broadcast = _index(lines, "[工作群 第一党支部] 微党课助手: 🎤 语音")
    press = _index(lines, "已记录 +1 分")
    note = _index(lines, "已收到您对 #1 的学习心得")
    reminder = _index(lines, "已收听 2/5")
    report = _index(lines, "[工作群 第一党支部] 微党课助手: 📋 第一党支部 · 课程 #1")
    # The demo's branch has no roster: Telegram names, marked as such.
    names = _index(lines, "未收听：王书记（昵称）、王芳（昵称）")
    # Liu Yang never opened the private chat: listed apart, not as 未收听.
    not_started = _index(lines, "：刘洋")
    assert upload < broadcast < press < note < reminder < report < names < not_started
    assert lines[not_started].lstrip().startswith("未开通推送：")
    assert not [line for line in lines if line.startswith("[私聊 刘洋")]
    # Members subscribe with one tap on the group's button after /bind.
    assert _index(lines, "[工作群 第一党支部] 张伟: （点了「👉 点此开通私聊推送」）") < upload
    # The reminder goes privately only to those who have not listened, not to the lesson's
    # author (the secretary).
    nudged = [line for line in lines if "您还没有收听" in line]
    assert {line.split("]")[0] for line in nudged} == {"[私聊 王芳"}


def test_microlesson_demo_runs_in_english_from_the_command_line() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "demo", "--lang", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Got it, processing the recording" in out
    assert "[group First Party Branch] Micro-lesson bot: 🎤 voice note" in out
    assert "Got your study note on #1" in out

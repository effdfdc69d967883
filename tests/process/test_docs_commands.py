"""Every command the README and docs/ tell an installer to type is real: each script exists,
each `microlesson` subcommand and option is one the CLI takes, each benchmark module exists,
each other program is a known system tool, each TOML example is a valid config, and each
`[section] key` named is a setting. Nothing is installed or run beyond `--help`."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from benchmarks.support import ROOT
from bot.core.config.loading import Settings, parse_settings

SHELL_FENCES = {"sh", "bash", "shell", "console"}
# Programs the docs may name besides the project's own: the system's tools an installer runs.
SYSTEM_TOOLS = {
    "apt-get", "cd", "cp", "curl", "docker", "git", "grep", "install", "journalctl",
    "openssl", "pg_dump", "pg_restore", "printf", "rsync", "sed", "sqlite3", "systemctl",
    "tee", "useradd", "xargs",
}  # fmt: skip
FENCE = re.compile(r"^```(\S*)\s*$")
INLINE = re.compile(r"`([^`\n]+)`")
SETTING = re.compile(r"^\[(\w+)\] (\w+)")


@dataclass(frozen=True)
class Command:
    where: str  # file:line, for the failure message
    argv: tuple[str, ...]


def doc_files(root: Path = ROOT) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def fenced(text: str) -> list[tuple[str, int, list[str]]]:
    """(language, first line number, lines) of each fenced block."""
    blocks: list[tuple[str, int, list[str]]] = []
    lang: str | None = None
    body: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line.strip())
        if lang is None and match:
            lang, body, start = match.group(1), [], number + 1
        elif lang is not None and line.strip() == "```":
            blocks.append((lang, start, body))
            lang = None
        elif lang is not None:
            body.append(line.strip())
    return blocks


def simple_commands(line: str) -> list[list[str]]:
    """The simple commands of one shell line, split at && || | ; and without a comment."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in {"&&", "||", "|", ";"}:
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


def program(argv: list[str]) -> list[str]:
    """The command without leading VAR=value, `sudo [-u USER]` or `xargs [-r]`."""
    rest = list(argv)
    while rest:
        if re.match(r"^[A-Z_]+=", rest[0]):
            rest.pop(0)
        elif rest[0] == "sudo":
            rest = rest[3:] if rest[1:2] == ["-u"] else rest[1:]
        elif rest[0] == "xargs":
            rest.pop(0)
            while rest and rest[0].startswith("-"):
                rest.pop(0)
        else:
            break
    return rest


def commands_in(path: Path) -> list[Command]:
    text = path.read_text(encoding="utf-8")
    found: list[Command] = []
    for lang, start, body in fenced(text):
        if lang not in SHELL_FENCES:
            continue
        joined: list[tuple[int, str]] = []
        for offset, line in enumerate(body):
            if joined and joined[-1][1].endswith("\\"):
                joined[-1] = (joined[-1][0], joined[-1][1][:-1] + " " + line)
            elif line:
                joined.append((start + offset, line))
        for number, line in joined:
            for argv in simple_commands(line):
                found.append(Command(f"{path.name}:{number}", tuple(program(argv))))
    # Inline: `microlesson …`, `.venv/bin/microlesson …` and `bash scripts/…` in the prose.
    for number, line in enumerate(text.splitlines(), 1):
        for span in INLINE.findall(line):
            if re.match(r"^(\S*/)?microlesson [a-z]|^bash scripts/", span):
                found.append(Command(f"{path.name}:{number}", tuple(program(span.split()))))
    return found


def all_commands() -> list[Command]:
    return [c for path in doc_files() for c in commands_in(path)]


@cache
def cli_help(*words: str) -> str:
    """`microlesson <words> --help`, or raise with what the CLI said."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", *words, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"microlesson {' '.join(words)} --help failed: {done.stderr}")
    return done.stdout


def check_microlesson(argv: tuple[str, ...]) -> None:
    args = [a for a in argv[1:] if not a.startswith("[")]
    words = [args[0]] if args else []
    if args[:1] == ["roster"] and len(args) > 1:
        words.append(args[1])
    text = cli_help(*words)
    for option in (a.split("=")[0] for a in args if a.startswith("--")):
        assert option in text, f"microlesson {' '.join(words)} takes no {option}"


def check_command(command: Command, root: Path = ROOT) -> None:
    argv = command.argv
    assert argv, f"{command.where}: an empty command"
    name = argv[0]
    if name == "bash":
        script = argv[1]
        assert (root / script).is_file(), f"{command.where}: no script {script}"
    elif name.endswith("microlesson"):
        assert name in {"microlesson", ".venv/bin/microlesson"} or name.endswith(
            "/.venv/bin/microlesson"
        ), f"{command.where}: {name} is not where bootstrap puts microlesson"
        check_microlesson(argv)
    elif name.endswith(".venv/bin/python") and argv[1:2] == ("-m",):
        module = argv[2]
        assert (root / (module.replace(".", "/") + ".py")).is_file(), (
            f"{command.where}: no module {module}"
        )
    else:
        assert name in SYSTEM_TOOLS, f"{command.where}: {name} is not a known program"


COMMANDS = all_commands()


def test_the_docs_have_commands_to_check() -> None:
    """The extraction finds the README's first command, so a broken parser fails here."""
    wanted = ("bash", "scripts/bootstrap.sh")
    assert any(c.argv[:2] == wanted for c in COMMANDS)
    assert any(c.argv[:2] == (".venv/bin/microlesson", "demo") for c in COMMANDS)


@pytest.mark.parametrize(
    "command", COMMANDS, ids=[f"{c.where} {' '.join(c.argv)}" for c in COMMANDS]
)
def test_each_command_in_the_docs_is_real(command: Command) -> None:
    """Each names an existing script, a subcommand and options the CLI takes, or a system tool."""
    check_command(command)


def test_a_wrong_command_is_caught(tmp_path: Path) -> None:
    """The check is not vacuous: a misspelt subcommand, option or script is refused."""
    for wrong in (
        ("microlesson", "chek"),
        ("microlesson", "export", "--mnth", "2027-01"),
        ("bash", "scripts/instal.sh"),
        ("pip3", "install", "microlesson"),
    ):
        with pytest.raises(AssertionError):
            check_command(Command("test", wrong))


def test_each_toml_example_is_a_valid_config() -> None:
    """The TOML the docs show loads as a config (keys, types, the rules across keys)."""
    for path in doc_files():
        for lang, start, body in fenced(path.read_text(encoding="utf-8")):
            if lang == "toml":
                data = tomllib.loads("\n".join(body))
                parse_settings(data, f"{path.name}:{start}")


def test_each_setting_named_in_the_docs_exists() -> None:
    """`[section] key` in the prose names a real setting."""
    for path in doc_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for span in INLINE.findall(line):
                match = SETTING.match(span)
                if match is None:
                    continue
                section, key = match.groups()
                model = Settings.model_fields.get(section)
                assert model is not None, f"{path.name}:{number}: no section [{section}]"
                fields = model.annotation.model_fields  # type: ignore[union-attr]
                assert key in fields, f"{path.name}:{number}: no setting [{section}] {key}"


LINK = re.compile(r"\]\(([^)\s]+)\)|<img src=\"([^\"]+)\"")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = False
    found: set[str] = set()
    for line in lines:
        if line.strip().startswith("```"):
            inside = not inside
        elif not inside and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def test_each_link_in_the_docs_leads_somewhere() -> None:
    """Links and pictures name files that exist, and headings that exist in them."""
    for path in doc_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for link, image in LINK.findall(line):
                target = link or image
                if target.startswith(("http://", "https://")):
                    continue
                file, _, anchor = target.partition("#")
                goal = (path.parent / file).resolve() if file else path
                assert goal.exists(), f"{path.name}:{number}: no file {file}"
                if anchor:
                    assert anchor in anchors(goal), f"{path.name}:{number}: no heading #{anchor}"

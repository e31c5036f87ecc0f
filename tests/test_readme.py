"""README's command table matches the CLI: every command, option and argument has a row, every row a command.

The click group is walked (nested groups included), so a command or option added later is
checked without editing this file: it fails here until README.md's command table (the table
under "## Command line" whose header starts with "command") has a row for it. A row's first
cell is the synopsis in backticks, `protokoll COMMAND ARGS [--option VALUE] …`; the options and
arguments are looked for in that synopsis. Every command and option must also have help text,
which is what `--help` shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from protokoll.interfaces.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
PROG = "protokoll"


# --- the click side ----------------------------------------------------------------------------


def _subcommands(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Command]]:
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            found.append((name, command))
    return found


def walk(command: click.Command = cli, path: tuple[str, ...] = (), parent: click.Context | None = None):
    """(path, command, context) for the group itself and every command below it, depth first."""
    ctx = click.Context(command, info_name=path[-1] if path else PROG, parent=parent)
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name, sub in _subcommands(command, ctx):
            yield from walk(sub, path + (name,), ctx)


WALK = list(walk())
COMMANDS = [entry for entry in WALK if entry[0]]
LEAVES = [entry for entry in COMMANDS if not isinstance(entry[1], click.Group)]
GROUPS = [entry for entry in COMMANDS if isinstance(entry[1], click.Group)]


def _name(path: tuple[str, ...]) -> str:
    return " ".join((PROG,) + path)


def _options(command: click.Command, ctx: click.Context) -> list[click.Option]:
    """The visible options; the help option is not in `params`, and is skipped by name anyway."""
    helps = set(ctx.help_option_names)
    return [
        p
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden and not helps & set(p.opts + p.secondary_opts)
    ]


def _flags(option: click.Option) -> list[str]:
    """The option's long flags (`--db`), or its short ones when it has no long flag."""
    flags = option.opts + option.secondary_opts
    long = [f for f in flags if f.startswith("--")]
    return long or flags


def _arguments(command: click.Command, ctx: click.Context) -> list[str]:
    """The arguments' metavars as `--help` prints them (AUDIO, MEETING_ID), without [ ] and ...."""
    names = []
    for param in command.params:
        if isinstance(param, click.Argument):
            try:
                metavar = param.make_metavar(ctx)  # click >= 8.2
            except TypeError:
                metavar = param.make_metavar()
            names.append(metavar.strip("[]").removesuffix("...").strip("[]"))
    return names


def _ids(entries) -> list[str]:
    return [" ".join(path) for path, _, _ in entries]


# --- the README side ---------------------------------------------------------------------------

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(line)]


def command_table(text: str) -> list[tuple[int, str, str]]:
    """(line number, synopsis, whole row) for each row of the table whose header cell is 'command'.

    The synopsis is the first backticked span of the row's first cell, with `\\|` unescaped.
    """
    lines = text.splitlines()
    for index, line in enumerate(lines[:-1]):
        if not line.lstrip().startswith("|") or not _SEPARATOR.match(lines[index + 1].strip()):
            continue
        if _cells(line)[0].lower() != "command":
            continue
        rows = []
        for number, row in enumerate(lines[index + 2 :], start=index + 3):
            if not row.lstrip().startswith("|"):
                break
            span = re.search(r"`([^`]*)`", _cells(row)[0])
            synopsis = span.group(1).replace("\\|", "|") if span else ""
            rows.append((number, synopsis, row.replace("\\|", "|")))
        return rows
    raise AssertionError(
        f"{README.name} has no command table (a markdown table whose header starts with '| command |')"
    )


ROWS = command_table(README.read_text(encoding="utf-8"))


def _resolve(synopsis: str) -> tuple[tuple[str, ...], list[str]]:
    """The command path a synopsis names (following nested groups), and the tokens that did not resolve."""
    tokens = synopsis.split()
    if not tokens or tokens[0] != PROG:
        return (), tokens
    path: tuple[str, ...] = ()
    command: click.Command = cli
    ctx = click.Context(cli, info_name=PROG)
    rest = tokens[1:]
    while rest and isinstance(command, click.Group):
        sub = command.get_command(ctx, rest[0])
        if sub is None:
            break
        path += (rest[0],)
        ctx = click.Context(sub, info_name=rest[0], parent=ctx)
        command, rest = sub, rest[1:]
    return path, rest


def _rows_for(path: tuple[str, ...], *, below: bool = False) -> list[str]:
    """The synopses of the rows for this command (or, with below, for it and its subcommands)."""
    found = []
    for _, synopsis, _ in ROWS:
        resolved, _ = _resolve(synopsis)
        if resolved == path or (below and resolved[: len(path)] == path):
            found.append(synopsis)
    return found


def _positionals(synopsis: str) -> list[str]:
    """The words after the command's name and before its first option: `MEETING_ID`, `[NAME]…` as `NAME`."""
    _, rest = _resolve(synopsis)
    words = []
    for token in rest:
        if token.lstrip("[").startswith("-"):
            break
        words.append(token.strip("[]").removesuffix("…").removesuffix("...").strip("[]"))
    return words


def _mentions(text: str, word: str) -> bool:
    """Whether word (a flag or a metavar) stands in text as a token of its own."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


# --- the tests ---------------------------------------------------------------------------------


def test_the_command_table_was_found():
    assert ROWS, f"the command table in {README.name} has no rows"


@pytest.mark.parametrize("path, command, ctx", LEAVES, ids=_ids(LEAVES))
def test_every_command_has_a_row(path, command, ctx):
    assert _rows_for(path), f"`{_name(path)}` has no row in {README.name}'s command table"


@pytest.mark.parametrize("path, command, ctx", COMMANDS, ids=_ids(COMMANDS))
def test_every_option_is_in_its_commands_row(path, command, ctx):
    rows = _rows_for(path, below=isinstance(command, click.Group))
    missing = [
        "/".join(_flags(option))
        for option in _options(command, ctx)
        if not any(_mentions(row, flag) for flag in _flags(option) for row in rows)
    ]
    where = f"`{_name(path)}`'s row in {README.name}" if rows else f"{README.name} (no row for `{_name(path)}`)"
    assert not missing, f"{where} lacks the option(s): {', '.join(missing)}"


@pytest.mark.parametrize("path, command, ctx", LEAVES, ids=_ids(LEAVES))
def test_every_argument_is_in_its_commands_row(path, command, ctx):
    rows = _rows_for(path)
    missing = [name for name in _arguments(command, ctx) if not any(name in _positionals(row) for row in rows)]
    where = f"`{_name(path)}`'s row in {README.name}" if rows else f"{README.name} (no row for `{_name(path)}`)"
    assert not missing, (
        f"{where} lacks the argument(s) {', '.join(missing)} (written as `--help` shows them, before the options)"
    )


def test_every_row_names_a_real_command():
    wrong = []
    for number, synopsis, _ in ROWS:
        path, rest = _resolve(synopsis)
        if not synopsis:
            wrong.append(f"line {number}: no `{PROG} COMMAND …` in backticks in the first cell")
        elif not synopsis.split()[0] == PROG:
            wrong.append(f"line {number}: `{synopsis.split()[0]}` is not `{PROG}`")
        elif not path:
            wrong.append(f"line {number}: `{PROG} {rest[0] if rest else ''}` is not a command")
    assert not wrong, f"rows of {README.name}'s command table that name no real command:\n" + "\n".join(wrong)


def test_the_global_options_are_in_the_command_line_section():
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Command line\s*$(.*?)(?=^## )", text, re.M | re.S)
    assert section, f"{README.name} has no '## Command line' section"
    ctx = click.Context(cli, info_name=PROG)
    missing = [
        "/".join(_flags(option))
        for option in _options(cli, ctx)
        if not any(_mentions(section.group(1), flag) for flag in _flags(option))
    ]
    assert not missing, (
        f"{README.name}'s Command line section does not mention the global option(s): {', '.join(missing)}"
    )


@pytest.mark.parametrize("path, command, ctx", [*WALK], ids=[" ".join(p) or PROG for p, _, _ in WALK])
def test_every_command_and_option_has_help(path, command, ctx):
    problems = []
    if not (command.help or command.short_help or "").strip():
        problems.append("the command has no help text (docstring or help=)")
    for option in _options(command, ctx):
        if not (option.help or "").strip():
            problems.append(f"option {'/'.join(_flags(option))} has no help text")
    assert not problems, f"`{_name(path)}`: " + "; ".join(problems)

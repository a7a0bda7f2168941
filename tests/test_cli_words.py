"""Command line words: --help of every command and argparse's own messages are in Bahasa Indonesia."""

from __future__ import annotations

import argparse
import re

import pytest

from lapas_metrics import __main__ as cli

# argparse's English words, as they appear in its help and its error messages.
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|help message|\binvalid\b|\bchoose from\b|"
    r"\bare required\b|\bexpected\b|\bunrecognized\b|\bargument\b|\berror\b|\bcommand\b",
    re.IGNORECASE,
)


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the parser, the main command first."""
    paths = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += _command_paths(sub, (*prefix, name))
    return paths


with cli._indonesian_argparse():
    COMMANDS = _command_paths(cli._parser())


def test_every_command_is_listed():
    assert {"init", "ingest", "batches", "undo", "template", "metrics", "user"} <= {p[0] for p in COMMANDS if p}
    assert ("user", "add") in COMMANDS and () in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "main")
def test_help_has_no_english_argparse_word(path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([*path, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("penggunaan: python -m lapas_metrics")
    assert "tampilkan bantuan ini lalu keluar" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "main")
def test_every_argument_says_what_it_is(path):
    """Each option and positional of each command has a help line (an option without one prints bare)."""
    with cli._indonesian_argparse():
        parser = cli._parser()
    for name in path:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            assert action.help, (path, action.dest)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["foo"],
        ["undo", "x"],
        ["metrics", "--tahun"],
        ["metrics", "--tahun", "dua"],
        ["ingest", "--table", "nope", "x.csv"],
        ["batches", "--tidak-ada"],
        ["user"],
        ["template"],
    ],
)
def test_argparse_errors_are_indonesian(argv, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and err.count("\n") == 1
    assert not ENGLISH.search(err), err


def test_argparse_is_left_as_it_was():
    """The Indonesian words are for this command line only: argparse elsewhere (pytest's own) is untouched."""
    before = argparse._  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert argparse._ is before  # type: ignore[attr-defined]
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()

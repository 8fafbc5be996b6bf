"""The command line as data: each subcommand is a name, a help line, the function that runs
it and its options, and one loop turns the table into an ``argparse`` parser.

Options that several commands share (the scenario argument, ``--target``, the run options,
the Dask options, ``--lang``) are defined once here and referenced by the table in
``parksim.cli.main``, so a flag reads the same wherever it appears.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

CommandFunction = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Option:
    """One ``add_argument`` call: its flags (or positional name) and keyword arguments.
    A field left at its default is not passed, so argparse's own defaults apply (and a
    positional is never given ``required``, which argparse refuses)."""

    flags: tuple[str, ...]
    help: str | None = None
    type: Callable[[str], Any] | None = None
    default: Any = None
    choices: tuple[str, ...] | None = None
    required: bool = False
    action: str | None = None
    nargs: int | str | None = None
    metavar: str | tuple[str, ...] | None = None
    dest: str | None = None

    def keywords(self) -> dict[str, Any]:
        """The keyword arguments for ``add_argument``: every field set to a non-default."""
        return {
            field.name: getattr(self, field.name)
            for field in fields(self)
            if field.name != "flags" and getattr(self, field.name) != field.default
        }


@dataclass(frozen=True)
class Command:
    """One subcommand: ``parksim NAME``, its line in ``parksim --help``, what runs it (it
    returns the exit code) and its options in the order ``--help`` lists them. A group
    (``parksim db …``) has ``subcommands`` instead, and no function of its own."""

    name: str
    help: str
    run: CommandFunction | None
    options: tuple[Option, ...]
    subcommands: tuple[Command, ...] = ()


def build_parser(
    commands: Sequence[Command], *, description: str, version: str
) -> argparse.ArgumentParser:
    """The ``parksim`` parser: one subparser per command; ``args.command`` is its function."""
    parser = argparse.ArgumentParser(prog="parksim", description=description)
    parser.add_argument("--version", action="version", version=version)
    _add_commands(parser, commands, "COMMAND")
    return parser


def _add_commands(
    parser: argparse.ArgumentParser, commands: Sequence[Command], metavar: str
) -> None:
    """One subparser per command, and below a group one per subcommand."""
    subparsers = parser.add_subparsers(required=True, metavar=metavar)
    for command in commands:
        subparser = subparsers.add_parser(command.name, help=command.help)
        for option in command.options:
            subparser.add_argument(*option.flags, **option.keywords())
        if command.subcommands:
            _add_commands(subparser, command.subcommands, "ACTION")
        else:
            subparser.set_defaults(command=command.run)


SCENARIO = Option(("scenario",), type=Path, help="scenario file, e.g. scenarios/baseline.toml")
SCENARIOS = Option(("scenarios",), type=Path, nargs="+", metavar="SCENARIO", help="scenario files")
TARGET = Option(("--target",), required=True, help="target id, e.g. big_health")
LANG = Option(
    ("--lang",),
    choices=("zh", "en"),
    default="zh",
    help="names and headers in Chinese (default) or English",
)
TABLE_OR_CSV = Option(
    ("--format",), choices=("table", "csv"), default="table", help="print a table (default) or CSV"
)

RUN_OPTIONS = (
    Option(("--paths",), type=int, help="Monte Carlo paths (default: the file's)"),
    Option(("--seed",), type=int, help="random seed (default: the file's)"),
    Option(
        ("--pipeline-runs",), type=int, help="pipeline (DES) realisations (default: the file's)"
    ),
    Option(
        ("--set",),
        action="append",
        default=[],  # argparse copies it before appending: never shared between runs
        metavar="KEY=VALUE",
        help="override an input, VALUE in TOML, e.g. --set indicators.gdp.growth=0.1 (repeatable)",
    ),
)
"""What fixes a run's numbers: ``--paths``, ``--seed``, ``--pipeline-runs``, ``--set``."""

DASK_OPTIONS = (
    Option(
        ("--scheduler",),
        help="where runs go: sync, threads, processes, or a Dask cluster's address "
        "tcp://HOST:PORT (default: local processes for studies, this process for a run)",
    ),
    Option(("--workers",), type=int, help="local threads or processes (default: CPUs)"),
)
"""Where runs go: ``--scheduler`` and ``--workers`` (they never change a number)."""

SCENARIO_AND_TARGET = (SCENARIO, TARGET)

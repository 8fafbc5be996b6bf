"""``parksim`` on the command line: a thin layer over the library.

``COMMANDS`` is the whole command line at a glance: every subcommand with its options, built
into an ``argparse`` parser by ``parksim.cli.options.build_parser``; the functions that run
them are in ``parksim.cli.commands``.

Every user error ends with one line on stderr and exit code 2, never a traceback. A reader
that stops early (``parksim run … | head``) ends the command quietly with exit code 141.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from parksim._version import __version__
from parksim.cli import commands, workbook
from parksim.cli.commands import EXIT_USER_ERROR, fail
from parksim.cli.options import (
    DASK_OPTIONS,
    LANG,
    RUN_OPTIONS,
    SCENARIO,
    SCENARIO_AND_TARGET,
    SCENARIOS,
    TABLE_OR_CSV,
    Command,
    Option,
    build_parser,
)
from parksim.cli.store_commands import STORE_COMMANDS
from parksim.errors import ParksimError
from parksim.export import FORMATS

__all__ = ["COMMANDS", "EXIT_BROKEN_PIPE", "EXIT_USER_ERROR", "main", "parser"]

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what the shell reports for `cat big | head`

COMMANDS = (
    Command(
        "run",
        "simulate a scenario and print its target table",
        commands.run,
        (
            SCENARIO,
            *RUN_OPTIONS,
            *DASK_OPTIONS,
            Option(
                ("--format",),
                choices=("table", "csv", "json"),
                default="table",
                help="how to print the target table (default: table); json prints the "
                "document `export --format json` writes",
            ),
            Option(
                ("--out",),
                type=Path,
                help="also write the quantile table here (.json for JSON, anything else CSV)",
            ),
            LANG,
        ),
    ),
    Command(
        "export",
        "write targets, projections, assumptions and provenance to a file",
        workbook.export,
        (
            SCENARIO,
            Option(
                ("--format",),
                choices=(*FORMATS, "workbook"),
                help="xlsx, csv, iamc or json (default: from -o's suffix); workbook: the "
                "scenario itself as the planners' workbook (parksim import reads it back)",
            ),
            Option(
                ("--own",),
                action="store_true",
                help="workbook: only what the scenario's own file sets (a child's changes)",
            ),
            Option(
                ("-o", "--out"),
                type=Path,
                required=True,
                help="file to write (iamc: .xlsx or .csv)",
            ),
            *RUN_OPTIONS,
            *DASK_OPTIONS,
        ),
    ),
    Command(
        "template",
        "write the planners' workbook (.xlsx) with an example row in every sheet",
        workbook.template,
        (Option(("-o", "--out"), type=Path, required=True, help="workbook to write (.xlsx)"),),
    ),
    Command(
        "import",
        "turn a filled workbook into a scenario file and its actuals and history CSVs",
        workbook.import_,
        (
            Option(("workbook",), type=Path, help="the filled workbook, e.g. park.xlsx"),
            Option(
                ("-o", "--out"),
                type=Path,
                required=True,
                help="scenario file to write, e.g. scenarios/park.toml (its CSVs go into "
                "actuals/ and history/ beside it)",
            ),
        ),
    ),
    Command(
        "compare",
        "compare scenarios side by side",
        commands.compare_scenarios,
        (
            SCENARIOS,
            Option(
                ("--format",),
                choices=("table", "xlsx", "csv"),
                default="table",
                help="table (default), xlsx (needs -o) or csv",
            ),
            Option(("-o", "--out"), type=Path, help="file to write (needed for xlsx)"),
            Option(("--paths",), type=int, help="paths for all (default: the first file's)"),
            Option(("--seed",), type=int, help="seed for all (default: the first file's)"),
            Option(
                ("--years",),
                help="projection years, e.g. 2025,2030 (default: target years and horizon)",
            ),
            LANG,
        ),
    ),
    Command(
        "solve",
        "goal seek: the lever value that gives a target a chosen probability",
        commands.solve_lever,
        (
            *SCENARIO_AND_TARGET,
            Option(
                ("--lever",),
                required=True,
                help="dotted key, e.g. indicators.big_health.growth, "
                "pipelines.health.approval_staff, "
                "or growth_scale (all growth rates feeding the target)",
            ),
            Option(("--probability",), type=float, default=0.8, help="wanted (default: 0.8)"),
            Option(
                ("--bounds",),
                type=float,
                nargs=2,
                metavar=("LO", "HI"),
                help="search range for the lever "
                "(default: its kind's hard bounds, e.g. -0.5 1 for growth)",
            ),
            *RUN_OPTIONS,
            LANG,
        ),
    ),
    Command(
        "sensitivity",
        "which levers matter: tornado (each lever across its planner range, quick) or "
        "sobol (global: all levers at once, with confidence intervals)",
        commands.sensitivity,
        (
            *SCENARIO_AND_TARGET,
            Option(
                ("--method",),
                choices=("tornado", "sobol"),
                default="tornado",
                help="tornado (default, 2 runs per lever) or sobol (N · (levers + 2) runs)",
            ),
            Option(
                ("--samples",),
                type=int,
                default=64,
                help="sobol: base samples N, a power of 2 (default: 64)",
            ),
            Option(
                ("--lever",),
                action="append",
                dest="levers",
                metavar="KEY",
                help="sobol: a ranged lever to include "
                "(repeatable; default: all that feed the target)",
            ),
            Option(
                ("--evaluations",),
                type=Path,
                metavar="FILE",
                help="sobol: also write every run (lever values, probability, P10/P50/P90) as CSV",
            ),
            TABLE_OR_CSV,
            *RUN_OPTIONS,
            *DASK_OPTIONS,
            LANG,
        ),
    ),
    Command(
        "sweep",
        "a grid of lever values: the target's probability and P10/P50/P90 for each",
        commands.sweep_grid,
        (
            *SCENARIO_AND_TARGET,
            Option(
                ("--lever",),
                action="append",
                required=True,
                dest="levers",
                metavar="KEY=V1,V2,...",
                help="a lever and its values, e.g. indicators.big_health.growth=0.08,0.1,0.12 "
                "(repeatable: every combination is run)",
            ),
            TABLE_OR_CSV,
            *RUN_OPTIONS,
            *DASK_OPTIONS,
            LANG,
        ),
    ),
    Command("validate", "check scenario files", commands.validate, (SCENARIOS,)),
    Command(
        "calibrate",
        "fit growth, volatility, trend uncertainty and correlation on the scenario's history",
        commands.calibrate_history,
        (
            SCENARIO,
            Option(("--years",), help="years of growth to use, e.g. 2011-2019 (default: all)"),
            Option(
                ("--exclude",),
                type=int,
                action="append",
                default=[],
                metavar="YEAR",
                help="leave out a year's growth, e.g. a known one-off shock (repeatable)",
            ),
            Option(
                ("-o", "--out"),
                type=Path,
                help="write a child scenario that extends SCENARIO and sets the fitted keys",
            ),
            TABLE_OR_CSV,
            LANG,
        ),
    ),
    Command(
        "backtest",
        "forecast check: rerun the scenario as it stood at an origin year and score the later "
        "figures (band coverage, CRPS, skill against a naive forecast)",
        commands.backtest_origins,
        (
            SCENARIO,
            Option(("--origin",), type=int, help="origin year, e.g. 2016"),
            Option(
                ("--origins",),
                metavar="FIRST-LAST",
                help="rolling origin: every year of a range, pooled, e.g. 2014-2018",
            ),
            Option(("--paths",), type=int, help="Monte Carlo paths (default: the file's)"),
            Option(("--seed",), type=int, help="random seed (default: the file's)"),
            Option(
                ("--format",),
                choices=("table", "csv", "json"),
                default="table",
                help="table (default), csv (the scored figures) or json (figures, summary, notes)",
            ),
            Option(("-o", "--out"), type=Path, help="write to this file instead of stdout"),
            LANG,
        ),
    ),
    *STORE_COMMANDS,
    Command(
        "brief",
        "the briefing for leadership: targets, fan charts, progress, what it takes, "
        "assumptions and their sources, as Word (.docx) or PDF",
        commands.brief,
        (
            SCENARIO,
            Option(
                ("-o", "--out"),
                type=Path,
                required=True,
                help="file to write: .docx, or .pdf (through LibreOffice, if installed)",
            ),
            LANG,
            Option(
                ("--compare",),
                type=Path,
                nargs="+",
                default=[],
                metavar="OTHER",
                help="scenario files to compare with, on the same paths and seed",
            ),
            *RUN_OPTIONS,
        ),
    ),
)
"""Every subcommand: name, help line, function, options (in ``--help`` order)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``parksim`` command; returns the exit code."""
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        code = int(args.command(args))
        sys.stdout.flush()  # a reader that has gone shows here, not as a warning at exit
    except BrokenPipeError:
        return _stdout_closed()
    except ParksimError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    return code


def parser() -> argparse.ArgumentParser:
    """The ``parksim`` parser, built from ``COMMANDS``."""
    return build_parser(
        COMMANDS,
        description="Target-tracking scenario simulator for high-tech parks.",
        version=f"parksim {__version__}",
    )


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a job killed, a timeout): end the local worker processes a Sobol' study or a
    sweep started, then exit 128 + 15 as a terminated program does. Without this the workers
    outlived the command."""
    del frame
    for child in multiprocessing.active_children():
        child.terminate()
    raise SystemExit(128 + signum)


def _stdout_closed() -> int:
    """The reader of stdout has gone: end quietly, as ``cat`` does. Stdout is pointed at
    ``/dev/null`` so that Python's flush at exit does not fail a second time, loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is no file (captured in-process): nothing to flush
        pass
    return EXIT_BROKEN_PIPE

"""``parksim template``, ``parksim import`` and ``parksim export --format workbook``: the
planners' Excel workbook in and out. Every other export format goes on to
:func:`parksim.cli.commands.export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parksim._io import write_atomic
from parksim.cli.commands import export as export_results
from parksim.cli.commands import fail
from parksim.errors import ScenarioError
from parksim.export.workbook import scenario_workbook, template_workbook
from parksim.inputs.loader import load_scenario
from parksim.inputs.workbook_import import import_workbook
from parksim.text.words import WORDS


def template(args: argparse.Namespace) -> int:
    """``parksim template -o park.xlsx``: the workbook with one example row a sheet."""
    if not _is_xlsx(args.out):
        return fail(f"-o {args.out}: the template is an Excel workbook; name it .xlsx")
    write_atomic(args.out, template_workbook())
    print(f"template written to {args.out}", file=sys.stderr)
    return 0


def import_(args: argparse.Namespace) -> int:
    """``parksim import park.xlsx -o scenarios/park.toml``: every problem found, one line
    each, and nothing written; or the files written."""
    try:
        imported = import_workbook(args.workbook, args.out, WORDS)
    except ScenarioError as exc:
        for problem in (exc, *exc.more):
            fail(str(problem))
        return 2
    scenario = imported.scenario
    written = ", ".join(str(p) for p in imported.written)
    print(
        f"{scenario.id}: {len(scenario.indicators)} indicators, {len(scenario.derived)} derived, "
        f"{len(scenario.targets)} targets, {len(scenario.pipelines)} pipelines; written {written}",
        file=sys.stderr,
    )
    return 0


def export(args: argparse.Namespace) -> int:
    """``parksim export``: ``--format workbook`` writes the scenario itself (nothing is
    simulated); every other format is a result export."""
    if args.format != "workbook":
        if args.own:
            return fail("--own: only with --format workbook")
        return export_results(args)
    if not _is_xlsx(args.out):
        return fail(f"-o {args.out}: a workbook is an Excel file; name it .xlsx")
    if args.set or args.paths is not None or args.seed is not None:
        return fail(
            "--format workbook writes the scenario as its files hold it; "
            "drop --set, --paths and --seed"
        )
    data = scenario_workbook(load_scenario(args.scenario), own=args.own)
    write_atomic(args.out, data)
    print(f"workbook written to {args.out}", file=sys.stderr)
    return 0


def _is_xlsx(path: Path) -> bool:
    return Path(path).suffix.lower() == ".xlsx"

"""What each ``parksim`` subcommand does: parsed arguments in, output and an exit code out.

The library does the work; these functions only load, call and print. User errors are
``ParksimError``s (turned into one line and exit 2 by ``parksim.cli.main``) or, for checks
made here, ``fail(message)``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from parksim._io import write_atomic
from parksim.analysis.backtest import backtest, parse_origins
from parksim.analysis.calibrate import calibrate, calibrated_child
from parksim.analysis.compare import compare
from parksim.analysis.sobol import sobol
from parksim.analysis.solve import solve
from parksim.analysis.sweep import sweep
from parksim.analysis.tornado import tornado
from parksim.cli.backtest_report import render_backtest
from parksim.cli.compare_report import render_comparison
from parksim.cli.report import (
    render_calibration,
    render_pipeline,
    render_sobol,
    render_solution,
    render_sweep,
    render_targets,
    render_tornado,
    render_tracking,
    title,
)
from parksim.engine.run import simulate
from parksim.errors import ArgumentError, ParksimError, ScenarioError
from parksim.export import format_of, to_json, write_export
from parksim.export.comparison import comparison_csv, comparison_xlsx
from parksim.export.formats import SUFFIXES
from parksim.export.tables import csv_bytes
from parksim.inputs.loader import load_scenario
from parksim.inputs.overrides import apply_sets
from parksim.inputs.scenario import Scenario
from parksim.report.brief import write as write_brief
from parksim.results.protocol import Result
from parksim.text.labels import Lang
from parksim.text.warnings import non_finite_lines
from parksim.text.words import word

EXIT_USER_ERROR = 2


def fail(message: str) -> int:
    """Report a user error as one line on stderr; the exit code to return."""
    print(f"parksim: error: {message}", file=sys.stderr)
    return EXIT_USER_ERROR


def write_stdout_bytes(data: bytes) -> None:
    """Write ``data`` to stdout unchanged (after any text already printed), so that piped
    output is byte for byte what the library made; a text-only stdout gets it decoded.

    A pipe whose reader leaves mid-write takes part of the data and Python returns that short
    count without an error; writing the rest raises ``BrokenPipeError``, as it should."""
    sys.stdout.flush()
    buffer: BinaryIO | None = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    rest = memoryview(data)
    while rest:
        rest = rest[buffer.write(rest) :]


def run(args: argparse.Namespace) -> int:
    """``parksim run``: simulate; print the targets as a report, CSV or the export's JSON."""
    result = _simulate(args)
    if args.out is not None:  # before printing, so a reader that stops early (| head) keeps it
        _write_quantiles(result, args.out)
    if args.format == "csv":
        _write_csv(result.targets())
    elif args.format == "json":
        write_stdout_bytes(to_json(result))  # the document `export --format json` writes
    else:
        _print_report(result, args.lang)
    if args.out is not None:
        print(f"quantiles written to {args.out}", file=sys.stderr)
    return 0


def export(args: argparse.Namespace) -> int:
    """``parksim export``: simulate and write one export file (format from -o's suffix)."""
    fmt = args.format or format_of(args.out)
    implied = SUFFIXES.get(Path(args.out).suffix.lower())
    if implied is not None and implied != fmt and fmt != "iamc":
        return fail(
            f"-o {args.out}: a .{implied} name for a {fmt} file; name it .{fmt}, "
            f"or leave --format out to write {implied}"
        )
    write_export(_simulate(args), args.out, fmt)
    print(f"{fmt} written to {args.out}", file=sys.stderr)
    return 0


def compare_scenarios(args: argparse.Namespace) -> int:
    """``parksim compare``: the scenarios side by side, as a table, CSV or XLSX."""
    if args.format == "xlsx" and args.out is None:
        return fail("compare --format xlsx: give the file to write with -o FILE.xlsx")
    years = None
    if args.years:
        try:
            years = [int(y) for y in args.years.split(",")]
        except ValueError:
            return fail(f"--years {args.years}: must be years separated by commas, e.g. 2025,2030")
    scenarios = [load_scenario(path) for path in args.scenarios]
    comparison = compare(scenarios, paths=args.paths, seed=args.seed, years=years)
    if args.format == "table":
        text = render_comparison(comparison, args.lang) + "\n"
        if args.out is None:
            sys.stdout.write(text)
            return 0
        data = text.encode("utf-8")
    else:
        data = (comparison_xlsx if args.format == "xlsx" else comparison_csv)(comparison)
        if args.out is None:
            write_stdout_bytes(data)
            return 0
    write_atomic(args.out, data)
    print(f"comparison written to {args.out}", file=sys.stderr)
    return 0


def solve_lever(args: argparse.Namespace) -> int:
    """``parksim solve``: the lever value that meets the target with the wanted probability."""
    scenario = _scenario(args)
    bounds = None if args.bounds is None else (args.bounds[0], args.bounds[1])
    solution = solve(
        scenario,
        args.target,
        args.lever,
        args.probability,
        bounds=bounds,
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
    )
    print(render_solution(scenario, solution, args.probability, args.lang))
    return 0


def sensitivity(args: argparse.Namespace) -> int:
    """``parksim sensitivity``: a tornado (default) or a Sobol study of the target."""
    scenario = _scenario(args)
    if args.method == "sobol":
        return _sobol(scenario, args)
    if args.levers or args.evaluations is not None:
        return fail("--lever and --evaluations go with --method sobol")
    table = tornado(
        scenario, args.target, paths=args.paths, seed=args.seed, pipeline_runs=args.pipeline_runs
    )
    return _table_or_csv(
        args, table, lambda: render_tornado(scenario, args.target, table, args.lang)
    )


def sweep_grid(args: argparse.Namespace) -> int:
    """``parksim sweep``: every combination of the given lever values, one row each."""
    scenario = _scenario(args)
    grid: dict[str, list[float]] = {}
    for text in args.levers:
        key, _, values = text.partition("=")
        try:
            grid[key.strip()] = [float(v) for v in values.split(",")]
        except ValueError:
            return fail(
                f"--lever {text}: must be KEY=V1,V2,... with numbers, "
                f"e.g. indicators.big_health.growth=0.08,0.1"
            )
    table = sweep(
        scenario,
        args.target,
        grid,
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=True,
    )
    return _table_or_csv(args, table, lambda: render_sweep(scenario, args.target, table, args.lang))


def brief(args: argparse.Namespace) -> int:
    """``parksim brief``: the briefing as .docx or .pdf (a .docx, said in one line, when this
    machine has no PDF route)."""
    scenario = _scenario(args)
    others = [load_scenario(path) for path in args.compare]
    written = write_brief(
        scenario,
        args.out,
        others,
        lang=args.lang,
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
    )
    if written.note is not None:
        print(written.note, file=sys.stderr)
    print(word("brief.written", args.lang).format(path=written.path), file=sys.stderr)
    return 0


def validate(args: argparse.Namespace) -> int:
    """``parksim validate``: load each file; one ``ok`` line, or one line per error found."""
    failed = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            for problem in (exc, *exc.more):  # every error the check found, one line each
                fail(str(problem))
            failed += 1
            continue
        except ParksimError as exc:
            fail(str(exc))
            failed += 1
            continue
        print(
            f"ok  {path}  ({scenario.id}: {len(scenario.indicators)} indicators, "
            f"{len(scenario.derived)} derived, {len(scenario.targets)} targets)"
        )
    return EXIT_USER_ERROR if failed else 0


def _write_csv(table: pd.DataFrame) -> None:
    """A table on stdout through the one CSV writer (text neutralised; no BOM on a pipe)."""
    sys.stdout.write(csv_bytes(table, bom=False).decode("utf-8"))


def _table_or_csv(args: argparse.Namespace, table: pd.DataFrame, render: Callable[[], str]) -> int:
    """Print ``table`` as CSV with ``--format csv``, else the text ``render`` gives."""
    if args.format == "csv":
        _write_csv(table)
    else:
        print(render())
    return 0


def _scenario(args: argparse.Namespace) -> Scenario:
    """The scenario file with the ``--set`` overrides applied."""
    return apply_sets(load_scenario(args.scenario), args.set)


def _simulate(args: argparse.Namespace) -> Result:
    """One run with the run and Dask options of ``run`` and ``export``; an indicator that is
    not finite on some paths is said on stderr, one line each."""
    result = simulate(
        _scenario(args),
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=True,  # drawn on stderr, and only for runs too large for memory (chunks)
    )
    lang: Lang = "zh" if getattr(args, "lang", "en") == "zh" else "en"
    for line in non_finite_lines(result.non_finite(), result.scenario, result.n_paths, lang):
        print(f"parksim: warning: {line}", file=sys.stderr)
    return result


def _print_report(result: Result, lang: Lang) -> None:
    """The text report of ``run``: title, targets, each pipeline, tracking if any."""
    scenario = result.scenario
    print(title(result, lang))
    print(render_targets(result, lang))
    for pipeline_id in scenario.pipelines:
        print()
        print(render_pipeline(result, pipeline_id, lang))
    if scenario.actuals is not None:
        print()
        print(render_tracking(result, lang))


def _sobol(scenario: Scenario, args: argparse.Namespace) -> int:
    """``sensitivity --method sobol``: the indices, and every run if ``--evaluations``."""
    study = sobol(
        scenario,
        args.target,
        samples=args.samples,
        levers=args.levers,
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=True,
    )
    if args.evaluations is not None:
        write_atomic(args.evaluations, csv_bytes(study.evaluations))
        print(f"evaluations written to {args.evaluations}", file=sys.stderr)
    return _table_or_csv(args, study.indices, lambda: render_sobol(scenario, study, args.lang))


def _write_quantiles(result: Result, path: Path) -> None:
    """``run --out``: the projection table, JSON for a ``.json`` name, else CSV with a BOM."""
    wide = result.projections()
    if path.suffix.lower() == ".json":
        data = json.dumps(
            json.loads(wide.to_json(orient="records")), ensure_ascii=False, indent=1
        ).encode("utf-8")
    else:
        data = csv_bytes(wide)
    write_atomic(path, data)


CALIBRATED_MARKER = "# parksim: calibrated"


def calibrate_history(args: argparse.Namespace) -> int:
    """``parksim calibrate``: fit the history; with ``-o``, a child scenario that sets the
    fitted keys (never over a file a person wrote)."""
    scenario = load_scenario(args.scenario)
    span = None if args.years is None else _year_span(args.years)
    table = calibrate(scenario, span, exclude=set(args.exclude))
    _table_or_csv(args, table, lambda: render_calibration(scenario, table, args.lang))
    if args.out is None:
        return 0
    out: Path = args.out
    if out.exists() and not out.read_text(encoding="utf-8", errors="replace").startswith(
        CALIBRATED_MARKER
    ):
        return fail(f"{out}: exists and was not written by parksim calibrate; choose another -o")
    text = f"{CALIBRATED_MARKER}\n" + calibrated_child(scenario, table, out)
    write_atomic(out, text.encode("utf-8"))
    try:
        load_scenario(out)
    except ParksimError as exc:
        out.unlink()
        return fail(f"{out}: the calibrated child does not load ({exc}); nothing written")
    print(word("cal.written", args.lang).format(path=out, parent=scenario.id), file=sys.stderr)
    return 0


def _year_span(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        span = (int(first), int(last or first))
    except ValueError:
        raise ArgumentError(
            "--years", f"--years {text}: must be YEAR or FIRST-LAST, e.g. 2011-2019"
        ) from None
    return span


def backtest_origins(args: argparse.Namespace) -> int:
    """``parksim backtest``: rerun at the origin(s), score the later figures; print or write
    (``-o``, atomically, only once everything is scored) a table, CSV or JSON."""
    if (args.origin is None) == (args.origins is None):
        return fail("backtest: give either --origin YEAR or --origins FIRST-LAST")
    origins = (args.origin,) if args.origin is not None else parse_origins(args.origins)
    scenario = load_scenario(args.scenario)
    result = backtest(scenario, origins, paths=args.paths, seed=args.seed)
    if args.format == "csv":
        data = csv_bytes(result.figures)
    elif args.format == "json":
        data = json.dumps(result.document(), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    else:
        data = (render_backtest(result, args.lang) + "\n").encode("utf-8")
    if args.out is None:
        write_stdout_bytes(data)
        return 0
    write_atomic(args.out, data)
    print(word("bt.written", args.lang).format(path=args.out), file=sys.stderr)
    return 0

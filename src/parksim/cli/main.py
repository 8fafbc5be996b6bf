"""``parksim`` on the command line: a thin layer over the library.

Every user error ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from parksim._io import write_atomic
from parksim._version import __version__
from parksim.analysis.compare import compare
from parksim.analysis.sobol import sobol
from parksim.analysis.solve import solve
from parksim.analysis.sweep import sweep
from parksim.analysis.tornado import tornado
from parksim.cli.compare_report import comparison_csv, comparison_xlsx, render_comparison
from parksim.cli.report import (
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
from parksim.errors import ParksimError
from parksim.export.formats import FORMATS, format_of, write_export
from parksim.inputs.loader import load_scenario
from parksim.inputs.overrides import apply_sets
from parksim.results.protocol import Result

EXIT_USER_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``parksim`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.command(args))
    except ParksimError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parksim", description="Target-tracking scenario simulator for high-tech parks."
    )
    parser.add_argument("--version", action="version", version=f"parksim {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="simulate a scenario and print its target table")
    run.add_argument("scenario", type=Path, help="scenario file, e.g. scenarios/baseline.toml")
    _run_options(run)
    _dask_options(run)
    run.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="how to print the target table (default: table)",
    )
    run.add_argument(
        "--out",
        type=Path,
        help="also write the quantile table here (.json for JSON, anything else CSV)",
    )
    _lang_option(run)
    run.set_defaults(command=_run)

    export = commands.add_parser(
        "export", help="write targets, projections, assumptions and provenance to a file"
    )
    export.add_argument("scenario", type=Path, help="scenario file, e.g. scenarios/baseline.toml")
    export.add_argument(
        "--format", choices=FORMATS, help="xlsx, csv, iamc or json (default: from -o's suffix)"
    )
    export.add_argument(
        "-o", "--out", type=Path, required=True, help="file to write (iamc: .xlsx or .csv)"
    )
    _run_options(export)
    _dask_options(export)
    export.set_defaults(command=_export)

    comp = commands.add_parser("compare", help="compare scenarios side by side")
    comp.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO")
    comp.add_argument("--format", choices=("table", "xlsx", "csv"), default="table")
    comp.add_argument("-o", "--out", type=Path, help="file to write (needed for xlsx)")
    comp.add_argument("--paths", type=int, help="paths for all (default: the first file's)")
    comp.add_argument("--seed", type=int, help="seed for all (default: the first file's)")
    comp.add_argument(
        "--years", help="projection years, e.g. 2025,2030 (default: target years and horizon)"
    )
    _lang_option(comp)
    comp.set_defaults(command=_compare)

    seek = commands.add_parser(
        "solve", help="goal seek: the lever value that gives a target a chosen probability"
    )
    _scenario_and_target(seek)
    seek.add_argument(
        "--lever",
        required=True,
        help="dotted key, e.g. indicators.big_health.growth, pipelines.health.approval_staff, "
        "or growth_scale (all growth rates feeding the target)",
    )
    seek.add_argument("--probability", type=float, default=0.8, help="wanted (default: 0.8)")
    seek.add_argument("--bounds", type=float, nargs=2, metavar=("LO", "HI"))
    _run_options(seek)
    _lang_option(seek)
    seek.set_defaults(command=_solve)

    sens = commands.add_parser(
        "sensitivity",
        help="which levers matter: tornado (each lever across its planner range, quick) or "
        "sobol (global: all levers at once, with confidence intervals)",
    )
    _scenario_and_target(sens)
    sens.add_argument(
        "--method",
        choices=("tornado", "sobol"),
        default="tornado",
        help="tornado (default, 2 runs per lever) or sobol (N · (levers + 2) runs)",
    )
    sens.add_argument(
        "--samples",
        type=int,
        default=64,
        help="sobol: base samples N, a power of 2 (default: 64)",
    )
    sens.add_argument(
        "--lever",
        action="append",
        dest="levers",
        metavar="KEY",
        help="sobol: a ranged lever to include (repeatable; default: all that feed the target)",
    )
    sens.add_argument(
        "--evaluations",
        type=Path,
        metavar="FILE",
        help="sobol: also write every run (lever values, probability, P10/P50/P90) as CSV",
    )
    sens.add_argument("--format", choices=("table", "csv"), default="table")
    _run_options(sens)
    _dask_options(sens)
    _lang_option(sens)
    sens.set_defaults(command=_sensitivity)

    sweep_cmd = commands.add_parser(
        "sweep", help="a grid of lever values: the target's probability and P10/P50/P90 for each"
    )
    _scenario_and_target(sweep_cmd)
    sweep_cmd.add_argument(
        "--lever",
        action="append",
        required=True,
        dest="levers",
        metavar="KEY=V1,V2,...",
        help="a lever and its values, e.g. indicators.big_health.growth=0.08,0.1,0.12 "
        "(repeatable: every combination is run)",
    )
    sweep_cmd.add_argument("--format", choices=("table", "csv"), default="table")
    _run_options(sweep_cmd)
    _dask_options(sweep_cmd)
    _lang_option(sweep_cmd)
    sweep_cmd.set_defaults(command=_sweep)

    validate = commands.add_parser("validate", help="check scenario files")
    validate.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO")
    validate.set_defaults(command=_validate)
    return parser


def _scenario_and_target(command: argparse.ArgumentParser) -> None:
    command.add_argument("scenario", type=Path, help="scenario file, e.g. scenarios/baseline.toml")
    command.add_argument("--target", required=True, help="target id, e.g. big_health")


def _lang_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="names and headers in Chinese (default) or English",
    )


def _run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--paths", type=int, help="Monte Carlo paths (default: the file's)")
    command.add_argument("--seed", type=int, help="random seed (default: the file's)")
    command.add_argument(
        "--pipeline-runs", type=int, help="pipeline (DES) realisations (default: the file's)"
    )
    command.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override an input, VALUE in TOML, e.g. --set indicators.gdp.growth=0.1 (repeatable)",
    )


def _dask_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--scheduler",
        help="where runs go: sync, threads, processes, or a Dask cluster's address "
        "tcp://HOST:PORT (default: local processes for studies, this process for a run)",
    )
    command.add_argument("--workers", type=int, help="local threads or processes (default: CPUs)")


def _simulate(args: argparse.Namespace) -> Result:
    scenario = apply_sets(load_scenario(args.scenario), args.set)
    return simulate(
        scenario,
        paths=args.paths,
        seed=args.seed,
        pipeline_runs=args.pipeline_runs,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=True,  # drawn on stderr, and only for runs too large for memory (chunks)
    )


def _run(args: argparse.Namespace) -> int:
    result = _simulate(args)
    scenario = result.scenario
    targets = result.targets()
    if args.format == "csv":
        sys.stdout.write(targets.to_csv(index=False))
    elif args.format == "json":
        document = {
            "scenario": scenario.id,
            "paths": result.n_paths,
            "seed": result.seed,
            "targets": json.loads(targets.to_json(orient="records")),
            "pipelines": json.loads(result.pipeline_stats().to_json(orient="records")),
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(title(result, args.lang))
        print(render_targets(result, args.lang))
        for pipeline_id in scenario.pipelines:
            print()
            print(render_pipeline(result, pipeline_id, args.lang))
        if scenario.actuals is not None:
            print()
            print(render_tracking(result, args.lang))
    if args.out is not None:
        _write_quantiles(result, args.out)
        print(f"quantiles written to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    fmt = args.format or format_of(args.out)
    write_export(_simulate(args), args.out, fmt)
    print(f"{fmt} written to {args.out}", file=sys.stderr)
    return 0


def _compare(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        return _fail("compare --format xlsx: give the file to write with -o FILE.xlsx")
    years = None
    if args.years:
        try:
            years = [int(y) for y in args.years.split(",")]
        except ValueError:
            return _fail(f"--years {args.years}: must be years separated by commas, e.g. 2025,2030")
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
            sys.stdout.buffer.write(data)
            return 0
    write_atomic(args.out, data)
    print(f"comparison written to {args.out}", file=sys.stderr)
    return 0


def _solve(args: argparse.Namespace) -> int:
    scenario = apply_sets(load_scenario(args.scenario), args.set)
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


def _sensitivity(args: argparse.Namespace) -> int:
    scenario = apply_sets(load_scenario(args.scenario), args.set)
    if args.method == "sobol":
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
            write_atomic(args.evaluations, study.evaluations.to_csv(index=False).encode())
            print(f"evaluations written to {args.evaluations}", file=sys.stderr)
        if args.format == "csv":
            sys.stdout.write(study.indices.to_csv(index=False))
        else:
            print(render_sobol(scenario, study, args.lang))
        return 0
    if args.levers or args.evaluations is not None:
        return _fail("--lever and --evaluations go with --method sobol")
    table = tornado(
        scenario, args.target, paths=args.paths, seed=args.seed, pipeline_runs=args.pipeline_runs
    )
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        print(render_tornado(scenario, args.target, table, args.lang))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    scenario = apply_sets(load_scenario(args.scenario), args.set)
    grid: dict[str, list[float]] = {}
    for text in args.levers:
        key, _, values = text.partition("=")
        try:
            grid[key.strip()] = [float(v) for v in values.split(",")]
        except ValueError:
            return _fail(
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
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        print(render_sweep(scenario, args.target, table, args.lang))
    return 0


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except ParksimError as exc:
            print(f"parksim: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(
            f"ok  {path}  ({scenario.id}: {len(scenario.indicators)} indicators, "
            f"{len(scenario.derived)} derived, {len(scenario.targets)} targets)"
        )
    return EXIT_USER_ERROR if failed else 0


def _write_quantiles(result: Result, path: Path) -> None:
    wide = result.projections()
    if path.suffix.lower() == ".json":
        data = json.dumps(
            json.loads(wide.to_json(orient="records")), ensure_ascii=False, indent=1
        ).encode("utf-8")
    else:
        data = wide.to_csv(index=False).encode("utf-8-sig")
    write_atomic(path, data)


def _fail(message: str) -> int:
    print(f"parksim: error: {message}", file=sys.stderr)
    return EXIT_USER_ERROR

"""Reports as aligned text for the terminal, Chinese first: targets, pipelines, tracking,
goal seek and tornado tables."""

from __future__ import annotations

import math

import pandas as pd

from parksim.analysis.sobol import SobolStudy
from parksim.analysis.solve import Solution
from parksim.analysis.sweep import OUTCOME_COLUMNS
from parksim.inputs.scenario import Scenario
from parksim.results.protocol import Result
from parksim.text.labels import (
    TRACKING_COLUMNS,
    Lang,
    align_columns,
    format_amount,
    format_percent,
)
from parksim.text.tracking import surprise_lines, tracking_cells
from parksim.text.words import headers, word

# Each table's columns, as keys of the word table (parksim.text.words).
TARGET_COLUMNS = (
    "col.target_name", "col.deadline", "col.value", "col.probability", "col.p10", "col.p50",
    "col.p90", "col.required_growth", "col.assumed_growth", "col.status",
)  # fmt: skip
PIPELINE_COLUMNS = (
    "col.year", "col.signed", "col.approved", "col.landed", "col.completed", "col.producing",
    "col.approval_wait_mean_days", "col.land_wait_mean_days", "col.staff_utilisation",
    "col.output_mean",
)  # fmt: skip
TORNADO_COLUMNS = (
    "col.lever", "col.low", "col.high", "col.probability_low", "col.probability_high",
    "col.probability_swing", "col.p50_low", "col.p50_high",
)  # fmt: skip
SOBOL_COLUMNS = (
    "col.lever", "col.low", "col.high", "col.S1", "col.S1_conf", "col.ST", "col.ST_conf",
)  # fmt: skip
SOBOL_OUTPUTS = {"probability": "col.probability", "p50": "col.p50_deadline"}


def paths_seed(paths: int, seed: int, lang: Lang) -> str:
    """``"2,000 paths · seed 7"``: the run's options as typed on the command line."""
    return word("report.paths_seed", lang).format(paths=paths, seed=seed)


def title(result: Result, lang: Lang = "zh") -> str:
    """Scenario name, years, paths and seed: the heading of every printed report."""
    scenario = result.scenario
    name = scenario.name if lang == "zh" else scenario.name_en
    run = paths_seed(result.n_paths, result.seed, lang)
    return f"{name} ({scenario.id}) · {scenario.base_year}–{scenario.horizon} · {run}"


def render_targets(result: Result, lang: Lang = "zh") -> str:
    """The target table as aligned text, in planners' units."""
    scenario = result.scenario
    rows = [headers(TARGET_COLUMNS, lang)]
    for row in result.targets().to_dict(orient="records"):
        unit = result.scenario.unit_of(row["indicator"])
        direction = "≤" if row["direction"] == "<=" else "≥"
        rows.append(
            [
                scenario.target_name(row["target"], lang),
                str(row["year"]),
                f"{direction} {format_amount(row['value'], unit, lang)}",
                format_percent(row["probability"]),
                *(
                    format_amount(row[q], unit, lang, with_unit=False)
                    for q in ("p10", "p50", "p90")
                ),
                format_percent(row["required_growth"]),
                format_percent(row["assumed_growth"]),
                word(f"status.{row['status']}", lang),
            ]
        )
    return align_columns(rows)


def render_pipeline(result: Result, pipeline_id: str, lang: Lang = "zh") -> str:
    """One pipeline's yearly summary (means over DES realisations) as aligned text."""
    scenario = result.scenario
    pipeline = scenario.pipelines[pipeline_id]
    name = (pipeline.name if lang == "zh" else pipeline.name_en) or pipeline_id
    target = scenario.indicator_name(pipeline.indicator, lang)
    stats = result.pipeline_stats()
    rows = [headers(PIPELINE_COLUMNS, lang)]
    for row in stats[stats.pipeline == pipeline_id].to_dict(orient="records"):
        rows.append(
            [
                str(row["year"]),
                *(
                    f"{row[key]:.1f}"
                    for key in ("signed", "approved", "landed", "completed", "producing")
                ),
                *(
                    "—" if math.isnan(row[key]) else f"{row[key]:.0f}"
                    for key in ("approval_wait_mean_days", "land_wait_mean_days")
                ),
                format_percent(row["staff_utilisation"], 0),
                f"{row['output_mean']:,.1f}",
            ]
        )
    return f"{name} → {target}\n{align_columns(rows)}"


def render_tracking(result: Result, lang: Lang = "zh") -> str:
    """Latest actual figures against 序时进度, per target and per tracked indicator (against
    the scenario's median), then a warning per figure outside its forecast's P5–P95; the
    app's tracking view shows the same."""
    scenario = result.scenario
    rows = [headers(TRACKING_COLUMNS, lang)]
    rows += [tracking_cells(r, scenario, lang) for r in result.tracking().to_dict("records")]
    warnings = surprise_lines(result.surprises().to_dict("records"), scenario, lang)
    return "\n".join([word("tracking_title", lang), align_columns(rows), *warnings])


def render_solution(
    scenario: Scenario, solution: Solution, wanted: float, lang: Lang = "zh"
) -> str:
    """One line answering a goal seek: the lever value that reaches ``wanted``, or the best
    probability within the bounds."""
    fields = {
        "name": scenario.target_name(solution.target, lang),
        "lever": solution.lever,
        "wanted": format_percent(wanted),
        "n": solution.evaluations,
    }
    if not solution.reachable or solution.value is None:
        best = format_percent(solution.probability)
        return word("report.solve_unreachable", lang).format(best=best, **fields)
    value = _lever_value(solution.lever, solution.value)
    reached = format_percent(solution.probability)
    return word("report.solve_found", lang).format(value=value, reached=reached, **fields)


def render_tornado(scenario: Scenario, target: str, table: pd.DataFrame, lang: Lang = "zh") -> str:
    """The tornado table: levers by the swing they cause in the target's probability."""
    unit = scenario.unit_of(scenario.targets[target].indicator)
    rows = [headers(TORNADO_COLUMNS, lang)]
    for row in table.to_dict(orient="records"):
        rows.append([
            row["lever"], _lever_value(row["lever"], row["low"]),
            _lever_value(row["lever"], row["high"]),
            format_percent(row["probability_low"]), format_percent(row["probability_high"]),
            format_percent(row["probability_swing"]),
            format_amount(row["p50_low"], unit, lang, with_unit=False),
            format_amount(row["p50_high"], unit, lang, with_unit=False),
        ])  # fmt: skip
    name = scenario.target_name(target, lang)
    if not len(table):
        return f"{name}: {word('report.no_lever', lang)}"
    return f"{name}\n{align_columns(rows)}"


def render_sobol(scenario: Scenario, study: SobolStudy, lang: Lang = "zh") -> str:
    """Sobol' indices of the target's probability and P50, one table each, largest total
    index first; ± is the half-width of the confidence interval."""
    name = scenario.target_name(study.target, lang)
    runs = len(study.evaluations)
    level = format_percent(study.confidence, 0)
    heading = word("report.sobol_heading", lang).format(
        name=name,
        samples=study.samples,
        levers=len(study.levers),
        runs=runs,
        paths_seed=paths_seed(study.paths, study.seed, lang),
        level=level,
    )
    flat = word("report.sobol_flat", lang)
    parts = [heading]
    for output, key in SOBOL_OUTPUTS.items():
        label = word(key, lang)
        table = study.indices[study.indices.output == output]
        if table["ST"].isna().all():
            parts.append(f"\n{label} {flat}")
            continue
        rows = [headers(SOBOL_COLUMNS, lang)]
        for row in table.to_dict(orient="records"):
            rows.append([
                row["lever"], _lever_value(row["lever"], row["low"]),
                _lever_value(row["lever"], row["high"]),
                f"{row['S1']:.3f}", f"{row['S1_conf']:.3f}",
                f"{row['ST']:.3f}", f"{row['ST_conf']:.3f}",
            ])  # fmt: skip
        parts.append(f"\n{label}\n{align_columns(rows)}")
    return "\n".join(parts)


def render_sweep(scenario: Scenario, target: str, table: pd.DataFrame, lang: Lang = "zh") -> str:
    """One line per combination of lever values: probability and P10/P50/P90."""
    unit = scenario.unit_of(scenario.targets[target].indicator)
    levers = [c for c in table.columns if c not in OUTCOME_COLUMNS]
    rows = [[*levers, *headers(("col.probability", "col.p10", "col.p50", "col.p90"), lang)]]
    for row in table.to_dict(orient="records"):
        rows.append([
            *(_lever_value(lever, row[lever]) for lever in levers),
            format_percent(row["probability"]),
            *(format_amount(row[q], unit, lang, with_unit=False) for q in ("p10", "p50", "p90")),
        ])  # fmt: skip
    return f"{scenario.target_name(target, lang)}\n{align_columns(rows)}"


def _lever_value(lever: str, value: float) -> str:
    """Rates and shares as %, counts and days as plain numbers."""
    field = lever.rsplit(".", 1)[-1]
    if field in ("growth", "volatility", "key_share", "success_rate", "correlation"):
        return format_percent(value, 2)
    if field in ("approval_staff", "land_per_year"):
        return f"{value:.0f}"
    return f"{value:.4g}" if field == "growth_scale" else f"{value:,.1f}"


CALIBRATION_COLUMNS = [
    "col.cal_indicator", "col.cal_key", "col.cal_years", "col.cal_n",
    "col.cal_fitted", "col.cal_current", "col.cal_note",
]  # fmt: skip


def render_calibration(scenario: Scenario, table: pd.DataFrame, lang: Lang = "zh") -> str:
    """The calibration table: per indicator and key, the fitted and the current value."""
    rows = [headers(CALIBRATION_COLUMNS, lang)]
    for row in table.to_dict(orient="records"):
        shown = [_calibrated(row["key"], row[c]) for c in ("fitted", "current")]
        name = scenario.indicator_name(str(row["indicator"]), lang)
        note = row["note_zh"] if lang == "zh" else row["note"]
        rows.append([name, str(row["key"]), str(row["years"]), str(row["n"]), *shown, note])
    title = word("cal.title", lang).format(name=scenario.name if lang == "zh" else scenario.name_en)
    return f"{title}\n{align_columns(rows)}"


def _calibrated(key: str, value: float) -> str:
    if value != value:  # NaN: nothing fitted
        return "—"
    return f"{value:.3f}" if key == "correlation" else format_percent(value)

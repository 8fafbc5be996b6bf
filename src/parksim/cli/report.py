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
    PACE,
    PIPELINE_HEADERS,
    STATUS,
    TARGET_HEADERS,
    Lang,
    align_columns,
    format_amount,
    format_percent,
)

TRACKING_HEADERS = {
    "zh": [
        "目标/指标",
        "最新数据期",
        "最新实际值",
        "序时进度计划值",
        "完成/序时",
        "进度差(百分点)",
        "所需年均增速",
        "达成概率",
        "进度状态",
    ],
    "en": [
        "Target / indicator",
        "Latest period",
        "Latest actual",
        "Plan to date",
        "Actual/plan",
        "Gap (points)",
        "Growth needed",
        "Probability",
        "Pace",
    ],
}
SOBOL_HEADERS = {
    "zh": ["杠杆", "低值", "高值", "一阶指数S1", "S1误差±", "总效应指数ST", "ST误差±"],
    "en": ["Lever", "Low", "High", "First-order S1", "S1 ±", "Total ST", "ST ±"],
}
SOBOL_OUTPUTS = {
    "zh": {"probability": "达成概率", "p50": "P50(截止年份)"},
    "en": {"probability": "Probability", "p50": "P50 at the deadline"},
}
TORNADO_HEADERS = {
    "zh": ["杠杆", "低值", "高值", "概率(低)", "概率(高)", "概率摆幅", "P50(低)", "P50(高)"],
    "en": ["Lever", "Low", "High", "P (low)", "P (high)", "Swing", "P50 (low)", "P50 (high)"],
}


def title(result: Result, lang: Lang = "zh") -> str:
    """Scenario name, years, paths and seed: the heading of every printed report."""
    scenario = result.scenario
    name = scenario.name if lang == "zh" else scenario.name_en
    return (
        f"{name} ({scenario.id}) · {scenario.base_year}–{scenario.horizon} · "
        f"{result.n_paths:,} paths · seed {result.seed}"
    )


def render_targets(result: Result, lang: Lang = "zh") -> str:
    """The target table as aligned text, in planners' units."""
    scenario = result.scenario
    headers = TARGET_HEADERS[lang]
    rows = [list(headers.values())]
    for row in result.targets().to_dict(orient="records"):
        unit = result.scenario.unit_of(row["indicator"])
        direction = "≤" if row["direction"] == "<=" else "≥"
        rows.append(
            [
                scenario.target_name(row["target"], lang),
                str(row["year"]),
                f"{direction} {format_amount(row['value'], unit)}",
                format_percent(row["probability"]),
                *(format_amount(row[q], unit, with_unit=False) for q in ("p10", "p50", "p90")),
                format_percent(row["required_growth"]),
                format_percent(row["assumed_growth"]),
                STATUS[lang][row["status"]],
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
    headers = PIPELINE_HEADERS[lang]
    rows = [list(headers.values())]
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
    """Latest actual figures against 序时进度, per target and per tracked indicator."""
    scenario = result.scenario
    rows = [TRACKING_HEADERS[lang]]
    for row in result.tracking().to_dict(orient="records"):
        unit = scenario.unit_of(row["indicator"])
        named = (
            scenario.target_name(row["target"], lang)
            if isinstance(row["target"], str)
            else scenario.indicator_name(row["indicator"], lang)
        )
        rows.append([
            named,
            row["latest_period"] if isinstance(row["latest_period"], str) else "—",
            format_amount(row["latest_actual"], unit),
            format_amount(row["plan_value"], unit),
            format_percent(row["progress_ratio"]),
            "—" if math.isnan(row["gap_pp"]) else f"{row['gap_pp']:+.1f}",
            format_percent(row["required_growth"]),
            format_percent(row["probability"]),
            PACE[lang][row["status"]],
        ])  # fmt: skip
    heading = "序时进度" if lang == "zh" else "Progress against the plan to date (序时进度)"
    return f"{heading}\n{align_columns(rows)}"


def render_solution(
    scenario: Scenario, solution: Solution, wanted: float, lang: Lang = "zh"
) -> str:
    """One or two lines answering a goal seek."""
    name = scenario.target_name(solution.target, lang)
    if not solution.reachable or solution.value is None:
        best = format_percent(solution.probability)
        if lang == "zh":
            return (
                f"{name}: 在给定范围内 {solution.lever} 无法使达成概率达到 "
                f"{format_percent(wanted)} (最高 {best}; {solution.evaluations} 次模拟)"
            )
        return (
            f"{name}: not reachable within the bounds: {solution.lever} cannot bring the "
            f"probability to {format_percent(wanted)} (best {best}; "
            f"{solution.evaluations} runs)"
        )
    value = _lever_value(solution.lever, solution.value)
    reached = format_percent(solution.probability)
    if lang == "zh":
        return (
            f"{name}: {solution.lever} = {value} 时达成概率为 {reached} "
            f"(目标 {format_percent(wanted)}; {solution.evaluations} 次模拟)"
        )
    return (
        f"{name}: {solution.lever} = {value} gives probability {reached} "
        f"(wanted {format_percent(wanted)}; {solution.evaluations} runs)"
    )


def render_tornado(scenario: Scenario, target: str, table: pd.DataFrame, lang: Lang = "zh") -> str:
    """The tornado table: levers by the swing they cause in the target's probability."""
    unit = scenario.unit_of(scenario.targets[target].indicator)
    rows = [TORNADO_HEADERS[lang]]
    for row in table.to_dict(orient="records"):
        rows.append([
            row["lever"], _lever_value(row["lever"], row["low"]),
            _lever_value(row["lever"], row["high"]),
            format_percent(row["probability_low"]), format_percent(row["probability_high"]),
            format_percent(row["probability_swing"]),
            format_amount(row["p50_low"], unit, with_unit=False),
            format_amount(row["p50_high"], unit, with_unit=False),
        ])  # fmt: skip
    name = scenario.target_name(target, lang)
    if not len(table):
        none = "没有带规划区间的杠杆" if lang == "zh" else "no lever with a planner range"
        return f"{name}: {none}"
    return f"{name}\n{align_columns(rows)}"


def render_sobol(scenario: Scenario, study: SobolStudy, lang: Lang = "zh") -> str:
    """Sobol' indices of the target's probability and P50, one table each, largest total
    index first; ± is the half-width of the confidence interval."""
    name = scenario.target_name(study.target, lang)
    runs = len(study.evaluations)
    level = format_percent(study.confidence, 0)
    if lang == "zh":
        heading = (
            f"{name} · Sobol 全局敏感性 · {study.samples} 个基样本 × ({len(study.levers)} + 2) = "
            f"{runs:,} 次模拟 · {study.paths:,} paths · seed {study.seed} · ±为{level}置信区间"
        )
        flat = "(在各区间内不变化,无法分解方差)"
    else:
        heading = (
            f"{name} · Sobol' global sensitivity · {study.samples} base samples × "
            f"({len(study.levers)} + 2) = {runs:,} runs · {study.paths:,} paths · "
            f"seed {study.seed} · ± is the {level} confidence interval"
        )
        flat = "(does not vary over the ranges: no variance to share)"
    parts = [heading]
    for output, label in SOBOL_OUTPUTS[lang].items():
        table = study.indices[study.indices.output == output]
        if table["ST"].isna().all():
            parts.append(f"\n{label} {flat}")
            continue
        rows = [SOBOL_HEADERS[lang]]
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
    probability = TARGET_HEADERS[lang]["probability"]
    rows = [[*levers, probability, "P10", "P50", "P90"]]
    for row in table.to_dict(orient="records"):
        rows.append([
            *(_lever_value(lever, row[lever]) for lever in levers),
            format_percent(row["probability"]),
            *(format_amount(row[q], unit, with_unit=False) for q in ("p10", "p50", "p90")),
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

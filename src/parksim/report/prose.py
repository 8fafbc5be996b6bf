"""The briefing's sentences and small tables, written from the numbers in the page's language:
the summary paragraph, "what it takes", the key assumptions and the reproduce command."""

from __future__ import annotations

import math
import shlex
from collections.abc import Hashable, Mapping
from typing import Any

from parksim.analysis.levers import GROWTH_SCALE, feeding_indicators
from parksim.inputs.diff import assumption_records
from parksim.inputs.scenario import Scenario
from parksim.inputs.sources import is_assumption
from parksim.report.cells import show_value
from parksim.report.gather import WANTED, Numbers, Take
from parksim.report.summary import key_inputs
from parksim.text.labels import Lang, format_amount, format_percent
from parksim.text.words import headers, word

TAKE_COLUMNS = (
    "col.target_name", "col.lever", "brief.col_needed", "brief.col_assumed", "brief.col_reached",
)  # fmt: skip
ASSUMPTION_COLUMNS = ("col.key", "col.item_name", "brief.col_value", "col.source", "col.basis")
Row = Mapping[Hashable, Any]


def scenario_name(scenario: Scenario, lang: Lang) -> str:
    """The scenario's own name in the page's language."""
    return scenario.name if lang == "zh" else scenario.name_en


def meta_line(numbers: Numbers, lang: Lang) -> str:
    """Date, paths, seed and scenario file, under the title."""
    summary = numbers.summary
    return word("brief.meta", lang).format(
        date=numbers.created.date().isoformat(),
        paths=summary.paths,
        seed=summary.seed,
        file=numbers.scenario.path.name,
    )


def summary_paragraph(numbers: Numbers, lang: Lang) -> str:
    """How many targets are on track, at risk and off track, and the biggest gap."""
    targets = numbers.summary.targets
    if not len(targets):
        return word("brief.no_targets", lang)
    counts = targets["status"].value_counts()
    count = {status: int(counts.get(status, 0)) for status in ("on_track", "at_risk", "off_track")}
    behind = [row for row in targets.to_dict(orient="records") if row["status"] != "on_track"]
    then = word("brief.all_on_track", lang)
    if behind:
        then = _gap_sentence(numbers.scenario, max(behind, key=shortfall), lang)
    text = word("brief.summary", lang).format(
        n=len(targets), on=count["on_track"], risk=count["at_risk"], off=count["off_track"],
        then=then,
    )  # fmt: skip
    return text.strip()


def shortfall(row: Row) -> float:
    """How far the median falls short of the target, as a share of the target (negative when
    the median meets it): what makes one gap bigger than another."""
    value, median = float(row["value"]), float(row["p50"])
    gap = value - median if row["direction"] == ">=" else median - value
    return gap / abs(value) if value else gap


def _gap_sentence(scenario: Scenario, row: Row, lang: Lang) -> str:
    unit = scenario.unit_of(str(row["indicator"]))
    sign = "≥" if row["direction"] == ">=" else "≤"
    needed, assumed = float(row["required_growth"]), float(row["assumed_growth"])
    growth = ""
    if not math.isnan(needed):
        growth = word("brief.gap_growth", lang).format(
            needed=format_percent(needed), assumed=format_percent(assumed)
        )
    return (
        word("brief.gap", lang)
        .format(
            name=scenario.target_name(str(row["target"]), lang),
            year=row["year"],
            value=f"{sign} {format_amount(row['value'], unit, lang)}",
            p50=format_amount(row["p50"], unit, lang),
            prob=format_percent(row["probability"]),
            growth=growth,
        )
        .strip()
    )


def take_header(lang: Lang) -> list[str]:
    return headers(TAKE_COLUMNS, lang)


def take_rows(numbers: Numbers, lang: Lang) -> list[list[str]]:
    """One row per target not on track: the lever, the value it needs, its value now, and
    the probability reached (or the best within the lever's bounds)."""
    return [_take_row(numbers.scenario, take, lang) for take in numbers.takes]


def _take_row(scenario: Scenario, take: Take, lang: Lang) -> list[str]:
    solution = take.solution
    name = scenario.target_name(take.target, lang)
    assumed = lever_value(take.lever.key, take.assumed)
    if solution.value is None:
        low, high = (lever_value(take.lever.key, v) for v in take.lever.default_bounds())
        best = format_percent(solution.probability)
        result = word("brief.out_of_reach", lang).format(low=low, high=high, best=best)
        return [name, lever_label(scenario, take, lang), "—", assumed, result]
    reached = word("brief.reached", lang).format(
        reached=format_percent(solution.probability), n=solution.evaluations
    )
    needed = lever_value(take.lever.key, solution.value)
    return [name, lever_label(scenario, take, lang), needed, assumed, reached]


def lever_label(scenario: Scenario, take: Take, lang: Lang) -> str:
    """``大健康产业 年均增速``, or the growth factor with the indicators it scales."""
    feeding = feeding_indicators(scenario, scenario.targets[take.target].indicator)
    names = [scenario.indicator_name(i, lang) for i in feeding]
    if take.lever.key == GROWTH_SCALE:
        joined = word("brief.list_sep", lang).join(names)
        return word("brief.lever_scale", lang).format(names=joined)
    return word("brief.lever_growth", lang).format(name=names[0])


def lever_value(key: str, value: float) -> str:
    """A growth rate in %, a growth factor as ``× 1.14``."""
    return f"× {value:.2f}" if key == GROWTH_SCALE else format_percent(value)


def takes_heading(lang: Lang) -> str:
    return word("brief.h_takes", lang).format(p=format_percent(WANTED, 0))


def takes_note(lang: Lang) -> str:
    return word("brief.takes_note", lang).format(p=format_percent(WANTED, 0))


def assumption_rows(scenario: Scenario, lang: Lang) -> list[list[str]]:
    """The inputs the targets rest on (each target's key inputs, once each, in target order):
    key, item name, value, source, and ✓ document or ⚠ assumption."""
    records = {record["key"]: record for record in assumption_records(scenario)}
    keys = dict.fromkeys(key for target in scenario.targets for key in key_inputs(scenario, target))
    rows = []
    for key in keys:
        record = records.get(key)
        if record is None:
            continue
        name = record["name"] if lang == "zh" else record["name_en"] or record["name"]
        basis = "brief.assumption" if is_assumption(scenario.source_of(key)) else "brief.document"
        value = show_value(record["value"], str(record["field"]))
        rows.append([key, str(name), value, str(record["source"]), word(basis, lang)])
    return rows


def assumption_header(lang: Lang) -> list[str]:
    return headers(ASSUMPTION_COLUMNS, lang)


def reproduce_command(numbers: Numbers, out: str, lang: Lang) -> str:
    """``parksim brief`` with the scenario, the output, the language, the compared files and
    the run options (``--paths``, ``--seed``, ``--set`` …) of this briefing's run."""
    argv = ["parksim", "brief", str(numbers.scenario.path), "-o", out, "--lang", lang]
    if numbers.compared:
        argv += ["--compare", *(str(other.path) for other, _ in numbers.compared)]
    return shlex.join([*argv, *numbers.options])


def chart_caption(scenario: Scenario, indicator: str, n: int, lang: Lang) -> str:
    return word("brief.chart_caption", lang).format(
        n=n, name=scenario.indicator_name(indicator, lang)
    )


def compared_labels(numbers: Numbers) -> list[str]:
    """This scenario's id, then each compared one's (made unique by its position)."""
    labels = [numbers.scenario.id]
    for other, _ in numbers.compared:
        labels.append(other.id if other.id not in labels else f"{other.id} ({len(labels) + 1})")
    return labels


def status_note(scenario: Scenario, lang: Lang) -> str:
    status = scenario.spec.status
    on, risk = format_percent(status.on_track, 0), format_percent(status.at_risk, 0)
    return word("brief.targets_note", lang).format(on=on, risk=risk)

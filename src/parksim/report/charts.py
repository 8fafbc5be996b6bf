"""Vega-Lite charts of the app, built with Altair from the small tables of
:mod:`parksim.report.summary` (no Streamlit here); titles and series names from the word table.

One chart library throughout. A fan chart layers areas (``y``/``y2``) for the P5–P95 and
P25–P75 bands, a median line, the target as a diamond at its deadline, the plan path, actual
figures and, when a variant is shown, the baseline's median as a faint dashed line.

Speed: building and validating an Altair chart takes ~100 ms, longer than the simulation it
shows. So each chart's *shape* is built once (cached by its titles, units and layers) with named
data sources, and every rerun only attaches the new data frames as ``datasets``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from parksim.inputs.scenario import Scenario
from parksim.report.cache import memo
from parksim.report.summary import BAND_COLUMNS, RunSummary
from parksim.text.labels import Lang, Scale, shown_scale
from parksim.text.words import word

Spec = dict[str, Any]
HEIGHT = 360  # the whole chart (Streamlit fits it): about 230 px of plot
SERIES = ("outer", "inner", "median", "target", "plan", "actual", "reference")  # chart.<series>
COLOURS = ("#c6dbef", "#6baed6", "#08519c", "#d62728", "#ff7f0e", "#111111", "#8c8c8c")
SYMBOLS = ("square", "square", "stroke", "diamond", "stroke", "circle", "stroke")
SCENARIO_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
NUMBER = ",.1f"


def scale_for(scenario: Scenario, indicator: str, lang: Lang) -> Scale:
    """The indicator's shown unit (``text.labels.shown_scale``): the tables' unit."""
    return shown_scale(scenario.unit_of(indicator), lang)


def fan_chart(
    summary: RunSummary,
    scenario: Scenario,
    indicator: str,
    lang: Lang,
    reference: RunSummary | None = None,
) -> Spec:
    """Bands, median, targets, plan paths, actuals and the reference median of one indicator."""
    values = summary.band_values[indicator]
    targets = summary.targets[summary.targets["indicator"] == indicator]
    scale = scale_for(scenario, indicator, lang)
    names = {key: word(f"chart.{key}", lang) for key in SERIES}
    years = np.asarray(summary.years)
    shown = values * scale.factor
    data = {"bands": pd.DataFrame({"year": years, **dict(zip(BAND_COLUMNS, shown.T, strict=True))})}
    if reference is not None and indicator in reference.band_values:
        median = reference.band_values[indicator][:, 2] * scale.factor
        data["reference"] = pd.DataFrame({"year": np.asarray(reference.years), "p50": median})
    plans = summary.plans[summary.plans["indicator"] == indicator]
    if len(plans):
        data["plans"] = _scaled(plans[["target", "year", "value"]], ["value"], scale)
    actuals = summary.actuals[summary.actuals["indicator"] == indicator]
    if len(actuals):
        data["actuals"] = _scaled(actuals[["x", "value", "period"]], ["value"], scale)
    if len(targets):
        data["targets"] = _scaled(targets[["year", "value", "name"]], ["value"], scale)
    name = scenario.indicator_name(indicator, lang)
    title = word("chart.title", lang).format(name=name, unit=scale.unit)
    span = (scenario.base_year, scenario.horizon)
    template = _fan_template(title, scale.unit, span, tuple(names.values()), tuple(data), lang)
    return _filled(template, data)


def pipeline_flow_chart(stats: pd.DataFrame, lang: Lang) -> Spec:
    """Projects signed and approved per year, and producing (cumulative)."""
    long = _long(stats, ["signed", "approved", "producing"], lang)
    return _filled(
        _lines_template(word("chart.flow", lang), word("unit.projects", lang)), {"d": long}
    )


def pipeline_wait_chart(stats: pd.DataFrame, lang: Lang) -> Spec:
    """Mean approval and land waits (days), by the year the wait ends."""
    long = _long(stats, ["approval_wait_mean_days", "land_wait_mean_days"], lang)
    return _filled(_lines_template(word("chart.wait", lang), word("unit.days", lang)), {"d": long})


def tornado_chart(
    rows: pd.DataFrame, lang: Lang, measure: str = "probability", unit: str = ""
) -> Spec:
    """Per lever, a bar from the current value to the low end's and one to the high end's;
    largest swing on top; a rule at the current value. ``measure``: the probability, or the
    P50 at the deadline when the probability cannot move (see ``views.tornado_measure``)."""
    order = list(rows.sort_values("swing", ascending=False)["lever"])
    low_name, high_name = word("chart.low_end", lang), word("chart.high_end", lang)
    bars = pd.concat(
        [
            rows.assign(end=rows["low"], series=low_name),
            rows.assign(end=rows["high"], series=high_name),
        ]
    )
    y = alt.Y("lever:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    title, shown = (
        (word("col.probability", lang), "%")
        if measure == "probability"
        else (f"{word('col.p50_deadline', lang)} ({shown_scale(unit, lang).unit})", ",.0f")
    )
    x = alt.X("base:Q", title=title, axis=alt.Axis(format=shown))
    chart = (
        alt.Chart(bars)
        .mark_bar(height=14, opacity=0.85)
        .encode(
            y=y,
            x=x,
            x2="end:Q",
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=[low_name, high_name], range=["#e6550d", "#3182bd"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=[
                "lever:N",
                "series:N",
                alt.Tooltip("end:Q", format=".1%" if measure == "probability" else ",.1f"),
            ],
        )
    )
    rule = alt.Chart(rows.head(1)).mark_rule(color="#333333").encode(x="base:Q")
    layered = alt.layer(chart, rule).properties(height=alt.Step(34))
    return _spec(layered)


def pit_chart(bins: pd.DataFrame, lang: Lang) -> Spec:
    """The PIT histogram of a backtest (``forecast.pit_bins``): a bar per tenth of the
    forecast, and a dashed rule at the count a well-calibrated forecast gives each."""
    level = float(bins["count"].sum()) / len(bins)
    x = alt.X("start:Q", title=word("chart.pit", lang), axis=alt.Axis(format="%"))
    bars = (
        alt.Chart(bins.assign(zero=0))
        .mark_bar(color="#6baed6", stroke="white")
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("count:Q", title=word("chart.pit_count", lang)),
            y2="zero:Q",
            tooltip=[alt.Tooltip("start:Q", format="%"), "count:Q"],
        )
    )
    flat = pd.DataFrame({"level": [level]})
    rule = alt.Chart(flat).mark_rule(strokeDash=[6, 4], color="#333333").encode(y="level:Q")
    return _spec(alt.layer(bars, rule).properties(height=HEIGHT))


def compare_chart(
    runs: Sequence[tuple[str, RunSummary]], scenario: Scenario, indicator: str, lang: Lang
) -> Spec:
    """Medians and P25–P75 bands of several runs of one indicator, overlaid."""
    frames = [
        summary.bands[summary.bands["indicator"] == indicator].assign(scenario=label)
        for label, summary in runs
    ]
    bands = pd.concat(frames, ignore_index=True)
    targets = runs[0][1].targets
    targets = targets[targets["indicator"] == indicator]
    scale = scale_for(scenario, indicator, lang)
    data = {"bands": _scaled(bands[["scenario", "year", *BAND_COLUMNS]], BAND_COLUMNS, scale)}
    if len(targets):
        data["targets"] = _scaled(targets[["year", "value"]], ["value"], scale)
    name = scenario.indicator_name(indicator, lang)
    labels = tuple(label for label, _ in runs)
    title = word("chart.title", lang).format(name=name, unit=scale.unit)
    template = _compare_template(title, scale.unit, labels, tuple(data))
    return _filled(template, data)


# ----------------------------------------------------------------------------- templates


@memo("fan_template")
def _fan_template(
    title: str,
    unit: str,
    span: tuple[int, int],
    names: tuple[str, ...],
    layers: tuple[str, ...],
    lang: Lang,
) -> Spec:
    """The fan chart's shape: bands and median, then the reference median, plan paths,
    actual figures and targets when ``layers`` has their data; series named by ``names``."""
    colour = _fan_colour(names, layers)
    shape = _fan_shape(names, layers)
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1),
        scale=alt.Scale(domain=list(span)),
    )
    year_tip = alt.Tooltip("year:Q", format="d", title=word("col.year", lang))
    marks = [
        *_band_layers(names, colour, x, unit, year_tip),
        *_point_layers(names, layers, (colour, shape), x, unit, year_tip),
    ]
    return _spec(alt.layer(*marks).properties(title=title, height=HEIGHT))


def _fan_colour(names: tuple[str, ...], layers: tuple[str, ...]) -> alt.Color:
    """One colour per series shown, in the legend's order (series without data left out)."""
    present = _present(names, layers)
    return alt.Color(
        "series:N",
        scale=alt.Scale(domain=[n for n, _, _ in present], range=[c for _, c, _ in present]),
        legend=alt.Legend(orient="bottom", title=None, columns=4, symbolStrokeWidth=2.5),
    )


def _fan_shape(names: tuple[str, ...], layers: tuple[str, ...]) -> alt.Shape:
    """The legend's symbol of each series, as its mark looks: a square for a band, a line
    for a line, a diamond for a target, a dot for an actual figure. Vega-Lite merges it with
    the colour legend (same field, same domain)."""
    present = _present(names, layers)
    return alt.Shape(
        "series:N",
        scale=alt.Scale(domain=[n for n, _, _ in present], range=[s for _, _, s in present]),
        legend=alt.Legend(orient="bottom", title=None, columns=4),
    )


def _present(names: tuple[str, ...], layers: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(name, colour, legend symbol) of each series that has data."""
    sources = ("bands", "bands", "bands", "targets", "plans", "actuals", "reference")
    rows = zip(names, COLOURS, SYMBOLS, sources, strict=True)
    return [(n, c, shape) for n, c, shape, src in rows if src in layers]


def _named(source: str, series: str) -> alt.Chart:
    """A chart of the named data source whose rows all belong to ``series`` (the legend)."""
    return alt.Chart(alt.NamedData(name=source)).transform_calculate(series=json.dumps(series))


def _band_layers(
    names: tuple[str, ...], colour: alt.Color, x: alt.X, unit: str, year_tip: alt.Tooltip
) -> list[Any]:
    """The P5–P95 and P25–P75 areas and the median line."""
    outer, inner, median = names[:3]
    band_tips = [
        year_tip,
        *(alt.Tooltip(f"{c}:Q", format=NUMBER, title=c.upper()) for c in BAND_COLUMNS),
    ]
    return [
        _named("bands", outer)
        .mark_area(opacity=0.9)
        .encode(x=x, y=alt.Y("p05:Q", title=unit, scale=alt.Scale(zero=False)), y2="p95:Q",
                color=colour, tooltip=band_tips),
        _named("bands", inner)
        .mark_area(opacity=0.9)
        .encode(x=x, y="p25:Q", y2="p75:Q", color=colour, tooltip=band_tips),
        _named("bands", median)
        .mark_line(strokeWidth=2.5)
        .encode(x=x, y="p50:Q", color=colour, tooltip=band_tips),
    ]  # fmt: skip


def _point_layers(
    names: tuple[str, ...],
    layers: tuple[str, ...],
    legend: tuple[alt.Color, alt.Shape],
    x: alt.X,
    unit: str,
    year_tip: alt.Tooltip,
) -> list[Any]:
    """The reference median, plan paths, actual figures and targets that have data."""
    colour, shape = legend
    target, plan, actual, reference = names[3:]
    value_tip = alt.Tooltip("value:Q", format=NUMBER, title=unit)
    marks: list[Any] = []
    if "reference" in layers:
        marks.append(
            _named("reference", reference)
            .mark_line(strokeDash=[5, 4], strokeWidth=1.5, opacity=0.8)
            .encode(x=x, y="p50:Q", color=colour)
        )
    if "plans" in layers:
        marks.append(
            _named("plans", plan)
            .mark_line(strokeDash=[2, 3], strokeWidth=1.8)
            .encode(x=x, y="value:Q", color=colour, detail="target:N")
        )
    if "actuals" in layers:
        marks.append(
            _named("actuals", actual)
            .mark_point(filled=True, size=50)
            .encode(
                x="x:Q",
                y="value:Q",
                color=colour,
                shape=shape,
                tooltip=[alt.Tooltip("period:N"), value_tip],
            )
        )
    if "targets" in layers:
        tips = [alt.Tooltip("name:N", title=target), year_tip, value_tip]
        marks.append(
            _named("targets", target)
            .mark_point(filled=True, size=160)
            .encode(x=x, y="value:Q", color=colour, shape=shape, tooltip=tips)
        )
    return marks


@memo("lines_template")
def _lines_template(title: str, y_title: str) -> Spec:
    chart = (
        alt.Chart(alt.NamedData(name="d"))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                "series:N",
                alt.Tooltip("value:Q", format=NUMBER),
            ],
        )
        .properties(title=title, height=HEIGHT)
    )
    return _spec(chart)


@memo("compare_template")
def _compare_template(
    title: str, unit: str, labels: tuple[str, ...], layers: tuple[str, ...]
) -> Spec:
    colour = alt.Color(
        "scenario:N",
        scale=alt.Scale(domain=list(labels), range=list(SCENARIO_COLOURS[: len(labels)])),
        legend=alt.Legend(orient="bottom", title=None),
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    bands = alt.Chart(alt.NamedData(name="bands"))
    tips = ["scenario:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("p50:Q", format=NUMBER)]
    layers_: list[Any] = [
        bands.mark_area(opacity=0.18).encode(
            x=x, y=alt.Y("p25:Q", title=unit, scale=alt.Scale(zero=False)), y2="p75:Q", color=colour
        ),
        bands.mark_line(strokeWidth=2.2).encode(x=x, y="p50:Q", color=colour, tooltip=tips),
    ]
    if "targets" in layers:
        layers_.append(
            alt.Chart(alt.NamedData(name="targets"))
            .mark_point(shape="diamond", filled=True, size=160, color=COLOURS[3])
            .encode(x=x, y="value:Q")
        )
    return _spec(alt.layer(*layers_).properties(title=title, height=HEIGHT + 40))


# ----------------------------------------------------------------------------- helpers


def _spec(chart: alt.TopLevelMixin) -> Spec:
    """The Vega-Lite dict, without Altair's default 300 × 300 view (the app sizes charts)."""
    spec: Spec = chart.to_dict()
    spec.pop("config", None)
    return spec


def _filled(template: Spec, data: Mapping[str, pd.DataFrame]) -> Spec:
    """A copy of a cached chart shape with this run's data attached by name."""
    spec = copy.deepcopy(template)
    spec["datasets"] = {name: frame.reset_index(drop=True) for name, frame in data.items()}
    return spec


def _long(stats: pd.DataFrame, columns: list[str], lang: Lang) -> pd.DataFrame:
    long = stats.melt(id_vars="year", value_vars=columns)
    long["series"] = [word(f"col.{column}", lang) for column in long["variable"]]
    return long[["year", "series", "value"]]


def _scaled(frame: pd.DataFrame, columns: Sequence[str], scale: Scale) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = out[column] * scale.factor
    return out

"""The app's Vega-Lite charts as PNG images for documents, drawn by vl-convert (the Vega
renderer compiled into a Python wheel: no browser, no Node), with the machine's fonts.

The chart specifications are :mod:`parksim.report.charts`, the same the app draws; only what a
page needs is added here: a fixed width (the app sizes charts to the window) and a white
background (a PNG is transparent otherwise) and one font family for every label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
import vl_convert

from parksim.inputs.scenario import Scenario
from parksim.report.charts import Spec, fan_chart
from parksim.report.summary import RunSummary
from parksim.text.labels import Lang

WIDTH = 620  # chart units: with the legend, about the 16 cm of an A4 page's text width
SCALE = 2.0  # PNG pixels per chart unit: sharp in print at that width (≈ 190 dpi)
# One sans-serif family for Latin and Chinese alike, the first this machine has: without it
# the renderer takes a serif CJK font for the Chinese of a title and sans for the numbers.
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def png(spec: Spec, width: int = WIDTH) -> bytes:
    """One chart as PNG bytes."""
    datasets: Mapping[str, Any] = spec.get("datasets", {})
    shown = {
        **spec,
        "width": width,
        "background": "white",
        "config": {**spec.get("config", {}), "font": FONT},
        "datasets": {name: _records(data) for name, data in datasets.items()},
    }
    return bytes(vl_convert.vegalite_to_png(shown, scale=SCALE))


def fan_images(summary: RunSummary, scenario: Scenario, lang: Lang) -> dict[str, bytes]:
    """Per indicator that carries a target (in target order), its fan chart as PNG."""
    indicators = dict.fromkeys(spec.indicator for spec in scenario.targets.values())
    return {
        indicator: png(fan_chart(summary, scenario, indicator, lang)) for indicator in indicators
    }


def _records(data: Any) -> Any:
    """A data frame as JSON records (NaN as null); anything else as it is."""
    if isinstance(data, pd.DataFrame):
        return json.loads(data.to_json(orient="records"))
    return data

"""Shared fixtures and builders: scenario files written from short TOML strings into tmp_path.

The builders write one TOML table each, with the boilerplate every small test scenario
repeats (names, unit 亿元, ``source = "assumption: test"``) filled in, so that a test passes
only the values that matter to it::

    text = (
        scenario_table("s", "小", "Small", base_year=2019, horizon=2021, paths=300, seed=4)
        + indicator("a", base=100.0, growth=0.1, volatility=0.05)
        + target("a", "a", 120.0, 2021)
    )
    scenario = parksim.load_scenario(write_toml("s.toml", text))

``small_scenario`` and ``scale_scenario`` are the two small scenarios shared by more than one
test module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import parksim

ROOT = Path(__file__).resolve().parents[1]
WriteToml = Callable[[str, str], Path]


def toml_writer(folder: Path) -> WriteToml:
    """``write("sub/x.toml", text)`` writes dedented ``text`` (UTF-8) below ``folder``."""

    def write(name: str, text: str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_toml(tmp_path: Path) -> WriteToml:
    """``write_toml("sub/x.toml", text)`` writes dedented ``text`` (UTF-8) below tmp_path."""
    return toml_writer(tmp_path)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, ``python -m parksim``, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "parksim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


# ----------------------------------------------------------------------------- TOML builders

TEST_SOURCE = "assumption: test"
# Names for the one-letter indicators of small scenarios (and their sum), used when a
# builder is not given a name.
NAMES = {
    "a": ("甲", "A"),
    "b": ("乙", "B"),
    "c": ("丙", "C"),
    "d": ("丁", "D"),
    "total": ("合计", "Total"),
}
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def toml_value(value: object) -> str:
    """``value`` as a TOML literal: numbers by their shortest round-trip repr, lists as
    arrays, dicts as inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    raise TypeError(f"no TOML literal for {value!r}")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def toml_table(header: str, **keys: object) -> str:
    """``[header]``, then ``key = value`` per keyword in the order given, then a blank line.
    Keywords that are Python words take a trailing underscore: ``from_=2021`` is ``from``."""
    lines = [f"[{header}]"]
    lines += [f"{_toml_key(key.removesuffix('_'))} = {toml_value(v)}" for key, v in keys.items()]
    return "\n".join(lines) + "\n\n"


def _names(item: str, name: str | None, name_en: str | None) -> dict[str, str]:
    if name is None or name_en is None:
        if item not in NAMES:
            raise KeyError(f"{item}: give name and name_en (no default names for this id)")
        name, name_en = name or NAMES[item][0], name_en or NAMES[item][1]
    return {"name": name, "name_en": name_en}


def scenario_table(id: str, name: str, name_en: str, **keys: object) -> str:
    """The ``[scenario]`` table: id, names, then ``keys`` (base_year, horizon, paths, ...)."""
    return toml_table("scenario", id=id, name=name, name_en=name_en, **keys)


def indicator(
    id: str,
    *,
    base: float,
    growth: object,
    name: str | None = None,
    name_en: str | None = None,
    unit: str = "亿元",
    source: object = TEST_SOURCE,
    **keys: object,
) -> str:
    """``[indicators.<id>]``: names, unit, base, growth, ``keys`` (volatility, cap, ...),
    source."""
    return toml_table(
        f"indicators.{id}",
        **_names(id, name, name_en),
        unit=unit,
        base=base,
        growth=growth,
        **keys,
        source=source,
    )


def derived(
    id: str,
    formula: str,
    *,
    name: str | None = None,
    name_en: str | None = None,
    unit: str = "亿元",
) -> str:
    """``[derived.<id>]``: a formula over other indicators."""
    return toml_table(f"derived.{id}", **_names(id, name, name_en), unit=unit, formula=formula)


def target(
    id: str,
    indicator: str,
    value: float,
    year: int,
    *,
    name: str | None = None,
    name_en: str | None = None,
    source: object = TEST_SOURCE,
    **keys: object,
) -> str:
    """``[targets.<id>]``: indicator, value, year, ``keys`` (direction, maintain, from_),
    names (by default the indicator's own, for a one-letter id), source."""
    return toml_table(
        f"targets.{id}",
        indicator=indicator,
        value=value,
        year=year,
        **keys,
        **_names(id, name, name_en),
        source=source,
    )


def pipeline(id: str, indicator: str, *, source: object = TEST_SOURCE, **keys: object) -> str:
    """``[pipelines.<id>]``: the indicator it feeds, ``keys``, source."""
    return toml_table(f"pipelines.{id}", indicator=indicator, **keys, source=source)


# ----------------------------------------------------------------------------- shared scenarios


def small_toml(*, volatility: float = 0.0, pipelines: bool = False) -> str:
    """Two indicators that add up (a + b = total, both with ``volatility``), one that feeds
    nothing (c), targets on total (215 in 2020) and a (120 in 2021); with ``pipelines``, a
    pipeline p into a whose approval staff is a whole-number lever (1..3)."""
    text = (
        scenario_table(
            "s", "敏感", "Sensitivity",
            base_year=2019, horizon=2021, paths=300, seed=4, pipeline_runs=8,
        )
        + indicator("a", base=100.0, growth=0.1, volatility=volatility, growth_range=[0.0, 0.2])
        + indicator("b", base=100.0, growth=0.05, volatility=volatility, growth_range=[0.0, 0.1])
        + indicator("c", base=10.0, growth=0.05, growth_range=[0.0, 0.1])
        + derived("total", "a + b")
        + target("total", "total", 215.0, 2020)
        + target("a", "a", 120.0, 2021)
    )  # fmt: skip
    if pipelines:
        text += pipeline(
            "p", "a",
            arrivals_per_year=5, start_year=2020, end_year=2021, approval_staff=1,
            approval_days=40, build_years=[0.2, 0.3, 0.5], output_per_project={"median": 2.0},
            approval_staff_range=[1, 3],
        )  # fmt: skip
    return text


def small_scenario(
    write_toml: WriteToml, *, volatility: float = 0.0, pipelines: bool = False
) -> parksim.Scenario:
    """``small_toml(...)`` written to ``s.toml`` and loaded."""
    return parksim.load_scenario(
        write_toml("s.toml", small_toml(volatility=volatility, pipelines=pipelines))
    )


# The scale scenario's actual figures: a full year (pins every path in 2021) and a quarter.
SCALE_FIGURES = (
    'indicator,period,value,source\na,2021,118.0,"stats: 2021"\na,2022Q2,60.0,"stats: H1"\n'
)


def scale_toml() -> str:
    """Plain (a), capped (b), constant (c: no volatility) and unrelated (d) indicators; a
    derived sum with sub-targets (consistency), a share held every year (maintain), a "<="
    target, a pipeline and a full-year actual that pins every path (``SCALE_FIGURES``)."""
    return (
        scenario_table(
            "scale", "规模", "Scale",
            base_year=2019, horizon=2026, paths=1000, seed=11, pipeline_runs=20,
            actuals="figures.csv",
        )
        + indicator(
            "a", base=100.0, growth=0.08, volatility=0.10, correlation=0.5,
            growth_range=[0.02, 0.14],
        )
        + indicator(
            "b", base=50.0, growth=0.05, volatility=0.20, correlation=0.3, cap=200.0,
            growth_range=[0.0, 0.10],
        )
        + indicator("c", base=30.0, growth=0.04)
        + indicator("d", base=10.0, growth=0.05, volatility=0.15, growth_range=[0.0, 0.10])
        + derived("total", "a + b")
        + derived("share", "a / (a + b + c)", name="占比", name_en="Share", unit="share")
        + target("total", "total", 230.0, 2025, name="合计目标", name_en="Total target")
        + target("a", "a", 160.0, 2025, name="甲目标", name_en="A target")
        + target("b", "b", 65.0, 2025, name="乙目标", name_en="B target")
        + target(
            "share", "share", 0.5, 2025, maintain=True, from_=2021,
            name="占比保持", name_en="Share held",
        )
        + target("b_low", "b", 80.0, 2026, direction="<=", name="乙上限", name_en="B ceiling")
        + pipeline(
            "p", "a",
            arrivals_per_year=6, start_year=2020, end_year=2024, approval_staff=2,
            approval_days=30, build_years=[0.5, 1.0, 1.5], ramp_years=1.0,
            output_per_project={"median": 1.5, "spread": 0.3}, approval_staff_range=[1, 3],
        )
    )  # fmt: skip


def scale_scenario(write_toml: WriteToml) -> parksim.Scenario:
    """``scale_toml()`` and its figures written to ``scale.toml`` and ``figures.csv``, loaded."""
    write_toml("figures.csv", SCALE_FIGURES)
    return parksim.load_scenario(write_toml("scale.toml", scale_toml()))

"""The shipped baseline's history file (``scenarios/history/baseline.csv``): it loads, every
figure cites a document, nothing lies after the base year, calibrate answers for each of its
indicators, and each figure is the number its own quote gives (a typo in the CSV fails)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parksim import Scenario, load_scenario
from parksim.analysis.calibrate import calibrate
from parksim.inputs.history import History, PastFigure
from parksim.inputs.sources import is_assumption

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.toml"
HISTORY_FILE = ROOT / "scenarios" / "history" / "baseline.csv"
CHILDREN = ("faster_reform", "prolonged_shock", "targets_need")

# An amount in a quote, and what one of its unit is in 亿元 (the baseline's unit for money).
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿元|亿元|亿|billion yuan)", re.IGNORECASE)
_TO_YI = {"万亿元": 10_000.0, "亿元": 1.0, "亿": 1.0, "billion yuan": 10.0}
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|percent)")


def quoted_amounts(source: str) -> list[float]:
    """Every amount the quote of ``source`` gives, in 亿元 (523.02 billion yuan = 5230.2)."""
    quote = source.partition(":")[2]
    return [
        round(float(number.replace(",", "")) * _TO_YI[unit.lower()], 6)
        for number, unit in _AMOUNT.findall(quote)
    ]


def quoted_rates(source: str) -> list[float]:
    """Every rate the quote of ``source`` gives, as a fraction (7.4 % = 0.074)."""
    return [round(float(number) / 100, 6) for number, _ in _RATE.findall(source.partition(":")[2])]


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario(BASELINE)


@pytest.fixture(scope="module")
def history(baseline: Scenario) -> History:
    assert baseline.history is not None, "scenarios/baseline.toml names no history file"
    return baseline.history


def figures() -> list[PastFigure]:
    """The rows of the shipped file, for parametrizing (loaded once at collection)."""
    history = load_scenario(BASELINE).history
    assert history is not None
    return sorted(history.figures, key=lambda f: f.line)


def test_the_baseline_loads_with_its_history(history: History) -> None:
    assert history.file.resolve() == HISTORY_FILE.resolve()
    assert history.encoding == "utf-8"
    assert history.figures
    assert "gdp" in history.indicators


@pytest.mark.parametrize("child", CHILDREN)
def test_the_children_inherit_the_baselines_history(child: str) -> None:
    inherited = load_scenario(ROOT / "scenarios" / f"{child}.toml").history
    assert inherited is not None
    assert inherited.file.resolve() == HISTORY_FILE.resolve()


def test_every_figure_cites_a_document_not_an_assumption(history: History) -> None:
    for figure in history.figures:
        assert not is_assumption(figure.source), f"line {figure.line}: {figure.source}"
        document, colon, quote = figure.source.partition(":")
        assert colon and document.strip() and quote.strip(), f"line {figure.line}"


def test_no_history_year_is_after_the_base_year(baseline: Scenario, history: History) -> None:
    assert max(f.year for f in history.figures) <= baseline.base_year == 2019


def test_calibrate_answers_for_every_indicator_in_the_history(
    baseline: Scenario, history: History
) -> None:
    table = calibrate(baseline)
    rows = set(table["indicator"])
    for indicator in history.indicators:
        assert indicator in rows, f"calibrate gives no row for {indicator}"
    # and an indicator without three yearly growths says so instead of fitting
    short = table[table["note"].str.startswith("too little history")]
    for indicator in short["indicator"]:
        assert len(history.growths(indicator)) < 3


@pytest.mark.parametrize("figure", figures(), ids=lambda f: f"{f.indicator}-{f.year}-{f.basis}")
def test_every_figure_is_the_number_its_quote_gives(figure: PastFigure) -> None:
    value = round(figure.value, 6)
    if figure.basis == "level":
        assert value in quoted_amounts(figure.source), (figure.value, figure.source)
    else:
        assert value in quoted_rates(figure.source), (figure.value, figure.source)


def test_the_zones_2019_gdp_is_the_articles_and_the_baseline_base(
    baseline: Scenario, history: History
) -> None:
    [figure] = [f for f in history.of("gdp") if f.year == 2019 and f.basis == "level"]
    assert figure.source.startswith("jinan-hitech-zone-2020: ")
    assert quoted_amounts(figure.source) == [1150.2]
    assert figure.value == 1150.2 == baseline.indicators["gdp"].base


def test_a_base_year_level_in_the_history_is_the_scenarios_base(
    baseline: Scenario, history: History
) -> None:
    for indicator in history.indicators:
        level = history.levels(indicator).get(baseline.base_year)
        if level is not None and indicator in baseline.indicators:
            assert level == pytest.approx(baseline.indicators[indicator].base), indicator


def test_the_quote_parser_converts_units_to_yi_yuan() -> None:
    # the conversions a future row will need: billion yuan x 10, 万亿 x 10,000, rates / 100
    assert quoted_amounts("S37: Jinan's GDP reached 523.02 billion Yuan, up 9.6%") == [5230.2]
    assert quoted_amounts("d: 销售收入突破1.2万亿元, 其中9,443.37亿元") == [12000.0, 9443.37]
    assert quoted_rates("d: 比上年增长7.8%, a rise of 8 percent") == [0.078, 0.08]

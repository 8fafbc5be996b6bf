"""Actual figures entered in the app: checked as the CSV is checked, appended atomically,
revisions kept, nothing written on any refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import parksim
from parksim.app import entry, saving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def baseline(tmp_path: Path) -> parksim.Scenario:
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return parksim.load_scenario(tmp_path / "scenarios" / "baseline.toml")


def row(indicator: str, period: str, value: object, source: str) -> dict[str, object]:
    return {"indicator": indicator, "period": period, "value": value, "source": source}


def test_a_figure_is_appended_and_the_scenario_learns_from_it(baseline: parksim.Scenario) -> None:
    file = baseline.actuals.file  # type: ignore[union-attr]
    before = file.read_bytes()
    typed = entry.typed_rows(
        [
            row("computing_power", "2024", 640.5, "doc-2024: 算力产业收入640.5亿元"),
            row(None, "", None, ""),
        ]
    )
    assert typed == [
        {"indicator": "computing_power", "period": "2024", "value": "640.5",
         "source": "doc-2024: 算力产业收入640.5亿元"}
    ]  # fmt: skip
    entry.append_figures(baseline, typed, saving.revision(file))
    after = file.read_bytes()
    assert after.startswith(before)  # every earlier line kept, as it was
    again = parksim.load_scenario(baseline.files[-1])
    figure = next(f for f in again.actuals.of("computing_power") if f.period == "2024")  # type: ignore[union-attr]
    assert figure.value == 640.5
    result = parksim.simulate(again, paths=500, seed=1)
    level = result.paths("computing_power")[:, list(result.years).index(2024)]
    assert (level == 640.5).all()  # the year is pinned at the figure on every path


def test_a_new_source_for_a_period_is_a_revision_the_old_value_kept(
    baseline: parksim.Scenario,
) -> None:
    file = baseline.actuals.file  # type: ignore[union-attr]
    revised = [row("big_health", "2023", 2300.0, "newer-bulletin: 2300亿元")]
    entry.append_figures(baseline, entry.typed_rows(revised), saving.revision(file))
    figure = next(
        f
        for f in parksim.load_scenario(baseline.files[-1]).actuals.of("big_health")  # type: ignore[union-attr]
        if f.period == "2023"
    )
    assert (figure.value, figure.revised) == (2300.0, (2229.6,))


@pytest.mark.parametrize(
    ("rows", "reason", "words"),
    [
        ([row("computing_power", "2024Q5", 1.0, "doc: q")], "invalid", "year-to-date quarter"),
        ([row("nonsense", "2024", 1.0, "doc: q")], "invalid", "no such indicator"),
        ([row("computing_power", "2024", -5.0, "doc: q")], "invalid", "must be >= 0"),
        ([row("computing_power", "2024", 1.0, "no colon")], "invalid", "document-id"),
        ([row("computing_power", "2024", 1.0, '=HYPERLINK("http://x")')], "formula", "formula"),
        ([row("computing_power", "2024", 1.0, "doc: a"), row("computing_power", "2024", 2.0, "doc: a")],
         "invalid", "duplicate"),
        ([], "nothing", "No figures"),
    ],
)  # fmt: skip
def test_bad_rows_are_refused_and_nothing_is_written(
    baseline: parksim.Scenario, rows: list[dict[str, object]], reason: str, words: str
) -> None:
    file = baseline.actuals.file  # type: ignore[union-attr]
    before = file.read_bytes()
    with pytest.raises(entry.EntryError) as refused:
        entry.append_figures(baseline, entry.typed_rows(rows), saving.revision(file))
    assert refused.value.reason == reason
    assert words in refused.value.text("en")
    if reason == "invalid":  # the planner's file is named, never the temporary one
        assert file.name in refused.value.text("en")
        assert ".tmp" not in refused.value.text("en")
    assert refused.value.text("zh") != refused.value.text("en")
    assert file.read_bytes() == before
    assert not list(file.parent.glob(".*.tmp"))


def test_a_file_changed_meanwhile_is_a_conflict(baseline: parksim.Scenario) -> None:
    file = baseline.actuals.file  # type: ignore[union-attr]
    seen = saving.revision(file)
    other = [row("computing_power", "2024", 600.0, "someone-else: 600")]
    entry.append_figures(baseline, entry.typed_rows(other), seen)
    changed = file.read_bytes()
    mine = [row("computing_power", "2024", 640.5, "doc-2024: 640.5")]
    with pytest.raises(entry.EntryError) as conflict:
        entry.append_figures(baseline, entry.typed_rows(mine), seen)
    assert conflict.value.reason == "conflict"
    assert file.read_bytes() == changed


def test_a_runaway_paste_is_refused() -> None:
    rows = [row("gdp", "2024", float(n), f"doc: {n}") for n in range(entry.MAX_ROWS + 1)]
    with pytest.raises(entry.EntryError, match="At most"):
        entry.typed_rows(rows)

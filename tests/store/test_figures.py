"""Actual figures revisioned per (scenario's actuals file, indicator, period): a revision
cites its own source, a stale parent is a conflict, formula-like sources are refused, and the
exported actuals file holds every revision as the loader reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from parksim import load_scenario
from parksim.errors import RevisionConflict, ScenarioError
from parksim.store import (
    Store,
    audit_log,
    export_folder,
    figure_history,
    save_figure,
    sign_in,
    stored_scenario,
)
from tests.store.conftest import OPERATOR, PASSWORD

SOURCE = "济南市统计局 2024年统计公报: 修订为2231.0亿元"


def test_a_planner_revises_a_figure_and_nothing_is_lost(seeded: Store, tmp_path: Path) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    saved = save_figure(
        seeded, pat, "baseline", "big_health", "2023", value=2231.0, source=SOURCE, parent=1
    )
    assert (saved.file, saved.number, saved.author) == ("actuals/baseline.csv", 2, "pat")
    assert [
        (f.number, f.value) for f in figure_history(seeded, "baseline", "big_health", "2023")
    ] == [
        (1, 2229.6),
        (2, 2231.0),
    ]
    actuals = stored_scenario(seeded, "baseline").actuals
    assert actuals is not None
    latest = actuals.latest("big_health")
    assert latest is not None
    assert (latest.value, latest.revised, latest.source) == (2231.0, (2229.6,), SOURCE)
    export_folder(seeded, tmp_path / "out")
    exported = load_scenario(tmp_path / "out" / "baseline.toml").actuals
    assert exported is not None
    assert exported.figures == actuals.figures
    last = audit_log(seeded, OPERATOR).iloc[-1]
    assert (last["actor"], last["object"], last["revision"]) == (
        "pat",
        "figure:actuals/baseline.csv:big_health:2023",
        2,
    )


def test_a_new_figure_and_a_quarter_typed_in_full_width(seeded: Store) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    saved = save_figure(
        seeded,
        pat,
        "baseline",
        "big_health",
        "２０２４ｑ１",
        value=600.0,
        source=SOURCE,
        parent=None,
    )
    assert saved.period == "2024Q1"


def test_a_figure_saved_from_a_stale_revision_is_a_conflict(seeded: Store) -> None:
    pat, quinn = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "quinn", PASSWORD)
    save_figure(
        seeded, pat, "baseline", "big_health", "2023", value=2231.0, source=SOURCE, parent=1
    )
    with pytest.raises(RevisionConflict) as caught:
        save_figure(
            seeded, quinn, "baseline", "big_health", "2023", value=2300.0, source="x: y", parent=1
        )
    assert "saved meanwhile as revision 2 by pat" in str(caught.value)
    table = caught.value.difference
    assert table["value"].tolist() == [2229.6, 2231.0, 2300.0]
    assert len(figure_history(seeded, "baseline", "big_health", "2023")) == 2


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "163.com 网易号 “生物医药之城”济南,强势崛起: 2023年,全市生物医药与大健康产业实现营业收入2229.6亿元",
            'actuals/baseline.csv: line 7, column period = "2023": duplicate of line 6 for '
            "big_health; a revision must cite its own (newer) source",
        ),
        (
            '=HYPERLINK("http://x"): y',
            "actuals/baseline.csv: big_health 2023, column source = '=HYPERLINK(\"http://x\"): y': "
            "must not start with = + - @ or a tab (a spreadsheet would run it as a formula)",
        ),
        (
            "no colon",
            'actuals/baseline.csv: line 7, column source = "no colon": '
            'must read "<document-id>: <quote>" or "assumption: <why>"',
        ),
    ],
)
def test_a_figure_the_actuals_file_could_not_hold_is_refused(
    seeded: Store, source: str, message: str
) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    with pytest.raises(ScenarioError) as caught:
        save_figure(
            seeded, pat, "baseline", "big_health", "2023", value=2231.0, source=source, parent=1
        )
    assert str(caught.value) == message
    assert len(figure_history(seeded, "baseline", "big_health", "2023")) == 1

"""Saves, history, the difference between revisions, restore, and optimistic concurrency:
two planners saving from the same revision (one after the other, and racing in threads)."""

from __future__ import annotations

import threading

import pytest

from parksim.errors import RevisionConflict, ScenarioError
from parksim.store import (
    Store,
    history,
    restore,
    revision_diff,
    save_scenario,
    sign_in,
    stored_scenario,
    text_of,
)
from parksim.store.tree import text_sha256
from tests.store.conftest import PASSWORD, child_text

GROWTH = "indicators.big_health.growth"


def _value(difference, label: str):  # type: ignore[no-untyped-def]
    row = difference[(difference["key"] == GROWTH) & (difference["scenario"] == label)]
    return row["value"].item()


def test_a_planner_saves_a_new_scenario_and_its_next_revisions(seeded: Store) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    first = save_scenario(seeded, pat, child_text("mine", 0.12), parent=None, message="start")
    second = save_scenario(seeded, pat, child_text("mine", 0.13), parent=1, origin="app")
    assert (first.path, first.number, first.parent) == ("mine.toml", 1, None)
    assert (second.number, second.parent, second.author, second.origin) == (2, 1, "pat", "app")
    assert second.sha256 == text_sha256(child_text("mine", 0.13))
    assert [r.number for r in history(seeded, "mine")] == [1, 2]
    assert [r.parent for r in history(seeded, "mine")] == [None, 1]
    assert stored_scenario(seeded, "mine").indicators["big_health"].growth == 0.13
    assert text_of(seeded, "mine", 1) == child_text("mine", 0.12)
    difference = revision_diff(seeded, "mine", 1, 2)
    assert sorted(difference["key"].unique()) == [GROWTH]
    assert (_value(difference, "r1"), _value(difference, "r2")) == (0.12, 0.13)


def test_a_save_that_does_not_load_is_refused_and_names_the_stored_file(seeded: Store) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    broken = child_text("mine", 0.12).replace("growth = 0.12", "growth = -7.0")
    with pytest.raises(ScenarioError) as caught:
        save_scenario(seeded, pat, broken, parent=None)
    assert str(caught.value).startswith("mine.toml: indicators.big_health.growth")
    assert "parksim-store-" not in str(caught.value)  # never the temporary folder
    with pytest.raises(Exception, match="no stored scenario 'mine'"):
        history(seeded, "mine")


def test_the_second_of_two_saves_from_one_revision_gets_the_difference(seeded: Store) -> None:
    pat, quinn = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "quinn", PASSWORD)
    save_scenario(seeded, pat, child_text("shared", 0.10), parent=None)
    save_scenario(seeded, pat, child_text("shared", 0.11), parent=1)  # pat, from r1
    with pytest.raises(RevisionConflict) as caught:
        save_scenario(seeded, quinn, child_text("shared", 0.15), parent=1)  # quinn, from r1 too
    conflict = caught.value
    assert (conflict.parent, conflict.head) == (1, 2)
    assert str(conflict).startswith("shared.toml: saved meanwhile as revision 2 by pat (at ")
    assert "nothing was written" in str(conflict)
    difference = conflict.difference
    assert list(difference["scenario"].unique()) == ["r1", "r2", "yours"]
    assert [_value(difference, x) for x in ("r1", "r2", "yours")] == [0.10, 0.11, 0.15]
    assert [r.author for r in history(seeded, "shared")] == ["pat", "pat"]  # nothing lost
    assert text_of(seeded, "shared") == child_text("shared", 0.11)
    save_scenario(seeded, quinn, child_text("shared", 0.15), parent=2)  # saved again from r2
    assert text_of(seeded, "shared") == child_text("shared", 0.15)


def test_two_writers_racing_from_one_revision_one_wins_one_conflicts(seeded: Store) -> None:
    pat, quinn = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "quinn", PASSWORD)
    save_scenario(seeded, pat, child_text("race", 0.10), parent=None)
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def write(actor, growth: float) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            save_scenario(seeded, actor, child_text("race", growth), parent=1)
            outcome[actor.name] = "saved"
        except RevisionConflict:
            outcome[actor.name] = "conflict"

    threads = [threading.Thread(target=write, args=a) for a in ((pat, 0.2), (quinn, 0.3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.values()) == ["conflict", "saved"]
    revisions = history(seeded, "race")
    assert [r.number for r in revisions] == [1, 2]
    winner = next(name for name, result in outcome.items() if result == "saved")
    assert revisions[-1].author == winner


def test_restore_is_a_new_revision_with_the_old_text(seeded: Store) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    for parent, growth in enumerate((0.10, 0.11, 0.12)):
        save_scenario(seeded, pat, child_text("mine", growth), parent=parent or None)
    restored = restore(seeded, pat, "mine", 1)
    assert (restored.number, restored.parent, restored.origin) == (4, 3, "restore:1")
    assert restored.message == "restore of revision 1"
    assert [r.sha256 for r in history(seeded, "mine")][::3] == [restored.sha256] * 2
    assert text_of(seeded, "mine") == child_text("mine", 0.10)
    assert text_of(seeded, "mine", 3) == child_text("mine", 0.12)  # nothing undone


def test_a_new_scenario_with_a_stored_id_is_refused_without_losing_either(seeded: Store) -> None:
    pat, quinn = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "quinn", PASSWORD)
    save_scenario(seeded, pat, child_text("mine", 0.12), parent=None)
    with pytest.raises(RevisionConflict) as caught:
        save_scenario(seeded, quinn, child_text("mine", 0.2), parent=None)
    assert str(caught.value) == (
        "mine.toml: exists already (revision 1, by pat); to change it, save from revision 1; "
        "or give your scenario another id"
    )
    assert text_of(seeded, "mine") == child_text("mine", 0.12)


@pytest.mark.parametrize(
    ("key", "value"),
    [("actuals", "/etc/passwd"), ("history", "../../../etc/passwd"), ("extends", "/etc/x.toml")],
)
def test_a_saved_scenario_never_names_a_file_outside_the_store(
    seeded: Store, key: str, value: str
) -> None:
    pat = sign_in(seeded, "pat", PASSWORD)
    text = child_text("mine", 0.12).replace('extends = "baseline"', f'{key} = "{value}"')
    if key != "extends":
        text = text.replace("[scenario]\n", '[scenario]\nextends = "baseline"\n')
    with pytest.raises(ScenarioError) as caught:
        save_scenario(seeded, pat, text, parent=None)
    assert str(caught.value) == (
        f"mine.toml: scenario.{key} = '{value}': must name a file inside the stored folder "
        f"(a relative path without ..)"
    )

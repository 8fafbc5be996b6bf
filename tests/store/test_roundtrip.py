"""``db import`` then ``db export``: TOML → database → TOML gives equal scenarios, the same
bytes for every scenario and history file, and an actuals file that a second round trip
writes byte for byte again (its writer is canonical)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parksim import load_scenario, simulate
from parksim.errors import ArgumentError
from parksim.inputs.digest import scenario_sha256
from parksim.inputs.scenario import Scenario
from parksim.store import Store, export_folder, history, import_folder, open_store
from tests.store.conftest import OPERATOR, SCENARIOS


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _same_scenario(a: Scenario, b: Scenario) -> None:
    assert a.spec == b.spec
    assert a.raw == b.raw
    assert scenario_sha256(a) == scenario_sha256(b)
    assert [f.name for f in a.files] == [f.name for f in b.files]
    assert (a.actuals is None) == (b.actuals is None)
    if a.actuals is not None and b.actuals is not None:
        assert a.actuals.figures == b.actuals.figures  # values, sources, lines, revisions
    if a.history is not None and b.history is not None:
        assert a.history.figures == b.history.figures


def test_the_shipped_scenarios_come_back_equal(store: Store, tmp_path: Path) -> None:
    import_folder(store, OPERATOR, SCENARIOS, seed=True)
    written = export_folder(store, tmp_path / "out")
    shipped = _files(SCENARIOS)
    assert sorted(written) == sorted(shipped)
    for path, data in _files(tmp_path / "out").items():
        if not path.startswith("actuals/"):
            assert data == shipped[path], path
    for file in sorted(SCENARIOS.glob("*.toml")):
        _same_scenario(load_scenario(file), load_scenario(tmp_path / "out" / file.name))
    small = {"paths": 400, "pipeline_runs": 5}
    before = simulate(load_scenario(SCENARIOS / "faster_reform.toml"), **small).targets()
    after = simulate(load_scenario(tmp_path / "out" / "faster_reform.toml"), **small).targets()
    assert before.equals(after)


def test_a_second_round_trip_writes_the_same_bytes(store: Store, tmp_path: Path) -> None:
    import_folder(store, OPERATOR, SCENARIOS)
    export_folder(store, tmp_path / "one")
    again = open_store(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    import_folder(again, OPERATOR, tmp_path / "one")
    export_folder(again, tmp_path / "two")
    again.engine.dispose()
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_revisions_inside_an_actuals_file_survive(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SCENARIOS, folder)
    with (folder / "actuals" / "baseline.csv").open("a", encoding="utf-8") as csv:
        csv.write('big_health,2023,"2,231.0",,"济南市统计局 2024年统计公报: 修订为2231.0亿元"\n')
    import_folder(store, OPERATOR, folder)
    export_folder(store, tmp_path / "out")
    original = load_scenario(folder / "baseline.toml")
    exported = load_scenario(tmp_path / "out" / "baseline.toml")
    _same_scenario(original, exported)
    assert exported.actuals is not None
    health = [f for f in exported.actuals.figures if f.indicator == "big_health"]
    assert [(f.value, f.revised) for f in health] == [(2231.0, (2229.6,))]


def test_importing_again_stores_only_what_changed(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SCENARIOS, folder)
    first = import_folder(store, OPERATOR, folder)
    assert (first.revisions, first.figures, first.unchanged) == (5, 5, 0)
    assert import_folder(store, OPERATOR, folder).unchanged == 5
    child = folder / "faster_reform.toml"
    child.write_text(child.read_text(encoding="utf-8") + "\n# checked\n", encoding="utf-8")
    done = import_folder(store, OPERATOR, folder, message="checked")
    assert (done.revisions, done.figures, done.unchanged) == (1, 0, 4)
    revisions = history(store, "faster_reform")
    assert [(r.number, r.parent, r.message) for r in revisions][-1] == (2, 1, "checked")


def test_export_refuses_a_folder_with_files_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    import_folder(store, OPERATOR, SCENARIOS)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(ArgumentError, match="exists and is not an empty folder"):
        export_folder(store, tmp_path / "out")
    assert _files(tmp_path / "out") == {"mine.txt": b"keep"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]

"""``app.team`` and ``app.access`` without Streamlit: which mode, the one seam of saving
(a file alone, a revision in a team), figures, sessions' time limits. Real SQLite stores."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from parksim.app import access, catalog, entry, saving, team
from parksim.app.pages.revisions import shown_origin
from parksim.app.team import Refused, Where
from parksim.app.workbook import scenario_bytes
from parksim.inputs.loader import load_scenario
from parksim.store import Actor, figure_history, history, scenario_ids, text_of
from tests.app.teamserver import PASSWORD, ROOT, TeamServer, team_server
from tests.app.test_workbook_app import Uploaded, _with_id

CHILD = (
    '[scenario]\nid = "{id}"\nname = "子情景"\nname_en = "Child"\nextends = "baseline"\n\n'
    '[indicators.big_health]\ngrowth = {growth}\nsource.growth = "assumption: test"\n'
)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(tmp_path: Path, request: pytest.FixtureRequest) -> TeamServer:
    """A team server on SQLite, then on a real PostgreSQL database (``tests/store``'s cluster)."""
    url = None if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
    return team_server(tmp_path, url=url)


@pytest.fixture
def file_server(tmp_path: Path) -> TeamServer:
    """A team server on its SQLite file: the tests that damage the file or make it read-only."""
    return team_server(tmp_path)


def as_(server: TeamServer, name: str, role: str) -> Where:
    where = team.connect(server.scenarios, server.env())
    assert where.mode == "team", where.problem
    return replace(where, actor=Actor(name, role))


def test_no_store_no_accounts_means_one_person_and_no_database_is_made(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    env = {"PARKSIM_DATA_DIR": str(tmp_path / "data")}
    assert team.connect(scenarios, env) == Where(scenarios)
    assert not (tmp_path / "data").exists()
    empty = team_server(tmp_path / "empty", accounts=())  # a store, but nobody in it
    assert team.connect(empty.scenarios, empty.env()).mode == "single"


def test_a_team_server_stores_the_shipped_scenarios_once_and_reads_a_mirror(
    server: TeamServer,
) -> None:
    where = team.connect(server.scenarios, server.env())
    assert where.mode == "team" and where.folder != server.scenarios
    shipped = (server.scenarios / "baseline.toml").read_bytes()
    assert (where.folder / "baseline.toml").read_bytes() == shipped
    assert [r.origin for r in history(server.open(), "baseline")] == [f"import:{server.scenarios}"]
    team.connect(server.scenarios, server.env())  # a second start stores nothing again
    assert len(history(server.open(), "baseline")) == 1


def test_a_damaged_store_leaves_the_shipped_scenarios_read_only(file_server: TeamServer) -> None:
    (file_server.data / "parksim.sqlite3").write_bytes(b"this is not a database" * 100)
    where = team.connect(file_server.scenarios, file_server.env())
    assert where.mode == "offline" and where.folder == file_server.scenarios
    assert "is not a SQLite database, or it is damaged" in str(where.problem)
    with pytest.raises(Refused) as refused:
        team.persist_scenario(where, CHILD.format(id="x", growth=0.1), None)
    assert refused.value.text("en").startswith("The team's database cannot be used")
    assert not (file_server.scenarios / "x.toml").exists()


def test_a_read_only_store_signs_in_and_shows_but_refuses_a_save_clearly(
    file_server: TeamServer,
) -> None:
    as_(file_server, "pat", "planner")  # the first start stores the shipped scenarios
    file = file_server.data / "parksim.sqlite3"
    env = {**file_server.env(), "PARKSIM_DATABASE_URL": f"sqlite:///file:{file}?mode=ro&uri=true"}
    where = team.connect(file_server.scenarios, env)
    assert where.mode == "team", where.problem
    signed = access.signed_in(where, "pat", PASSWORD, 0.0)
    with pytest.raises(Refused) as refused:
        team.persist_scenario(
            replace(where, actor=signed.actor), CHILD.format(id="x", growth=0.1), None
        )
    assert refused.value.reason == "store"
    assert "the database is read-only" in refused.value.text("en")


def test_the_seam_writes_a_file_for_one_person(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    alone = Where(scenarios)
    text = saving.SAVED_MARKER + "\n" + CHILD.format(id="mine", growth=0.12)
    assert team.persist_scenario(alone, text, None) == "mine"
    assert (scenarios / "mine.toml").read_text(encoding="utf-8") == text
    first = team.current_revision(alone, "mine")
    assert first == saving.revision(scenarios / "mine.toml")
    with pytest.raises(saving.SaveError) as exists:
        team.persist_scenario(alone, text.replace("0.12", "0.13"), None)
    assert exists.value.reason == "exists"
    team.persist_scenario(alone, text.replace("0.12", "0.13"), first)
    with pytest.raises(saving.SaveError) as stale:  # from the first revision again
        team.persist_scenario(alone, text.replace("0.12", "0.14"), first)
    assert stale.value.reason == "conflict"


def test_the_seam_writes_revisions_in_a_team_checked_by_the_store(server: TeamServer) -> None:
    pat, vic = as_(server, "pat", "planner"), as_(server, "vic", "viewer")
    with pytest.raises(Refused) as denied:  # the Actor says planner: the store knows better
        team.persist_scenario(
            replace(vic, actor=Actor("vic", "planner")), CHILD.format(id="v", growth=0.1), None
        )
    assert denied.value.reason == "denied" and denied.value.values["role"] == "viewer"
    assert team.persist_scenario(pat, CHILD.format(id="c", growth=0.12), None) == "c"
    assert team.current_revision(pat, "c") == "1"
    assert (pat.folder / "c.toml").read_text(encoding="utf-8") == text_of(server.open(), "c")
    team.persist_scenario(pat, CHILD.format(id="c", growth=0.13), "1")
    with pytest.raises(Refused) as conflict:
        team.persist_scenario(pat, CHILD.format(id="c", growth=0.14), "1")
    assert conflict.value.reason == "revision_conflict"
    assert conflict.value.confirm == ("c", "2")
    assert list(conflict.value.difference["scenario"].unique()) == ["r1", "r2", "yours"]
    assert "0.14" not in text_of(server.open(), "c")
    with pytest.raises(Refused) as seed:
        team.persist_scenario(pat, (server.scenarios / "baseline.toml").read_text(), "1")
    assert seed.value.values["needed"] == "admin"
    with pytest.raises(Refused) as signed_out:
        team.persist_scenario(replace(pat, actor=None), CHILD.format(id="d", growth=0.1), None)
    assert signed_out.value.reason == "signed_out"


def _row(source: str = "test: the statistics bureau, 2024") -> dict[str, str]:
    return {"indicator": "big_health", "period": "2024", "value": "2,500.5", "source": source}


def test_figures_in_a_team_are_revisions_in_the_store_and_checked_first(
    server: TeamServer,
) -> None:
    pat = as_(server, "pat", "planner")
    baseline = catalog.load_path(pat.folder / "baseline.toml", ())
    assert baseline.actuals is not None
    seen = saving.revision(baseline.actuals.file)
    with pytest.raises(entry.EntryError) as formula:
        team.persist_figures(pat, baseline, [_row(), _row("=cmd|' /C calc'!A0")], seen)
    assert formula.value.reason == "formula"
    vic = replace(pat, actor=Actor("vic", "viewer"))
    with pytest.raises(entry.EntryError) as denied:
        team.persist_figures(vic, baseline, [_row()], seen)
    assert denied.value.reason == "denied"
    assert not figure_history(server.open(), "baseline", "big_health", "2024")
    assert team.persist_figures(pat, baseline, [_row()], seen) == 1
    [saved] = figure_history(server.open(), "baseline", "big_health", "2024")
    assert (saved.value, saved.author) == (2500.5, "pat")
    assert "big_health,2024,2500.5" in baseline.actuals.file.read_text(encoding="utf-8")
    with pytest.raises(entry.EntryError) as stale:  # the file changed since ``seen``
        team.persist_figures(pat, baseline, [_row("test: a newer table, 2025")], seen)
    assert stale.value.reason == "conflict"


def test_a_session_ends_when_unused_too_long_or_after_a_working_day() -> None:
    signed = access.Signed(Actor("pat", "planner"), since=1000.0, seen=1000.0)
    idle = access.idle_seconds({})
    assert idle == 3600
    assert signed.valid(1000.0 + idle, {}) and not signed.valid(1001.0 + idle, {})
    busy = signed
    for hour in range(1, 13):
        busy = busy.touched(1000.0 + hour * 3600 - 1, "planner")
    assert busy.valid(1000.0 + 12 * 3600 - 1, {})
    assert not busy.touched(1000.0 + 12 * 3600 + 1, "planner").valid(1000.0 + 12 * 3600 + 1, {})
    assert access.idle_seconds({"PARKSIM_SESSION_MINUTES": "15"}) == 900
    assert access.idle_seconds({"PARKSIM_SESSION_MINUTES": "-3"}) == 3600


def test_one_person_sees_the_mode_and_no_team_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    monkeypatch.setenv("PARKSIM_SCENARIOS", str(scenarios))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert at.title[0].value == "基准情景"
    assert at.sidebar.caption[0].value.startswith("单人模式:未配置账号")
    options = at.segmented_control(key="page@zh").options
    assert "版本历史" not in options and "账号与审计" not in options and "保存·分享·导出" in options


def test_a_damaged_store_shows_why_and_the_shipped_scenarios(
    file_server: TeamServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    (file_server.data / "parksim.sqlite3").write_bytes(b"not a database" * 100)
    for key, value in file_server.env().items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert at.title[0].value == "基准情景" and at.table  # the numbers, read only
    assert at.sidebar.error[0].value.startswith("团队数据库无法使用,现仅显示随项目提供的情景")
    at.segmented_control(key="page@zh").set_value("save").run()
    assert at.button(key="save_btn").disabled


def test_an_uploaded_workbook_in_a_team_is_stored_by_a_planner_only(server: TeamServer) -> None:
    pat = as_(server, "pat", "planner")
    data = _with_id(scenario_bytes(load_scenario(pat.folder / "baseline.toml")), "wb_park")
    refused = team.import_upload(
        replace(pat, actor=Actor("vic", "viewer")), Uploaded("a.xlsx", data), "en"
    )
    assert refused is not None and not refused.ok
    assert refused.lines[0].startswith("Nothing saved: your account (role viewer) may not")
    assert "wb_park" not in scenario_ids(server.open())
    assert not (pat.folder / "wb_park.toml").exists()  # the mirror holds only what is stored
    done = team.import_upload(pat, Uploaded("a.xlsx", data), "en")
    assert done is not None and done.ok
    [first] = history(server.open(), "wb_park")
    assert (first.author, first.number) == ("pat", 1)
    assert (pat.folder / "wb_park.toml").is_file() and (
        pat.folder / "actuals" / "wb_park.csv"
    ).is_file()


def test_the_history_page_shows_no_folder_of_the_server() -> None:
    from_folder = shown_origin("import:/srv/parksim/scenarios")
    assert (from_folder, shown_origin("app:save")) == ("import:scenarios", "app:save")

"""The app as a team server, through Streamlit's AppTest: sign-in before anything, roles
checked by the store on every write (a viewer's click on a stale page is refused there), a
planner's save a revision, a conflict between two planners, restore, the admin's page, an
expired session, and a store that cannot be used. A real SQLite store, no mocks."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from parksim.app import access, team
from parksim.store import Actor, history, save_scenario, scenario_ids, set_role, text_of
from tests.app.teamserver import PASSWORD, TeamServer, team_server
from tests.app.test_app_streamlit import APP, TIMEOUT

SIGN_IN = "登录 / Sign in"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TeamServer:
    made = team_server(tmp_path)
    for key, value in made.env().items():
        monkeypatch.setenv(key, value)
    return made


def opened() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(b for b in at.button if b.label == SIGN_IN).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(name: str) -> AppTest:
    at = sign_in(opened(), name)
    assert at.title and at.title[0].value == "基准情景", [e.value for e in at.error]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.segmented_control(key="page@zh").set_value(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save_as(at: AppTest, file_id: str, *, confirm: bool = False) -> AppTest:
    go(at, "save")
    at.text_input(key="save_id").input(file_id)
    if confirm:
        at.checkbox(key="save_confirm").check()
    at.button(key="save_btn").click().run()
    return at


def move_growth(at: AppTest, value: float) -> None:
    slider = next(s for s in at.slider if s.key and s.key.endswith(":indicators.big_health.growth"))
    slider.set_value(value).run()


def test_nothing_shows_before_sign_in_and_a_wrong_password_says_nothing_more(
    server: TeamServer,
) -> None:
    at = opened()
    assert not at.table and not at.slider  # no numbers, no sliders: only the sign-in form
    assert at.title[0].value == "登录 parksim 团队服务器 / Sign in to the parksim team server"
    wrong = sign_in(at, "pat", "not the password").error[0].value
    unknown = sign_in(at, "nobody", "not the password").error[0].value
    assert wrong == unknown == "账号或密码不正确。 / Wrong account name or password."
    assert not at.table
    sign_in(at, "pat")
    assert at.title[0].value == "基准情景"
    assert any(c.value == "已登录:pat(规划人员)" for c in at.sidebar.caption)
    at.button(key="sign_out").click().run()
    assert not at.table and at.info[0].value == "已退出登录。 / Signed out."


def test_repeated_failures_are_delayed_by_the_stores_throttle(server: TeamServer) -> None:
    at = opened()
    for _ in range(4):  # three free failures, then a delay
        sign_in(at, "pat", "not the password")
    refused = sign_in(at, "pat").error[0].value  # even the right password, while it runs
    assert refused.startswith("失败次数过多,请 ") and "try again in" in refused
    assert not at.table


def test_a_planners_save_is_a_revision_in_the_store_signed_by_the_account(
    server: TeamServer,
) -> None:
    at = signed_in("pat")
    move_growth(at, 12.0)
    save_as(at, "pat-variant")
    assert at.success[0].value.startswith("已保存为 pat-variant.toml")
    assert at.session_state["view_state"].scenario == "pat-variant"  # now shown, from the store
    store = server.open()
    [first] = history(store, "pat-variant")
    assert (first.number, first.author, first.origin) == (1, "pat", "app:save")
    assert 'source.growth = "assumption: set in the app by pat"' in text_of(store, "pat-variant")
    move_growth(at, 13.0)
    save_as(at, "pat-variant")  # exists: a confirmation for revision 1 is asked first
    assert "“pat-variant” 已存在" in at.error[0].value
    save_as(at, "pat-variant", confirm=True)
    assert [(r.number, r.parent) for r in history(store, "pat-variant")] == [(1, None), (2, 1)]
    assert "0.13" in text_of(store, "pat-variant") and "0.12" not in text_of(store, "pat-variant")


def _saving_directly() -> None:
    """The app's first steps, then the save form's callback called directly (as a doctored
    page would make it run), its message written out."""
    import streamlit as st

    from parksim.app import catalog, state
    from parksim.app.pages.signin import door

    where = door(catalog.scenarios_folder("app.py"))
    ctx = state.start(where.folder, where)
    if st.session_state.get("call_save"):
        st.session_state.save_id = "vic-variant"
        state.on_save(ctx)
        st.text(st.session_state.save_message[1])


def test_a_viewer_cannot_save_even_when_the_callback_is_called_directly(
    server: TeamServer,
) -> None:
    at = go(signed_in("vic"), "save")
    assert at.button(key="save_btn").disabled  # AppTest, like a browser, will not click it
    assert at.info[-1].value.startswith("你的角色(查看者)只能查看")
    direct = AppTest.from_function(_saving_directly, default_timeout=TIMEOUT)
    direct.run()
    sign_in(direct, "vic")
    direct.session_state["call_save"] = True
    direct.run()
    assert direct.text[-1].value.startswith("未保存:你的账号(角色 viewer)无权进行此操作")
    assert not _stored(server, "vic-variant")


def test_a_viewer_sees_the_figure_and_new_scenario_buttons_off(server: TeamServer) -> None:
    """Shown only (the store refuses a viewer's figures and files whatever the page says): a
    viewer's figure editor and 新建情景 button are disabled, a planner's are not."""
    vic = go(signed_in("vic"), "tracking")
    assert vic.button(key="entry_save").disabled
    assert any(i.value.startswith("你的角色(查看者)只能查看") for i in vic.info)
    assert go(vic, "edit").button(key="new_go").disabled
    pat = go(signed_in("pat"), "tracking")
    assert not pat.button(key="entry_save").disabled
    assert not go(pat, "edit").button(key="new_go").disabled


def test_a_planner_demoted_meanwhile_is_refused_on_the_page_still_showing_save(
    server: TeamServer,
) -> None:
    at = go(signed_in("pat"), "save")
    assert not at.button(key="save_btn").disabled
    at.text_input(key="save_id").input("pat-variant")
    set_role(server.open(), Actor.operator(), "pat", "viewer")  # the page is now stale
    at.button(key="save_btn").click().run()
    assert at.error[0].value.startswith("未保存:你的账号(角色 viewer)")
    assert not _stored(server, "pat-variant")
    assert at.button(key="save_btn").disabled  # the next run reads the role again


def _stored(server: TeamServer, scenario_id: str) -> bool:
    return scenario_id in scenario_ids(server.open())


def test_two_planners_saving_from_the_same_revision_the_second_sees_the_difference(
    server: TeamServer,
) -> None:
    pat, quinn = signed_in("pat"), signed_in("quinn")
    move_growth(pat, 12.0)
    save_as(pat, "shared")
    for at, growth in ((pat, 13.0), (quinn, 14.0)):
        if at is quinn:  # quinn opens the scenario pat saved, at revision 1
            at.run()
            at.selectbox(key="pick@zh").set_value("shared.toml").run()
        move_growth(at, growth)
        save_as(at, "shared")  # both are asked to confirm revision 1
    save_as(pat, "shared", confirm=True)
    save_as(quinn, "shared", confirm=True)
    message = quinn.error[0].value
    assert message.startswith("“shared” 已由 pat 于 ") and "保存为第 2 版" in message
    assert "你是从第 1 版开始修改的" in message
    difference = quinn.dataframe[-1].value
    assert list(difference.columns[1:4]) == ["r1", "r2", "yours"]
    growth = difference.loc[difference.iloc[:, 0].str.contains("年均增速")]
    assert len(growth) == 1 and growth.iloc[0, 2] != growth.iloc[0, 3]  # pat's 13 %, quinn's 14 %
    store = server.open()
    assert [r.author for r in history(store, "shared")] == ["pat", "pat"]  # nothing of quinn's
    save_as(quinn, "shared", confirm=True)  # confirmed again, from revision 2: saved
    assert [r.author for r in history(store, "shared")] == ["pat", "pat", "quinn"]


def test_restore_saves_an_old_revision_again_and_a_viewer_may_not(server: TeamServer) -> None:
    pat = signed_in("pat")
    move_growth(pat, 12.0)
    save_as(pat, "restorable")
    move_growth(pat, 15.0)
    save_as(pat, "restorable")
    save_as(pat, "restorable", confirm=True)
    store = server.open()
    first = text_of(store, "restorable", 1)
    vic = signed_in("vic")
    vic.selectbox(key="pick@zh").set_value("restorable.toml").run()
    assert go(vic, "history").button(key="hist_restore_btn").disabled
    quinn = signed_in("quinn")  # a planner's page, then quinn is made a viewer
    quinn.selectbox(key="pick@zh").set_value("restorable.toml").run()
    go(quinn, "history")
    set_role(store, Actor.operator(), "quinn", "viewer")
    quinn.button(key="hist_restore_btn").click().run()
    assert quinn.error[0].value.startswith("未保存:你的账号(角色 viewer)")
    assert len(history(store, "restorable")) == 2
    go(pat, "history")
    table = pat.dataframe[0].value
    assert list(table["版本"]) == [2, 1] and list(table["作者"]) == ["pat", "pat"]
    assert pat.dataframe[1].value.shape[0] >= 1  # r1 against r2: the growth differs
    pat.selectbox(key="hist_restore:restorable").set_value(1)
    pat.button(key="hist_restore_btn").click().run()
    assert pat.success[0].value == "已把第 1 版恢复为第 3 版。"
    newest = history(store, "restorable")[-1]
    assert (newest.number, newest.origin, newest.author) == (3, "restore:1", "pat")
    assert text_of(store, "restorable") == first


def test_an_expired_session_asks_again_and_keeps_what_was_typed(server: TeamServer) -> None:
    at = go(signed_in("pat"), "save")
    at.text_input(key="save_id").input("half-typed").run()
    signed = at.session_state["team_signed"]
    long_ago = time.monotonic() - access.idle_seconds() - 60
    at.session_state["team_signed"] = access.Signed(signed.actor, long_ago, long_ago)
    at.run()
    assert not at.table and at.info[0].value.startswith("登录已过期")
    sign_in(at, "pat")
    assert at.text_input(key="save_id").value == "half-typed"


def test_the_admin_page_adds_an_account_and_shows_the_audit_log(server: TeamServer) -> None:
    assert "admin" not in signed_in("pat").segmented_control(key="page@zh").options
    at = go(signed_in("ada"), "admin")
    at.text_input(key="admin_name").input("new.planner")
    at.selectbox(key="admin_role").set_value("planner")
    at.text_input(key="admin_password").input("a long password")
    next(b for b in at.button if b.label == "新建").click().run()
    assert at.success[0].value == "已完成:new.planner。"
    accounts = at.dataframe[0].value
    assert ("new.planner", "planner", True) in set(map(tuple, accounts.values.tolist()))
    audit = at.dataframe[-1].value
    assert audit.iloc[0]["action"] == "account.add" and audit.iloc[0]["actor"] == "ada"
    sign_in(opened(), "new.planner", "a long password")  # the new account signs in


def test_the_audit_csv_keeps_a_typed_formula_as_text(server: TeamServer) -> None:
    store = server.open()
    child = (
        '[scenario]\nid = "c"\nname = "子"\nname_en = "C"\nextends = "baseline"\n'
        '[indicators.big_health]\ngrowth = 0.12\nsource.growth = "assumption: test"\n'
    )
    signed_in("ada")  # the app's first start stores the shipped scenarios
    save_scenario(store, Actor.operator(), child, parent=None, message='=HYPERLINK("x")')
    where = _where(server, "ada")
    data = access.audit_csv(access.audit_table(where)).decode("utf-8-sig")
    assert "'=HYPERLINK" in data and ",=HYPERLINK" not in data


def _where(server: TeamServer, name: str) -> team.Where:
    where = team.connect(server.scenarios, server.env())
    return replace(where, actor=Actor(name, "admin"))

"""Role checks made by the store's functions themselves: a viewer's save is refused when
called directly, a forged or stale ``Actor`` gets only what its account allows, seeds are
the admins', and the audit log is theirs to read."""

from __future__ import annotations

import pytest

from parksim.errors import AccessDenied
from parksim.store import (
    Actor,
    add_account,
    audit_log,
    history,
    restore,
    save_figure,
    save_scenario,
    set_active,
    set_role,
    sign_in,
    text_of,
)
from parksim.store.database import Store
from tests.store.conftest import PASSWORD, child_text


def test_a_viewers_save_is_refused_even_when_called_directly(seeded: Store) -> None:
    vic = sign_in(seeded, "vic", PASSWORD)
    with pytest.raises(
        AccessDenied, match=r"^vic is a viewer: to save mine.toml needs the planner role$"
    ):
        save_scenario(seeded, vic, child_text("mine", 0.12), parent=None)
    with pytest.raises(AccessDenied, match="vic is a viewer"):
        save_figure(
            seeded, vic, "baseline", "big_health", "2024", value=1.0, source="x: y", parent=None
        )
    with pytest.raises(AccessDenied, match="vic is a viewer"):
        restore(seeded, vic, "baseline", 1)
    assert isinstance(AccessDenied("x"), PermissionError)
    assert [r.number for r in history(seeded, "baseline")] == [1]


def test_the_role_is_read_from_the_database_not_from_the_actor(seeded: Store) -> None:
    forged = Actor("vic", "admin")  # a viewer claiming to be an admin
    with pytest.raises(AccessDenied, match="vic is a viewer"):
        save_scenario(seeded, forged, child_text("mine", 0.12), parent=None)
    with pytest.raises(AccessDenied, match="nobody: no active account may save"):
        save_scenario(seeded, Actor("nobody", "admin"), child_text("mine", 0.12), parent=None)
    pat = sign_in(seeded, "pat", PASSWORD)
    set_role(seeded, sign_in(seeded, "ada", PASSWORD), "pat", "viewer")
    with pytest.raises(AccessDenied, match="pat is a viewer"):  # demoted since signing in
        save_scenario(seeded, pat, child_text("mine", 0.12), parent=None)
    set_active(seeded, sign_in(seeded, "ada", PASSWORD), "quinn", False)
    with pytest.raises(AccessDenied, match="quinn: no active account"):
        save_scenario(seeded, Actor("quinn", "planner"), child_text("mine", 0.12), parent=None)


def test_a_shipped_seed_is_revised_by_admins_only(seeded: Store) -> None:
    text = text_of(seeded, "baseline").replace("growth_sd", "growth_sd", 1)
    pat, ada = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "ada", PASSWORD)
    edited = text + "\n# reviewed\n"
    with pytest.raises(
        AccessDenied, match=r"pat is a planner: to save baseline\.toml needs the admin role"
    ):
        save_scenario(seeded, pat, edited, parent=1)
    assert save_scenario(seeded, ada, edited, parent=1).number == 2


def test_accounts_and_the_audit_log_are_for_admins(seeded: Store) -> None:
    pat, ada = sign_in(seeded, "pat", PASSWORD), sign_in(seeded, "ada", PASSWORD)
    with pytest.raises(AccessDenied, match="to add account eve needs the admin role"):
        add_account(seeded, pat, "eve", "admin", PASSWORD)
    with pytest.raises(AccessDenied, match="to read the audit log needs the admin role"):
        audit_log(seeded, pat)
    add_account(seeded, ada, "eve", "viewer", PASSWORD, source="app")
    log = audit_log(seeded, ada)
    last = log.iloc[-1]
    assert (last["actor"], last["action"], last["object"], last["source"]) == (
        "ada",
        "account.add",
        "account:eve",
        "app",
    )

"""Accounts: Argon2id hashes (argon2-cffi verifies them), sign-in that never says whether a
name exists, and the delay after repeated failures on a clock the test moves by hand."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from parksim.errors import AccessDenied, ArgumentError, SignInFailed
from parksim.store import Store, accounts, add_account, open_store, set_password, sign_in
from parksim.store.accounts import WRONG, Actor
from parksim.store.models import Account
from parksim.store.throttle import MAX_DELAY, Throttle
from tests.store.conftest import OPERATOR, PASSWORD


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_only_an_argon2id_hash_of_the_password_is_kept(store: Store) -> None:
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    with store.transaction() as session:
        digest = session.scalars(select(Account.password_hash)).one()
    assert digest.startswith("$argon2id$")
    assert PASSWORD not in digest
    assert PasswordHasher().verify(digest, PASSWORD)
    assert sign_in(store, "pat", PASSWORD) == Actor("pat", "planner")
    assert accounts(store) == [("pat", "planner", True)]


def test_a_wrong_password_and_an_unknown_name_read_the_same(store: Store) -> None:
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    answers = []
    for name, password in (("pat", "wrong password"), ("nobody", PASSWORD)):
        with pytest.raises(SignInFailed) as caught:
            sign_in(store, name, password)
        answers.append(str(caught.value))
    assert answers == [WRONG, WRONG] == ["sign-in failed: wrong name or password"] * 2


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("pat", "planner", "short", "password: must be at least 8 characters long"),
        ("pat", "boss", PASSWORD, "role 'boss': must be one of viewer, planner, admin"),
        ("operator:x", "admin", PASSWORD, "account name 'operator:x': must be 1–64 letters"),
    ],
)
def test_bad_account_details_are_refused_in_one_line(
    store: Store, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(")):
        add_account(store, OPERATOR, name, role, password)


def test_an_existing_name_is_refused(store: Store) -> None:
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    with pytest.raises(ArgumentError, match="account 'pat' exists already"):
        add_account(store, OPERATOR, "pat", "viewer", PASSWORD)


def test_repeated_failures_delay_the_next_attempt_and_a_success_clears_them() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    for _ in range(3):  # the free failures
        assert throttle.wait("Pat") == 0.0
        throttle.failed("pat")
    assert throttle.wait("PAT ") == 1.0  # names compared as a person types them
    throttle.failed("pat")
    assert throttle.wait("pat") == 2.0
    clock.now += 1.5
    assert throttle.wait("pat") == 0.5
    clock.now += 0.5
    assert throttle.wait("pat") == 0.0
    for _ in range(20):
        throttle.failed("pat")
    assert throttle.wait("pat") == MAX_DELAY
    throttle.succeeded("pat")
    assert throttle.wait("pat") == 0.0


def test_sign_in_is_refused_while_the_delay_runs_even_with_the_right_password(
    url: str,
) -> None:
    clock = Clock()
    store = open_store(url, throttle=Throttle(clock=clock))
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    for _ in range(3):
        with pytest.raises(SignInFailed):
            sign_in(store, "pat", "wrong password")
    with pytest.raises(SignInFailed) as caught:
        sign_in(store, "pat", PASSWORD)
    assert str(caught.value) == "sign-in refused: too many failed attempts; try again in 1 s"
    assert caught.value.retry_after == 1.0
    with pytest.raises(SignInFailed, match="try again in 1 s"):  # an unknown name alike
        for _ in range(4):
            try:
                sign_in(store, "nobody", "wrong password")
            except SignInFailed as exc:
                if "refused" in str(exc):
                    raise
    clock.now += 1.0
    assert sign_in(store, "pat", PASSWORD).name == "pat"
    store.engine.dispose()


def test_a_password_is_changed_by_its_owner_or_an_admin_only(store: Store) -> None:
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    add_account(store, OPERATOR, "vic", "viewer", PASSWORD)
    vic = sign_in(store, "vic", PASSWORD)
    set_password(store, vic, "vic", "vic's own new one")
    with pytest.raises(
        AccessDenied, match="vic is a viewer: to set the password of pat needs the admin role"
    ):
        set_password(store, vic, "pat", "taken over")
    assert sign_in(store, "vic", "vic's own new one") == vic
    with pytest.raises(SignInFailed):
        sign_in(store, "vic", PASSWORD)

"""The team server's door: which mode the app runs in, the sign-in form before anything in
team mode, and the account box (who is signed in, sign out) in the sidebar."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import streamlit as st

from parksim.app import access, team
from parksim.app.state import Ctx
from parksim.app.team import Refused, Where
from parksim.text.words import word

S = st.session_state


def door(shipped: Path) -> Where:
    """This run's ``Where``: in team mode only once signed in (else the sign-in form, and
    the script stops here); the session's role is read from the store on every run."""
    where = team.connect(shipped)
    if where.mode != "team":
        return where
    signed: access.Signed | None = S.get("team_signed")
    now = time.monotonic()
    role = None if signed is None else team.role_now(replace(where, actor=signed.actor))
    if signed is not None and role is not None and signed.valid(now):
        S.team_signed = signed.touched(now, role)
        return replace(where, actor=S.team_signed.actor)
    if signed is not None:  # expired, or switched off meanwhile: keep what was typed
        S.team_kept = (signed.actor.name, access.kept(S.to_dict()))
        S.signin_note = "signin.expired"
        del S.team_signed
    sign_in_form(where)
    st.stop()
    raise AssertionError("unreachable: st.stop() ends the run")  # pragma: no cover


def _both(key: str) -> str:
    return f"{word(key, 'zh')} / {word(key, 'en')}"


def sign_in_form(where: Where) -> None:
    """Account and password (both languages: the page's language is not known yet)."""
    column = st.columns([2, 3])[0]
    column.title(_both("signin.title"))
    if S.get("signin_note"):
        column.info(_both(S.signin_note))
    with column.form("signin", enter_to_submit=True):
        st.text_input(_both("signin.name"), key="signin_name", autocomplete="username")
        st.text_input(
            _both("signin.password"), key="signin_password", type="password",
            autocomplete="current-password",
        )  # fmt: skip
        st.form_submit_button(
            _both("signin.button"), type="primary", on_click=on_sign_in, args=(where,)
        )
    if S.get("signin_error"):
        column.error(S.signin_error)
    column.caption(_both("signin.caption"))


def on_sign_in(where: Where) -> None:
    """Check the name and password with the store; the password never stays in the session."""
    name, password = str(S.get("signin_name", "")), str(S.get("signin_password", ""))
    S.signin_password = ""
    try:
        signed = access.signed_in(where, name, password, time.monotonic())
    except Refused as exc:
        S.signin_error = f"{exc.text('zh')} / {exc.text('en')}"
        return
    S.team_signed = signed
    S.signin_error = S.signin_note = None
    owner, typed = S.get("team_kept") or ("", {})
    if owner == signed.actor.name:  # the same person again: what they typed comes back
        for key, value in typed.items():
            S[key] = value
    S.team_kept = None


def on_sign_out() -> None:
    S.pop("team_signed", None)
    S.team_kept = None
    S.signin_note = "team.signed_out"


def account_box(ctx: Ctx) -> None:
    """Who is signed in, with a sign-out button; or which mode the app runs in."""
    where, lang = ctx.where, ctx.lang
    if where.mode == "single":
        st.caption(word("team.single", lang))
    elif where.mode == "offline":
        st.error(word("team.offline", lang).format(problem=where.problem))
    elif where.actor is not None:
        role = word(f"role.{where.actor.role}", lang)
        st.caption(word("team.signed_in", lang).format(name=where.actor.name, role=role))
        st.button(
            word("team.sign_out", lang), key="sign_out", on_click=on_sign_out,
            icon=":material/logout:", type="tertiary",
        )  # fmt: skip

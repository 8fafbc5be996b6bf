"""账号与审计 Accounts and audit (admins): the accounts, adding one, a role changed, an
account switched off or on, and the audit log, shown and downloadable as CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from parksim.app import access, state
from parksim.app.saving import SaveError
from parksim.app.state import Ctx
from parksim.errors import StoreError
from parksim.store import ROLES, accounts
from parksim.text.words import headers, word

S = st.session_state


def admin_view(ctx: Ctx) -> None:
    w, where = ctx.w, ctx.where
    if where.team is None:
        return
    st.subheader(w("admin_accounts"))
    try:
        found = accounts(where.team.store)
    except StoreError as exc:
        st.error(exc.problem)
        return
    table = pd.DataFrame(
        found, columns=headers(["col.account", "col.role", "col.active"], ctx.lang)
    )
    st.dataframe(table, hide_index=True)
    add_form(ctx)
    change_form(ctx, [name for name, _, _ in found])
    message = S.get("admin_message")
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    audit(ctx)


def _role_name(ctx: Ctx) -> dict[str, str]:
    named = {role: ctx.w(f"role.{role}") for role in ROLES}  # the CLI's word beside, if other
    return {role: name if name == role else f"{role} · {name}" for role, name in named.items()}


def add_form(ctx: Ctx) -> None:
    w, names = ctx.w, _role_name(ctx)
    with st.form("admin_add", clear_on_submit=True):
        st.markdown(f"**{w('admin_add')}**")
        left, middle, right = st.columns(3)
        left.text_input(w("col.account"), key="admin_name")
        middle.selectbox(w("col.role"), ROLES, key="admin_role", format_func=names.__getitem__)
        right.text_input(w("admin_password"), key="admin_password", type="password")
        st.form_submit_button(w("admin_add_button"), on_click=on_add, args=(ctx,))


def change_form(ctx: Ctx, names: list[str]) -> None:
    w, roles = ctx.w, _role_name(ctx)
    st.markdown(f"**{w('admin_change')}**")
    left, right = st.columns(2)
    left.selectbox(w("col.account"), names, key="admin_pick")
    right.selectbox(w("col.role"), ROLES, key="admin_new_role", format_func=roles.__getitem__)
    actions = {"role": "admin_role_button", "off": "admin_off_button", "on": "admin_on_button"}
    for column, (action, label) in zip(st.columns(3), actions.items(), strict=True):
        column.button(
            w(label), key=f"admin_do_{action}", on_click=on_change, args=(ctx, action),
            width="stretch",
        )  # fmt: skip


def on_add(ctx: Ctx) -> None:
    name, password = str(S.get("admin_name", "")), str(S.get("admin_password", ""))
    value = f"{S.get('admin_role', 'viewer')}:{password}"
    _act(ctx, "add", name, value)


def on_change(ctx: Ctx, action: str) -> None:
    _act(ctx, action, str(S.get("admin_pick", "")), str(S.get("admin_new_role", "")))


def _act(ctx: Ctx, action: str, name: str, value: str) -> None:
    try:
        access.account_action(state.live(ctx.where), action, name, value)
    except SaveError as exc:
        S.admin_message = ("error", exc.text(ctx.lang))
        return
    S.admin_message = ("success", word("admin_done", ctx.lang).format(name=name))


def audit(ctx: Ctx) -> None:
    """The audit log, newest first on screen; the CSV oldest first, as the store keeps it."""
    w = ctx.w
    st.subheader(w("admin_audit"))
    st.caption(w("admin_audit_caption"))
    try:
        table = access.audit_table(ctx.where)
    except SaveError as exc:
        st.error(exc.text(ctx.lang))
        return
    st.dataframe(table.iloc[::-1], hide_index=True)
    st.download_button(
        w("admin_audit_download"), access.audit_csv(table), "parksim-audit.csv",
        mime="text/csv", key="dl_audit", on_click="ignore", icon=":material/download:",
    )  # fmt: skip

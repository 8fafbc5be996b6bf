"""分享与保存 Share and save: the link, downloads, the briefing, saving a child, the workbook."""

from __future__ import annotations

import streamlit as st

from parksim.app import access, state, widgets
from parksim.app.state import Ctx
from parksim.report.cells import difference_view
from parksim.text.words import word

S = st.session_state


def save_view(ctx: Ctx) -> None:
    w = ctx.w
    st.subheader(w("share_title"))
    st.code(state.share_link(ctx), language=None, wrap_lines=True)
    st.caption(w("share_caption"))
    st.subheader(w("download_title"))
    stem = ctx.entry.id + ("-variant" if ctx.state.positions else "")
    downloads = {"csv": ".csv", "xlsx": ".xlsx", "iamc": ".iamc.csv"}
    for column, (fmt, suffix) in zip(st.columns(3), downloads.items(), strict=True):
        column.download_button(
            w(f"download_{fmt}"), ctx.result_bytes(fmt), f"{stem}{suffix}", key=f"dl_{fmt}",
            mime=None if fmt == "xlsx" else "text/csv", on_click="ignore",
            icon=":material/download:",
        )  # fmt: skip
    st.caption(w("download_caption"))
    widgets.briefing_panel(ctx, stem)
    save_form(ctx)
    widgets.workbook_panel(ctx)


def save_form(ctx: Ctx, *, heading: bool = True) -> None:
    """The slider positions (and edits) saved as a child scenario file (id, names, author).
    Without the heading (in the edit view) the author field is the one atop that page."""
    w = ctx.w
    if heading:
        st.subheader(w("save_title"))
        st.caption(w("save_caption"))
    if not (ctx.state.positions or ctx.state.edits):
        parent = ctx.base.name if ctx.lang == "zh" else ctx.base.name_en
        st.info(w("save_nothing").format(parent=parent))
    where = ctx.where
    if where.actor is not None:
        st.caption(w("save_as_account").format(name=where.actor.name))
    left, right = st.columns(2)
    left.text_input(w("save_id"), key="save_id", placeholder="my-variant")
    if heading and where.actor is None:  # a team's saves are signed by the account
        widgets.author_input(w("save_author"), right)
    left.text_input(w("save_name"), key="save_name")
    right.text_input(w("save_name_en"), key="save_name_en")
    if S.get("need_confirm"):
        st.checkbox(w("save_confirm").format(id=S.need_confirm[0]), key="save_confirm")
    allowed = access.may(where, "planner")
    if not allowed and where.actor is not None:  # offline: the sidebar says why
        role = word(f"role.{where.actor.role}", ctx.lang)
        st.info(w("save_not_allowed").format(role=role))
    st.button(
        w("save_button"), on_click=state.on_save, args=(ctx,), type="primary", key="save_btn",
        disabled=not allowed,
    )  # fmt: skip
    message = S.get("save_message")
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)
    difference = S.get("save_difference")
    if difference is not None and len(difference):
        st.caption(w("save_difference"))
        labels = list(dict.fromkeys(difference["scenario"]))
        st.dataframe(difference_view(difference, labels, ctx.lang), hide_index=True)

"""编辑情景 Edit scenario: indicators, targets and pipelines as editable tables, checked at
once and shown everywhere like a slider move; saved as a child scenario. Then 新建情景."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from parksim.app import access, catalog, editing, state, widgets
from parksim.app.editing import Changes, Problem
from parksim.app.pages.save import save_form
from parksim.app.state import Ctx
from parksim.errors import ScenarioError
from parksim.inputs.workbook_sheets import header_of
from parksim.text.words import WORDS

S = st.session_state
NEW_FROM_EXAMPLE = "__example__"


def edit_view(ctx: Ctx) -> None:
    w = ctx.w
    st.subheader(w("edit_title"))
    st.caption(w("edit_caption"))
    left, right = st.columns([2, 1])
    if ctx.where.actor is None:  # a team's edits are signed by the account
        widgets.author_input(w("edit_author"), left)
    right.toggle(w("edit_all_columns"), key="edit_all")
    sections = [s for s in editing.LAYOUTS if s != "pipelines" or ctx.original.pipelines]
    tabs = st.tabs([w(f"wb.sheet.{s}") for s in sections])
    problems: list[Problem] = []
    for tab, section in zip(tabs, sections, strict=True):
        with tab:
            problems += section_editor(ctx, section)
    if problems:
        lines = "\n".join(p.text(ctx.lang) for p in problems)
        st.error(w("edit_invalid"), icon=":material/error:")
        st.code(lines, language=None, wrap_lines=True)  # cells echo typed text: not markup
    change_list(ctx)
    st.subheader(w("edit_save_title"))
    parent = ctx.base.name if ctx.lang == "zh" else ctx.base.name_en
    st.caption(w("edit_save_caption").format(parent=parent))
    save_form(ctx, heading=False)
    new_scenario(ctx)


def section_editor(ctx: Ctx, section: str) -> list[Problem]:
    """One table: the scenario as edited so far; a new edit is checked and, when valid,
    becomes the state (the page then reruns from it)."""
    everything = bool(S.get("edit_all"))
    shown = editing.table(ctx.base, section, everything)
    key = f"edit:{section}:{S.gen}:{everything}:{hash(ctx.state.edits)}"
    after = st.data_editor(
        shown, key=key, num_rows="add", hide_index=True, width="stretch",
        column_config=_columns(ctx, section, everything), placeholder="",
    )  # fmt: skip
    before = editing.table(ctx.original, section, everything)
    actor = ctx.where.actor
    author = actor.name if actor is not None else str(S.get("save_author", ""))
    found, problems = editing.read_changes(
        ctx.original, section, before, after, author, ctx.state.edits
    )
    if problems:
        return problems
    edits = editing.merged(ctx.state.edits, section, found)
    if edits == ctx.state.edits:
        return []
    try:
        editing.applied(ctx.original, edits)
    except ScenarioError as exc:
        return [editing.problem_of(exc, {section: after})]
    state.set_edits(ctx, edits)
    st.rerun()
    return []


def _columns(ctx: Ctx, section: str, everything: bool) -> dict[str, Any]:
    """Column headers in the page's language; ids of existing rows stay as they are."""
    config: dict[str, Any] = {}
    for column, field in editing.columns(section, everything):
        label = header_of(section, column, WORDS)[ctx.lang == "en"]
        config[column] = st.column_config.TextColumn(label, width=editing.width(field))
    return config


def change_list(ctx: Ctx) -> None:
    """What is changed so far, each with its source; one click discards everything."""
    edits: Changes = ctx.state.edits
    st.markdown(f"**{ctx.w('edit_change_list')}** · " + (
        ctx.w("edit_changes").format(n=len(edits)) if edits else ctx.w("edit_none")
    ))  # fmt: skip
    if not edits:
        return
    rows = [
        {
            ctx.w("edit_col_key"): change.key,
            ctx.w("edit_col_before"): _shown(ctx.original.raw, change.key),
            ctx.w("edit_col_after"): _shown(ctx.base.raw, change.key),
            ctx.w("col.source"): change.source,
        }
        for change in edits
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.button(
        ctx.w("edit_discard"), key="edit_discard", icon=":material/delete_sweep:",
        on_click=state.set_edits, args=(ctx, ()),
    )  # fmt: skip


def _shown(raw: Mapping[str, Any], key: str) -> str:
    section, item, field = key.split(".", 2)
    value = raw.get(section, {}).get(item, {}).get(field)
    return "" if value is None else str(value)


def new_scenario(ctx: Ctx) -> None:
    """新建情景: a copy of a scenario, or the example park, as a new file; or a workbook."""
    w = ctx.w
    st.subheader(w("new_title"))
    st.caption(w("new_caption"))
    good = catalog.loadable(ctx.entries)
    labels = {e.id: e.label(ctx.lang) for e in good} | {NEW_FROM_EXAMPLE: w("new_example")}
    start_from = widgets.choose(ctx, w("new_from"), labels, "new_from")
    left, middle, right = st.columns(3)
    left.text_input(w("new_id"), key="new_id", placeholder="my-park")
    middle.text_input(w("new_name"), key="new_name")
    right.text_input(w("new_name_en"), key="new_name_en")
    st.button(
        w("new_button"), key="new_go", type="primary", on_click=state.on_new,
        args=(ctx, None if start_from == NEW_FROM_EXAMPLE else start_from),
        disabled=not access.may(ctx.where, "planner"),  # shown only: the store decides
    )  # fmt: skip
    widgets.outcome(S.get("new_outcome"))
    widgets.workbook_upload(ctx)

"""版本历史 History: a stored scenario's revisions (who, when, from where), the difference
between any two, and an old revision restored as the newest (planners; admins for a seed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from parksim.app import access, state, team, widgets
from parksim.app.saving import SaveError
from parksim.app.state import Ctx
from parksim.errors import ArgumentError, StoreError
from parksim.report.cells import difference_view
from parksim.store import RevisionInfo, history, revision_diff, scenario_ids
from parksim.text.words import headers, word

S = st.session_state
COLUMNS = ["col.revision", "col.parent_revision", "col.saved_at", "col.author", "col.origin",
           "col.message"]  # fmt: skip


def revisions_view(ctx: Ctx) -> None:
    w, where = ctx.w, ctx.where
    st.subheader(w("history_title"))
    if where.team is None:
        return
    store = where.team.store
    try:
        seeds = scenario_ids(store)
        labels = {e.id: e.label(ctx.lang) for e in ctx.entries if e.id in seeds}
        if ctx.entry.id in labels:  # the scenario on screen first
            labels = {ctx.entry.id: labels[ctx.entry.id], **labels}
        if not labels:
            return
        picked = widgets.choose(ctx, w("history_pick"), labels, "hist_pick")
        revisions = history(store, picked)
    except (StoreError, ArgumentError) as exc:
        st.error(str(exc))
        return
    if seeds.get(picked):
        st.caption(w("history_seed"))
    st.dataframe(revision_table(revisions, ctx), hide_index=True)
    if len(revisions) > 1:
        difference(ctx, picked, [r.number for r in revisions])
        restore_form(ctx, picked, [r.number for r in revisions], seeds.get(picked, False))
    message = S.get("hist_message")
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])


def revision_table(revisions: list[RevisionInfo], ctx: Ctx) -> pd.DataFrame:
    """Newest first: number, parent, time, author, where from, message (typed text: data)."""
    rows = [
        [r.number, "—" if r.parent is None else str(r.parent), r.at, r.author,
         shown_origin(r.origin), r.message]
        for r in revisions[::-1]
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=headers(COLUMNS, ctx.lang))


def shown_origin(origin: str) -> str:
    """Where a revision came from, without the server's folders: ``import:/srv/x/scenarios``
    reads ``import:scenarios`` (a planner sees no path of the server)."""
    kind, colon, rest = origin.partition(":")
    if kind == "import" and colon and "/" in rest:
        return f"import:{Path(rest).name}"
    return origin


def difference(ctx: Ctx, scenario_id: str, numbers: list[int]) -> None:
    """Two revisions picked (by default the newest and the one before), and what differs."""
    w = ctx.w
    st.markdown(f"**{w('history_diff')}**")
    left, right = st.columns(2)
    first = left.selectbox(
        w("history_from"), numbers, index=len(numbers) - 2, key=f"hist_from:{scenario_id}",
        format_func="r{}".format,
    )  # fmt: skip
    second = right.selectbox(
        w("history_to"), numbers, index=len(numbers) - 1, key=f"hist_to:{scenario_id}",
        format_func="r{}".format,
    )  # fmt: skip
    assert ctx.where.team is not None
    labels = [f"r{first}", f"r{second}"]
    try:
        diff = revision_diff(ctx.where.team.store, scenario_id, int(first), int(second))
    except (StoreError, ArgumentError) as exc:
        st.error(str(exc))
        return
    shown = difference_view(diff, labels, ctx.lang)
    if len(shown):
        st.dataframe(shown, hide_index=True)
    else:
        st.info(w("history_same"))


def restore_form(ctx: Ctx, scenario_id: str, numbers: list[int], seed: bool) -> None:
    """An older revision saved again as the newest; the button is for the roles that may
    (the store checks anyway: a stale page's click is refused there)."""
    w = ctx.w
    st.markdown(f"**{w('history_restore')}**")
    widget = f"hist_restore:{scenario_id}"
    older = numbers[:-1][::-1]
    st.selectbox(w("history_restore_pick"), older, key=widget, format_func="r{}".format)
    allowed = access.may(ctx.where, "admin" if seed else "planner")
    st.button(
        w("history_restore_button"), key="hist_restore_btn", icon=":material/history:",
        on_click=on_restore, args=(ctx, scenario_id, widget), disabled=not allowed,
    )  # fmt: skip
    st.caption(w("history_restore_caption"))


def on_restore(ctx: Ctx, scenario_id: str, widget: str) -> None:
    lang, number = ctx.lang, int(S[widget])
    try:
        new = team.restore_revision(state.live(ctx.where), scenario_id, number)
    except SaveError as exc:
        S.hist_message = ("error", exc.text(lang))
        return
    S.hist_message = ("success", word("history_restored", lang).format(old=number, new=new))

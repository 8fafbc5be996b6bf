"""Widget helpers for ``app.py``: sliders over the state, language-independent pickers,
charts, link notices and the actual-figure editor.

With :mod:`parksim.app.state` (session state, caches, callbacks) and ``app.py``, the only code
that imports Streamlit: the import-linter contract in ``pyproject.toml`` names all three.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from parksim.app import access, briefing, entry, saving, team, workbook
from parksim.app.controls import Control
from parksim.app.state import (
    Ctx,
    adopt,
    live,
    on_control,
    on_dismiss,
    on_reset_one,
    switch_to,
)
from parksim.app.views import literal
from parksim.report.summary import RunSummary
from parksim.text.warnings import non_finite_lines
from parksim.text.words import word

S = st.session_state


def control_slider(ctx: Ctx, control: Control) -> None:
    """One slider, initialised from the state, writing back through its callback."""
    widget = f"c:{S.gen}:{ctx.state.scenario}:{control.key}"
    position = ctx.state.moved.get(control.key, control.default)
    control = control.including(position)  # a goal-seek answer may lie beyond the range
    S.setdefault(widget, control.to_widget(position))
    low, high, step = control.widget_bounds()
    st.slider(
        control.label(ctx.base, ctx.lang),
        min_value=low,
        max_value=high,
        step=step,
        format="%.1f%%" if control.spec.percent else "%d",
        key=widget,
        help=control.help(ctx.base, ctx.lang),
        on_change=on_control,
        args=(ctx, control, widget),
    )
    if control.key in ctx.state.moved:  # the scenario's own value, one click away
        own = ctx.w("reset_one").format(value=control.format(control.default, ctx.lang))
        st.button(own, key=f"r:{widget}", icon=":material/undo:", type="tertiary",
                  on_click=on_reset_one, args=(control.key,))  # fmt: skip


def author_input(label: str, where: Any = st) -> str:
    """The planner's name (for sources and saves), kept across views: a widget's own value
    is dropped by Streamlit when a view without it is drawn, so it lives in ``S.author``."""
    if "save_author" not in S:
        S.save_author = S.get("author", "")

    def keep() -> None:
        S.author = S.save_author

    where.text_input(label, key="save_author", on_change=keep)
    return str(S.save_author)


def lang_widget(ctx: Ctx, store: str, default: Any) -> str:
    """The key of the widget that shows ``S[store]`` in the page's language, seeded from it.

    A widget whose options are shown through language-dependent text gets one key per
    language: Streamlit sends a choice back as the text shown, so after a switch the old
    widget would answer with text of the other language. ``S[store]`` (a file name, an id)
    is the value the app keeps; the widget is only its view and writes back through
    :func:`adopt`.
    """
    widget = f"{store}@{ctx.lang}"
    S[widget] = S.get(store, default)
    return widget


def choose(ctx: Ctx, label: str, options: dict[str, str], key: str) -> str:
    """A selectbox over ``options`` (value → shown text), keeping a stale choice out."""
    values = list(options)
    if S.get(key) not in options:
        S[key] = values[0]
    widget = lang_widget(ctx, key, values[0])
    st.selectbox(
        label, values, format_func=options.__getitem__, key=widget,
        on_change=adopt, args=(key, widget, values),
    )  # fmt: skip
    return str(S[key])


def chart(spec: dict[str, Any]) -> None:
    st.vega_lite_chart(spec, width="stretch")


def notices(ctx: Ctx) -> None:
    """What the link carried that was ignored: visible until dismissed."""
    if not S.get("notices"):
        return
    lines = "\n".join(f"- {literal(n.text(ctx.lang))}" for n in S.notices)
    st.warning(f"{ctx.w('notice_title')}\n{lines}", icon=":material/warning:")
    st.button(ctx.w("dismiss"), on_click=on_dismiss, key="dismiss_notices")


def _entry_columns(ctx: Ctx, names: dict[str, str]) -> dict[str, Any]:
    """The figure editor's columns: an indicator picklist shown by name, period, value, source."""
    column = st.column_config
    return {
        "indicator": column.SelectboxColumn(
            ctx.w("col.indicator_name"), options=list(names), required=True, width="medium",
            format_func=lambda i: names.get(str(i), str(i)),
        ),
        "period": column.TextColumn(
            ctx.w("entry_period"), required=True, help=ctx.w("entry_period_help")
        ),
        "value": column.NumberColumn(ctx.w("entry_value"), required=True, format="%.6g"),
        "source": column.TextColumn(ctx.w("col.source"), required=True, width="large"),
    }  # fmt: skip


def figure_editor(ctx: Ctx) -> None:
    """录入实际值: rows typed or pasted from Excel, appended to the actuals CSV when saved."""
    actuals = ctx.base.actuals
    if actuals is None:
        return
    with st.expander(ctx.w("entry_title"), icon=":material/edit_note:"):
        st.caption(ctx.w("entry_caption").format(file=actuals.file.name))
        names = {i: ctx.base.indicator_name(i, ctx.lang) for i in ctx.base.all_indicator_ids}
        S.setdefault("entry_gen", 0)
        seen = f"entry_seen:{actuals.file}"  # the file as it was when the planner began
        S.setdefault(seen, saving.revision(actuals.file))
        rows = st.data_editor(
            entry.blank_rows(), num_rows="dynamic", hide_index=True, width="stretch",
            key=f"entry:{S.entry_gen}", column_config=_entry_columns(ctx, names),
            placeholder="",  # an empty cell reads empty, not "None"
        )  # fmt: skip
        allowed = access.may(ctx.where, "planner")  # shown only: the store decides
        if not allowed and ctx.where.actor is not None:
            role = word(f"role.{ctx.where.actor.role}", ctx.lang)
            st.info(ctx.w("save_not_allowed").format(role=role))
        if st.button(ctx.w("entry_save"), key="entry_save", type="primary", disabled=not allowed):
            try:
                typed = entry.typed_rows(
                    [{str(k): v for k, v in r.items()} for r in rows.to_dict("records")]
                )
                team.persist_figures(ctx.where, ctx.base, typed, S[seen])  # file or store
            except entry.EntryError as exc:
                st.error(literal(exc.text(ctx.lang)))
                return
            S.entry_message = ctx.w("entry_done").format(n=len(typed), file=actuals.file.name)
            S.entry_gen += 1  # an empty editor, and the file as it is now
            S.pop(seen)
            st.rerun()
        if S.get("entry_message"):
            st.success(S.pop("entry_message"))


def workbook_panel(ctx: Ctx) -> None:
    """The planners' workbook, in and out: the template, this scenario as a workbook, and an
    upload imported as a new scenario file (its problems listed, nothing written)."""
    st.subheader(ctx.w("wb_title"), help=ctx.w("wb_caption"))
    left, right = st.columns(2)
    left.download_button(
        ctx.w("wb_template"), workbook.template_bytes(), "parksim-template.xlsx", on_click="ignore"
    )
    right.download_button(
        ctx.w("wb_current"), lambda: workbook.scenario_bytes(ctx.base), f"{ctx.entry.id}.xlsx",
        on_click="ignore",
    )  # fmt: skip

    workbook_upload(ctx)


def workbook_upload(ctx: Ctx) -> None:
    """A filled workbook imported as a new scenario, which is then shown."""

    def upload() -> None:
        S.wb_outcome = team.import_upload(live(ctx.where), S.wb_upload, ctx.lang)  # file or store
        if S.wb_outcome is not None and S.wb_outcome.scenario_id is not None:
            switch_to(S.wb_outcome.scenario_id)

    st.file_uploader(ctx.w("wb_upload"), type=["xlsx"], key="wb_upload", on_change=upload)
    outcome(S.get("wb_outcome"))


def outcome(done: workbook.Outcome | None) -> None:
    """What an import or a copy did: a success line, or the problems (text, not markup)."""
    if done is None:
        return
    (st.success if done.ok else st.error)(done.lines[0])
    if not done.ok:
        st.code("\n".join(done.lines[1:]), language=None, wrap_lines=True)


def briefing_panel(ctx: Ctx, stem: str) -> None:
    """下载汇报材料: the Word briefing of the current settings (and the scenarios picked in the
    compare view), with a progress bar while it is made."""
    name, shown = briefing.file_name(stem), None if ctx.state.positions else ctx.entry.id
    if st.button(ctx.w("brief_button"), key="brief_go", icon=":material/description:"):
        bar, others = st.progress(0.0), briefing.compared(S.get("cmp_pick", []), ctx.entries, shown)

        def step(done: float, text: str) -> None:
            bar.progress(done, text=text)

        data = briefing.briefing_docx(ctx.scenario, others, ctx.run, ctx.lang, name, step)
        S.brief = (ctx.state, ctx.lang, name, data)
    if S.get("brief", (None,))[:3] == (ctx.state, ctx.lang, name):
        st.download_button(
            ctx.w("brief_save"), S.brief[3], name, mime=briefing.DOCX_MIME, key="dl_brief",
            on_click="ignore", icon=":material/download:", type="primary",
        )  # fmt: skip
    st.caption(ctx.w("brief_caption"))


def non_finite_warnings(ctx: Ctx, summary: RunSummary) -> None:
    """A warning per indicator that is not a finite number on some paths (text, not markup)."""
    for line in non_finite_lines(summary.non_finite, ctx.scenario, summary.paths, ctx.lang):
        st.warning(literal(line), icon="⚠️")

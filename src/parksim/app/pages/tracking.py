"""跟踪 Tracking: the latest figures against 序时进度, surprises, and the figure editor."""

from __future__ import annotations

import streamlit as st

from parksim.app import views, widgets
from parksim.app.state import Ctx
from parksim.report import cells, charts
from parksim.text.tracking import surprise_lines


def tracking(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    summary = ctx.summary()
    st.subheader(w("tracking_title"))
    table = views.tracking_view(summary, ctx.scenario, lang)
    if len(table):
        lights = views.styled(table, views.tracking_lights(summary), 7)
        st.table(views.right_aligned(lights, [*table.columns[1:7], *table.columns[8:]]))
    for line in surprise_lines(summary.surprises.to_dict("records"), ctx.scenario, lang):
        st.warning(views.literal(line), icon="⚠️")
    missing = views.untracked_targets(summary, ctx.scenario, lang)
    if missing:
        st.caption(w("no_data_rows").format(names=w("list_separator").join(missing)))
    st.caption(w("tracking_caption"))
    progress(ctx)
    widgets.figure_editor(ctx)


def progress(ctx: Ctx) -> None:
    """逐期跟踪: one target's figures, period by period, against the plan and the band."""
    w, lang = ctx.w, ctx.lang
    st.subheader(w("progress_title"))
    tracked = list(dict.fromkeys(ctx.summary().progress["target"]))
    if not tracked:
        st.info(w("progress_none"))
        return
    names = {t: ctx.base.target_name(t, lang) for t in tracked}
    target = widgets.choose(ctx, w("progress_pick"), names, "progress_target")
    indicator = ctx.base.targets[target].indicator
    summary = ctx.summary([indicator])
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.fan_chart(summary, ctx.scenario, indicator, lang))
    with right:
        table = cells.progress_view(summary, ctx.scenario, target, lang)
        lights = views.styled(table, cells.progress_lights(summary, target), 5)
        st.table(views.right_aligned(lights, table.columns[1:5]))
    st.caption(w("progress_caption"))

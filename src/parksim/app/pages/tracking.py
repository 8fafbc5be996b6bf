"""跟踪 Tracking: the latest figures against 序时进度, surprises, and the figure editor."""

from __future__ import annotations

import streamlit as st

from parksim.app import views, widgets
from parksim.app.state import Ctx
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
    widgets.figure_editor(ctx)

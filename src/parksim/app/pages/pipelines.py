"""项目管线 Pipelines: one pipeline's flow, waits and yearly table."""

from __future__ import annotations

import streamlit as st

from parksim.app import views, widgets
from parksim.app.state import Ctx
from parksim.report import charts


def pipelines(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    summary = ctx.summary()
    st.subheader(w("pipelines_title"))
    names = {p: (v.name if lang == "zh" else v.name_en) or p for p, v in ctx.base.pipelines.items()}
    pid = widgets.choose(ctx, w("pipeline_pick"), names, "pipe_pick")
    stats = summary.pipelines[summary.pipelines["pipeline"] == pid]
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.pipeline_flow_chart(stats, lang))
    with right:
        widgets.chart(charts.pipeline_wait_chart(stats, lang))
    table = views.pipeline_view(summary, pid, lang)
    st.table(views.right_aligned(table, table.columns[1:]))
    st.caption(w("pipelines_caption").format(runs=summary.pipeline_runs))

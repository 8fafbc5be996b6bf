"""总览 Dashboard: the targets table and the fan charts picked."""

from __future__ import annotations

import streamlit as st

from parksim.app import state, views, widgets
from parksim.app.state import Ctx
from parksim.report import charts

S = st.session_state


def dashboard(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    summary = ctx.summary()  # the tables; the bands below, for the charts picked only
    widgets.non_finite_warnings(ctx, summary)
    st.subheader(w("targets_title"))
    if ctx.base.targets:
        table = views.targets_view(summary, ctx.scenario, lang)
        lights = views.styled(table, list(summary.targets["status"]), 6)
        st.table(views.right_aligned(lights, table.columns[1:6]))
        status = ctx.base.spec.status
        st.caption(w("targets_caption").format(on=status.on_track, risk=status.at_risk))
    else:
        st.info(w("no_targets"))
    st.subheader(w("charts_title"))
    names = {i: ctx.base.indicator_name(i, lang) for i in ctx.base.all_indicator_ids}
    key = f"charts:{ctx.entry.id}"
    S.setdefault(key, list(dict.fromkeys(t.indicator for t in ctx.base.targets.values())))
    S[key] = [i for i in S[key] if i in names]  # the file may have changed meanwhile
    widget = widgets.lang_widget(ctx, key, [])
    st.multiselect(
        w("charts_pick"), list(names), format_func=names.__getitem__, key=widget,
        on_change=state.adopt, args=(key, widget, names),
    )  # fmt: skip
    shown = S[key]
    summary, reference = ctx.summary(shown), ctx.reference(shown)
    columns = st.columns(2)
    for i, indicator in enumerate(shown):
        with columns[i % 2]:
            widgets.chart(charts.fan_chart(summary, ctx.scenario, indicator, lang, reference))
    st.caption(w("charts_caption"))

"""预测检验 Forecast check: how good past forecasts were (the backtest)."""

from __future__ import annotations

import streamlit as st

from parksim.app import forecast, widgets
from parksim.app.state import Ctx
from parksim.report import charts


def forecast_check(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    st.subheader(w("view_backtest"))
    st.caption(w("bt_explain"))
    origins, _, _ = ctx.backtest()
    if not origins:
        st.info(forecast.nothing_text(ctx.scenario, lang), icon=":material/info:")
        return
    labels = {
        str(c): forecast.origin_label(c, origins, lang) for c in forecast.origin_choices(origins)
    }
    picked = int(widgets.choose(ctx, w("bt_origin"), labels, "bt_origin"))
    with st.spinner(w("bt_running")):
        _, figures, notes = ctx.backtest(forecast.chosen_origins(picked, origins))
    if len(figures) < forecast.FEW:
        st.warning(w("bt_few").format(n=len(figures)))
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**{w('bt_coverage')}**")
        st.table(forecast.coverage_view(figures, lang), hide_index=True)
        st.markdown(forecast.summary_text(figures, lang))
    with right:
        st.markdown(f"**{w('bt_pit_title')}**")
        widgets.chart(charts.pit_chart(forecast.pit_bins(figures), lang))
        st.caption(w("bt_pit_caption"))
    st.markdown(f"**{w('bt_notes')}**")
    st.dataframe(forecast.notes_view(notes, ctx.base, lang), hide_index=True)
    st.markdown(f"**{w('bt_figures')}**")
    st.dataframe(forecast.figures_view(figures, ctx.base, lang), hide_index=True)

"""实现路径 What it takes: the lever value a target needs (goal seek), and the tornado."""

from __future__ import annotations

import streamlit as st

from parksim.app import controls, state, views, widgets
from parksim.app.state import Ctx
from parksim.report import charts

S = st.session_state


def what_it_takes(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    st.subheader(w("whatif_title"))
    targets = {t: ctx.base.target_name(t, lang) for t in ctx.base.targets}
    if not targets:
        st.info(w("no_targets"))
        return
    target = widgets.choose(ctx, w("whatif_target"), targets, "wi_target")
    levers = {c.key: c for c in controls.controls_for_target(ctx.base, target)}
    if levers:
        goal_seek(ctx, target, levers)
    else:
        st.info(w("whatif_no_levers"))
    tornado(ctx, target)


def goal_seek(ctx: Ctx, target: str, levers: dict[str, controls.Control]) -> None:
    """Which value of one lever gives the target the probability wanted; one click applies it."""
    w, lang = ctx.w, ctx.lang
    left, right = st.columns([3, 2])
    with left:
        names = {k: c.label(ctx.base, lang) for k, c in levers.items()}
        key = widgets.choose(ctx, w("whatif_lever"), names, f"wi_lever:{target}")
    with right:
        S.setdefault("wi_prob", 80)
        wanted = st.slider(w("whatif_probability"), 50, 95, step=5, format="%d%%", key="wi_prob")
    question = (ctx.state, target, key, wanted)
    if st.button(w("whatif_button"), key="wi_go", type="primary"):
        S.seek_for = question
    if S.get("seek_for") == question:
        with st.spinner(w("whatif_running")):
            found = ctx.solve(target, key, wanted / 100)
        control = levers[key]
        low, high = control.spec.bounds
        values = {
            "lever": control.label(ctx.base, lang), "target": ctx.base.target_name(target, lang),
            "wanted": wanted / 100, "prob": found.probability, "n": found.evaluations,
            "low": control.format(low, lang), "high": control.format(high, lang),
        }  # fmt: skip
        if found.value is None:
            st.warning(w("whatif_none").format(**values))
        else:
            value = control.format(found.value, lang)
            st.success(w("whatif_found").format(value=value, **values))
            position = control.snap(found.value, up=found.rising)
            st.button(
                w("whatif_apply"), on_click=state.on_apply, args=(ctx, key, position),
                key="wi_apply",
            )  # fmt: skip
    st.caption(w("whatif_caption"))


def tornado(ctx: Ctx, target: str) -> None:
    """Each lever over its range: how far it swings the target's probability (or its P50)."""
    w, lang = ctx.w, ctx.lang
    st.subheader(w("tornado_title"))
    if st.button(w("tornado_button"), key="tornado_go"):
        S.tornado_for = (ctx.state, target)
    if S.get("tornado_for") != (ctx.state, target):
        return
    with st.spinner(w("tornado_running")):
        table = ctx.tornado(target)
    measure = views.tornado_measure(table)
    unit = ctx.base.unit_of(ctx.base.targets[target].indicator)
    rows = views.tornado_rows(table, controls.by_key(ctx.controls), ctx.base, lang, measure, unit)
    if len(rows):
        widgets.chart(charts.tornado_chart(rows, lang, measure, unit))
        st.caption(w("tornado_caption" if measure == "probability" else "tornado_p50_caption"))
    else:
        st.info(w("tornado_empty"))

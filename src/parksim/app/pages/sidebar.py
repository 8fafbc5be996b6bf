"""The sidebar: language, scenario, reset and undo, the sliders by target, advanced settings."""

from __future__ import annotations

import streamlit as st

from parksim.app import controls, state, widgets
from parksim.app.link import PATHS_CHOICES
from parksim.app.state import Ctx

S = st.session_state
GROUP_ICONS = {False: ":material/flag:", True: ":material/tune:"}  # a target's group, "other"


def sidebar(ctx: Ctx) -> None:
    w = ctx.w
    st.markdown(f"### parksim · {w('app_title')}")
    S.setdefault("lang_pick", ctx.lang)
    st.segmented_control(
        w("language"),
        ["zh", "en"],
        format_func=lambda code: "中文" if code == "zh" else "English",
        key="lang_pick",
        required=True,
        on_change=state.on_lang,
    )
    labels = {
        e.path.name: e.label(ctx.lang) + (f" — {w('broken')}" if e.error else "")
        for e in ctx.entries
    }
    widget = widgets.lang_widget(ctx, "pick", ctx.entry.path.name)
    st.selectbox(
        w("scenario"), list(labels), format_func=labels.__getitem__, key=widget,
        on_change=state.on_pick, args=(ctx, widget),
    )  # fmt: skip
    for listed in ctx.entries:
        if listed.error:
            st.error(f"{w('broken_file')} · {listed.error}", icon=":material/error:")
    if ctx.broken:
        return
    st.caption(ctx.base.spec.scenario.description)
    changed = bool(ctx.state.positions or ctx.state.seed is not None or ctx.state.paths is not None)
    st.button(
        w("reset"), icon=":material/restart_alt:", on_click=state.on_reset, disabled=not changed,
        help=w("reset_help"),
        width="stretch", key="reset",
    )  # fmt: skip
    st.button(
        w("undo"), icon=":material/undo:", on_click=state.on_undo, disabled=not S.get("undo_steps"),
        help=w("undo_help"), width="stretch", key="undo",
    )  # fmt: skip
    sliders(ctx)
    advanced(ctx)


def sliders(ctx: Ctx) -> None:
    """The sliders grouped by the target they move (its own indicator first, then its
    pipelines), the rest under "other"; a group opens when it is first or holds a change."""
    groups = controls.grouped(ctx.base, ctx.controls)
    for n, (target, members) in enumerate(groups):
        title = ctx.base.target_name(target, ctx.lang) if target else ctx.w("other_inputs")
        moved = sum(c.key in ctx.state.moved for c in members)
        label = f"{title} · {ctx.w('changed_mark').format(n=moved)}" if moved else title
        with st.expander(label, expanded=n == 0 or moved > 0, icon=GROUP_ICONS[target is None]):
            for control in members:
                widgets.control_slider(ctx, control)


def advanced(ctx: Ctx) -> None:
    """Paths, seed and (on request) the volatility sliders."""
    w = ctx.w
    with st.expander(w("advanced")):
        paths, seed = ctx.run
        meta = ctx.base.spec.scenario
        choices = sorted({*PATHS_CHOICES, meta.paths})
        widget = state.gen_key(ctx, "paths")
        S.setdefault(widget, paths)
        st.selectbox(
            w("paths"), choices, format_func="{:,}".format, key=widget, help=w("paths_help"),
            on_change=state.on_paths, args=(widget, meta.paths),
        )  # fmt: skip
        widget = state.gen_key(ctx, "seed")
        S.setdefault(widget, seed)
        st.number_input(
            w("seed"), min_value=0, max_value=2**32 - 1, step=1, key=widget, help=w("seed_help"),
            on_change=state.on_seed, args=(widget, meta.seed),
        )  # fmt: skip
        # 36 more sliders cost ~30 ms a rerun: drawn on request (their values live in the state)
        uncertain = [c for c in ctx.controls if c.kind in controls.UNCERTAINTY_KINDS]
        S.setdefault("show_volatility", any(c.key in ctx.state.moved for c in uncertain))
        if st.toggle(w("show_volatility"), key="show_volatility"):
            st.caption(w("volatility_section"))
            for control in uncertain:
                widgets.control_slider(ctx, control)

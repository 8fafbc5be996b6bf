"""情景对比 Compare: scenarios (and the current sliders) side by side."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from parksim.analysis.compare import compare
from parksim.app import catalog, state, views, widgets
from parksim.app.state import Ctx
from parksim.export.comparison import comparison_csv, comparison_xlsx
from parksim.inputs.scenario import Scenario
from parksim.report import charts
from parksim.report.summary import RunSummary
from parksim.results.comparison import Comparison

S = st.session_state
CURRENT = "__current__"


def picked_scenarios(ctx: Ctx) -> list[str]:
    """The multiselect of scenarios to compare, the baseline first; the ids picked."""
    good = catalog.loadable(ctx.entries)
    options = [e.id for e in good] + ([CURRENT] if ctx.state.positions else [])
    labels = {e.id: e.label(ctx.lang) for e in good} | {
        CURRENT: f"{ctx.w('compare_current')} {ctx.entry.id}*"
    }
    root = next((e.id for e in good if e.path == ctx.base.files[0]), good[0].id)
    shown = [ctx.entry.id, CURRENT] if ctx.state.positions else [ctx.entry.id]
    default = [root, *(o for o in shown if o != root)]  # the baseline first: differences from it
    if len(default) < 2:
        default += [e.id for e in good if e.id not in default][:1]
    S.setdefault("cmp_pick", default)
    S.cmp_pick = [o for o in S.cmp_pick if o in options]
    widget = widgets.lang_widget(ctx, "cmp_pick", default)
    st.multiselect(
        ctx.w("compare_pick"), options, format_func=labels.__getitem__, key=widget,
        on_change=state.adopt, args=("cmp_pick", widget, options),
    )  # fmt: skip
    return list(S.cmp_pick)


def compare_view(ctx: Ctx) -> None:
    w, lang = ctx.w, ctx.lang
    st.subheader(w("compare_title"))
    picked = picked_scenarios(ctx)
    if len(picked) < 2:
        st.info(w("compare_need_two"))
        return
    by_id = {e.id: e for e in catalog.loadable(ctx.entries)}
    shown = catalog.short_labels([by_id.get(o) for o in picked], lang, w("compare_current"))
    scenarios = [ctx.scenario if o == CURRENT else catalog.load(by_id[o]) for o in picked]
    names = {i: scenarios[0].indicator_name(i, lang) for i in scenarios[0].all_indicator_ids}
    order = list(dict.fromkeys([*(t.indicator for t in scenarios[0].targets.values()), *names]))

    def runs_with(bands: list[str]) -> list[tuple[str, RunSummary]]:
        return [
            (label, ctx.summary(bands) if o == CURRENT else ctx.summary_of(by_id[o], bands))
            for o, label in zip(picked, shown, strict=True)
        ]

    targeted = list(dict.fromkeys(t.indicator for t in scenarios[0].targets.values()))
    with st.spinner(w("compare_running")):
        runs = runs_with(targeted)
    first = views.most_different(runs, targeted) if targeted else order[0]
    ordered = {i: names[i] for i in [first, *(i for i in order if i != first)]}
    indicator = widgets.choose(ctx, w("compare_indicator"), ordered, f"cmp_indicator:{picked}")
    runs = runs_with([indicator])
    widgets.chart(charts.compare_chart(runs, scenarios[0], indicator, lang))
    st.caption(w("compare_chart_caption"))
    st.markdown(f"**{w('compare_targets')}**")
    st.table(views.compare_targets_view(runs, scenarios[0], lang), hide_index=True)
    st.markdown(f"**{w('compare_assumptions')}**")
    diff = views.assumptions_view(scenarios, [label for label, _ in runs], lang)
    if len(diff):
        st.dataframe(diff, hide_index=True)
    else:
        st.info(w("compare_no_diff"))
    stem = "-vs-".join(ctx.entry.id if o == CURRENT else o for o in picked)
    compare_downloads(ctx, scenarios, stem)


def compare_downloads(ctx: Ctx, scenarios: list[Scenario], stem: str) -> None:
    """The comparison as Excel and CSV, simulated only when a button is clicked."""
    paths, seed = ctx.run

    def produce(writer: Callable[[Comparison], bytes]) -> Callable[[], bytes]:
        return lambda: writer(compare(scenarios, paths=paths, seed=seed))

    writers = {"xlsx": ("Excel", comparison_xlsx), "csv": ("CSV", comparison_csv)}
    for column, (fmt, (name, writer)) in zip(st.columns(2), writers.items(), strict=True):
        column.download_button(
            f"{ctx.w('compare_download')} ({name})", produce(writer),
            f"compare-{stem}.{fmt}", mime="text/csv" if fmt == "csv" else None,
            key=f"cmp_{fmt}", on_click="ignore", icon=":material/download:",
        )  # fmt: skip

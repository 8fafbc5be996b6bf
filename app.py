"""parksim app — ``streamlit run app.py``. Layout only: state, caches and callbacks live in
``parksim.app.state``, widget helpers in ``parksim.app.widgets``; numbers in ``src/parksim``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from parksim.analysis.compare import compare
from parksim.app import catalog, controls, forecast, state, views, widgets
from parksim.app.link import PATHS_CHOICES
from parksim.export.comparison import comparison_csv, comparison_xlsx
from parksim.inputs.scenario import Scenario
from parksim.report import charts
from parksim.report.summary import RunSummary
from parksim.results.comparison import Comparison
from parksim.text.tracking import surprise_lines

st.set_page_config(page_title="parksim · 园区目标情景模拟", page_icon="📊", layout="wide")
S = st.session_state
ctx = state.start(catalog.scenarios_folder(__file__))
w, lang = ctx.w, ctx.lang
CURRENT = "__current__"
GROUP_ICONS = {False: ":material/flag:", True: ":material/tune:"}  # a target's group, "other"


def sidebar() -> None:
    st.markdown(f"### parksim · {w('app_title')}")
    S.setdefault("lang_pick", lang)
    st.segmented_control(
        w("language"),
        ["zh", "en"],
        format_func=lambda code: "中文" if code == "zh" else "English",
        key="lang_pick",
        required=True,
        on_change=state.on_lang,
    )
    labels = {
        e.path.name: e.label(lang) + (f" — {w('broken')}" if e.error else "") for e in ctx.entries
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
    sliders()
    advanced()


def sliders() -> None:
    """The sliders grouped by the target they move (its own indicator first, then its
    pipelines), the rest under "other"; a group opens when it is first or holds a change."""
    groups = controls.grouped(ctx.base, ctx.controls)
    for n, (target, members) in enumerate(groups):
        title = ctx.base.target_name(target, lang) if target else w("other_inputs")
        moved = sum(c.key in ctx.state.moved for c in members)
        label = f"{title} · {w('changed_mark').format(n=moved)}" if moved else title
        with st.expander(label, expanded=n == 0 or moved > 0, icon=GROUP_ICONS[target is None]):
            for control in members:
                widgets.control_slider(ctx, control)


def advanced() -> None:
    """Paths, seed and (on request) the volatility sliders."""
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


def dashboard() -> None:
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


def pipelines() -> None:
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


def tracking() -> None:
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


def what_it_takes() -> None:
    st.subheader(w("whatif_title"))
    targets = {t: ctx.base.target_name(t, lang) for t in ctx.base.targets}
    if not targets:
        st.info(w("no_targets"))
        return
    target = widgets.choose(ctx, w("whatif_target"), targets, "wi_target")
    levers = {c.key: c for c in controls.controls_for_target(ctx.base, target)}
    if not levers:
        st.info(w("whatif_no_levers"))
    else:
        left, right = st.columns([3, 2])
        with left:
            names = {k: c.label(ctx.base, lang) for k, c in levers.items()}
            key = widgets.choose(ctx, w("whatif_lever"), names, f"wi_lever:{target}")
        with right:
            S.setdefault("wi_prob", 80)
            wanted = st.slider(
                w("whatif_probability"), 50, 95, step=5, format="%d%%", key="wi_prob"
            )
        question = (ctx.state, target, key, wanted)
        if st.button(w("whatif_button"), key="wi_go", type="primary"):
            S.seek_for = question
        if S.get("seek_for") == question:
            with st.spinner(w("whatif_running")):
                found = ctx.solve(target, key, wanted / 100)
            control = levers[key]
            low, high = control.spec.bounds
            values = {
                "lever": control.label(ctx.base, lang), "target": targets[target],
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
    st.subheader(w("tornado_title"))
    if st.button(w("tornado_button"), key="tornado_go"):
        S.tornado_for = (ctx.state, target)
    if S.get("tornado_for") == (ctx.state, target):
        with st.spinner(w("tornado_running")):
            table = ctx.tornado(target)
        measure = views.tornado_measure(table)
        unit = ctx.base.unit_of(ctx.base.targets[target].indicator)
        rows = views.tornado_rows(
            table, controls.by_key(ctx.controls), ctx.base, lang, measure, unit
        )
        if len(rows):
            widgets.chart(charts.tornado_chart(rows, lang, measure, unit))
            st.caption(w("tornado_caption" if measure == "probability" else "tornado_p50_caption"))
        else:
            st.info(w("tornado_empty"))


def compare_view() -> None:
    st.subheader(w("compare_title"))
    good = catalog.loadable(ctx.entries)
    options = [e.id for e in good] + ([CURRENT] if ctx.state.positions else [])
    by_id = {e.id: e for e in good}
    current_label = f"{ctx.entry.id}*"
    labels = {e.id: e.label(lang) for e in good} | {
        CURRENT: f"{w('compare_current')} {current_label}"
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
        w("compare_pick"), options, format_func=labels.__getitem__, key=widget,
        on_change=state.adopt, args=("cmp_pick", widget, options),
    )  # fmt: skip
    picked = S.cmp_pick
    if len(picked) < 2:
        st.info(w("compare_need_two"))
        return
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
    compare_downloads(scenarios, "-vs-".join(ctx.entry.id if o == CURRENT else o for o in picked))


def compare_downloads(scenarios: list[Scenario], stem: str) -> None:
    """The comparison as Excel and CSV, simulated only when a button is clicked."""
    paths, seed = ctx.run

    def produce(writer: Callable[[Comparison], bytes]) -> Callable[[], bytes]:
        return lambda: writer(compare(scenarios, paths=paths, seed=seed))

    writers = {"xlsx": ("Excel", comparison_xlsx), "csv": ("CSV", comparison_csv)}
    for column, (fmt, (name, writer)) in zip(st.columns(2), writers.items(), strict=True):
        column.download_button(
            f"{w('compare_download')} ({name})", produce(writer),
            f"compare-{stem}.{fmt}", mime="text/csv" if fmt == "csv" else None,
            key=f"cmp_{fmt}", on_click="ignore", icon=":material/download:",
        )  # fmt: skip


def forecast_check() -> None:
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


def save_view() -> None:
    st.subheader(w("share_title"))
    st.code(state.share_link(ctx), language=None, wrap_lines=True)
    st.caption(w("share_caption"))
    st.subheader(w("download_title"))
    stem = ctx.entry.id + ("-variant" if ctx.state.positions else "")
    downloads = {"csv": ".csv", "xlsx": ".xlsx", "iamc": ".iamc.csv"}
    for column, (fmt, suffix) in zip(st.columns(3), downloads.items(), strict=True):
        column.download_button(
            w(f"download_{fmt}"), ctx.result_bytes(fmt), f"{stem}{suffix}", key=f"dl_{fmt}",
            mime=None if fmt == "xlsx" else "text/csv", on_click="ignore",
            icon=":material/download:",
        )  # fmt: skip
    st.caption(w("download_caption"))
    widgets.briefing_panel(ctx, stem)
    st.subheader(w("save_title"))
    st.caption(w("save_caption"))
    if not ctx.state.positions:
        st.info(
            w("save_nothing").format(parent=ctx.base.name if lang == "zh" else ctx.base.name_en)
        )
    left, right = st.columns(2)
    left.text_input(w("save_id"), key="save_id", placeholder="my-variant")
    right.text_input(w("save_author"), key="save_author")
    left.text_input(w("save_name"), key="save_name")
    right.text_input(w("save_name_en"), key="save_name_en")
    if S.get("need_confirm"):
        st.checkbox(w("save_confirm").format(id=S.need_confirm[0]), key="save_confirm")
    st.button(w("save_button"), on_click=state.on_save, args=(ctx,), type="primary", key="save_btn")
    message = S.get("save_message")
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)
    widgets.workbook_panel(ctx)


with st.sidebar:
    sidebar()

if ctx.broken is not None:
    st.error(f"{w('broken_file')} · {ctx.broken.error}", icon=":material/error:")
    st.info(w("pick_another"))
    st.stop()

name = ctx.base.name if lang == "zh" else ctx.base.name_en
st.title(name)
paths, seed = ctx.run
line = w("run_line").format(paths=paths, seed=seed, first=ctx.base.base_year, last=ctx.base.horizon)
st.caption(f"{line} · {views.changed_badge(len(ctx.state.positions), lang)}")
widgets.notices(ctx)

pages = {"dashboard": dashboard, "pipelines": pipelines, "tracking": tracking}
pages |= {"whatif": what_it_takes, "compare": compare_view, "backtest": forecast_check}
pages["save"] = save_view
pages = {k: v for k, v in pages.items() if views.has_view(ctx.base, k)}
if S.get("page") not in pages:
    S.page = "dashboard"
widget = widgets.lang_widget(ctx, "page", "dashboard")
st.segmented_control(
    w("view"), list(pages), format_func=lambda p: w(f"view_{p}"), key=widget, required=True,
    label_visibility="collapsed", on_change=state.adopt, args=("page", widget, list(pages)),
)  # fmt: skip
with st.popover(w("glossary"), icon=":material/help:"):
    st.markdown(w("glossary_text"))
with st.spinner(w("working"), show_time=True):  # shown only when a run takes over half a second
    pages[S.page]()
state.sync_url(ctx)

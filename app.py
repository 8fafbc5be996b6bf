"""parksim app — ``streamlit run app.py``. Layout and widgets only: state, caching and callbacks
live in ``parksim.ui``; every number comes from the tested modules under ``src/parksim``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from parksim.analysis.compare import compare
from parksim.app import briefing, catalog, controls, forecast, state, views
from parksim.app.link import PATHS_CHOICES
from parksim.export.comparison import comparison_csv, comparison_xlsx
from parksim.report import charts
from parksim.results.comparison import Comparison
from parksim.text.tracking import surprise_lines

st.set_page_config(page_title="parksim · 园区目标情景模拟", page_icon="📊", layout="wide")
S = st.session_state
ctx = state.start(state.scenarios_folder(__file__))
w, lang = ctx.w, ctx.lang
CURRENT = "__current__"


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
    widget = state.lang_widget(ctx, "pick", ctx.entry.path.name)
    st.selectbox(
        w("scenario"), list(labels), format_func=labels.__getitem__, key=widget,
        on_change=state.on_pick, args=(ctx, widget),
    )  # fmt: skip
    for entry in ctx.entries:
        if entry.error:
            st.error(f"{w('broken_file')} · {entry.error}", icon=":material/error:")
    if ctx.broken:
        return
    st.caption(ctx.base.spec.scenario.description)
    changed = bool(ctx.state.positions or ctx.state.seed is not None or ctx.state.paths is not None)
    st.button(
        w("reset"), icon=":material/restart_alt:", on_click=state.on_reset, disabled=not changed,
        help=w("reset_help"),
        width="stretch", key="reset",
    )  # fmt: skip
    sliders()
    advanced()


def sliders() -> None:
    """Growth sliders (indicators that feed a target first), then the pipeline levers."""
    growth = [c for c in ctx.controls if c.kind == "growth"]
    targeted = controls.targeted_indicators(ctx.base)
    with st.expander(w("growth_section"), expanded=True):
        others_shown = False
        for control in growth:
            if control.owner not in targeted and not others_shown:
                st.caption(w("other_indicators"))
                others_shown = True
            state.control_slider(ctx, control)
    pipes = [c for c in ctx.controls if c.kind in controls.PIPELINE_KINDS]
    if pipes:
        with st.expander(w("pipeline_section"), expanded=True):
            for control in pipes:
                state.control_slider(ctx, control)


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
                state.control_slider(ctx, control)


def dashboard() -> None:
    summary = ctx.summary()
    st.subheader(w("targets_title"))
    if ctx.base.targets:
        table = views.targets_view(summary, ctx.scenario, lang)
        st.table(views.styled(table, list(summary.targets["status"]), 6))
        status = ctx.base.spec.status
        st.caption(w("targets_caption").format(on=status.on_track, risk=status.at_risk))
    else:
        st.info(w("no_targets"))
    st.subheader(w("charts_title"))
    names = {i: ctx.base.indicator_name(i, lang) for i in ctx.base.all_indicator_ids}
    key = f"charts:{ctx.entry.id}"
    S.setdefault(key, list(dict.fromkeys(t.indicator for t in ctx.base.targets.values())))
    S[key] = [i for i in S[key] if i in names]  # the file may have changed meanwhile
    widget = state.lang_widget(ctx, key, [])
    st.multiselect(
        w("charts_pick"), list(names), format_func=names.__getitem__, key=widget,
        on_change=state.adopt, args=(key, widget, names),
    )  # fmt: skip
    shown = S[key]
    reference = ctx.reference()
    columns = st.columns(2)
    for i, indicator in enumerate(shown):
        with columns[i % 2]:
            state.chart(charts.fan_chart(summary, ctx.scenario, indicator, lang, reference))
    st.caption(w("charts_caption"))


def pipelines() -> None:
    summary = ctx.summary()
    st.subheader(w("pipelines_title"))
    names = {p: (v.name if lang == "zh" else v.name_en) or p for p, v in ctx.base.pipelines.items()}
    pid = state.choose(ctx, w("pipeline_pick"), names, "pipe_pick")
    stats = summary.pipelines[summary.pipelines["pipeline"] == pid]
    left, right = st.columns(2)
    with left:
        state.chart(charts.pipeline_flow_chart(stats, lang))
    with right:
        state.chart(charts.pipeline_wait_chart(stats, lang))
    st.table(views.pipeline_view(summary, pid, lang), hide_index=True)
    st.caption(w("pipelines_caption").format(runs=summary.pipeline_runs))


def tracking() -> None:
    summary = ctx.summary()
    st.subheader(w("tracking_title"))
    table = views.tracking_view(summary, ctx.scenario, lang)
    if len(table):
        st.table(views.styled(table, views.tracking_lights(summary), 7))
    for line in surprise_lines(summary.surprises.to_dict("records"), ctx.scenario, lang):
        st.warning(views.literal(line), icon="⚠️")
    missing = views.untracked_targets(summary, ctx.scenario, lang)
    if missing:
        st.caption(w("no_data_rows").format(names=w("list_separator").join(missing)))
    st.caption(w("tracking_caption"))


def what_it_takes() -> None:
    st.subheader(w("whatif_title"))
    targets = {t: ctx.base.target_name(t, lang) for t in ctx.base.targets}
    if not targets:
        st.info(w("no_targets"))
        return
    target = state.choose(ctx, w("whatif_target"), targets, "wi_target")
    levers = {c.key: c for c in controls.controls_for_target(ctx.base, target)}
    if not levers:
        st.info(w("whatif_no_levers"))
    else:
        left, right = st.columns([3, 2])
        with left:
            names = {k: c.label(ctx.base, lang) for k, c in levers.items()}
            key = state.choose(ctx, w("whatif_lever"), names, f"wi_lever:{target}")
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
        rows = views.tornado_rows(table, controls.by_key(ctx.controls), ctx.base, lang, measure)
        if len(rows):
            state.chart(charts.tornado_chart(rows, lang, measure))
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
    first = [CURRENT, ctx.entry.id] if ctx.state.positions else [ctx.entry.id]
    default = first + ([] if root in first else [root])
    if len(default) < 2:
        default += [e.id for e in good if e.id not in default][:1]
    S.setdefault("cmp_pick", default)
    S.cmp_pick = [o for o in S.cmp_pick if o in options]
    widget = state.lang_widget(ctx, "cmp_pick", default)
    st.multiselect(
        w("compare_pick"), options, format_func=labels.__getitem__, key=widget,
        on_change=state.adopt, args=("cmp_pick", widget, options),
    )  # fmt: skip
    picked = S.cmp_pick
    if len(picked) < 2:
        st.info(w("compare_need_two"))
        return
    runs = [
        (current_label, ctx.summary()) if o == CURRENT else (o, ctx.summary_of(by_id[o]))
        for o in picked
    ]
    scenarios = [ctx.scenario if o == CURRENT else catalog.load(by_id[o]) for o in picked]
    names = {i: scenarios[0].indicator_name(i, lang) for i in scenarios[0].all_indicator_ids}
    order = list(dict.fromkeys([*(t.indicator for t in scenarios[0].targets.values()), *names]))
    ordered = {i: names[i] for i in order}
    indicator = state.choose(ctx, w("compare_indicator"), ordered, "cmp_indicator")
    state.chart(charts.compare_chart(runs, scenarios[0], indicator, lang))
    st.caption(w("compare_chart_caption"))
    st.markdown(f"**{w('compare_targets')}**")
    st.table(views.compare_targets_view(runs, scenarios[0], lang), hide_index=True)
    st.markdown(f"**{w('compare_assumptions')}**")
    diff = views.assumptions_view(scenarios, [label for label, _ in runs], lang)
    if len(diff):
        st.dataframe(diff, hide_index=True)
    else:
        st.info(w("compare_no_diff"))
    paths, seed = ctx.run

    def produce(writer: Callable[[Comparison], bytes]) -> Callable[[], bytes]:
        return lambda: writer(compare(scenarios, paths=paths, seed=seed))

    left, right = st.columns(2)
    stem = "-vs-".join(label.rstrip("*") for label, _ in runs)
    left.download_button(
        f"{w('compare_download')} (Excel)", produce(comparison_xlsx), f"compare-{stem}.xlsx",
        key="cmp_xlsx", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    right.download_button(
        f"{w('compare_download')} (CSV)", produce(comparison_csv), f"compare-{stem}.csv",
        mime="text/csv", key="cmp_csv", on_click="ignore", icon=":material/download:",
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
    picked = int(state.choose(ctx, w("bt_origin"), labels, "bt_origin"))
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
        state.chart(charts.pit_chart(forecast.pit_bins(figures), lang))
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
    left, middle, right = st.columns(3)
    left.download_button(
        f"{w('download_csv')}", ctx.result_bytes("csv"), f"{stem}.csv",
        mime="text/csv", key="dl_csv", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    middle.download_button(
        f"{w('download_xlsx')}", ctx.result_bytes("xlsx"), f"{stem}.xlsx",
        key="dl_xlsx", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    right.download_button(
        f"{w('download_iamc')}", ctx.result_bytes("iamc"), f"{stem}.iamc.csv",
        mime="text/csv", key="dl_iamc", on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    st.caption(w("download_caption"))
    name, shown = briefing.file_name(stem), None if ctx.state.positions else ctx.entry.id
    if st.button(w("brief_button"), key="brief_go", icon=":material/description:"):
        bar, others = st.progress(0.0), briefing.compared(S.get("cmp_pick", []), ctx.entries, shown)
        data = briefing.briefing_docx(ctx.scenario, others, ctx.run, lang, name, bar.progress)
        S.brief = (ctx.state, lang, name, data)
    if S.get("brief", (None,))[:3] == (ctx.state, lang, name):
        st.download_button(
            w("brief_save"), S.brief[3], name, mime=briefing.DOCX_MIME, key="dl_brief",
            on_click="ignore", icon=":material/download:", type="primary",
        )  # fmt: skip
    st.caption(w("brief_caption"))
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
        st.checkbox(w("save_confirm").format(id=S.need_confirm), key="save_confirm")
    st.button(w("save_button"), on_click=state.on_save, args=(ctx,), type="primary", key="save_btn")
    message = S.get("save_message")
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)


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
moved = len(ctx.state.positions)
badge = w("changed").format(n=moved) if moved else w("unchanged")
st.caption(f"{line} · {badge}")
state.notices(ctx)

pages = {"dashboard": dashboard}
if ctx.base.pipelines:
    pages["pipelines"] = pipelines
if ctx.base.actuals is not None:
    pages["tracking"] = tracking
pages |= {"whatif": what_it_takes, "compare": compare_view, "backtest": forecast_check}
pages["save"] = save_view
if S.get("page") not in pages:
    S.page = "dashboard"
widget = state.lang_widget(ctx, "page", "dashboard")
st.segmented_control(
    w("view"), list(pages), format_func=lambda p: w(f"view_{p}"), key=widget, required=True,
    label_visibility="collapsed", on_change=state.adopt, args=("page", widget, list(pages)),
)  # fmt: skip
pages[S.page]()
state.sync_url(ctx)

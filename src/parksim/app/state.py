"""Streamlit glue for ``app.py``: session state, callbacks, cached runs, small widget helpers.

With ``app.py``, the only module that imports Streamlit. What it computes comes from the pure
modules (``app``'s and ``report``'s) and the library, all tested without Streamlit.

State: the canonical view (scenario, changed slider positions, seed, paths, language) is one
``ViewState`` under ``st.session_state["view_state"]``; widgets are views of it, keyed with a
generation number that changes whenever the state is replaced from outside a widget (a reset,
a scenario switch, "apply", a save), so every widget starts again from the state. Caches are
keyed by small values only: the scenario file, a stamp of its files' mtimes, the sorted slider
positions, paths and seed; they return summaries of a few kilobytes, never path arrays.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from parksim.analysis.backtest import backtest, scorable_origins
from parksim.analysis.solve import Solution, solve
from parksim.analysis.tornado import tornado
from parksim.app import catalog, controls, link, saving
from parksim.app.catalog import Entry, Stamp
from parksim.app.controls import Control
from parksim.app.link import Notice, ViewState
from parksim.app.views import literal
from parksim.engine.run import simulate
from parksim.export.formats import export_bytes
from parksim.inputs.scenario import Scenario
from parksim.report import cache
from parksim.report.summary import RunSummary, run_summary
from parksim.text.labels import Lang
from parksim.text.words import word

FOLDER_ENV = "PARKSIM_SCENARIOS"
Positions = tuple[tuple[str, float], ...]
Origins = tuple[int, ...]
Tested = tuple[Origins, pd.DataFrame, pd.DataFrame]  # origins, a backtest's figures and notes
S = st.session_state


def scenarios_folder(app_file: str) -> Path:
    """``$PARKSIM_SCENARIOS``, else ``scenarios/`` beside ``app.py``."""
    return Path(os.environ.get(FOLDER_ENV) or Path(app_file).resolve().parent / "scenarios")


# ----------------------------------------------------------------------------- cached runs


@st.cache_resource(max_entries=cache.entries("scenario"), show_spinner=False)
def _scenario(path: str, stamp: Stamp, positions: Positions) -> Scenario:
    """The scenario with slider positions applied (shared, never copied: it is immutable)."""
    base = catalog.load_path(Path(path), stamp)
    return controls.apply_positions(base, dict(positions))


@st.cache_data(
    max_entries=cache.entries("summary"), max_size=cache.SUMMARY_BYTES, show_spinner=False
)
def _summary(path: str, stamp: Stamp, positions: Positions, paths: int, seed: int) -> RunSummary:
    return run_summary(_scenario(path, stamp, positions), paths, seed)


@st.cache_data(max_entries=cache.entries("tornado"), show_spinner=False)
def _tornado(
    path: str, stamp: Stamp, positions: Positions, target: str, paths: int, seed: int
) -> pd.DataFrame:
    return tornado(_scenario(path, stamp, positions), target, paths=paths, seed=seed)


@st.cache_data(max_entries=cache.entries("solve"), show_spinner=False)
def _solve(
    path: str,
    stamp: Stamp,
    positions: Positions,
    target: str,
    key: str,
    wanted: float,
    paths: int,
    seed: int,
) -> Solution:
    """``parksim solve`` on the scenario with the other sliders as they are: the same search
    and bounds as the CLI, not the slider's range."""
    base = catalog.load_path(Path(path), stamp)
    moved = controls.apply_positions(base, {k: v for k, v in positions if k != key})
    return solve(moved, target, key, wanted, paths=paths, seed=seed)


@st.cache_data(max_entries=cache.entries("backtest"), show_spinner=False)
def _backtest(path: str, stamp: Stamp, positions: Positions, origins: Origins, *run: int) -> Tested:
    """The scorable origins (``origins`` empty), or the backtest's figures and notes."""
    scenario = _scenario(path, stamp, positions)
    if not origins:
        return scorable_origins(scenario), pd.DataFrame(), pd.DataFrame()
    found = backtest(scenario, origins, paths=run[0], seed=run[1])
    return origins, found.figures, found.notes


# ----------------------------------------------------------------------------- context


@dataclass
class Ctx:
    """What one run of the script works with."""

    folder: Path
    entries: list[Entry]
    entry: Entry  # the scenario shown
    state: ViewState
    broken: Entry | None  # a broken file picked in the picker

    @property
    def lang(self) -> Lang:
        return self.state.lang

    def w(self, key: str) -> str:
        return word(key, self.lang)

    @cached_property
    def base(self) -> Scenario:
        return catalog.load(self.entry)

    @cached_property
    def scenario(self) -> Scenario:
        return _scenario(str(self.entry.path), self.entry.stamp, self.state.positions)

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        return controls.controls_of(self.base)

    @property
    def run(self) -> tuple[int, int]:
        """``(paths, seed)`` in force."""
        return self.state.run_settings(self.base)

    def summary(self) -> RunSummary:
        paths, seed = self.run
        return _summary(str(self.entry.path), self.entry.stamp, self.state.positions, paths, seed)

    def summary_of(self, entry: Entry) -> RunSummary:
        """Another scenario, unchanged, on the same paths and seed."""
        paths, seed = self.run
        return _summary(str(entry.path), entry.stamp, (), paths, seed)

    def reference(self) -> RunSummary | None:
        """The root of the scenario's chain (the baseline), unless it is what is shown."""
        root = next((e for e in self.entries if e.path == self.base.files[0]), None)
        if root is None or (root is self.entry and not self.state.positions):
            return None
        return self.summary_of(root)

    def tornado(self, target: str) -> pd.DataFrame:
        paths, seed = self.run
        args = (str(self.entry.path), self.entry.stamp, self.state.positions)
        return _tornado(*args, target, paths, seed)

    def solve(self, target: str, key: str, wanted: float) -> Solution:
        paths, seed = self.run
        args = (str(self.entry.path), self.entry.stamp, self.state.positions)
        return _solve(*args, target, key, wanted, paths, seed)

    def backtest(self, origins: Origins = ()) -> Tested:
        """The scenario shown, backtested at ``origins`` (none: which origins can be)."""
        return _backtest(
            str(self.entry.path), self.entry.stamp, self.state.positions, origins, *self.run
        )

    def result_bytes(self, fmt: str) -> Callable[[], bytes]:
        """A deferred download (``csv``, ``xlsx``, ``iamc``): simulate and export only when
        the button is clicked."""
        scenario = self.scenario
        paths, seed = self.run

        def produce() -> bytes:
            return export_bytes(simulate(scenario, paths=paths, seed=seed), fmt)

        return produce


def start(folder: Path) -> Ctx:
    """Read the folder, restore or create the session's state (from the link at the first
    run), and reconcile it with the files (a scenario may have been deleted meanwhile)."""
    entries = catalog.list_scenarios(folder)
    good = catalog.loadable(entries)
    if not good:
        st.error(f"{folder}: 没有可加载的情景 / no scenario loads")
        for entry in entries:
            st.error(entry.error)
        st.stop()
    default = catalog.find(entries, "baseline") or good[0]

    def resolve(scenario_id: str) -> Scenario | None:
        found = catalog.find(entries, scenario_id)
        return None if found is None else catalog.load(found)

    if "view_state" not in S:
        state, notices = link.decode(st.query_params.to_dict(), default.id, resolve)
        S.view_state, S.notices, S.gen = state, notices, 0
    state = S.view_state
    found = catalog.find(entries, state.scenario)
    entry = found or default
    if found is None:
        S.notices = [
            *S.notices,
            Notice("s", "notice.gone", (("given", state.scenario),)),
        ]
        state = ViewState(default.id, lang=state.lang)
        _replace_state(state)
    if S.get("pick") not in {e.path.name for e in entries}:  # first run, or a file deleted
        S.pick = entry.path.name
    broken = next((e for e in entries if e.error and e.path.name == S.pick), None)
    return Ctx(folder, entries, entry, state, broken)


def _replace_state(state: ViewState) -> None:
    """Set the state from outside a widget: widgets start again from it."""
    S.view_state = state
    S.gen = S.get("gen", 0) + 1


def gen_key(ctx: Ctx, name: str) -> str:
    return f"{name}:{S.gen}:{ctx.state.scenario}"


# ----------------------------------------------------------------------------- callbacks


def on_pick(ctx: Ctx, widget: str) -> None:
    """A scenario picked: switch to it, unless its file has gone meanwhile."""
    picked = next((e for e in ctx.entries if e.path.name == S.get(widget)), None)
    if picked is None:
        return
    S.pick = picked.path.name
    if picked.error is None and picked.id != S.view_state.scenario:
        _replace_state(ViewState(picked.id, lang=S.view_state.lang))


def on_lang() -> None:
    S.view_state = replace(S.view_state, lang=S.lang_pick)


def on_control(ctx: Ctx, control: Control, widget: str) -> None:
    position = control.from_widget(S[widget])
    moved = {**S.view_state.moved, control.key: position}
    S.view_state = S.view_state.with_positions(controls.changed_only(ctx.base, moved))


def on_reset() -> None:
    state = S.view_state
    _replace_state(ViewState(state.scenario, lang=state.lang))


def on_paths(widget: str, default: int) -> None:
    value = int(S[widget])
    S.view_state = replace(S.view_state, paths=None if value == default else value)


def on_seed(widget: str, default: int) -> None:
    value = int(S[widget])
    S.view_state = replace(S.view_state, seed=None if value == default else value)


def on_apply(ctx: Ctx, key: str, position: float) -> None:
    moved = {**S.view_state.moved, key: position}
    _replace_state(S.view_state.with_positions(controls.changed_only(ctx.base, moved)))


def on_dismiss() -> None:
    S.notices = []


def on_save(ctx: Ctx) -> None:
    """Validate, write atomically, and switch to the saved scenario."""
    lang = S.view_state.lang
    entries = catalog.list_scenarios(ctx.folder)  # what is on disk now
    file_id = ""
    try:
        file_id = saving.check_id(S.get("save_id", ""), entries, ctx.entry)
        exists = saving.existing(file_id, ctx.folder)
        confirmed = bool(S.get("save_confirm")) and S.get("need_confirm") == file_id
        if exists and not confirmed:
            raise saving.SaveError(
                f"“{file_id}” 已存在;勾选确认后再次保存即可覆盖。",
                f"{file_id!r} exists; tick the confirmation and save again to overwrite it.",
                exists=True,
            )
        request = saving.Request(
            file_id=file_id,
            name=S.get("save_name", ""),
            name_en=S.get("save_name_en", ""),
            author=S.get("save_author", ""),
            overrides=controls.overrides_for(ctx.base, ctx.state.moved),
            seed=ctx.state.seed,
            paths=ctx.state.paths,
        )
        text = saving.child_text(ctx.base, ctx.entry, request)
        path = saving.save(ctx.folder, file_id, text, overwrite=exists)
    except saving.SaveError as exc:
        S.need_confirm = file_id if exc.exists else None
        S.save_message = ("error", exc.text(lang))
        return
    S.need_confirm = None
    S.save_confirm = False
    S.save_message = ("success", word("save_done", lang).format(path=path.name))
    _replace_state(ViewState(file_id, lang=lang))
    S.pick = path.name


# ----------------------------------------------------------------------------- widgets


def control_slider(ctx: Ctx, control: Control) -> None:
    """One slider, initialised from the state, writing back through its callback."""
    widget = f"c:{S.gen}:{ctx.state.scenario}:{control.key}"
    position = ctx.state.moved.get(control.key, control.default)
    control = control.including(position)  # a goal-seek answer may lie beyond the range
    S.setdefault(widget, control.to_widget(position))
    low, high, step = control.widget_bounds()
    st.slider(
        control.label(ctx.base, ctx.lang),
        min_value=low,
        max_value=high,
        step=step,
        format="%.1f%%" if control.spec.percent else "%d",
        key=widget,
        help=control.help(ctx.base, ctx.lang),
        on_change=on_control,
        args=(ctx, control, widget),
    )


def lang_widget(ctx: Ctx, store: str, default: Any) -> str:
    """The key of the widget that shows ``S[store]`` in the page's language, seeded from it.

    A widget whose options are shown through language-dependent text gets one key per
    language: Streamlit sends a choice back as the text shown, so after a switch the old
    widget would answer with text of the other language. ``S[store]`` (a file name, an id)
    is the value the app keeps; the widget is only its view and writes back through
    :func:`adopt`.
    """
    widget = f"{store}@{ctx.lang}"
    S[widget] = S.get(store, default)
    return widget


def adopt(store: str, widget: str, allowed: Collection[Any]) -> None:
    """``on_change`` of a :func:`lang_widget`: keep its value if it is still one allowed."""
    value = S.get(widget)
    if isinstance(value, list):
        S[store] = [v for v in value if v in allowed]
    elif value in allowed:
        S[store] = value


def choose(ctx: Ctx, label: str, options: dict[str, str], key: str) -> str:
    """A selectbox over ``options`` (value → shown text), keeping a stale choice out."""
    values = list(options)
    if S.get(key) not in options:
        S[key] = values[0]
    widget = lang_widget(ctx, key, values[0])
    st.selectbox(
        label, values, format_func=options.__getitem__, key=widget,
        on_change=adopt, args=(key, widget, values),
    )  # fmt: skip
    return str(S[key])


def chart(spec: dict[str, Any]) -> None:
    st.vega_lite_chart(spec, width="stretch")


def notices(ctx: Ctx) -> None:
    """What the link carried that was ignored: visible until dismissed."""
    if not S.get("notices"):
        return
    lines = "\n".join(f"- {literal(n.text(ctx.lang))}" for n in S.notices)
    st.warning(f"{ctx.w('notice_title')}\n{lines}", icon=":material/warning:")
    st.button(ctx.w("dismiss"), on_click=on_dismiss, key="dismiss_notices")


def share_link(ctx: Ctx) -> str:
    """The link that reopens this view (the address bar shows the same)."""
    query = urlencode(link.encode(ctx.state))
    base = st.context.url or ""
    return f"{base}?{query}"


def sync_url(ctx: Ctx) -> None:
    """Keep the address bar equal to the share link, so it can be copied from there too."""
    params = link.encode(ctx.state)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)

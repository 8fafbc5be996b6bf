"""Streamlit glue for ``app.py``: session state, callbacks, cached runs, small widget helpers.

With ``app.py`` and ``widgets``, the only module that imports Streamlit. What it computes comes
from the pure modules (``app``'s and ``report``'s) and the library, tested without Streamlit.

State: the canonical view (scenario, changed slider positions, seed, paths, language) is one
``ViewState`` under ``st.session_state["view_state"]``; widgets are views of it, keyed with a
generation number that changes whenever the state is replaced from outside a widget (a reset,
a scenario switch, "apply", a save), so every widget starts again from the state. Caches are
keyed by small values (file, its mtimes' stamp, sorted positions, paths, seed) and return
summaries of a few kilobytes; whole runs stay only in ``runs`` (a few, bounded).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
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
from parksim.app import access, catalog, controls, history, link, runs, saving, team, workbook
from parksim.app.catalog import Entry, Stamp
from parksim.app.controls import Control
from parksim.app.editing import Changes
from parksim.app.link import Notice, ViewState
from parksim.app.runs import Positions
from parksim.engine.run import simulate
from parksim.export.formats import export_bytes
from parksim.inputs.scenario import Scenario
from parksim.report import cache
from parksim.report.summary import RunSummary, summarize
from parksim.text.labels import Lang
from parksim.text.words import word

Origins = tuple[int, ...]
Tested = tuple[Origins, pd.DataFrame, pd.DataFrame]  # origins, a backtest's figures and notes
S = st.session_state


@st.cache_data(
    max_entries=cache.entries("summary"), max_size=cache.SUMMARY_BYTES, show_spinner=False
)
def _summary(
    path: str, stamp: Stamp, positions: Positions, paths: int, seed: int, edits: Changes = ()
) -> RunSummary:
    """The small tables of a run, without bands: those come per chart (``runs.band``)."""
    return summarize(runs.result(path, stamp, positions, paths, seed, edits), bands_for=())


@st.cache_data(max_entries=cache.entries("tornado"), show_spinner=False)
def _tornado(
    path: str,
    stamp: Stamp,
    positions: Positions,
    target: str,
    paths: int,
    seed: int,
    edits: Changes = (),
) -> pd.DataFrame:
    scenario = runs.scenario(path, stamp, positions, edits)
    return tornado(scenario, target, paths=paths, seed=seed)


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
    edits: Changes = (),
) -> Solution:
    """``parksim solve`` on the scenario with the other sliders as they are: the same search
    and bounds as the CLI, not the slider's range."""
    base = runs.edited(path, stamp, edits)
    moved = controls.apply_positions(base, {k: v for k, v in positions if k != key})
    return solve(moved, target, key, wanted, paths=paths, seed=seed)


@st.cache_data(max_entries=cache.entries("backtest"), show_spinner=False)
def _backtest(
    path: str, stamp: Stamp, positions: Positions, edits: Changes, origins: Origins, *run: int
) -> Tested:
    """The scorable origins (``origins`` empty), or the backtest's figures and notes."""
    scenario = runs.scenario(path, stamp, positions, edits)
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
    where: team.Where  # where saves go, and who saves (``app.team``)

    @property
    def lang(self) -> Lang:
        return self.state.lang

    def w(self, key: str) -> str:
        return word(key, self.lang)

    @cached_property
    def original(self) -> Scenario:
        """The scenario file as it is on disk."""
        return catalog.load(self.entry)

    @cached_property
    def base(self) -> Scenario:
        """The file with the edit view's changes: what the sliders start from."""
        return runs.edited(str(self.entry.path), self.entry.stamp, self.state.edits)

    @cached_property
    def scenario(self) -> Scenario:
        args = (str(self.entry.path), self.entry.stamp, self.state.positions, self.state.edits)
        return runs.scenario(*args)

    @cached_property
    def controls(self) -> tuple[Control, ...]:
        return controls.controls_of(self.base)

    @property
    def run(self) -> tuple[int, int]:
        """``(paths, seed)`` in force."""
        return self.state.run_settings(self.base)

    def summary(self, bands: Iterable[str] = ()) -> RunSummary:
        """The run on screen, with the quantile bands of ``bands`` (the charts shown)."""
        return self.summary_of(self.entry, bands, self.state.positions, self.state.edits)

    def summary_of(
        self,
        entry: Entry,
        bands: Iterable[str] = (),
        positions: Positions = (),
        edits: Changes = (),
    ) -> RunSummary:
        """A scenario (by default unchanged) on the same paths and seed."""
        run = (str(entry.path), entry.stamp, positions, *self.run)
        shown = {i: runs.band(*run, i, edits) for i in bands}
        return replace(_summary(*run, edits), band_values=shown)

    def reference(self, bands: Iterable[str] = ()) -> RunSummary | None:
        """The root of the scenario's chain (the baseline), unless it is what is shown."""
        root = next((e for e in self.entries if e.path == self.base.files[0]), None)
        if root is None or (root is self.entry and not (self.state.positions or self.state.edits)):
            return None
        return self.summary_of(root, bands)

    def tornado(self, target: str) -> pd.DataFrame:
        paths, seed = self.run
        args = (str(self.entry.path), self.entry.stamp, self.state.positions)
        return _tornado(*args, target, paths, seed, self.state.edits)

    def solve(self, target: str, key: str, wanted: float) -> Solution:
        paths, seed = self.run
        args = (str(self.entry.path), self.entry.stamp, self.state.positions)
        return _solve(*args, target, key, wanted, paths, seed, self.state.edits)

    def backtest(self, origins: Origins = ()) -> Tested:
        """The scenario shown, backtested at ``origins`` (none: which origins can be)."""
        state = self.state
        args = (str(self.entry.path), self.entry.stamp, state.positions, state.edits)
        return _backtest(*args, origins, *self.run)

    def result_bytes(self, fmt: str) -> Callable[[], bytes]:
        """A deferred download (``csv``, ``xlsx``, ``iamc``): simulate and export only when
        the button is clicked."""
        scenario = self.scenario
        paths, seed = self.run

        def produce() -> bytes:
            return export_bytes(simulate(scenario, paths=paths, seed=seed), fmt)

        return produce


def start(folder: Path, where: team.Where | None = None) -> Ctx:
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
    elif S.get("written") not in (None, st.query_params.to_dict()):  # Back or Forward
        went = link.decode(st.query_params.to_dict(), default.id, resolve)[0]
        S.undo_steps = history.navigated(S.get("undo_steps", ()), S.get("shown"), went)
        S.shown = went
        _replace_state(went)
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
    return Ctx(folder, entries, entry, state, broken, where or team.Where(folder))


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
    _replace_state(ViewState(S.view_state.scenario, lang=S.view_state.lang))


def on_undo() -> None:
    """Back to the state before the last step (like the browser's Back button)."""
    S.undo_steps, state = history.undo(S.get("undo_steps", ()), S.view_state.lang)
    if state is not None:
        S.shown = state  # going back is not a step of its own
        _replace_state(state)


def on_reset_one(key: str) -> None:
    """One slider back to the scenario's value (its widget starts again from the state)."""
    _replace_state(
        S.view_state.with_positions(dict(p for p in S.view_state.positions if p[0] != key))
    )


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
    """Validate, write atomically, and switch to the saved scenario. An overwrite needs the
    box ticked for the file's revision when the box appeared (two planners: no lost save)."""
    lang = S.view_state.lang
    edits = ctx.state.edits
    moved = {c.key: c.value for c in edits} | controls.overrides_for(ctx.base, ctx.state.moved)
    sources = {c.key: c.source for c in edits if c.key not in ctx.state.moved}
    request = saving.Request.typed(S.to_dict(), moved, ctx.state.seed, ctx.state.paths, sources)
    confirmed = S.get("need_confirm") if S.get("save_confirm") else None
    S.save_difference = None
    try:  # the one seam of every save: a file, or a revision in the team's store
        saved = team.save_request(live(ctx.where), ctx.base, ctx.entry, request, confirmed)
    except saving.SaveError as exc:
        S.need_confirm, S.save_confirm = exc.confirm, False
        S.save_message = ("error", exc.text(lang))
        S.save_difference = getattr(exc, "difference", None)
        return
    S.need_confirm = None
    S.save_confirm = False
    S.save_message = ("success", word("save_done", lang).format(path=f"{saved}.toml"))
    _replace_state(ViewState(saved, lang=lang))
    S.pick = f"{saved}.toml"


def live(where: team.Where) -> team.Where:
    """``where`` with the account signed in now (none once the session ran out or was signed
    out): a callback runs before its run's sign-in check, from a page that may be stale."""
    if where.mode != "team":
        return where
    signed: access.Signed | None = S.get("team_signed")
    valid = signed is not None and signed.valid(time.monotonic())
    return replace(where, actor=signed.actor if signed is not None and valid else None)


def set_edits(ctx: Ctx, edits: Changes) -> None:
    """The edit view's changes (already checked): sliders start again from the edited
    scenario, and a slider on an edited number gives way to the edit."""
    kept = {k: v for k, v in ctx.state.positions if k not in {c.key for c in edits}}
    _replace_state(replace(ctx.state, edits=edits).with_positions(kept))


def switch_to(scenario_id: str) -> None:
    """Show a scenario just written (an upload, a copy): picked, its file's state fresh."""
    S.pick = f"{scenario_id}.toml"
    _replace_state(ViewState(scenario_id, lang=S.view_state.lang))


def on_new(ctx: Ctx, copied: str | None) -> None:
    """新建情景: a copy of ``copied`` (an id; None: the example park) as a new file."""
    entry = catalog.find(ctx.entries, copied) if copied is not None else None
    start = catalog.load(entry) if entry is not None else workbook.example_scenario()
    names = tuple(str(S.get(k, "")) for k in ("new_id", "new_name", "new_name_en"))
    S.new_outcome = team.copy_scenario(live(ctx.where), start, names, ctx.lang)
    if S.new_outcome.scenario_id is not None:
        switch_to(S.new_outcome.scenario_id)


def adopt(store: str, widget: str, allowed: Collection[Any]) -> None:
    """``on_change`` of a :func:`lang_widget`: keep its value if it is still one allowed."""
    value = S.get(widget)
    if isinstance(value, list):
        S[store] = [v for v in value if v in allowed]
    elif value in allowed:
        S[store] = value


def share_link(ctx: Ctx) -> str:
    """The link that reopens this view (the address bar shows the same)."""
    query = urlencode(link.encode(ctx.state))
    base = st.context.url or ""
    return f"{base}?{query}"


def sync_url(ctx: Ctx) -> None:
    """Keep the address bar equal to the share link (each new state one step for the
    browser's Back button), and record the state left for the undo button."""
    S.undo_steps = history.record(S.get("undo_steps", ()), S.get("shown"), ctx.state)
    S.shown, S.written = ctx.state, link.encode(ctx.state)
    if st.query_params.to_dict() != S.written:
        st.query_params.from_dict(S.written)

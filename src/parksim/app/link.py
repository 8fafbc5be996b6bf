"""What the app shows, as a small value, and as a link's query parameters.

``?s=<scenario id>&o=<JSON of changed slider positions>&seed=<int>&paths=<int>&lang=en``:
every parameter is optional (absent = the scenario's own). Decoding checks each one on its own
and keeps what is valid; whatever is dropped comes back as a notice naming it, so a tampered or
outdated link still opens, with the defaults, and says what it ignored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from parksim.app.controls import by_key, changed_only, controls_of, overrides_for
from parksim.app.editing import Changes
from parksim.errors import ArgumentError, ScenarioError
from parksim.inputs.scenario import Scenario
from parksim.text.labels import Lang
from parksim.text.words import word

PATHS_CHOICES = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
MAX_SEED = 2**32 - 1
MAX_PARAM_CHARS = 4_000
SHOWN_CHARS = 80  # an echoed value is cut to this
KNOWN = ("s", "o", "seed", "paths", "lang")
STREAMLIT_PARAMS = ("embed", "embed_options")  # Streamlit's own: not ours to judge


@dataclass(frozen=True)
class ViewState:
    """Everything that decides the numbers on screen (and the language)."""

    scenario: str
    positions: tuple[tuple[str, float], ...] = ()  # changed sliders, sorted by key
    seed: int | None = None  # None: the scenario's own
    paths: int | None = None
    lang: Lang = "zh"
    edits: Changes = ()  # values changed in the edit view (not carried by links)

    @property
    def moved(self) -> dict[str, float]:
        return dict(self.positions)

    def with_positions(self, positions: Mapping[str, float]) -> ViewState:
        return replace(self, positions=tuple(sorted(positions.items())))

    def run_settings(self, scenario: Scenario) -> tuple[int, int]:
        """``(paths, seed)`` in force: the state's, else the scenario file's."""
        meta = scenario.spec.scenario
        paths = meta.paths if self.paths is None else self.paths
        seed = meta.seed if self.seed is None else self.seed
        return paths, seed


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored, and why: a key of the word table and its values."""

    param: str
    reason: str  # "notice.<…>" in parksim.text.words
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: Lang) -> str:
        return f"{self.param}: {word(self.reason, lang).format(**dict(self.values))}"


@dataclass
class _Decoding:
    notices: list[Notice] = field(default_factory=list)

    def drop(self, param: str, reason: str, **values: object) -> None:
        shown = tuple((k, _cut(str(v))) for k, v in values.items())
        self.notices.append(Notice(_cut(param), f"notice.{reason}", shown))


def _cut(text: str) -> str:
    """What a link carried, cut to ``SHOWN_CHARS`` for the notice that echoes it."""
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def encode(state: ViewState) -> dict[str, str]:
    """The query parameters of a state; defaults are left out (short links)."""
    params = {"s": state.scenario}
    if state.positions:
        params["o"] = json.dumps(dict(state.positions), separators=(",", ":"), sort_keys=True)
    if state.seed is not None:
        params["seed"] = str(state.seed)
    if state.paths is not None:
        params["paths"] = str(state.paths)
    if state.lang != "zh":
        params["lang"] = state.lang
    return params


def decode(
    params: Mapping[str, str | Sequence[str]],
    default_scenario: str,
    resolve: Callable[[str], Scenario | None],
) -> tuple[ViewState, list[Notice]]:
    """A state from query parameters, and notices for what was ignored. ``resolve`` gives the
    loadable scenario of an id (None if there is none); ``default_scenario`` must resolve."""
    run = _Decoding()
    values = {key: _single(value) for key, value in params.items()}
    for key in values:
        if key not in KNOWN and key not in STREAMLIT_PARAMS:
            run.drop(key, "unknown")
    lang: Lang = "zh"
    if "lang" in values:
        if values["lang"] in ("zh", "en"):
            lang = "en" if values["lang"] == "en" else "zh"
        else:
            run.drop("lang", "lang")
    scenario_id = default_scenario
    if "s" in values:
        if resolve(values["s"]) is not None:
            scenario_id = values["s"]
        else:
            run.drop("s", "scenario", given=values["s"], shown=default_scenario)
    scenario = resolve(scenario_id)
    if scenario is None:
        raise ArgumentError("s", f"default scenario {default_scenario!r} does not load")
    seed = _integer(run, values, "seed", 0, MAX_SEED)
    paths = _integer(run, values, "paths", None, None)
    if paths is not None and paths not in PATHS_CHOICES:
        allowed = ", ".join(f"{p:,}" for p in PATHS_CHOICES)
        run.drop("paths", "paths", allowed=allowed)
        paths = None
    positions = _positions(run, values.get("o"), scenario)
    state = ViewState(scenario_id, (), seed, paths, lang).with_positions(positions)
    return state, run.notices


def _single(value: str | Sequence[str]) -> str:
    """A repeated parameter counts by its last value (as Streamlit's ``query_params[key]``)."""
    if isinstance(value, str):
        return value
    return value[-1] if value else ""


def _integer(
    run: _Decoding, values: Mapping[str, str], key: str, low: int | None, high: int | None
) -> int | None:
    if key not in values:
        return None
    text = values[key].strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):  # str.isdigit() takes "²" and "١"
        run.drop(key, "whole")
        return None
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        run.drop(key, "within", low=low, high=high)
        return None
    return number


def _positions(run: _Decoding, text: str | None, scenario: Scenario) -> dict[str, float]:
    """Slider positions from the ``o`` JSON, key by key; the rest dropped with a notice."""
    if text is None:
        return {}
    if len(text) > MAX_PARAM_CHARS:
        run.drop("o", "too_long")
        return {}
    try:
        raw: Any = json.loads(text, parse_constant=lambda name: math.nan)
    except (ValueError, RecursionError):  # RecursionError: brackets nested a thousand deep
        run.drop("o", "json")
        return {}
    if not isinstance(raw, dict):
        run.drop("o", "object")
        return {}
    controls = by_key(controls_of(scenario))
    positions: dict[str, float] = {}
    for key, value in raw.items():
        control = controls.get(key)
        if control is None:
            run.drop(f"o.{key}", "not_slider")
            continue
        try:
            positions[key] = control.check(value)
        except ValueError:
            low, high = (control.format(v, "en") for v in control.spec.bounds)
            step = control.format(control.spec.step, "en")
            run.drop(f"o.{key}", "position", low=low, high=high, step=step)
    try:
        scenario.with_overrides(overrides_for(scenario, positions))
    except ScenarioError as exc:
        run.drop("o", "together", problem=exc)
        return {}
    return changed_only(scenario, positions)

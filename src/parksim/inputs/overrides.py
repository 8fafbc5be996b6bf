"""Inputs set on top of the files: ``--set KEY=VALUE`` parsed and written back as TOML, so
the CLI, the app's saved files and reproduce commands agree on every value."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from parksim.errors import ScenarioError
from parksim.inputs.plaintext import cut_text
from parksim.inputs.scenario import OVERRIDE_ORIGIN, Scenario

SET_EXAMPLE = "e.g. --set indicators.gdp.growth=0.1"


def overrides_of(scenario: Scenario) -> dict[str, Any]:
    """``{dotted key: value}`` set by ``Scenario.with_overrides`` rather than by a file."""
    found: dict[str, Any] = {}
    for key, origin in scenario.origins.items():
        if origin != OVERRIDE_ORIGIN:
            continue
        node: Any = scenario.raw
        for part in key.split("."):
            node = node[part]
        found[key] = node
    return found


def toml_value(value: Any) -> str:
    """A value as TOML text, the inverse of ``parse_set``'s value: ``{ "2020" = -0.05 }``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are TOML escapes
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "nan"
        return ("inf" if number > 0 else "-inf") if math.isinf(number) else repr(number)
    if isinstance(value, Mapping):
        items = ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"{value!r}: not a TOML value")


def parse_set(text: str) -> tuple[str, Any]:
    """``"indicators.gdp.growth=0.1"`` → ``("indicators.gdp.growth", 0.1)``; the value is
    read as TOML, so tables work: ``'pipelines.health.arrivals_per_year={ "2020-2030" = 50 }'``.
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or " " in key:
        raise ScenarioError(
            None, None, f"--set {text}: must be KEY=VALUE with a dotted key, {SET_EXAMPLE}"
        )
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        raise ScenarioError(
            None,
            None,
            f"--set {cut_text(text)}: {'not' if value.strip() else 'an empty value is not'} a "
            "TOML value; use a number, "
            f'"text", true/false, [a, list] or {{ "2021-2025" = 0.1 }}',
        ) from None
    return key, parsed


def parse_sets(texts: Iterable[str]) -> dict[str, Any]:
    """Several ``--set`` options as an overrides mapping (a later key wins)."""
    return dict(parse_set(text) for text in texts)


def format_set(key: str, value: Any) -> str:
    """``--set`` text that ``parse_set`` reads back as ``(key, value)``."""
    return f"{key}={toml_value(value)}"


def apply_sets(scenario: Scenario, texts: Sequence[str]) -> Scenario:
    """The scenario with ``--set`` options applied (itself when there are none)."""
    return scenario.with_overrides(parse_sets(texts)) if texts else scenario

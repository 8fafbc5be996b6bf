"""Fuzzing the loader: whatever a file (or an override) holds, the answer is a Scenario or
a ScenarioError whose message is one line starting with the file."""

from __future__ import annotations

import copy
import math
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parksim import Scenario, ScenarioError, load_scenario

SETTINGS = settings(max_examples=150, deadline=None, database=None, derandomize=True)
BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"

MINIMAL: dict[str, Any] = {
    "scenario": {
        "id": "s",
        "name": "测试",
        "name_en": "Test",
        "base_year": 2019,
        "horizon": 2025,
        "paths": 100,
        "seed": 1,
    },
    "status": {"on_track": 0.8, "at_risk": 0.5},
    "indicators": {
        "gdp": {
            "name": "地区生产总值",
            "name_en": "GDP",
            "unit": "亿元",
            "base": 100.0,
            "growth": {"2020-2022": 0.05, "2023-2025": 0.04},
            "shocks": {"2020": -0.05},
            "volatility": 0.02,
            "correlation": 0.5,
            "cap": 1000.0,
            "source": {
                "base": "doc-1: base",
                "growth": "assumption: growth",
                "shocks": "assumption: shocks",
                "volatility": "assumption: volatility",
                "correlation": "assumption: correlation",
                "cap": "assumption: cap",
            },
        },
        "jobs": {
            "name": "就业",
            "name_en": "Jobs",
            "unit": "万人",
            "base": 10.0,
            "growth": 0.01,
            "source": "assumption: jobs",
        },
    },
    "derived": {
        "ratio": {"name": "比", "name_en": "Ratio", "unit": "ratio", "formula": "jobs / gdp"},
    },
    "targets": {
        "t": {
            "indicator": "ratio",
            "value": 0.1,
            "year": 2025,
            "direction": "<=",
            "maintain": True,
            "from": 2020,
            "name": "目标",
            "name_en": "Target",
            "source": "assumption: target",
        },
    },
}


# --------------------------------------------------------------------------------------
# A minimal TOML writer (tomli_w is not a dependency): every table as an inline table
# --------------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return (
            "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(type(value))


def dumps(doc: dict[str, Any]) -> str:
    return "".join(f"{toml_string(key)} = {toml_value(value)}\n" for key, value in doc.items())


# --------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
keys = st.one_of(
    texts,
    st.sampled_from(
        [
            "id",
            "name",
            "base",
            "growth",
            "shocks",
            "cap",
            "source",
            "from",
            "year",
            "value",
            "formula",
            "indicator",
            "extends",
            "gdp",
            "jobs",
            "ratio",
            "t",
            "2020",
            "2020-2025",
        ]
    ),
)
scalars = st.one_of(
    texts,
    st.sampled_from(
        [
            "assumption: x",
            "doc: y",
            "gdp",
            "jobs / gdp",
            "2020-2025",
            ">=",
            "<=",
            "",
            "a\nb",
            "x\r\ny",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([-1, 0, 1, 2019, 2020, 2025, 2030, 10**7 + 1]),
    st.floats(),  # includes nan, inf, -inf, huge and negative
    st.sampled_from([0.0, -0.5, 0.5, 1.5, 1e308, -1e308]),
    st.booleans(),
)
toml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=3)
    ),
    max_leaves=6,
)
extends_texts = st.one_of(
    texts,
    st.sampled_from(
        [
            "s",
            "s.toml",
            "parent",
            "parent.toml",
            "./parent.toml",
            "../parent.toml",
            "nope",
            "nope.toml",
            "sub/",
            ".",
            "..",
            "/",
            "a\\b",
            " ",
            "child",
        ]
    ),
)


def _pick(data: st.DataObject, doc: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Walk down from the top: a table and one of its keys (None if the table is empty)."""
    table = doc
    while True:
        if not table:
            return table, None
        key = data.draw(st.sampled_from(sorted(table)))
        child = table[key]
        if isinstance(child, dict) and child and data.draw(st.integers(0, 3)) > 0:
            table = child
            continue
        return table, key


def mutate(data: st.DataObject, doc: dict[str, Any]) -> None:
    op = data.draw(
        st.sampled_from(["delete", "replace", "replace", "replace", "rename", "add", "extends"])
    )
    table, key = _pick(data, doc)
    if op == "extends":
        meta = doc.setdefault("scenario", {})
        if isinstance(meta, dict):
            meta["extends"] = data.draw(extends_texts)
    elif op == "add" or key is None:
        table[data.draw(keys)] = data.draw(toml_values)
    elif op == "delete":
        del table[key]
    elif op == "replace":
        table[key] = data.draw(toml_values)
    else:
        table[data.draw(keys)] = table.pop(key)


def mutated(data: st.DataObject, base: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        mutate(data, doc)
    return doc


def read_baseline() -> dict[str, Any]:
    """The bundled baseline, its actuals file named by absolute path so that a copy loads."""
    with BASELINE.open("rb") as handle:
        doc = tomllib.load(handle)
    doc["scenario"]["actuals"] = str(BASELINE.parent / doc["scenario"]["actuals"])
    doc["scenario"]["history"] = str(BASELINE.parent / doc["scenario"]["history"])
    return doc


def bases() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from([MINIMAL, read_baseline()])


def load_or_error(path: Path) -> Scenario | ScenarioError:
    """Anything but a Scenario or a ScenarioError propagates and fails the test."""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        return exc


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_unmutated_documents_load(tmp_path: Path) -> None:
    """The starting points are valid, so every error below comes from a mutation."""
    for name, doc in [("minimal.toml", MINIMAL), ("baseline.toml", read_baseline())]:
        path = tmp_path / name
        path.write_text(dumps(doc), encoding="utf-8")
        assert isinstance(load_scenario(path), Scenario)


@SETTINGS
@given(st.dictionaries(keys, toml_values, max_size=4))
def test_writer_round_trips(doc: dict[str, Any]) -> None:
    text = dumps(doc)
    assert dumps(tomllib.loads(text)) == text


def test_writer_writes_nan_and_inf() -> None:
    loaded = tomllib.loads(dumps({"a": math.nan, "b": math.inf, "c": -math.inf}))
    assert math.isnan(loaded["a"]) and loaded["b"] == math.inf and loaded["c"] == -math.inf


@SETTINGS
@given(st.data(), bases())
def test_mutated_file_gives_scenario_or_scenario_error(data: st.DataObject, base: dict) -> None:
    doc = mutated(data, base)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_text(dumps(doc), encoding="utf-8")
        result = load_or_error(path)
    assert isinstance(result, Scenario | ScenarioError)


@SETTINGS
@given(st.data(), bases())
def test_scenario_error_is_one_line_starting_with_the_file(data: st.DataObject, base: dict) -> None:
    doc = mutated(data, base)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_text(dumps(doc), encoding="utf-8")
        result = load_or_error(path)
    if isinstance(result, ScenarioError):
        message = str(result)
        assert result.path is not None
        assert message.startswith(f"{result.path}: ")
        assert "\n" not in message and "\r" not in message


CHILD: dict[str, Any] = {
    "scenario": {
        "id": "child",
        "name": "子",
        "name_en": "Child",
        "extends": "parent",
        "horizon": 2024,
    },
    "indicators": {"gdp": {"growth": 0.06, "source": {"growth": "assumption: child"}}},
    "targets": {"t": {"year": 2024, "source": {"year": "assumption: child"}}},
}


@SETTINGS
@given(st.data())
def test_mutated_chain_gives_scenario_or_scenario_error(data: st.DataObject) -> None:
    parent = copy.deepcopy(MINIMAL)
    parent["scenario"]["id"] = "parent"
    parent = mutated(data, parent)
    child = mutated(data, CHILD)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "parent.toml").write_text(dumps(parent), encoding="utf-8")
        path = Path(folder) / "child.toml"
        path.write_text(dumps(child), encoding="utf-8")
        result = load_or_error(path)
    assert isinstance(result, Scenario | ScenarioError)


def test_the_chain_fixture_is_valid(tmp_path: Path) -> None:
    parent = copy.deepcopy(MINIMAL)
    parent["scenario"]["id"] = "parent"
    (tmp_path / "parent.toml").write_text(dumps(parent), encoding="utf-8")
    (tmp_path / "child.toml").write_text(dumps(CHILD), encoding="utf-8")
    assert load_scenario(tmp_path / "child.toml").horizon == 2024


# --------------------------------------------------------------------------------------
# with_overrides
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("overrides") / "s.toml"
    path.write_text(dumps(MINIMAL), encoding="utf-8")
    return load_scenario(path)


dotted_keys = st.one_of(
    st.builds(
        lambda section, item, name: f"{section}.{item}.{name}",
        st.sampled_from(["indicators", "derived", "targets", "status", "scenario", "x"]),
        st.sampled_from(["gdp", "jobs", "ratio", "t", "nope"]),
        st.sampled_from(
            [
                "base",
                "growth",
                "shocks",
                "volatility",
                "cap",
                "correlation",
                "source",
                "name",
                "formula",
                "indicator",
                "value",
                "year",
                "from",
                "maintain",
                "direction",
                "nope",
            ]
        ),
    ),
    st.builds(
        lambda section, name: f"{section}.{name}",
        st.sampled_from(["scenario", "status", "indicators"]),
        st.sampled_from(
            [
                "id",
                "base_year",
                "horizon",
                "paths",
                "seed",
                "on_track",
                "at_risk",
                "extends",
                "gdp",
                "nope",
            ]
        ),
    ),
    texts,
)


@SETTINGS
@given(st.dictionaries(dotted_keys, toml_values, min_size=1, max_size=3))
def test_with_overrides_gives_scenario_or_scenario_error(
    scenario: Scenario, overrides: dict[str, Any]
) -> None:
    raw_before = copy.deepcopy(dict(scenario.raw))
    try:
        result = scenario.with_overrides(overrides)
    except ScenarioError:
        pass
    else:
        assert isinstance(result, Scenario)
        assert result is not scenario
    assert dict(scenario.raw) == raw_before  # the original never changes

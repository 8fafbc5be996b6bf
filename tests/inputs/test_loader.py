"""Loading scenarios: inheritance over three files, origins, sources, overrides, bundled files."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from parksim import Scenario, ScenarioError, load_scenario
from tests.conftest import scenario_table

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

GRANDPARENT = """\
[scenario]
id = "gp"
name = "祖"
name_en = "Grandparent"
description = "from the grandparent"
base_year = 2019
horizon = 2025
paths = 500
seed = 1

[status]
on_track = 0.9
at_risk = 0.6

[indicators.gdp]
name = "地区生产总值"
name_en = "GDP"
unit = "亿元"
base = 100.0
growth = { "2020-2022" = 0.05, "2023-2025" = 0.04 }
shocks = { "2020" = -0.05, "2021" = 0.01 }
volatility = 0.02
correlation = 0.5
source.base = "doc-1: gp base"
source.growth = "assumption: gp growth"
source.shocks = "assumption: gp shocks"
source.volatility = "assumption: gp volatility"
source.correlation = "assumption: gp correlation"

[targets.gdp_target]
indicator = "gdp"
value = 150.0
year = 2024
name = "GDP 目标"
name_en = "GDP target"
source.value = "assumption: gp value"
source.year = "assumption: gp year"
"""

# In another folder, named differently from its id, extending the grandparent by path.
PARENT = """\
[scenario]
id = "parent"
name = "父"
name_en = "Parent"
extends = "../common/gp.toml"
paths = 1000

[status]
at_risk = 0.5

[indicators.gdp]
growth = { "2020-2025" = 0.06 }
source.growth = "assumption: parent growth"

[indicators.jobs]
name = "就业"
name_en = "Jobs"
unit = "万人"
base = 10.0
growth = 0.01
source = "assumption: parent jobs"

[derived.jobs_per_gdp]
name = "就业/GDP"
name_en = "Jobs per GDP"
unit = "ratio"
formula = "jobs / gdp"
"""

# Extends the parent by id.
CHILD = """\
[scenario]
id = "child"
name = "子"
name_en = "Child"
extends = "parent"
horizon = 2024

[indicators.gdp]
shocks = { "2021" = -0.02 }
volatility = 0.03
source = "assumption: child changes"

[targets.gdp_target]
value = 160.0
source.value = "doc-2: child value"

[targets.jobs]
indicator = "jobs"
value = 12.0
year = 2024
name = "就业目标"
name_en = "Jobs target"
source = "assumption: child jobs target"
"""


@pytest.fixture
def family(write_toml) -> dict[str, Path]:
    return {
        "gp": write_toml("common/gp.toml", GRANDPARENT),
        "parent": write_toml("scen/parent_file.toml", PARENT),
        "child": write_toml("scen/child.toml", CHILD),
    }


@pytest.fixture
def child(family: dict[str, Path]) -> Scenario:
    return load_scenario(family["child"])


def same_file(a: str | Path, b: Path) -> bool:
    return Path(a).resolve() == b.resolve()


# --------------------------------------------------------------------------------------
# Three levels of inheritance
# --------------------------------------------------------------------------------------


def test_files_list_the_chain_root_first(child: Scenario, family: dict[str, Path]) -> None:
    assert [f.resolve() for f in child.files] == [
        family["gp"].resolve(),
        family["parent"].resolve(),
        family["child"].resolve(),
    ]
    assert same_file(child.path, family["child"])


def test_child_names_itself(child: Scenario) -> None:
    assert (child.id, child.name, child.name_en) == ("child", "子", "Child")


def test_extends_is_never_inherited(child: Scenario) -> None:
    assert "extends" not in child.raw["scenario"]


def test_scenario_keys_merge_one_by_one(child: Scenario) -> None:
    meta = child.spec.scenario
    assert meta.description == "from the grandparent"
    assert meta.base_year == 2019
    assert meta.paths == 1000  # parent
    assert meta.seed == 1  # grandparent
    assert meta.horizon == 2024  # child
    assert list(child.years) == list(range(2019, 2025))


def test_status_merges_key_by_key(child: Scenario) -> None:
    assert child.spec.status.on_track == 0.9  # grandparent
    assert child.spec.status.at_risk == 0.5  # parent


def test_indicator_keys_merge_one_by_one(child: Scenario) -> None:
    gdp = child.indicators["gdp"]
    assert gdp.name == "地区生产总值"
    assert gdp.base == 100.0  # grandparent
    assert gdp.correlation == 0.5  # grandparent
    assert gdp.volatility == 0.03  # child


def test_child_value_replaces_whole_growth_table(child: Scenario) -> None:
    assert child.indicators["gdp"].growth == {"2020-2025": 0.06}
    np.testing.assert_array_equal(child.compiled.growth[0], [0.06] * 5)


def test_child_value_replaces_whole_shocks_table(child: Scenario) -> None:
    assert child.indicators["gdp"].shocks == {"2021": -0.02}
    np.testing.assert_array_equal(child.compiled.shocks[0], [0.0, -0.02, 0.0, 0.0, 0.0])


def test_items_added_down_the_chain_appear(child: Scenario) -> None:
    assert list(child.indicators) == ["gdp", "jobs"]
    assert list(child.derived) == ["jobs_per_gdp"]
    assert list(child.targets) == ["gdp_target", "jobs"]
    assert child.all_indicator_ids == ("gdp", "jobs", "jobs_per_gdp")


def test_target_keys_merge_one_by_one(child: Scenario) -> None:
    target = child.targets["gdp_target"]
    assert (target.indicator, target.value, target.year) == ("gdp", 160.0, 2024)


def test_origins_name_the_file_that_set_each_key(child: Scenario, family: dict[str, Path]) -> None:
    expected = {
        "scenario.id": "child",
        "scenario.horizon": "child",
        "scenario.paths": "parent",
        "scenario.base_year": "gp",
        "status.on_track": "gp",
        "status.at_risk": "parent",
        "indicators.gdp.base": "gp",
        "indicators.gdp.growth": "parent",
        "indicators.gdp.shocks": "child",
        "indicators.gdp.volatility": "child",
        "indicators.jobs.base": "parent",
        "derived.jobs_per_gdp.formula": "parent",
        "targets.gdp_target.year": "gp",
        "targets.gdp_target.value": "child",
        "targets.jobs.value": "child",
    }
    for key, who in expected.items():
        assert same_file(child.origins[key], family[who]), key


def test_source_of_follows_the_file_that_set_the_value(child: Scenario) -> None:
    assert child.source_of("indicators.gdp.base") == "doc-1: gp base"
    assert child.source_of("indicators.gdp.correlation") == "assumption: gp correlation"
    assert child.source_of("indicators.gdp.growth") == "assumption: parent growth"
    # `source = "..."` in the child cites only the numbers the child sets
    assert child.source_of("indicators.gdp.shocks") == "assumption: child changes"
    assert child.source_of("indicators.gdp.volatility") == "assumption: child changes"
    assert child.source_of("targets.gdp_target.value") == "doc-2: child value"
    assert child.source_of("targets.gdp_target.year") == "assumption: gp year"
    assert child.source_of("indicators.jobs.growth") == "assumption: parent jobs"


def test_source_of_a_number_nobody_set_is_none(child: Scenario) -> None:
    assert child.source_of("indicators.gdp.cap") is None


def test_the_middle_file_loads_on_its_own(family: dict[str, Path]) -> None:
    parent = load_scenario(family["parent"])
    assert parent.id == "parent"
    assert parent.horizon == 2025
    assert parent.indicators["gdp"].shocks == {"2020": -0.05, "2021": 0.01}
    assert len(parent.files) == 2


def test_extends_by_id_in_the_same_folder_when_file_is_named_after_the_id(write_toml) -> None:
    write_toml("base.toml", GRANDPARENT.replace('id = "gp"', 'id = "base"'))
    child = write_toml(
        "c.toml",
        scenario_table("c", "c", "C", extends="base", seed=9),
    )
    scenario = load_scenario(child)
    assert scenario.spec.scenario.seed == 9
    assert [f.name for f in scenario.files] == ["base.toml", "c.toml"]


def test_extends_by_id_prefers_the_file_with_that_id(write_toml) -> None:
    """``extends = "a"`` must find the scenario whose id is "a", not a file a.toml with another id."""
    write_toml("a.toml", GRANDPARENT.replace('id = "gp"', 'id = "not_a"'))
    write_toml(
        "real.toml", GRANDPARENT.replace('id = "gp"', 'id = "a"').replace("seed = 1", "seed = 5")
    )
    child = write_toml("c.toml", scenario_table("c", "c", "C", extends="a"))
    scenario = load_scenario(child)
    assert [f.name for f in scenario.files] == ["real.toml", "c.toml"]
    assert scenario.spec.scenario.seed == 5


def test_load_accepts_a_string_path(family: dict[str, Path]) -> None:
    assert load_scenario(str(family["child"])).id == "child"


# --------------------------------------------------------------------------------------
# with_overrides
# --------------------------------------------------------------------------------------


def test_override_returns_a_new_scenario_and_leaves_the_original(child: Scenario) -> None:
    raw_before = copy.deepcopy(dict(child.raw))
    changed = child.with_overrides(
        {"indicators.gdp.volatility": 0.5, "indicators.gdp.growth": 0.1, "scenario.seed": 3}
    )
    assert changed is not child
    assert isinstance(changed, Scenario)
    assert changed.indicators["gdp"].volatility == 0.5
    np.testing.assert_array_equal(changed.compiled.growth[0], [0.1] * 5)
    assert changed.spec.scenario.seed == 3
    # the original is untouched
    assert child.indicators["gdp"].volatility == 0.03
    assert child.spec.scenario.seed == 1
    np.testing.assert_array_equal(child.compiled.growth[0], [0.06] * 5)
    assert dict(child.raw) == raw_before
    assert child.source_of("indicators.gdp.volatility") == "assumption: child changes"


def test_override_sets_the_override_source_and_origin(child: Scenario) -> None:
    changed = child.with_overrides({"indicators.gdp.volatility": 0.5})
    assert changed.source_of("indicators.gdp.volatility") == "assumption: override"
    assert changed.origins["indicators.gdp.volatility"] == "<override>"
    assert changed.source_of("indicators.gdp.base") == "doc-1: gp base"  # others kept
    assert changed.files == child.files


def test_override_of_a_target_number(child: Scenario) -> None:
    changed = child.with_overrides({"targets.jobs.value": 20.0})
    assert changed.targets["jobs"].value == 20.0
    assert changed.source_of("targets.jobs.value") == "assumption: override"


def test_override_with_a_bad_value_raises(child: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        child.with_overrides({"indicators.gdp.volatility": -1.0})
    assert str(info.value) == "indicators.gdp.volatility = -1.0: must be >= 0"
    assert info.value.key == "indicators.gdp.volatility"
    assert info.value.path is None


def test_override_breaking_a_cross_check_raises(child: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        child.with_overrides({"targets.jobs.year": 2030})
    assert info.value.key == "targets.jobs.year"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "gdp",
            "gdp: cannot be overridden; use section.id.key, e.g. indicators.gdp.growth, "
            "or scenario.<key>",
        ),
        (
            "indicators.nope.base",
            "indicators.nope.base: no such entry in [indicators]; known: gdp, jobs",
        ),
    ],
)
def test_override_of_an_unknown_key_raises(child: Scenario, key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        child.with_overrides({key: 1.0})
    assert str(info.value) == message
    assert info.value.key == key


def test_override_growth_table_with_integer_years_is_a_scenario_error(child: Scenario) -> None:
    """A Python caller may write years as ints; that must be a ScenarioError, not a TypeError."""
    with pytest.raises(ScenarioError) as info:
        child.with_overrides({"indicators.gdp.growth": {2020: 0.1}})
    assert info.value.key == "indicators.gdp.growth"


def test_override_citing_a_field_that_does_not_exist_raises(child: Scenario) -> None:
    """Overrides are validated like files: a source for no such number is refused."""
    with pytest.raises(ScenarioError) as info:
        child.with_overrides({"indicators.gdp.source": {"bsae": "assumption: x"}})
    assert info.value.key == "indicators.gdp.source.bsae"


# --------------------------------------------------------------------------------------
# Bundled scenarios
# --------------------------------------------------------------------------------------


def test_bundled_baseline_loads() -> None:
    baseline = load_scenario(SCENARIOS / "baseline.toml")
    assert baseline.id == "baseline"
    assert (baseline.base_year, baseline.horizon) == (2019, 2030)
    assert "gdp" in baseline.indicators
    assert baseline.targets  # the article's targets are there
    assert len(baseline.files) == 1


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.name)
def test_every_bundled_scenario_loads_and_cites_every_number(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.id
    for section, fields in [
        ("indicators", ("base", "growth", "volatility", "shocks", "cap", "correlation")),
        ("targets", ("value", "year", "from")),
    ]:
        for item_id, item in scenario.raw.get(section, {}).items():
            for name in fields:
                if name in item:
                    assert scenario.source_of(f"{section}.{item_id}.{name}"), (item_id, name)

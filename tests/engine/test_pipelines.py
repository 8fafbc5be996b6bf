"""Project pipelines inside the Monte Carlo: pairing, caching, levers, stats."""

from __future__ import annotations

import dataclasses
import math
import re
import textwrap
import typing
from pathlib import Path

import numpy as np
import pytest

import parksim
from parksim.des.params import (
    APPROVAL_DISTRIBUTIONS,
    PIPELINE_RULES,
    FieldRule,
    PipelineParams,
)
from parksim.engine import pipelines
from parksim.inputs.schema import Pipeline
from parksim.results.metrics import PIPELINE_COLUMNS

SCENARIO = """
[scenario]
id = "p"
name = "管线"
name_en = "Pipeline"
base_year = 2019
horizon = 2026
paths = 400
seed = 3
pipeline_runs = 40

[indicators.health]
name = "健康"
name_en = "Health"
unit = "亿元"
base = 100.0
growth = 0.05
volatility = {volatility}
source = "assumption: test"

[pipelines.recruit]
indicator = "health"
arrivals_per_year = {arrivals}
start_year = 2020
end_year = 2024
success_rate = 0.8
key_share = 0.3
approval_staff = 2
approval_days = 20
land_per_year = 8
build_years = [0.5, 1.0, 1.5]
ramp_years = 1.0
output_per_project = {{ median = 2.0, spread = 0.5 }}
source = "assumption: test"

[targets.reach]
indicator = "health"
value = 235.0
year = 2026
name = "达到"
name_en = "reach"
source = "assumption: test"
"""


def write(
    tmp_path: Path, *, volatility: float = 0.04, arrivals: str = "10", name: str = "s.toml"
) -> parksim.Scenario:
    file = tmp_path / name
    file.write_text(SCENARIO.format(volatility=volatility, arrivals=arrivals), encoding="utf-8")
    return parksim.load_scenario(file)


def without_pipeline(scenario: parksim.Scenario) -> parksim.Scenario:
    raw = {key: value for key, value in scenario.raw.items() if key != "pipelines"}
    return parksim.Scenario.from_raw(raw, scenario.origins, scenario.files)


def test_zero_arrivals_add_exactly_nothing(tmp_path: Path) -> None:
    scenario = write(tmp_path, arrivals="0")
    with_zero = parksim.simulate(scenario, paths=300)
    plain = parksim.simulate(without_pipeline(scenario), paths=300)
    np.testing.assert_array_equal(with_zero.values, plain.values)
    assert (with_zero.pipeline_stats()["output_mean"] == 0).all()


def test_indicator_is_organic_projection_plus_paired_realisation(tmp_path: Path) -> None:
    scenario = write(tmp_path, volatility=0.0)
    result = parksim.simulate(scenario, paths=100, pipeline_runs=30)
    organic = 100.0 * 1.05 ** np.arange(8)
    output = result.pipelines["recruit"].output
    assert output.shape == (30, 7)
    assert output[:, -1].std() > 0, "realisations should differ"
    for path in (0, 29, 30, 99):
        expected = organic.copy()
        expected[1:] += output[path % 30]
        np.testing.assert_allclose(result.paths("health")[path], expected, rtol=1e-14)


def test_more_projects_more_output_and_higher_probability(tmp_path: Path) -> None:
    scenario = write(tmp_path)
    base = parksim.simulate(scenario)
    more = parksim.simulate(scenario.with_overrides({"pipelines.recruit.arrivals_per_year": 25}))
    assert (
        more.pipeline_stats()["output_mean"].iloc[-1]
        > base.pipeline_stats()["output_mean"].iloc[-1]
    )
    assert more.probability("reach") > base.probability("reach")


@pytest.mark.parametrize(
    ("lever", "value"),
    [
        ("approval_days", 5.0),
        ("approval_staff", 6),
        ("land_per_year", 30),
        ("key_share", 0.9),
    ],
)
def test_levers_work_as_overrides(tmp_path: Path, lever: str, value: float) -> None:
    scenario = write(tmp_path)
    changed = scenario.with_overrides({f"pipelines.recruit.{lever}": value})
    assert getattr(changed.pipelines["recruit"], lever) == value
    assert changed.source_of(f"pipelines.recruit.{lever}") == "assumption: override"
    assert pipelines.pipeline_params(changed, "recruit") != pipelines.pipeline_params(
        scenario, "recruit"
    )


def test_faster_approvals_shorten_waits(tmp_path: Path) -> None:
    scenario = write(tmp_path, arrivals="30").with_overrides(
        {"pipelines.recruit.land_per_year": None, "pipelines.recruit.approval_staff": 1}
    )
    slow = parksim.simulate(scenario.with_overrides({"pipelines.recruit.approval_days": 12}))
    fast = parksim.simulate(scenario.with_overrides({"pipelines.recruit.approval_days": 4}))
    assert (
        fast.pipeline_stats()["approval_wait_mean_days"].mean()
        < slow.pipeline_stats()["approval_wait_mean_days"].mean()
    )


def test_growth_change_does_not_rerun_the_pipeline(tmp_path: Path) -> None:
    scenario = write(tmp_path)
    first = parksim.simulate(scenario)
    misses = pipelines._cached_runs.cache_info().misses
    faster = parksim.simulate(scenario.with_overrides({"indicators.health.growth": 0.09}))
    assert pipelines._cached_runs.cache_info().misses == misses
    assert faster.pipelines["recruit"] is first.pipelines["recruit"]
    parksim.simulate(scenario.with_overrides({"pipelines.recruit.approval_days": 9.0}))
    assert pipelines._cached_runs.cache_info().misses == misses + 1


def test_same_seed_same_pipeline_numbers_in_fresh_cache(tmp_path: Path) -> None:
    scenario = write(tmp_path)
    first = parksim.simulate(scenario).values.copy()
    pipelines._cached_runs.cache_clear()
    np.testing.assert_array_equal(parksim.simulate(scenario).values, first)


def clustered_standard_error(met: np.ndarray, runs: int) -> float:
    """SE of a share when paths sharing a realisation are correlated (clusters p mod R)."""
    cluster_means = np.array([met[r::runs].mean() for r in range(runs)])
    within = met.var() / met.size
    return float(max(cluster_means.std(ddof=1) / np.sqrt(runs), np.sqrt(within)))


def test_probability_does_not_depend_on_realisation_count(tmp_path: Path) -> None:
    scenario = write(tmp_path, arrivals="12", volatility=0.03)
    estimates = []
    for runs in (25, 200):
        result = parksim.simulate(scenario, paths=8_000, seed=21, pipeline_runs=runs)
        met = result.met("reach")
        estimates.append((met.mean(), clustered_standard_error(met, runs)))
    (p_small, se_small), (p_large, se_large) = estimates
    assert 0.05 < p_large < 0.95, "fixture should leave the target uncertain"
    assert abs(p_small - p_large) < 4 * np.hypot(se_small, se_large)


def test_first_paths_equal_a_smaller_run(tmp_path: Path) -> None:
    scenario = write(tmp_path)
    small = parksim.simulate(scenario, paths=30)
    large = parksim.simulate(scenario, paths=400)
    np.testing.assert_array_equal(small.values, large.values[:, :30])


def test_pipeline_stats_table(tmp_path: Path) -> None:
    result = parksim.simulate(write(tmp_path))
    stats = result.pipeline_stats()
    assert list(stats.columns) == PIPELINE_COLUMNS
    assert stats["year"].tolist() == list(range(2020, 2027))
    runs = result.pipelines["recruit"]
    np.testing.assert_allclose(stats["signed"], runs.signed.mean(axis=0))
    assert stats.loc[stats.year == 2026, "signed"].item() == 0  # recruitment ended in 2024
    assert (stats["producing"].diff().dropna() >= 0).all()
    assert ((stats["staff_utilisation"] >= 0) & (stats["staff_utilisation"] <= 1)).all()


def test_scenario_without_pipelines_has_empty_stats(tmp_path: Path) -> None:
    result = parksim.simulate(without_pipeline(write(tmp_path)), paths=10)
    assert result.pipeline_stats().empty
    assert list(result.pipeline_stats().columns) == PIPELINE_COLUMNS


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'indicator = "health"',
            'indicator = "wealth"',
            'pipelines.recruit.indicator = "wealth": must be a plain indicator; known: health',
        ),
        (
            "start_year = 2020",
            "start_year = 2019",
            "pipelines.recruit.start_year = 2019: must be within 2020-2026 (after base_year, up to "
            "horizon)",
        ),
        (
            "end_year = 2024",
            "end_year = 2030",
            "pipelines.recruit.end_year = 2030: must be within 2020-2026 (start_year up to horizon)",
        ),
        (
            "arrivals_per_year = 10",
            'arrivals_per_year = { "2020-2022" = 10 }',
            'pipelines.recruit.arrivals_per_year = { "2020-2022" = 10.0 }: no value for 2023-2024; '
            "ranges must cover 2020-2024",
        ),
        (
            "approval_staff = 2",
            "approval_staff = 0",
            "pipelines.recruit.approval_staff = 0: must be >= 1",
        ),
        (
            "build_years = [0.5, 1.0, 1.5]",
            "build_years = [2.0, 1.0, 1.5]",
            "pipelines.recruit.build_years = [2.0, 1.0, 1.5]: must be [min, mode, max] in years with "
            "0 <= min <= mode <= max",
        ),
        (
            "approval_days = 20",
            'approval_days = 20\napproval_distribution = "gamma"',
            'pipelines.recruit.approval_distribution = "gamma": must be one of "exponential", '
            '"lognormal" or "fixed"',
        ),
        (
            "land_per_year = 8",
            "land_per_yaer = 8",
            "pipelines.recruit.land_per_yaer: unknown key; allowed here: indicator, name, name_en, arrivals_per_year, start_year, end_year, success_rate, key_share, approval_staff, approval_days, approval_distribution, approval_cv, land_per_year, build_years, ramp_years, arrivals_per_year_range, approval_days_range, approval_staff_range, land_per_year_range, key_share_range, success_rate_range, output_per_project, source",
        ),
    ],
)
def test_pipeline_errors_name_key_value_and_rule(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    file = tmp_path / "bad.toml"
    text = SCENARIO.format(volatility=0.0, arrivals="10")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(file)
    assert str(caught.value) == f"{file}: {message}"


def test_pipeline_number_without_source_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "nosource.toml"
    text = SCENARIO.format(volatility=0.0, arrivals="10")
    head, tail = text.split("[pipelines.recruit]")
    tail = tail.replace('source = "assumption: test"', 'source.indicator = "assumption: test"', 1)
    file.write_text(head + "[pipelines.recruit]" + textwrap.dedent(tail), encoding="utf-8")
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(file)
    assert caught.value.key == "pipelines.recruit.source.indicator"


# ---------------------------------------------- one rule for PipelineParams and the files

OUTPUT_FIELDS = {"output_median": "median", "output_spread": "spread"}
OUTPUT_LINE = "output_per_project = { median = 2.0, spread = 0.5 }"


def toml_key(name: str) -> str:
    """The dotted key of a ``PipelineParams`` field in the fixture's file."""
    inner = OUTPUT_FIELDS.get(name)
    return (
        f"pipelines.recruit.{name}"
        if inner is None
        else f"pipelines.recruit.output_per_project.{inner}"
    )


def with_value(name: str, value: str | None) -> str:
    """The fixture's text with ``name`` set to TOML ``value``, or left out for ``None``."""
    text = SCENARIO.format(volatility=0.0, arrivals="10")
    assert OUTPUT_LINE in text
    if name in OUTPUT_FIELDS:
        parts = {"median": "2.0", "spread": "0.5"}
        inner = OUTPUT_FIELDS[name]
        if value is None:
            del parts[inner]
        else:
            parts[inner] = value
        table = ", ".join(f"{key} = {number}" for key, number in parts.items())
        return text.replace(OUTPUT_LINE, f"output_per_project = {{ {table} }}")
    text = re.sub(rf"^{name} = .*\n", "", text, flags=re.MULTILINE)
    line = "" if value is None else f"{name} = {value}\n"
    return text.replace("[pipelines.recruit]\n", f"[pipelines.recruit]\n{line}")


def edges(rule: FieldRule[typing.Any]) -> list[tuple[int | float, bool]]:
    """``(value, allowed)`` at each bound of a rule: the last value allowed, the first not."""
    ints = rule.kind == "int"
    low = rule.minimum
    found: list[tuple[int | float, bool]] = [
        (low, not rule.strict),
        (int(low) - 1 if ints else math.nextafter(low, -math.inf), False),
    ]
    if rule.strict:
        found.append((int(low) + 1 if ints else math.nextafter(low, math.inf), True))
    if rule.maximum is not None:
        high = rule.maximum
        found.append((high, True))
        found.append((int(high) + 1 if ints else math.nextafter(high, math.inf), False))
    return found


def toml_number(value: int | float) -> str:
    return repr(value)  # shortest round-trip repr; TOML reads it back exactly


EDGE_CASES = [
    pytest.param(rule, value, allowed, id=f"{rule.name}={value!r}")
    for rule in PIPELINE_RULES.values()
    for value, allowed in edges(rule)
]


@pytest.mark.parametrize(("rule", "value", "allowed"), EDGE_CASES)
def test_file_and_params_agree_at_every_bound(
    tmp_path: Path, rule: FieldRule[typing.Any], value: float, allowed: bool
) -> None:
    """At each bound of each rule, a TOML file and ``PipelineParams`` accept the same last
    value and refuse the same first one, with the same rule in both messages."""
    file = tmp_path / "edge.toml"
    file.write_text(with_value(rule.name, toml_number(value)), encoding="utf-8")
    direct = {"start_year": 2020, "end_year": 2020, "arrivals_per_year": (1.0,), rule.name: value}
    if allowed:
        loaded = pipelines.pipeline_params(parksim.load_scenario(file), "recruit")
        assert getattr(loaded, rule.name) == value
        assert getattr(PipelineParams(**direct), rule.name) == value  # type: ignore[arg-type]
        return
    with pytest.raises(parksim.ScenarioError) as from_file:
        parksim.load_scenario(file)
    with pytest.raises(ValueError) as from_params:
        PipelineParams(**direct)  # type: ignore[arg-type]
    message = str(from_file.value)
    assert "\n" not in message
    assert message.startswith(f"{file}: {toml_key(rule.name)} = {toml_number(value)}: must be ")
    assert str(from_params.value).startswith(f"{rule.name} = {value!r}: must be ")
    # the same value and the same rule (relation and bound) after the key
    assert message.split(" = ", 1)[1] == str(from_params.value).split(" = ", 1)[1]


@pytest.mark.parametrize("rule", list(PIPELINE_RULES.values()), ids=list(PIPELINE_RULES))
def test_omitted_numbers_get_the_one_default(tmp_path: Path, rule: FieldRule[typing.Any]) -> None:
    """A file that leaves a number out gets the rule's default, which is also the default of
    ``PipelineParams``; a number the files must state is reported missing."""
    defaults = {f.name: f.default for f in dataclasses.fields(PipelineParams)}
    assert defaults[rule.name] == rule.default
    file = tmp_path / "omitted.toml"
    file.write_text(with_value(rule.name, None), encoding="utf-8")
    if rule.required_in_file:
        with pytest.raises(parksim.ScenarioError) as caught:
            parksim.load_scenario(file)
        assert str(caught.value) == f"{file}: {toml_key(rule.name)}: required key is missing"
        return
    loaded = pipelines.pipeline_params(parksim.load_scenario(file), "recruit")
    assert getattr(loaded, rule.name) == rule.default


def test_file_and_params_allow_the_same_approval_distributions() -> None:
    field = Pipeline.model_fields["approval_distribution"]
    assert typing.get_args(field.annotation) == APPROVAL_DISTRIBUTIONS
    assert field.default == PipelineParams.approval_distribution == "exponential"


def test_an_omitted_ramp_still_means_full_output_at_completion(tmp_path: Path) -> None:
    """The default that scenarios have always had (0: full output at completion) is kept."""
    file = tmp_path / "noramp.toml"
    file.write_text(with_value("ramp_years", None), encoding="utf-8")
    assert pipelines.pipeline_params(parksim.load_scenario(file), "recruit").ramp_years == 0.0
    assert PipelineParams(2020, 2020, (1.0,)).ramp_years == 0.0

"""Tests of parksim.des against closed-form queueing results and hand calculations."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from parksim.des import (
    DAYS_PER_YEAR,
    PipelineParams,
    PipelineResources,
    PipelineRuns,
    PriorityContainer,
    draw_projects,
    ramp_output_fraction,
    realisation_rng,
    run_realisation,
    simulate_pipeline,
)

YEAR = DAYS_PER_YEAR


def params_for(years: int = 1, rate: float = 0.0, **overrides: object) -> PipelineParams:
    """Parameters with recruitment years 2020 .. 2020 + years - 1 at a constant rate."""
    return PipelineParams(
        start_year=2020,
        end_year=2020 + years - 1,
        arrivals_per_year=(rate,) * years,
        **overrides,  # type: ignore[arg-type]
    )


def erlang_c(servers: int, offered_load: float) -> float:
    """Erlang's C formula: probability that an arrival to M/M/c has to wait.

    With a = λ/μ and c servers: C = [a^c/c! · c/(c-a)] / [Σ_{k<c} a^k/k! + a^c/c! · c/(c-a)].
    """
    waiting_term = (
        offered_load**servers / math.factorial(servers) * servers / (servers - offered_load)
    )
    idle_terms = sum(offered_load**k / math.factorial(k) for k in range(servers))
    return waiting_term / (idle_terms + waiting_term)


def within_sigmas(estimates: list[float], expected: float, sigmas: float = 4.0) -> tuple[bool, str]:
    """Whether the mean of independent estimates is within `sigmas` standard errors."""
    values = np.asarray(estimates)
    mean = values.mean()
    se = values.std(ddof=1) / math.sqrt(values.size)
    message = f"mean {mean:.4g} vs expected {expected:.4g}, se {se:.3g}"
    return abs(mean - expected) < sigmas * se, message


# ----------------------------------------------------------------------------- M/M/c


@dataclass
class QueueRun:
    """What one long M/M/c realisation tells us after the warm-up."""

    mean_wait: float
    arrival_rate: float  # measured, per day
    mean_queue_sampled: float  # time average of len(staff.queue) from a monitor
    utilisation: float


MMC_SERVERS = 3
MMC_MEAN_SERVICE = 30.0  # days
MMC_RHO = 0.7
MMC_LAMBDA = MMC_RHO * MMC_SERVERS / MMC_MEAN_SERVICE  # per day
MMC_YEARS = 200
MMC_WARMUP_DAYS = 5 * YEAR
MMC_SAMPLE_EVERY = 2.0  # days


def queue_monitor(samples: list[int]) -> Callable[[PipelineResources], None]:
    """An observe hook sampling the approval queue length on a regular grid after warm-up."""

    def observe(resources: PipelineResources) -> None:
        def sample() -> simpy.events.ProcessGenerator:
            yield resources.env.timeout(MMC_WARMUP_DAYS)
            while True:
                samples.append(len(resources.staff.queue))
                yield resources.env.timeout(MMC_SAMPLE_EVERY)

        resources.env.process(sample())

    return observe


def run_mmc(realisation: int) -> QueueRun:
    params = params_for(
        years=MMC_YEARS,
        rate=MMC_LAMBDA * YEAR,
        approval_staff=MMC_SERVERS,
        approval_days=MMC_MEAN_SERVICE,
    )
    samples: list[int] = []
    run = run_realisation(
        params,
        range(2020, 2020 + MMC_YEARS),
        realisation_rng(20240501, realisation),
        observe=queue_monitor(samples),
    )
    signed = run.draws.signed_days
    after_warmup = (signed >= MMC_WARMUP_DAYS) & np.isfinite(run.approval_start_days)
    waits = run.approval_start_days[after_warmup] - signed[after_warmup]
    window = MMC_YEARS * YEAR - MMC_WARMUP_DAYS
    busy = run.staff_busy_days[5:].sum()
    return QueueRun(
        mean_wait=float(waits.mean()),
        arrival_rate=np.count_nonzero(signed >= MMC_WARMUP_DAYS) / window,
        mean_queue_sampled=float(np.mean(samples)),
        utilisation=float(busy / (MMC_SERVERS * window)),
    )


@pytest.fixture(scope="module")
def mmc_runs() -> list[QueueRun]:
    return [run_mmc(r) for r in range(12)]


def test_mmc_mean_wait_matches_erlang_c(mmc_runs: list[QueueRun]) -> None:
    mu = 1 / MMC_MEAN_SERVICE
    expected = erlang_c(MMC_SERVERS, MMC_LAMBDA / mu) / (MMC_SERVERS * mu - MMC_LAMBDA)
    ok, message = within_sigmas([run.mean_wait for run in mmc_runs], expected)
    assert ok, message
    se = np.std([run.mean_wait for run in mmc_runs], ddof=1) / math.sqrt(len(mmc_runs))
    assert se < 0.1 * expected, "the test must be able to tell a 40 % error"


def test_mmc_littles_law_for_the_approval_queue(mmc_runs: list[QueueRun]) -> None:
    # Sample path: L measured by the monitor equals λ̂·Ŵ of the same run (up to edge effects).
    for run in mmc_runs:
        assert run.mean_queue_sampled == pytest.approx(run.arrival_rate * run.mean_wait, rel=0.03)
    # And both agree with the Erlang-C prediction L = λ·Wq.
    mu = 1 / MMC_MEAN_SERVICE
    wq = erlang_c(MMC_SERVERS, MMC_LAMBDA / mu) / (MMC_SERVERS * mu - MMC_LAMBDA)
    ok, message = within_sigmas([run.mean_queue_sampled for run in mmc_runs], MMC_LAMBDA * wq)
    assert ok, message


def test_mmc_staff_utilisation_is_the_offered_load(mmc_runs: list[QueueRun]) -> None:
    ok, message = within_sigmas([run.utilisation for run in mmc_runs], MMC_RHO)
    assert ok, message


# -------------------------------------------------------------------------- priority


def test_key_projects_wait_less_as_the_priority_formula_says() -> None:
    """Non-preemptive priority M/M/1 (Cobham): W_k = W0 / ((1 - σ_{k-1})(1 - σ_k))."""
    mean_service, rho, key_share, n_years = 30.0, 0.7, 0.3, 150
    lam = rho / mean_service
    params = params_for(
        years=n_years, rate=lam * YEAR, key_share=key_share, approval_days=mean_service
    )
    key_means, other_means = [], []
    for r in range(12):
        run = run_realisation(params, range(2020, 2020 + n_years), realisation_rng(7, r))
        signed = run.draws.signed_days
        use = (signed >= 5 * YEAR) & np.isfinite(run.approval_start_days)
        waits = run.approval_start_days - signed
        key_means.append(float(waits[use & run.draws.key].mean()))
        other_means.append(float(waits[use & ~run.draws.key].mean()))
    w0 = rho * mean_service  # λ E[S²] / 2 with E[S²] = 2 / μ²
    rho_key = key_share * rho
    assert np.mean(key_means) < 0.5 * np.mean(other_means)
    ok, message = within_sigmas(key_means, w0 / (1 - rho_key))
    assert ok, message
    ok, message = within_sigmas(other_means, w0 / ((1 - rho_key) * (1 - rho)))
    assert ok, message


def test_ample_staff_means_nobody_waits() -> None:
    params = params_for(years=5, rate=10.0, approval_staff=60, key_share=0.5)
    runs = simulate_pipeline(params, range(2020, 2025), realisations=5, seed=3)
    waits = np.concatenate(runs.approval_waits)
    assert waits.size > 150
    assert np.all(waits == 0.0)
    assert np.all(np.concatenate(runs.land_waits) == 0.0)  # unlimited land


def test_priority_container_serves_key_requests_first() -> None:
    env = simpy.Environment()
    land = PriorityContainer(env, init=0)
    served: list[tuple[str, float]] = []

    def ask(name: str, at: float, priority: int) -> simpy.events.ProcessGenerator:
        yield env.timeout(at)
        yield land.get(1, priority)
        served.append((name, env.now))

    def refill() -> simpy.events.ProcessGenerator:
        for _ in range(3):
            yield env.timeout(10)
            land.put(1)

    for name, at, priority in [("first", 1, 1), ("second", 2, 1), ("key", 3, 0)]:
        env.process(ask(name, at, priority))
    env.process(refill())
    env.run()
    assert served == [("key", 10), ("first", 20), ("second", 30)]


def test_key_projects_get_land_first_when_land_is_scarce() -> None:
    params = params_for(years=8, rate=20.0, key_share=0.3, land_per_year=10, approval_staff=5)
    key_waits, other_waits = [], []
    for r in range(4):
        run = run_realisation(params, range(2020, 2028), realisation_rng(11, r))
        landed = np.isfinite(run.landed_days)
        waits = run.landed_days - run.approved_days
        key_waits.append(waits[landed & run.draws.key])
        other_waits.append(waits[landed & ~run.draws.key])
    key, other = np.concatenate(key_waits), np.concatenate(other_waits)
    # Key demand (6/year) is below supply (10 parcels each 1 January), so a key project
    # usually waits at most until the next 1 January; the others queue behind them.
    assert np.percentile(key, 90) < YEAR
    assert key.mean() < 0.5 * other.mean()


# ---------------------------------------------------------------------- deterministic


DETERMINISTIC = dict(
    approval_distribution="fixed",
    approval_days=30.0,
    build_years=(1.0, 1.0, 1.0),
    ramp_years=1.0,
    output_median=10.0,
    output_spread=0.0,
)


def test_zero_arrivals_add_exactly_nothing() -> None:
    runs = simulate_pipeline(params_for(years=3, rate=0.0), range(2020, 2025), 4, seed=1)
    assert np.all(runs.output == 0.0)
    for counts in (runs.signed, runs.approved, runs.landed, runs.completed, runs.producing):
        assert np.all(counts == 0)
    assert np.all(runs.staff_busy_days == 0.0)
    assert all(w.size == 0 for w in runs.approval_waits + runs.land_waits)


def test_dropouts_are_signed_but_add_nothing() -> None:
    runs = simulate_pipeline(
        params_for(years=3, rate=20.0, success_rate=0.0), range(2020, 2023), 3, 1
    )
    assert runs.signed.sum() > 100
    assert np.all(runs.output == 0.0)
    assert runs.approved.sum() == runs.completed.sum() == 0


def test_two_projects_output_path_matches_hand_calculation() -> None:
    params = params_for(years=1, **DETERMINISTIC)  # type: ignore[arg-type]
    run = run_realisation(
        params, range(2020, 2025), np.random.default_rng(0), arrival_days=[100.0, 350.0]
    )
    # Project A: signed day 100, approved 130, built by 495 (2021), full output from 860 (2022).
    # Project B: signed day 350, approved 380 (2021), built by 745 (2022), full from 1110 (2023).
    # Output fraction f rises linearly over 365 days; a year's output = 10 · mean of f.
    year_a = [
        0.0,
        0.5 * (235 / 365) ** 2,  # 2021: ramp from 495 to 730
        (130 * (235 / 365 + 1) / 2 + 235) / 365,  # 2022: rest of the ramp, then full
        1.0,
        1.0,
    ]
    year_b = [
        0.0,
        0.0,
        0.5 * (350 / 365) ** 2,  # 2022: ramp from 745 to 1095
        (15 * (350 / 365 + 1) / 2 + 350) / 365,  # 2023: last 15 ramp days, then full
        1.0,
    ]
    expected = 10.0 * (np.array(year_a) + np.array(year_b))
    np.testing.assert_allclose(run.output, expected, rtol=1e-12, atol=1e-12)
    assert run.signed.tolist() == [2, 0, 0, 0, 0]
    assert run.approved.tolist() == [1, 1, 0, 0, 0]
    assert run.landed.tolist() == [1, 1, 0, 0, 0]
    assert run.completed.tolist() == [0, 1, 1, 0, 0]
    assert run.producing.tolist() == [0, 1, 2, 2, 2]
    np.testing.assert_allclose(run.completed_days, [495.0, 745.0])
    # B's approval runs from day 350 to 380: 15 staff-days in each of 2020 and 2021.
    np.testing.assert_allclose(run.staff_busy_days, [45.0, 15.0, 0.0, 0.0, 0.0])
    assert [w.tolist() for w in run.approval_waits] == [[0.0, 0.0], [], [], [], []]


def test_zero_ramp_means_full_output_from_completion() -> None:
    params = params_for(years=1, **{**DETERMINISTIC, "ramp_years": 0.0})  # type: ignore[arg-type]
    run = run_realisation(params, range(2020, 2023), np.random.default_rng(0), arrival_days=[100.0])
    np.testing.assert_allclose(run.output, [0.0, 10.0 * (730 - 495) / 365, 10.0], rtol=1e-12)


def test_land_limit_waits_match_hand_calculation() -> None:
    params = params_for(years=1, land_per_year=1, approval_staff=3, **DETERMINISTIC)  # type: ignore[arg-type]
    run = run_realisation(
        params, range(2020, 2024), np.random.default_rng(0), arrival_days=[10.0, 20.0, 30.0]
    )
    # Approvals end on days 40, 50, 60; one parcel on each 1 January (days 0, 365, 730).
    np.testing.assert_allclose(run.approved_days, [40.0, 50.0, 60.0])
    np.testing.assert_allclose(run.landed_days, [40.0, 365.0, 730.0])
    assert [w.tolist() for w in run.land_waits] == [[0.0], [315.0], [670.0], []]
    assert run.landed.tolist() == [1, 1, 1, 0]
    np.testing.assert_allclose(run.completed_days, [405.0, 730.0, 1095.0])
    assert run.completed.tolist() == [0, 1, 1, 1]


def test_land_per_year_zero_blocks_every_project() -> None:
    params = params_for(years=2, rate=10.0, land_per_year=0)
    runs = simulate_pipeline(params, range(2020, 2023), 2, seed=5)
    assert runs.approved.sum() > 10
    assert runs.landed.sum() == 0 and np.all(runs.output == 0.0)


@settings(max_examples=60, deadline=None)
@given(
    completed=st.floats(-400.0, 2000.0),
    ramp_days=st.one_of(st.just(0.0), st.floats(1e-3, 1200.0)),
    first_year=st.integers(-2, 5),
)
def test_ramp_fraction_is_the_exact_yearly_mean(
    completed: float, ramp_days: float, first_year: int
) -> None:
    starts = (first_year + np.arange(3)) * YEAR
    fraction = ramp_output_fraction(np.array([completed]), ramp_days, starts)[0]
    steps = 40_000
    for k, start in enumerate(starts):
        t = start + (np.arange(steps) + 0.5) * YEAR / steps  # midpoint rule
        f = np.clip((t - completed) / ramp_days, 0, 1) if ramp_days else (t >= completed) * 1.0
        assert fraction[k] == pytest.approx(f.mean(), abs=1e-4)
    assert np.all((fraction >= 0) & (fraction <= 1 + 1e-12))
    assert np.all(np.diff(fraction) >= -1e-12)


# ------------------------------------------------------------------------ random draws


def test_signed_counts_are_poisson_and_times_uniform() -> None:
    rate, n = 30.0, 300
    runs = simulate_pipeline(
        params_for(years=2, rate=rate, success_rate=0.0), range(2020, 2022), n, 9
    )
    counts = runs.signed.ravel()
    assert abs(counts.mean() - rate) < 4 * math.sqrt(rate / counts.size)
    assert counts.var(ddof=1) == pytest.approx(rate, rel=0.2)
    days = draw_projects(params_for(years=2, rate=rate), np.random.default_rng(1)).signed_days
    assert np.all(np.diff(days) >= 0)
    assert sps.kstest(days / (2 * YEAR), "uniform").pvalue > 1e-3


@pytest.mark.parametrize(
    ("distribution", "cv"), [("exponential", 1.0), ("lognormal", 0.5), ("fixed", 0.0)]
)
def test_approval_times_have_the_requested_mean_and_cv(distribution: str, cv: float) -> None:
    params = params_for(approval_distribution=distribution, approval_cv=cv, approval_days=40.0)
    draws = draw_projects(params, np.random.default_rng(2), arrival_days=np.zeros(200_000))
    days = draws.approval_service_days
    assert days.mean() == pytest.approx(40.0, abs=4 * 40.0 * max(cv, 1e-9) / math.sqrt(days.size))
    assert days.std() / days.mean() == pytest.approx(cv, abs=0.01)


def test_build_times_are_triangular() -> None:
    params = params_for(build_years=(1.0, 1.5, 3.0))
    draws = draw_projects(params, np.random.default_rng(3), arrival_days=np.zeros(20_000))
    years = draws.build_days / YEAR
    assert sps.kstest(years, sps.triang(c=0.25, loc=1.0, scale=2.0).cdf).pvalue > 1e-3


def test_full_output_is_lognormal_with_the_given_median_and_spread() -> None:
    params = params_for(output_median=5.0, output_spread=0.4)
    draws = draw_projects(params, np.random.default_rng(4), arrival_days=np.zeros(20_000))
    log_output = np.log(draws.full_output)
    assert sps.kstest(log_output, sps.norm(loc=math.log(5.0), scale=0.4).cdf).pvalue > 1e-3


# -------------------------------------------------------------------- reproducibility


def assert_runs_equal(a: PipelineRuns, b: PipelineRuns, rows: slice = slice(None)) -> None:
    for field in (
        "output",
        "signed",
        "approved",
        "landed",
        "completed",
        "producing",
        "staff_busy_days",
    ):
        np.testing.assert_array_equal(
            getattr(a, field)[rows], getattr(b, field)[rows], err_msg=field
        )


REALISTIC = params_for(
    years=3,
    rate=25.0,
    success_rate=0.8,
    key_share=0.2,
    approval_staff=2,
    approval_distribution="lognormal",
    approval_cv=0.8,
    land_per_year=15,
    output_spread=0.5,
)


def test_same_seed_gives_identical_results() -> None:
    a = simulate_pipeline(REALISTIC, range(2020, 2025), 6, seed=42)
    b = simulate_pipeline(REALISTIC, range(2020, 2025), 6, seed=42)
    assert_runs_equal(a, b)
    assert a.events == b.events
    for wa, wb in zip(
        a.approval_waits + a.land_waits, b.approval_waits + b.land_waits, strict=True
    ):
        np.testing.assert_array_equal(wa, wb)
    c = simulate_pipeline(REALISTIC, range(2020, 2025), 6, seed=43)
    assert not np.array_equal(a.output, c.output)


def test_realisation_does_not_depend_on_the_number_of_realisations() -> None:
    few = simulate_pipeline(REALISTIC, range(2020, 2025), 2, seed=np.random.SeedSequence(5))
    many = simulate_pipeline(REALISTIC, range(2020, 2025), 5, seed=np.random.SeedSequence(5))
    assert_runs_equal(few, many, rows=slice(0, 2))
    ss = np.random.SeedSequence(5)
    for r in range(5):
        own = np.random.default_rng(
            np.random.SeedSequence(entropy=ss.entropy, spawn_key=(*ss.spawn_key, r))
        )
        alone = run_realisation(REALISTIC, range(2020, 2025), own)
        np.testing.assert_array_equal(alone.output, many.output[r])


def test_output_years_may_skip_or_precede_the_simulation() -> None:
    full = simulate_pipeline(REALISTIC, range(2018, 2025), 3, seed=8)
    some = simulate_pipeline(REALISTIC, [2021, 2024], 3, seed=8)
    assert np.all(full.output[:, :2] == 0.0) and np.all(full.signed[:, :2] == 0)
    # Same horizon (end of 2024), so the same simulation, only other columns are reported.
    np.testing.assert_allclose(some.output, full.output[:, [3, 6]], rtol=1e-12)
    np.testing.assert_array_equal(some.completed, full.completed[:, [3, 6]])


def test_counts_flow_through_the_stages() -> None:
    runs = simulate_pipeline(REALISTIC, range(2020, 2026), 5, seed=12)
    signed, approved, landed, completed = (
        np.cumsum(getattr(runs, name), axis=1)
        for name in ("signed", "approved", "landed", "completed")
    )
    assert np.all(approved <= signed) and np.all(landed <= approved)
    assert np.all(completed <= landed)
    np.testing.assert_array_equal(runs.producing, completed)  # nobody stops producing
    total_waits = sum(w.size for w in runs.approval_waits)
    assert total_waits >= approved[:, -1].sum()


def test_stats_table() -> None:
    runs = simulate_pipeline(REALISTIC, range(2020, 2025), 4, seed=2)
    table = runs.stats(approval_staff=2)
    assert list(table.columns) == [
        "year",
        "signed",
        "approved",
        "landed",
        "completed",
        "producing",
        "approval_wait_mean_days",
        "approval_wait_p90_days",
        "land_wait_mean_days",
        "land_wait_p90_days",
        "staff_utilisation",
        "output_mean",
        "output_p10",
        "output_p90",
    ]
    assert table["year"].tolist() == [2020, 2021, 2022, 2023, 2024]
    np.testing.assert_allclose(table["completed"], runs.completed.mean(axis=0))
    np.testing.assert_allclose(table["staff_utilisation"], runs.staff_busy_days.mean(axis=0) / 730)
    assert table["approval_wait_mean_days"].iloc[-1] != table["approval_wait_mean_days"].iloc[
        -1
    ] or (runs.approval_waits[-1].size > 0)
    assert runs.stats().equals(table)  # approval_staff defaults to params
    empty = simulate_pipeline(params_for(years=1), range(2020, 2022), 2, 0).stats()
    assert empty["approval_wait_mean_days"].isna().all()


# ------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approval_staff": 0}, "approval_staff = 0: must be >= 1"),
        ({"approval_staff": 10_001}, "approval_staff = 10001: must be <= 10000"),
        ({"approval_staff": 1.5}, "approval_staff = 1.5: must be an integer >= 1 and <= 10000"),
        ({"success_rate": True}, "success_rate = True: must be a finite number >= 0 and <= 1"),
        ({"success_rate": 1.5}, "success_rate = 1.5: must be <= 1"),
        ({"key_share": -0.1}, "key_share = -0.1: must be >= 0"),
        ({"approval_days": 0}, "approval_days = 0: must be > 0"),
        (
            {"approval_distribution": "gamma"},
            "approval_distribution = 'gamma': must be one of 'exponential', 'lognormal', 'fixed'",
        ),
        ({"approval_cv": -1}, "approval_cv = -1: must be >= 0"),
        ({"land_per_year": -1}, "land_per_year = -1: must be >= 0"),
        (
            {"build_years": (2, 1, 3)},
            "build_years = (2, 1, 3): must satisfy 0 <= min <= mode <= max",
        ),
        (
            {"build_years": (1, 2)},
            "build_years = (1, 2): must be three finite numbers (min, mode, max)",
        ),
        ({"ramp_years": -1.0}, "ramp_years = -1.0: must be >= 0"),
        ({"output_median": 0}, "output_median = 0: must be > 0"),
        (
            {"output_spread": math.nan},
            "output_spread = nan: must be a finite number >= 0 and <= 10",
        ),
        ({"end_year": 2019}, "end_year = 2019: must be an integer >= start_year (2020)"),
        (
            {"arrivals_per_year": (1.0, 2.0)},
            "arrivals_per_year has 2 rates: must have 1, one per year 2020..2020",
        ),
        (
            {"arrivals_per_year": (-1.0,)},
            "arrivals_per_year[0] = -1.0: must be a finite number >= 0 and <= 10,000",
        ),
    ],
)
def test_parameter_errors_name_the_value_and_the_rule(
    overrides: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "start_year": 2020,
        "end_year": 2020,
        "arrivals_per_year": (1.0,),
    }
    arguments.update(overrides)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PipelineParams(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: simulate_pipeline(params_for(), range(2020, 2021), 0, 1),
            "realisations = 0: must be >= 1",
        ),
        (
            lambda: simulate_pipeline(params_for(), range(2020, 2021), 1, -1),
            "seed = -1: must be an integer >= 0 or a numpy SeedSequence",
        ),
        (
            lambda: simulate_pipeline(params_for(), [], 1, 1),
            "years = []: must be a non-empty sequence of integers",
        ),
        (
            lambda: simulate_pipeline(params_for(), [2021, 2020], 1, 1),
            "years = [2021, 2020]: must be strictly increasing",
        ),
        (
            lambda: run_realisation(
                params_for(), [2020], np.random.default_rng(), arrival_days=[5.0, -1.0]
            ),
            "arrival_days[1] = -1.0: must be a finite number >= 0",
        ),
    ],
)
def test_call_errors_name_the_value_and_the_rule(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_params_are_normalised_and_hashable() -> None:
    params = PipelineParams(2020, 2021, [1, 2], build_years=[1, 2, 3])  # type: ignore[arg-type]
    assert params.arrivals_per_year == (1.0, 2.0)
    assert params.build_years == (1.0, 2.0, 3.0)
    assert hash(params) == hash(PipelineParams(2020, 2021, (1.0, 2.0), build_years=(1.0, 2.0, 3.0)))
    assert {f.name for f in fields(PipelineRuns)} >= {
        "years",
        "output",
        "signed",
        "approved",
        "landed",
        "completed",
        "producing",
        "approval_waits",
        "land_waits",
        "staff_busy_days",
        "events",
    }

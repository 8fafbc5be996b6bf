"""The direct event loop (parksim.des.direct) against the SimPy model, time for time."""

from __future__ import annotations

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from parksim.des import DAYS_PER_YEAR, PipelineParams, draw_projects, realisation_rng
from parksim.des import model as des_model
from parksim.des.direct import StageTimes, signed_projects, stage_times


def _params(draw: st.DrawFn) -> PipelineParams:
    years = draw(st.integers(1, 8))
    return PipelineParams(
        start_year=2020,
        end_year=2019 + years,
        arrivals_per_year=tuple(draw(st.lists(st.floats(0, 60), min_size=years, max_size=years))),
        success_rate=draw(st.floats(0.3, 1.0)),
        key_share=draw(st.floats(0.0, 1.0)),
        approval_staff=draw(st.integers(1, 6)),
        approval_days=draw(st.sampled_from([1.0, 20.0, 73.0, 365.0]) | st.floats(0.5, 400)),
        approval_distribution=draw(st.sampled_from(["exponential", "lognormal", "fixed"])),
        approval_cv=0.7,
        land_per_year=draw(st.sampled_from([None, 0, 1, 3, 10, 25, 60])),
        build_years=(1.0, 1.5, 3.0),
    )


@st.composite
def realisations(draw: st.DrawFn) -> tuple[PipelineParams, list[float] | None, float, int]:
    params = _params(draw)
    whole_days = st.lists(st.integers(0, 6 * 365).map(float), max_size=120).map(sorted)
    arrivals = draw(st.none() | whole_days)  # whole days: ties with refills and each other
    horizon = draw(st.sampled_from([0.0, 365.0, 1825.0, 2920.0]) | st.floats(1.0, 4000.0))
    return params, arrivals, horizon, draw(st.integers(0, 2**32))


def _simpy(params: PipelineParams, draws: object, horizon: float) -> StageTimes:
    """The SimPy model, as it runs whenever an ``observe`` hook is given."""
    return des_model._run_projects(params, draws, horizon, observe=lambda _: None)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(case=realisations())
def test_direct_loop_gives_simpys_times_and_event_count(
    case: tuple[PipelineParams, list[float] | None, float, int],
) -> None:
    params, arrivals, horizon, seed = case
    draws = draw_projects(params, realisation_rng(seed, 0), arrival_days=arrivals)
    projects = signed_projects(draws, horizon)
    direct = stage_times(projects, draws, params.approval_staff, params.land_per_year, horizon)
    reference = _simpy(params, draws, horizon)
    if direct is None:  # refused only where two events share an instant
        ends = reference.approved[np.isfinite(reference.approved)].tolist()
        refills = np.arange(1, 12) * DAYS_PER_YEAR if params.land_per_year else []
        instants = [p[1] for p in projects] + ends + [d for d in refills if d < horizon]
        assert len(set(instants)) < len(instants)
        return
    for name in ("approval_start", "approved", "landed", "completed"):
        np.testing.assert_array_equal(getattr(direct, name), getattr(reference, name), name)
    assert direct.events == reference.events


def test_a_tie_runs_simpy() -> None:
    """An approval ending on 1 January, when parcels arrive: SimPy's order decides."""
    params = PipelineParams(
        start_year=2020,
        end_year=2020,
        arrivals_per_year=(0.0,),
        approval_days=30.0,
        approval_distribution="fixed",
        land_per_year=1,
        success_rate=1.0,
    )
    draws = draw_projects(params, realisation_rng(1, 0), arrival_days=[10.0, 335.0])
    horizon = 2 * DAYS_PER_YEAR
    projects = signed_projects(draws, horizon)
    assert stage_times(projects, draws, params.approval_staff, 1, horizon) is None
    times = des_model._run_projects(params, draws, horizon, None)
    np.testing.assert_array_equal(times.landed, [40.0, 365.0])


def test_a_realisation_without_ties_runs_no_simpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The work saved: no SimPy environment for a realisation of continuous draws."""
    made: list[object] = []
    real = simpy.Environment

    def counted() -> simpy.Environment:
        made.append(None)
        return real()

    monkeypatch.setattr(des_model.simpy, "Environment", counted)
    params = PipelineParams(
        start_year=2020, end_year=2025, arrivals_per_year=(30.0,) * 6, land_per_year=20
    )
    run = des_model.run_realisation(params, range(2020, 2031), realisation_rng(3, 0))
    assert made == [] and run.landed.sum() > 100
    des_model.run_realisation(
        params, range(2020, 2031), realisation_rng(3, 0), observe=lambda _: None
    )
    assert len(made) == 1

"""Scenarios side by side: targets, the assumptions that differ, projections at chosen years.

All scenarios run with the same paths, seed and pipeline realisations (the first scenario's
unless given). The engine keys its random streams by indicator, so the scenarios share their
random numbers and the differences come from the assumptions, not from noise.
"""

from __future__ import annotations

from collections.abc import Sequence

from parksim.engine.run import simulate
from parksim.errors import ParksimError
from parksim.inputs.scenario import Scenario
from parksim.results.comparison import Comparison, default_years


def compare(
    scenarios: Sequence[Scenario],
    *,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    years: Sequence[int] | None = None,
) -> Comparison:
    """Simulate every scenario with the same paths, seed and pipeline realisations (default:
    the first scenario's); ``years`` for projections default to the target years and the
    horizon of the first scenario."""
    if not scenarios:
        raise ParksimError("compare: give at least one scenario")
    meta = scenarios[0].spec.scenario
    settings = {
        "paths": meta.paths if paths is None else paths,
        "seed": meta.seed if seed is None else seed,
        "pipeline_runs": meta.pipeline_runs if pipeline_runs is None else pipeline_runs,
    }
    chosen = tuple(sorted(set(years))) if years else default_years(scenarios[0])
    for scenario in scenarios:
        outside = [y for y in chosen if y not in scenario.years]
        if outside:
            raise ParksimError(
                f"{scenario.path}: year {outside[0]} is outside the scenario's "
                f"{scenario.base_year}-{scenario.horizon}; choose years within it"
            )
    results = tuple(
        simulate(s, settings["paths"], settings["seed"], pipeline_runs=settings["pipeline_runs"])
        for s in scenarios
    )
    return Comparison(results=results, years=chosen)


# ----------------------------------------------------------------------------- helpers

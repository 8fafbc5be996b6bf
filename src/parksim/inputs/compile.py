"""The compile step: a validated spec checked as a whole and turned into arrays.

Pydantic checks each section on its own (``parksim.inputs.schema``); here go the rules that
need the whole scenario (year ranges, formulas, references between sections), each error
blamed on the file whose change broke the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from parksim.des.params import MIN_ARRIVAL_RATE, shown_bound
from parksim.inputs.formula import Formula, parse_formula
from parksim.inputs.origins import Blame
from parksim.inputs.schema import ScenarioSpec, format_value
from parksim.inputs.years import spread_over_years


@dataclass(frozen=True)
class Compiled:
    """The scenario as arrays, indicator by indicator in file order."""

    years: np.ndarray  # base_year .. horizon
    indicator_ids: tuple[str, ...]
    base: np.ndarray  # (n,)
    growth: np.ndarray  # (n, steps): expected growth from year t-1 to t
    shocks: np.ndarray  # (n, steps)
    volatility: np.ndarray  # (n,) year-to-year noise
    growth_sd: np.ndarray  # (n,) trend uncertainty: one shift per path, held every year
    correlation: np.ndarray  # (n,) loading on the common factors
    cap: np.ndarray  # (n,), inf where there is no cap
    derived: tuple[tuple[str, Formula], ...]  # in an order where inputs come first
    arrivals: Mapping[str, tuple[float, ...]]  # per pipeline: rate per recruitment year


def compile_spec(spec: ScenarioSpec, blame: Blame) -> Compiled:
    """The checked scenario as arrays; ``ScenarioError`` (via ``blame``) on a broken rule."""
    meta = spec.scenario
    if meta.horizon <= meta.base_year:
        raise blame.fail(
            "scenario.horizon",
            f"scenario.horizon = {meta.horizon}: must be after "
            f"scenario.base_year ({meta.base_year})",
            "scenario.base_year",
        )
    if spec.status.at_risk > spec.status.on_track:
        raise blame.fail(
            "status.at_risk",
            f"status.at_risk = {spec.status.at_risk}: must be <= "
            f"status.on_track ({spec.status.on_track})",
            "status.on_track",
        )
    steps = range(meta.base_year + 1, meta.horizon + 1)
    growth, shocks = [], []
    for ind_id, ind in spec.indicators.items():
        growth.append(_yearly(blame, f"indicators.{ind_id}.growth", ind.growth, steps, True))
        shocks.append(_yearly(blame, f"indicators.{ind_id}.shocks", ind.shocks, steps, False))
        if ind.cap is not None and ind.cap <= ind.base:
            raise blame.fail(
                f"indicators.{ind_id}.cap",
                f"indicators.{ind_id}.cap = {ind.cap}: must be > base ({ind.base})",
                f"indicators.{ind_id}.base",
            )
    inds = spec.indicators.values()
    compiled = Compiled(
        years=np.arange(meta.base_year, meta.horizon + 1),
        indicator_ids=tuple(spec.indicators),
        base=np.array([i.base for i in inds]),
        growth=np.array(growth).reshape(len(growth), len(steps)),
        shocks=np.array(shocks).reshape(len(shocks), len(steps)),
        volatility=np.array([i.volatility for i in inds]),
        growth_sd=np.array([i.growth_sd for i in inds]),
        correlation=np.array([i.correlation for i in inds]),
        cap=np.array([np.inf if i.cap is None else i.cap for i in inds]),
        derived=_derived_in_order(spec, blame),
        arrivals=_pipeline_arrivals(spec, blame),
    )
    _check_targets(spec, blame)
    return compiled


def _yearly(
    blame: Blame, key: str, values: float | Mapping[str, float], steps: range, must_cover: bool
) -> np.ndarray:
    try:
        return spread_over_years(values, steps, must_cover=must_cover)
    except ValueError as exc:
        raise blame.fail(key, f"{key} = {format_value(values)}: {exc}") from None


def _derived_in_order(spec: ScenarioSpec, blame: Blame) -> tuple[tuple[str, Formula], ...]:
    formulas: dict[str, Formula] = {}
    known = set(spec.indicators) | set(spec.derived)
    for der_id, der in spec.derived.items():
        key = f"derived.{der_id}.formula"
        shown = f"{key} = {format_value(der.formula)}"
        if der_id in spec.indicators:
            raise blame.fail(
                f"derived.{der_id}",
                f"derived.{der_id}: id already used by [indicators.{der_id}]; ids must be unique",
            )
        try:
            formula = parse_formula(der.formula)
        except ValueError as exc:
            raise blame.fail(key, f"{shown}: {exc}") from None
        unknown = sorted(formula.names - known)
        if unknown:
            raise blame.fail(
                key, f'{shown}: unknown indicator "{unknown[0]}"; known: {", ".join(sorted(known))}'
            )
        formulas[der_id] = formula
    order: list[str] = []
    for der_id in formulas:
        _visit(der_id, formulas, order, [], blame)
    return tuple((der_id, formulas[der_id]) for der_id in order)


def _visit(
    der_id: str, formulas: Mapping[str, Formula], order: list[str], stack: list[str], blame: Blame
) -> None:
    if der_id in order:
        return
    if der_id in stack:
        cycle = " -> ".join([*stack[stack.index(der_id) :], der_id])
        raise blame.fail(
            f"derived.{der_id}.formula", f"derived.{der_id}.formula: formulas form a cycle: {cycle}"
        )
    for name in sorted(formulas[der_id].names & formulas.keys()):
        _visit(name, formulas, order, [*stack, der_id], blame)
    order.append(der_id)


def _check_targets(spec: ScenarioSpec, blame: Blame) -> None:
    meta = spec.scenario
    known = [*spec.indicators, *spec.derived]
    for tid, target in spec.targets.items():
        key = f"targets.{tid}"
        if target.indicator not in known:
            raise blame.fail(
                f"{key}.indicator",
                f"{key}.indicator = {format_value(target.indicator)}: no such "
                f"indicator; known: {', '.join(known)}",
            )
        _within(
            blame,
            f"{key}.year",
            target.year,
            meta.base_year + 1,
            meta.horizon,
            "after base_year, up to horizon",
            "scenario.base_year",
            "scenario.horizon",
        )
        if target.from_year is None:
            continue
        if not target.maintain:
            raise blame.fail(
                f"{key}.from", f"{key}.from = {target.from_year}: only allowed with maintain = true"
            )
        _within(
            blame,
            f"{key}.from",
            target.from_year,
            meta.base_year,
            target.year,
            "base_year to the target's year",
            "scenario.base_year",
            f"{key}.year",
        )


def _pipeline_arrivals(spec: ScenarioSpec, blame: Blame) -> dict[str, tuple[float, ...]]:
    """Check each pipeline against the scenario; its arrival rate per recruitment year."""
    meta = spec.scenario
    arrivals: dict[str, tuple[float, ...]] = {}
    for pid, pipeline in spec.pipelines.items():
        key = f"pipelines.{pid}"
        if pipeline.indicator not in spec.indicators:
            raise blame.fail(
                f"{key}.indicator",
                f"{key}.indicator = {format_value(pipeline.indicator)}: must be a plain "
                f"indicator; known: {', '.join(spec.indicators)}",
            )
        _within(
            blame,
            f"{key}.start_year",
            pipeline.start_year,
            meta.base_year + 1,
            meta.horizon,
            "after base_year, up to horizon",
            "scenario.base_year",
            "scenario.horizon",
        )
        _within(
            blame,
            f"{key}.end_year",
            pipeline.end_year,
            pipeline.start_year,
            meta.horizon,
            "start_year up to horizon",
            f"{key}.start_year",
            "scenario.horizon",
        )
        recruiting = range(pipeline.start_year, pipeline.end_year + 1)
        rates = _yearly(
            blame, f"{key}.arrivals_per_year", pipeline.arrivals_per_year, recruiting, True
        )
        if np.any(rates < MIN_ARRIVAL_RATE):
            raise blame.fail(
                f"{key}.arrivals_per_year",
                f"{key}.arrivals_per_year = {format_value(pipeline.arrivals_per_year)}: "
                f"rates must be >= {shown_bound(MIN_ARRIVAL_RATE)}",
            )
        arrivals[pid] = tuple(float(rate) for rate in rates)
    return arrivals


def _within(
    blame: Blame, key: str, value: int, low: int, high: int, why: str, *related: str
) -> None:
    """``low <= value <= high``, or an error that names the range and why it is that."""
    if not low <= value <= high:
        raise blame.fail(key, f"{key} = {value}: must be within {low}-{high} ({why})", *related)

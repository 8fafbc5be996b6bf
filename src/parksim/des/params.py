"""The inputs of one pipeline, checked once: :class:`PipelineParams` and its rules.

The bounds and defaults of a pipeline's numbers are written once, in :data:`PIPELINE_RULES`:
``PipelineParams`` checks them here, and the scenario schema (``parksim.inputs.schema``)
builds its pydantic fields from the same table, so a TOML file and direct use agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeGuard, TypeVar, get_args

import numpy as np
from numpy.typing import NDArray

DAYS_PER_YEAR = 365.0
ApprovalDistribution = Literal["exponential", "lognormal", "fixed"]
APPROVAL_DISTRIBUTIONS: tuple[ApprovalDistribution, ...] = get_args(ApprovalDistribution)
DEFAULT_APPROVAL_DISTRIBUTION: ApprovalDistribution = "exponential"
TRIANGLE_RULE = "0 <= min <= mode <= max"  # build_years = (min, mode, max)
MIN_ARRIVAL_RATE = 0.0  # projects signed per year
MAX_ARRIVAL_RATE = 10_000.0  # a park's projects per year; more would take minutes and GBs
KEY_PRIORITY = 0  # lower is served first, as in simpy.PriorityResource
NORMAL_PRIORITY = 1

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
ArrivalDays = Sequence[float] | NDArray[np.floating[Any]]
Default = TypeVar("Default")  # the type of a rule's default: int, float or int | None


# --------------------------------------------------------------------------- parameters


def is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    """True for Python and numpy integers, but not for bools."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _is_real(value: object) -> TypeGuard[int | float | np.integer[Any] | np.floating[Any]]:
    """True for finite real numbers (bools excluded)."""
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def require_int(name: str, value: object, minimum: int | None = None) -> int:
    """``value`` as an int, or a ValueError naming ``name``, the value and the rule."""
    if not is_int(value):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(f"{name} = {value!r}: must be an integer{bound}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} = {value!r}: must be >= {minimum}")
    return number


def shown_bound(bound: float) -> str:
    """A bound as error messages show it: ``0`` rather than ``0.0`` (as the schema does)."""
    return str(int(bound)) if isinstance(bound, float) and bound.is_integer() else str(bound)


def is_triangle(low: float, mode: float, high: float) -> bool:
    """Whether ``(min, mode, max)`` satisfies :data:`TRIANGLE_RULE`."""
    return 0.0 <= low <= mode <= high


@dataclass(frozen=True)
class FieldRule(Generic[Default]):
    """The one rule for a number of a pipeline: kind, bounds, default.

    ``strict`` refuses ``minimum`` itself (``>`` rather than ``>=``); ``maximum`` is
    inclusive. A default of ``None`` means ``None`` is allowed (it stands for "no limit").
    ``required_in_file``: a scenario file must state (and source) the number; the
    ``default`` then only serves direct use of :class:`PipelineParams`.
    """

    name: str
    kind: Literal["int", "real"]
    minimum: float
    default: Default
    strict: bool = False
    maximum: float | None = None
    required_in_file: bool = False

    @property
    def relation(self) -> str:
        """``">"`` or ``">="``: how a value relates to ``minimum``."""
        return ">" if self.strict else ">="

    @property
    def bounds(self) -> str:
        """The rule as text, e.g. ``">= 1 and <= 10000"``."""
        text = f"{self.relation} {shown_bound(self.minimum)}"
        return text if self.maximum is None else f"{text} and <= {shown_bound(self.maximum)}"

    def check(self, value: object) -> int | float | None:
        """``value`` as an int or float (``None`` where allowed), or a ValueError naming the
        field, the value and the rule it breaks."""
        if value is None and self.default is None:
            return None
        number: int | float
        if self.kind == "int":
            if not is_int(value):
                raise ValueError(f"{self.name} = {value!r}: must be an integer {self.bounds}")
            number = int(value)
        else:
            if not _is_real(value):
                raise ValueError(f"{self.name} = {value!r}: must be a finite number {self.bounds}")
            number = float(value)
        if number < self.minimum or (self.strict and number == self.minimum):
            raise ValueError(
                f"{self.name} = {value!r}: must be {self.relation} {shown_bound(self.minimum)}"
            )
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{self.name} = {value!r}: must be <= {shown_bound(self.maximum)}")
        return number


SUCCESS_RATE: FieldRule[float] = FieldRule("success_rate", "real", 0.0, 1.0, maximum=1.0)
KEY_SHARE: FieldRule[float] = FieldRule("key_share", "real", 0.0, 0.0, maximum=1.0)
APPROVAL_STAFF: FieldRule[int] = FieldRule(
    "approval_staff", "int", 1, 1, maximum=10_000, required_in_file=True
)
# Upper bounds keep every number within what a park can mean and a run can hold in time and
# memory: ten years of approval, a spread of 10 (cv, log-sd), 100,000 parcels a year.
APPROVAL_DAYS: FieldRule[float] = FieldRule(
    "approval_days", "real", 0.0, 30.0, strict=True, maximum=3_650, required_in_file=True
)
APPROVAL_CV: FieldRule[float] = FieldRule("approval_cv", "real", 0.0, 1.0, maximum=10)
LAND_PER_YEAR: FieldRule[int | None] = FieldRule(
    "land_per_year", "int", 0, None, maximum=100_000
)  # None: no limit
RAMP_YEARS: FieldRule[float] = FieldRule("ramp_years", "real", 0.0, 0.0, maximum=50)
OUTPUT_MEDIAN: FieldRule[float] = FieldRule(
    "output_median", "real", 0.0, 1.0, strict=True, maximum=1e6, required_in_file=True
)
OUTPUT_SPREAD: FieldRule[float] = FieldRule("output_spread", "real", 0.0, 0.0, maximum=10)
PIPELINE_RULES: dict[str, FieldRule[Any]] = {
    rule.name: rule
    for rule in (
        SUCCESS_RATE,
        KEY_SHARE,
        APPROVAL_STAFF,
        APPROVAL_DAYS,
        APPROVAL_CV,
        LAND_PER_YEAR,
        RAMP_YEARS,
        OUTPUT_MEDIAN,
        OUTPUT_SPREAD,
    )
}


@dataclass(frozen=True)
class PipelineParams:
    """Inputs of the pipeline model; validated and normalised on construction.

    Durations are in the units their names say (days or years); output in 亿元/year.
    Bounds and defaults of the numbers are those of :data:`PIPELINE_RULES`.
    """

    start_year: int
    end_year: int
    arrivals_per_year: tuple[float, ...]  # one rate per recruitment year start_year..end_year
    success_rate: float = SUCCESS_RATE.default
    key_share: float = KEY_SHARE.default
    approval_staff: int = APPROVAL_STAFF.default
    approval_days: float = APPROVAL_DAYS.default
    approval_distribution: ApprovalDistribution = DEFAULT_APPROVAL_DISTRIBUTION
    approval_cv: float = APPROVAL_CV.default  # used only by "lognormal"
    land_per_year: int | None = LAND_PER_YEAR.default  # None = unlimited
    build_years: tuple[float, float, float] = (1.0, 1.5, 2.0)
    ramp_years: float = RAMP_YEARS.default
    output_median: float = OUTPUT_MEDIAN.default  # 亿元/year at full output
    output_spread: float = OUTPUT_SPREAD.default  # sigma of log output

    def __post_init__(self) -> None:
        self._set("start_year", require_int("start_year", self.start_year))
        self._set("end_year", self._validated_end_year())
        self._set("arrivals_per_year", self._validated_arrivals())
        for rule in PIPELINE_RULES.values():
            self._set(rule.name, rule.check(getattr(self, rule.name)))
        self._set("approval_distribution", self._validated_distribution())
        self._set("build_years", self._validated_build_years())

    def _set(self, name: str, value: object) -> None:
        # Frozen dataclass: normalise (e.g. list -> tuple of floats) through object.__setattr__.
        object.__setattr__(self, name, value)

    def _validated_end_year(self) -> int:
        if not is_int(self.end_year) or int(self.end_year) < self.start_year:
            rule = f"must be an integer >= start_year ({self.start_year})"
            raise ValueError(f"end_year = {self.end_year!r}: {rule}")
        return int(self.end_year)

    def _validated_arrivals(self) -> tuple[float, ...]:
        expected = self.end_year - self.start_year + 1
        try:
            rates = tuple(self.arrivals_per_year)
        except TypeError:
            raise ValueError(
                f"arrivals_per_year = {self.arrivals_per_year!r}: must be a sequence of "
                f"{expected} rates, one per year {self.start_year}..{self.end_year}"
            ) from None
        if len(rates) != expected:
            raise ValueError(
                f"arrivals_per_year has {len(rates)} rates: must have {expected}, "
                f"one per year {self.start_year}..{self.end_year}"
            )
        for index, rate in enumerate(rates):
            if not _is_real(rate) or not MIN_ARRIVAL_RATE <= float(rate) <= MAX_ARRIVAL_RATE:
                raise ValueError(
                    f"arrivals_per_year[{index}] = {rate!r}: must be a finite number "
                    f">= {shown_bound(MIN_ARRIVAL_RATE)} and <= {MAX_ARRIVAL_RATE:,.0f}"
                )
        return tuple(float(rate) for rate in rates)

    def _validated_distribution(self) -> ApprovalDistribution:
        if self.approval_distribution not in APPROVAL_DISTRIBUTIONS:
            allowed = ", ".join(repr(name) for name in APPROVAL_DISTRIBUTIONS)
            raise ValueError(
                f"approval_distribution = {self.approval_distribution!r}: must be one of {allowed}"
            )
        return self.approval_distribution

    def _validated_build_years(self) -> tuple[float, float, float]:
        values = tuple(self.build_years) if isinstance(self.build_years, Sequence) else ()
        if len(values) != 3 or not all(_is_real(v) for v in values):
            raise ValueError(
                f"build_years = {self.build_years!r}: must be three finite numbers (min, mode, max)"
            )
        low, mode, high = (float(v) for v in values)
        if not is_triangle(low, mode, high):
            raise ValueError(f"build_years = {self.build_years!r}: must satisfy {TRIANGLE_RULE}")
        return (low, mode, high)


# ------------------------------------------------------------------------- random draws

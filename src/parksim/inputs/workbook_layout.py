"""The planners' workbook as data: its sheets, their columns, what each cell holds.

One table serves both ways: :mod:`parksim.inputs.workbook_read` reads a workbook by it and
:mod:`parksim.export.workbook` writes one. Headers are words (``wb.sheet.<sheet>``,
``wb.col.<field>``) looked up in the word table by the layer that shows them; every sourced
number has a source column right after it (``source.<field>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parksim.des.params import PIPELINE_RULES

Kind = Literal[
    "id", "text", "longtext", "int", "amount", "rate", "number", "years", "list", "bool",
    "choice", "source", "period",
]  # fmt: skip
MAX_ROWS = 10_000  # data rows read per sheet: far more than a park has, and a bound on time
HEADER_ROWS = 2  # Chinese, then English
UNITS = ("亿元", "万元", "元", "万亿元", "share", "占比", "比重")
SCOPES = ("zone", "city", "province")


@dataclass(frozen=True)
class Field:
    """One column: the document key it fills (``status.on_track``, ``output_per_project.median``),
    what its cells hold, and the simple bounds a data validation can state."""

    key: str
    kind: Kind
    rate: bool = False  # numbers (or a table's numbers) are fractions: 12% = 0.12
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    source: str | None = None  # the source column after this one cites this field

    @property
    def word(self) -> str:
        return f"wb.col.{self.key}"


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: ``key`` is its document section (or ``scenario``, ``actuals``, ``history``);
    a keyed sheet's first column is the item id."""

    key: str
    fields: tuple[Field, ...]
    keyed: bool = True

    @property
    def word(self) -> str:
        return f"wb.sheet.{self.key}"

    def columns(self) -> tuple[tuple[str, Field], ...]:
        """``(column key, field)`` in sheet order; a source column's key is ``source.<field>``."""
        out: list[tuple[str, Field]] = []
        for field in self.fields:
            out.append((field.key, field))
            if field.source is not None:
                out.append((f"source.{field.source}", Field(field.source, "source")))
        return tuple(out)


def _rule(name: str, key: str, kind: Kind, source: str | None = None) -> Field:
    """A pipeline number with the bounds of ``PIPELINE_RULES``."""
    rule = PIPELINE_RULES[name]
    return Field(key, kind, low=rule.minimum, high=rule.maximum, source=source or key)


def _rate(key: str, low: float | None = None, high: float | None = None) -> Field:
    return Field(key, "rate", rate=True, low=low, high=high, source=key)


def _ranges(keys: tuple[str, ...], rate: bool) -> tuple[Field, ...]:
    return tuple(Field(f"{k}_range", "list", rate=rate, source=f"{k}_range") for k in keys)


NAMES = (Field("name", "text"), Field("name_en", "text"))
SCENARIO = SheetLayout(
    "scenario",
    (
        Field("id", "id"),
        *NAMES,
        Field("description", "longtext"),
        Field("extends", "text"),
        Field("base_year", "int", low=1900, high=2200),
        Field("horizon", "int", low=1900, high=2200),
        Field("paths", "int", low=1, high=10_000_000),
        Field("seed", "int", low=0),
        Field("pipeline_runs", "int", low=1, high=100_000),
        *(Field(f"status.{k}", "rate", rate=True, low=0, high=1) for k in ("on_track", "at_risk")),
        *(Field(f"status.{k}", "rate", rate=True, low=0) for k in ("behind", "ahead")),
    ),
    keyed=False,
)
INDICATORS = SheetLayout(
    "indicators",
    (
        Field("id", "id"),
        *NAMES,
        Field("unit", "text", choices=UNITS),
        Field("scope", "text", choices=SCOPES),
        Field("base", "amount", low=0, high=1e12, source="base"),
        Field("growth", "years", rate=True, source="growth"),
        _rate("volatility", 0, 5),
        _rate("growth_sd", 0, 1),
        Field("shocks", "years", rate=True, source="shocks"),
        Field("cap", "amount", low=0, source="cap"),
        _rate("correlation", 0, 1),
        *_ranges(("growth", "volatility", "growth_sd"), rate=True),
        Field("seasonal_shares", "list", rate=True, source="seasonal_shares"),
        Field("ytd_error", "list", rate=True, source="ytd_error"),
    ),
)
DERIVED = SheetLayout(
    "derived",
    (
        Field("id", "id"),
        *NAMES,
        Field("unit", "text", choices=UNITS),
        Field("formula", "text", source="formula"),
    ),
)
TARGETS = SheetLayout(
    "targets",
    (
        Field("id", "id"),
        Field("indicator", "text"),
        *NAMES,
        Field("value", "amount", source="value"),
        Field("year", "int", low=1900, high=2200, source="year"),
        Field("direction", "choice", choices=(">=", "<=")),
        Field("maintain", "bool"),
        Field("from", "int", low=1900, high=2200, source="from"),
    ),
)
PIPELINES = SheetLayout(
    "pipelines",
    (
        Field("id", "id"),
        Field("indicator", "text"),
        *NAMES,
        Field("arrivals_per_year", "years", low=0, source="arrivals_per_year"),
        Field("start_year", "int", low=1900, high=2200, source="start_year"),
        Field("end_year", "int", low=1900, high=2200, source="end_year"),
        _rule("success_rate", "success_rate", "rate"),
        _rule("key_share", "key_share", "rate"),
        _rule("approval_staff", "approval_staff", "int"),
        _rule("approval_days", "approval_days", "number"),
        Field("approval_distribution", "choice", choices=("exponential", "lognormal", "fixed")),
        _rule("approval_cv", "approval_cv", "number"),
        _rule("land_per_year", "land_per_year", "int"),
        Field("build_years", "list", source="build_years"),
        _rule("ramp_years", "ramp_years", "number"),
        Field("output_per_project.median", "number", low=0),
        Field("output_per_project.spread", "number", low=0, source="output_per_project"),
        *_ranges(
            ("arrivals_per_year", "approval_days", "approval_staff", "land_per_year"), rate=False
        ),
        *_ranges(("key_share", "success_rate"), rate=True),
    ),
)
ACTUALS = SheetLayout(
    "actuals",
    (
        Field("indicator", "text"),
        Field("period", "period"),
        Field("value", "amount"),
        Field("yoy", "rate", rate=True),
        Field("source", "source"),
    ),
    keyed=False,
)
HISTORY = SheetLayout(
    "history",
    (
        Field("indicator", "text"),
        Field("year", "int", low=1900, high=2200),
        Field("value", "amount"),
        Field("source", "source"),
        Field("basis", "choice", choices=("level", "growth")),
        Field("break", "bool"),
    ),
    keyed=False,
)
SHEETS = (SCENARIO, INDICATORS, DERIVED, TARGETS, PIPELINES, ACTUALS, HISTORY)
INSTRUCTIONS = "instructions"  # the first sheet: how to fill the others; never read

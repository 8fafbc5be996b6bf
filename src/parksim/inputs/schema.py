"""The shape of a scenario after inheritance, checked by pydantic.

Pydantic checks types, bounds and unknown keys; :func:`describe_error` turns its first
complaint into parksim's one-line message. Checks that need the whole scenario (year ranges,
formulas, references between sections) live in :mod:`parksim.inputs.compile`. The rules
of a pipeline's numbers come from ``parksim.des.params.PIPELINE_RULES``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import ErrorDetails, PydanticUndefined

from parksim.des.params import (
    DEFAULT_APPROVAL_DISTRIBUTION,
    MAX_ARRIVAL_RATE,
    PIPELINE_RULES,
    TRIANGLE_RULE,
    ApprovalDistribution,
    is_triangle,
)
from parksim.inputs.plaintext import HIDDEN, LongText, Text, cut_text
from parksim.inputs.years import parse_range

ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
SCENARIO_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
MAX_PATHS = 10_000_000
SHARE_UNITS = ("share", "比重", "占比")  # fractions (0.5 = 50 %), levels rather than flows


def _year_table(value: Any) -> Any:
    """A number or a table of year ranges to numbers; anything else is refused."""
    if isinstance(value, bool):
        raise ValueError('must be a number or a table of year ranges like { "2021-2025" = 0.1 }')
    if isinstance(value, int | float):
        return _finite(float(value))
    if isinstance(value, Mapping):
        table: dict[str, float] = {}
        for key, item in value.items():
            label = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            if not isinstance(label, str):
                raise ValueError(f'year range {key!r} must be a year like "2020" or "2021-2025"')
            parse_range(label)
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise ValueError(f'value for "{label}" must be a number')
            table[label] = _finite(float(item))
        return table
    raise ValueError('must be a number or a table of year ranges like { "2021-2025" = 0.1 }')


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    return number


def _ranges_only(value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise ValueError('must be a table of years or year ranges like { "2020" = -0.06 }')
    return _year_table(value)


def _triangle(value: Any) -> Any:
    """``[min, mode, max]`` satisfying ``TRIANGLE_RULE`` (the rule ``PipelineParams`` checks)."""
    numbers = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numbers or len(value) != 3 or not is_triangle(value[0], value[1], value[2]):
        raise ValueError(f"must be [min, mode, max] in years with {TRIANGLE_RULE}")
    return [float(v) for v in value]


def pipeline_field(name: str) -> Any:
    """The pydantic field of a pipeline number, built from its rule in ``PIPELINE_RULES``
    (``parksim.des.params``): the same bounds and default as ``PipelineParams``."""
    rule = PIPELINE_RULES[name]
    return Field(
        PydanticUndefined if rule.required_in_file else rule.default,
        gt=rule.minimum if rule.strict else None,
        ge=None if rule.strict else rule.minimum,
        le=rule.maximum,
    )


def _low_high(value: Any) -> Any:
    """A planner range ``[low, high]`` with ``low <= high``."""
    numbers = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numbers or len(value) != 2 or value[0] > value[1]:
        raise ValueError("must be [low, high] with low <= high")
    return [float(v) for v in value]


def _cumulative_shares(value: Any) -> Any:
    """Four year-to-date shares of the annual value, rising to 1.0 at Q4."""
    numbers = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numbers or len(value) != 4 or not 0 < value[0] <= value[1] <= value[2] <= value[3]:
        raise ValueError("must be four rising year-to-date shares [Q1, Q2, Q3, 1.0]")
    if value[3] != 1:
        raise ValueError("must end with 1.0 (the whole year)")
    return [float(v) for v in value]


def _ytd_errors(value: Any) -> Any:
    """Three relative errors of the annual estimate from Q1, H1 and Q1–Q3 figures."""
    numbers = isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    )
    if not numbers or len(value) != 3 or not all(0 <= v <= 10 for v in value):
        raise ValueError(
            "must be three relative errors [Q1, H1, Q3] within 0..10, e.g. [0.2, 0.1, 0.05]"
        )
    return [float(v) for v in value]


def _within(low: float, high: float) -> Any:
    """A check that every number of a value (or of its year table) lies in ``low..high``."""

    def check(value: Any) -> Any:
        numbers = value.values() if isinstance(value, Mapping) else [value]
        for number in numbers:
            if not low <= number <= high:
                raise ValueError(f"must lie within {low:g}..{high:g}")
        return value

    return AfterValidator(check)


Range = Annotated[list[float] | None, BeforeValidator(lambda v: v if v is None else _low_high(v))]
YearValues = Annotated[float | dict[str, float], BeforeValidator(_year_table)]
# Growth and shocks as rates: -95 % (the engine's floor) to +1,000 % a year; projects per year
# as many as a run can simulate in seconds (des.params.MAX_ARRIVAL_RATE).
Growth = Annotated[YearValues, _within(-0.95, 10.0)]
Arrivals = Annotated[YearValues, _within(0.0, MAX_ARRIVAL_RATE)]
YearTable = Annotated[dict[str, float], BeforeValidator(_ranges_only)]
Sources = dict[str, str]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class ScenarioMeta(_Model):
    id: str = Field(pattern=SCENARIO_ID_PATTERN)
    name: Text
    name_en: Text
    description: LongText = ""
    base_year: int = Field(ge=1900, le=2200)
    horizon: int = Field(ge=1900, le=2200)
    paths: int = Field(default=10_000, ge=1, le=MAX_PATHS)
    pipeline_runs: int = Field(default=50, ge=1, le=100_000)
    seed: int = Field(default=0, ge=0)
    actuals: str | None = None  # CSV of actual figures, relative to the file that sets it
    history: str | None = None  # CSV of past figures (<= base_year), relative likewise


class StatusThresholds(_Model):
    on_track: float = Field(default=0.8, ge=0, le=1)
    at_risk: float = Field(default=0.5, ge=0, le=1)
    behind: float = Field(default=0.10, ge=0, le=1)  # more than 10 % short of 序时进度
    ahead: float = Field(default=0.05, ge=0)  # more than 5 % above 序时进度


class Indicator(_Model):
    name: Text
    name_en: Text
    unit: Text
    scope: Text = ""
    base: float = Field(gt=0, le=1e12)
    growth: Growth
    volatility: float = Field(default=0.0, ge=0, le=5)
    growth_sd: float = Field(default=0.0, ge=0, le=1)  # trend uncertainty, held per path
    shocks: Annotated[YearTable, _within(-1.0, 10.0)] = Field(default_factory=dict)
    cap: float | None = None
    correlation: float = Field(default=0.0, ge=0, le=1)
    seasonal_shares: Annotated[
        list[float] | None, BeforeValidator(lambda v: v if v is None else _cumulative_shares(v))
    ] = None
    ytd_error: Annotated[
        list[float] | None, BeforeValidator(lambda v: v if v is None else _ytd_errors(v))
    ] = None
    growth_range: Range = None
    volatility_range: Range = None
    growth_sd_range: Range = None
    source: Sources = Field(default_factory=dict)


class Derived(_Model):
    name: Text
    name_en: Text
    unit: Text
    formula: str
    source: Sources = Field(default_factory=dict)


class Target(_Model):
    model_config = ConfigDict(populate_by_name=True)

    indicator: str
    value: float
    year: int
    direction: Literal[">=", "<="] = ">="
    maintain: bool = False
    from_year: int | None = Field(default=None, alias="from")
    name: Text
    name_en: Text
    source: Sources = Field(default_factory=dict)


class ProjectOutput(_Model):
    median: float = pipeline_field("output_median")  # 亿元/year at full output
    spread: float = pipeline_field("output_spread")  # σ of the log output


class Pipeline(_Model):
    """Recruited projects that add output to one indicator (see ``parksim.des``)."""

    indicator: str
    name: Text = ""
    name_en: Text = ""
    arrivals_per_year: Arrivals
    start_year: int
    end_year: int
    # Bounds and defaults of the numbers: PIPELINE_RULES, shared with PipelineParams.
    success_rate: float = pipeline_field("success_rate")
    key_share: float = pipeline_field("key_share")
    approval_staff: int = pipeline_field("approval_staff")
    approval_days: float = pipeline_field("approval_days")
    approval_distribution: ApprovalDistribution = DEFAULT_APPROVAL_DISTRIBUTION
    approval_cv: float = pipeline_field("approval_cv")
    land_per_year: int | None = pipeline_field("land_per_year")
    build_years: Annotated[list[float], BeforeValidator(_triangle)]
    ramp_years: float = pipeline_field("ramp_years")
    arrivals_per_year_range: Range = None
    approval_days_range: Range = None
    approval_staff_range: Range = None
    land_per_year_range: Range = None
    key_share_range: Range = None
    success_rate_range: Range = None
    output_per_project: ProjectOutput
    source: Sources = Field(default_factory=dict)


class ScenarioSpec(_Model):
    scenario: ScenarioMeta
    status: StatusThresholds = Field(default_factory=StatusThresholds)
    indicators: dict[Annotated[str, Field(pattern=ID_PATTERN)], Indicator] = Field(min_length=1)
    derived: dict[Annotated[str, Field(pattern=ID_PATTERN)], Derived] = Field(default_factory=dict)
    targets: dict[Annotated[str, Field(pattern=ID_PATTERN)], Target] = Field(default_factory=dict)
    pipelines: dict[Annotated[str, Field(pattern=ID_PATTERN)], Pipeline] = Field(
        default_factory=dict
    )


# Numbers that need a source, per section; derived indicators may cite one for their formula.
SOURCED_FIELDS: dict[str, tuple[str, ...]] = {
    "indicators": (
        "base",
        "growth",
        "volatility",
        "growth_sd",
        "shocks",
        "cap",
        "correlation",
        "seasonal_shares",
        "ytd_error",
        "growth_range",
        "volatility_range",
        "growth_sd_range",
    ),
    "targets": ("value", "year", "from"),
    "derived": ("formula",),
    "pipelines": (
        "arrivals_per_year",
        "start_year",
        "end_year",
        "success_rate",
        "key_share",
        "approval_staff",
        "approval_days",
        "approval_cv",
        "land_per_year",
        "build_years",
        "ramp_years",
        "output_per_project",
        "arrivals_per_year_range",
        "approval_days_range",
        "approval_staff_range",
        "land_per_year_range",
        "key_share_range",
        "success_rate_range",
    ),
}
SOURCE_REQUIRED = ("indicators", "targets", "pipelines")
MODELS_OF_SECTION: dict[str, type[_Model]] = {
    "indicators": Indicator,
    "derived": Derived,
    "targets": Target,
    "pipelines": Pipeline,
}


def format_value(value: Any) -> str:
    """A value as it would be written in TOML, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(cut_text(value), ensure_ascii=False)  # TOML's basic-string escapes
        return HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # and the rest shown
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = ", ".join(f"{format_value(str(k))} = {format_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def dotted(loc: tuple[int | str, ...]) -> str:
    """pydantic's location tuple as a dotted key; ``from_year`` is spelt ``from`` in files."""
    return ".".join("from" if part == "from_year" else str(part) for part in loc)


def describe_error(error: ErrorDetails) -> tuple[str, str]:
    """``(dotted key, one-line problem)`` for one pydantic error."""
    loc = tuple(part for part in error["loc"] if part != "[key]")
    key = dotted(loc)
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    if kind == "missing":
        return key, "required key is missing"
    if kind == "extra_forbidden":
        return key, f"unknown key; allowed here: {', '.join(_allowed_keys(loc))}"
    if key.endswith("]") or error["loc"][-1] == "[key]":
        return key, f"{format_value(value)} is not a valid id: {_rule(kind, ctx)}"
    return key, f"{key} = {format_value(value)}: {_rule(kind, ctx)}"


def _rule(kind: str, ctx: Mapping[str, Any]) -> str:
    bounds = {
        "greater_than_equal": (">=", "ge"),
        "less_than_equal": ("<=", "le"),
        "greater_than": (">", "gt"),
        "less_than": ("<", "lt"),
    }
    if kind in bounds:
        op, name = bounds[kind]
        bound = ctx[name]
        shown = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        return f"must be {op} {shown}"
    if kind == "value_error":
        return str(ctx.get("error", "invalid value"))
    if kind == "string_pattern_mismatch":
        return "use letters, digits and _ (and - in scenario ids), starting with a letter"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}".replace("'", '"')
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length', 1)} entry"
    named = {
        "int_type": "an integer",
        "float_type": "a number",
        "string_type": "a string",
        "bool_type": "true or false",
        "dict_type": "a table",
        "model_type": "a table",
        "int_from_float": "an integer",
        "finite_number": "a finite number",
    }
    return f"must be {named.get(kind, 'valid')}"


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] = ScenarioSpec
    parts = list(loc[:-1])
    if parts and parts[0] in MODELS_OF_SECTION:
        model = MODELS_OF_SECTION[str(parts[0])]
    elif parts:
        field = ScenarioSpec.model_fields.get(str(parts[0]))
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    keys = [f.alias or name for name, f in model.model_fields.items()]
    return [*keys, "extends"] if model is ScenarioMeta else keys

"""Words and number formats shown to planners, Chinese first, English second."""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["zh", "en"]

STATUS = {
    "zh": {"on_track": "有望达成", "at_risk": "存在风险", "off_track": "难以达成"},
    "en": {"on_track": "on track", "at_risk": "at risk", "off_track": "off track"},
}

TARGET_HEADERS = {
    "zh": {
        "target": "目标",
        "year": "年份",
        "value": "目标值",
        "probability": "达成概率",
        "p10": "P10",
        "p50": "P50",
        "p90": "P90",
        "required_growth": "所需年均增速",
        "assumed_growth": "假设年均增速",
        "status": "状态",
    },
    "en": {
        "target": "Target",
        "year": "Year",
        "value": "Target value",
        "probability": "Probability",
        "p10": "P10",
        "p50": "P50",
        "p90": "P90",
        "required_growth": "Growth needed",
        "assumed_growth": "Growth assumed",
        "status": "Status",
    },
}

PIPELINE_HEADERS = {
    "zh": {
        "year": "年份",
        "signed": "签约",
        "approved": "获批",
        "landed": "供地",
        "completed": "建成",
        "producing": "投产",
        "approval_wait_mean_days": "审批等待(天)",
        "land_wait_mean_days": "用地等待(天)",
        "staff_utilisation": "审批人员负荷",
        "output_mean": "新增产出(亿元)",
    },
    "en": {
        "year": "Year",
        "signed": "Signed",
        "approved": "Approved",
        "landed": "Land",
        "completed": "Built",
        "producing": "Producing",
        "approval_wait_mean_days": "Approval wait (d)",
        "land_wait_mean_days": "Land wait (d)",
        "staff_utilisation": "Staff busy",
        "output_mean": "Output added (亿元)",
    },
}

SHARE_UNITS = ("share", "比重", "占比")


def format_amount(value: float, unit: str, *, with_unit: bool = True, wan: bool = False) -> str:
    """A value in the planners' unit: shares as %, money with one decimal; ``wan`` shows
    亿元 amounts of 10,000 or more in 万亿元."""
    if math.isnan(value):
        return "—"
    if unit in SHARE_UNITS:
        return format_percent(value)
    if wan and unit == "亿元" and abs(value) >= 10_000:
        value, unit = value / 10_000, "万亿元"
    return f"{value:,.1f} {unit}".rstrip() if with_unit else f"{value:,.1f}"


def format_percent(value: float, digits: int = 1) -> str:
    """``0.1234`` → ``"12.3%"``; NaN → ``"—"``."""
    return "—" if math.isnan(value) else f"{value * 100:.{digits}f}%"

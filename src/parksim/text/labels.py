"""Words and number formats shown to planners, Chinese first, English second."""

from __future__ import annotations

import math
import unicodedata
from typing import Literal

from parksim.inputs.schema import SHARE_UNITS

Lang = Literal["zh", "en"]

STATUS = {
    "zh": {"on_track": "有望达成", "at_risk": "存在风险", "off_track": "难以达成"},
    "en": {"on_track": "on track", "at_risk": "at risk", "off_track": "off track"},
}
# Progress against 序时进度 (time-proportional plan), see parksim.tracking.
PACE = {
    "zh": {
        "ahead": "快于序时进度",
        "on_pace": "符合序时进度",
        "behind": "慢于序时进度",
        "no_data": "暂无数据",
    },
    "en": {"ahead": "ahead", "on_pace": "on pace", "behind": "behind", "no_data": "no data"},
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


# Column headers of exported tables (XLSX shows both rows, Chinese first): key → (zh, en).
EXPORT_HEADERS: dict[str, tuple[str, str]] = {
    "target": ("目标编号", "Target id"),
    "target_name": ("目标", "Target"),
    "target_name_en": ("目标(英文)", "Target (English)"),
    "indicator": ("指标编号", "Indicator id"),
    "indicator_name": ("指标", "Indicator"),
    "indicator_name_en": ("指标(英文)", "Indicator (English)"),
    "unit": ("单位", "Unit"),
    "year": ("年份", "Year"),
    "direction": ("方向", "Direction"),
    "value": ("目标值", "Target value"),
    "probability": ("达成概率", "Probability"),
    "p05": ("P5", "P5"),
    "p10": ("P10", "P10"),
    "p25": ("P25", "P25"),
    "p50": ("P50", "P50"),
    "p75": ("P75", "P75"),
    "p90": ("P90", "P90"),
    "p95": ("P95", "P95"),
    "mean": ("均值", "Mean"),
    "required_growth": ("所需年均增速", "Growth needed"),
    "assumed_growth": ("假设年均增速", "Growth assumed"),
    "status": ("状态", "Status"),
    "key": ("输入项", "Input (dotted key)"),
    "section": ("类别", "Section"),
    "item": ("编号", "Id"),
    "item_name": ("名称", "Name"),
    "item_name_en": ("名称(英文)", "Name (English)"),
    "field": ("字段", "Field"),
    "input_value": ("取值", "Value"),
    "source": ("来源", "Source"),
    "basis": ("依据", "Basis"),
    "set_by": ("设定文件", "Set by file"),
    "pipeline": ("管线编号", "Pipeline id"),
    "pipeline_name": ("项目管线", "Pipeline"),
    "pipeline_name_en": ("项目管线(英文)", "Pipeline (English)"),
    "signed": ("签约", "Signed"),
    "approved": ("获批", "Approved"),
    "landed": ("供地", "Land"),
    "completed": ("建成", "Built"),
    "producing": ("投产", "Producing"),
    "approval_wait_mean_days": ("审批等待均值(天)", "Approval wait, mean (d)"),
    "approval_wait_p90_days": ("审批等待P90(天)", "Approval wait, P90 (d)"),
    "land_wait_mean_days": ("用地等待均值(天)", "Land wait, mean (d)"),
    "land_wait_p90_days": ("用地等待P90(天)", "Land wait, P90 (d)"),
    "staff_utilisation": ("审批人员负荷", "Staff busy"),
    "output_mean": ("新增产出均值", "Output added, mean"),
    "output_p10": ("新增产出P10", "Output added, P10"),
    "output_p90": ("新增产出P90", "Output added, P90"),
    "meta_key": ("键", "Key"),
    "meta_item": ("项目", "Item (Chinese)"),
    "meta_item_en": ("项目(英文)", "Item"),
    "meta_value": ("内容", "Value"),
    "scenario": ("情景", "Scenario"),
    "tracking_basis": ("进度依据", "Compared with"),
    "latest_period": ("最新数据期", "Latest period"),
    "latest_actual": ("最新实际值", "Latest actual"),
    "plan_value": ("序时进度计划值", "Plan to date"),
    "time_share": ("时间进度", "Time elapsed"),
    "progress_ratio": ("完成/序时进度", "Actual / plan to date"),
    "gap_pp": ("进度差(百分点)", "Gap (points)"),
    "pace": ("进度状态", "Pace"),
}

# How each input is backed: a quoted document or a marked assumption.
BASIS = {
    "zh": {"document": "文献", "assumption": "假设", "": ""},
    "en": {"document": "document", "assumption": "assumption", "": ""},
}

# Units as planners read them next to a number; shares are stored as fractions, shown as %.
UNIT_LABELS = {
    "zh": {"亿元": "亿元", "share": "%"},
    "en": {"亿元": "100 million CNY (亿元)", "share": "%"},
}


def unit_label(unit: str, lang: Lang = "zh") -> str:
    """``"share"`` → ``"%"``; units without a label are shown as written in the scenario."""
    return "%" if unit in SHARE_UNITS else UNIT_LABELS[lang].get(unit, unit)


def text_width(text: str) -> int:
    """Columns a text takes in a terminal or a spreadsheet: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def align_columns(rows: list[list[str]]) -> str:
    """Rows of cells as aligned text: the first column left-aligned, the others right."""
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - text_width(cell))
            if i == 0
            else " " * (width - text_width(cell)) + cell
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def is_share(unit: str) -> bool:
    """Is this unit a share (a fraction shown as %)?"""
    return unit in SHARE_UNITS

"""Every word parksim shows to people, Chinese first, English second: one table, by key.

The app's views and charts, the CLI's reports, the comparison report and the exports all read
:data:`WORDS`, so one concept has one word everywhere. Keys are grouped by prefix: ``status.``
(a target's chance), ``pace.`` (progress against 序时进度), ``basis.`` (how an input is
backed), ``unit.``, ``col.<column>`` (a table header, named by the column's key in our
tables), ``chart.``, ``tracking.``, ``report.`` (the CLI), ``cmp.`` (the comparison
report) and ``brief.`` (the briefing, kept in ``brief_words``). Unprefixed keys are the app
page's own words (titles, buttons, help texts) as ``app.py`` reads them. Texts with
``{fields}`` are ``str.format`` templates. Names from scenario files are data and come from
the scenario, not from here; a refusal in the app (``save.err.``, ``entry.err.``, a link's
``notice.``) is a template here, filled with its details where raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from parksim.text.app_words import APP_WORDS
from parksim.text.brief_words import BRIEF_WORDS
from parksim.text.edit_words import EDIT_WORDS
from parksim.text.form_words import FORM_WORDS
from parksim.text.team_words import TEAM_WORDS
from parksim.text.workbook_words import WORKBOOK_WORDS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    **APP_WORDS,  # the app page; every other word below
    **FORM_WORDS,  # the app's forms and glossary
    **EDIT_WORDS,  # the edit and new-scenario views
    **TEAM_WORDS,  # the team server: sign-in, roles, history, accounts, audit
    **WORKBOOK_WORDS,  # the planners' workbook: sheets, headers, instructions
    **BRIEF_WORDS,  # the briefing (parksim brief)
    # a target's chance, the traffic light; progress against the plan to date (序时进度)
    "status.on_track": ("有望达成", "on track"),
    "status.at_risk": ("存在风险", "at risk"),
    "status.off_track": ("难以达成", "off track"),
    "pace.ahead": ("快于序时进度", "ahead"),
    "pace.on_pace": ("符合序时进度", "on pace"),
    "pace.behind": ("慢于序时进度", "behind"),
    "pace.no_data": ("暂无数据", "no data"),
    # how an input is backed; a target's inputs taken together
    "basis.document": ("文献", "document"),
    "basis.assumption": ("假设", "assumption"),
    "basis.sourced": ("✓ 有出处", "✓ sourced"),
    "basis.assumed": ("⚠ 含假设 {n}/{total}", "⚠ assumed {n}/{total}"),
    # units in words (a scenario's other units are shown as written there)
    "unit.yi_yuan": ("亿元", "100 million yuan"),
    "unit.wan_yi_yuan": ("万亿元", "trillion yuan"),
    "unit.billion_yuan": ("十亿元", "billion yuan"),
    "warn.non_finite": (
        "{name}{formula} 在 {years} 年有 {paths:,} / {total:,} 条路径不是有限数(如除以零),"
        "该处的分位数与概率不可信。",
        "{name}{formula} is not a finite number on {paths:,} of {total:,} paths in {years} "
        "(a division by zero, say): its quantiles and probabilities there mean nothing.",
    ),
    "unit.projects": ("项目数", "Projects"),
    "unit.days": ("天", "days"),
    # column headers: targets and projections
    "col.target": ("目标编号", "Target id"),
    "col.target_name": ("目标", "Target"),
    "col.target_name_en": ("目标(英文)", "Target (English)"),
    "col.indicator": ("指标编号", "Indicator id"),
    "col.indicator_name": ("指标", "Indicator"),
    "col.indicator_name_en": ("指标(英文)", "Indicator (English)"),
    "col.unit": ("单位", "Unit"),
    "col.year": ("年份", "Year"),
    "col.deadline": ("截止年份", "Deadline"),
    "col.direction": ("方向", "Direction"),
    "col.value": ("目标值", "Target value"),
    "col.probability": ("达成概率", "Probability"),
    "col.mean": ("均值", "Mean"),
    **{f"col.p{q:02d}": (f"P{q}", f"P{q}") for q in (5, 10, 25, 50, 75, 90, 95)},
    "col.p50_deadline": ("P50(截止年份)", "P50 at deadline"),
    "col.required_growth": ("所需年均增速", "Growth needed"),
    "col.assumed_growth": ("假设年均增速", "Growth assumed"),
    "col.growth_needed_assumed": ("所需 / 假设年均增速", "Growth needed / assumed"),
    "col.status": ("状态", "Status"),
    "col.basis": ("依据", "Basis"),
    # column headers: inputs, scenarios, provenance
    "col.key": ("输入项", "Input"),
    "col.section": ("类别", "Section"),
    "col.item": ("编号", "Id"),
    "col.item_name": ("名称", "Name"),
    "col.item_name_en": ("名称(英文)", "Name (English)"),
    "col.field": ("字段", "Field"),
    "col.input_value": ("取值", "Value"),
    "col.source": ("来源", "Source"),
    "col.source_if_different": ("来源(与第一个不同者)", "Source (where it differs)"),
    "col.set_by": ("设定文件", "Set by file"),
    "col.scenario": ("情景", "Scenario"),
    "col.meta_key": ("键", "Key"),
    "col.meta_item": ("项目", "Item"),
    "col.meta_item_en": ("项目(英文)", "Item (English)"),
    "col.meta_value": ("内容", "Value"),
    # column headers: project pipelines (waits, output: means over the DES realisations)
    "col.pipeline": ("管线编号", "Pipeline id"),
    "col.pipeline_name": ("项目管线", "Pipeline"),
    "col.pipeline_name_en": ("项目管线(英文)", "Pipeline (English)"),
    "col.signed": ("签约", "Signed"),
    "col.approved": ("获批", "Approved"),
    "col.landed": ("供地", "Land supplied"),
    "col.completed": ("建成", "Built"),
    "col.producing": ("在产项目(累计)", "Producing (cumulative)"),
    "col.approval_wait_mean_days": ("审批等待均值(天)", "Approval wait, mean (days)"),
    "col.approval_wait_p90_days": ("审批等待P90(天)", "Approval wait, P90 (days)"),
    "col.land_wait_mean_days": ("用地等待均值(天)", "Land wait, mean (days)"),
    "col.land_wait_p90_days": ("用地等待P90(天)", "Land wait, P90 (days)"),
    "col.staff_utilisation": ("审批人员负荷", "Approval staff load"),
    "col.output_mean": ("新增产出均值(亿元)", "Output added, mean (100 million yuan)"),
    "col.output_p10": ("新增产出P10(亿元)", "Output added, P10 (100 million yuan)"),
    "col.output_p90": ("新增产出P90(亿元)", "Output added, P90 (100 million yuan)"),
    # column headers: tracking against 序时进度
    "col.target_or_indicator": ("目标/指标", "Target / indicator"),
    "col.tracking_basis": ("进度依据", "Compared with"),
    "col.latest_period": ("最新数据期", "Latest period"),
    "col.period": ("数据期", "Period"),
    "col.actual": ("实际值", "Actual"),
    "col.latest_actual": ("最新实际值", "Latest actual"),
    "col.plan_value": ("序时进度计划值", "Plan to date"),
    "col.time_share": ("时间进度", "Time elapsed"),
    "col.progress_ratio": ("完成/序时进度", "Actual / plan to date"),
    "col.gap_pp": ("进度差(百分点)", "Gap (points)"),
    "col.pace": ("进度状态", "Pace"),
    "col.forecast_percentile": ("预测分位", "Forecast percentile"),
    "col.surprise": ("超出预测区间P5–P95", "Outside forecast P5–P95"),
    # column headers: comparisons and sensitivity (a lever's planner range, low and high end)
    "col.d_probability": ("达成概率差", "Δ probability"),
    "col.d_p50": ("P50 差", "Δ P50"),
    "col.lever": ("杠杆", "Lever"),
    "col.low": ("区间下限", "Low end"),
    "col.high": ("区间上限", "High end"),
    "col.probability_low": ("概率(下限)", "P (low end)"),
    "col.probability_high": ("概率(上限)", "P (high end)"),
    "col.probability_swing": ("概率摆幅", "Swing"),
    "col.p50_low": ("P50(下限)", "P50 (low end)"),
    "col.p50_high": ("P50(上限)", "P50 (high end)"),
    "col.S1": ("一阶指数S1", "First-order S1"),
    "col.S1_conf": ("S1误差±", "S1 ±"),
    "col.ST": ("总效应指数ST", "Total ST"),
    "col.ST_conf": ("ST误差±", "ST ±"),
    # charts
    "chart.title": ("{name}({unit})", "{name} · {unit}"),
    "chart.outer": ("P5–P95", "P5–P95"),
    "chart.inner": ("P25–P75", "P25–P75"),
    "chart.median": ("中位数", "Median"),
    "chart.target": ("目标", "Target"),
    "chart.plan": ("规划路径", "Plan path"),
    "chart.actual": ("实际值", "Actual"),
    "chart.reference": ("基准情景中位数", "Baseline median"),
    "chart.low_end": ("取区间下限", "at the low end"),
    "chart.high_end": ("取区间上限", "at the high end"),
    "chart.flow": ("每年项目数(投产为累计)", "Projects per year (producing: cumulative)"),
    "chart.wait": ("平均等待天数", "Mean wait (days)"),
    # tracking rows and the CLI's reports
    "tracking.against_median": ("{name}(对照情景中位数)", "{name} (against the scenario's median)"),
    "tracking.surprise": (
        "{name} {period}:实际值落在预测区间之外(P{pct}):增速或波动假设可能需要修正",
        "{name} {period}: outside the forecast band (P{pct}): the growth or volatility "
        "assumptions probably need revising",
    ),
    # the CLI's options as typed (--paths, --seed), in both languages
    "report.paths_seed": ("{paths:,} paths · seed {seed}", "{paths:,} paths · seed {seed}"),
    "report.solve_found": (
        "{name}: {lever} = {value} 时达成概率为 {reached} (目标 {wanted}; {n} 次模拟)",
        "{name}: {lever} = {value} gives probability {reached} (wanted {wanted}; {n} simulations)",
    ),
    "report.solve_unreachable": (
        "{name}: 在给定范围内 {lever} 无法使达成概率达到 {wanted} (最高 {best}; {n} 次模拟)",
        "{name}: not reachable within the bounds: {lever} cannot bring the probability to "
        "{wanted} (best {best}; {n} simulations)",
    ),
    "report.no_lever": ("没有带规划区间的杠杆", "no lever with a planner range"),
    "report.sobol_heading": (
        "{name} · Sobol 全局敏感性 · {samples} 个基样本 × ({levers} + 2) = {runs:,} 次模拟 · "
        "{paths_seed} · ±为{level}置信区间",
        "{name} · Sobol' global sensitivity · {samples} base samples × ({levers} + 2) = "
        "{runs:,} simulations · {paths_seed} · ± is the {level} confidence interval",
    ),
    "report.sobol_flat": (
        "(在各区间内不变化,无法分解方差)",
        "(does not vary over the ranges: no variance to share)",
    ),
    # calibration on the history
    "col.cal_indicator": ("指标", "Indicator"),
    "col.cal_key": ("参数", "Input"),
    "col.cal_years": ("所用年份", "Years used"),
    "col.cal_n": ("年数", "n"),
    "col.cal_fitted": ("拟合值", "Fitted"),
    "col.cal_current": ("情景现值", "Scenario now"),
    "col.cal_note": ("说明", "How"),
    "cal.title": ("按历史校准:{name}", "Calibrated on the history: {name}"),
    "cal.too_little": (
        "历史数据不足:仅 {n} 个年增速(至少需要 {least} 个)",
        "too little history: n = {n} < {least} yearly growths",
    ),
    "cal.mean": ("年增速均值", "mean"),
    "cal.shrunk": (
        "年增速标准差,按多 {years} 年、{prior} 的先验收缩",
        "s.d., shrunk toward {prior} as {years} more years",
    ),
    "cal.trend_se": ("趋势标准误 s/√n", "s / √n"),
    "cal.loading": ("单因子载荷", "one-factor loading"),
    "cal.written": ("已写出校准情景 {path}(继承 {parent})", "wrote {path} (extends {parent})"),
    # the comparison report
    "cmp.same": ("各情景相同", "same for all scenarios"),
    "cmp.diff_to": ("括号内为与 {first} 之差", "in brackets: difference to {first}"),
    "cmp.projections": ("P50 预测值(有目标的指标)", "P50 projections (indicators with targets)"),
    "cmp.assumptions": (
        "假设差异(继承后,仅列出不同之处)",
        "Assumptions that differ (after inheritance)",
    ),
    "cmp.no_diff": ("(无差异)", "(no differences)"),
    # backtests (预测检验): the figures scored, the summary, how each indicator was rerun
    "col.bt_origin": ("预测起点", "Origin"),
    "col.bt_horizon": ("提前年数", "Years ahead"),
    "col.bt_actual": ("实际值", "Actual"),
    "col.bt_pit": ("实际值所处分位", "Percentile (PIT)"),
    "col.bt_in50": ("落入50%区间", "In 50 % band"),
    "col.bt_in90": ("落入90%区间", "In 90 % band"),
    "col.bt_crps": ("CRPS", "CRPS"),
    "col.bt_naive": ("朴素预测", "Naive forecast"),
    "col.bt_naive_crps": ("朴素预测 CRPS", "Naive CRPS"),
    "col.bt_basis": ("重算依据", "Rerun on"),
    "col.bt_note": ("说明", "Note"),
    "col.bt_band": ("区间", "Band"),
    "col.bt_nominal": ("名义覆盖率", "Nominal coverage"),
    "col.bt_observed": ("实际覆盖率", "Observed coverage"),
    "col.bt_inside": ("落入个数", "Inside"),
    "col.bt_n": ("检验个数", "Figures"),
    "bt.basis.calibrated": ("按起点前历史校准", "calibrated on the history to the origin"),
    "bt.basis.scenario": ("情景自身假设", "the scenario's own inputs"),
    "bt.basis.skipped": ("未检验", "not scored"),
    "bt.yes": ("是", "yes"),
    "bt.no": ("否", "no"),
    "bt.title": (
        "预测检验:{name} · 预测起点 {origins} · {paths_seed} · CRPS 按对数水平计(0.05 ≈ 5%)",
        "Forecast check: {name} · origin {origins} · {paths_seed} · CRPS on log levels "
        "(0.05 ≈ 5 %)",
    ),
    "bt.summary": (
        "共检验 {n} 个数据:平均 CRPS {crps:.4f},朴素预测 {naive:.4f},技巧评分 {skill}"
        "(>0 表示优于按历史平均增速外推)。",
        "{n} figures scored: mean CRPS {crps:.4f}, naive forecast {naive:.4f}, skill {skill} "
        "(> 0: better than the history's mean growth carried forward).",
    ),
    "bt.written": ("已写出预测检验 {path}", "backtest written to {path}"),
}


def word(key: str, lang: Lang) -> str:
    """The word for ``key`` in ``lang``; an unknown key is a ``KeyError`` at once."""
    return pick(WORDS[key], lang)


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The Chinese or the English of a ``(zh, en)`` pair: the one place that chooses."""
    zh, en = pair
    return zh if lang == "zh" else en


def both(key: str) -> str:
    """Chinese, then English, in one cell (``"难以达成 off track"``): spreadsheets are read
    in either language."""
    zh, en = WORDS[key]
    return f"{zh} {en}"


def headers(keys: Iterable[str], lang: Lang) -> list[str]:
    """A header row: ``word`` of each ``col.`` key."""
    return [word(key, lang) for key in keys]

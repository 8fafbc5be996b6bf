"""The planners' workbook's words (sheet titles, column headers, instructions), key -> (zh, en):
one part of the one word table, :data:`parksim.text.words.WORDS`, kept in its own file for size.
``wb.col.<sheet>.<key>`` is a sheet's own word for a column; ``wb.col.<key>`` the shared one."""

from __future__ import annotations

WORKBOOK_WORDS: dict[str, tuple[str, str]] = {
    "wb.sheet.instructions": ("说明", "Instructions"),
    "wb.sheet.scenario": ("情景", "Scenario"),
    "wb.sheet.indicators": ("指标", "Indicators"),
    "wb.sheet.derived": ("派生指标", "Derived"),
    "wb.sheet.targets": ("目标", "Targets"),
    "wb.sheet.pipelines": ("项目管线", "Pipelines"),
    "wb.sheet.actuals": ("实际值", "Actuals"),
    "wb.sheet.history": ("历史", "History"),
    "wb.source": ("{}出处", "Source of {}"),
    # scenario
    "wb.col.id": ("编号", "Id"),
    "wb.col.scenario.id": ("情景编号", "Scenario id"),
    "wb.col.indicators.id": ("指标编号", "Indicator id"),
    "wb.col.derived.id": ("派生指标编号", "Derived id"),
    "wb.col.targets.id": ("目标编号", "Target id"),
    "wb.col.pipelines.id": ("管线编号", "Pipeline id"),
    "wb.col.name": ("名称", "Name (Chinese)"),
    "wb.col.name_en": ("英文名称", "Name (English)"),
    "wb.col.description": ("说明", "Description"),
    "wb.col.extends": ("继承自", "Extends"),
    "wb.col.base_year": ("基准年", "Base year"),
    "wb.col.horizon": ("预测终年", "Horizon"),
    "wb.col.paths": ("模拟路径数", "Paths"),
    "wb.col.seed": ("随机种子", "Seed"),
    "wb.col.pipeline_runs": ("管线模拟次数", "Pipeline runs"),
    "wb.col.status.on_track": ("有望达成阈值", "On-track threshold"),
    "wb.col.status.at_risk": ("存在风险阈值", "At-risk threshold"),
    "wb.col.status.behind": ("慢于序时进度阈值", "Behind-pace threshold"),
    "wb.col.status.ahead": ("快于序时进度阈值", "Ahead-of-pace threshold"),
    # indicators and derived indicators
    "wb.col.unit": ("单位", "Unit"),
    "wb.col.scope": ("口径", "Scope"),
    "wb.col.base": ("基准年数值", "Base value"),
    "wb.col.growth": ("年均增速", "Growth"),
    "wb.col.volatility": ("波动率", "Volatility"),
    "wb.col.growth_sd": ("趋势不确定性", "Trend uncertainty"),
    "wb.col.shocks": ("冲击", "Shocks"),
    "wb.col.cap": ("上限", "Cap"),
    "wb.col.correlation": ("宏观相关性", "Correlation"),
    "wb.col.growth_range": ("增速规划区间", "Growth range"),
    "wb.col.volatility_range": ("波动率规划区间", "Volatility range"),
    "wb.col.growth_sd_range": ("趋势不确定性区间", "Trend uncertainty range"),
    "wb.col.seasonal_shares": ("季度累计占比", "Year-to-date shares"),
    "wb.col.ytd_error": ("季度推算误差", "Year-to-date errors"),
    "wb.col.formula": ("公式", "Formula"),
    # targets
    "wb.col.indicator": ("指标编号", "Indicator id"),
    "wb.col.value": ("数值", "Value"),
    "wb.col.targets.value": ("目标值", "Target value"),
    "wb.col.year": ("年份", "Year"),
    "wb.col.targets.year": ("截止年份", "Deadline"),
    "wb.col.direction": ("方向", "Direction"),
    "wb.col.maintain": ("逐年保持", "Maintain"),
    "wb.col.from": ("保持起始年", "From year"),
    # pipelines
    "wb.col.arrivals_per_year": ("年签约项目数", "Projects signed a year"),
    "wb.col.start_year": ("招引起始年", "Start year"),
    "wb.col.end_year": ("招引终止年", "End year"),
    "wb.col.success_rate": ("落地率", "Success rate"),
    "wb.col.key_share": ("重点项目占比", "Key-project share"),
    "wb.col.approval_staff": ("审批团队数", "Approval teams"),
    "wb.col.approval_days": ("审批天数", "Approval days"),
    "wb.col.approval_distribution": ("审批时长分布", "Approval distribution"),
    "wb.col.approval_cv": ("审批时长变异系数", "Approval CV"),
    "wb.col.land_per_year": ("年供地宗数", "Land parcels a year"),
    "wb.col.build_years": ("建设年限(最短,最可能,最长)", "Build years (min, mode, max)"),
    "wb.col.ramp_years": ("达产年限", "Ramp-up years"),
    "wb.col.output_per_project": ("单项目产出", "Output per project"),
    "wb.col.output_per_project.median": (
        "单项目年产出中位数(亿元)",
        "Output median (100 million yuan/year)",
    ),
    "wb.col.output_per_project.spread": ("单项目产出离散度", "Output spread (log σ)"),
    "wb.col.arrivals_per_year_range": ("签约数规划区间", "Projects range"),
    "wb.col.approval_days_range": ("审批天数区间", "Approval days range"),
    "wb.col.approval_staff_range": ("审批团队数区间", "Approval teams range"),
    "wb.col.land_per_year_range": ("供地宗数区间", "Land parcels range"),
    "wb.col.key_share_range": ("重点项目占比区间", "Key-project share range"),
    "wb.col.success_rate_range": ("落地率区间", "Success rate range"),
    # actual figures and history
    "wb.col.period": ("期别", "Period"),
    "wb.col.actuals.value": ("实际值", "Actual value"),
    "wb.col.yoy": ("同比增速", "Year-on-year growth"),
    "wb.col.source": ("出处", "Source"),
    "wb.col.history.value": ("数值(水平或增速)", "Value (level or growth)"),
    "wb.col.basis": ("口径类型", "Basis"),
    "wb.col.break": ("口径断点", "Break"),
    # the instructions sheet, one line each
    "wb.help.title": ("parksim 园区情景工作簿", "parksim park scenario workbook"),
    "wb.help.rows": (
        "每张表前两行为表头(中文、英文),从第3行起每行一项;示例行可直接改写。",
        "Every sheet has two header rows (Chinese, English); one item a row from row 3. "
        "Overwrite the example rows.",
    ),
    "wb.help.sources": (
        "每个数字右侧一列为出处:“文件名: 原文引述” 或 “assumption: 理由”(英文冒号)。",
        'The column after every number is its source: "<document>: <quote>" or '
        '"assumption: <why>" (an ASCII colon).',
    ),
    "wb.help.numbers": (
        "数字可写作 1150.2、12%、12.5 %、3000亿、1.2万亿(单位为亿元或万元时)或全角数字;"
        "增速、波动率等为比率:8% 或 0.08。",
        "Numbers may be written 1150.2, 12% or 12.5 %, in full-width digits, or with the "
        "Chinese magnitudes yi (10^8) and wan yi (10^12) where the unit is in yuan; growth, "
        "volatility and shares are rates: 8% or 0.08.",
    ),
    "wb.help.years": (
        "分年度增速、冲击和签约数写作 “2020: -5%; 2021-2025: 8%”;区间写作 “5%, 10%”。",
        'Growth, shocks and projects by years: "2020: -5%; 2021-2025: 8%"; a range: "5%, 10%".',
    ),
    "wb.help.child": (
        "“继承自”填写另一情景的编号时,本工作簿只写需要改变的数值,其余沿用该情景。",
        "With another scenario's id in Extends, fill in only what changes; the rest is "
        "that scenario's.",
    ),
    "wb.help.actuals": (
        "实际值表:期别为年份(2021)或年初至季末(2021Q2 = 1–6月累计);历史表:基准年及以前的数值。",
        "Actuals: a period is a year (2021) or a year-to-date quarter (2021Q2 = Jan–Jun); "
        "History: figures up to the base year.",
    ),
    "wb.help.hostile": (
        "请勿合并单元格、隐藏行列、增删或改名工作表;公式须已计算并保存。",
        "Do not merge cells, hide rows or columns, or add, delete or rename sheets; "
        "formulas must have been calculated and saved.",
    ),
    "wb.help.import": (
        "导入:parksim import 本文件.xlsx -o scenarios/园区.toml(或在应用中上传)。",
        "Import: parksim import this.xlsx -o scenarios/park.toml (or upload it in the app).",
    ),
    # the app's workbook section (保存·分享·导出 view)
    "wb_title": ("Excel 工作簿(模板、导出、导入)", "Excel workbook (template, export, import)"),
    "wb_caption": (
        "下载模板或当前情景的工作簿,在 Excel 中填写后上传:检查通过即在情景列表中新增该情景;"
        "有错误时逐条列出,不写入任何文件。",
        "Download the template or the scenario on screen as a workbook, fill it in Excel and "
        "upload it: when it passes the checks it becomes a new scenario in the list; otherwise "
        "every problem is listed and nothing is written.",
    ),
    "wb_template": ("下载空白模板", "Download the template"),
    "wb_current": ("下载当前情景工作簿", "Download this scenario as a workbook"),
    "wb_upload": ("上传填好的工作簿(.xlsx)", "Upload a filled workbook (.xlsx)"),
    "wb_imported": (
        "已导入情景 “{id}”,可在左侧情景列表中选择。",
        "Imported scenario “{id}”; pick it in the scenario list on the left.",
    ),
    "wb_failed": (
        "工作簿未导入(未写入任何文件),请修改以下问题后重新上传:",
        "The workbook was not imported (nothing was written); fix these and upload it again:",
    ),
}

"""The words of the app's forms and help: saving a scenario, entering actual figures, the
glossary (zh, en). Merged into :data:`parksim.text.words.WORDS` like the page's own words."""

from __future__ import annotations

FORM_WORDS: dict[str, tuple[str, str]] = {
    # saving a scenario: refusals are templates, filled where raised (app.saving)
    "save.description": (
        "在应用中由 {author} 基于“{name}”保存。",
        "Saved in the app by {author} from “{name}”.",
    ),
    "save.err.no_name": ("请填写文件名。", "Type a file name."),
    "save.err.separator": (
        "文件名 “{name}” 不能包含路径分隔符(/ 或 \\)或 “..”。",
        "File name “{name}”: no path separators (/ or \\) or '..'.",
    ),
    "save.err.bad_id": (
        "文件名 “{name}” 无效:只能用英文字母、数字、_ 和 -,以字母或数字开头,最多 {most} 个字符。",
        "File name “{name}”: use letters, digits, _ and -, starting with a letter or digit, "
        "at most {most} characters.",
    ),
    "save.err.shipped": (
        "“{name}” 是随项目提供的情景({file}),不能覆盖;请换一个名字。",
        "“{name}” is a shipped scenario ({file}) and cannot be overwritten; choose another name.",
    ),
    "save.err.ancestor": (
        "“{name}” 是当前情景的上级情景,覆盖会造成循环继承;请换一个名字。",
        "“{name}” is an ancestor of the current scenario; overwriting it would make the chain "
        "a cycle. Choose another name.",
    ),
    "save.err.no_author": (
        "请填写你的名字(写入数值来源)。",
        "Type your name (it goes into the sources).",
    ),
    "save.err.no_parent": (
        "当前情景没有上级情景,无法覆盖。",
        "The current scenario has no parent.",
    ),
    "save.err.would_not_load": ("生成的文件无法加载:{error}", "The file would not load: {error}"),
    "save.err.exists": (
        "“{id}” 已存在;勾选确认后再次保存即可覆盖。",
        "“{id}” exists; tick the confirmation and save again to overwrite it.",
    ),
    "save.err.not_saved_by_app": (
        "{file} 不是应用保存的文件,不能覆盖。",
        "{file} was not saved by the app and cannot be overwritten.",
    ),
    "save.err.conflict": (
        "“{id}” 在你确认之后已被他人保存,未覆盖,你的设置仍在。"
        "请换一个文件名保存,或查看对方的版本后再次确认覆盖。",
        "“{id}” was saved by someone else after you confirmed; nothing was overwritten and your "
        "settings are still here. Save under another name, or look at their version and "
        "confirm again.",
    ),
    # entering actual figures (app.entry)
    "entry_title": ("录入实际值", "Enter actual figures"),
    "entry_caption": (
        "每行一个数据:指标、期间(年份如 2024,或年内累计季度如 2024Q3)、数值(与指标同单位)、"
        "来源(“文件名: 原文”或 “assumption: 理由”)。可从 Excel 复制整块粘贴。已有期间的新数据"
        "(不同来源)作为修订,旧值保留。写入 {file},使用该文件的情景共享这些数据。",
        "One figure a row: indicator, period (a year like 2024, or a year-to-date quarter like "
        "2024Q3), value (in the indicator's unit), source (“document: quote” or “assumption: "
        "why”). A block copied from Excel pastes in. A figure for a period already there, from "
        "another source, is a revision; the earlier value is kept. Written to {file}; every "
        "scenario using that file shares the figures.",
    ),
    "entry_save": ("保存实际值", "Save the figures"),
    "entry_period": ("期间", "Period"),
    "entry_period_help": (
        "年份(全年,如 2024)或年内累计季度(2024Q1 = 1–3 月,2024Q2 = 1–6 月,…)",
        "A year (the full year, e.g. 2024) or a year-to-date quarter (2024Q1 = Jan–Mar, "
        "2024Q2 = Jan–Jun, …)",
    ),
    "entry_value": ("数值", "Value"),
    "entry_done": ("已写入 {n} 个数据到 {file}。", "{n} figures written to {file}."),
    "entry.err.no_file": (
        "此情景没有实际值文件(scenario.actuals),无法录入。",
        "This scenario names no actuals file (scenario.actuals); figures cannot be entered.",
    ),
    "entry.err.nothing": ("没有要保存的数据。", "No figures to save."),
    "entry.err.too_many": (
        "一次最多 {most} 行(收到 {n} 行)。",
        "At most {most} rows at once ({n} given).",
    ),
    "entry.err.formula": (
        "第 {row} 行的来源 “{value}” 以 = + @ 开头,会被电子表格当作公式;请改写。",
        "Row {row}: the source “{value}” starts with = + or @, which a spreadsheet reads as a "
        "formula; reword it.",
    ),
    "entry.err.invalid": ("数据未保存:{error}", "Nothing saved: {error}"),
    "entry.err.conflict": (
        "{file} 在你录入期间已被他人修改,未保存;请刷新页面查看后再录入。",
        "{file} was changed by someone else while you typed; nothing saved. Reload the page, "
        "look, and enter again.",
    ),
    # the glossary, on every view
    "glossary_text": (
        "- **路径**:一次模拟出的未来(各年增速按假设随机抽取);默认模拟 1 万条。\n"
        "- **达成概率**:满足目标的路径占比。绿 ≥ 80%,黄 ≥ 50%,红更低。\n"
        "- **P50(中位数)**:一半路径高于它、一半低于它的值;P5–P95 是 90% 路径所在的区间。\n"
        "- **所需 / 假设年均增速**:从最新实际值到截止年份,达到目标每年需要的增速 / "
        "情景假设的增速。\n"
        "- **序时进度**:按所需增速匀速增长时,到最新数据期应完成的数值(季度累计值按时间比例折算)。\n"
        "- **完成/序时**:最新实际值 ÷ 序时进度;**进度差(百分点)**:完成/序时 减去 100%"
        "(0 为正好符合序时进度)。\n"
        "- **预测分位**:录入该数据前的预测中低于它的路径占比,超出 P5–P95 标 ⚠。\n"
        "- **依据 ✓ / ⚠**:✓ 目标及其指标的基数和增速均有文献出处;⚠ 含假设"
        "(在应用中调整的数值也算假设)。",
        "- **Path**: one simulated future (each year's growth drawn as the assumptions say); "
        "10,000 by default.\n"
        "- **Probability**: the share of paths that meet the target. Green ≥ 80 %, amber ≥ 50 %, "
        "red below.\n"
        "- **P50 (median)**: half the paths end above it, half below; P5–P95 holds 90 % of them.\n"
        "- **Growth needed / assumed**: from the latest actual figure to the deadline, the yearly "
        "growth that reaches the target / the growth the scenario assumes.\n"
        "- **Plan to date** (xushi jindu): where steady growth at the needed rate would be by the "
        "latest figure's period (year-to-date figures pro rata).\n"
        "- **Actual / plan to date**: the latest figure ÷ the plan to date; **gap (points)**: "
        "that ratio less 100 % (0 is exactly on plan).\n"
        "- **Forecast percentile**: the share of paths below the figure in the forecast made just "
        "before it; ⚠ outside P5–P95.\n"
        "- **Basis ✓ / ⚠**: ✓ the target and its indicators' bases and growth are quoted from "
        "documents; ⚠ some are assumptions (values set in the app count as assumptions).",
    ),
}

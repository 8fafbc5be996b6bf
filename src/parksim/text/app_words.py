"""The app's page words (sidebar, views, captions, notices), key -> (zh, en): one part of the
one word table, :data:`parksim.text.words.WORDS`, kept in its own file for size."""

from __future__ import annotations

APP_WORDS: dict[str, tuple[str, str]] = {
    "list_separator": (";", "; "),
    "tornado_p50_caption": (
        "任一输入在规划区间内都几乎改变不了达成概率(接近 0 或 100%),"
        "因此改为显示截止年份 P50 的摆幅。",
        "No input within its planners' range moves the probability (it stays near 0 or 100 %), "
        "so the bars show the swing of the P50 at the deadline instead.",
    ),
    "broken_file": ("此情景文件无法加载", "This scenario file does not load"),
    # what a link carried that was ignored (one notice per parameter)
    "notice.unknown": ("未知参数,已忽略", "unknown parameter, ignored"),
    "notice.lang": ("应为 zh 或 en", "must be zh or en"),
    "notice.scenario": (
        "没有可加载的情景 “{given}”,显示 “{shown}”",
        "no loadable scenario “{given}”; showing “{shown}”",
    ),
    "notice.gone": ("情景 “{given}” 已不可用", "scenario “{given}” no longer loads"),
    "notice.paths": ("应为以下之一:{allowed}", "must be one of {allowed}"),
    "notice.whole": ("应为非负整数", "must be a whole number >= 0"),
    "notice.within": ("应在 {low}–{high} 之间", "must be within {low}..{high}"),
    "notice.too_long": ("过长,已忽略全部改动", "too long; every change ignored"),
    "notice.json": ("不是有效的 JSON,已忽略全部改动", "not valid JSON; every change ignored"),
    "notice.object": (
        "应为 JSON 对象,已忽略全部改动",
        "must be a JSON object; every change ignored",
    ),
    "notice.not_slider": ("不是本情景的滑块", "not a slider of this scenario"),
    "notice.position": (
        "取值无效:应为 {low}–{high} 之间、按 {step} 步长的数",
        "must be a number within {low}..{high}, on the slider's {step} steps",
    ),
    "notice.together": (
        "组合无效,已忽略全部改动:{problem}",
        "invalid together; all ignored: {problem}",
    ),
    # sliders: what each kind of lever is called, its unit after the number, its tooltip
    "lever.growth": ("年均增速", "annual growth"),
    "lever.volatility": ("增速波动", "volatility"),
    "lever.growth_sd": ("趋势不确定性", "trend uncertainty"),
    "lever.arrivals_per_year": ("每年签约项目", "projects signed a year"),
    "lever.approval_days": ("审批天数", "approval days"),
    "lever.approval_staff": ("审批组数", "approval teams"),
    "lever.land_per_year": ("每年供地", "land parcels a year"),
    # other inputs, as the compare view's assumption differences name them
    "lever.base": ("基数", "base value"),
    "lever.shocks": ("一次性冲击", "one-off shocks"),
    "lever.cap": ("上限", "cap"),
    "lever.correlation": ("相关系数", "correlation"),
    "lever.key_share": ("重点项目占比", "share of key projects"),
    "lever.success_rate": ("落地成功率", "success rate"),
    "lever.approval_cv": ("审批时长变异系数", "approval time variation (cv)"),
    "lever.build_years": ("建设年数", "years to build"),
    "lever.ramp_years": ("达产年数", "years to full output"),
    "lever.median": ("单项目产出中位数", "output per project, median"),
    "lever.spread": ("单项目产出离散度", "output per project, spread"),
    "lever.formula": ("公式", "formula"),
    "lever.value": ("目标值", "target value"),
    "lever.year": ("截止年份", "deadline"),
    "unit.arrivals_per_year": ("个/年", " a year"),
    "unit.approval_days": ("天", " days"),
    "unit.approval_staff": ("组", " teams"),
    "unit.land_per_year": ("宗/年", " a year"),
    "slider.table_growth": ("各年份同步平移", "every year shifts by the same amount"),
    "slider.table_scale": ("各年份按比例调整", "every year scales by the same factor"),
    "slider.table": (
        "情景值 {shown}(滑块为平均值,{how})",
        "Scenario: {shown} (the slider is the average; {how})",
    ),
    "slider.value": ("情景值 {value}", "Scenario: {value}"),
    "slider.range": (";规划区间 {low}–{high}", "; planners' range {low}–{high}"),
    "slider.shocks": ("(不含一次性冲击)", " (one-off shocks come on top)"),
    # the app page: page and sidebar
    "app_title": ("园区目标情景模拟", "Park target simulator"),
    "language": ("语言", "Language"),
    "scenario": ("情景", "Scenario"),
    "broken": ("无法加载", "cannot be loaded"),
    "pick_another": ("请在左侧选择其他情景。", "Pick another scenario on the left."),
    "reset": ("恢复情景原值", "Reset to scenario"),
    "reset_help": (
        "撤销所有滑块改动、路径数和随机种子设置",
        "Undo every slider change and the paths and seed settings",
    ),
    "advanced": ("高级设置", "Advanced"),
    "volatility_section": (
        "增速波动:逐年的随机起伏;趋势不确定性:每条路径整体偏快或偏慢的幅度(标准差)",
        "Volatility: year-to-year ups and downs; trend uncertainty: how much faster or slower "
        "a whole path may run (standard deviations)",
    ),
    "show_volatility": ("调整增速波动与趋势不确定性", "Adjust volatility and trend uncertainty"),
    "paths": ("模拟路径数", "Monte Carlo paths"),
    "paths_help": (
        "路径越多越精确、越慢;情景默认值可复现 CLI 结果",
        "More paths: more precise, slower; the scenario's default reproduces the CLI",
    ),
    "seed": ("随机种子", "Seed"),
    "seed_help": (
        "相同情景、种子和路径数给出完全相同的结果",
        "The same scenario, seed and paths give identical numbers",
    ),
    "changed": ("已调整 {n} 项输入", "{n} inputs changed"),
    "changed_one": ("已调整 1 项输入", "1 input changed"),
    "undo": ("撤销上一步", "Undo the last step"),
    "working": ("正在计算…", "Working…"),
    "glossary": ("术语说明", "Glossary"),
    "undo_help": (
        "回到上一步的设置(与浏览器的“后退”相同;语言切换不算一步)。",
        "Back to the settings before the last step (as the browser's Back button; switching "
        "the language is not a step).",
    ),
    "changed_mark": ("已调整 {n} 项", "{n} changed"),
    "other_inputs": ("其他输入(不影响目标)", "Other inputs (no target depends on them)"),
    "reset_one": ("恢复情景值 {value}", "Back to the scenario's {value}"),
    "unchanged": ("情景原值", "as in the scenario file"),
    "run_line": (
        "{paths:,} 条路径 · 种子 {seed} · {first}–{last}年",
        "{paths:,} paths · seed {seed} · {first}–{last}",
    ),
    "dismiss": ("知道了", "OK"),
    # views
    "view": ("视图", "View"),
    "view_dashboard": ("目标看板", "Targets"),
    "view_pipelines": ("项目管线", "Pipelines"),
    "view_tracking": ("进度跟踪", "Tracking"),
    "view_whatif": ("实现路径", "What it takes"),
    "view_compare": ("情景对比", "Compare"),
    "view_save": ("保存·分享·导出", "Save, share, download"),
    # dashboard
    "targets_title": ("目标达成情况", "Targets"),
    "targets_caption": (
        "达成概率 = 满足目标的模拟路径占比;状态:绿 ≥ {on:.0%},黄 ≥ {risk:.0%},红 更低。"
        "依据:✓ 目标值、年份及其指标的基数和增速均有文献出处;⚠ 含假设(假设项/关键输入项,"
        "在应用中调整的数值也算假设)。假设年均增速:从最新实际值到截止年份的年均增速,含一次性"
        "冲击;增速滑块显示情景文件各预测年份增速的平均值,不含冲击。",
        "Probability = share of simulated paths that meet the target; status: green ≥ {on:.0%}, "
        "amber ≥ {risk:.0%}, red below. Basis: ✓ the target's value and year and its "
        "indicators' base and growth are all quoted from documents; ⚠ some are assumptions "
        "(assumptions/key inputs; values set in the app count as assumptions). Growth "
        "assumed: the average yearly growth from the latest figure to the deadline, one-off "
        "shocks included; a growth slider shows the average of the file's yearly rates over "
        "all projected years, without shocks.",
    ),
    "charts_title": ("预测区间", "Projections"),
    "charts_pick": ("显示指标", "Indicators shown"),
    "charts_caption": (
        "浅色带 P5–P95,深色带 P25–P75,实线为中位数;◆ 目标(截止年),虚线为规划路径"
        "(按所需年均增速匀速增长),● 实际值,灰色虚线为基准情景中位数。",
        "Light band P5–P95, dark band P25–P75, line: median; ◆ target at its deadline, dashed: "
        "the plan path (constant required growth), ● actual figures, grey dashes: the baseline "
        "scenario's median.",
    ),
    "no_targets": ("本情景没有目标。", "This scenario has no targets."),
    # pipelines
    "pipelines_title": ("项目管线", "Project pipelines"),
    "pipeline_pick": ("管线", "Pipeline"),
    "pipelines_caption": (
        "离散事件模拟:签约 → 审批 → 供地 → 建设 → 投产,为 {runs} 次模拟的平均值。",
        "Discrete-event model: signed → approved → land → built → producing; means over "
        "{runs} realisations.",
    ),
    # tracking
    "progress_title": ("逐期跟踪", "Tracking over time"),
    "progress_pick": ("目标", "Target"),
    "progress_caption": (
        "该目标指标的每一期实际值(圆点)与序时进度计划(点线)和预测区间(色带)对照;"
        "下表逐期列出完成/序时进度和录入该数据前的预测分位。",
        "Each figure of the target's indicator (dots) against the plan to date (dotted) and the "
        "forecast band; the table lists, period by period, actual / plan and the forecast "
        "percentile before the figure came in.",
    ),
    "progress_none": ("还没有目标指标的实际值。", "No figure of a target's indicator yet."),
    "tracking_title": ("进度跟踪(序时进度)", "Progress against the plan to date"),
    "tracking_caption": (
        "最新实际值与规划在同一时点应达到的数值(序时进度)比较;规模指标的规划为按所需增速匀速增长,"
        "季度累计值按时间比例折算。预测分位:录入该数据前的预测中低于它的路径占比,"
        "超出 P5–P95 标 ⚠。",
        "The latest actual figure against what the plan needs by the same date (the plan to "
        "date): the plan grows at constant required growth; year-to-date figures are compared "
        "with the elapsed share of the year. Forecast percentile: the share of the forecast "
        "made before the figure that lay below it; ⚠ outside P5–P95.",
    ),
    "no_data_rows": ("尚无实际值的目标:{names}", "Targets without actual figures yet: {names}"),
    # what it takes
    "whatif_title": ("实现路径:要达到目标需要什么?", "What it takes to reach a target"),
    "whatif_target": ("目标", "Target"),
    "whatif_lever": ("调整的输入", "Input to move"),
    "whatif_probability": ("希望的达成概率", "Wanted probability"),
    "whatif_button": ("求解", "Find the value"),
    "whatif_running": ("正在求解……", "Searching…"),
    "whatif_found": (
        "{lever} 需达到 **{value}**,才能使“{target}”的达成概率达到 {wanted:.0%}(实际 {prob:.1%},"
        "共模拟 {n} 次)。",
        "{lever} needs to reach **{value}** for a {wanted:.0%} chance of “{target}” ({prob:.1%} "
        "there; {n} simulations).",
    ),
    "whatif_none": (
        "在 {low}–{high} 的范围内,{lever} 无法使达成概率达到 {wanted:.0%}(最高 {prob:.1%})。",
        "Anywhere within {low}–{high}, {lever} cannot reach a {wanted:.0%} chance "
        "(best: {prob:.1%}).",
    ),
    "whatif_apply": ("应用到滑块", "Apply to the slider"),
    "whatif_no_levers": ("没有可调整的输入影响此目标。", "No input that moves this target."),
    "whatif_caption": (
        "与命令行 parksim solve 相同的求解(同一种子与路径数,结果可复现),不受滑块范围限制;"
        "应用时滑块随之扩展。增速为预测期各年平均,整体平移各年份增速;项目数按比例调整各年份签约数。",
        "The same search as the command line's parksim solve (same seed and paths, so "
        "reproducible), not limited to the slider's range: applying widens the slider. Growth is "
        "the average over the projected years and shifts every year's rate by the same amount; "
        "projects signed scale every year's number.",
    ),
    "tornado_title": ("敏感性(龙卷风图)", "Sensitivity (tornado)"),
    "tornado_button": ("计算敏感性", "Compute the sensitivity"),
    "tornado_running": ("正在计算敏感性……", "Computing the sensitivity…"),
    "tornado_caption": (
        "每个带规划区间的输入分别取区间两端(其余不变)时的达成概率;竖线为当前概率。",
        "The target's probability with each input that has a planner range at the low and the "
        "high end of it, all else unchanged; the rule is the current probability.",
    ),
    "tornado_empty": (
        "没有带规划区间的输入影响此目标。",
        "No input with a planner range moves this target.",
    ),
    # compare
    "compare_title": ("情景对比", "Scenario comparison"),
    "compare_pick": ("选择情景(两个或更多)", "Scenarios (two or more)"),
    "compare_current": ("当前视图(未保存)", "Current view (unsaved)"),
    "compare_running": ("正在模拟所选情景…", "Simulating the scenarios picked…"),
    "compare_need_two": ("请选择至少两个情景。", "Pick at least two scenarios."),
    "compare_indicator": ("指标", "Indicator"),
    "compare_chart_caption": (
        "各情景中位数与 P25–P75 区间。",
        "Each scenario's median and P25–P75 band.",
    ),
    "compare_targets": (
        "目标对比(差值相对第一个情景)",
        "Targets side by side (differences to the first)",
    ),
    "compare_assumptions": ("假设差异", "Assumptions that differ"),
    "compare_no_diff": ("所选情景的假设相同。", "The scenarios' assumptions are the same."),
    "compare_download": ("下载对比表", "Download the comparison"),
    # save, share, download
    "share_title": ("分享链接", "Share link"),
    "share_caption": (
        "链接包含情景、滑块设置、随机种子和路径数;打开后显示完全相同的数字。",
        "The link carries the scenario, the slider settings, the seed and the paths: opening "
        "it shows exactly the same numbers.",
    ),
    "brief_button": ("下载汇报材料", "Download briefing"),
    "brief_save": ("保存汇报材料(Word)", "Save the briefing (Word)"),
    "brief_caption": (
        "汇报材料按当前设置生成(滑块位置、对比视图中选择的情景、路径数和随机种子):目标表、"
        "预测区间图、序时进度、实现路径、假设及来源和复现命令,Word 文档可直接编辑。",
        "The briefing follows the current settings (slider positions, the scenarios picked in "
        "the compare view, paths and seed): target table, fan charts, progress, what it "
        "takes, assumptions with sources and the reproduce command, as an editable Word file.",
    ),
    "download_title": ("下载当前视图", "Download the current view"),
    "download_caption": (
        "包含目标表、预测区间、项目管线和生成方式(版本、种子、复现命令)。",
        "Targets, projections, pipelines and how they were made (version, seed, the command "
        "that reproduces them).",
    ),
    "download_csv": ("CSV(长表)", "CSV (long table)"),
    "download_xlsx": ("Excel 工作簿", "Excel workbook"),
    "download_iamc": ("IAMC 格式 CSV", "IAMC CSV"),
    "save_title": ("另存为情景", "Save as scenario"),
    "save_caption": (
        "在 scenarios/ 中写入一个子情景文件:继承当前情景,只记录改动的数值,"
        "来源标为“在应用中由某人设定的假设”。",
        "Writes a child scenario into scenarios/: it extends the current scenario and holds only "
        "the changed values, each sourced as an assumption set in the app by you.",
    ),
    "save_id": ("文件名(英文字母、数字、_ 或 -)", "File name (letters, digits, _ or -)"),
    "save_name": ("中文名称", "Chinese name"),
    "save_name_en": ("英文名称", "English name"),
    "save_author": ("你的名字(写入来源)", "Your name (goes into the sources)"),
    "save_button": ("保存", "Save"),
    "save_confirm": ("确认覆盖已保存的情景 “{id}”", "Yes, overwrite the saved scenario “{id}”"),
    "save_done": ("已保存为 {path},并已切换到该情景。", "Saved as {path}; now showing it."),
    "save_nothing": (
        "当前没有改动;保存的文件将与“{parent}”相同。",
        "Nothing is changed; the file will give the same numbers as “{parent}”.",
    ),
    # notices from the link
    "notice_title": (
        "链接中的部分参数无效,已使用默认值:",
        "Some link parameters were invalid; defaults are used:",
    ),
    # forecast check (预测检验): the backtest view
    "view_backtest": ("预测检验", "Forecast check"),
    "bt_explain": (
        "预测检验:假装站在过去某一年(预测起点),只用当时已有的历史数据重新模拟,"
        "再与之后真实发生的数据对比。覆盖率:90% 区间应装下约 90% 的实际值,50% 区间约一半;"
        "明显偏少说明模型过于自信(区间太窄),明显偏多说明区间太宽、参考价值低。"
        "技巧评分把 CRPS(整个分布与实际值的差距,约等于相对误差)与“按历史平均增速外推”"
        "的朴素预测相比:大于 0 表示优于朴素预测。",
        "A forecast check stands in a past year (the origin), reruns the scenario with only the "
        "history known then, and compares it with what actually happened later. Coverage: the "
        "90 % band should hold about 90 % of the actual figures and the 50 % band about half; "
        "far fewer means the model is overconfident (bands too narrow), far more means the bands "
        "are too wide to be of much use. Skill compares the CRPS (how far the whole forecast is "
        "from the actual, roughly a relative error) with a naive forecast that carries the "
        "history's mean growth forward: above 0 is better than the naive forecast.",
    ),
    "bt_nothing": (
        "此情景还无法做预测检验:已知的年度数据只有 {years} 年,任何预测起点之后都没有可比的"
        "年度历史值或全年实际值(季度累计数不参与检验)。在历史文件中补充往年水平值,"
        "或在实际数据文件中补充全年数据后,这里会显示覆盖率和技巧评分。",
        "Nothing to check yet: annual figures are known for {years} only, so no origin "
        "has a comparable annual history level or full-year actual after it (year-to-date "
        "quarters are not scored). Add past levels to the history file, or full-year figures "
        "to the actuals, and this view shows coverage and skill.",
    ),
    "bt_origin": ("预测起点", "Origin"),
    "bt_pooled": ("全部起点合并({first}–{last})", "All origins pooled ({first}–{last})"),
    "bt_few": (
        "仅有 {n} 个数据可检验:覆盖率只是粗略参考,判断 90% 区间是否可靠需要数十个数据。",
        "Only {n} figures to score: coverage is a rough guide; judging a 90 % band takes "
        "dozens of figures.",
    ),
    "bt_running": ("正在按当时的历史重算…", "Rerunning with the history known then…"),
    "bt_coverage": ("区间覆盖率(名义 vs 实际)", "Band coverage (nominal vs observed)"),
    "bt_pit_title": ("实际值落在预测分布的哪个位置", "Where the actuals fell in the forecast"),
    "bt_pit_caption": (
        "每根柱子是落在该分位段的实际值个数。各段大致齐平(接近虚线)说明预测区间可信;"
        "两端高、中间低说明过于自信;中间高说明区间过宽;一侧偏高说明预测系统性偏高或偏低。",
        "Each bar counts the actual figures that fell in that tenth of the forecast. Bars about "
        "level (near the dashed line) mean the bands can be trusted; high at both ends means "
        "overconfident; high in the middle means the bands are too wide; high on one side means "
        "the forecast runs high or low.",
    ),
    "bt_notes": ("各指标的重算方式", "How each indicator was rerun"),
    "bt_figures": ("逐项检验结果", "Every figure scored"),
    "chart.pit": ("实际值所处分位(PIT)", "Percentile of the actual (PIT)"),
    "chart.pit_count": ("实际值个数", "Actual figures"),
}

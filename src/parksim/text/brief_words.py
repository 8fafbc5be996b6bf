"""The briefing's words (``parksim brief`` and the app's 下载汇报材料), Chinese first, English
second; merged into :data:`parksim.text.words.WORDS`, so they are read with ``word`` like every
other. Headings, captions and sentences only: the table headers are the app's ``col.`` words,
and names come from the scenario."""

from __future__ import annotations

BRIEF_WORDS: dict[str, tuple[str, str]] = {
    # the title block
    "brief.title": ("{name} · 目标达成情况汇报", "{name} · briefing on the targets"),
    "brief.meta": (
        "{date} · {paths:,} 条模拟路径 · 随机种子 {seed} · 情景文件 {file}",
        "{date} · {paths:,} paths · seed {seed} · scenario file {file}",
    ),
    "brief.h_summary": ("概要", "Summary"),
    "brief.summary": (
        "本情景共 {n} 个目标:{on} 个有望达成,{risk} 个存在风险,{off} 个难以达成。{then}",
        "Of {n} targets, {on} are on track, {risk} at risk and {off} off track. {then}",
    ),
    "brief.gap": (
        "差距最大的是“{name}”:{year} 年目标 {value},模拟中位数 {p50},达成概率 {prob}。{growth}",
        "The biggest gap is {name}: {value} by {year}, against a median of {p50}; "
        "probability {prob}. {growth}",
    ),
    "brief.gap_growth": (
        "它需要年均增长 {needed},而假设为 {assumed}。",
        "It needs growth of {needed} a year against {assumed} assumed.",
    ),
    "brief.all_on_track": ("所有目标均有望达成。", "Every target is on track."),
    "brief.no_targets": (
        "本情景没有设定目标:以下只列出关键假设和复现命令。",
        "This scenario sets no targets: below are only its assumptions and the reproduce command.",
    ),
    # the sections
    "brief.h_targets": ("目标达成情况", "Targets"),
    "brief.targets_note": (
        "达成概率 = 满足目标的模拟路径占比。状态:有望达成 ≥ {on},存在风险 ≥ {risk},"
        "难以达成 更低。依据:✓ 关键输入均有文献出处;⚠ 含假设。",
        "Probability = share of the simulated paths that meet the target. Status: on track "
        "≥ {on}, at risk ≥ {risk}, off track below. Basis: ✓ every key input quoted from a "
        "document; ⚠ some are assumptions.",
    ),
    "brief.h_charts": ("预测区间", "Forecast ranges"),
    "brief.chart_caption": (
        "图 {n}:{name}。浅色带为 P5–P95,深色带为 P25–P75,实线为中位数;菱形为目标,"
        "点线为规划路径,黑点为实际值。",
        "Figure {n}: {name}. Light band P5–P95, dark band P25–P75, solid line the median; "
        "diamonds are targets, the dotted line the plan path, black dots the actual figures.",
    ),
    "brief.h_tracking": ("序时进度", "Progress against the plan to date"),
    "brief.no_tracking": (
        "暂无实际数据,尚不能对照序时进度。",
        "No actual figures yet: nothing to compare with the plan to date.",
    ),
    "brief.no_surprise": (
        "各实际值均落在此前预测的 P5–P95 之内。",
        "Every actual figure fell within the P5–P95 of the forecast made before it.",
    ),
    "brief.h_takes": ("实现路径:达成概率 {p} 所需", "What it takes: a {p} probability"),
    "brief.takes_note": (
        "对每个尚未“有望达成”的目标,求使达成概率达到 {p} 的取值(其余假设不变;"
        "与 parksim solve 相同的求解器,同一路径数和随机种子)。",
        "For each target not on track, the value that gives it a {p} probability, other "
        "assumptions unchanged (the solver of parksim solve, on the same paths and seed).",
    ),
    "brief.takes_none": (
        "所有目标均有望达成,无需求解。",
        "Every target is on track: nothing to solve.",
    ),
    "brief.lever_growth": ("{name} 年均增速", "{name}: growth a year"),
    "brief.lever_scale": (
        "相关指标增速的倍数({names})",
        "factor on the growth rates feeding it ({names})",
    ),
    "brief.list_sep": ("、", ", "),
    "brief.col_needed": ("所需取值", "Needed"),
    "brief.col_assumed": ("现假设", "Assumed now"),
    "brief.col_reached": ("结果", "Result"),
    "brief.reached": ("达成概率 {reached}({n} 次模拟)", "probability {reached} ({n} runs)"),
    "brief.out_of_reach": (
        "在 {low} 至 {high} 内无法达到(最高 {best})",
        "out of reach within {low} to {high} (best {best})",
    ),
    "brief.h_compare": ("情景对比", "Scenario comparison"),
    "brief.compare_note": (
        "同一路径数和随机种子下各情景的达成概率和中位数;括号内为与本情景之差(百分点 / 数值)。",
        "Probability and median of each scenario on the same paths and seed; in brackets the "
        "difference to this scenario (points / value).",
    ),
    "brief.h_appendix": ("附录:关键假设及来源", "Appendix: key assumptions and their sources"),
    "brief.appendix_note": (
        "各目标所依据的输入:✓ 有文献出处;⚠ 为假设,应优先以公开数据替换。",
        "The inputs the targets rest on: ✓ quoted from a document; ⚠ an assumption, the "
        "first to replace with a published figure.",
    ),
    "brief.col_value": ("取值", "Value"),
    "brief.document": ("✓ 文献", "✓ document"),
    "brief.assumption": ("⚠ 假设", "⚠ assumption"),
    "brief.h_reproduce": ("复现命令", "Reproduce"),
    "brief.reproduce_note": (
        "在装有 parksim 的目录中运行以下命令,可得到数字完全相同的汇报材料:",
        "Run this where parksim is installed to get a briefing with the same numbers:",
    ),
    # progress and the command line
    "brief.step_simulate": ("正在模拟…", "Simulating…"),
    "brief.step_compare": ("正在模拟对比情景…", "Simulating the compared scenarios…"),
    "brief.step_solve": ("正在求解实现路径…", "Solving what it takes…"),
    "brief.step_charts": ("正在绘制图表…", "Drawing the charts…"),
    "brief.step_document": ("正在生成 Word 文档…", "Writing the Word document…"),
    "brief.step_pdf": ("正在转换为 PDF…", "Converting to PDF…"),
    "brief.step_done": ("完成", "Done"),
    "brief.written": ("已写出汇报材料 {path}", "briefing written to {path}"),
    "brief.no_pdf": (
        "没有可用的 PDF 转换(未找到 LibreOffice 的 soffice):已改为写出 {path}",
        "no PDF route on this machine (LibreOffice's soffice not found): wrote {path} instead",
    ),
}

"""The words of the app's 编辑情景 / Edit scenario view and of 新建情景 / New scenario (zh, en).
Merged into :data:`parksim.text.words.WORDS` like the page's own words."""

from __future__ import annotations

EDIT_WORDS: dict[str, tuple[str, str]] = {
    "view_edit": ("编辑情景", "Edit scenario"),
    "edit_title": ("编辑情景数据", "Edit the scenario's data"),
    "edit_caption": (
        "直接修改指标、目标和项目管线的数值:每次修改立即校验,并像拖动滑块一样反映在各页的图表和表格中。"
        "每个改动的数字都要写明来源(“文件名: 原文”或“assumption: 理由”),"
        "未填写时默认为“由您在应用中修改”。"
        "改动在保存为子情景之前只在本页会话中有效,不会写入分享链接。",
        "Change the numbers of indicators, targets and pipelines: each change is checked at "
        "once and shown in every view's charts and tables, like a slider move. Every changed "
        "number needs a source (“document: quote” or “assumption: why”); left blank, it reads "
        "“edited in the app by you”. Changes live in this session until saved as a child "
        "scenario; share links do not carry them.",
    ),
    "edit_author": ("您的姓名(用于来源说明)", "Your name (for the sources)"),
    "edit_all_columns": ("显示全部列", "Show all columns"),
    "edit_changes": ("已修改 {n} 处", "{n} changes"),
    "edit_none": ("尚未修改。", "Nothing changed yet."),
    "edit_discard": ("放弃全部修改", "Discard all changes"),
    "edit_invalid": (
        "以下修改未生效(其余保持上一次有效的状态):",
        "These edits were not applied (the rest stays as last valid):",
    ),
    "edit_change_list": ("修改清单", "Changes"),
    "edit_col_key": ("位置", "Where"),
    "edit_col_before": ("原值", "Before"),
    "edit_col_after": ("新值", "After"),
    "edit_save_title": ("保存为子情景", "Save as a child scenario"),
    "edit_save_caption": (
        "子情景只保存修改过的数值(及滑块改动)和它们的来源,其余继承自“{parent}”。",
        "The child stores only the changed numbers (and slider moves) with their sources; the "
        "rest comes from “{parent}”.",
    ),
    "edit.row": ("第 {n} 行", "row {n}"),
    "edit.id_rule": (
        "编号不能为空,已有行的编号不能修改(要换编号,请新增一行)",
        "the id cannot be empty, and an existing row's id cannot change (add a row instead)",
    ),
    "edit.no_blank": (
        "不能清空(子情景无法删除上级情景的数值;请填写新值)",
        "cannot be emptied (a child cannot remove its parent's value; type a new one)",
    ),
    "edit.rows_added": ("可在表格末尾新增一行。", "Add a row at the table's end."),
    # 新建情景
    "new_title": ("新建情景", "New scenario"),
    "new_caption": (
        "从已有情景复制一份独立的新情景,或从一个只有几个指标的示例园区开始,或上传填好的模板工作簿。",
        "Start a new, independent scenario from a copy of an existing one, from an example "
        "park with a few indicators, or upload a filled template workbook.",
    ),
    "new_from": ("起点", "Start from"),
    "new_example": ("示例园区(几个指标)", "Example park (a few indicators)"),
    "new_id": ("新情景编号(文件名)", "New scenario id (file name)"),
    "new_name": ("中文名称", "Name (Chinese)"),
    "new_name_en": ("英文名称", "Name (English)"),
    "new_button": ("创建", "Create"),
    "new_failed": (
        "未能创建情景(没有写入任何文件):",
        "The scenario was not created (nothing was written):",
    ),
    "new_taken": (
        "编号 “{id}” 已被使用;请换一个编号(不会覆盖已有文件)。",
        "The id “{id}” is taken; choose another (no file is overwritten).",
    ),
    "new_bad_id": (
        "编号 “{id}” 无效:只能用英文字母、数字、_ 和 -,以字母或数字开头。",
        "The id “{id}” is not valid: use letters, digits, _ and -, starting with a letter or "
        "digit.",
    ),
    "new_done": ("已创建情景 {id}。", "Created scenario {id}."),
}

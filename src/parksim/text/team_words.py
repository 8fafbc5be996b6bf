"""The words of the team server in the app: sign-in, roles, revision history, the admin's
page, and the refusals of the store (zh, en). Merged into :data:`parksim.text.words.WORDS`
like the page's own words; refusals are templates filled where raised (``app.team``)."""

from __future__ import annotations

TEAM_WORDS: dict[str, tuple[str, str]] = {
    # modes and the account box
    "team.single": (
        "单人模式:未配置账号,能打开本页的人都能保存情景(团队使用请见 README 的“运行”)。",
        "Single-user mode: no accounts are configured, so whoever can open this page can save "
        "scenarios (for a team, see “how to run” in the README).",
    ),
    "team.offline": (
        "团队数据库无法使用,现仅显示随项目提供的情景(只读,不能保存):{problem}",
        "The team's database cannot be used; showing the shipped scenarios only (read only, "
        "nothing can be saved): {problem}",
    ),
    "team.signed_in": ("已登录:{name}({role})", "Signed in: {name} ({role})"),
    "team.sign_out": ("退出登录", "Sign out"),
    "team.signed_out": ("已退出登录。", "Signed out."),
    "role.viewer": ("查看者", "viewer"),
    "role.planner": ("规划人员", "planner"),
    "role.admin": ("管理员", "admin"),
    # the sign-in page (both languages at once: the page's language is not known yet)
    "signin.title": ("登录 parksim 团队服务器", "Sign in to the parksim team server"),
    "signin.name": ("账号", "Account"),
    "signin.password": ("密码", "Password"),
    "signin.button": ("登录", "Sign in"),
    "signin.expired": (
        "登录已过期(长时间未操作),请重新登录;已输入的内容会保留。",
        "Your session has expired (unused for too long); sign in again, and what you typed "
        "is kept.",
    ),
    "signin.caption": (
        "查看者:查看、对比、分享、下载;规划人员:另可保存情景和录入实际值;管理员:另可管理账号、"
        "共享基准情景和查看审计日志。",
        "Viewers look, compare, share and download; planners also save scenarios and enter "
        "actual figures; admins also manage accounts and the shared baseline and read the audit "
        "log.",
    ),
    # refusals of a write or a sign-in (app.team, app.access)
    "save.err.wrong": ("账号或密码不正确。", "Wrong account name or password."),
    "save.err.wait": (
        "失败次数过多,请 {seconds} 秒后再试。",
        "Too many failed attempts; try again in {seconds} s.",
    ),
    "save.err.signed_out": (
        "你已退出登录,未保存;请重新登录后再保存(已输入的内容会保留)。",
        "You are signed out; nothing was saved. Sign in again and save (what you typed is kept).",
    ),
    "save.err.denied": (
        "未保存:你的账号(角色 {role})无权进行此操作,需要 {needed} 角色;请联系管理员。",
        "Nothing saved: your account (role {role}) may not do this; it needs the {needed} "
        "role. Ask an admin.",
    ),
    "save.err.revision_conflict": (
        "“{id}” 已由 {author} 于 {at} 保存为第 {head} 版,而你是从第 {parent} 版开始修改的;"
        "未写入任何内容,你的设置仍在。请查看下面的差异,确认后基于第 {head} 版再次保存,"
        "或换一个文件名保存。",
        "“{id}” was saved meanwhile as revision {head} by {author} (at {at}); you started from "
        "revision {parent}. Nothing was written and your settings are still here: look at the "
        "difference below, then confirm and save again from revision {head}, or save under "
        "another name.",
    ),
    "save.err.store": ("数据库拒绝了此操作:{problem}", "The database refused: {problem}"),
    "save.err.offline": (
        "团队数据库无法使用,不能保存:{problem}",
        "The team's database cannot be used; nothing can be saved: {problem}",
    ),
    "save.err.bad_name": (
        "账号名 “{name}” 无效:1–64 个英文字母、数字或 _ . @ -,以字母或数字开头。",
        "Account name “{name}”: 1–64 letters, digits, _ . @ or -, starting with a letter or digit.",
    ),
    "save.err.bad_password": ("密码至少 8 个字符。", "A password needs at least 8 characters."),
    "save.err.bad_role": ("角色无效。", "Not a role."),
    "save.err.account_exists": (
        "账号 “{name}” 已存在;请换一个名字。",
        "Account “{name}” exists already; choose another name.",
    ),
    "save.err.no_account": ("没有名为 “{name}” 的账号。", "No account named “{name}”."),
    "entry.err.denied": (
        "未保存:你的账号(角色 {role})无权录入实际值,需要 planner 角色。",
        "Nothing saved: your account (role {role}) may not enter figures; that needs the "
        "planner role.",
    ),
    "entry.err.signed_out": (
        "你已退出登录,未保存;请重新登录。",
        "You are signed out; nothing was saved. Sign in again.",
    ),
    "entry.err.store": ("数据库拒绝了此操作:{problem}", "The database refused: {problem}"),
    "entry.err.offline": (
        "团队数据库无法使用,不能保存:{problem}",
        "The team's database cannot be used; nothing can be saved: {problem}",
    ),
    "save_as_account": (
        "以账号 {name} 保存,每个修改的数值来源记为该账号。",
        "Saved as account {name}; every changed value's source names it.",
    ),
    "save_not_allowed": (
        "你的角色({role})只能查看、对比、分享和下载;保存情景需要 planner 角色。",
        "Your role ({role}) may look, compare, share and download; saving needs the planner role.",
    ),
    "save_difference": (
        "差异(你开始时的版本、期间保存的版本、你的版本):",
        "The difference (the revision you started from, the one saved meanwhile, yours):",
    ),
    # the revision history (版本历史)
    "view_history": ("版本历史", "History"),
    "history_title": ("情景的版本历史", "A scenario's revisions"),
    "history_pick": ("情景", "Scenario"),
    "history_seed": (
        "随项目提供的种子情景:只有管理员可以修订或恢复。",
        "A shipped seed: only an admin revises or restores it.",
    ),
    "col.revision": ("版本", "Revision"),
    "col.parent_revision": ("上一版", "Parent"),
    "col.saved_at": ("时间(UTC)", "Time (UTC)"),
    "col.author": ("作者", "Author"),
    "col.origin": ("来源", "From"),
    "col.message": ("说明", "Message"),
    "history_diff": ("两个版本的差异", "The difference between two revisions"),
    "history_from": ("从版本", "From revision"),
    "history_to": ("到版本", "To revision"),
    "history_same": ("这两个版本的假设相同。", "These two revisions assume the same."),
    "history_restore": ("恢复旧版本", "Restore an old revision"),
    "history_restore_pick": ("要恢复的版本", "Revision to restore"),
    "history_restore_button": ("恢复为最新版本", "Restore as the newest revision"),
    "history_restore_caption": (
        "恢复会把旧版本的内容另存为新的一版,任何版本都不会被删除。",
        "A restore saves the old revision's text again as a new revision; nothing is deleted.",
    ),
    "history_restored": (
        "已把第 {old} 版恢复为第 {new} 版。",
        "Revision {old} restored as revision {new}.",
    ),
    # the admin's page (账号与审计)
    "view_admin": ("账号与审计", "Accounts and audit"),
    "admin_accounts": ("账号", "Accounts"),
    "col.account": ("账号", "Account"),
    "col.role": ("角色", "Role"),
    "col.active": ("启用", "Active"),
    "admin_add": ("新建账号", "Add an account"),
    "admin_password": ("初始密码(至少 8 个字符)", "First password (at least 8 characters)"),
    "admin_add_button": ("新建", "Add"),
    "admin_change": ("修改账号", "Change an account"),
    "admin_role_button": ("设置角色", "Set the role"),
    "admin_off_button": ("停用", "Switch off"),
    "admin_on_button": ("启用", "Switch on"),
    "admin_done": ("已完成:{name}。", "Done: {name}."),
    "admin_audit": ("审计日志", "Audit log"),
    "admin_audit_caption": (
        "每次写入(保存、录入、恢复、账号变更)一行,时间为 UTC;数据库拒绝修改或删除其中任何一行。",
        "One row per write (save, figure, restore, account change), times in UTC; the database "
        "refuses to change or delete any row.",
    ),
    "admin_audit_download": ("下载审计日志(CSV)", "Download the audit log (CSV)"),
}

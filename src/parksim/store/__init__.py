"""The team server's storage: scenarios, actual figures and their revisions in a database
(SQLite by default, PostgreSQL by URL), local accounts with roles, and the audit log.

Every write function takes the ``Actor`` who asks and checks the role itself
(``AccessDenied``); nothing is overwritten or deleted: a save or a restore is a new revision.
"""

from parksim.store.accounts import (
    ROLES,
    Actor,
    accounts,
    add_account,
    audit_log,
    set_active,
    set_password,
    set_role,
    sign_in,
)
from parksim.store.database import Store, database_url, open_store, schema_version
from parksim.store.documents import (
    RevisionInfo,
    history,
    restore,
    revision_diff,
    save_scenario,
    scenario_ids,
    stored_scenario,
    text_of,
)
from parksim.store.figures import FigureInfo, figure_history, save_figure
from parksim.store.transfer import (
    Imported,
    export_folder,
    import_folder,
    mirror_folder,
    stored_stamp,
)

__all__ = [
    "ROLES",
    "Actor",
    "FigureInfo",
    "Imported",
    "RevisionInfo",
    "Store",
    "accounts",
    "add_account",
    "audit_log",
    "database_url",
    "export_folder",
    "figure_history",
    "history",
    "import_folder",
    "mirror_folder",
    "open_store",
    "restore",
    "revision_diff",
    "save_figure",
    "save_scenario",
    "scenario_ids",
    "schema_version",
    "set_active",
    "set_password",
    "set_role",
    "sign_in",
    "stored_scenario",
    "stored_stamp",
    "text_of",
]

"""parksim app — ``streamlit run app.py``. The page's frame only: each view is a module of
``parksim.app.pages``, state, caches and callbacks live in ``parksim.app.state``, widget helpers
in ``parksim.app.widgets``; numbers in ``src/parksim``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from parksim.app import access, catalog, state, views, widgets
from parksim.app.pages.admin import admin_view
from parksim.app.pages.backtest import forecast_check
from parksim.app.pages.compare import compare_view
from parksim.app.pages.dashboard import dashboard
from parksim.app.pages.edit import edit_view
from parksim.app.pages.pipelines import pipelines
from parksim.app.pages.revisions import revisions_view
from parksim.app.pages.save import save_view
from parksim.app.pages.sidebar import sidebar
from parksim.app.pages.signin import account_box, door
from parksim.app.pages.tracking import tracking
from parksim.app.pages.whatif import what_it_takes
from parksim.app.state import Ctx

PAGES: dict[str, Callable[[Ctx], None]] = {
    "dashboard": dashboard, "pipelines": pipelines, "tracking": tracking,
    "whatif": what_it_takes, "compare": compare_view, "backtest": forecast_check,
    "edit": edit_view, "save": save_view, "history": revisions_view, "admin": admin_view,
}  # fmt: skip

st.set_page_config(page_title="parksim · 园区目标情景模拟", page_icon="📊", layout="wide")
S = st.session_state
where = door(catalog.scenarios_folder(__file__))  # team mode: signed in, or stops here
ctx = state.start(where.folder, where)
w = ctx.w

with st.sidebar:
    account_box(ctx)
    sidebar(ctx)

if ctx.broken is not None:
    st.error(f"{w('broken_file')} · {ctx.broken.error}", icon=":material/error:")
    st.info(w("pick_another"))
    st.stop()

st.title(ctx.base.name if ctx.lang == "zh" else ctx.base.name_en)
paths, seed = ctx.run
line = w("run_line").format(paths=paths, seed=seed, first=ctx.base.base_year, last=ctx.base.horizon)
changed = len(ctx.state.positions) + len(ctx.state.edits)
st.caption(f"{line} · {views.changed_badge(changed, ctx.lang)}")
widgets.notices(ctx)

pages = {
    k: v for k, v in PAGES.items() if views.has_view(ctx.base, k) and access.shows_page(where, k)
}
if S.get("page") not in pages:
    S.page = "dashboard"
widget = widgets.lang_widget(ctx, "page", "dashboard")
st.segmented_control(
    w("view"), list(pages), format_func=lambda p: w(f"view_{p}"), key=widget, required=True,
    label_visibility="collapsed", on_change=state.adopt, args=("page", widget, list(pages)),
)  # fmt: skip
with st.popover(w("glossary"), icon=":material/help:"):
    st.markdown(w("glossary_text"))
with st.spinner(w("working"), show_time=True):  # shown only when a run takes over half a second
    pages[S.page](ctx)
state.sync_url(ctx)

"""The app's pages, one module a view, and the sidebar: layout over :mod:`parksim.app.state`.

With ``state`` and ``widgets``, the only code of the package that imports Streamlit. Each
page is a function of the run's :class:`~parksim.app.state.Ctx`; ``app.py`` picks one.
"""

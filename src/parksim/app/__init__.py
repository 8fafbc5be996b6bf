"""The planners' Streamlit app, apart from ``app.py`` itself: ``state`` (the only module here
that imports Streamlit), and the pure modules it draws from, tested without Streamlit."""

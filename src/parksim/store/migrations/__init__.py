"""Alembic migrations of the store's schema, run from code by ``parksim.store.database``."""

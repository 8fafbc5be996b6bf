"""One module per schema step, oldest first: ``v0001_initial``, ``v0002_audit``."""

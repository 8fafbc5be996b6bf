"""parksim's tests, one folder per package of ``src/parksim`` (see docs/architecture.md).

The folders are packages so that every test module has a unique dotted name
(``tests.engine.test_scale``) and shared helpers import as ``tests.conftest`` and
``tests.browser``, whichever way pytest is started.
"""

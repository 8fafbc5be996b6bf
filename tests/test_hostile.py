"""The corpus of hostile inputs in ``tests/hostile/``: each gets its one-line answer.

``parksim validate`` in a fresh process, on each case: exit 2, exactly one line on stderr that
names the file and contains the case's ``expected.txt``, no traceback, nothing on stdout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

CORPUS = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 14


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_hostile_input_gets_its_one_line_answer(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    done = run_cli("validate", str(case / "s.toml"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("parksim: error: ")
    assert str(case) in done.stderr
    assert expected in done.stderr, done.stderr

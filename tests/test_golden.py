"""Golden files: the numbers every shipped scenario produces, byte for byte.

The CSV and JSON exports of each scenario in ``scenarios/`` (plus one run with ``--set``
overrides) at a fixed seed and path count, with ``SOURCE_DATE_EPOCH`` fixed, are compared with
``tests/golden/``. Only the three version strings (parksim, numpy, Python) are masked, so on
the machine that wrote them (``tests/golden/MACHINE``) a refactoring that moves a single bit of a
single number fails here; on another kind of CPU the numbers are compared to 1e-9 relative
(``tests/golden_compare.py`` says why).

A change that is meant to move numbers regenerates the files knowingly:
``PARKSIM_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py``, committed with the
change and the reason in its message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from parksim import load_scenario, simulate
from parksim.export.formats import export_bytes
from tests.golden_compare import first_difference, machine

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
WRITER = GOLDEN / "MACHINE"  # the machine that wrote the files: compared byte for byte there
PATHS, SEED, EPOCH = 2_000, 20_260_101, "1767225600"  # 2026-01-01T00:00:00Z
RUNS = {
    "baseline": ("scenarios/baseline.toml", {}),
    "faster_reform": ("scenarios/faster_reform.toml", {}),
    "prolonged_shock": ("scenarios/prolonged_shock.toml", {}),
    "targets_need": ("scenarios/targets_need.toml", {}),
    "baseline-set": (
        "scenarios/baseline.toml",
        {"indicators.big_health.growth": 0.15, "pipelines.health.approval_staff": 6},
    ),
}
VERSIONS = re.compile(r"((?:parksim|numpy|python)_version\b.*?)(\d+\.\d+[\w.+-]*)")


def _masked(text: str) -> str:
    """The export with the version strings replaced: those may change without a number."""
    return VERSIONS.sub(r"\1<version>", text)


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", list(RUNS))
def test_exports_match_the_golden_files(
    name: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # file paths in the metadata are then the repository's
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    file, overrides = RUNS[name]
    scenario = load_scenario(file).with_overrides(overrides)
    result = simulate(scenario, paths=PATHS, seed=SEED)
    text = _masked(export_bytes(result, fmt, out=f"{name}.{fmt}").decode("utf-8-sig"))
    golden = GOLDEN / f"{name}.{fmt}"
    if os.environ.get("PARKSIM_UPDATE_GOLDEN") == "1":
        golden.write_bytes(text.encode("utf-8"))
        WRITER.write_text(machine() + "\n", encoding="utf-8")
    expected = golden.read_bytes().decode("utf-8")
    if WRITER.read_text(encoding="utf-8").strip() == machine():
        assert text == expected, f"{golden.name} differs: the numbers moved"
    else:
        difference = first_difference(text, expected)
        assert difference is None, f"{golden.name} differs: {difference}"


def test_the_comparison_elsewhere_still_catches_a_moved_number() -> None:
    text = (GOLDEN / "baseline.csv").read_text(encoding="utf-8")
    value = next(v for v in re.findall(r"\d+\.\d{6,}", text) if float(v) > 1)
    assert first_difference(text, text) is None
    moved = text.replace(value, repr(float(value) * (1 + 1e-7)), 1)
    assert (
        first_difference(moved, text)
        == f"{float(value) * (1 + 1e-7)!r} where the golden file has {value}"
    )
    last_bit = text.replace(value, repr(float(value) * (1 + 2e-16)), 1)
    assert first_difference(last_bit, text) is None

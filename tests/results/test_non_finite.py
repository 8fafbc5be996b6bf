"""A formula that divides by a value reaching 0 is marked wherever its numbers go: the result
counts the paths (in memory and in chunks alike), the CLI warns on stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

import parksim
from parksim.engine.random import BLOCK_PATHS
from parksim.text.warnings import non_finite_lines

SCENARIO = """
[scenario]
id = "nf"
name = "非有限"
name_en = "non-finite"
base_year = 2020
horizon = 2023
paths = 1000
seed = 1

[indicators.a]
name = "甲"
name_en = "A"
unit = "亿元"
base = 100.0
growth = 0.05
volatility = 0.3
source.base = "assumption: test"
source.growth = "assumption: test"
source.volatility = "assumption: test"

[indicators.b]
name = "乙"
name_en = "B"
unit = "亿元"
base = 100.0
growth = 0.05
volatility = 0.3
source.base = "assumption: test"
source.growth = "assumption: test"
source.volatility = "assumption: test"

[derived.ratio]
name = "比"
name_en = "ratio"
unit = "比重"
formula = "a / (b - a)"
"""


def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "nf.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_the_base_year_division_by_zero_is_counted_on_every_path(tmp_path: Path) -> None:
    loaded = parksim.load_scenario(scenario(tmp_path))
    paths = 2 * BLOCK_PATHS
    result = parksim.simulate(loaded, paths=paths, seed=1)
    table = result.non_finite()
    # a = b = 100 in the base year: b - a = 0 on every path, and only there (the draws differ)
    assert table.to_dict("records") == [{"indicator": "ratio", "year": 2020, "paths": paths}]
    expected = (~np.isfinite(result.paths("ratio"))).sum(axis=0)
    assert expected.tolist() == [paths, 0, 0, 0]
    chunked = parksim.simulate(loaded, paths=paths, seed=1, chunk_paths=BLOCK_PATHS)
    assert not chunked.keeps_paths
    assert chunked.non_finite().equals(table)  # the same counts without keeping the paths
    (line,) = non_finite_lines(table, loaded, result.n_paths, "en")
    assert line.startswith(f"ratio (a / (b - a)) is not a finite number on {paths:,} of {paths:,}")
    assert "2020" in line
    assert (
        parksim.simulate(
            parksim.load_scenario(Path(__file__).parents[2] / "scenarios/baseline.toml"), paths=500
        )
        .non_finite()
        .empty
    )


def test_the_cli_warns_on_stderr_in_the_language_asked(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parksim", "run", str(scenario(tmp_path)), "--paths", "500",
         "--lang", "zh"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    warnings = [x for x in done.stderr.splitlines() if x.startswith("parksim: warning:")]
    assert len(warnings) == 1 and "比 (a / (b - a))" in warnings[0] and "500 / 500" in warnings[0]
    assert "Traceback" not in done.stderr

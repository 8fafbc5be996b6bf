"""``parksim validate`` lists every error the schema check finds in a file, one line each,
each naming the file that set the key; other commands still answer with the first."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import parksim
from parksim.cli.main import main

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"
CHILD = f"""
[scenario]
id = "bad"
name = "坏"
name_en = "Bad"
extends = "{BASELINE.as_posix()}"

[indicators.gdp]
volatility = -0.1
correlation = 2.0
source = "assumption: test"

[indicators.tax_revenue]
growth_sd = -1
source = "assumption: test"
"""


def test_validate_lists_every_error_of_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(textwrap.dedent(CHILD), encoding="utf-8")
    assert main(["validate", str(bad), str(BASELINE)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"parksim: error: {bad}: indicators.gdp.volatility = -0.1: must be >= 0",
        f"parksim: error: {bad}: indicators.gdp.correlation = 2.0: must be <= 1",
        f"parksim: error: {bad}: indicators.tax_revenue.growth_sd = -1: must be >= 0",
    ]
    assert captured.out.startswith(f"ok  {BASELINE}")  # one bad file never takes down the rest
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(bad)
    assert str(caught.value) == f"{bad}: indicators.gdp.volatility = -0.1: must be >= 0"
    assert len(caught.value.more) == 2

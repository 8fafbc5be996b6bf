"""Warnings that travel with a run's numbers: indicators that are not a finite number on some
paths (a formula dividing by a value that reached 0). The CLI prints them, the app shows them,
for the same table (``Result.non_finite()``)."""

from __future__ import annotations

import pandas as pd

from parksim.inputs.scenario import Scenario
from parksim.text.words import Lang, word


def non_finite_lines(
    table: pd.DataFrame, scenario: Scenario, n_paths: int, lang: Lang
) -> list[str]:
    """One line per indicator of ``Result.non_finite()``: its name, its formula where it has
    one, the years and the most paths affected in a year."""
    lines = []
    for indicator, rows in table.groupby("indicator", sort=False):
        name = str(indicator)
        derived = scenario.spec.derived.get(name)
        years = [int(y) for y in rows["year"]]
        shown = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        lines.append(
            word("warn.non_finite", lang).format(
                name=scenario.indicator_name(name, lang),
                formula=f" ({derived.formula})" if derived is not None else "",
                years=shown,
                paths=int(rows["paths"].max()),
                total=n_paths,
            )
        )
    return lines

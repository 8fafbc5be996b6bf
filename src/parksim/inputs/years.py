"""Year-range tables: ``{"2020" = 0.02, "2021-2025" = 0.14}`` to one value per year."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_range(label: str) -> tuple[int, int]:
    """``"2021-2025"`` → ``(2021, 2025)``, ``"2020"`` → ``(2020, 2020)``."""
    match = _RANGE.match(label)
    if match is None:
        raise ValueError(
            f'year range "{label}" must be a year like "2020" or a range like "2021-2025"'
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise ValueError(f'year range "{label}" runs backwards')
    return first, last


def spread_over_years(
    values: float | Mapping[str, float],
    years: range,
    *,
    must_cover: bool,
    default: float = 0.0,
) -> np.ndarray:
    """One value per year of ``years`` from a number or a year-range table.

    Ranges must not overlap; with ``must_cover`` every year must be in a range. Years outside
    ``years`` are allowed and ignored. Raises ``ValueError`` with a message that names the
    offending range.
    """
    if not isinstance(values, Mapping):
        return np.full(len(years), float(values))
    out = np.full(len(years), default, dtype=float)
    owner: dict[int, str] = {}
    for label, value in values.items():
        first, last = parse_range(label)
        for year in range(first, last + 1):
            if year in owner:
                raise ValueError(f'year ranges "{owner[year]}" and "{label}" overlap in {year}')
            owner[year] = label
            if year in years:
                out[year - years.start] = value
    if must_cover:
        missing = [y for y in years if y not in owner]
        if missing:
            raise ValueError(
                f"no value for {_describe_years(missing)}; ranges must cover "
                f"{years.start}-{years.stop - 1}"
            )
    return out


def _describe_years(years: list[int]) -> str:
    if len(years) == 1:
        return str(years[0])
    if years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(map(str, years))

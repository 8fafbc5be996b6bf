"""Files the command line writes: the user's permissions, clear refusals, nothing half-written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from parksim.cli.main import main

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exports_follow_the_umask_like_any_file_a_user_writes(
    tmp_path: Path, mask: int, mode: int
) -> None:
    old = os.umask(mask)
    try:
        out = tmp_path / "out.csv"
        assert main(["export", str(BASELINE), "-o", str(out), "--paths", "50"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_an_export_into_a_missing_folder_names_the_folder_not_a_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "out.csv"
    assert main(["export", str(BASELINE), "-o", str(out), "--paths", "50"]) == 2
    assert capsys.readouterr().err == (f"parksim: error: {out}: no such folder {out.parent}\n")


def test_a_format_that_contradicts_the_file_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert main(["export", str(BASELINE), "--format", "xlsx", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"parksim: error: -o {out}: a .csv name for a xlsx file; name it .xlsx, "
        "or leave --format out to write csv\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, no temp file left

"""Shared fixtures: scenario files written from short TOML strings into tmp_path."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

WriteToml = Callable[[str, str], Path]


@pytest.fixture
def write_toml(tmp_path: Path) -> WriteToml:
    """``write_toml("sub/x.toml", text)`` writes dedented ``text`` (UTF-8) below tmp_path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write

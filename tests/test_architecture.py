"""The package's shape, checked: layers and cycles (import-linter, the contracts in
pyproject.toml), small modules and functions, Streamlit only where it belongs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parksim"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return [*sorted(PACKAGE.rglob("*.py")), ROOT / "app.py"]


def test_import_contracts_hold() -> None:
    """``lint-imports``: app | cli → analysis | export → engine → results | text → inputs →
    des | errors, and no cycle between sibling modules (imports inside functions count)."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_modules_and_functions_are_small() -> None:
    too_long = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert not too_long, "\n".join(too_long)


def _parksim_import(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "parksim"
    return isinstance(node, ast.Import) and any(
        a.name.split(".")[0] == "parksim" for a in node.names
    )


def test_no_parksim_import_inside_a_function() -> None:
    """A function-level import of our own code hides a cycle from readers. (Heavy third-party
    libraries, SALib and Dask, are still imported where used, to keep start-up fast.)"""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if _parksim_import(inner):
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not found, found

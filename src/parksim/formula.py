"""Formulas of derived indicators: ``"four_new_value_added / gdp"``.

Parsed with :mod:`ast` against an explicit whitelist (names, numbers, ``+ - * /``,
unary ``+ -`` and parentheses) and evaluated by walking the tree; never ``eval``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}
ALLOWED = "indicator ids, numbers, + - * / and parentheses"


@dataclass(frozen=True)
class Formula:
    """A parsed, whitelisted formula."""

    text: str
    tree: ast.expr
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """The formula applied element-wise to arrays of the same shape."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(_evaluate(self.tree, values), dtype=float)


def parse_formula(text: str) -> Formula:
    """Parse ``text``; raise ``ValueError`` naming the part that is not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise ValueError(f"not a valid formula: use {ALLOWED}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text)
        if isinstance(node, ast.Name):
            names.add(node.id)
    return Formula(text=text, tree=tree, names=frozenset(names))


def _check_node(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return
    if isinstance(node, (ast.operator, ast.unaryop, ast.expr_context)):
        return  # checked with their parent node
    shown = ast.get_source_segment(text.strip(), node) or type(node).__name__
    raise ValueError(f'"{shown}" is not allowed: use {ALLOWED}')


def _evaluate(node: ast.expr, values: Mapping[str, np.ndarray]) -> Any:
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_evaluate(node.operand, values))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant):
        return float(cast(float, node.value))  # parse_formula admits only int and float
    raise TypeError(f"unexpected node {type(node).__name__}")  # unreachable after parse_formula

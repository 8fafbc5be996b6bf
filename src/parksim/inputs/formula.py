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
MAX_LENGTH = 2_000  # characters
MAX_DEPTH = 200  # nested operations; the evaluation recurses once per level


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
    if len(text) > MAX_LENGTH:
        raise ValueError(f"has {len(text)} characters: at most {MAX_LENGTH} are allowed")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, RecursionError, MemoryError):
        raise ValueError(f"not a valid formula: use {ALLOWED}") from None
    if _depth(tree) > MAX_DEPTH:
        raise ValueError(f"is nested too deeply: at most {MAX_DEPTH} operations deep")
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text)
        if isinstance(node, ast.Name):
            names.add(node.id)
    _check_constants(tree, text)
    return Formula(text=text, tree=tree, names=frozenset(names))


def _check_constants(tree: ast.expr, text: str) -> None:
    """Refuse a part made of numbers only that is not a finite number (``1e309``, ``1 / 0``)
    and a division by such a part that is zero (``gdp / 0``, ``gdp / (2 - 2)``): each would
    give inf or NaN on every path, silently."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr):
            continue  # operators and contexts: checked with their expression
        if not any(isinstance(n, ast.Name) for n in ast.walk(node)):
            with np.errstate(all="ignore"):
                value = float(_evaluate(node, {}))
            if not np.isfinite(value):
                shown = ast.get_source_segment(text.strip(), node) or "a number"
                raise ValueError(f'"{shown}" is not a finite number')
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if not any(isinstance(n, ast.Name) for n in ast.walk(right)):
                with np.errstate(all="ignore"):
                    if float(_evaluate(right, {})) == 0.0:
                        shown = ast.get_source_segment(text.strip(), node) or "a division"
                        raise ValueError(f'"{shown}" divides by zero')


def _depth(tree: ast.AST) -> int:
    """Depth of the tree, measured without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _check_node(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            float(cast(float, node.value))
        except OverflowError:
            raise ValueError(f"the number {str(node.value)[:12]}… is too large") from None
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
        # a numpy scalar, so that 1 / 0 gives inf (as division of arrays does), not an exception
        return np.float64(cast(float, node.value))
    raise TypeError(f"unexpected node {type(node).__name__}")  # unreachable after parse_formula

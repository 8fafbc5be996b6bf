"""Formulas of derived indicators: a strict whitelist, evaluated like numpy, never executed."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parksim.inputs.formula import parse_formula

ALLOWED = "use indicator ids, numbers, + - * / and parentheses"
RNG = np.random.default_rng(0)
VALUES = {
    "a": RNG.normal(size=(3, 4)),
    "b": np.array([[0.0, 1.0, -2.0, 3.5]] * 3),  # zeros: division by zero like numpy
    "c": RNG.uniform(0.5, 2.0, size=(3, 4)),
}
SENTINEL: list[int] = []


def numpy_result(fn: Callable[..., np.ndarray]) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(fn(VALUES["a"], VALUES["b"], VALUES["c"]), dtype=float)


ACCEPTED = {
    "a": lambda a, b, c: a,
    "a + b": lambda a, b, c: a + b,
    "a - b - c": lambda a, b, c: a - b - c,
    "a - (b - c)": lambda a, b, c: a - (b - c),
    "a * b + c": lambda a, b, c: a * b + c,
    "a * (b + c)": lambda a, b, c: a * (b + c),
    "a / b": lambda a, b, c: a / b,
    "b / b": lambda a, b, c: b / b,
    "a / b / c": lambda a, b, c: a / b / c,
    "-a": lambda a, b, c: -a,
    "+a": lambda a, b, c: +a,
    "-(a + b) / 2.5": lambda a, b, c: -(a + b) / 2.5,
    "- -a": lambda a, b, c: np.negative(-a),
    "2 * a - 1": lambda a, b, c: 2.0 * a - 1.0,
    "1 / 3 * c": lambda a, b, c: 1.0 / 3.0 * c,
    "((a))": lambda a, b, c: a,
    "1e-3 * a + 0.5": lambda a, b, c: 1e-3 * a + 0.5,
    "  a / c  ": lambda a, b, c: a / c,
    "100 * (c - 1) / c": lambda a, b, c: 100.0 * (c - 1.0) / c,
}


@pytest.mark.parametrize(("text", "fn"), ACCEPTED.items(), ids=ACCEPTED.keys())
def test_accepted_formula_is_numpy_arithmetic(text: str, fn: Callable[..., np.ndarray]) -> None:
    result = parse_formula(text).evaluate(VALUES)
    assert result.dtype == float
    assert result.shape == (3, 4)
    np.testing.assert_array_equal(result, numpy_result(fn))


def test_names_are_the_indicator_ids_used() -> None:
    formula = parse_formula("(a - b) / a + 2 * c")
    assert formula.names == frozenset({"a", "b", "c"})
    assert parse_formula("3.5").names == frozenset()


def test_a_number_alone_evaluates_to_that_number() -> None:
    assert parse_formula("3").evaluate({}) == 3.0


REJECTED = [
    "abs(a)",  # call
    "a.real",  # attribute
    "a.__class__",
    "a[0]",  # subscript
    "a[:]",
    "a > b",  # comparison
    "a == b",
    "a and b",  # boolean ops
    "a or b",
    "not a",
    "lambda: a",
    "f'{a}'",
    "'a'",
    "b'a'",
    "True",
    "None",
    "1j",
    "...",
    "a ** 2",
    "a // 2",
    "a % 2",
    "a @ b",
    "a << 1",
    "a & b",
    "~a",
    "(x := a)",
    "[x for x in a]",
    "{x: 1 for x in a}",
    "(x for x in a)",
    "a if b else c",
    "[a, b]",
    "(a, b)",
    "{a}",
    "__import__('os').system('x')",
]


@pytest.mark.parametrize("text", REJECTED)
def test_other_constructs_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="is not allowed: use indicator ids"):
        parse_formula(text)


@pytest.mark.parametrize(
    "text", ["", "   ", "a +", "a b", "a\n+ b", "a; b", "yield a", "*a", "a = 1"]
)
def test_syntax_errors_are_value_errors(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_formula(text)
    assert str(info.value) == f"not a valid formula: {ALLOWED}"


def test_rejection_message_shows_the_offending_part() -> None:
    with pytest.raises(ValueError) as info:
        parse_formula("a + abs(b)")
    assert str(info.value) == f'"abs(b)" is not allowed: {ALLOWED}'


def test_a_bare_name_is_only_a_name() -> None:
    """``__import__`` is just an identifier: it is looked up in the values, never in builtins."""
    formula = parse_formula("__import__")
    assert formula.names == frozenset({"__import__"})
    with pytest.raises(KeyError):
        formula.evaluate({})


@pytest.mark.parametrize(
    "text",
    [
        "SENTINEL.append(1)",
        "(lambda: SENTINEL.append(1))()",
        "[SENTINEL.append(1) for _ in 'x']",
        "__import__('tests.inputs.test_formula').inputs.test_formula.SENTINEL.append(1)",
        "a + SENTINEL.append(1)",
    ],
)
def test_injection_attempts_run_nothing(text: str) -> None:
    with pytest.raises(ValueError):
        parse_formula(text).evaluate({"a": np.ones(2), "SENTINEL": SENTINEL})  # type: ignore[dict-item]
    assert SENTINEL == []


def test_os_system_is_never_reached(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(ValueError):
        parse_formula(f"__import__('os').system('touch {marker}')").evaluate({})
    assert not marker.exists()


def test_evaluation_uses_neither_eval_nor_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    formula = parse_formula("-(a + b) * c / 2")
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    result = formula.evaluate(VALUES)
    np.testing.assert_array_equal(result, numpy_result(lambda a, b, c: -(a + b) * c / 2.0))


def test_evaluate_does_not_mutate_its_inputs() -> None:
    values = {name: array.copy() for name, array in VALUES.items()}
    parse_formula("-a + b * c / a").evaluate(values)
    for name, array in VALUES.items():
        np.testing.assert_array_equal(values[name], array)


# --------------------------------------------------------------------------------------
# Formulas the parser accepts must also evaluate
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("terms", [1000, 5000])
def test_a_long_sum_is_evaluated_or_refused_with_value_error(terms: int) -> None:
    text = "a" + " + a" * terms
    try:
        formula = parse_formula(text)
    except ValueError:
        return  # refusing an absurd formula is fine; crashing is not
    result = formula.evaluate({"a": np.ones(2)})
    np.testing.assert_array_equal(result, [terms + 1.0, terms + 1.0])


def test_a_huge_integer_literal_is_evaluated_or_refused_with_value_error() -> None:
    """``1e400`` evaluates to inf; the same number written as an integer must not crash."""
    text = "1" + "0" * 400 + " * a"
    try:
        formula = parse_formula(text)
    except ValueError:
        return
    np.testing.assert_array_equal(formula.evaluate({"a": np.ones(2)}), [np.inf, np.inf])


# --------------------------------------------------------------------------------------
# Random formulas from the whitelist evaluate exactly like numpy
# --------------------------------------------------------------------------------------

Expr = tuple[str, Callable[[dict[str, np.ndarray]], np.ndarray]]


def _leaf() -> st.SearchStrategy[Expr]:
    names = st.sampled_from(["a", "b", "c"]).map(lambda n: (n, lambda v, n=n: v[n]))
    numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False).map(
        lambda x: (repr(x), lambda v, x=x: np.float64(x))
    )
    integers = st.integers(min_value=0, max_value=1000).map(
        lambda i: (str(i), lambda v, i=i: np.float64(i))
    )
    return st.one_of(names, numbers, integers)


def _combine(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    ops = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x / y,
    }
    binary = st.tuples(children, st.sampled_from(sorted(ops)), children).map(
        lambda t: (
            f"({t[0][0]} {t[1]} {t[2][0]})",
            lambda v, t=t: ops[t[1]](t[0][1](v), t[2][1](v)),
        )
    )
    unary = st.tuples(st.sampled_from(["-", "+"]), children).map(
        lambda t: (
            f"{t[0]}({t[1][0]})",
            lambda v, t=t: -t[1][1](v) if t[0] == "-" else +t[1][1](v),
        )
    )
    return st.one_of(binary, unary)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(st.recursive(_leaf(), _combine, max_leaves=12))
def test_random_whitelisted_formula_matches_numpy(expr: Expr) -> None:
    """Any whitelisted formula is numpy arithmetic; one with a part of numbers only that is
    not finite, or a division by a zero such part, is refused at parse time instead."""
    text, fn = expr
    try:
        formula = parse_formula(text)
    except ValueError as exc:
        assert str(exc).endswith(("divides by zero", "is not a finite number")), str(exc)
        return
    assert formula.names <= {"a", "b", "c"}
    with np.errstate(all="ignore"):
        expected = np.asarray(fn(VALUES), dtype=float) * np.ones((3, 4))
    np.testing.assert_array_equal(formula.evaluate(VALUES), expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("gdp / 0", '"gdp / 0" divides by zero'),
        ("gdp / (2 - 2)", '"gdp / (2 - 2)" divides by zero'),
        ("gdp * 1e309", '"1e309" is not a finite number'),
        ("1 / 0 + gdp", '"1 / 0" is not a finite number'),
    ],
)
def test_a_constant_part_that_cannot_be_finite_is_refused(text: str, message: str) -> None:
    """It would give inf or NaN on every path, silently."""
    with pytest.raises(ValueError) as caught:
        parse_formula(text)
    assert str(caught.value) == message  # it used to give inf (or NaN) on every path


def test_divisions_by_indicators_and_by_nonzero_numbers_stay_allowed() -> None:
    assert parse_formula("-a / -2 + b / (c - 1)").names == {"a", "b", "c"}

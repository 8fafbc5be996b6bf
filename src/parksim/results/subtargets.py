"""Consistency of sub-targets: when a headline indicator is a sum of others (a derived
``formula = "a + b + c"``) and targets exist for the parts, are they met together, and can the
parts' targets add up to the headline at all?"""

from __future__ import annotations

import ast

import pandas as pd

from parksim.inputs.formula import Formula
from parksim.results.protocol import Result

CONSISTENCY_COLUMNS = [
    "target", "sub_targets", "probability", "joint_probability", "sub_target_sum",
    "value", "reachable_by_parts",
]  # fmt: skip


def sum_terms(formula: Formula) -> list[str] | None:
    """The indicator ids of a formula that is a plain sum ``a + b + …``; None otherwise."""
    terms: list[str] = []
    pending: list[ast.expr] = [formula.tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            pending.extend((node.right, node.left))
        elif isinstance(node, ast.Name):
            terms.append(node.id)
        else:
            return None
    return terms


def consistency_table(result: Result) -> pd.DataFrame:
    """One row per headline target whose indicator sums parts that carry their own targets
    (same deadline and direction). ``reachable_by_parts`` is False when the parts' targets
    add up to less than the headline (None when some part has no target)."""
    scenario = result.scenario
    formulas = dict(scenario.compiled.derived)
    rows = []
    for tid, target in scenario.targets.items():
        terms = sum_terms(formulas[target.indicator]) if target.indicator in formulas else None
        if not terms:
            continue
        parts = {
            other_id: other for other_id, other in scenario.targets.items()
            if other.indicator in terms and other.year == target.year
            and other.direction == target.direction and other_id != tid
        }  # fmt: skip
        if not parts:
            continue
        covered = {part.indicator for part in parts.values()} >= set(terms)
        total = sum(part.value for part in parts.values())
        enough = total >= target.value if target.direction == ">=" else total <= target.value
        rows.append({
            "target": tid, "sub_targets": ", ".join(parts),
            "probability": result.probability(tid),
            "joint_probability": result.joint_probability((tid, *parts)),
            "sub_target_sum": total, "value": target.value,
            "reachable_by_parts": bool(enough) if covered else None,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=CONSISTENCY_COLUMNS)

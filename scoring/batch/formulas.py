"""A rulebook formula evaluated on whole columns at once, exactly as ``Formula.evaluate`` per row.

The formula's expression trees (scoring/expr.py) are walked once per column, not once per row:
every case's value is computed for every row, and each row takes the first case whose
condition holds, like the per-row evaluation. Errors follow the per-row semantics too: a
division by zero fails a row only where the per-row evaluation would have evaluated it
(``if``/``and``/``or`` short-circuit), and such a row is reported, not scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from scoring.batch.exact import (
    Mask,
    Q,
    add,
    bad_or,
    compare,
    constant,
    div,
    mul,
    neg,
    q_abs,
    select,
    sub,
)
from scoring.formula.evaluate import Formula
from scoring.formula.tree import Binary, BoolOp, Call, Compare, Expr, IfElse, Not, Num, Unary, Var

__all__ = ["Result", "evaluate", "supported"]

_ARITH = {"+": add, "-": sub, "*": mul, "/": div}


def supported(e: Expr) -> bool:
    """Whether every node of an expression is one this module evaluates on columns."""
    match e:
        case Num() | Var():
            return True
        case Unary("-", x) | Not(x):
            return supported(x)
        case Binary("^", x, Num(n)):
            return n.denominator == 1 and supported(x)
        case Binary(op, x, y) if op in _ARITH:
            return supported(x) and supported(y)
        case Compare(_, x, y) | BoolOp(_, x, y):
            return supported(x) and supported(y)
        case Call(fn, args) if fn in ("min", "max", "abs"):
            return all(supported(a) for a in args)
        case IfElse(c, x, y):
            return supported(c) and supported(x) and supported(y)
    return False


def _power(x: Q, n: int) -> Q:
    result = constant(Fraction(1))
    for _ in range(abs(n)):
        result = mul(result, x)
    return div(constant(Fraction(1)), result) if n < 0 else result


def _num(e: Expr, env: dict[str, Q]) -> Q:
    match e:
        case Num(value):
            return constant(value)
        case Var(name):
            return env[name]
        case Unary("-", x):
            return neg(_num(x, env))
        case Binary("^", x, Num(n)):
            return _power(_num(x, env), int(n))
        case Binary(op, x, y):
            return _ARITH[op](_num(x, env), _num(y, env))
        case Call("abs", (x,)):
            return q_abs(_num(x, env))
        case Call(fn, args):
            values = [_num(a, env) for a in args]
            best = values[0]
            for v in values[1:]:  # min/max keep the first of equal values, as Python's do
                take = compare("<" if fn == "min" else ">", v, best)
                best = select(take, v, best)
            bad = None
            for v in values:
                bad = bad_or(bad, v.bad)
            return Q(best.num, best.den, best.scale, bad)
        case IfElse(c, x, y):
            cond, cbad = _bool(c, env)
            chosen = select(cond, _num(x, env), _num(y, env))
            return Q(chosen.num, chosen.den, chosen.scale, bad_or(cbad, chosen.bad))
    raise ValueError(f"not a number expression: {e!r}")


def _bool(e: Expr, env: dict[str, Q]) -> tuple[Mask, Mask | None]:
    """A condition per row, and the rows where evaluating it divided by zero."""
    match e:
        case Compare(op, x, y):
            a, b = _num(x, env), _num(y, env)
            return compare(op, a, b), bad_or(a.bad, b.bad)
        case BoolOp("and", x, y):
            (mx, bx), (my, by) = _bool(x, env), _bool(y, env)
            return mx & my, bad_or(bx, None if by is None else mx & by)
        case BoolOp("or", x, y):
            (mx, bx), (my, by) = _bool(x, env), _bool(y, env)
            return mx | my, bad_or(bx, None if by is None else ~mx & by)
        case Not(x):
            m, mbad = _bool(x, env)
            return ~m, mbad
        case IfElse(c, x, y):
            (mc, bc), (mx, bx), (my, by) = _bool(c, env), _bool(x, env), _bool(y, env)
            taken = None
            if bx is not None or by is not None:
                no = np.zeros_like(mc)
                taken = np.where(mc, no if bx is None else bx, no if by is None else by)
            return np.where(mc, mx, my), bad_or(bc, taken)
    raise ValueError(f"not a condition: {e!r}")


@dataclass(frozen=True, slots=True)
class Result:
    """A formula's value per row, the index of the case each row took, and the failed rows."""

    value: Q
    case: np.ndarray
    failed: Mask


def evaluate(formula: Formula, env: dict[str, Q], rows: int) -> Result:
    """Evaluate ``formula`` on ``rows`` rows of column inputs, case by case."""
    decided = np.zeros(rows, dtype=bool)
    failed = np.zeros(rows, dtype=bool)
    case_of = np.full(rows, -1, dtype=np.int8)
    value: Q | None = None
    for i, case in enumerate(formula.cases):
        open_ = ~decided
        if case.when is None:
            take = open_
        else:
            cond, cbad = _bool(case.when, env)
            if cbad is not None:
                failed |= open_ & cbad
            take = open_ & cond
        then = _num(case.then, env)
        if then.bad is not None:
            failed |= take & then.bad
        value = then if value is None else select(take, then, value)
        case_of[take] = i
        decided |= take
    assert value is not None  # a formula has at least one case
    shape = (rows,)
    num = np.broadcast_to(value.num, shape)
    den = None if value.den is None else np.broadcast_to(value.den, shape)
    return Result(Q(num, den, value.scale), case_of, failed)

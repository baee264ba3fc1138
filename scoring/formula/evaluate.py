"""Formula expressions: exact evaluation, compilation to closures, and rulebook formulas.

This module is the public home of the expression API: the trees and their printing
(scoring/exprtree.py) and the whitelisted grammar that parses formula text
(scoring/grammar.py) are re-exported here. Formula strings come from rulebooks users write, so
they are parsed by that grammar and never handed to ``eval``, ``exec``, ``compile`` or sympy.
Arithmetic is exact (``fractions.Fraction``).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeAlias

from scoring.errors import FormulaError, FormulaEvaluationError
from scoring.formula.grammar import (
    FUNCTIONS,
    KEYWORDS,
    MAX_EXPONENT,
    parse_expr_text,
)
from scoring.formula.tree import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    IfElse,
    Not,
    Num,
    Unary,
    Var,
    names_in,
    to_display,
    to_text,
    top_kind,
)

__all__ = ["BoolFn", "Case", "Env", "Formula", "NumFn", "build_formula", "compile_expr", "evaluate"]

Env: TypeAlias = Mapping[str, Fraction]
"""The inputs of one evaluation: exact values by input name."""
NumFn: TypeAlias = Callable[[Env], Fraction]
"""A number expression compiled to a closure over the inputs."""
BoolFn: TypeAlias = Callable[[Env], bool]
"""A condition compiled to a closure over the inputs."""


# ---------------------------------------------------------------- evaluation

_ARITH: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul}
_CMP: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne}
_FN: dict[str, Callable[[list[Fraction]], Fraction]] = {
    "min": min, "max": max, "abs": lambda v: abs(v[0])}


def _lookup(env: Env, name: str) -> Fraction:
    try:
        value = env[name]
    except KeyError:
        raise FormulaEvaluationError(f"input {name!r} is missing") from None
    if type(value) is Fraction:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    raise FormulaEvaluationError(f"input {name!r} must be an exact number, got {value!r}")


def _divide(a: Fraction, b: Fraction, e: Binary) -> Fraction:
    if b == 0:
        raise FormulaEvaluationError(f"division by zero in {to_text(e)!r}: {to_text(e.right)} is 0")
    return a / b


def _power(a: Fraction, e: Binary) -> Fraction:
    n = int(e.right.value) if isinstance(e.right, Num) else 0
    if a == 0 and n < 0:
        raise FormulaEvaluationError(f"division by zero in {to_text(e)!r}: {to_text(e.left)} is 0")
    return a**n


def _exponent_ok(e: Expr) -> bool:
    return isinstance(e, Num) and e.value.denominator == 1 and abs(e.value) <= MAX_EXPONENT


def _num(e: Expr, env: Env) -> Fraction:
    match e:
        case Num(value):
            return value
        case Var(name):
            return _lookup(env, name)
        case Unary("-", x):
            return -_num(x, env)
        case Binary("/", x, y):
            return _divide(_num(x, env), _num(y, env), e)
        case Binary("^", x, y) if _exponent_ok(y):
            return _power(_num(x, env), e)
        case Binary(op, x, y) if op in _ARITH:
            return _ARITH[op](_num(x, env), _num(y, env))
        case Call(fn, args) if fn in _FN and args:
            return _FN[fn]([_num(a, env) for a in args])
        case IfElse(c, x, y):
            return _num(x if _bool(c, env) else y, env)
    raise FormulaEvaluationError(f"expected a number expression, got {e!r}")


def _bool(e: Expr, env: Env) -> bool:
    match e:
        case Compare(op, x, y) if op in _CMP:
            return _CMP[op](_num(x, env), _num(y, env))
        case BoolOp("and", x, y):
            return _bool(x, env) and _bool(y, env)
        case BoolOp("or", x, y):
            return _bool(x, env) or _bool(y, env)
        case Not(x):
            return not _bool(x, env)
        case IfElse(c, x, y):
            return _bool(x if _bool(c, env) else y, env)
    raise FormulaEvaluationError(f"expected a condition, got {e!r}")


def evaluate(e: Expr, env: Mapping[str, Fraction]) -> Fraction | bool:
    """Evaluate an expression exactly by walking the tree (conditions yield bool)."""
    return _num(e, env) if top_kind(e) == "number" else _bool(e, env)


def _cnum(e: Expr) -> NumFn:
    match e:
        case Num(value):
            return lambda env: value
        case Var(name):
            return lambda env: v if type(v := env.get(name)) is Fraction else _lookup(env, name)
        case Unary("-", x):
            fx = _cnum(x)
            return lambda env: -fx(env)
        case Binary("^", x, y) if _exponent_ok(y):
            fx = _cnum(x)
            return lambda env: _power(fx(env), e)
        case Binary("/", x, y):
            fx, fy = _cnum(x), _cnum(y)
            return lambda env: _divide(fx(env), fy(env), e)
        case Binary(op, x, y) if op in _ARITH:
            fx, fy, fop = _cnum(x), _cnum(y), _ARITH[op]
            return lambda env: fop(fx(env), fy(env))
        case Call(fn, args) if fn in _FN and (fn == "abs") == (len(args) == 1):
            fargs, ffn = [_cnum(a) for a in args], _FN[fn]
            return lambda env: ffn([f(env) for f in fargs])
        case IfElse(c, x, y):
            bc, fx, fy = _cbool(c), _cnum(x), _cnum(y)
            return lambda env: fx(env) if bc(env) else fy(env)
    raise FormulaError(repr(e), 0, "expected a number expression here")


def _cbool(e: Expr) -> BoolFn:
    match e:
        case Compare(op, x, y) if op in _CMP:
            fx, fy, cmp = _cnum(x), _cnum(y), _CMP[op]
            return lambda env: cmp(fx(env), fy(env))
        case BoolOp("and", x, y):
            bx, by = _cbool(x), _cbool(y)
            return lambda env: bx(env) and by(env)
        case BoolOp("or", x, y):
            bx, by = _cbool(x), _cbool(y)
            return lambda env: bx(env) or by(env)
        case Not(x):
            bx = _cbool(x)
            return lambda env: not bx(env)
        case IfElse(c, x, y):
            bc, bx, by = _cbool(c), _cbool(x), _cbool(y)
            return lambda env: bx(env) if bc(env) else by(env)
    raise FormulaError(repr(e), 0, "expected a condition here")


def compile_expr(e: Expr) -> Callable[[Mapping[str, Fraction]], Fraction | bool]:
    """Type-check once and build nested closures that evaluate fast (no eval, no tree walk)."""
    return _cnum(e) if top_kind(e) == "number" else _cbool(e)


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True)
class Case:
    """One case of a formula: when ``when`` holds (None = otherwise) the score is ``then``."""
    when: Expr | None
    then: Expr
    branch: str


@dataclass(frozen=True)
class Formula:
    """A named scoring formula: ordered cases over declared inputs; the first that holds wins."""
    name: str
    inputs: tuple[str, ...]
    cases: tuple[Case, ...]
    _plan: tuple[tuple[BoolFn | None, NumFn, Case], ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.cases or self.cases[-1].when is not None:
            raise FormulaError(self.name, 0, "the last case must have no 'when' (otherwise)")
        plan: list[tuple[BoolFn | None, NumFn, Case]] = []
        for i, case in enumerate(self.cases, 1):
            if case.when is None and i < len(self.cases):
                raise FormulaError(self.name, 0, f"case {i}: only the last case may omit 'when'")
            parts = (case.then,) if case.when is None else (case.when, case.then)
            unknown = frozenset().union(*map(names_in, parts)) - frozenset(self.inputs)
            if unknown:
                raise FormulaError(self.name, 0, f"case {i} uses undeclared {sorted(unknown)}")
            for key, part, kind in (("then", case.then, "number"), ("when", case.when, "boolean")):
                if part is not None and top_kind(part) != kind:
                    problem = f"case {i}: {key!r} must be a {kind}, not a {top_kind(part)}"
                    raise FormulaError(to_text(part), 0, f"{self.name} {problem}")
            when = None if case.when is None else _cbool(case.when)
            plan.append((when, _cnum(case.then), case))
        object.__setattr__(self, "_plan", tuple(plan))

    def __reduce__(self) -> tuple[type[Formula], tuple[str, tuple[str, ...], tuple[Case, ...]]]:
        """Pickle and copy without the compiled closures; they are rebuilt on load."""
        return Formula, (self.name, self.inputs, self.cases)

    def evaluate(self, env: Mapping[str, Fraction]) -> tuple[Fraction, Case]:
        """Score the inputs: the value of the first case whose condition holds, and that case."""
        for when, then, case in self._plan:
            if when is None or when(env):
                return then(env), case
        raise AssertionError("unreachable: the last case is unconditional")

    def display(self) -> str:
        """The whole formula on one line, e.g. ``weight if actual ≥ target; 0 otherwise``."""
        shown: str | None = self.__dict__.get("_shown")
        if shown is None:  # a frozen formula always shows the same: every trace reuses it
            shown = self.__dict__["_shown"] = self._show()
        return shown

    def _show(self) -> str:
        if len(self.cases) == 1:  # one unconditional expression: no "otherwise"
            return to_display(self.cases[0].then)
        parts = []
        for case in self.cases:
            then = to_display(case.then)
            then = f"({then})" if isinstance(case.then, IfElse) else then
            when = "otherwise" if case.when is None else f"if {to_display(case.when)}"
            parts.append(f"{then} {when}")
        return "; ".join(parts)


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)


def _case(name: str, inputs: tuple[str, ...], i: int, raw: Mapping[str, object]) -> Case:
    if not isinstance(raw, Mapping):
        raise FormulaError(name, 0, f"case {i} must be a mapping with keys when, then, branch")
    unknown, missing = sorted(set(raw) - {"when", "then", "branch"}), {"then", "branch"} - set(raw)
    if unknown or missing:
        what = f"unknown key {unknown[0]!r}" if unknown else f"missing key {min(missing)!r}"
        raise FormulaError(name, 0, f"case {i}: {what}; allowed keys: when, then, branch")
    if not isinstance(raw["branch"], str) or not raw["branch"].strip():
        raise FormulaError(name, 0, f"case {i}: 'branch' must be a non-empty label")
    parsed: dict[str, Expr] = {}
    for key in ("when", "then"):
        text = raw.get(key)
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = repr(text)  # YAML reads `then: 0` as a number
        if text is None and key == "when":
            continue
        if not isinstance(text, str):
            raise FormulaError(name, 0, f"case {i}: {key!r} must be a formula string")
        try:
            parsed[key] = parse_expr_text(text, inputs)
        except FormulaError as err:
            problem = f"{name} case {i} {key}: {err.problem}"
            raise FormulaError(text, err.position, problem) from None
    return Case(parsed.get("when"), parsed["then"], raw["branch"])


def build_formula(
    name: str, inputs: Sequence[str], cases: Sequence[Mapping[str, str]]
) -> Formula:
    """Build a Formula from rulebook data: input names and cases ``{when?, then, branch}``."""
    names = tuple(inputs)
    for n in names:
        if not isinstance(n, str) or not _NAME.fullmatch(n) or n in KEYWORDS | set(FUNCTIONS):
            raise FormulaError(name, 0, f"input name {n!r} must be a plain name like 'actual'")
    if len(set(names)) != len(names) or not cases:
        raise FormulaError(name, 0, "a formula needs distinct input names and at least one case")
    return Formula(name, names, tuple(_case(name, names, i, c) for i, c in enumerate(cases, 1)))

"""Proofs that a scoring formula behaves: never negative, never above the weight, monotone in
the actual value, and full marks wherever the target is met.

Each property is attempted twice. Symbolically: the formula is built as sympy objects from its
AST (never from strings), split into smooth pieces (cases, min/max/abs branches), and on each
piece the goal ``g ≥ 0`` (or ``g = 0``) is proved under the piece's conditions and the input
domain by eliminating variables with slack substitutions (``actual < target`` becomes
``target = actual + s, s > 0``) until sympy's sign assumptions decide it. Monotonicity compares
every pair of pieces at two actual values ``a1 ≤ a2``, so jumps between cases are covered.
Concretely: a deterministic search over exact rational points (scoring/counterexamples.py)
looks for a counterexample; a refutation always carries one.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import sympy

from scoring.formula import tree as et
from scoring.formula.counterexamples import Domain, find_counterexamples
from scoring.formula.evaluate import Formula
from scoring.formula.tree import Expr

__all__ = [
    "PROPERTIES",
    "Atom",
    "PropertyResult",
    "Status",
    "Sym",
    "check_formula",
    "expr_to_sympy",
    "symbol",
    "to_sympy",
]

Sym: TypeAlias = Any  # a sympy object; sympy ships no type information
Status: TypeAlias = Literal["proved", "refuted", "unproved"]  # the verdict on one property
Atom: TypeAlias = tuple[Sym, str]  # (d, op): the constraint ``d op 0``, op one of >= > ==
# The properties checked, in the order results are given.
PROPERTIES = ("non-negative", "bounded", "monotone", "full-when-met")
_MAX_LEAVES, _MAX_ATTEMPTS = 64, 24
_SYMPY_FAILURES = (OverflowError, NotImplementedError, TypeError, ValueError, sympy.PolynomialError)


@dataclass(frozen=True)
class PropertyResult:
    """The verdict on one property, with how it was reached and a counterexample if refuted."""

    prop: str
    status: Status
    detail: str
    counterexample: Mapping[str, Fraction] | None
    score: Fraction | None


# ---------------------------------------------------------------- AST -> sympy, by construction

_RELATIONS: dict[str, Callable[[Sym, Sym], Sym]] = {
    "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "==": sympy.Eq, "!=": sympy.Ne}


def symbol(name: str) -> Sym:
    """The sympy symbol standing for an input (a real number)."""
    return sympy.Symbol(name, real=True)


def expr_to_sympy(e: Expr) -> Sym:
    """Build the sympy object for an expression node by node (no string ever reaches sympy)."""
    match e:
        case et.Num(value):
            return sympy.Rational(value.numerator, value.denominator)
        case et.Var(name):
            return symbol(name)
        case et.Unary(_, x):
            return -expr_to_sympy(x)
        case et.Binary(op, x, y):
            a, b = expr_to_sympy(x), expr_to_sympy(y)
            ops = {"+": sympy.Add, "*": sympy.Mul, "-": lambda a, b: sympy.Add(a, -b),
                   "/": lambda a, b: sympy.Mul(a, sympy.Pow(b, -1)), "^": sympy.Pow}
            return ops[op](a, b)
        case et.Call(fn, args):
            return {"min": sympy.Min, "max": sympy.Max, "abs": sympy.Abs}[fn](
                *map(expr_to_sympy, args))
        case et.Compare(op, x, y):
            return _RELATIONS[op](expr_to_sympy(x), expr_to_sympy(y))
        case et.BoolOp(op, x, y):
            return (sympy.And if op == "and" else sympy.Or)(expr_to_sympy(x), expr_to_sympy(y))
        case et.Not(x):
            return sympy.Not(expr_to_sympy(x))
        case et.IfElse(c, x, y):
            cond, a, b = expr_to_sympy(c), expr_to_sympy(x), expr_to_sympy(y)
            return sympy.ITE(cond, a, b) if et.top_kind(e) == "boolean" else sympy.Piecewise(
                (a, cond), (b, True))
    raise TypeError(f"not an expression: {e!r}")


def to_sympy(f: Formula) -> Sym:
    """The whole formula as one sympy ``Piecewise`` (first true condition wins, as in scoring)."""
    return sympy.Piecewise(*[
        (expr_to_sympy(c.then), sympy.true if c.when is None else expr_to_sympy(c.when))
        for c in f.cases])


# ---------------------------------------------------------------- symbolic prover

_RULES = {  # sign of n/d from the signs of n and d
    "nonnegative": (("nonnegative", "positive"), ("nonpositive", "negative")),
    "positive": (("positive", "positive"), ("negative", "negative")),
    "negative": (("negative", "positive"), ("positive", "negative")),
    "nonpositive": (("nonpositive", "positive"), ("nonnegative", "negative")),
    "nonzero": (("nonzero", "nonzero"),), "zero": (("zero", "nonzero"),),
}


@functools.lru_cache(maxsize=8192)
def _is(e: Sym, prop: str) -> bool:
    """Whether sympy can show ``e`` has a sign property (after putting it over one denominator)."""
    if getattr(e, "is_" + prop) is True:
        return True
    num, den = sympy.fraction(sympy.cancel(sympy.together(e)))
    return any(getattr(n, "is_" + pn) is True and getattr(den, "is_" + pd) is True
               for n in (form(num) for form in (sympy.expand, sympy.factor))
               for pn, pd in _RULES[prop])


def _contradicts(d: Sym, op: str) -> bool:
    return _is(d, {">=": "negative", ">": "nonpositive", "==": "nonzero"}[op])


def _eliminations(d: Sym, op: str) -> list[tuple[Sym, Sym, bool]]:
    """Ways to use ``d op 0`` as a substitution ``v = (slack - rest) / coefficient``, each
    flagged whether the substitution keeps ``v``'s own sign (then nothing is lost)."""
    options = []
    for v in sorted(d.free_symbols, key=sympy.default_sort_key):
        coef = sympy.diff(d, v)
        if v in coef.free_symbols or not (_is(coef, "positive") or _is(coef, "negative")):
            continue
        sign = {"positive": True} if op == ">" else {"nonnegative": True}
        slack = 0 if op == "==" else sympy.Dummy("s", **sign)
        sol = sympy.cancel((slack - d.subs(v, 0)) / coef)
        need = "positive" if v.is_positive else "nonnegative" if v.is_nonnegative else None
        options.append((v, sol, need is None or _is(sol, need)))
    return options


def _holds(goal: Sym, kind: str) -> bool:
    if kind == "eq":
        return _is(goal, "zero") or sympy.simplify(goal) == 0
    if _is(goal, "nonnegative"):
        return True
    if len(goal.free_symbols) != 1:
        return False
    (x,) = goal.free_symbols
    where = (sympy.Interval.open(0, sympy.oo) if x.is_positive else
             sympy.Interval(0, sympy.oo) if x.is_nonnegative else sympy.S.Reals)
    try:
        return bool(sympy.solveset(goal < 0, x, where) == sympy.S.EmptySet)
    except (NotImplementedError, TypeError, ValueError):
        return False


def _search(goal: Sym, kind: str, atoms: list[Atom], dropped: list[Atom], tries: list[int]) -> bool:
    """Depth-first over which variable each constraint eliminates (or whether it is dropped)."""
    if not atoms:
        tries[0] += 1
        return any(_contradicts(d, op) for d, op in dropped) or _holds(goal, kind)
    (d, op), rest = atoms[0], atoms[1:]
    if _contradicts(d, op):
        return True
    if _is(d, {">=": "nonnegative", ">": "positive", "==": "zero"}[op]):
        return _search(goal, kind, rest, dropped, tries)
    options = _eliminations(d, op)
    implied = [o for o in options if o[2]]
    for choice in [*implied, None, *[o for o in options if not o[2]]]:
        if tries[0] >= _MAX_ATTEMPTS:
            return False
        if choice is None:
            found = _search(goal, kind, rest, [*dropped, (d, op)], tries)
        else:
            sub = {choice[0]: choice[1]}
            found = _search(goal.xreplace(sub), kind, [(a.xreplace(sub), o) for a, o in rest],
                            [(a.xreplace(sub), o) for a, o in dropped], tries)
        if found:
            return True
    return False


def _leaves(e: Sym) -> list[tuple[Sym, list[Sym]]]:
    """Split min/max/abs/piecewise into smooth pieces, each with the condition it holds under."""
    found = [n for n in sympy.preorder_traversal(e)
             if isinstance(n, sympy.Min | sympy.Max | sympy.Abs | sympy.Piecewise)]
    if not found:
        return [(e, [])]
    node = found[-1]  # preorder: the last one has no non-smooth part inside
    options: list[tuple[Sym, Sym]] = []
    if isinstance(node, sympy.Abs):
        options = [(node.args[0], node.args[0] >= 0), (-node.args[0], node.args[0] < 0)]
    elif isinstance(node, sympy.Piecewise):
        conds = [c for _, c in node.args]
        options = [(x, sympy.And(c, *map(sympy.Not, conds[:i])))
                   for i, (x, c) in enumerate(node.args)]
    else:
        lt, le = (sympy.Lt, sympy.Le) if isinstance(node, sympy.Min) else (sympy.Gt, sympy.Ge)
        args = node.args
        options = [(a, sympy.And(*[lt(a, b) for b in args[:i]], *[le(a, b) for b in args[i + 1:]]))
                   for i, a in enumerate(args)]
    out = [(x, [c, *cs]) for value, c in options for x, cs in _leaves(e.xreplace({node: value}))]
    if len(out) > _MAX_LEAVES:
        raise OverflowError(f"more than {_MAX_LEAVES} smooth pieces")
    return out


def _atoms(conjunction: Sym) -> list[Atom] | None:
    """A conjunction as constraints ``d op 0``; None if it is false. Unusable parts are dropped."""
    out: list[Atom] = []
    for c in conjunction.args if isinstance(conjunction, sympy.And) else [conjunction]:
        if c is sympy.false:
            return None
        if isinstance(c, sympy.Ge | sympy.Gt | sympy.Eq):
            out.append((c.lhs - c.rhs, {sympy.Ge: ">=", sympy.Gt: ">", sympy.Eq: "=="}[type(c)]))
        elif isinstance(c, sympy.Le | sympy.Lt):
            out.append((c.rhs - c.lhs, ">=" if isinstance(c, sympy.Le) else ">"))
    return out


def _prove(goal: Sym, kind: str, region: list[Sym], bounds: tuple[list[Atom], list[Atom]]) -> bool:
    """Prove ``goal >= 0`` (kind ge) or ``goal == 0`` (kind eq) wherever ``region`` holds."""
    for leaf, conds in _leaves(goal):
        dnf = sympy.to_dnf(sympy.And(*region, *conds))
        for disjunct in dnf.args if isinstance(dnf, sympy.Or) else [dnf]:
            atoms = _atoms(disjunct)
            if atoms is not None and not _search(
                    leaf, kind, [*bounds[0], *atoms, *bounds[1]], [], [0]):
                return False
    return True


def _domain_atoms(domain: Domain, syms: Sequence[tuple[str, Sym]]) -> tuple[list[Atom], list[Atom]]:
    """The domain as constraints: lower bounds (used first) and upper bounds (used last)."""
    lower: list[Atom] = []
    upper: list[Atom] = []
    for name, s in syms:
        lo, hi = domain.bounds.get(name, (None, None))
        if name in domain.positive:
            lower.append((s, ">"))
        if lo is not None:
            lower.append((s - sympy.Rational(lo.numerator, lo.denominator), ">="))
        if hi is not None:
            upper.append((sympy.Rational(hi.numerator, hi.denominator) - s, ">="))
    return lower, upper


_Goal: TypeAlias = tuple[str, Sym, str, list[Sym], tuple[list[Atom], list[Atom]]]
_HOW = {"non-negative": "score ≥ 0 on each of {n} cases",
        "bounded": "score ≤ weight on each of {n} cases",
        "monotone": "score(a1) vs score(a2) for a1 ≤ a2 on all {n} ordered pairs of cases",
        "full-when-met": "score = weight wherever 'met' holds, on each of {n} cases"}


def _goals(f: Formula, domain: Domain, weight: str, actual: str, increasing: bool,
           met: Expr | None) -> dict[str, list[_Goal]]:
    """Per property: (label, goal, ge|eq, conditions, domain constraints) to prove."""
    pieces: list[tuple[str, Sym, list[Sym]]] = []
    earlier: list[Sym] = []
    for case in f.cases:
        when = sympy.true if case.when is None else expr_to_sympy(case.when)
        pieces.append((case.branch, expr_to_sympy(case.then), [*map(sympy.Not, earlier), when]))
        earlier.append(when)
    syms = {n: symbol(n) for n in f.inputs}
    w, a, later = syms[weight], syms[actual], sympy.Dummy(actual + "2", real=True)
    bounds = _domain_atoms(domain, list(syms.items()))
    both = _domain_atoms(domain, [*syms.items(), (actual, later)])
    goals: dict[str, list[_Goal]] = {
        "non-negative": [(b, x, "ge", c, bounds) for b, x, c in pieces],
        "bounded": [(b, w - x, "ge", c, bounds) for b, x, c in pieces], "monotone": []}
    for (b1, x1, c1), (b2, x2, c2) in itertools.product(pieces, repeat=2):
        step = (x2.xreplace({a: later}) - x1) * (1 if increasing else -1)
        region = [*c1, *(c.xreplace({a: later}) for c in c2), sympy.Ge(later, a)]
        goals["monotone"].append((f"{b1} → {b2}", step, "ge", region, both))
    if met is not None:
        region_met = expr_to_sympy(met)
        goals["full-when-met"] = [(b, x - w, "eq", [*c, region_met], bounds) for b, x, c in pieces]
    return goals


def _symbolic(goals: dict[str, list[_Goal]]) -> dict[str, tuple[bool, str]]:
    """Per property: whether sympy proved it, and how (or where it got stuck)."""
    out = {}
    for prop, items in goals.items():
        out[prop] = (True, "proved with sympy: " + _HOW[prop].format(n=len(items)))
        for label, goal, kind, region, bounds in items:
            try:
                if not _prove(goal, kind, region, bounds):
                    out[prop] = (False, f"no symbolic proof for case {label!r}")
                    break
            except _SYMPY_FAILURES as err:
                out[prop] = (False, f"no symbolic proof for case {label!r} ({err})")
                break
    return out


# ---------------------------------------------------------------- the check


def check_formula(f: Formula, domain: Domain, *, weight: str = "weight", actual: str = "actual",
                  direction: Literal["increasing", "decreasing"],
                  met: Expr | None = None) -> list[PropertyResult]:
    """Check non-negative, bounded (≤ weight), monotone in ``actual`` and (if ``met`` is given)
    full-when-met; each is proved by sympy, refuted with an exact counterexample, or unproved."""
    if weight not in f.inputs or actual not in f.inputs:
        raise ValueError(f"formula {f.name!r} must take inputs {weight!r} and {actual!r}")
    if met is not None and (et.top_kind(met) != "boolean" or not et.names_in(met) <= set(f.inputs)):
        raise ValueError(f"'met' must be a condition over the inputs of {f.name!r}")
    increasing = direction == "increasing"
    try:
        symbolic = _symbolic(_goals(f, domain, weight, actual, increasing, met))
    except _SYMPY_FAILURES as err:  # e.g. a comparison with a literal division by zero
        why = (False, f"no symbolic proof: sympy could not take the formula ({err})")
        symbolic = {p: why for p in PROPERTIES if met is not None or p != "full-when-met"}
    found, tried, failed = find_counterexamples(f, domain, weight, actual, increasing, met)
    note = f"no counterexample among {tried} exact sample points"
    note += f" ({failed} could not be scored, e.g. division by zero)" if failed else ""
    results = []
    for prop in [p for p in PROPERTIES if p in symbolic]:
        proved, how = symbolic[prop]
        if prop in found:
            point, score, text = found[prop]
            text += "; the symbolic proof claimed otherwise, which is a bug" if proved else ""
            results.append(PropertyResult(prop, "refuted", text, point, score))
        else:
            status: Status = "proved" if proved else "unproved"
            results.append(PropertyResult(prop, status, f"{how}; {note}", None, None))
    return results

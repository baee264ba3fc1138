"""Proofs that a scoring formula behaves: never negative, never above the weight, monotone in
the actual value, and full marks wherever the target is met.

Each property is attempted twice. Symbolically: the formula is built as sympy objects from its
AST (never from strings), split into smooth pieces (cases, min/max/abs branches), and on each
piece the goal ``g ≥ 0`` (or ``g = 0``) is proved under the piece's conditions and the input
domain by eliminating variables with slack substitutions (``actual < target`` becomes
``target = actual + s, s > 0``) until sympy's sign assumptions decide it. Monotonicity compares
every pair of pieces at two actual values ``a1 ≤ a2``, so jumps between cases are covered.
Concretely: a deterministic search over exact rational points (domain bounds, case boundaries,
a grid, seeded random rationals) looks for a counterexample; a refutation always carries one.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import sympy

from scoring import expr as ex
from scoring.errors import FormulaEvaluationError
from scoring.expr import Expr, Formula

Sym: TypeAlias = Any  # a sympy object; sympy ships no type information
Status: TypeAlias = Literal["proved", "refuted", "unproved"]
Atom: TypeAlias = tuple[Sym, str]  # (d, op): the constraint ``d op 0``, op one of >= > ==
Point: TypeAlias = dict[str, Fraction]
PROPERTIES = ("non-negative", "bounded", "monotone", "full-when-met")
_EPS = (Fraction(1, 1000), Fraction(1, 10**6))
_AROUND = (Fraction(0), *_EPS, *(-e for e in _EPS))  # offsets tried around a boundary
_MAX_LEAVES, _MAX_ATTEMPTS, _SEED = 64, 24, 20240601
_SYMPY_FAILURES = (OverflowError, NotImplementedError, TypeError, ValueError, sympy.PolynomialError)


@dataclass(frozen=True)
class Domain:
    """Where the inputs live: inclusive ``(lo, hi)`` bounds (None = unbounded) and the inputs
    that are strictly positive."""

    bounds: Mapping[str, tuple[Fraction | None, Fraction | None]]
    positive: frozenset[str] = frozenset()

    def admits(self, name: str, value: Fraction) -> bool:
        """Whether one input value lies in the domain."""
        lo, hi = self.bounds.get(name, (None, None))
        return ((lo is None or value >= lo) and (hi is None or value <= hi)
                and (name not in self.positive or value > 0))


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
        case ex.Num(value):
            return sympy.Rational(value.numerator, value.denominator)
        case ex.Var(name):
            return symbol(name)
        case ex.Unary(_, x):
            return -expr_to_sympy(x)
        case ex.Binary(op, x, y):
            a, b = expr_to_sympy(x), expr_to_sympy(y)
            ops = {"+": sympy.Add, "*": sympy.Mul, "-": lambda a, b: sympy.Add(a, -b),
                   "/": lambda a, b: sympy.Mul(a, sympy.Pow(b, -1)), "^": sympy.Pow}
            return ops[op](a, b)
        case ex.Call(fn, args):
            return {"min": sympy.Min, "max": sympy.Max, "abs": sympy.Abs}[fn](
                *map(expr_to_sympy, args))
        case ex.Compare(op, x, y):
            return _RELATIONS[op](expr_to_sympy(x), expr_to_sympy(y))
        case ex.BoolOp(op, x, y):
            return (sympy.And if op == "and" else sympy.Or)(expr_to_sympy(x), expr_to_sympy(y))
        case ex.Not(x):
            return sympy.Not(expr_to_sympy(x))
        case ex.IfElse(c, x, y):
            cond, a, b = expr_to_sympy(c), expr_to_sympy(x), expr_to_sympy(y)
            return sympy.ITE(cond, a, b) if ex.top_kind(e) == "boolean" else sympy.Piecewise(
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


# ---------------------------------------------------------------- counterexample search

_GRID = tuple(map(Fraction, ("0", "0.001", "0.1", "0.5", "1", "1.5", "2", "3", "10", "100",
                             "1000", "-0.5", "-1", "-10")))


def _constants(e: Expr) -> Iterator[Fraction]:
    if isinstance(e, ex.Num):
        yield e.value
    for c in ex.children(e):
        yield from _constants(c)


def _kinks(e: Expr) -> Iterator[Expr]:
    """Differences that are zero where the formula switches case or branch (or divides by 0)."""
    match e:
        case ex.Compare(_, x, y):
            yield ex.Binary("-", x, y)
        case ex.Call("abs", (x,)) | ex.Binary("/", _, x):
            yield x
        case ex.Call(_, args):
            yield from (ex.Binary("-", x, y) for x, y in itertools.combinations(args, 2))
    for c in ex.children(e):
        yield from _kinks(c)


def _number_fn(e: Expr) -> Callable[[Point], Fraction | None]:
    fn = ex.compile_expr(e)

    def value(point: Point) -> Fraction | None:
        try:
            v = fn(point)
        except FormulaEvaluationError:
            return None
        return None if isinstance(v, bool) else v

    return value


def _root(diff: Callable[[Point], Fraction | None], p: Point, name: str) -> Fraction | None:
    """Where ``diff`` vanishes as ``name`` varies, if it is linear in ``name`` around ``p``."""
    g1, g2 = diff({**p, name: Fraction(1)}), diff({**p, name: Fraction(2)})
    if g1 is None or g2 is None or g1 == g2:
        return None
    r = 1 - g1 / (g2 - g1)
    return r if diff({**p, name: r}) == 0 else None


class _Sampler:
    """Deterministic exact sample points inside a domain, dense near case boundaries."""

    def __init__(self, f: Formula, domain: Domain, extra: Sequence[Expr]) -> None:
        exprs = [*extra, *(x for c in f.cases for x in (c.when, c.then) if x is not None)]
        consts = list(dict.fromkeys(v for x in exprs for v in _constants(x)))
        self.f, self.domain, self.rng = f, domain, random.Random(_SEED)
        self.pools = {n: self._pool(n, consts) for n in f.inputs}
        self.kinks = [(_number_fn(k), ex.names_in(k)) for x in exprs for k in _kinks(x)]

    def _pool(self, name: str, consts: list[Fraction]) -> list[Fraction]:
        lo, hi = self.domain.bounds.get(name, (None, None))
        ends = [v + d for v in (lo, hi) if v is not None for d in _AROUND[::2]]
        near = [c + d for c in consts for d in (*_AROUND, Fraction(1), Fraction(-1))]
        values = [v for v in dict.fromkeys([*_GRID, *ends, *near]) if self.domain.admits(name, v)]
        if not values:
            raise ValueError(f"the domain of {name!r} has no sample values")
        return values

    def _random(self, name: str) -> Fraction:
        lo, hi = self.domain.bounds.get(name, (None, None))
        low = lo if lo is not None else Fraction(-100)
        high = hi if hi is not None else max(low + 1000, Fraction(1000))
        v = low + (high - low) * Fraction(self.rng.randint(0, 3000), 3000)
        return v if self.domain.admits(name, v) else self.rng.choice(self.pools[name])

    def base(self) -> list[Point]:
        """A grid over spread-out pool values, then seeded random points."""
        names = self.f.inputs
        per = max(2, int(1200 ** (1 / max(1, len(names)))))
        spread = []
        for n in names:
            pool = sorted(self.pools[n])
            picks = {pool[round(i * (len(pool) - 1) / (per - 1))] for i in range(per)}
            spread.append(sorted(picks))
        grid = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*spread)]
        grid.sort(key=lambda p: sum(len(str(v)) for v in p.values()))  # plain values first
        return grid + [{n: self._random(n) for n in names} for _ in range(800)]

    def near_kinks(self, p: Point, only: str | None = None) -> Iterator[Point]:
        """Points next to where a case boundary crosses ``p`` along one input."""
        for diff, names in self.kinks:
            for n in sorted(names) if only is None else [only] if only in names else []:
                r = _root(diff, p, n)
                for v in () if r is None else (r + d for d in _AROUND):
                    if self.domain.admits(n, v):
                        yield {**p, n: v}


def _fmt(p: Mapping[str, Fraction]) -> str:
    return ", ".join(f"{k}={v}" for k, v in p.items())


def _score(f: Formula, p: Point) -> Fraction | None:
    try:
        return f.evaluate(p)[0]
    except FormulaEvaluationError:
        return None


def _met_at(met: Callable[[Point], Fraction | bool], p: Point) -> bool:
    try:
        return met(p) is True
    except FormulaEvaluationError:
        return False


def _monotone_break(f: Formula, sampler: _Sampler, bases: list[Point], actual: str,
                    increasing: bool) -> tuple[Point, Fraction, str] | None:
    """Walk ``actual`` upwards from each base point (plain values first) and report a wrong step."""
    for base in bases:
        values = set(sampler.pools[actual]) | {q[actual] for q in sampler.near_kinks(base, actual)}
        for walk in ([v for v in values if len(str(v)) <= 4], list(values)):
            scores = [(v, _score(f, {**base, actual: v})) for v in sorted(walk)]
            scored = [(v, s) for v, s in scores if s is not None]
            for (v1, s1), (v2, s2) in itertools.pairwise(scored):
                if s2 < s1 if increasing else s2 > s1:
                    where = _fmt({k: x for k, x in base.items() if k != actual})
                    text = (f"score {'falls' if increasing else 'rises'} from {s1} at {actual}={v1}"
                            f" to {s2} at {actual}={v2} ({where})")
                    return {**base, actual: v2}, s2, text
    return None


def _counterexamples(f: Formula, domain: Domain, weight: str, actual: str, increasing: bool,
                     met: Expr | None) -> tuple[dict[str, tuple[Point, Fraction, str]], int, int]:
    """The first counterexample per property, the number of points tried and of points failed."""
    sampler = _Sampler(f, domain, [] if met is None else [met])
    base = sampler.base()
    points = base + [q for p in base[::7] for q in sampler.near_kinks(p)]
    met_fn = None if met is None else ex.compile_expr(met)
    found: dict[str, tuple[Point, Fraction, str]] = {}
    failed = 0
    for p in points:
        score = _score(f, p)
        if score is None:
            failed += 1
            continue
        w, at = p[weight], _fmt(p)
        checks = [("non-negative", score < 0, f"score {score} is negative at {at}"),
                  ("bounded", score > w, f"score {score} exceeds the weight {w} at {at}")]
        if met_fn is not None and met is not None:
            text = f"target met ({ex.to_display(met)}) but score {score} ≠ weight {w} at {at}"
            checks.append(("full-when-met", score != w and _met_at(met_fn, p), text))
        for prop, broken, text in checks:
            if broken and prop not in found:
                found[prop] = (p, score, text)
    drop = _monotone_break(f, sampler, base[::8], actual, increasing)
    if drop is not None:
        found["monotone"] = drop
    return found, len(points), failed


# ---------------------------------------------------------------- the check


def check_formula(f: Formula, domain: Domain, *, weight: str = "weight", actual: str = "actual",
                  direction: Literal["increasing", "decreasing"],
                  met: Expr | None = None) -> list[PropertyResult]:
    """Check non-negative, bounded (≤ weight), monotone in ``actual`` and (if ``met`` is given)
    full-when-met; each is proved by sympy, refuted with an exact counterexample, or unproved."""
    if weight not in f.inputs or actual not in f.inputs:
        raise ValueError(f"formula {f.name!r} must take inputs {weight!r} and {actual!r}")
    if met is not None and (ex.top_kind(met) != "boolean" or not ex.names_in(met) <= set(f.inputs)):
        raise ValueError(f"'met' must be a condition over the inputs of {f.name!r}")
    increasing = direction == "increasing"
    try:
        symbolic = _symbolic(_goals(f, domain, weight, actual, increasing, met))
    except _SYMPY_FAILURES as err:  # e.g. a comparison with a literal division by zero
        why = (False, f"no symbolic proof: sympy could not take the formula ({err})")
        symbolic = {p: why for p in PROPERTIES if met is not None or p != "full-when-met"}
    found, tried, failed = _counterexamples(f, domain, weight, actual, increasing, met)
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

"""Counterexamples to a scoring formula's properties, found by a deterministic exact search.

The search runs over exact rational points: domain bounds, case boundaries (where a comparison,
``abs``, ``min``/``max`` or a division switches), a grid and seeded random rationals. It needs
no sympy; scoring/proofs.py pairs it with the symbolic proofs.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias

from scoring.errors import FormulaEvaluationError
from scoring.formula import evaluate as ex
from scoring.formula import tree as et
from scoring.formula.evaluate import Formula
from scoring.formula.tree import Expr

__all__ = [
    "Domain",
    "Point",
    "find_counterexamples",
]

# One point of the input space: a value for every input of a formula.
Point: TypeAlias = dict[str, Fraction]
_EPS = (Fraction(1, 1000), Fraction(1, 10**6))
_AROUND = (Fraction(0), *_EPS, *(-e for e in _EPS))  # offsets tried around a boundary
_SEED = 20240601


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


_GRID = tuple(map(Fraction, ("0", "0.001", "0.1", "0.5", "1", "1.5", "2", "3", "10", "100",
                             "1000", "-0.5", "-1", "-10")))


def _constants(e: Expr) -> Iterator[Fraction]:
    if isinstance(e, et.Num):
        yield e.value
    for c in et.children(e):
        yield from _constants(c)


def _kinks(e: Expr) -> Iterator[Expr]:
    """Differences that are zero where the formula switches case or branch (or divides by 0)."""
    match e:
        case et.Compare(_, x, y):
            yield et.Binary("-", x, y)
        case et.Call("abs", (x,)) | et.Binary("/", _, x):
            yield x
        case et.Call(_, args):
            yield from (et.Binary("-", x, y) for x, y in itertools.combinations(args, 2))
    for c in et.children(e):
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
        self.kinks = [(_number_fn(k), et.names_in(k)) for x in exprs for k in _kinks(x)]

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


def find_counterexamples(f: Formula, domain: Domain, weight: str, actual: str, increasing: bool,
                     met: Expr | None) -> tuple[dict[str, tuple[Point, Fraction, str]], int, int]:
    """Search exact sample points for the first counterexample to each property.

    Returns the counterexamples by property, the number of points tried and of points failed."""
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
            text = f"target met ({et.to_display(met)}) but score {score} ≠ weight {w} at {at}"
            checks.append(("full-when-met", score != w and _met_at(met_fn, p), text))
        for prop, broken, text in checks:
            if broken and prop not in found:
                found[prop] = (p, score, text)
    drop = _monotone_break(f, sampler, base[::8], actual, increasing)
    if drop is not None:
        found["monotone"] = drop
    return found, len(points), failed

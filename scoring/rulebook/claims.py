"""What a rulebook formula claims: its domain, its direction, and when the target is met.

Every formula in a rulebook declares where it is meant to behave::

    domain: weight > 0 and target >= 0 and actual >= 0    # bounds on the inputs, joined by `and`
    direction: increasing                                 # in `monotone_in` (default: actual)
    met: actual >= target                                 # there the score is `score_max`

and may add further ``regions`` with their own domain, direction and met. Claims are parsed
here with the formula grammar (scoring/grammar.py), so scoring can test at run time that its
inputs lie inside a declared domain without sympy. Checking the claims is scoring/rulecheck.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Protocol

from scoring.errors import FormulaError, FormulaEvaluationError
from scoring.formula import evaluate as ex
from scoring.formula import grammar as eg
from scoring.formula import tree as et
from scoring.formula.tree import Expr

__all__ = ["Bound", "Claim", "ClaimText", "Direction", "FormulaClaims", "parse_claims"]

# Which way a score moves as the input it is monotone in grows.
Direction = Literal["increasing", "decreasing"]
Bound = tuple[str, Fraction | None, Fraction | None, bool]
"""One input's bounds: name, inclusive lower, inclusive upper, strictly positive."""


class ClaimText(Protocol):
    """One region of a formula's claims as written: domain, direction and met, as text."""

    @property
    def domain(self) -> str: ...
    @property
    def direction(self) -> Direction: ...
    @property
    def met(self) -> str: ...


class FormulaClaims(ClaimText, Protocol):
    """A formula's claims as written in a rulebook (the shape of its ``FormulaSpec``)."""

    @property
    def inputs(self) -> tuple[str, ...]: ...
    @property
    def score_max(self) -> str: ...
    @property
    def monotone_in(self) -> str: ...
    @property
    def regions(self) -> Sequence[ClaimText]: ...


@dataclass(frozen=True)
class Claim:
    """One region where a formula claims to behave: its domain, direction and met condition."""

    formula: str
    region: int
    domain_text: str
    domain: Expr
    bounds: tuple[Bound, ...]
    direction: Direction
    met_text: str
    met: Expr
    score_max: str
    monotone_in: str

    def admits(self, env: Mapping[str, Fraction]) -> bool:
        """Whether the inputs lie inside this claim's domain."""
        test = self.__dict__.get("_test")
        if test is None:  # compiled once: every quantitative row of every form asks
            test = self.__dict__["_test"] = ex.compile_expr(self.domain)
        try:
            return test(env) is True
        except FormulaEvaluationError:
            return False

    def describe(self) -> str:
        """The claim in one line, as ``rules check`` and ``rules show`` print it."""
        return (f"over {self.domain_text}: {self.direction} in {self.monotone_in}, "
                f"full {self.score_max} when {self.met_text}")


# ---------------------------------------------------------------- parsing claims


def _constant(e: Expr) -> Fraction | None:
    if isinstance(e, et.Num):
        return e.value
    if isinstance(e, et.Unary) and isinstance(e.operand, et.Num):
        return -e.operand.value
    return None


_MIRROR = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "=="}


def _atoms(e: Expr) -> Iterator[Expr]:
    if isinstance(e, et.BoolOp) and e.op == "and":
        yield from _atoms(e.left)
        yield from _atoms(e.right)
    else:
        yield e


def _bound_of(atom: Expr, text: str) -> tuple[str, str, Fraction]:
    """``name op number`` from one comparison of the domain (a number on the left is mirrored)."""
    shape = "each part of a domain must compare one input with a number, e.g. 'actual >= 0'"
    if not isinstance(atom, et.Compare):
        raise FormulaError(text, 0, f"{shape}; found {et.to_text(atom)!r}")
    left, op, right = atom.left, atom.op, atom.right
    if isinstance(right, et.Var) and _constant(left) is not None:
        left, op, right = right, _MIRROR.get(op, op), left
    value = _constant(right)
    if not isinstance(left, et.Var) or value is None:
        raise FormulaError(text, 0, f"{shape}; found {et.to_text(atom)!r}")
    if op in ("<", "!=") or (op == ">" and value != 0):
        raise FormulaError(text, 0, f"{et.to_text(atom)!r}: a domain takes >=, <=, == "
                           "and '> 0' only (inclusive bounds, or strictly positive)")
    return left.name, op, value


def _bounds(domain: Expr, text: str, inputs: Sequence[str]) -> tuple[Bound, ...]:
    lows: dict[str, Fraction] = {}
    highs: dict[str, Fraction] = {}
    positive: set[str] = set()
    for atom in _atoms(domain):
        name, op, value = _bound_of(atom, text)
        if op in (">=", "=="):
            lows[name] = max(lows.get(name, value), value)
        if op in ("<=", "=="):
            highs[name] = min(highs.get(name, value), value)
        if op == ">":
            positive.add(name)
    out = []
    for name in inputs:
        lo, hi = lows.get(name), highs.get(name)
        empty = (lo is not None and hi is not None and lo > hi) or (
            name in positive and hi is not None and hi <= 0)
        if empty:
            raise FormulaError(text, 0, f"the domain leaves no value for {name!r}")
        out.append((name, lo, hi, name in positive))
    return tuple(out)


def _condition(text: str, inputs: Sequence[str], what: str) -> Expr:
    e = eg.parse_expr_text(text, inputs)
    if et.top_kind(e) != "boolean":
        raise FormulaError(text, 0, f"{what} must be a condition, e.g. 'actual >= target'")
    return e


def parse_claims(name: str, spec: FormulaClaims) -> tuple[Claim, ...]:
    """The formula's claims, parsed with its input names; a FormulaError names what is wrong."""
    for role in ("score_max", "monotone_in"):
        value = getattr(spec, role)
        if value not in spec.inputs:
            raise FormulaError(value, 0, f"{role} {value!r} is not one of the inputs "
                               f"{', '.join(spec.inputs)}")
    claims = []
    for i, region in enumerate((spec, *spec.regions)):
        domain = _condition(region.domain, spec.inputs, "domain")
        met = _condition(region.met, spec.inputs, "met")
        claims.append(Claim(name, i, region.domain, domain, _bounds(domain, region.domain,
                                                                     spec.inputs),
                            region.direction, region.met, met, spec.score_max, spec.monotone_in))
    return tuple(claims)

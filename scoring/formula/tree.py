"""Formula expression trees: node types, structure queries, the operator table and printing.

Trees are built by the parser in scoring/grammar.py and evaluated by scoring/expr.py (the public
home of the whole expression API). Printing gives back text the parser reads as an equal tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

__all__ = [
    "COMPARISONS",
    "INFIX",
    "Binary",
    "BoolOp",
    "Call",
    "Compare",
    "Expr",
    "IfElse",
    "Kind",
    "Not",
    "Num",
    "Unary",
    "Var",
    "children",
    "names_in",
    "to_display",
    "to_text",
    "top_kind",
]

# The comparison operators of the grammar (a comparison yields a condition, never a number).
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal, kept exact."""
    value: Fraction


@dataclass(frozen=True, slots=True)
class Var:
    """A whitelisted input name such as ``weight``."""
    name: str


@dataclass(frozen=True, slots=True)
class Unary:
    """Unary minus (``op`` is always ``-``)."""
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic ``+ - * / ^``; for ``^`` the right side is an integer ``Num``."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Call:
    """A call of ``min`` or ``max`` (2+ arguments) or ``abs`` (1 argument)."""
    fn: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    """One comparison ``left op right`` of two numbers; chains are not part of the grammar."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class BoolOp:
    """``left and right`` or ``left or right`` of two conditions, short-circuiting."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Not:
    """Logical negation of a condition."""
    operand: Expr


@dataclass(frozen=True, slots=True)
class IfElse:
    """``if cond then then else orelse``; only the branch taken is evaluated."""
    cond: Expr
    then: Expr
    orelse: Expr


Expr: TypeAlias = Num | Var | Unary | Binary | Call | Compare | BoolOp | Not | IfElse
"""Any node of a formula expression tree."""
Kind: TypeAlias = Literal["number", "boolean"]
"""What an expression yields: a number, or a condition."""


def children(e: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node, left to right."""
    match e:
        case Unary(_, x) | Not(x):
            return (x,)
        case Binary(_, x, y) | Compare(_, x, y) | BoolOp(_, x, y):
            return (x, y)
        case Call(_, args):
            return args
        case IfElse(c, x, y):
            return (c, x, y)
    return ()


def names_in(e: Expr) -> frozenset[str]:
    """The input names an expression uses."""
    if isinstance(e, Var):
        return frozenset((e.name,))
    return frozenset().union(*map(names_in, children(e)))


def top_kind(e: Expr) -> Kind:
    """Whether a well-typed expression yields a number or a condition, judged from its top."""
    while isinstance(e, IfElse):
        e = e.then
    return "boolean" if isinstance(e, Compare | BoolOp | Not) else "number"


# Infix operator -> (binding power, operand kind, result kind), shared by the parser and the
# printer; comparisons do not chain.
INFIX: dict[str, tuple[int, Kind, Kind]] = {
    "or": (1, "boolean", "boolean"), "and": (2, "boolean", "boolean"),
    **{op: (4, "number", "boolean") for op in COMPARISONS},
    "+": (5, "number", "number"), "-": (5, "number", "number"),
    "*": (6, "number", "number"), "/": (6, "number", "number"),
}


# ---------------------------------------------------------------- printing

_IF, _OR, _AND, _NOT, _CMP_P, _ADD, _MUL, _NEG, _POW, _ATOM = range(10)
_PRETTY = {"*": "×", "/": "÷", ">=": "≥", "<=": "≤", "!=": "≠", "==": "="}


def _number_text(v: Fraction) -> str:
    if v < 0:
        return f"(-{_number_text(-v)})"
    d, twos, fives = v.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return f"({v.numerator} / {v.denominator})"
    k = max(twos, fives)
    digits = str(v.numerator * 10**k // v.denominator).rjust(k + 1, "0")
    return f"{digits[:-k]}.{digits[-k:]}" if k else digits


def _show(e: Expr, pretty: bool) -> tuple[str, int]:
    def sub(x: Expr, least: int) -> str:
        text, prec = _show(x, pretty)
        return text if prec >= least else f"({text})"

    def sym(op: str) -> str:
        return _PRETTY.get(op, op) if pretty else op

    match e:
        case Num(value):
            return _number_text(value), _ATOM
        case Var(name):
            return name, _ATOM
        case Unary(_, x):
            return "-" + sub(x, _NEG), _NEG
        case Binary("^", x, Num(n)):
            return (f"{sub(x, _ATOM)}^{n}" if pretty else f"{sub(x, _ATOM)} ^ {n}"), _POW
        case Binary(op, x, y) | Compare(op, x, y) | BoolOp(op, x, y):
            prec = INFIX[op][0]
            left, right = (_ADD, _ADD) if prec == _CMP_P else (prec, prec + 1)
            return f"{sub(x, left)} {sym(op)} {sub(y, right)}", prec
        case Call(fn, args):
            return f"{fn}({', '.join(sub(a, _IF) for a in args)})", _ATOM
        case Not(x):
            return "not " + sub(x, _NOT), _NOT
        case IfElse(c, x, y):
            return f"if {sub(c, _OR)} then {sub(x, _OR)} else {sub(y, _IF)}", _IF
    raise TypeError(f"not an expression: {e!r}")


def to_text(e: Expr) -> str:
    """Canonical source text; parsing it gives back an equal tree."""
    return _show(e, pretty=False)[0]


def to_display(e: Expr) -> str:
    """Human-readable text for traces, with × ÷ ≥ ≤ ≠."""
    return _show(e, pretty=True)[0]

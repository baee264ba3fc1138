"""The small part of the spreadsheet formula language a form uses, evaluated exactly.

A form's formula cells compute a rate or a score from other cells: numbers, references
(``C6``, ``$C$6``, ranges in SUM/MIN/MAX), ``+ - * / ^ %``, comparisons, and ROUND, ROUNDUP,
ROUNDDOWN, SUM, MIN, MAX, ABS, IF, AND, OR, NOT, ISNUMBER, IFERROR. A formula outside that is
not evaluated (``None``). The text is tokenised and parsed here, never evaluated as code;
the depth and length are bounded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from scoring.io.grid import Grid

__all__ = ["evaluate_formula"]

Value = Fraction | bool | str | None
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|(?P<ref>\$?[A-Z]{1,3}\$?\d+"
    r"(?::\$?[A-Z]{1,3}\$?\d+)?)|(?P<fn>[A-Z][A-Z0-9.]*)\(|(?P<str>\"[^\"]*\")"
    r"|(?P<op><>|>=|<=|[-+*/^%(),=<>&]))"
)
MAX_LENGTH = 2000


class _Unsupported(Exception):
    pass


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cell_ref(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", text)
    assert m is not None
    return int(m.group(2)), _col(m.group(1))


class _Parser:
    def __init__(self, text: str, grid: Grid) -> None:
        self.tokens = self._tokens(text)
        self.pos = 0
        self.grid = grid

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None or m.lastgroup is None:
                raise _Unsupported
            out.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        return out

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise _Unsupported
        self.pos += 1
        return tok

    def compare(self, depth: int) -> list[Value]:
        left = self.binary(0, depth)
        tok = self.peek()
        if tok and tok[1] in ("=", "<>", "<", ">", "<=", ">="):
            self.take()
            right = self.binary(0, depth)
            return [_compare(tok[1], _one(left), _one(right))]
        return left

    _LEVELS: tuple[tuple[str, ...], ...] = (("&",), ("+", "-"), ("*", "/"), ("^",))

    def binary(self, level: int, depth: int) -> list[Value]:
        if level == len(self._LEVELS):
            return self.unary(depth)
        left = self.binary(level + 1, depth)
        while (tok := self.peek()) and tok[0] == "op" and tok[1] in self._LEVELS[level]:
            self.take()
            right = self.binary(level + 1, depth)
            left = [_arith(tok[1], _number(_one(left)), _number(_one(right)))]
        return left

    def unary(self, depth: int) -> list[Value]:
        if depth > 40:
            raise _Unsupported
        tok = self.take()
        if tok[1] in ("-", "+"):
            inner = _number(_one(self.unary(depth + 1)))
            result: list[Value] = [-inner if tok[1] == "-" else inner]
        elif tok[0] == "num":
            result = [Fraction(Decimal(tok[1]))]
        elif tok[0] == "str":
            result = [tok[1][1:-1]]
        elif tok[0] == "ref":
            result = self.reference(tok[1])
        elif tok[0] == "fn":
            result = [self.function(tok[1], depth + 1)]
        elif tok[1] == "(":
            result = self.compare(depth + 1)
            self.take(")")
        else:
            raise _Unsupported
        while (nxt := self.peek()) and nxt[1] == "%":
            self.take()
            result = [_number(_one(result)) / 100]
        return result

    def reference(self, text: str) -> list[Value]:
        first, _, last = text.partition(":")
        r1, c1 = _cell_ref(first)
        r2, c2 = _cell_ref(last) if last else (r1, c1)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
            raise _Unsupported
        return [self.value(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def value(self, row: int, col: int) -> Value:
        cell = self.grid.cells.get((row, col))
        if cell is None:
            return None
        if cell.number is not None:
            return Fraction(cell.number)
        if cell.formula is not None:
            raise _Unsupported  # a formula over an uncached formula: not followed
        return cell.text

    def function(self, name: str, depth: int) -> Value:
        args: list[list[Value]] = []
        if (tok := self.peek()) and tok[1] != ")":
            args.append(self.compare(depth))
            while (tok := self.peek()) and tok[1] == ",":
                self.take()
                args.append(self.compare(depth))
        self.take(")")
        fn = _FUNCTIONS.get(name)
        if fn is None:
            raise _Unsupported
        return fn(args)


def _one(values: list[Value]) -> Value:
    if len(values) != 1:
        raise _Unsupported
    return values[0]


def _number(v: Value) -> Fraction:
    if v is None:
        return Fraction(0)
    if isinstance(v, bool):
        return Fraction(int(v))
    if isinstance(v, Fraction):
        return v
    raise _Unsupported


def _arith(op: str, a: Fraction, b: Fraction) -> Value:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise _Unsupported
        return a / b
    if op == "^" and b.denominator == 1 and abs(b) <= 64 and (a != 0 or b > 0):
        return a ** int(b)
    raise _Unsupported


def _compare(op: str, a: Value, b: Value) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        x, y = str(a or ""), str(b or "")
        return {"=": x == y, "<>": x != y}.get(op, False)
    p, q = _number(a), _number(b)
    return {"=": p == q, "<>": p != q, "<": p < q, ">": p > q, "<=": p <= q, ">=": p >= q}[op]


def _rounder(mode: str) -> Callable[[list[list[Value]]], Value]:
    """ROUND (half away from zero), ROUNDUP (away from zero), ROUNDDOWN (toward zero)."""

    def go(args: list[list[Value]]) -> Value:
        x = _number(_one(args[0]))
        digits = int(_number(_one(args[1]))) if len(args) > 1 else 0
        if abs(digits) > 30:
            raise _Unsupported
        scale = Fraction(10) ** digits
        y = abs(x) * scale
        whole = {"half": math.floor(y + Fraction(1, 2)), "up": math.ceil(y)}.get(
            mode, math.floor(y)
        )
        return (whole if x >= 0 else -whole) / scale

    return go


def _numbers(args: Sequence[list[Value]]) -> list[Fraction]:
    return [v for arg in args for v in arg if isinstance(v, Fraction)]


def _if(args: list[list[Value]]) -> Value:
    if bool(_one(args[0])):
        return _one(args[1])
    return _one(args[2]) if len(args) > 2 else False


_FUNCTIONS: dict[str, Callable[[list[list[Value]]], Value]] = {
    "ROUND": _rounder("half"),
    "ROUNDUP": _rounder("up"),
    "ROUNDDOWN": _rounder("down"),
    "SUM": lambda a: sum(_numbers(a), Fraction(0)),
    "MIN": lambda a: min(_numbers(a), default=Fraction(0)),
    "MAX": lambda a: max(_numbers(a), default=Fraction(0)),
    "ABS": lambda a: abs(_number(_one(a[0]))),
    "IF": _if,
    "AND": lambda a: all(bool(v) for arg in a for v in arg),
    "OR": lambda a: any(bool(v) for arg in a for v in arg),
    "NOT": lambda a: not bool(_one(a[0])),
    "ISNUMBER": lambda a: isinstance(_one(a[0]), Fraction),
    "IFERROR": lambda a: _one(a[0]),
}


def evaluate_formula(formula: str, grid: Grid) -> Value:
    """The exact value of ``=formula`` on ``grid``'s cells, or None when it cannot be followed."""
    text = formula[1:] if formula.startswith("=") else formula
    if len(text) > MAX_LENGTH:
        return None
    try:
        parser = _Parser(text.upper() if '"' not in text else text, grid)
        result = _one(parser.compare(0))
        if parser.peek() is not None:
            return None
        return result
    except (_Unsupported, ArithmeticError, ValueError, KeyError, IndexError):
        return None

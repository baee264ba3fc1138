"""The formula grammar: a tokenizer and parser that turn formula text into expression trees.

Formula strings come from rulebooks users write, so they are parsed here and never handed to
``eval``, ``exec``, ``compile`` or sympy. Grammar, lowest precedence first::

    expr  := 'if' expr 'then' expr 'else' expr | or
    or    := and ('or' and)*              and   := not ('and' not)*
    not   := 'not' not | cmp              cmp   := sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)?
    sum   := term (('+'|'-') term)*       term  := unary (('*'|'/') unary)*
    unary := '-' unary | power            power := atom ('^' ['-'] INTEGER)?
    atom  := NUMBER | NAME | ('min'|'max'|'abs') '(' expr (',' expr)* ')' | '(' expr ')'

Numbers are decimals (``20``, ``0.8``); names come from a caller's whitelist; exponents are
integer literals in [-10, 10]. Number literals are kept exact (``fractions.Fraction``); the
trees are those of scoring/exprtree.py.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import NoReturn

from scoring.errors import FormulaError
from scoring.formula.tree import (
    INFIX,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    IfElse,
    Kind,
    Not,
    Num,
    Unary,
    Var,
    children,
    to_text,
    top_kind,
)

__all__ = ["FUNCTIONS", "KEYWORDS", "parse_expr_text"]

# Limits on one formula: its length, nesting, tree size and the size of integer exponents.
MAX_CHARS, MAX_DEPTH, MAX_NODES, MAX_EXPONENT = 2000, 40, 500, 10
FUNCTIONS = ("min", "max", "abs")
"""The functions a formula may call (never usable as input names)."""
KEYWORDS = frozenset({"and", "or", "not", "if", "then", "else"})
"""The reserved words of the grammar (never usable as input names)."""


def _degree(e: Expr) -> int:
    """The largest product of exponents along a chain of nested powers (bounds number sizes)."""
    if isinstance(e, Binary) and e.op == "^" and isinstance(e.right, Num):
        return max(1, abs(int(e.right.value))) * _degree(e.left)
    return max((_degree(c) for c in children(e)), default=1)


_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<num>[0-9]+(?:\.[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/^(),<>])",
    re.ASCII,
)
_REFUSED = {".": "'.' attribute access is not allowed", "'": "strings are not allowed",
            '"': "strings are not allowed", "=": "'=' is not allowed; compare with '=='",
            "[": "'[' subscripts and lists are not allowed", "!": "'!' is not allowed; use 'not'",
            "]": "']' subscripts and lists are not allowed", "&": "'&' is not allowed; use 'and'",
            ":": "':' is not allowed (no lambdas or slices)", "|": "'|' is not allowed; use 'or'"}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num, name, kw, fn, op, end
    text: str
    pos: int


def _tokenize(text: str) -> Iterator[_Tok]:
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(text, pos, _REFUSED.get(text[pos], f"unexpected {text[pos]!r}"))
        kind, word, end = m.lastgroup or "", m.group(), m.end()
        nxt = text[end : end + 1]
        if kind == "num" and nxt and (nxt.isalnum() or nxt in "._"):
            problem = (f"exponent notation like '{word}{nxt}3' is not allowed; write the number out"
                       if nxt in "eE" else f"a number cannot be followed by {nxt!r}")
            raise FormulaError(text, end, problem)
        if word == "*" and nxt == "*":
            raise FormulaError(text, pos, "'**' is not allowed; use '^' with an integer exponent")
        if kind == "name" and word in KEYWORDS | set(FUNCTIONS):
            kind = "kw" if word in KEYWORDS else "fn"
        elif kind == "name" and keyword.iskeyword(word):
            raise FormulaError(text, pos, f"{word!r} is not allowed")
        if kind != "ws":
            yield _Tok(kind, word, pos)
        pos = end
    while True:
        yield _Tok("end", "", len(text))


def _found(tok: _Tok) -> str:
    return "the end of the formula" if tok.kind == "end" else repr(tok.text)



# binding powers of the prefix operators: 'not' binds above 'and', '-' above '*' and '/'
_NOT_POWER, _NEG_POWER = 3, 6


class _Parser:
    """A Pratt parser; ``depth`` counts parentheses, calls, conditionals and prefix operators."""

    def __init__(self, text: str, names: frozenset[str]) -> None:
        self.text, self.names, self.tokens = text, names, _tokenize(text)
        self.toks: list[_Tok] = []  # read lazily, so errors come in reading order
        self.i, self.depth, self.nodes = 0, 0, 0

    def cur(self) -> _Tok:
        while len(self.toks) <= self.i:
            self.toks.append(next(self.tokens))
        return self.toks[self.i]

    def fail(self, problem: str, pos: int) -> NoReturn:
        raise FormulaError(self.text, pos, problem)

    def peek(self, *words: str) -> bool:
        tok = self.cur()
        return tok.kind in ("op", "kw") and tok.text in words

    def take(self) -> _Tok:
        tok = self.cur()
        self.i += 1
        return tok

    def expect(self, word: str) -> None:
        tok = self.take()
        if tok.text != word or tok.kind not in ("op", "kw"):
            self.fail(f"expected {word!r} but found {_found(tok)}", tok.pos)

    def node(self, e: Expr, pos: int) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(f"more than {MAX_NODES} nodes", pos)
        return e

    def need(self, e: Expr, kind: Kind, pos: int, what: str) -> Expr:
        if top_kind(e) != kind:
            self.fail(f"{what} needs a {kind}, but {to_text(e)!r} is a {top_kind(e)}", pos)
        return e

    def nested(self, power: int) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nesting deeper than {MAX_DEPTH} levels", self.cur().pos)
        result = self.expr(power)
        self.depth -= 1
        return result

    def expr(self, power: int = 0) -> Expr:
        left, compared = self.prefix(self.take(), power), False
        while (tok := self.cur()).kind in ("op", "kw") and tok.text in INFIX:
            bind, operand, result = INFIX[tok.text]
            if bind <= power:
                break
            if compared and result != operand:
                self.fail("chained comparisons are not allowed; join them with 'and'", tok.pos)
            self.take()
            what = repr(tok.text)
            right = self.need(self.expr(bind), operand, tok.pos, what)
            self.need(left, operand, tok.pos, what)
            made: Expr = (Compare(tok.text, left, right) if result != operand
                          else BoolOp(tok.text, left, right) if operand == "boolean"
                          else Binary(tok.text, left, right))
            left, compared = self.node(made, tok.pos), isinstance(made, Compare)
        return left

    def prefix(self, tok: _Tok, power: int) -> Expr:
        word = tok.text if tok.kind in ("op", "kw") else ""
        if word == "if":
            if power:
                self.fail("put 'if … then … else …' in parentheses here", tok.pos)
            cond = self.need(self.nested(0), "boolean", tok.pos, "'if'")
            self.expect("then")
            then = self.nested(0)
            self.expect("else")
            orelse = self.need(self.nested(0), top_kind(then), tok.pos, "'else' (like 'then')")
            return self.node(IfElse(cond, then, orelse), tok.pos)
        if word == "not":
            operand = self.need(self.nested(_NOT_POWER), "boolean", tok.pos, "'not'")
            return self.node(Not(operand), tok.pos)
        if word == "-":
            operand = self.need(self.nested(_NEG_POWER), "number", tok.pos, "'-'")
            return self.node(Unary("-", operand), tok.pos)
        base = self.atom(tok)
        return self.exponent(base) if self.peek("^") else base

    def exponent(self, base: Expr) -> Expr:
        pos = self.take().pos
        self.need(base, "number", pos, "'^'")
        paren = self.peek("(") and self.take()
        sign = -1 if self.peek("-") and self.take() else 1
        tok = self.take()
        if tok.kind != "num" or "." in tok.text or int(tok.text) > MAX_EXPONENT:
            limit = MAX_EXPONENT
            self.fail(f"'^' needs an integer exponent from -{limit} to {limit}", tok.pos)
        if paren:
            self.expect(")")
        if _degree(base) * max(1, int(tok.text)) > MAX_EXPONENT:
            self.fail(f"powers of powers may multiply exponents up to {MAX_EXPONENT} only", pos)
        exponent = self.node(Num(Fraction(sign * int(tok.text))), tok.pos)
        return self.node(Binary("^", base, exponent), pos)

    def atom(self, tok: _Tok) -> Expr:
        if tok.kind == "num":
            return self.node(Num(Fraction(tok.text)), tok.pos)
        if tok.kind in ("name", "fn") and self.peek("("):
            return self.call(tok)
        if tok.kind == "fn":
            self.fail(f"{tok.text!r} is a function; call it like {tok.text}(a, b)", tok.pos)
        if tok.kind == "name" and tok.text not in self.names:
            allowed = ", ".join(sorted(self.names)) or "(none)"
            self.fail(f"unknown name {tok.text!r}; allowed names: {allowed}", tok.pos)
        if tok.kind == "name":
            return self.node(Var(tok.text), tok.pos)
        if tok.kind == "op" and tok.text == "(":
            inner = self.nested(0)
            self.expect(")")
            return inner
        self.fail(f"expected a number, a name or '(' but found {_found(tok)}", tok.pos)

    def call(self, fn: _Tok) -> Expr:
        if fn.kind != "fn":
            self.fail("function calls other than min, max, abs are not allowed", fn.pos)
        self.take()
        args = [self.need(self.nested(0), "number", fn.pos, f"{fn.text}()")]
        while self.peek(","):
            self.take()
            args.append(self.need(self.nested(0), "number", fn.pos, f"{fn.text}()"))
        self.expect(")")
        if (fn.text == "abs") != (len(args) == 1):
            wanted = "exactly 1 argument" if fn.text == "abs" else "at least 2 arguments"
            self.fail(f"{fn.text}() takes {wanted}", fn.pos)
        return self.node(Call(fn.text, tuple(args)), fn.pos)


def parse_expr_text(text: str, names: Iterable[str]) -> Expr:
    """Parse a formula string against a whitelist of input names; refuse anything else."""
    if len(text) > MAX_CHARS:
        raise FormulaError(text, MAX_CHARS, f"formula longer than {MAX_CHARS} characters")
    parser = _Parser(text, frozenset(n for n in names if not n.startswith("_")))
    result = parser.expr()
    tok = parser.cur()
    if tok.kind != "end":
        hint = "; write conditionals as 'if C then A else B'" if tok.text == "if" else ""
        parser.fail(f"unexpected {tok.text!r} after a complete expression{hint}", tok.pos)
    return result

"""Formula expressions: a small whitelisted grammar, exact evaluation, printing and formulas.

Formula strings come from rulebooks users write, so they are parsed here and never handed to
``eval``, ``exec``, ``compile`` or sympy. Grammar, lowest precedence first::

    expr  := 'if' expr 'then' expr 'else' expr | or
    or    := and ('or' and)*              and   := not ('and' not)*
    not   := 'not' not | cmp              cmp   := sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)?
    sum   := term (('+'|'-') term)*       term  := unary (('*'|'/') unary)*
    unary := '-' unary | power            power := atom ('^' ['-'] INTEGER)?
    atom  := NUMBER | NAME | ('min'|'max'|'abs') '(' expr (',' expr)* ')' | '(' expr ')'

Numbers are decimals (``20``, ``0.8``); names come from a caller's whitelist; exponents are
integer literals in [-10, 10]. Arithmetic is exact (``fractions.Fraction``).
"""

from __future__ import annotations

import keyword
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, NoReturn, TypeAlias

from scoring.errors import FormulaError, FormulaEvaluationError

MAX_CHARS, MAX_DEPTH, MAX_NODES, MAX_EXPONENT = 2000, 40, 500, 10
FUNCTIONS = ("min", "max", "abs")
KEYWORDS = frozenset({"and", "or", "not", "if", "then", "else"})
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
Env: TypeAlias = Mapping[str, Fraction]
NumFn: TypeAlias = Callable[[Env], Fraction]
BoolFn: TypeAlias = Callable[[Env], bool]
Kind: TypeAlias = Literal["number", "boolean"]


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


def _degree(e: Expr) -> int:
    """The largest product of exponents along a chain of nested powers (bounds number sizes)."""
    if isinstance(e, Binary) and e.op == "^" and isinstance(e.right, Num):
        return max(1, abs(int(e.right.value))) * _degree(e.left)
    return max((_degree(c) for c in children(e)), default=1)


# ---------------------------------------------------------------- parsing

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


# operator -> (binding power, operand kind, result kind); comparisons do not chain
_INFIX: dict[str, tuple[int, Kind, Kind]] = {
    "or": (1, "boolean", "boolean"), "and": (2, "boolean", "boolean"),
    **{op: (4, "number", "boolean") for op in COMPARISONS},
    "+": (5, "number", "number"), "-": (5, "number", "number"),
    "*": (6, "number", "number"), "/": (6, "number", "number"),
}
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
        while (tok := self.cur()).kind in ("op", "kw") and tok.text in _INFIX:
            bind, operand, result = _INFIX[tok.text]
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
            prec = _INFIX[op][0]
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

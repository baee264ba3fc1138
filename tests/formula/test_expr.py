"""Tests for the whitelisted formula grammar: parsing, printing, exact evaluation, refusals."""

from __future__ import annotations

import builtins
import copy
import pickle
import subprocess
import sys
import uuid
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.errors import FormulaError, FormulaEvaluationError
from scoring.formula.evaluate import build_formula, compile_expr, evaluate
from scoring.formula.grammar import parse_expr_text
from scoring.formula.tree import (
    COMPARISONS,
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
    children,
    names_in,
    to_display,
    to_text,
)

NAMES = ("weight", "target", "actual")
POSITIVE = [
    {"when": "target <= 0", "then": "weight", "branch": "zero target: met"},
    {"when": "actual >= target", "then": "weight", "branch": "met target"},
    {"then": "weight * actual / target", "branch": "ratio"},
]


def parse(text: str) -> Expr:
    return parse_expr_text(text, NAMES)


def env(weight: str = "20", target: str = "100", actual: str = "80") -> dict[str, Fraction]:
    return {"weight": Fraction(weight), "target": Fraction(target), "actual": Fraction(actual)}


# ---------------------------------------------------------------- parsing and printing


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("weight*actual/target", "weight * actual / target"),
        ("(weight - actual) - target", "weight - actual - target"),
        ("weight - (actual - target)", "weight - (actual - target)"),
        ("0.80 * weight", "0.8 * weight"),
        ("actual - -weight", "actual - -weight"),
        ("-actual^2", "-actual ^ 2"),
        ("(-actual)^2", "(-actual) ^ 2"),
        ("actual^(-2)", "actual ^ -2"),
        ("min(weight, 2*actual, target)", "min(weight, 2 * actual, target)"),
        ("abs(actual-target) <= 0.05*target", "abs(actual - target) <= 0.05 * target"),
        ("not actual < 1 and (target > 2 or weight == 0)",
         "not actual < 1 and (target > 2 or weight == 0)"),
        ("(if target > 0 then 1 else 2) + 3", "(if target > 0 then 1 else 2) + 3"),
        ("if actual >= target then weight else if actual > 0 then 1 else 0",
         "if actual >= target then weight else if actual > 0 then 1 else 0"),
    ],
)
def test_canonical_text_round_trips(text: str, canonical: str) -> None:
    tree = parse(text)
    assert to_text(tree) == canonical
    assert parse(canonical) == tree


def test_tree_shape_and_precedence() -> None:
    assert parse("weight + actual * target") == Binary(
        "+", Var("weight"), Binary("*", Var("actual"), Var("target")))
    assert parse("-actual ^ 2") == Unary("-", Binary("^", Var("actual"), Num(Fraction(2))))
    assert parse("not actual > 1 or target > 1") == BoolOp(
        "or", Not(Compare(">", Var("actual"), Num(Fraction(1)))),
        Compare(">", Var("target"), Num(Fraction(1))))
    assert parse("0.1").value == Fraction(1, 10)  # type: ignore[union-attr]


def test_display_uses_pretty_operators() -> None:
    assert to_display(parse("weight * actual / target")) == "weight × actual ÷ target"
    assert to_display(parse("actual >= target and actual != 0")) == "actual ≥ target and actual ≠ 0"
    assert to_display(parse("actual <= 2 * target")) == "actual ≤ 2 × target"


def test_names_in() -> None:
    assert names_in(parse("min(weight, actual) + 1")) == {"weight", "actual"}
    assert names_in(parse("1 + 2")) == frozenset()


# ---------------------------------------------------------------- evaluation


def test_exact_rational_arithmetic() -> None:
    assert evaluate(parse("0.1 + 0.2"), {}) == Fraction(3, 10)
    assert evaluate(parse("weight * actual / target"), env()) == 16
    assert evaluate(parse("weight / 3 * 3"), env(weight="1")) == 1
    assert evaluate(parse("actual ^ -2"), env(actual="2")) == Fraction(1, 4)
    assert evaluate(parse("max(1, 2.5, 2) - min(3, abs(-4))"), {}) == Fraction(-1, 2)
    assert evaluate(parse("actual >= target"), env()) is False


def test_conditionals_and_short_circuit_skip_untaken_branches() -> None:
    zero = env(target="0")
    assert evaluate(parse("target > 0 and actual / target >= 1"), zero) is False
    assert evaluate(parse("target == 0 or actual / target >= 1"), zero) is True
    assert evaluate(parse("if target == 0 then weight else actual / target"), zero) == 20
    assert compile_expr(parse("if target == 0 then weight else actual / target"))(zero) == 20


def test_division_by_zero_names_the_subexpression() -> None:
    tree = parse("weight + actual / (target - 100)")
    for run in (partial(evaluate, tree), compile_expr(tree)):
        with pytest.raises(FormulaEvaluationError, match=r"actual / \(target - 100\)"):
            run(env())
    with pytest.raises(FormulaEvaluationError, match="division by zero"):
        evaluate(parse("target ^ -1"), env(target="0"))


def test_missing_or_inexact_inputs_are_refused() -> None:
    tree = parse("weight * actual")
    for run in (partial(evaluate, tree), compile_expr(tree)):
        with pytest.raises(FormulaEvaluationError, match="'actual' is missing"):
            run({"weight": Fraction(1)})
        with pytest.raises(FormulaEvaluationError, match="exact number"):
            run({"weight": Fraction(1), "actual": 0.5})  # type: ignore[dict-item]
    assert evaluate(tree, {"weight": 2, "actual": 3}) == 6  # type: ignore[dict-item]


# ---------------------------------------------------------------- refusals


def test_injection_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    attack = f"__import__('os').system('touch {marker}')"
    with pytest.raises(FormulaError, match="function calls other than min, max, abs"):
        parse(attack)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("__import__", "unknown name '__import__'; allowed names: actual, target, weight"),
        ("().__class__", "expected a number, a name or '('"),
        ("lambda: 1", "'lambda' is not allowed"),
        ("weight.__class__", "'.' attribute access is not allowed"),
        ("open('x')", "function calls other than min, max, abs are not allowed"),
        ("weight(1)", "function calls other than min, max, abs are not allowed"),
        ("[1]", "subscripts and lists are not allowed"),
        ("'a'", "strings are not allowed"),
        ("2^1000000", "integer exponent from -10 to 10"),
        ("10^11", "integer exponent from -10 to 10"),
        ("actual ^ 0.5", "integer exponent from -10 to 10"),
        ("(actual^5)^3", "powers of powers"),
        ("9**9", "'**' is not allowed"),
        ("1e3", "exponent notation"),
        ("2weight", "cannot be followed by 'w'"),
        ("actual < target < weight", "chained comparisons are not allowed"),
        ("weight = 1", "compare with '=='"),
        ("1 + if actual > 0 then 1 else 2", "in parentheses"),
        ("weight if actual > 0 else 0", "write conditionals as 'if C then A else B'"),
        ("actual + (target > 1)", "'+' needs a number"),
        ("if actual then 1 else 0", "'if' needs a boolean"),
        ("not weight", "'not' needs a boolean"),
        ("min(weight)", "at least 2 arguments"),
        ("abs(weight, 1)", "exactly 1 argument"),
        ("min", "is a function"),
        ("weight +", "found the end of the formula"),
        ("", "found the end of the formula"),
        ("weight actual", "unexpected 'actual'"),
        ("weight @ 2", "unexpected '@'"),
        ("True", "'True' is not allowed"),
    ],
)
def test_refusals_explain_the_problem(text: str, problem: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse(text)
    assert problem in info.value.problem
    assert info.value.text == text
    assert 0 <= info.value.position <= len(text)


def test_error_position_points_at_the_culprit() -> None:
    with pytest.raises(FormulaError) as info:
        parse("weight * secret")
    assert info.value.position == len("weight * ")
    assert "column 10" in str(info.value)


def test_size_and_depth_limits() -> None:
    with pytest.raises(FormulaError, match="longer than 2000 characters"):
        parse("(" * 5000)
    with pytest.raises(FormulaError, match="longer than 2000 characters"):
        parse(" + ".join(["weight"] * 334))  # 3,000 characters
    with pytest.raises(FormulaError, match="nesting deeper than 40 levels"):
        parse("(" * 41 + "weight" + ")" * 41)
    assert parse("(" * 40 + "weight" + ")" * 40) == Var("weight")
    with pytest.raises(FormulaError, match="nesting deeper than 40 levels"):
        parse("-" * 41 + "weight")
    with pytest.raises(FormulaError, match="more than 500 nodes"):
        parse("+".join(["1"] * 300))


def test_parsing_and_evaluating_never_use_eval_exec_or_compile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec/compile must not be used")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    tree = parse("if actual >= target then weight else weight * actual / target")
    assert evaluate(tree, env()) == compile_expr(tree)(env()) == 16
    assert build_formula("positive", NAMES, POSITIVE).evaluate(env())[0] == 16


def test_expr_module_does_not_import_sympy() -> None:
    code = "import sys, scoring.formula.evaluate; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- formulas


def test_formula_evaluates_first_matching_case() -> None:
    f = build_formula("positive", NAMES, POSITIVE)
    assert f.display() == (
        "weight if target ≤ 0; weight if actual ≥ target; weight × actual ÷ target otherwise")
    value, case = f.evaluate(env())
    assert (value, case.branch) == (Fraction(16), "ratio")
    assert f.evaluate(env(actual="120"))[1].branch == "met target"
    assert f.evaluate(env(target="0"))[1].branch == "zero target: met"
    assert f == build_formula("positive", NAMES, POSITIVE)


def test_formula_survives_pickle_and_copy() -> None:
    f = build_formula("positive", NAMES, POSITIVE)
    for clone in (pickle.loads(pickle.dumps(f)), copy.deepcopy(f)):
        assert clone == f and clone.evaluate(env()) == f.evaluate(env())


def test_formula_accepts_yaml_numbers() -> None:
    f = build_formula("step", NAMES, [
        {"when": "actual >= target", "then": "weight", "branch": "met"},
        {"then": 0, "branch": "missed"},  # type: ignore[dict-item]
    ])
    assert f.evaluate(env())[0] == 0


@pytest.mark.parametrize(
    ("cases", "problem"),
    [
        ([{"then": "weight", "branch": "x", "els": "1"}], "unknown key 'els'"),
        ([{"then": "weight"}], "missing key 'branch'"),
        ([{"when": "actual > 1", "then": "weight", "branch": "x"}], "last case must have no 'when'"),
        ([{"then": "1", "branch": "a"}, {"then": "2", "branch": "b"}], "only the last case"),
        ([{"then": "actual > 1", "branch": "x"}], "'then' must be a number"),
        ([{"when": "actual", "then": "1", "branch": "x"}, {"then": "0", "branch": "y"}],
         "'when' must be a boolean"),
        ([{"then": "secret", "branch": "x"}], "unknown name 'secret'"),
        ([{"then": "weight", "branch": ""}], "'branch' must be a non-empty label"),
        ([], "at least one case"),
    ],
)
def test_build_formula_refusals(cases: list[dict[str, str]], problem: str) -> None:
    with pytest.raises(FormulaError, match=problem):
        build_formula("f", NAMES, cases)


def test_build_formula_refuses_bad_input_names() -> None:
    for inputs in (["weight", "_secret"], ["min"], ["weight", "weight"], ["a b"]):
        with pytest.raises(FormulaError):
            build_formula("f", inputs, [{"then": "1", "branch": "x"}])


# ---------------------------------------------------------------- properties of random trees

VALUES = st.sampled_from([Fraction(v) for v in ("0", "1", "-1", "2", "0.5", "3", "-2.5", "10")])
LEAVES = st.one_of(
    st.builds(lambda n, k: Num(Fraction(n, 10**k)), st.integers(0, 1000), st.integers(0, 2)),
    st.sampled_from([Var(n) for n in NAMES]),
)


# Trees are built to a fixed depth, never generated freely and filtered: an unbounded
# recursive strategy can draw a tree of thousands of nodes, and some hypothesis releases
# spend minutes printing one. With depth 3, at most three children per node and a depth-0
# condition of three nodes (a comparison of two leaves), a tree has at most
# 1 + 3 × (1 + 3 × (1 + 3 × 3)) = 94 nodes, and exponents in [-2, 2] give a degree of at most 8.
MAX_DEPTH = 3


def numbers(depth: int) -> st.SearchStrategy[Expr]:
    """Numeric expressions no deeper than ``depth``."""
    if depth == 0:
        return LEAVES
    inner, cond = numbers(depth - 1), conditions(depth - 1)
    return st.one_of(
        LEAVES,
        st.builds(Unary, st.just("-"), inner),
        st.builds(Binary, st.sampled_from("+-*/"), inner, inner),
        st.builds(lambda b, n: Binary("^", b, Num(Fraction(n))), inner, st.integers(-2, 2)),
        st.builds(lambda fn, args: Call(fn, tuple(args)), st.sampled_from(["min", "max"]),
                  st.lists(inner, min_size=2, max_size=3)),
        st.builds(lambda a: Call("abs", (a,)), inner),
        st.builds(IfElse, cond, inner, inner),
    )


def conditions(depth: int) -> st.SearchStrategy[Expr]:
    """Boolean expressions no deeper than ``depth`` (a comparison of two leaves at depth 0)."""
    if depth == 0:
        return st.builds(Compare, st.sampled_from(COMPARISONS), LEAVES, LEAVES)
    inner, num = conditions(depth - 1), numbers(depth - 1)
    return st.one_of(
        st.builds(Compare, st.sampled_from(COMPARISONS), num, num),
        st.builds(BoolOp, st.sampled_from(["and", "or"]), inner, inner),
        st.builds(Not, inner),
        st.builds(IfElse, inner, inner, inner),
    )


def size(e: Expr) -> int:
    return 1 + sum(size(c) for c in children(e))


def degree(e: Expr) -> int:
    if isinstance(e, Binary) and e.op == "^" and isinstance(e.right, Num):
        return max(1, abs(int(e.right.value))) * degree(e.left)
    return max((degree(c) for c in children(e)), default=1)


TREES = st.one_of(numbers(MAX_DEPTH), conditions(MAX_DEPTH))


@settings(max_examples=300, deadline=None)
@given(TREES)
def test_trees_are_bounded_by_construction(tree: Expr) -> None:
    assert size(tree) <= 94
    assert degree(tree) <= 8


ENVS = st.fixed_dictionaries({n: VALUES for n in NAMES})


def outcome(run: Callable[[], object]) -> object:
    try:
        return run()
    except FormulaEvaluationError as err:
        return ("error", str(err))


@settings(max_examples=200, deadline=None)
@given(TREES, ENVS)
def test_compiled_closure_equals_tree_walk(tree: Expr, values: dict[str, Fraction]) -> None:
    compiled = compile_expr(tree)
    assert outcome(lambda: evaluate(tree, values)) == outcome(lambda: compiled(values))


@settings(max_examples=200, deadline=None)
@given(TREES)
def test_to_text_round_trips(tree: Expr) -> None:
    assert parse(to_text(tree)) == tree
    assert to_display(tree)

"""Tests for the formula proofs: sympy built from the AST, proofs, and exact counterexamples."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
import sympy.parsing.sympy_parser

from scoring.formula.counterexamples import Domain
from scoring.formula.evaluate import Formula, build_formula
from scoring.formula.grammar import parse_expr_text
from scoring.formula.prove import PropertyResult, check_formula, expr_to_sympy, to_sympy
from scoring.formula.tree import Expr

NAMES = ("weight", "target", "actual")
POSITIVE = [
    {"when": "target <= 0", "then": "weight", "branch": "zero target: met"},
    {"when": "actual >= target", "then": "weight", "branch": "met target"},
    {"then": "weight * actual / target", "branch": "ratio"},
]
NEGATIVE = [
    {"when": "actual <= target", "then": "weight", "branch": "met target"},
    {"then": "weight * target / actual", "branch": "ratio"},
]
ZERO = Fraction(0)
DOMAIN = Domain(
    {"weight": (ZERO, None), "target": (ZERO, None), "actual": (ZERO, None)},
    positive=frozenset({"weight", "target"}),
)


def formula(*cases: tuple[str | None, str]) -> Formula:
    built = [{"then": then, "branch": f"case {i}"} | ({"when": when} if when else {})
             for i, (when, then) in enumerate(cases, 1)]
    return build_formula("f", NAMES, built)


def met(text: str) -> Expr:
    return parse_expr_text(text, NAMES)


def by_prop(results: list[PropertyResult]) -> dict[str, PropertyResult]:
    return {r.prop: r for r in results}


def assert_counterexample(f: Formula, r: PropertyResult, domain: Domain = DOMAIN) -> None:
    """A refutation carries an admissible point, and the score there is the formula's value."""
    assert r.status == "refuted" and r.counterexample is not None and r.score is not None
    point = dict(r.counterexample)
    assert all(domain.admits(name, value) for name, value in point.items())
    assert f.evaluate(point)[0] == r.score


# ---------------------------------------------------------------- conversion


def test_to_sympy_builds_a_piecewise_from_the_cases() -> None:
    f = build_formula("positive", NAMES, POSITIVE)
    w, t, a = (sympy.Symbol(n, real=True) for n in NAMES)
    pw = to_sympy(f)
    assert isinstance(pw, sympy.Piecewise)
    assert pw.subs({w: 20, t: 100, a: 80}) == 16
    assert pw.subs({w: 20, t: 100, a: 120}) == 20
    assert pw.subs({w: 20, t: 0, a: 5}) == 20


def test_expr_to_sympy_covers_the_grammar() -> None:
    tree = parse_expr_text(
        "if abs(actual - target) <= 0.05 * target and not actual == 0 "
        "then min(weight, actual ^ 2) else max(0, weight - actual / 3)", NAMES)
    value = expr_to_sympy(tree)
    w, t, a = (sympy.Symbol(n, real=True) for n in NAMES)
    assert value.subs({w: 10, t: 100, a: 101}) == 10
    assert value.subs({w: 10, t: 100, a: 3}) == 9
    assert value.subs({w: 10, t: 100, a: 300}) == 0
    exact = expr_to_sympy(parse_expr_text("0.1 * weight + 2 ^ -1", NAMES))
    assert exact == sympy.Rational(1, 10) * w + sympy.Rational(1, 2)


def test_no_string_ever_reaches_sympy(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a string was parsed by sympy")

    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)
    f = build_formula("positive", NAMES, POSITIVE)
    to_sympy(f)
    results = check_formula(f, DOMAIN, direction="increasing", met=met("actual >= target"))
    assert all(r.status == "proved" for r in results)


# ---------------------------------------------------------------- the required examples


def test_uncapped_ratio_is_refuted_for_bounded() -> None:
    f = formula((None, "weight * actual / target"))
    results = by_prop(check_formula(f, DOMAIN, direction="increasing"))
    bounded = results["bounded"]
    assert_counterexample(f, bounded)
    assert bounded.counterexample is not None and bounded.score is not None
    assert bounded.score > bounded.counterexample["weight"]
    assert "exceeds the weight" in bounded.detail
    assert results["non-negative"].status == "proved"
    assert results["monotone"].status == "proved"
    assert "full-when-met" not in results


def test_capped_positive_formula_is_proved() -> None:
    f = build_formula("positive", NAMES, POSITIVE)
    results = check_formula(f, DOMAIN, direction="increasing", met=met("actual >= target"))
    assert [r.prop for r in results] == ["non-negative", "bounded", "monotone", "full-when-met"]
    for r in results:
        assert r.status == "proved", r.detail
        assert r.counterexample is None and r.score is None
        assert "sympy" in r.detail and "no counterexample" in r.detail


def test_negative_formula_is_proved_decreasing() -> None:
    f = build_formula("negative", NAMES, NEGATIVE)
    results = check_formula(f, DOMAIN, direction="decreasing", met=met("actual <= target"))
    assert {r.prop: r.status for r in results} == dict.fromkeys(
        ["non-negative", "bounded", "monotone", "full-when-met"], "proved")
    increasing = by_prop(check_formula(f, DOMAIN, direction="increasing"))["monotone"]
    assert_counterexample(f, increasing)
    assert "falls" in increasing.detail


def test_weight_minus_actual_is_refuted_for_non_negative() -> None:
    f = formula((None, "weight - actual"))
    result = by_prop(check_formula(f, DOMAIN, direction="decreasing"))["non-negative"]
    assert_counterexample(f, result)
    assert result.score is not None and result.score < 0


# ---------------------------------------------------------------- more behaviour


def test_min_cap_is_proved_through_case_splitting() -> None:
    f = formula((None, "min(weight, weight * actual / target)"))
    results = check_formula(f, DOMAIN, direction="increasing", met=met("actual >= target"))
    assert all(r.status == "proved" for r in results), [r.detail for r in results]


def test_jump_between_cases_breaks_monotonicity_and_full_marks() -> None:
    f = formula(("actual >= target", "0.5 * weight"), ("actual >= 0.8 * target", "0.8 * weight"),
                (None, "0"))
    results = by_prop(check_formula(f, DOMAIN, direction="increasing", met=met("actual >= target")))
    assert_counterexample(f, results["monotone"])
    assert_counterexample(f, results["full-when-met"])
    full = results["full-when-met"]
    assert full.counterexample is not None and full.score != full.counterexample["weight"]
    assert results["bounded"].status == "proved"


def test_true_but_unprovable_is_reported_unproved_with_a_reason() -> None:
    f = formula(("actual ^ 2 >= target ^ 2", "weight"), (None, "weight * actual ^ 2 / target ^ 2"))
    bounded = by_prop(check_formula(f, DOMAIN, direction="increasing"))["bounded"]
    assert bounded.status == "unproved"
    assert "no symbolic proof" in bounded.detail and "no counterexample" in bounded.detail
    assert bounded.counterexample is None


def test_domain_bounds_are_respected() -> None:
    f = formula((None, "weight * (1 - actual)"))
    unit = Domain({"weight": (ZERO, None), "target": (ZERO, None), "actual": (ZERO, Fraction(1))},
                  positive=frozenset({"weight"}))
    results = by_prop(check_formula(f, unit, direction="decreasing"))
    assert results["non-negative"].status == "proved"
    assert results["bounded"].status == "proved"
    assert results["monotone"].status == "proved"
    wide = by_prop(check_formula(f, DOMAIN, direction="decreasing"))["non-negative"]
    assert_counterexample(f, wide)


def test_results_are_deterministic() -> None:
    f = formula((None, "weight * actual / target"))
    assert check_formula(f, DOMAIN, direction="increasing") == check_formula(
        f, DOMAIN, direction="increasing")


def test_inputs_must_include_weight_and_actual() -> None:
    f = build_formula("execution", ["points", "rate"], [{"then": "points * rate", "branch": "x"}])
    with pytest.raises(ValueError, match="must take inputs"):
        check_formula(f, DOMAIN, direction="increasing")
    points = Domain({"points": (ZERO, None), "rate": (ZERO, None)}, frozenset({"points"}))
    results = by_prop(check_formula(f, points, weight="points", actual="rate",
                                    direction="increasing"))
    assert_counterexample(f, results["bounded"], points)

"""Rulebooks: built-ins proved, extends, selection, variant parameters, formula claims and the
refusal of broken or hostile formulas."""

from __future__ import annotations

import builtins
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.score import execution_score, score
from scoring.engine.sheet import Policy
from scoring.errors import RulebookError
from scoring.form.model import Form
from scoring.pipeline.check import check_file, load_form
from scoring.rulebook.check import check_rulebook
from scoring.rulebook.claims import Claim
from scoring.rulebook.load import builtin_ids, load_builtin, load_rulebook_file
from scoring.rulebook.model import Rulebook
from scoring.rulebook.select import choose_rulebook
from scoring.trace import Trace
from scoring.values import parse_printed

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples" / "rulebooks").glob("*.yaml"))
BUILTINS = {i: load_builtin(i) for i in builtin_ids()}
CLAIMS = [(rb, name, claim) for rb in BUILTINS.values() for name in rb.formulas
          for claim in rb.claims[name]]


@pytest.fixture(autouse=True)
def _proof_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "proofs"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def child(folder: Path, body: str, name: str = "mine.yaml", parent: str = "hubei-2022") -> Path:
    head = f"id: mine\ntitle: a rulebook of one's own\nextends: {parent}\n"
    return write(folder, name, head + textwrap.dedent(body))


def formula_child(folder: Path, expr: str, *, domain: str = "weight > 0 and target > 0 and "
                  "actual >= 0", met: str = "actual >= target") -> Path:
    return child(folder, f"""\
        formulas:
          positive:
            source: note-2
            inputs: [weight, target, actual]
            domain: {domain}
            direction: increasing
            met: {met}
            expr: {expr!r}
        """)


# ---------------------------------------------------------------- built-ins


def test_builtins_are_listed_and_cite_every_parameter() -> None:
    assert {"hubei-2022", "central-2020"} <= set(BUILTINS)
    for rb in BUILTINS.values():
        for path, param in rb.parameters():
            citation = rb.cite(param.source)
            assert citation.document and citation.clause, (rb.id, path)
            assert citation.confidence in ("seed", "printed", "system", "recalled", "assumed")


def test_every_builtin_formula_is_proved() -> None:
    for rb in BUILTINS.values():  # the cache is this session's own (the fixture): really proved
        for check in check_rulebook(rb):
            statuses = {v.prop: v.status for v in check.verdicts}
            assert statuses == {"non-negative": "proved", "bounded": "proved",
                                "monotone": "proved", "full-when-met": "proved",
                                "defined": "sampled"}, (rb.id, check.name, check.verdicts)


def _in_claim(claim: Claim) -> st.SearchStrategy[dict[str, Fraction]]:
    """Exact points inside a claim's domain, dense near 0, 1 and the case boundaries."""
    parts = {}
    for name, lo, hi, positive in claim.bounds:
        if lo is not None and lo == hi:
            parts[name] = st.just(lo)
            continue
        low = lo if lo is not None else Fraction(-1000)
        high = hi if hi is not None else Fraction(1000)
        values = st.fractions(min_value=low, max_value=high, max_denominator=1000)
        special = st.sampled_from([v for v in (low, Fraction(0), Fraction(1), high)
                                   if low <= v <= high])
        parts[name] = st.one_of(special, values).filter(lambda v, p=positive: v > 0 or not p)
    return st.fixed_dictionaries(parts)


@pytest.mark.parametrize(("rb", "name", "claim"), CLAIMS,
                         ids=[f"{rb.id}:{n}:{c.region}" for rb, n, c in CLAIMS])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_builtin_formulas_bounded_monotone_full_when_met(
    rb: Rulebook, name: str, claim: Claim, data: st.DataObject
) -> None:
    f = rb.formula(name)
    point = data.draw(_in_claim(claim))
    other = data.draw(_in_claim(claim))
    score = f.evaluate(point)[0]
    assert 0 <= score <= point[claim.score_max]
    var = claim.monotone_in
    moved = {**point, var: other[var]}
    if claim.admits(moved):
        lo, hi = sorted([point, moved], key=lambda p: p[var])
        s_lo, s_hi = f.evaluate(lo)[0], f.evaluate(hi)[0]
        assert s_lo <= s_hi if claim.direction == "increasing" else s_lo >= s_hi
    from scoring.formula.evaluate import evaluate

    if evaluate(claim.met, point) is True:
        assert score == point[claim.score_max]


@pytest.mark.parametrize("form", SEED, ids=lambda p: p.stem)
def test_every_number_in_a_trace_names_its_rulebook_and_clause(form: Path) -> None:
    loaded, _ = load_form(form)
    for rb in BUILTINS.values():
        sheet = score(loaded, rb)
        roots = [sheet.execution, sheet.total, *(r.trace for r in sheet.indicators)]
        for node in _nodes(roots):
            assert node.rule.startswith(f"{rb.id}:"), (node.label, node.rule)
            assert node.clause and "（" in node.clause, (node.label, node.clause)


def _nodes(roots: list[Trace]) -> Iterator[Trace]:
    for root in roots:
        for _, node in root.walk():
            yield node


def test_hubei_results_unchanged_on_the_seed() -> None:
    totals = [str(check_file(f).sheet.total.value) for f in SEED]  # type: ignore[union-attr]
    assert totals == ["100.00", "97.71", "100.00", "87.80", "98.27", "99.55", "99.01"]


# ---------------------------------------------------------------- extends


def test_child_overrides_only_what_differs(tmp_path: Path) -> None:
    rb = load_rulebook_file(child(tmp_path, """\
        execution:
          points: {value: "10", source: heading-execution, note: ten points}
        """))
    hubei = BUILTINS["hubei-2022"]
    assert rb.id == "mine" and rb.extends == "hubei-2022" and rb.region == hubei.region
    assert rb.execution.points.value == Decimal(10) and rb.execution.points.note == "ten points"
    assert rb.execution.formula == hubei.execution.formula  # merged key by key
    assert rb.indicators == hubei.indicators and rb.formulas == hubei.formulas


def test_a_parameter_is_replaced_whole(tmp_path: Path) -> None:
    rb = load_rulebook_file(child(tmp_path, """\
        execution:
          zero_budget_rate: {value: "1", source: system}
        """))
    assert rb.execution.zero_budget_rate.note is None  # not the parent's note


def test_extends_a_file_beside_it_and_keeps_its_own_lines(tmp_path: Path) -> None:
    child(tmp_path, "execution:\n  points: {value: '10', source: heading-execution}\n",
          name="base.yaml")
    path = write(tmp_path, "leaf.yaml", """\
        id: leaf
        title: leaf
        extends: base.yaml
        execution:
          points: {value: "10", source: no-such-source}
        """)
    with pytest.raises(RulebookError) as err:
        load_rulebook_file(path)
    assert "leaf.yaml:5: execution.points.source: unknown source 'no-such-source'" in str(err.value)


def test_extends_cycles_and_unknown_parents_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "id: a\ntitle: a\nextends: b.yaml\n")
    b = write(tmp_path, "b.yaml", "id: b\ntitle: b\nextends: a.yaml\n")
    with pytest.raises(RulebookError, match="cycle") as err:
        load_rulebook_file(b)
    assert err.value.location.line == 3
    c = write(tmp_path, "c.yaml", "id: c\ntitle: c\n\nextends: nowhere-2030\n")
    with pytest.raises(RulebookError, match="unknown parent rulebook 'nowhere-2030'") as err:
        load_rulebook_file(c)
    assert err.value.location.line == 4 and "central-2020" in err.value.expected
    with pytest.raises(RulebookError, match="needs its own id"):
        load_rulebook_file(write(tmp_path, "d.yaml", "title: d\nextends: hubei-2022\n"))


def test_structure_must_add_up_and_fallbacks_name_its_blocks(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match=r"add up to 80, not indicators\.points 90"):
        load_rulebook_file(child(tmp_path, """\
            indicators:
              structure: {value: {产出指标: "50", 效益指标: "30"}, source: cz-2020-10}
            """, parent="central-2020"))
    with pytest.raises(RulebookError, match="成本指标"):
        load_rulebook_file(child(tmp_path, """\
            indicators:
              structure_fallback: {value: {满意度指标: 成本指标}, source: cz-2020-10}
            """, parent="central-2020"))


def test_formula_roles_are_checked(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="an execution formula takes inputs"):
        load_rulebook_file(child(tmp_path, """\
            execution:
              formula: {value: positive, source: note-2}
            """))


# ---------------------------------------------------------------- selection


def _form(year: int, region: str | None, kind: str = "project", rulebook: str | None = None) -> Form:
    data = {"kind": kind, "title": "t", "unit": "u", "year": year, "region": region,
            "rulebook": rulebook, "source": {"document": "d", "section": "s"},
            "funds": {"budget": "10", "executed": "9"},
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "weight": "90",
                            "target": "≥1个", "actual": "1个"}]}  # fmt: skip
    return Form.model_validate(data)


def _chosen(year: int, region: str | None, kind: str = "project", rulebook: str | None = None) -> str:
    return choose_rulebook(_form(year, region, kind, rulebook)).rulebook.id


def test_selection_by_name_year_and_region() -> None:
    assert _chosen(2022, "湖北省武汉市武昌区") == "hubei-2022"
    assert _chosen(2022, None) == "central-2020"  # no region: nationwide only
    assert _chosen(2022, "广东省广州市") == "central-2020"  # no rulebook of its own region
    assert _chosen(2022, "湖北省", rulebook="central-2020") == "central-2020"
    with pytest.raises(RulebookError, match="no rulebook in force for year 2015"):
        _chosen(2015, None)


def test_rulebook_option_overrides_the_form() -> None:
    report = check_file(SEED[1], load_builtin("central-2020"))
    assert report.sheet is not None and report.sheet.rulebook.id == "central-2020"
    assert {f.code for f in report.findings} >= {"STRUCTURE_MISMATCH", "WEIGHTS_VS_RULEBOOK"}


def test_every_seed_form_rescored_under_central_2020_without_crashing() -> None:
    rb = load_builtin("central-2020")
    for form in SEED:
        report = check_file(form, rb)
        assert report.sheet is not None and report.error is None
        assert report.sheet.total.value <= 100
        assert any(f.code == "STRUCTURE_MISMATCH" for f in report.findings), form.name


# ---------------------------------------------------------------- variants in the engine


@pytest.mark.parametrize(("executed", "expected"), [
    ("100", "10.00"), ("120", "10.00"), ("99.99", "7.00"), ("80", "7.00"), ("79.99", "5.00"),
    ("60", "5.00"), ("59.99", "0.00"), ("0", "0.00"),
])
def test_tiered_execution(executed: str, expected: str) -> None:
    rb = load_rulebook_file(ROOT / "examples" / "rulebooks" / "central-2020-tiered.yaml")
    _, sc = execution_score(parse_printed("100"), parse_printed(executed), rb, Policy.of(rb))
    assert str(sc.value) == expected  # 100 % → 10, ≥ 80 % → 7, ≥ 60 % → 5, else 0


def test_over_achievement_can_be_switched_off(tmp_path: Path) -> None:
    rb = load_rulebook_file(child(tmp_path, """\
        indicators:
          over_achievement: {value: null, source: jixiao}
        """))
    report = check_file(SEED[1], rb)
    assert not [f for f in report.findings if f.code == "OVER_ACHIEVEMENT"]


def test_a_form_outside_every_block_of_the_structure(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "forms" / "variants" / "central-fallback.yaml").read_text("utf-8")
    form = write(tmp_path, "cost.yaml", text.replace("level1: 效益指标", "level1: 成本指标"))
    report = check_file(form, load_builtin("central-2020"))
    codes = sorted(f.code for f in report.findings)
    # 效益 (30) and 满意度 (10) have no rows: the fallback needs a 效益 block to move into
    assert codes == ["STRUCTURE_MISSING_BLOCK", "STRUCTURE_MISSING_BLOCK", "STRUCTURE_UNKNOWN_BLOCK"]
    assert report.sheet is not None and report.sheet.total.value == Decimal("85.00")


# ---------------------------------------------------------------- user formulas and proofs


def test_an_uncapped_ratio_is_refused_with_a_counterexample(tmp_path: Path) -> None:
    with pytest.raises(RulebookError) as err:
        load_rulebook_file(formula_child(tmp_path, "weight * actual / target"))
    message = str(err.value)
    assert "mine.yaml:5: formulas.positive" in message  # the line of `positive:`
    assert "fails the bounded property: score 2 exceeds the weight 1" in message
    assert "weight=1, target=1, actual=2" in message


def test_a_capped_formula_of_ones_own_is_accepted_and_scores(tmp_path: Path) -> None:
    rb = load_rulebook_file(formula_child(tmp_path, "min(weight, weight * actual / target)"))
    assert rb.formula("positive").display() == "min(weight, weight × actual ÷ target)"
    assert check_file(SEED[1], rb).sheet.total.value == Decimal("97.71")  # type: ignore[union-attr]


def test_a_formula_that_divides_by_zero_inside_its_domain_is_refused(tmp_path: Path) -> None:
    path = formula_child(tmp_path, "min(weight, weight * actual / target)",
                         domain="weight > 0 and target >= 0 and actual >= 0")
    with pytest.raises(RulebookError, match="fails the defined property: division by zero"):
        load_rulebook_file(path)


def test_bad_claims_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="a domain takes >=, <=, == and '> 0' only"):
        load_rulebook_file(formula_child(tmp_path, "weight", domain="actual < 5"))
    with pytest.raises(RulebookError, match="met must be a condition"):
        load_rulebook_file(formula_child(tmp_path, "weight", met="actual"))
    with pytest.raises(RulebookError, match="leaves no value for 'actual'"):
        load_rulebook_file(formula_child(tmp_path, "weight", domain="actual >= 2 and actual <= 1"))


def test_proofs_are_cached_so_a_second_load_needs_no_sympy(tmp_path: Path) -> None:
    path = formula_child(tmp_path, "min(weight, weight * actual / target)")
    load_rulebook_file(path)  # proves, and stores the verdicts
    code = ("import sys; from scoring import load_rulebook_file; "
            f"load_rulebook_file({str(path)!r}); assert 'sympy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_scoring_with_builtin_rulebooks_never_imports_sympy() -> None:
    code = ("import sys; from pathlib import Path; from scoring import check_file, load_builtin\n"
            "for f in sorted(Path('indicators').rglob('*.yaml')):\n"
            "    check_file(f); check_file(f, load_builtin('central-2020'))\n"
            "assert 'sympy' not in sys.modules, 'sympy on the hot path'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_rulebooks_load_and_prove(example: Path) -> None:
    rb = load_rulebook_file(example)
    assert not [c for c in check_rulebook(rb) if c.refuted]


# ---------------------------------------------------------------- hostile formula strings

HOSTILE = {
    "import": ("__import__('os').system('touch {marker}')",
               "function calls other than min, max, abs are not allowed"),
    "attribute": ("weight.__class__", "a number cannot be followed by|attribute access"),
    "dunder": ("actual.__class__.__mro__", "attribute access is not allowed"),
    "lambda": ("lambda: open('{marker}', 'w')", "'lambda' is not allowed"),
    "eval": ("eval('1')", "function calls other than min, max, abs are not allowed"),
    "power": ("weight ^ 1000", "integer exponent from -10 to 10"),
    "tower": ("((weight ^ 9) ^ 9) ^ 9", "powers of powers"),
    "python-power": ("weight ** 99999999", "'\\*\\*' is not allowed"),
    "nested": ("(" * 400 + "weight" + ")" * 400, "nesting deeper than"),
    "long": ("weight + " * 400 + "weight", "longer than 2000 characters"),
    "string": ("'weight'", "strings are not allowed"),
    "subscript": ("[weight][0]", "subscripts and lists are not allowed"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("where", ["expr", "domain", "met"])
def test_hostile_formula_strings_are_refused_and_nothing_runs(
    case: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "executed"
    text, says = HOSTILE[case]
    text = text.format(marker=marker)
    parts = {"expr": "weight", "domain": "weight > 0 and target > 0 and actual >= 0",
             "met": "actual >= target", where: text}
    path = formula_child(tmp_path, parts["expr"], domain=repr(parts["domain"]),
                         met=repr(parts["met"]))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval, exec or compile was called")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, refuse)
    with pytest.raises(RulebookError) as err:
        load_rulebook_file(path)
    assert f"formulas.positive.{where}" in str(err.value)
    import re

    assert re.search(says, str(err.value)), str(err.value)
    assert not marker.exists()

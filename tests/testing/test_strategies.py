"""Properties of the engine over the forms, values and rulebooks scoring.testing generates."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine.score import score
from scoring.findings import Severity
from scoring.form.model import Form
from scoring.pipeline.check import check_form
from scoring.report.jsonreport import report_dict
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import Rulebook
from scoring.testing import HYPOTHESIS_MISSING
from scoring.testing.rulebooks import GENERATED, rulebooks
from scoring.testing.strategies import Sample, amounts, forms, numbers, percentages, targets
from scoring.values import parse_number, parse_printed

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
FORM_SCHEMA = json.loads((ROOT / "schemas" / "form.schema.json").read_text("utf-8"))
SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

form_and_rulebook = st.one_of(
    st.sampled_from(builtin_ids()).map(load_builtin), rulebooks()
).flatmap(lambda rb: st.tuples(forms(rb), st.just(rb)))
correct_form_and_rulebook = st.one_of(
    st.sampled_from(builtin_ids()).map(load_builtin), rulebooks()
).flatmap(lambda rb: st.tuples(forms(rb, filled=True), st.just(rb)))


# ------------------------------------------------------------------------- printed values


@given(numbers(0, 10**7, 3))
def test_a_printed_number_reads_back_exactly(drawn: tuple[str, Decimal]) -> None:
    text, value = drawn
    assert parse_number(text) == value


def _reads_as(sample: Sample) -> None:
    p = parse_printed(sample.text)
    assert (p.value, p.unit, p.op, p.magnitude()) == (
        sample.value, sample.unit, sample.op, sample.magnitude
    ), sample.text


@given(amounts())
def test_an_amount_reads_as_its_value_and_unit(sample: Sample) -> None:
    _reads_as(sample)


@given(percentages())
def test_a_percentage_reads_as_a_fraction_of_one(sample: Sample) -> None:
    _reads_as(sample)


@given(targets())
def test_a_target_reads_as_comparator_number_and_unit(sample: Sample) -> None:
    _reads_as(sample)


# ------------------------------------------------------------------------------- the engine


@SOME
@given(form_and_rulebook)
def test_scores_stay_within_weights_and_points(pair: tuple[Form, Rulebook]) -> None:
    form, rb = pair
    sheet = score(form, rb)
    for r in sheet.indicators:
        assert 0 <= r.score <= r.weight, (r.indicator.name, r.score, r.weight)
    points = rb.execution.points.value + rb.indicators.points.value
    assert 0 <= sheet.execution.value <= rb.execution.points.value
    assert 0 <= sheet.total.value <= points
    assert sum(r.weight for r in sheet.indicators) == rb.indicators.points.value


@SOME
@given(form_and_rulebook)
def test_every_form_and_its_json_report_follow_their_schemas(pair: tuple[Form, Rulebook]) -> None:
    form, rb = pair
    report = check_form(form, rulebook=rb)
    jsonschema.validate(report_dict([report], with_trace=True), SCHEMA)
    jsonschema.validate(form.model_dump(mode="json", exclude_none=True), FORM_SCHEMA)


@SOME
@given(correct_form_and_rulebook)
def test_a_form_printing_the_engines_numbers_raises_no_error(pair: tuple[Form, Rulebook]) -> None:
    form, rb = pair
    assert form.reported.total is not None
    findings = check_form(form, rulebook=rb).findings
    errors = [f"{f.code} {f.path}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    assert not errors


def _without_weights(form: Form, rows: set[int]) -> Form:
    data = form.model_dump(mode="json", exclude_none=True)
    for i in rows:
        data["indicators"][i].pop("weight", None)
    return Form.model_validate(data)


@SOME
@given(correct_form_and_rulebook, st.data())
def test_a_correct_form_printing_no_weights_for_some_rows_raises_no_error(
    pair: tuple[Form, Rulebook], data: st.DataObject
) -> None:
    """Forms as printed often leave the 分值 column blank. The weight is then derived, and
    whatever rests on it is at most a warning: blanking weights never makes an error."""
    form, rb = pair
    rows = data.draw(st.sets(st.integers(0, len(form.indicators) - 1), min_size=1))
    findings = check_form(_without_weights(form, rows), rulebook=rb).findings
    errors = [f"{f.code} {f.path}: {f.message}" for f in findings if f.severity is Severity.ERROR]
    assert not errors


@SOME
@given(correct_form_and_rulebook)
def test_a_correct_form_reproduces_every_number_it_prints(pair: tuple[Form, Rulebook]) -> None:
    form, rb = pair
    sheet = score(form, rb)
    assert form.reported.total is not None and form.reported.total.value == sheet.total.value
    for st_ in form.narrative:
        for name, sub in st_.level1.items():
            assert sub.score is not None and sub.score.value == sheet.subtotals[name].value


@SOME
@given(correct_form_and_rulebook, st.sampled_from(["total", "execution_score"]),
       st.integers(1, 500))  # fmt: skip
def test_a_printed_number_changed_by_any_amount_is_found(
    pair: tuple[Form, Rulebook], field: str, cents: int
) -> None:
    form, rb = pair
    printed = getattr(form.reported, field)
    assert printed is not None and printed.value is not None
    wrong = printed.value + Decimal(cents) / 100
    changed = form.reported.model_copy(update={field: parse_printed(f"{wrong}")})
    findings = check_form(form.model_copy(update={"reported": changed}), rulebook=rb).findings
    assert f"reported.{field}" in {f.path for f in findings}


# ------------------------------------------------------------------------------- rulebooks


@SOME
@given(rulebooks())
def test_a_variant_is_a_valid_rulebook_citing_its_changes(rb: Rulebook) -> None:
    again = Rulebook.model_validate(rb.model_dump())
    assert again.id.endswith("-variant")
    base = load_builtin(rb.id.removesuffix("-variant"))
    for (where, mine), (_, theirs) in zip(rb.parameters(), base.parameters(), strict=True):
        if mine.value != theirs.value:
            assert mine.source == GENERATED, where
    assert set(rb.compiled) == set(rb.formulas)


def test_variants_change_what_they_may() -> None:
    seen: set[str] = set()

    @settings(max_examples=80, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(rulebooks("central-2020"))
    def collect(rb: Rulebook) -> None:
        base = load_builtin("central-2020")
        for (where, mine), (_, theirs) in zip(rb.parameters(), base.parameters(), strict=True):
            if mine.value != theirs.value:
                seen.add(where)

    collect()
    assert {"execution.points", "execution.formula", "execution.amount_step", "indicators.bands",
            "indicators.structure", "rounding.score_step", "rounding.total", "grades"} <= seen  # fmt: skip


@pytest.mark.parametrize("module", ["scoring.testing.strategies", "scoring.testing.rulebooks"])
def test_the_strategies_without_hypothesis_say_how_to_install_it(module: str) -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        f"try:\n    import {module}\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == HYPOTHESIS_MISSING
    assert "jixiao[testing]" in out.stdout

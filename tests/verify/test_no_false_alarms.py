"""No false alarms from qualitative wording or unprinted comparators: properties over correct forms.

An error must be provable from the numbers the form prints. How a unit words a qualitative
actual, or whether it prints ≤ before a cost cap it met, is no such number.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.qualitative import normalize_word
from scoring.findings import Severity
from scoring.form.model import Form
from scoring.pipeline.check import check_form, load_form
from scoring.rulebook.load import load_builtin

ROOT = Path(__file__).resolve().parents[2]
CLEAN = [
    ROOT / "tests" / "forms" / "rulebooks" / name
    for name in ("sichuan-project.yaml", "anhui-project.yaml", "hubei-2023-project.yaml",
                 "process-blocks.yaml", "chongqing-department.yaml")
]  # fmt: skip
WORDS = sorted(load_builtin("hubei-2022").indicators.vocabulary())


def _errors(form: Form) -> list[str]:
    report = check_form(form)
    assert report.error is None, report.error_lines()
    return [f"{f.code} {f.path}" for f in report.findings if f.severity is Severity.ERROR]


def _with_row(form: Form, i: int, **changes: Any) -> Form:
    rows = list(form.indicators)
    data = rows[i].model_dump(mode="json", exclude_none=True) | changes
    rows[i] = type(rows[i]).model_validate(data)
    return form.model_copy(update={"indicators": tuple(rows)})


def test_the_clean_forms_are_clean() -> None:
    for path in CLEAN:
        form, _ = load_form(path)
        assert _errors(form) == [], path


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CLEAN),
    st.data(),
    st.one_of(st.sampled_from(WORDS), st.text(alphabet="完成良好推进有效较高显著提升，。 ", max_size=12)),
)
def test_rewording_a_scored_qualitative_actual_raises_no_error(
    path: Path, data: st.DataObject, words: str
) -> None:
    form, _ = load_form(path)
    scored = [
        i for i, r in enumerate(form.indicators)
        if r.reported_score is not None and not r.target.printed().numeric
        and r.actual.grade is None
    ]  # fmt: skip
    if not scored or not normalize_word(words):
        return
    i = data.draw(st.sampled_from(scored))
    sheet = check_form(form).sheet
    assert sheet is not None
    rb = sheet.rulebook
    cited = rb.indicators.vocabulary().get(normalize_word(words))
    if cited is not None and rb.cite(cited[1]).confidence != "assumed":
        return  # a cited grade word is the form's own grade: it may contradict its score
    new = set(_errors(_with_row(form, i, actual=words))) - set(_errors(form))
    assert not new, (words, new)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(WORDS), st.decimals(min_value=0, max_value=10, places=2))
def test_an_assumed_word_never_contradicts_a_printed_score(word: str, score: Decimal) -> None:
    rb = load_builtin("hubei-2022")
    grade, source, _ = rb.indicators.vocabulary()[word]
    form, _ = load_form(ROOT / "tests" / "forms" / "qualitative" / "words.yaml")
    row = _with_row(form, 0, actual=word, reported_score=str(score))
    errors = [e for e in _errors(row) if e.startswith("QUALITATIVE") and "[0]" in e]
    if rb.cite(source).confidence == "assumed":
        assert errors == []
    else:  # a cited word: an error exactly when the score leaves its grade's band
        lo, hi = rb.indicators.bands.value[grade]
        top = grade == "达成"
        inside = lo * 10 <= score <= hi * 10 if top else lo * 10 <= score < hi * 10
        assert (errors == []) == inside


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 200), st.integers(0, 199))
def test_a_cost_cap_met_without_a_printed_comparator_earns_full_marks(cap: int, spent: int) -> None:
    form, _ = load_form(ROOT / "tests" / "forms" / "rulebooks" / "hubei-2023-project.yaml")
    actual = min(spent, cap)
    row = _with_row(form, 2, target=f"{cap}万元", actual=f"{actual}万元")
    report = check_form(row)
    assert report.sheet is not None
    assert report.sheet.indicators[2].score == Decimal("10.00")
    assert [f.code for f in report.findings if f.severity is Severity.ERROR] == []

"""fill_printed: a form printing the engine's own numbers verifies without an error."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from scoring.engine.score import score
from scoring.findings import Severity
from scoring.pipeline.check import check_form, load_form
from scoring.rulebook.load import load_builtin
from scoring.rulebook.select import choose_rulebook
from scoring.testing.fill import fill_printed, percent_text

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml")) + sorted(
    p for p in (ROOT / "tests" / "forms").rglob("*.yaml")
    if "rules" not in p.parent.parts and "traditional" not in p.parent.parts
)  # tests/forms/**/rules/ hold rulebooks the forms beside them name; tests/forms/traditional/
# holds copies of forms of indicators/ (a real one whose rows weigh 110 of its 100 points)


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_a_published_form_printing_the_engines_numbers_verifies_clean(path: Path) -> None:
    form, _ = load_form(path)
    rb = choose_rulebook(form, path).rulebook
    before = check_form(form, rulebook=rb)
    filled = fill_printed(form, rb, rate_places=1, narrative=2)
    after = check_form(filled, rulebook=rb)
    # what remains are findings about the form's inputs, never about a number it prints (a
    # check skipped for want of a printed weight is said as info)
    printed = ("reported.", "narrative[")
    assert not [f for f in after.findings if f.path.startswith(printed) and f.severity != "info"]
    kept = {(f.code, f.path) for f in before.findings if not f.path.startswith(printed)}
    errors = {(f.code, f.path) for f in after.findings if f.severity is Severity.ERROR}
    assert errors <= kept
    sheet = score(filled, rb)
    if "total" not in sheet.unknown:
        assert filled.reported.total is not None
        assert filled.reported.total.value == sheet.total.value
    assert len(filled.narrative) == 2


def test_a_rulebook_that_scales_a_block_rates_it_on_the_rulebooks_points() -> None:
    form, _ = load_form(ROOT / "indicators" / "wuchang-bigdata-2022" / "02-zhihui-wuchang-phase3.yaml")
    rb = load_builtin("central-2020")  # 产出 60 on the form, 50 under central-2020
    filled = fill_printed(form, rb)
    rates = [f for f in check_form(filled, rulebook=rb).findings if f.code == "SUBTOTAL_RATE_MISMATCH"]
    assert rates == []


@pytest.mark.parametrize(
    ("ratio", "places", "text"),
    [("0.885575", 1, "88.6%"), ("0.885575", 2, "88.56%"), ("0.885575", 0, "89%"),
     ("1", 2, "100%"), ("0.85", 1, "85%"), ("0.00005", 2, "0.01%"), ("0", 0, "0%")],
)  # fmt: skip
def test_percent_text_rounds_half_up_and_drops_trailing_zeros(ratio: str, places: int, text: str) -> None:
    assert percent_text(Fraction(ratio), places) == text

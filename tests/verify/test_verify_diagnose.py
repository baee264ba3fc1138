"""verify/diagnose.py: which known way of computing by hand produces a stated number."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from scoring.values import parse_printed
from scoring.verify.diagnose import diagnose_execution_score, diagnose_total, tail_interval

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)

ZHIHUI = {"budget": "1960.42", "executed": "1736.1"}  # 20 × 0.885575… = 17.7115… → 17.71


def test_a_rate_rounded_before_multiplying(data: dict[str, Any], run: Run) -> None:
    data["funds"] = ZHIHUI
    sheet, _ = run(data)
    why = diagnose_execution_score(Decimal("17.72"), sheet, [parse_printed("88.6%")])
    assert why is not None
    assert (why.kind, why.severity, why.alternative) == ("rounding-policy", "warning", "rate-0.1pct")
    assert why.text.startswith("17.72 = 20 × 88.6 % (the rate as printed)")


def test_the_printed_rate_picks_among_alternatives(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "4794.98", "executed": "4557.3"}  # 95.04…%: 19.01; 20 × 95 % = 19
    sheet, _ = run(data)
    # 19.00 comes from the rate at whole percent, and from the rate at 0.1 % (95.0 %)
    printed_whole = diagnose_execution_score(Decimal("19"), sheet, [parse_printed("95%")])
    printed_tenth = diagnose_execution_score(Decimal("19"), sheet, [parse_printed("95.0%")])
    assert printed_whole is not None and printed_whole.alternative == "rate-1pct"
    assert printed_tenth is not None and printed_tenth.alternative == "rate-0.1pct"


def test_truncation_and_whole_points(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "3", "executed": "2"}  # 20 × 2 ÷ 3 = 13.333… → 13.33
    sheet, _ = run(data)
    # 20 × 0.682955 = 13.6591 → 13.66; truncated 13.65, which no rounding of the rate gives
    data["funds"] = {"budget": "2000", "executed": "1365.91"}
    truncated_sheet, _ = run(data)
    why = diagnose_execution_score(Decimal("13.65"), truncated_sheet)
    assert why is not None and why.alternative == "truncated"
    why = diagnose_execution_score(Decimal("13"), sheet)
    assert why is not None and why.alternative == "whole-points"


def test_a_tail_error_of_printed_amounts_is_info(data: dict[str, Any], run: Run) -> None:
    data["funds"] = {"budget": "0.03", "executed": "0.02"}  # amounts known only to ±0.005
    sheet, _ = run(data)
    lo, hi = tail_interval(sheet)
    assert lo <= sheet.execution.value <= hi and hi - lo > 1
    why = diagnose_execution_score(Decimal("15"), sheet)
    assert why is not None and (why.kind, why.severity) == ("tail", "info")


def test_a_number_nothing_explains(data: dict[str, Any], run: Run) -> None:
    sheet, _ = run(data)  # 17.00
    assert diagnose_execution_score(Decimal("12"), sheet) is None
    assert diagnose_total(Decimal("50"), sheet, None) is None


def test_a_total_carrying_the_execution_rounding(data: dict[str, Any], run: Run) -> None:
    data["funds"] = ZHIHUI
    sheet, _ = run(data)  # 17.71 + 73.20 = 90.91
    why = diagnose_total(Decimal("90.92"), sheet, None, [parse_printed("88.6%")])
    assert why is not None and (why.kind, why.alternative) == ("propagated", "rate-0.1pct")
    assert "the exact total is 90.91" in why.text


def test_a_total_that_adds_the_printed_rows(data: dict[str, Any], run: Run) -> None:
    sheet, _ = run(data)  # 90.20
    why = diagnose_total(Decimal("90.5"), sheet, Decimal("90.5"))
    assert why is not None and (why.kind, why.severity, why.alternative) == ("propagated", "warning", None)

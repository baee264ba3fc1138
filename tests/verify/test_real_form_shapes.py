"""Shapes of published forms that once raised false errors: each test holds one fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoring.findings import Finding, Severity

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


def errors(findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.path}" for f in findings if f.severity is Severity.ERROR]


def test_an_excerpt_is_not_held_to_the_rulebooks_level1_structure(data: dict[str, Any], run: Run) -> None:
    # an Anhui excerpt quotes 产出 (50) and only part of 效益; its 满意度 rows are cut off
    data["rulebook"], data["region"] = "anhui-2020", "安徽省"
    data["indicators"][0]["weight"], data["indicators"][1]["weight"] = "50", "20"
    data["completeness"], data["present"] = "partial", "产出指标 and two 效益指标 rows"
    sheet, found = run(data, "anhui-2020")
    assert [f.code for f in found if f.code.startswith("STRUCTURE")] == []
    assert sheet.indicators[1].scale == 1  # not rescaled to 效益 + 满意度 = 40
    data["completeness"] = "complete"  # the same rows as a whole form: 效益 is scaled, and said
    assert "STRUCTURE_MISMATCH indicators[1].level1" in errors(run(data, "anhui-2020")[1])

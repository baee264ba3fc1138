"""A form whose region has no rulebook of its own is scored under the nationwide template; what
rests on that template's rules is then a warning naming the assumption, never an error."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from scoring.findings import Severity
from scoring.pipeline.check import check_text

FORM: dict[str, Any] = {
    "kind": "project", "title": "示例项目", "unit": "示例单位", "year": 2020,
    "region": "上海市松江区", "source": {"document": "example", "section": "项目自评表"},
    "funds": {"budget": "100", "executed": "100"},
    "indicators": [  # 产出 43 / 效益 47, where central-2020 gives 50 / 30 (+ 满意度 10)
        {"level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "weight": "43",
         "weight_at": "表", "target": "100%", "actual": "80%", "reported_score": "43"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "覆盖率", "weight": "47",
         "weight_at": "表", "target": "100%", "actual": "100%", "reported_score": "47"},
    ],
    "reported": {"execution_score": "10", "total": "99"},
}  # fmt: skip


def severities(form: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in check_text(yaml.safe_dump(form, allow_unicode=True), "form.yaml").findings:
        out.setdefault(f.code, set()).add(f.severity.value)
    return out


def test_template_rules_are_assumed_for_a_region_without_a_rulebook() -> None:
    found = severities(FORM)
    assert found["RULEBOOK_SELECTED"] == {"info"}
    for code in ("STRUCTURE_MISMATCH", "INDICATOR_SCORE_MISMATCH"):
        assert found[code] == {"warning"}, code
    assert found["TOTAL_NOT_SUM_OF_ROWS"] == {"error"}  # 10 + 43 + 47 = 100, not 99: printed


def test_the_same_rules_are_errors_when_the_form_names_the_template() -> None:
    named = copy.deepcopy(FORM) | {"rulebook": "central-2020"}
    found = severities(named)
    assert "error" in found["STRUCTURE_MISMATCH"] and "error" in found["INDICATOR_SCORE_MISMATCH"]


def test_the_assumption_is_named() -> None:
    report = check_text(yaml.safe_dump(FORM, allow_unicode=True), "form.yaml")
    [f] = [f for f in report.findings if f.code == "INDICATOR_SCORE_MISMATCH"]
    assert f.severity is Severity.WARNING
    assert "nationwide template central-2020 is assumed" in f.params["assumed"]
    assert "上海市松江区" in f.text()

"""A small hand-built form under hubei-2022 whose every number is known, and a way to vary it.

Funds 200 / 170: rate 85 %, execution 20 × 0.85 = 17.00. 完成数量 (产出, 40): ≥100个 vs 83个,
40 × 83 ÷ 100 = 33.20. 群众满意 (效益, 40): 完成 → 达成 with no score, full 40. Total
17 + 33.2 + 40 = 90.20, grade 优 (≥ 90).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from scoring.engine.score import score
from scoring.engine.sheet import ScoreSheet
from scoring.findings import Finding
from scoring.form.model import Form
from scoring.rulebook.load import load_builtin
from scoring.verify.core import verify

BASE: dict[str, Any] = {
    "kind": "project",
    "title": "示例项目",
    "unit": "示例单位",
    "year": 2022,
    "region": "湖北省武汉市",
    "rulebook": "hubei-2022",
    "source": {"document": "example", "section": "项目自评表"},
    "funds": {"budget": "200", "executed": "170"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "完成数量", "weight": "40",
         "weight_at": "表", "target": "≥100个", "actual": "83个"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "群众满意", "weight": "40",
         "weight_at": "表", "target": "群众满意", "actual": "完成"},
    ],
}  # fmt: skip

Run = Callable[..., tuple[ScoreSheet, list[Finding]]]


@pytest.fixture
def data() -> dict[str, Any]:
    """A fresh copy of the form's data, to change before ``run``."""
    return copy.deepcopy(BASE)


@pytest.fixture
def run() -> Run:
    """Score and verify form data under a built-in rulebook: (sheet, findings)."""

    def _run(form: dict[str, Any], rulebook: str = "hubei-2022") -> tuple[ScoreSheet, list[Finding]]:
        sheet = score(Form.model_validate(form), load_builtin(rulebook))
        return sheet, verify(sheet, file="form.yaml")

    return _run


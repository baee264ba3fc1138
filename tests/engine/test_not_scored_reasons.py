"""A row that is not scored says whether its cell was left blank or printed but illegible."""

from __future__ import annotations

import pytest

from scoring.engine.score import score
from scoring.form.model import Form
from scoring.i18n.phrases import localize
from scoring.rulebook.load import load_builtin


def _why(target: str, actual: str) -> str:
    form = Form.model_validate({
        "kind": "project", "title": "示例", "unit": "示例单位", "year": 2022,
        "rulebook": "hubei-2022", "source": {"document": "example", "section": "自评表"},
        "funds": {"budget": "100", "executed": "100"},
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "weight": "40",
             "target": target, "actual": actual},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "满意度", "weight": "40",
             "target": "≥90%", "actual": "95%"},
        ],
    })  # fmt: skip
    [row] = [r for r in score(form, load_builtin("hubei-2022")).indicators if not r.known]
    assert row.why is not None
    return row.why


@pytest.mark.parametrize(
    ("target", "actual", "zh"),
    [("≥100人次", "/", "实际完成值未填列"), ("≥100人次", "?", "实际完成值无法辨认"),
     ("≥100人次", "字跡不清", "实际完成值无法辨认"), ("", "120人次", "目标值未填列"),
     ("？", "120人次", "目标值无法辨认")],
)  # fmt: skip
def test_blank_and_illegible_are_told_apart(target: str, actual: str, zh: str) -> None:
    why = _why(target, actual)
    assert localize(why, "zh-CN") == f"未计分：{zh}；不计分"
    assert ("illegible" in why) == ("无法辨认" in zh)

"""Focused tests for the false alarms a further round of real published forms exposed (黄石,
衡山 …; the forms are under indicators/real/ and their cases under tests/cases/real/).

Each test builds the smallest form that shows one cause, so that the fix is pinned down
besides the case of the real form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from minimal import codes, minimal_form

from scoring.engine.weights import resolve_weights
from scoring.findings import Severity
from scoring.form.model import Form
from scoring.pipeline.check import check_form
from scoring.rulebook.load import load_builtin


def _form(**changes: Any) -> Form:
    return minimal_form("湖南省衡阳市衡山县", 2020, "县级专项资金绩效目标自评表", changes)


def _codes(form: Form, severity: Severity | None = None) -> list[str]:
    return codes(form, severity)


def _row(
    name: str, level1: str = "产出指标", level2: str = "数量指标", **more: Any
) -> dict[str, Any]:
    return {
        "level1": level1,
        "level2": level2,
        "name": name,
        "target": "100%",
        "actual": "100%",
        **more,
    }


def test_weights_derived_from_a_block_add_up_to_its_points() -> None:
    # 衡山 2020: nine 产出 rows print no 分值; central-2020 gives 产出 50. 50 ÷ 9 rounded to
    # 5.56 each made 50.04, and the engine then warned that 产出 weighed 50.04, not 50 — about
    # its own rounding. The split is now in whole steps that add up to 50: 5.56 × 5 + 5.55 × 4.
    rows = [_row(f"指标{k}") for k in range(9)]
    rows += [_row("效益", "效益指标", "社会效益指标"), _row("满意度", "满意度指标", "满意度指标")]
    form = _form(indicators=rows)
    weights = resolve_weights(form, load_builtin("central-2020"))
    values = [w.value for w in weights if w is not None]
    assert values[:9] == [Decimal("5.56")] * 5 + [Decimal("5.55")] * 4
    assert sum(values[:9]) == Decimal(50)
    codes = _codes(form)
    assert "WEIGHTS_VS_RULEBOOK" not in codes and "STRUCTURE_MISMATCH" not in codes, codes


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=9000))
def test_a_derived_split_always_adds_up_to_the_heading(rows: int, cents: int) -> None:
    points = Decimal(cents) / 100
    blocks = [{"label": "年度绩效目标", "points": str(points)}]
    form = _form(
        indicators=[_row(f"指标{k}") for k in range(rows)],
        reported={"blocks": blocks},
    )
    weights = resolve_weights(form, load_builtin("central-2020"))
    values = [w.value for w in weights if w is not None]
    assert len(values) == rows
    assert sum(values) == points
    assert max(values) - min(values) <= Decimal("0.01")


def test_a_rate_to_reach_under_the_cost_heading_is_not_a_ceiling() -> None:
    # 衡山 2020 prints 国家政策性粮收购价格执行率 and 县级储备粮库存成本核算率 (100% → 100%)
    # under 成本指标, and 利息费用保障率 under 经济效益: each is a rate to reach. Read as a
    # ceiling, 95 % of a 100 % 执行率 would meet it in full.
    from scoring.engine.direction import infer_direction

    rb = load_builtin("central-2020")
    assert infer_direction("产出指标", "成本指标", "国家政策性粮收购价格执行率", rb) is None
    assert infer_direction("产出指标", "成本指标", "县级储备粮库存成本核算率", rb) is None
    assert infer_direction("效益指标", "经济效益指标", "利息费用保障率", rb) is None
    cost = infer_direction("产出指标", "成本指标", "项目总成本", rb)
    assert cost is not None and cost.op == "<="
    events = infer_direction("满意度指标", "服务对象满意度指标", "粮食安全事件发生数", rb)
    assert events is not None and events.op == "<=" and events.word == "发生数"
    form = _form(
        indicators=[
            _row("国家政策性粮收购价格执行率", level2="成本指标", actual="95%", weight="50"),
            _row("社会效益", "效益指标", "社会效益指标", weight="40"),
        ]
    )
    report = check_form(form)
    assert report.sheet is not None
    assert str(report.sheet.indicators[0].score) == "47.50"


def _hubei(**changes: Any) -> Form:
    return _form(**({"year": 2020, "region": "湖北省黄冈市"} | changes))


def test_a_heading_whose_rows_all_meet_their_targets_holds_their_full_scores() -> None:
    # 黄冈 2020: 年度绩效目标1（40分） over three rows with no 分值, each meeting its printed
    # target (100% → 100%, 100% → 100%, 98% → 98%), printing 10, 10 and 19.6. A met target
    # earns its whole weight, so their scores are their weights and must add up to 40: the form
    # contradicts itself (an error), not a heading "against derived weights" (a warning).
    rows = [
        _row("监测数据必须合格", block="年度绩效目标1", reported_score="10"),
        _row("取得监测资料", level2="进度指标", block="年度绩效目标1", reported_score="10"),
        _row("整编资料审核", "满意度指标", "服务对象满意度指标", block="年度绩效目标1",
             target="98%", actual="98%", reported_score="19.6"),
        _row("监测数据资料整编", block="年度绩效目标2", reported_score="40"),
    ]  # fmt: skip
    blocks = [
        {"label": "年度绩效目标1", "points": "40"},
        {"label": "年度绩效目标2", "points": "40"},
    ]
    form = _hubei(indicators=rows, reported={"blocks": blocks})
    errors = _codes(form, Severity.ERROR)
    assert errors == ["BLOCK_FULL_MARKS_MISMATCH"], errors
    assert "BLOCK_POINTS_MISMATCH" not in _codes(form)
    # a row that falls short of its target may score below its weight: then the heading is only
    # compared with derived weights, a warning
    rows[2] = rows[2] | {"actual": "90%"}
    form = _hubei(indicators=rows, reported={"blocks": blocks})
    assert _codes(form, Severity.ERROR) == []
    # under the nationwide template assumed for a region without a rulebook, it is a warning
    form = _form(
        indicators=[*rows[:2], rows[2] | {"actual": "98%"}], reported={"blocks": blocks[:1]}
    )
    assert _codes(form, Severity.ERROR) == []
    assert "BLOCK_FULL_MARKS_MISMATCH" in _codes(form, Severity.WARNING)


def test_an_inferred_direction_names_the_word_it_rests_on() -> None:
    # 黄石 2022: 成本指标 “200万” against “195.5万元”. The finding said only “按指标用语推定为
    # 上限” — whatever the rule's comparator: which word, and of which row, was left to guess.
    from scoring.i18n import render_message

    form = _form(
        region="湖北省黄石市",
        year=2022,
        indicators=[
            _row(
                "申报文本编制费", level2="成本指标", target="200万", actual="195.5万元", weight="80"
            )
        ],
    )
    report = check_form(form)
    assert report.error is None
    found = [f for f in report.findings if f.code == "DIRECTION_INFERRED"]
    assert len(found) == 1
    text = render_message(found[0].code, found[0].params, {}, "zh-CN", strict=True)
    assert text.startswith("申报文本编制费：") and "由“成本指标”推定为 ≤" in text


def test_a_derived_split_reads_in_chinese() -> None:
    # the derivation of a weight is engine text shown in the finding: in Chinese it must not
    # fall back to the English words (衡山 2020: 产出 50 among nine rows).
    from scoring.i18n.phrases import localize

    rows = [_row(f"指标{k}") for k in range(9)]
    weights = resolve_weights(_form(indicators=rows), load_builtin("central-2020"))
    how = weights[0].derived if weights[0] is not None else None
    assert how is not None and "in steps of 0.01 that add up to 50" in how
    text = localize(how, "zh-CN")
    assert (
        text
        == "central-2020 规定产出指标 50 分减去已列分值，由 9 个未列分值的行以 0.01 为单位均分，合计 50"
    )
    # and the check a blank cell skips (衡山: 政策性挂账利息补贴保障率 prints 无 as its actual)
    assert (
        localize("the score of 政策性挂账利息补贴保障率", "zh-CN")
        == "政策性挂账利息补贴保障率 的得分"
    )


def test_an_excerpt_still_holds_a_heading_its_rows_already_exceed() -> None:
    # A 2017 部门整体 得分表 quoted up to the first row of 综合管理: an excerpt's heading may have
    # rows left out, so 综合管理（30分） over one row of 1 is no fault. But rows present that
    # already weigh more than their heading contradict it whatever was left out: marking a form
    # partial must not hide that.
    rows = [
        {
            "level1": "部门决策",
            "level2": "目标任务",
            "name": n,
            "weight": "5",
            "reported_score": "5",
        }
        for n in ("相关性", "明确性", "合理性")
    ]
    blocks = [
        {"label": "部门决策", "points": "25"},
        {"label": "目标任务", "points": "15", "parent": "部门决策"},
        {"label": "预算编制", "points": "10", "parent": "部门决策"},
    ]
    partial = {"completeness": "partial", "present": "the 部门决策 rows", "funds": {}}
    form = _form(kind="department", indicators=rows, reported={"blocks": blocks}, **partial)
    assert _codes(form, Severity.ERROR) == []
    rows.append(rows[0] | {"name": "必要性"})  # 4 × 5 = 20 under 目标任务（15分）
    form = _form(kind="department", indicators=rows, reported={"blocks": blocks}, **partial)
    report = check_form(form)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert [(f.code, f.stated, f.computed) for f in errors] == [
        ("BLOCK_POINTS_MISMATCH", "15", "20")
    ]
    # nested headings present that outweigh their parent: 部门决策（20分） over 15 + 10
    blocks[0] = {"label": "部门决策", "points": "20"}
    form = _form(kind="department", indicators=rows[:3], reported={"blocks": blocks}, **partial)
    errors = [f for f in check_form(form).findings if f.severity is Severity.ERROR]
    assert [(f.code, f.stated, f.computed) for f in errors] == [
        ("BLOCK_POINTS_MISMATCH", "20", "25")
    ]
    # a heading none of whose rows is in the excerpt covers no row (池州: 满意度指标（10分） cut
    # off), not the whole table
    blocks = [{"label": "部门决策", "points": "25"}, {"label": "满意度", "points": "10"}]
    form = _form(kind="department", indicators=rows[:3], reported={"blocks": blocks}, **partial)
    assert _codes(form, Severity.ERROR) == []

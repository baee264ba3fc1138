"""Sentences of the findings on real templates: rulebook choice, the qualitative vocabulary,
direction words and template rules (docs/rulebooks.md), in zh-CN and English."""

from __future__ import annotations

from scoring.i18n.terms import Message

__all__ = ["TEMPLATE_MESSAGES"]

M = Message

TEMPLATE_MESSAGES: dict[str, Message] = {
    "BLOCK_POINTS_MISMATCH.excerpt": M(
        "标题“{label}（{stated}分）”：本节选中其下各行已合计 {computed} 分，超过标题分值；"
        "未录入的行只会使其更多",
        "the heading {label}（{stated}分）: the rows of this excerpt under it already weigh "
        "{computed}; rows left out could only add to that",
    ),
    "BLOCK_FULL_MARKS_MISMATCH": M(
        "标题“{label}（{stated}分）”下各指标均达成目标，应各得满分、合计 {stated} 分，"
        "但所列得分为 {rows}",
        "every row under the heading {label}（{stated}分）meets its target and so earns its whole "
        "weight, yet their printed scores add up to {rows}",
    ),
    "QUALITATIVE_GRADE_FROM_SCORE": M(
        "{name}：实际完成值 {stated} 不是评价等级用语，按所列得分 {computed} 所在区间定级",
        "{name}: {stated} is no grade word; graded by the band its printed score {computed} lies in",
    ),
    "QUALITATIVE_ASSUMED_WORD": M(
        "{name}：实际完成值 {stated} 仅按推定用语定级，未列得分，得分可能为 0 至满分，暂按 {computed} 计",
        "{name}: {stated} is graded only by an assumed word and no score is printed: the score "
        "could be 0 to the weight; {computed} is used",
    ),
    "QUALITATIVE_TARGET_STATED": M(
        "{name}：实际完成值 {stated} 即其目标值，视为达成",
        "{name}: the actual {stated} states its target: read as met",
    ),
    "DIRECTION_INFERRED": M(
        "{name}：目标值未印比较符，由“{word}”推定为 {op}（规则的 indicators.directions）；"
        "可在该行写明 `direction`",
        "{name}: no comparator printed; {op} is inferred from “{word}” "
        "(the rulebook's indicators.directions); a row's `direction` overrides it",
    ),
    "FORMULA_UNKNOWN": M(
        "{name}：所列计分公式不在本规则中，计 0 分",
        "{name}: the row names a formula its rulebook does not have; scored 0",
    ),
    "EXECUTION_SCORED_TWICE": M(
        "{name}：预算执行另作指标计分（{points} 分{derived}），与预算执行部分（{own} 分）重复计分",
        "{name}: budget execution is scored again as an indicator ({points} points{derived}), "
        "beside the execution block's own {own}",
    ),
    "COEFFICIENT_MISMATCH": M(
        "得分 {stated} 不等于 权重 × 得分系数 = {computed}",
        "the score {stated} is not weight × coefficient = {computed}",
    ),
    "CORE_FLAG_MISSING": M(
        "本规则的模板每行标明是否核心指标；{names} 未标明（`core:`）",
        "the rulebook's template marks each row 核心指标 or not; {names} do not say (`core:`)",
    ),
    "LEVEL3_WEIGHT_MISMATCH": M(
        "二级指标分值 {stated} 按行数均分取整应为每行 {computed} 分，所列分值不符",
        "the heading's {stated} points over its rows give each {computed}; the printed weights differ",
    ),
    "RULEBOOK_SELECTED": M(
        "按年度、地区和表类自动选定计分规则 {stated}",
        "scored under {stated}, chosen by the form's year, region and kind",
    ),
    "RULEBOOK_PERIOD": M(
        "计分规则 {stated} 的适用期间不含本表年度；因表内指定，仍按其计分",
        "the rulebook {stated} is not in force in the form's year; it is used because it is named",
    ),
}

"""Catalogue templates of the findings on forms as printed: funds blocks and their 其中 rows,
parent and merged rows, derived weights and assumed units, checks skipped (see ``messages``)."""

from __future__ import annotations

from scoring.i18n.terms import Message

__all__ = ["PRINTED_MESSAGES"]

M = Message

PRINTED_MESSAGES: dict[str, Message] = {
    "CHECK_SKIPPED": M(
        "未核对：{check}，因为 {why}",
        "not checked: {check}, because {why}",
    ),
    "WEIGHT_DERIVED": M(
        "{name}：原表未列示分值；按 {computed} 计分，该分值由 {derived} 推得",
        "{name}: the form prints no weight; scored on {computed}, derived from {derived}",
    ),
    "COMPARATOR_ASSUMED": M(
        "{name}：指标性质栏空白，目标值也未写比较符号：采用规则的默认比较方式",
        "{name}: the 指标性质 cell is blank and the target prints no comparator: the rulebook's "
        "default comparator is used",
    ),
    "UNIT_ASSUMED": M(
        "{name}：未标单位的数值按另一栏的单位读取（{note}）",
        "{name}: {note}",
    ),
    "FUNDS_ASSUMED": M("预算数 A：{note}", "预算数 A: {note}"),
    "EXECUTED_ABOVE_BUDGET": M(
        "执行数 B {stated} 高于预算数 A {computed}：超预算支出应予说明；执行率按规则公式封顶",
        "执行数 B {stated} is above 预算数 A {computed}: spending beyond the budget should be "
        "explained; the rate is capped by the rulebook's formula",
    ),
    "BUDGET_BASIS_USED": M(
        "年初预算数 {start} 与全年预算数 {adjusted} 相差 {diff:amount}；{rulebook} 按{used:term}计算执行率",
        "年初预算数 {start} and 全年预算数 {adjusted} differ by {diff:amount}; {rulebook} rates "
        "execution on {used:term}",
    ),
    "FUNDS_ROWS_EXCEED_TOTAL": M(
        "{column:term}的“其中”各行（{terms}）超过合计行 {stated:amount}：部分不能大于整体",
        "the 其中 rows of {column:term} ({terms}) exceed the total row {stated:amount}: a part "
        "cannot exceed its whole",
    ),
    "FUNDS_ROWS_SHORT_OF_TOTAL": M(
        "{column:term}的“其中”各行（{terms}）比合计行 {stated:amount} 少 {short:amount}："
        "可能漏列了某项来源或用途",
        "the 其中 rows of {column:term} ({terms}) fall short of the total row {stated:amount} by "
        "{short:amount}: a source or use may be missing from the rows",
    ),
    "FUNDS_ROW_RATE_MISMATCH": M(
        "{name}：执行率 {stated:pct} 不等于 执行数 {executed} ÷ 预算数 {budget} = {computed:pct}",
        "{name}: the rate {stated:pct} is not 执行数 {executed} ÷ 预算数 {budget} = {computed:pct}",
    ),
    "FUNDS_ROW_SCORE_MISMATCH": M(
        "{name}：得分 {stated} 不是执行率 {rate:pct} 下 {points} 分应得的 {computed}（{formula}）",
        "{name}: the score {stated} is not {points} points at the rate {rate:pct}: {computed} "
        "({formula})",
    ),
    "PARENT_WEIGHT_MISMATCH": M(
        "{name} 所列分值 {stated}；其下各行 {names} 分值合计 {computed}",
        "{name} prints the weight {stated}; its rows {names} weigh {computed}",
    ),
    "PARENT_SCORE_MISMATCH": M(
        "{name} 所列得分 {stated}；其下各行 {names} 所列得分合计 {computed}",
        "{name} prints the score {stated}; its rows {names} print {computed}",
    ),
    "PARENT_SCORE_MISMATCH.computed": M(
        "{what} 所列得分 {stated} 不等于各行核算得分 {scores} = {computed}",
        "the printed score {stated} of {what} is not their computed scores {scores} = {computed}",
    ),
    "MERGED_SCORE_MISMATCH.computed": M(
        "{what} 所列得分 {stated} 不等于各行核算得分 {scores} = {computed}",
        "the printed score {stated} of {what} is not their computed scores {scores} = {computed}",
    ),
    "BREAKDOWN_EXCEEDS_PARENT": M(
        "{name} 的“其中”各行（{terms}）合计超过其实际完成值 {stated}：可能有重叠，或数值录入有误",
        "the 其中 rows of {name} ({terms}) add up to more than its actual {stated}; they may "
        "overlap, or a value is mistyped",
    ),
    # -- reading a workbook
    "XLSX_FORMULA_MISMATCH": M(
        "单元格 {cell} 显示 {shown}，但其公式 {formula} 按所引用单元格计算得 {gives}："
        "可能关闭了自动重算，或在复制的公式上手工填了数；按显示值读取",
        "{cell} shows {shown}, but its formula {formula} gives {gives} on the cells it names: "
        "recalculation was off, or a value was typed over a copied formula; the value shown is read",
    ),
    "XLSX_FORMULA_UNCACHED": M(
        "单元格 {cell} 的公式 {formula} 从未被办公软件计算过；jixiao 按公式算得 {shown}",
        "{cell}: {formula} was never calculated by an office suite; jixiao computed it: {shown}",
    ),
    "XLSX_FORMULA_UNCHECKED": M(
        "单元格 {cell} 的公式 {formula} 用到 jixiao 不计算的函数；按显示值 {shown} 读取",
        "{cell}: {formula} uses what jixiao does not evaluate; the value shown, {shown}, is read "
        "as printed",
    ),
    "XLSX_HIDDEN_ROW": M(
        "第 {cell} 行被隐藏：其指标未读取（取消隐藏即可计入）",
        "row {cell} is hidden: its indicator is not read (unhide it to count it)",
    ),
}
"""Templates of the codes raised on forms as printed, by ``code`` or ``code.variant``."""

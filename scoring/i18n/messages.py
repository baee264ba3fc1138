"""The message catalogue of findings: one Chinese and one English template per finding code.

A key is a finding's ``code``, or ``code.variant`` when ``params["variant"]`` names one of
several sentences for the same code (a rounding explained, a tail difference, a label). A
template is ``str.format`` text over the finding's fields (``stated``, ``computed``,
``section``, ``path``) and its ``params``; format specs reshape a value as the form prints it
(``{x:amount}`` 1,960.42 万元, ``{x:pct}`` 88.6%, ``{x:term}`` a word of ``TERMS``).
"""

from __future__ import annotations

from scoring.i18n.printed import PRINTED_MESSAGES
from scoring.i18n.template_messages import TEMPLATE_MESSAGES
from scoring.i18n.terms import Message

__all__ = ["MESSAGES"]

M = Message


_MESSAGES: dict[str, Message] = {
    # -- the form against the rulebook
    "WEIGHTS_VS_RULEBOOK": M(
        "各指标分值合计 {stated} 分，但 {rulebook} 规定指标部分共 {computed} 分",
        "the indicator weights add up to {stated}, but {rulebook} gives the indicators {computed} points",
    ),
    "WEIGHT_NOT_PRINTED": M(
        "原表未列示 {names} 的分值：分值按录入取用，低于分值的得分无法与原表核对",
        "the document prints no weight for {names}; the weight was taken as transcribed, "
        "so a score below it cannot be checked against the document",
    ),
    "SCORE_ABOVE_WEIGHT": M(
        "{name}：填报得分 {stated} 超过分值 {weight}（得分不得突破权重总额）",
        "{name}: the printed score {stated} exceeds the weight {weight} (得分不得突破权重总额)",
    ),
    "INDICATOR_SCORE_MISMATCH": M(
        "{name}：填报 {stated}，核算 {computed}（{branch}：{formula}）",
        "{name}: printed {stated}, computed {computed} ({branch}: {formula})",
    ),
    "INDICATOR_SCORE_MISMATCH.statement": M(
        "{section} 所列{name}得分 {stated}；核算为 {computed}",
        "{section} gives {name} {stated}; computed {computed}",
    ),
    "KIND_MISMATCH": M(
        "{name}：声明为定量指标，但目标值“{target}”与实际完成值“{actual}”无法比较",
        "{name}: declared quantitative, but '{target}' and '{actual}' are not comparable",
    ),
    "FORMULA_UNDEFINED": M(
        "{name}：公式 {formula} 无法计算这组数据（{why}），按 0 分计",
        "{name}: formula {formula} cannot score these inputs ({why}); scored 0",
    ),
    "QUALITATIVE_GRADE": M(
        "{name}：定性指标的实际完成值“{actual}”对应不到评价等级",
        "{name}: no grade for the qualitative actual '{actual}'",
    ),
    "QUALITATIVE_NO_SCORE": M(
        "{name}：评为{grade}但未填得分，按该档下限计分",
        "{name}: {grade} with no score given: the band minimum is used",
    ),
    "QUALITATIVE_OUT_OF_BAND": M(
        "{name}：填报得分 {score} 不在“{grade}”档 {low}–{high} 分之内",
        "{name}: the printed score {score} lies outside the band {grade} {low}–{high}",
    ),
    "PARTS_MISMATCH.units": M(
        "{name}：各分项数值的计量单位不一致（{values}）",
        "{name}: the parts' values are in different units ({values})",
    ),
    "PARTS_MISMATCH.target": M(
        "{name}：目标值“{target}”不是可据以计分的数值",
        "{name}: the target '{target}' is not a number to score against",
    ),
    "PARTS_MISMATCH.ops": M(
        "{name}：各分项目标值的比较方式不同（{ops}）",
        "{name}: the parts' targets compare differently ({ops})",
    ),
    "PARTS_MISMATCH.actual": M(
        "{name}：填报实际完成值 {printed} 不是各分项合并值 {combined}",
        "{name}: the printed actual {printed} is not the combined value {combined}",
    ),
    "PARTS_MISMATCH.band": M(
        "{name}：合并得分 {computed} 不在“{grade}”档之内",
        "{name}: the combined score {computed} lies outside the band of {grade}",
    ),
    "PARTS_MISMATCH.score": M(
        "{name}：填报得分 {printed} 不是合并得分 {computed}",
        "{name}: the printed score {printed} is not the combined {computed}",
    ),
    "PARTS_MISMATCH.part": M(
        "{name}：分项“{part}”得分 {score}，超出其分值 {weight} 的范围",
        "{name}: {part} scores {score} on a weight of {weight}",
    ),
    "OUTSIDE_DOMAIN": M(
        "{name}：{values} 超出公式 {formula} 的定义域 {domains}；该公式的证明（0 ≤ 得分 ≤ 分值、"
        "单调、达标得满分）不覆盖此得分",
        "{name}: {values} lies outside the domain of formula {formula} {domains}; its proofs "
        "(0 ≤ score ≤ weight, monotone, full when met) do not cover this score",
    ),
    "STRUCTURE_UNKNOWN_BLOCK": M(
        "{block}（{stated} 分）不是 {rulebook} 的一级指标（{blocks}）；其各行按原样计分",
        "{block} ({stated} points) is not a level-1 block of {rulebook} ({blocks}); its rows "
        "are scored as they are",
    ),
    "STRUCTURE_MISMATCH": M(
        "{block} 在表中共 {stated} 分，{rulebook} 规定为 {computed} 分：其各行按 {computed} ÷ "
        "{stated} 折算",
        "{block} weighs {stated} on the form; {rulebook} gives it {computed}: its rows are "
        "scaled by {computed} ÷ {stated}",
    ),
    "STRUCTURE_MISMATCH.moved": M(
        "{block} 在表中共 {stated} 分，{rulebook} 规定为 {computed} 分（含缺少的{moved}的分值）："
        "其各行按 {computed} ÷ {stated} 折算",
        "{block} weighs {stated} on the form; {rulebook} gives it {computed} (with the points "
        "of the absent {moved}): its rows are scaled by {computed} ÷ {stated}",
    ),
    "STRUCTURE_MISSING_BLOCK": M(
        "表中没有{block}指标；{rulebook} 规定{block}共 {computed} 分，无一行可得这部分分数",
        "the form has no {block} indicators; {rulebook} gives {block} {computed} points, "
        "which no row can earn",
    ),
    "STRUCTURE_SCALED_SCORE": M(
        "{name}：填报的 {stated} 是按表中分值 {weight} 计的得分；{rulebook} 将{block}折算"
        "（{formula}）为 {computed}",
        "{name}: the printed {stated} is its score on the form's weight {weight}; {rulebook} "
        "scales {block} ({formula}) to {computed}",
    ),
    "NOT_APPLICABLE.rescale": M(
        "{name}（{weight} 分）标为不适用：不计入，总分按满分折算",
        "{name} ({weight} points) is marked not applicable: dropped: the total is rescaled "
        "to full points",
    ),
    "NOT_APPLICABLE.zero": M(
        "{name}（{weight} 分）标为不适用：本规则不折算，该项得 0 分",
        "{name} ({weight} points) is marked not applicable: scored 0 under this rulebook, "
        "which does not rescale",
    ),
    "OVER_ACHIEVEMENT": M(
        "{name}：实际完成值 {stated} 为{bound:term} {target} 的 {share:pct}（≥ {threshold:pct}）："
        "目标可能定得过低，应予说明，并可按照偏离度适度调减分值；本工具只提示，不扣分",
        "{name}: {stated} is {share:pct} of the {bound:term} {target} (≥ {threshold:pct}): a "
        "target set too low should be explained, and the score may be reduced by the "
        "deviation (按照偏离度适度调减分值); jixiao flags it and keeps the score",
    ),
    "OVER_ACHIEVEMENT.ceiling": M(
        "{name}：实际完成值 {stated} 仅为上限 {target} 的 {share:pct}（上限达到完成值的 "
        "{threshold:pct} 以上）：上限可能定得过高，应予说明，并可按照偏离度适度调减分值；"
        "本工具只提示，不扣分",
        "{name}: {stated} is only {share:pct} of the ceiling {target} (the ceiling is ≥ "
        "{threshold:pct} of the completion): a ceiling set far above what was needed should be "
        "explained, and the score may be reduced by the deviation (按照偏离度适度调减分值); "
        "jixiao flags it and keeps the score",
    ),
    # -- funds and execution
    "FUNDS_MISMATCH": M(
        "{section} 所列{field:term} {stated:amount}，本表为 {computed:amount}",
        "{section} states {field:term} {stated:amount}, the form {computed:amount}",
    ),
    "FUNDS_MISMATCH.tail": M(
        "{section} 所列{field:term} {stated:amount}，本表为 {computed:amount}：尾差 {diff:amount}",
        "{section} states {field:term} {stated:amount}, the form {computed:amount}: a tail "
        "difference of {diff:amount}",
    ),
    "BUDGET_BASIS_OTHER": M(
        "{section} 所列{stated_basis:term}为 {stated:amount}；本表的 A {computed:amount} 为"
        "{basis:term}，相差 {extra:amount}",
        "{section} gives {stated_basis:term} as {stated:amount}; the form's A "
        "{computed:amount} is {basis:term}, {extra:amount} from it",
    ),
    "BUDGET_BASIS_MISMATCH": M(
        "{section} 称 A {amount:amount}为{stated_basis:term}；{rulebook} 规定 A 为{basis:term}",
        "{section} calls A {amount:amount} {stated_basis:term}; {rulebook} defines A as "
        "{basis:term}",
    ),
    "BUDGET_BASIS_MISMATCH.other": M(
        "{section} 称 A {amount:amount}为{stated_basis:term}；{rulebook} 规定 A 为{basis:term}；"
        "{other_section}所列{stated_basis:term}为 {other_amount:amount}，故 {amount:amount} 并非该数",
        "{section} calls A {amount:amount} {stated_basis:term}; {rulebook} defines A as "
        "{basis:term}; {other_section} gives {stated_basis:term} as {other_amount:amount}, "
        "so {amount:amount} is not it",
    ),
    "EXEC_POINTS_MISMATCH": M(
        "标题所列预算执行分值 {stated} 分；{rulebook} 规定为 {computed} 分",
        "the heading gives budget execution {stated} points; {rulebook} gives {computed}",
    ),
    "EXEC_RATE_MISMATCH": M(
        "执行率 {stated:pct} 不等于 B ÷ A = {computed:pct}",
        "the rate {stated:pct} is not B ÷ A = {computed:pct}",
    ),
    "EXEC_SCORE_MISMATCH": M(
        "填报的预算执行得分 {stated} 无法由任何已知的取舍方式得出；精确得分为 {computed}（{exact}）",
        "{stated} is not explained by any known rounding; the score is {computed} ({exact})",
    ),
    "EXEC_SCORE_MISMATCH.rate": M(
        "{stated} = {points} × {rate:pct}{also:term}：{alt}；精确得分为 {computed}"
        "（{points} × {executed:amount} ÷ {budget:amount} = {exact}）",
        "{stated} = {points} × {rate:pct}{also:term}: {alt}; the exact score is {computed} "
        "({points} × {executed:amount} ÷ {budget:amount} = {exact})",
    ),
    "EXEC_SCORE_MISMATCH.printed_rate": M(
        "{stated} 不等于 {points} × 填报的执行率 {rate}："
        "执行率与得分按所列位数任意取舍，得分应在 {span} 之间",
        "{stated} is not {points} × the printed rate {rate}: with the rate and the score rounded "
        "any way to their printed digits it lies in {span}",
    ),
    "EXEC_SCORE_MISMATCH.score": M(
        "{stated}：{alt}；精确得分为 {computed}（{points} × {executed:amount} ÷ {budget:amount} = {exact}）",
        "{stated}: {alt}; the exact score is {computed} ({points} × {executed:amount} ÷ "
        "{budget:amount} = {exact})",
    ),
    "EXEC_SCORE_MISMATCH.tail": M(
        "{stated} 落在 [{low}, {high}] 之内，即 A、B 仅精确到 ±{half:amount} 时可能的得分"
        "（金额列至 {step} 的尾差）；精确得分为 {computed}（{points} × {executed:amount} ÷ "
        "{budget:amount} = {exact}）",
        "{stated} lies within [{low}, {high}], the scores possible when A and B are only known "
        "to ±{half:amount} (tail error of amounts printed to {step}); the exact score is "
        "{computed} ({points} × {executed:amount} ÷ {budget:amount} = {exact})",
    ),
    "SCORE_RATE_MISMATCH": M(
        "得分率 {stated:pct} 不是预算执行得分与其 {points} 分之比（{computed:pct}）",
        "得分率 {stated:pct} is not the execution score over its {points} points ({computed:pct})",
    ),
    "SCORE_RATE_MISMATCH.rounded": M(
        "得分率 {stated:pct} = {printed} ÷ {points}：由取舍后的得分算出；精确得分率为 {computed:pct}",
        "得分率 {stated:pct} = {printed} ÷ {points}: computed from the rounded score; the exact "
        "得分率 is {computed:pct}",
    ),
    "BLOCK_POINTS_PLACEHOLDER": M(
        "标题“{label}（{stated}分）”未填写；其下指标分值合计 {computed}",
        "the heading {label}（{stated}分）was never filled in; its indicators weigh {computed}",
    ),
    "POINTS_TOTAL_MISMATCH": M(
        "分值合计 {stated} 与预算执行分值及各指标分值之和 {computed} 不符（{terms}）",
        "the 合计 of the 分值 column, {stated}, is not the execution points and the indicator "
        "weights added up, {computed} ({terms})",
    ),
    "BLOCK_POINTS_MISMATCH": M(
        "标题“{label}（{stated}分）”与其下指标分值合计 {computed} 不符",
        "the heading {label}（{stated}分）does not match the weights of its indicators, which "
        "add up to {computed}",
    ),
    # -- subtotals, totals, grade
    "SUBTOTAL_MISMATCH": M(
        "{section} 所列{name} {stated}；本表{name}各行合计 {computed}",
        "{section} gives {name} {stated}; the form's {name} rows add up to {computed}",
    ),
    "SUBTOTAL_MISMATCH.label": M(
        "{section} 所列{name} {stated} 是全部指标的得分（{parts}）：“{name}”这一标签实指整个指标表；"
        "{name}本身为 {computed}",
        "{section} gives {name} {stated}, the score of all indicators ({parts}): the label "
        "{name} covers the whole indicator table; {name} alone is {computed}",
    ),
    "SUBTOTAL_POINTS_MISMATCH": M(
        "{section} 所列{name} {stated} 分；其下指标分值合计 {computed}",
        "{section} gives {name} {stated} points; its indicators weigh {computed}",
    ),
    "SUBTOTAL_RATE_MISMATCH": M(
        "{section} 所列{name}得分率 {stated:pct}；核算为 {computed:pct}",
        "{section} gives {name} 得分率 {stated:pct}; computed {computed:pct}",
    ),
    "UNKNOWN_INDICATOR": M(
        "{section} 提到的指标“{name}”不在本表中",
        "{section} speaks of indicator '{name}', which is not on the form",
    ),
    "WEIGHT_MISMATCH": M(
        "{section} 所列{name} {stated} 分；本表分值为 {computed}",
        "{section} gives {name} {stated} points; the form's weight is {computed}",
    ),
    "INDICATOR_COUNT_MISMATCH": M(
        "{section} 称共设置 {stated} 个绩效指标；本表有 {computed} 个",
        "{section} says {stated} indicators were set; the form has {computed}",
    ),
    "TOTAL_MISMATCH": M(
        "总分 {stated} 不是核算的 {computed}，也无已知的取舍方式可得出",
        "总分 {stated} is not the computed {computed} and no known rounding produces it",
    ),
    "TOTAL_MISMATCH.propagated": M(
        "{stated} = {execution} + {indicators}，沿用了预算执行得分的取舍：{alt}；精确总分为 {computed}",
        "{stated} = {execution} + {indicators} carries the execution score's rounding: {alt}; "
        "the exact total is {computed}",
    ),
    "TOTAL_MISMATCH.rows": M(
        "{stated} 是各行所列得分之和；与核算的 {computed} 不同仅因这些行，各行另有提示",
        "{stated} adds the rows as printed; it differs from the computed {computed} only "
        "through those rows, each reported on its own",
    ),
    "TOTAL_NOT_SUM_OF_ROWS": M(
        "总分 {stated} 不等于本表各行所列得分之和（{rows}）：所列各行为 {written} = {rows}；"
        "核算总分为 {total}",
        "总分 {stated} is not the sum of the form's own printed rows ({rows}): the printed rows "
        "are {written} = {rows}; the computed total is {total}",
    ),
    "TOTAL_NOT_SUM_OF_ROWS.agreeing": M(
        "总分 {stated} 不等于本表各行所列得分之和（{rows}）：所列各行为 {written} = {rows}；核算总分为 "
        "{total}，{sections} 所载亦为 {agreed}",
        "总分 {stated} is not the sum of the form's own printed rows ({rows}): the printed rows "
        "are {written} = {rows}; the computed total is {total}; {sections} state {agreed}",
    ),
    "GRADE_MISMATCH": M(
        "等级“{stated}”与核算总分 {total}（{computed}）不符",
        "grade {stated} does not follow from the computed total {total} ({computed})",
    ),
    "GRADE_MISMATCH.stated": M(
        "等级“{stated}”与核算总分 {total}（{computed}）不符，但与所填总分相符",
        "grade {stated} does not follow from the computed total {total} ({computed}) but "
        "follows from the stated total",
    ),
    # -- roll-ups and reference figures
    "ROLLUP_MIXED_KINDS": M(
        "{departments} 是部门整体自评表，已涵盖其项目支出：与项目表一起汇总会重复计算",
        "{departments} is a department form, which covers its projects' spending too: rolled "
        "up with project forms, that spending counts twice",
    ),
    "ROLLUP_COUNT_MISMATCH": M(
        "{section} 称 {stated} 个项目；该行涵盖 {computed} 张自评表",
        "{section} speaks of {stated} projects; the line covers {computed} forms",
    ),
    "ROLLUP_BUDGET_BASIS": M(
        "{section} 所列“{name}”为 {stated:amount}；各表调整后预算数（A）合计 "
        "{computed:amount}：年中追加 {added:amount}",
        "{section} gives the year-start budget (年初预算数) of {name} as {stated:amount}; the "
        "forms' adjusted budgets (调整后预算数, A) add up to {computed:amount}: {added:amount} "
        "were added during the year",
    ),
    "ROLLUP_FUNDS_MISMATCH": M(
        "{section} 所列{name} {stated:amount}（{measure:term}）；{titles} 合计 {computed:amount}：原因不明",
        "{section} gives {name} {stated:amount} ({measure}); the forms {titles} add up to "
        "{computed:amount}: no known reason",
    ),
    "ROLLUP_FUNDS_MISMATCH.tail": M(
        "{section} 所列{name} {stated:amount}（{measure:term}）；{titles} 合计 {computed:amount}："
        "尾差 {diff:amount}（金额列至 {step}）",
        "{section} gives {name} {stated:amount} ({measure}); the forms {titles} add up to "
        "{computed:amount}: a tail difference of {diff} (amounts printed to {step})",
    ),
    "ROLLUP_FUNDS_MISMATCH.label": M(
        "{section} 所列{name} {stated:amount}（{measure:term}）；{titles} 合计 {computed:amount}："
        "该数等于各表的{other:term}，而非{measure:term}",
        "{section} gives {name} {stated:amount} ({measure}); the forms {titles} add up to "
        "{computed:amount}: the line equals the forms' {other} amounts, not their {measure}",
    ),
    "ROLLUP_FUNDS_MISMATCH.projects": M(
        "各项目表合计 {computed:amount}；{section} 所列项目支出 {stated:amount}",
        "the project forms add up to {computed:amount}; {section} gives project spending "
        "{stated:amount}",
    ),
    "ROLLUP_SHARE_UNKNOWN": M(
        "占比所指的“{of}”：没有这一编号的行或部门数",
        "share of '{of}': no line or department figure has that id",
    ),
    "ROLLUP_SHARE_MISMATCH": M(
        "{section} 称 {amount:amount} 占{name}的 {stated:pct}，实为 {computed:pct}",
        "{section} gives {amount:amount} as {stated:pct} of {name}, but it is {computed:pct} of it",
    ),
    "ROLLUP_SHARE_MISMATCH.label": M(
        "{section} 称 {amount:amount} 占{name}的 {stated:pct}，实为{name}（{base:amount}）的 "
        "{computed:pct}；{stated:pct} 是 {amount} ÷ {other_base}，即占{other_name}的比例：标签所指的总数有误",
        "{section} gives {amount:amount} as {stated:pct} of {name}, but it is {computed:pct} of "
        "{name} ({base:amount}); {stated:pct} is {amount} ÷ {other_base}, its share of "
        "{other_name}: the label names the wrong whole",
    ),
    "DEPT_SPLIT_MISMATCH": M(
        "基本支出 {basic:amount} + 项目支出 {projects:amount} = {computed:amount}，"
        "不等于合计 {stated:amount}",
        "basic {basic:amount} + projects {projects:amount} = {computed:amount}, not the total "
        "{stated:amount}",
    ),
    "DEPT_INCLUDES_BASIC": M(
        "部门支出合计 {stated:amount} = 基本支出 {basic:amount} + 项目支出 {projects:amount}："
        "部门整体自评表也涵盖基本支出，故项目汇总（{executed:amount}）只占其 {share:pct}，并非部门全部支出",
        "the department total {stated:amount} = basic {basic:amount} + projects "
        "{projects:amount}: the department form covers basic spending too, so the project "
        "roll-up ({executed:amount}) is {share:pct} of it, not the department's spending",
    ),
    "DEPT_TOTAL_MISMATCH": M(
        "部门整体自评表“{title}”所列执行数 {computed:amount}；{section} 所列为 {stated:amount}",
        "the department form {title} gives 执行数 {computed:amount}; {section} gives "
        "{stated:amount}",
    ),
    "DEPT_BASIC_BUDGET": M(
        "部门整体表预算数 {stated:amount} 减去各项目表预算数 {rolled:amount}，余 {computed:amount} "
        "为基本支出，实际基本支出 {basic:amount}（{share:pct}）；部门表与项目表的 A 口径未必一致",
        "the department form's budget {stated:amount} less the project forms' budgets "
        "{rolled:amount} leaves {computed:amount} for basic spending, which was {basic:amount} "
        "({share:pct}); the department form's A and the project forms' A need not be on the "
        "same basis",
    ),
    "DEPT_SCORE_VS_ROLLUP": M(
        "部门整体表按其自身指标和全部支出得 {stated} 分；项目汇总得 {computed} 分"
        "（各项目总分的资金加权平均 {mean}）：口径不同，不要求一致",
        "the department form scores {stated} on its own indicators and its whole spending; the "
        "project roll-up scores {computed} (fund-weighted mean of the projects' totals {mean}): "
        "different scopes, so no agreement is expected",
    ),
    "DEPT_SCORE_VS_ROLLUP.printed": M(
        "部门整体表（所填总分 {printed}）按其自身指标和全部支出得 {stated} 分；项目汇总得 {computed} 分"
        "（各项目总分的资金加权平均 {mean}）：口径不同，不要求一致",
        "the department form (printed 总分 {printed}) scores {stated} on its own indicators and "
        "its whole spending; the project roll-up scores {computed} (fund-weighted mean of the "
        "projects' totals {mean}): different scopes, so no agreement is expected",
    ),
}
"""The sentences of the checks of a form and of roll-ups."""

MESSAGES: dict[str, Message] = {**_MESSAGES, **PRINTED_MESSAGES, **TEMPLATE_MESSAGES}
"""Every finding sentence, by ``code`` or ``code.variant``."""

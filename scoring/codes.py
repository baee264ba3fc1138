"""The catalogue of finding codes: every code jixiao can raise, documented once.

Each entry gives the code, the severities it can take (the first is the usual one), a title
in Chinese and English, what it checks, and an example. ``docs/codes.md`` and the ``code``
enum of ``schemas/report.schema.json`` are generated from this table, and a test checks that
every code raised anywhere in the package is here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATALOGUE", "CodeInfo", "codes_markdown", "lookup"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One finding code: its severities, titles and what it checks, with an example."""

    code: str
    severities: tuple[str, ...]
    title_zh: str
    title_en: str
    checks: str
    example: str


def _c(code: str, sev: str, zh: str, en: str, checks: str, example: str) -> CodeInfo:
    return CodeInfo(code, tuple(sev.split("/")), zh, en, checks, example)


_ENTRIES = (
    # ---- the budget-execution block
    _c("EXEC_RATE_MISMATCH", "error/warning", "执行率与预算数、执行数不符", "execution rate does not match",
       "a stated 执行率 against B ÷ A at its printed precision",
       "执行率 90% printed for 1736.1 / 1960.42 (88.56 %)"),
    _c("EXEC_SCORE_MISMATCH", "error/warning", "预算执行得分与计算不符", "execution score differs",
       "a stated execution score against the computed one, with the rounding that explains it",
       "17.72 printed, 17.71 computed: the rate was rounded to 88.6 % first (warning)"),
    _c("SCORE_RATE_MISMATCH", "error/warning", "得分率与得分不符", "score rate differs",
       "a stated 得分率 against score ÷ points", "得分率 97.8 % from the rounded score 19.55"),
    _c("EXEC_POINTS_MISMATCH", "error/warning", "预算执行分值与规则不符", "execution points differ",
       "the execution heading's points against the rulebook's",
       "预算执行率（10分） under a 20-point rulebook"),
    _c("FUNDS_MISMATCH", "error/info", "资金数与表内不符", "funds restated differently",
       "an amount restated in the narrative against the form's A or B", "年初预算数 4794.98 vs 2334.12"),
    _c("BUDGET_BASIS_MISMATCH", "warning", "预算口径不一致", "budget basis differs",
       "the budget a statement names (年初 / 调整后) against the rulebook's A",
       "“年初预算数 4794.98” where 4794.98 is the adjusted budget"),
    _c("EXECUTED_ABOVE_BUDGET", "warning", "执行数超过预算数", "executed above budget",
       "全年执行数 B above 预算数 A (the rate is capped by the formula)", "B 52 万元 against A 50 万元"),
    _c("BUDGET_BASIS_USED", "info", "年初与调整后预算不同", "the two budgets differ",
       "年初预算数 and 全年预算数 both printed and different: which one A is",
       "年初 200, 全年 250: A is 250 under hubei-2022"),
    _c("FUNDS_ASSUMED", "warning", "预算数A系推定", "budget A assumed",
       "A taken from the other budget column or from the 其中 rows, when the rulebook's is blank",
       "全年预算数 blank: 年初预算数 used"),
    _c("FUNDS_ROWS_EXCEED_TOTAL", "error", "其中行超过合计", "其中 rows exceed the total",
       "the 其中 rows of one group against the total row (a part cannot exceed its whole)",
       "合计 0 while 财政拨款 35"),
    _c("FUNDS_ROWS_SHORT_OF_TOTAL", "warning", "其中行小于合计", "其中 rows short of the total",
       "the 其中 rows of one group adding up to less than the total row",
       "财政拨款 200 + 其他资金 40 under a total of 250"),
    _c("FUNDS_ROW_RATE_MISMATCH", "error", "其中行执行率不符", "a 其中 row's rate differs",
       "a 其中 row's printed 执行率 against its own B ÷ A", "财政拨款 90% for 180 of 190"),
    _c("FUNDS_ROW_SCORE_MISMATCH", "error", "其中行得分不符", "a 其中 row's score differs",
       "a 其中 row's printed 得分 against its points at its own rate", "其他资金 20 at 80 % (16.00)"),
    _c("BUDGET_BASIS_OTHER", "info", "采用另一预算口径", "another budget basis",
       "a statement on another budget basis than the rulebook's A", "全年预算数 printed beside 年初预算数"),
    # ---- indicators
    _c("INDICATOR_SCORE_MISMATCH", "error/warning", "指标得分与计算不符", "indicator score differs",
       "a printed indicator score against its formula",
       "得分 18 for 90 of a ≥100 target on weight 20 (18.00)"),
    _c("SCORE_ABOVE_WEIGHT", "error/warning", "得分超过分值", "score above weight",
       "a printed score above its weight (得分不得突破权重)", "得分 22 on a weight of 20"),
    _c("QUALITATIVE_OUT_OF_BAND", "error/warning", "定性指标得分不在等级区间",
       "qualitative score outside its band",
       "a qualitative score against its grade's band", "达成 scored 10 of 20 (band 16–20)"),
    _c("QUALITATIVE_GRADE", "warning/error", "定性指标无法定级", "qualitative grade unknown",
       "a qualitative actual no word or score grades: the score and total shown as a range",
       "实际完成值 “推进中” with no grade word and no score"),
    _c("QUALITATIVE_NO_SCORE", "warning", "定性指标未打分", "qualitative score not printed",
       "a lower grade printed with no score to check", "部分达成 with a blank 得分"),
    _c("QUALITATIVE_GRADE_FROM_SCORE", "info", "定性指标按得分定级", "grade read from the score",
       "a descriptive actual (or an assumed word) graded by the band its printed score lies in",
       "“运行良好，群众反映较好” scored 9 of 10: 达成"),
    _c("QUALITATIVE_ASSUMED_WORD", "warning", "定性用语按假定定级", "grade word assumed",
       "an actual graded only by an [assumed] word of the vocabulary, with no score printed",
       "通过 read as 达成; the score could be 0–10"),
    _c("QUALITATIVE_TARGET_STATED", "info", "实际值即目标值", "actual states its target",
       "a qualitative actual identical to its target, or stating it, read as met",
       "目标 按期完成, 实际 已按期完成"),
    _c("DIRECTION_INFERRED", "info", "指标方向为推定", "direction inferred",
       "a target printed without ≥ / ≤ whose direction the rulebook infers from its words",
       "成本指标 200万元 vs 195.5万元 read as ≤"),
    _c("FORMULA_UNKNOWN", "error", "未知计分公式", "unknown formula",
       "a row naming a formula its rulebook does not have", "formula: deduct-2 under hubei-2022"),
    _c("KIND_MISMATCH", "error/warning", "指标类型与数值不符", "indicator kind does not fit",
       "an indicator declared quantitative whose target and actual do not compare",
       "kind: quantitative, 3亿条 vs 完成"),
    _c("FORMULA_UNDEFINED", "error/warning", "公式无法计算", "formula undefined",
       "a formula that cannot take its inputs (scored 0)",
       "a ≤ indicator with actual 0 under A ÷ B"),
    _c("OUTSIDE_DOMAIN", "warning", "输入超出公式定义域", "inputs outside the formula's domain",
       "inputs outside the domain the rulebook's formula is proven on", "a negative actual"),
    _c("OVER_ACHIEVEMENT", "warning", "完成值远超目标", "far above target",
       "a completion ≥ 120 % of its target (flagged, not deducted)", "3.75 亿条 against 3 亿条"),
    _c("UNIT_ASSUMED", "info", "裸数按目标值单位", "bare number in the target's unit",
       "a bare actual (or target) read in the other side's unit, named in the trace",
       "62 against ≤60万元 read as 62 万元"),
    _c("COMPARATOR_ASSUMED", "info", "指标性质空白", "comparator assumed",
       "a blank 指标性质 cell and a target with no comparator: the rulebook's default is used",
       "指标性质 “/”, target 5次"),
    _c("PARENT_WEIGHT_MISMATCH", "error", "上级指标分值不等于下级之和", "parent weight differs",
       "a parent (subtotal) row's printed weight against its child rows'", "数量指标 30 over 20 + 5"),
    _c("PARENT_SCORE_MISMATCH", "error/warning", "上级指标得分不等于下级之和",
       "parent score differs", "a parent (subtotal) row's printed score against its child rows'",
       "质量指标 18 over one row of 20"),
    _c("MERGED_SCORE_MISMATCH", "error/warning", "合并单元格得分不符", "merged score differs",
       "one 得分 printed for merged rows against their computed scores", "38 for rows of 20 + 16"),
    _c("BREAKDOWN_EXCEEDS_PARENT", "warning", "其中项超过所属指标", "其中 rows exceed their row",
       "其中 rows in the same unit adding up to more than the row they detail",
       "受益 1000人, 其中 800人 + 300人"),
    _c("CHECK_SKIPPED", "info", "未能核对", "check not made",
       "a check that needs a cell the form leaves blank, illegible or outside an excerpt",
       "实际完成值 “/”: the printed 得分 is not checked"),
    _c("WEIGHT_DERIVED", "info", "分值系推算", "weight derived",
       "a weight the form does not print, derived from a full printed score or a heading",
       "年度绩效目标（80分） less printed weights, split over the blank rows"),
    _c("NOT_APPLICABLE", "info", "不适用指标", "indicator not applicable",
       "an indicator marked not applicable, handled as the rulebook says", "applicable: false"),
    _c("PARTS_MISMATCH", "error/warning", "分项汇总不符", "parts do not combine",
       "an indicator in parts whose printed value or score is not the combined one",
       "覆盖率 95 % printed for parts 90 % and 100 % weighted 1:3 (97.5 %)"),
    # ---- weights and structure
    _c("WEIGHTS_VS_RULEBOOK", "error/warning", "指标分值合计与规则不符", "weights differ from the rulebook",
       "the indicator weights against the rulebook's indicator points",
       "weights adding up to 70 of 80"),
    _c("POINTS_TOTAL_MISMATCH", "error/warning", "分值合计与各行不符", "points total differs",
       "the 合计 of the 分值 / 权重 column against the execution points and the rows' weights",
       "合计 100 printed over 10 + 60 + 40"),
    _c("BLOCK_POINTS_MISMATCH", "error/warning", "标题分值与所属指标不符", "heading points differ",
       "a heading's points against its rows' weights", "年度绩效目标（100分） over 80 points of rows"),
    _c("BLOCK_POINTS_PLACEHOLDER", "warning", "标题分值未填写", "heading points left as a placeholder",
       "a heading printed with a placeholder instead of points", "年度绩效目标1（XX分）"),
    _c("WEIGHT_NOT_PRINTED", "info", "未列示分值", "weight not printed",
       "a form that prints scores only: scores cannot be checked below the weight", "no 分值 column"),
    _c("UNKNOWN_INDICATOR", "error", "未知指标", "unknown indicator",
       "a statement naming an indicator the form does not have", "产出指标 “群众满意度” not on the form"),
    _c("WEIGHT_MISMATCH", "error/warning", "分值不符", "weight differs",
       "a weight restated in the narrative against the form's",
       "分值 10 stated for a row of weight 20"),
    _c("INDICATOR_COUNT_MISMATCH", "error", "指标个数不符", "indicator count differs",
       "how many indicators a section says were set against the form's rows",
       "“共设置 5个绩效指标” over 4 rows"),
    _c("STRUCTURE_MISMATCH", "error/warning", "一级指标结构与规则不符", "structure differs from the rulebook",
       "a form whose level-1 blocks do not fit the rulebook's", "产出 60 / 效益 20 under 50 / 30"),
    _c("STRUCTURE_SCALED_SCORE", "warning", "一级指标按规则折算", "block rescaled to the rulebook",
       "a block's score rescaled to the rulebook's points", "产出 40 rescaled to 50"),
    _c("STRUCTURE_UNKNOWN_BLOCK", "error/warning", "未知一级指标", "unknown level-1 block",
       "a level-1 name the rulebook does not know", "一级指标 “其他指标”"),
    _c("STRUCTURE_MISSING_BLOCK", "error/warning", "缺少一级指标", "level-1 block missing",
       "a block the rulebook requires and the form lacks", "no 效益指标 row"),
    _c("EXECUTION_SCORED_TWICE", "warning", "预算执行重复计分", "execution scored twice",
       "an indicator row scoring budget execution beside the execution block",
       "预算执行率 as a 10-point indicator under 20 points of execution"),
    _c("COEFFICIENT_MISMATCH", "error", "得分与得分系数不符", "score is not weight × coefficient",
       "a printed 得分 against 权重 × the printed 得分系数", "权重 50 × 95 % printed as 46"),
    _c("CORE_FLAG_MISSING", "info", "未标明核心指标", "core flag not given",
       "rows that do not say whether they are 核心指标, where the template asks",
       "a Chongqing 部门整体 row without core:"),
    _c("LEVEL3_WEIGHT_MISMATCH", "warning", "三级指标分值与二级分值不符", "level-3 weights differ",
       "rows under a level-2 heading against its points ÷ their number, rounded",
       "过程（30分） over 4 rows printed 10, 10, 5, 5 (each 8)"),
    # ---- the rulebook
    _c("RULEBOOK_SELECTED", "info", "自动选定规则", "rulebook chosen",
       "which rulebook a form without `rulebook:` is scored under, and why",
       "hubei-2023: 湖北省 covers 湖北省武汉市, in force 2023"),
    _c("RULEBOOK_PERIOD", "warning", "规则期间不含填报年度", "rulebook out of its period",
       "a named rulebook whose period does not cover the form's year",
       "hubei-2022 named on a 2023 form"),
    # ---- subtotals, total, grade
    _c("SUBTOTAL_MISMATCH", "error/warning", "一级指标小计不符", "subtotal differs",
       "a level-1 subtotal stated in the narrative",
       "产出指标得分 80 (the label covers the whole table)"),
    _c("SUBTOTAL_RATE_MISMATCH", "error/warning", "小计得分率不符", "subtotal rate differs",
       "a stated subtotal rate against subtotal ÷ points", "产出指标得分率 95 % for 38 of 40"),
    _c("SUBTOTAL_POINTS_MISMATCH", "error", "小计分值不符", "subtotal points differ",
       "a stated block's points against its rows' weights", "产出指标（50分） over 40 points"),
    _c("TOTAL_NOT_SUM_OF_ROWS", "error", "总分不等于各行之和", "total is not the sum of the rows",
       "the printed 总分 against the form's own printed rows", "总分 98.22 over rows 20 + 40 + 40"),
    _c("TOTAL_MISMATCH", "error/warning", "总分与计算不符", "total differs",
       "a stated total against the computed one, with its diagnosis",
       "97.72 printed, 97.71 computed"),
    _c("GRADE_MISMATCH", "error/warning", "等级与总分不符", "grade differs",
       "a stated grade against the computed total's grade", "良 printed for 92 points"),
    # ---- roll-ups and the department
    _c("ROLLUP_FUNDS_MISMATCH", "error/warning", "汇总资金不符", "roll-up funds differ",
       "a roll-up's funds against the figures the tables print",
       "项目支出 4101.74 vs the members' sum"),
    _c("ROLLUP_SHARE_MISMATCH", "warning", "占比不符", "share differs",
       "a stated share against the roll-up's", "“占项目支出总额的 90％” (a share of all spending)"),
    _c("ROLLUP_SHARE_UNKNOWN", "error", "占比无法核对", "share cannot be checked",
       "a stated share whose base names no line or department figure",
       "share of: 项目支出总额 (no such id)"),
    _c("ROLLUP_COUNT_MISMATCH", "error", "汇总项目数不符", "roll-up count differs",
       "a stated number of projects against the members", "“共 6 个项目” over 5 forms"),
    _c("ROLLUP_BUDGET_BASIS", "info", "汇总预算口径不同", "roll-up budget basis differs",
       "a roll-up table printing another budget basis", "year-start budget 0 vs the adjusted 66"),
    _c("ROLLUP_MIXED_KINDS", "warning", "汇总指标类型不一致", "parts of mixed kinds",
       "one indicator quantitative in some members and qualitative in others", "覆盖率 95% vs 完成"),
    _c("DEPT_TOTAL_MISMATCH", "error/warning", "部门支出合计不符", "department total differs",
       "the department form's 执行数 against the department total the report gives",
       "4557.3 vs 4557.0"),
    _c("DEPT_SPLIT_MISMATCH", "error/warning", "部门支出构成不符", "department split differs",
       "basic + project spending against the department total the report gives",
       "455.56 + 4101.74 ≠ 4557.0"),
    _c("DEPT_INCLUDES_BASIC", "info", "部门整体含基本支出", "department includes basic spending",
       "a department form whose funds include basic spending", "A 4794.98 = basic + project"),
    _c("DEPT_BASIC_BUDGET", "info", "基本支出预算", "basic spending budget",
       "the department budget less the projects' budgets, against the basic spending",
       "leaves 693.24 for basic spending of 455.56"),
    # ---- reading a workbook
    _c("XLSX_FORMULA_MISMATCH", "warning", "公式与单元格显示值不符", "formula disagrees with the cell",
       "a formula cell's cached value against its formula over the cells it names",
       "执行率 shows 90.00% but =F6/E6 gives 80.00% (recalculation off)"),
    _c("XLSX_FORMULA_UNCACHED", "info", "公式无缓存值，已按公式计算", "formula never calculated",
       "a formula cell no office suite has calculated: jixiao computes it", "=ROUND(G6*H6,2) → 8"),
    _c("XLSX_FORMULA_UNCHECKED", "info", "公式未能核对", "formula not checked",
       "a formula using functions jixiao does not evaluate: the value shown is read", "=VLOOKUP(…)"),
    _c("XLSX_HIDDEN_ROW", "info", "隐藏行未计入", "hidden row passed over",
       "an indicator row hidden in the workbook: not read", "row 14 hidden"),
    _c("DEPT_SCORE_VS_ROLLUP", "info", "部门得分与项目汇总对比", "department score vs the roll-up",
       "the department's score beside the fund-weighted roll-up of its projects", "99 vs 98.7"),
)

CATALOGUE: dict[str, CodeInfo] = {e.code: e for e in _ENTRIES}
"""Every finding code, by code."""


def lookup(code: str) -> CodeInfo:
    """The catalogue entry of a code (a KeyError names the code when it is not catalogued)."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"finding code {code!r} is not in scoring/codes.py") from None


def codes_markdown() -> str:
    """The catalogue as the Markdown table of docs/codes.md."""
    lines = [
        "# Finding codes",
        "",
        "Generated from `scoring/codes.py` (`python -m scoring.schemas` rewrites it).",
        "Severities: the first is the usual one; a diagnosis may lower an error to a warning.",
        "",
        "| code | severity | 标题 | title | what it checks | example |",
        "|---|---|---|---|---|---|",
    ]
    for e in _ENTRIES:
        cells = (f"`{e.code}`",
       " / ".join(e.severities), e.title_zh, e.title_en, e.checks, e.example)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"

"""A blank, fillable self-evaluation form in the official Hubei layout, made from a rulebook.

``write_template`` lays out an empty form (scoring/report/xlsx_layout.py) with the rulebook's
points in its headings, dropdowns for the level-1 and level-2 names, grade words and
comparators, the input cells unlocked on a protected sheet, formulas for the execution rate and
score (and the total) translated from the rulebook's own formula when it can be, and a sheet of
instructions in Chinese. The rulebook id is kept in the notes sheet, so the filled form is
verified under it.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from scoring.formula.tree import Binary, BoolOp, Call, Compare, Expr, IfElse, Not, Num, Unary, Var
from scoring.io.xlsx import NOTES_SHEET
from scoring.report.xlsx_layout import FormLike, Layout, lay_out, save_book

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from scoring.rulebook.model import Rulebook

__all__ = ["LEVEL1", "LEVEL2", "excel_formula", "write_template"]

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
"""Level-1 names of the indicator framework (财预〔2020〕10号 附件), when a rulebook fixes none."""
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续影响指标", "服务对象满意度指标")  # fmt: skip
"""Level-2 names of the same framework."""
_SYMBOLS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "＝"}
_EXCEL_OPS = {"==": "=", "!=": "<>"}


class _NoFormula(Exception):
    pass


def _number(value: Fraction) -> str:
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(d) != value:
        return f"({value.numerator}/{value.denominator})"
    return format(d.normalize(), "f")


def _expr(e: Expr, names: dict[str, str]) -> str:
    match e:
        case Num(v):
            return _number(v)
        case Var(name) if name in names:
            return names[name]
        case Unary(_, x):
            return f"(-{_expr(x, names)})"
        case Binary(op, x, y):
            return f"({_expr(x, names)}{op}{_expr(y, names)})"
        case Call(fn, args) if fn in ("min", "max", "abs"):
            return f"{fn.upper()}({','.join(_expr(a, names) for a in args)})"
        case Compare(op, x, y):
            return f"{_expr(x, names)}{_EXCEL_OPS.get(op, op)}{_expr(y, names)}"
        case BoolOp(op, x, y):
            return f"{op.upper()}({_expr(x, names)},{_expr(y, names)})"
        case Not(x):
            return f"NOT({_expr(x, names)})"
        case IfElse(c, x, y):
            return f"IF({_expr(c, names)},{_expr(x, names)},{_expr(y, names)})"
    raise _NoFormula


def excel_formula(rb: Rulebook, name: str, names: dict[str, str]) -> str | None:
    """The rulebook formula ``name`` as a spreadsheet expression over ``names``; None if it
    uses what a spreadsheet formula cannot say."""
    try:
        formula = rb.formula(name)
        out = _expr(formula.cases[-1].then, names)
        for case in reversed(formula.cases[:-1]):
            assert case.when is not None
            out = f"IF({_expr(case.when, names)},{_expr(case.then, names)},{out})"
        return out
    except (_NoFormula, KeyError, AssertionError):
        return None


def _decimals(step: Decimal | None) -> int | None:
    """Decimals of a power-of-ten step (0.01 -> 2); None for other steps."""
    if step is None or step <= 0:
        return None
    exponent = step.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or step.normalize() != Decimal(1).scaleb(exponent):
        return None
    return -exponent


def _execution_formulas(ws: Worksheet, rb: Rulebook, lay: Layout) -> None:
    row = lay.funds_row
    a, b, rate, score = (f"{c}{row}" for c in "CDEF")
    zero = _number(Fraction(rb.execution.zero_budget_rate.value))
    ratio = f"{b}/{a}"
    rate_places = _decimals(rb.execution.rate_step.value)
    if rb.execution.rate_step.value is not None:
        if rate_places is None:
            return
        ratio = f"ROUND({ratio},{rate_places + 2})"
    ws[rate] = f'=IF(AND(ISNUMBER({a}),ISNUMBER({b})),IF({a}=0,{zero},{ratio}),"")'
    ws[rate].number_format = "0.00%"
    body = excel_formula(rb, rb.execution.formula.value, {"points": lay.points, "rate": rate})
    places = _decimals(rb.rounding.score_step.value)
    if body is None or places is None or rb.rounding.score_mode.value != "half_up":
        return
    ws[score] = f'=IF(ISNUMBER({rate}),ROUND({body},{places}),"")'
    ws[score].number_format = "0." + "0" * places if places else "0"
    if rb.rounding.total.value == "sum_of_rounded" and lay.indicator_rows:
        first, last = lay.indicator_rows[0], lay.indicator_rows[-1]
        total = f"H{lay.total_row}"
        ws[total] = f'=IF(ISNUMBER({score}),{score}+SUM(H{first}:H{last}),"")'
        ws[total].number_format = ws[score].number_format


def _validation(ws: Worksheet, rb: Rulebook, lay: Layout) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = lay.indicator_rows[0], lay.indicator_rows[-1]
    structure = rb.indicators.structure.value
    level1 = tuple(structure) if structure else LEVEL1
    grades = dict.fromkeys([*rb.indicators.bands.value, *rb.indicators.word_grades()])
    ops = [_SYMBOLS.get(op, op) for op in rb.indicators.formulas.value]
    for col, items, strict, prompt in (
        ("B", level1, True, "从下拉列表选择一级指标"),
        ("C", LEVEL2, False, "从下拉列表选择二级指标"),
        ("E", tuple(dict.fromkeys(ops)), False, "定量指标写比较符号和数值，如 ≥3亿条；定性指标写文字"),
        ("F", tuple(grades), False, "定量指标写数值和单位；定性指标写评价等级，如 达成 / 完成"),
    ):
        dv = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True)
        dv.showErrorMessage = strict
        dv.promptTitle, dv.prompt, dv.showInputMessage = "填写提示", prompt, True
        dv.add(f"{col}{first}:{col}{last}")
        ws.add_data_validation(dv)
    for col, title in (("G", "分值"), ("H", "得分")):
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        dv.error, dv.errorTitle, dv.allow_blank = f"{title}应为 0 到 100 之间的数", title, True
        dv.add(f"{col}{first}:{col}{last}")
        ws.add_data_validation(dv)


def _unlock(ws: Worksheet, lay: Layout, kind: str) -> None:
    from openpyxl.styles import Protection

    inputs = ["A1", "B2", "F2", f"C{lay.funds_row}", f"D{lay.funds_row}", f"B{lay.total_row + 1}"]
    if kind != "department":
        inputs += ["B3", "B4", "F4"]
    inputs += [f"{c}{r}" for r in lay.indicator_rows for c in "BCDEFGHI"]
    if ws[f"F{lay.funds_row}"].value is None:
        inputs.append(f"F{lay.funds_row}")
    if ws[f"E{lay.funds_row}"].value is None:
        inputs.append(f"E{lay.funds_row}")
    if ws[f"H{lay.total_row}"].value is None:
        inputs.append(f"H{lay.total_row}")
    for ref in inputs:
        ws[ref].protection = Protection(locked=False)
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False


def _instructions(ws: Worksheet, rb: Rulebook, kind: str, rows: int) -> None:
    from openpyxl.styles import Alignment, Font

    grades = "、".join(rb.indicators.bands.value)
    words = "、".join(f"{w}→{g}" for w, g in rb.indicators.word_grades().items())
    ops = "、".join(dict.fromkeys(_SYMBOLS.get(op, op) for op in rb.indicators.formulas.value))
    what = "部门整体绩效自评表" if kind == "department" else "项目支出绩效自评表"
    lines = [
        f"{what}填表说明（计分规则：{rb.id} {rb.title}）",
        "1. 只在白色单元格填写；表头、公式单元格已锁定（工作表保护无密码，可在“审阅”中撤销）。",
        "2. 标题中的年度、项目名称、单位名称按实填写；金额单位为万元，保留两位小数。",
        f"3. 预算数（A）为调整后预算数，执行数（B）为实际支出数；执行率和得分由公式计算"
        f"（{rb.execution.points.value}分×执行率，执行率达到100%得满分）。",
        f"4. 绩效指标共{rb.indicators.points.value}分，各指标分值之和应等于{rb.indicators.points.value}分；"
        f"表中预留{rows}行，不用的行留空，行不够可插入行。",
        "5. 一级指标、二级指标从下拉列表选择。",
        f"6. 定量指标：年初目标值写比较符号、数值和单位（可选符号：{ops}），如“≥3亿条”；"
        "实际完成值写数值和同一单位，如“3.75亿条”。",
        f"7. 定性指标：实际完成值写评价等级（{grades}），也可写 {words}。",
        "8. 得分保留两位小数；总分由公式合计。",
        f"9. 填好后核对：jixiao verify 本文件.xlsx（计分规则 {rb.id} 已记在隐藏的“{NOTES_SHEET}”表中）。",
    ]
    for i, text in enumerate(lines, start=1):
        ws.cell(i, 1).value = text
        ws.cell(i, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110


def write_template(
    rb: Rulebook, path: str | os.PathLike[str], kind: str = "project", rows: int = 10
) -> None:
    """Write a blank ``kind`` form (``rows`` indicator rows) for rulebook ``rb`` to ``path``."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "自评表"
    blank = FormLike(
        kind=kind,
        year=str(rb.period.start.year),
        execution_points=str(rb.execution.points.value),
        blocks=[("年度绩效目标", str(rb.indicators.points.value))],
    )
    lay = lay_out(ws, blank, blank_rows=rows)
    _execution_formulas(ws, rb, lay)
    _validation(ws, rb, lay)
    _unlock(ws, lay, kind)
    _instructions(book.create_sheet("填表说明"), rb, kind, rows)
    notes = book.create_sheet(NOTES_SHEET)
    notes.append(["表 (sheet)", "字段 (field path, JSON)", "值 (value, JSON)"])
    notes.append([ws.title, json.dumps(["rulebook"]), json.dumps(rb.id)])
    notes.sheet_state = "hidden"
    save_book(book, path)

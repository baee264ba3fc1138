"""Property: any valid form, written in the official layout and read back, is the same form; and
the layout alone (without the notes sheet) carries its funds, rows and printed numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.form.model import Form
from scoring.io.xlsx import NOTES_SHEET, read_workbook_forms
from scoring.report.xlsx_forms import write_forms

# characters that cannot spell a label of the form (项目名称, 得分, 总分, 年度目标…)
WORDS = st.text(alphabet="甲乙丙丁戊己庚辛壬癸数据平台系统运行建设网络安全稳定质量效益", min_size=1,
                max_size=12)  # fmt: skip
LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标"])
LEVEL2 = st.sampled_from(["数量指标", "质量指标", "时效指标", "社会效益指标"])


@st.composite
def amounts(draw: st.DrawFn) -> str:
    value = draw(st.decimals(min_value=0, max_value=10**7, places=draw(st.integers(0, 2))))
    return f"{value:,}" if draw(st.booleans()) and value >= 1000 else str(value)


@st.composite
def printed(draw: st.DrawFn) -> str:
    """A target or actual as printed: a number with unit and comparator, or words."""
    kind = draw(st.sampled_from(["number", "percent", "words", "equal"]))
    n = draw(st.integers(0, 500))
    if kind == "number":
        return f"{draw(st.sampled_from(['≥', '≤', '']))}{n}{draw(st.sampled_from(['个', '亿条', '']))}"
    if kind == "percent":
        return f"{draw(st.sampled_from(['≥', '']))}{n / 10 if n % 3 else n}%"
    return f"={n}" if kind == "equal" else draw(st.sampled_from(["完成", "达成", "按期完成", "持续运行"]))


@st.composite
def indicators(draw: st.DrawFn, block: str | None) -> dict[str, Any]:
    weight = draw(st.integers(1, 80))
    row: dict[str, Any] = {
        "level1": draw(LEVEL1), "level2": draw(LEVEL2), "name": draw(WORDS),
        "weight": str(weight) if draw(st.booleans()) else f"{weight}.5",
        "weight_at": draw(st.one_of(st.none(), WORDS)), "target": draw(printed()),
        "actual": draw(printed()),
    }  # fmt: skip
    if draw(st.booleans()):
        row["reported_score"] = str(Decimal(draw(st.integers(0, weight * 100))) / 100)
    if draw(st.booleans()):
        row["note"] = draw(WORDS)
    if block is not None:
        row["block"] = block
    return row


@st.composite
def forms(draw: st.DrawFn) -> Form:
    blocks = draw(st.lists(st.sampled_from(["年度绩效目标", "年度目标1", "年度目标2"]), max_size=2,
                           unique=True))  # fmt: skip
    rows = [draw(indicators(draw(st.sampled_from(blocks)) if blocks else None))
            for _ in range(draw(st.integers(1, 6)))]  # fmt: skip
    reported: dict[str, Any] = {"blocks": [{"label": b, "points": str(draw(st.integers(1, 100)))}
                                           for b in blocks]}  # fmt: skip
    for key, value in (("execution_points", "20"), ("execution_rate", "88.6%"),
                       ("execution_score", "17.72"), ("total", "97.72"), ("grade", "优")):  # fmt: skip
        if draw(st.booleans()):
            reported[key] = value
    data = {
        "kind": draw(st.sampled_from(["project", "department"])), "title": draw(WORDS),
        "unit": draw(WORDS), "year": draw(st.integers(1990, 2100)),
        "region": draw(st.one_of(st.none(), WORDS)), "rulebook": "hubei-2022",
        "source": {"document": draw(WORDS), "section": draw(WORDS)},
        "funds": {"budget": draw(amounts()), "executed": draw(amounts())},
        "indicators": rows, "reported": reported,
    }  # fmt: skip
    if draw(st.booleans()):
        data["narrative"] = [{"section": draw(WORDS), "total": "97.72"}]
    return Form.model_validate(data)


def _printed(form: Form) -> Any:
    # the layout groups rows under their block heading: the order within a block is kept
    rows = sorted((i.level1, i.level2, i.name, i.weight.text, i.target.text, i.actual.text,
                   i.reported_score.text if i.reported_score else "") for i in form.indicators)  # fmt: skip
    st_ = form.reported
    stated = [getattr(st_, k).text if getattr(st_, k) else None
              for k in ("execution_rate", "execution_score", "total")]  # fmt: skip
    return form.funds.budget.text, form.funds.executed.text, form.title, form.unit, rows, stated


@settings(max_examples=30, deadline=None)
@given(forms())
def test_any_form_written_in_the_layout_reads_back_the_same(form: Form) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        write_forms([form], path)
        [read] = read_workbook_forms(path)
        assert Form.model_validate(read.src.data) == form
        book = openpyxl.load_workbook(path)
        del book[NOTES_SHEET]
        book.save(path)
        [bare] = read_workbook_forms(path)
        assert _printed(Form.model_validate(bare.src.data)) == _printed(form)


LABELS = ["项目名称", "主管部门", "实施单位", "预算执行情况（20分）", "预算数（A）", "执行数（B）",
          "全年预算数", "执行率", "得分", "分值", "一级指标", "二级指标", "三级指标", "年度指标值",
          "实际完成值", "总分", "年度绩效目标（80分）", "年度目标1：（XX分）", "2022年度项目自评表",
          "偏差原因分析及改进措施"]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(LABELS), WORDS, st.integers(-10, 10**6),
    st.sampled_from(["=A1/B2", "=1/0", "=SUM(A1:C9)"]),
    st.decimals(min_value=-1000, max_value=1000, places=3).map(float), printed(),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(1, 20), st.integers(1, 10)), VALUES, max_size=60),
       st.lists(st.tuples(st.integers(1, 20), st.integers(1, 10), st.integers(0, 2), st.integers(0, 2)),
                max_size=6),
       st.sets(st.integers(1, 20), max_size=3))  # fmt: skip
def test_any_sheet_reads_as_a_form_or_a_clear_error(
    cells: dict[tuple[int, int], Any], merges: list[tuple[int, int, int, int]], hidden: set[int]
) -> None:
    from scoring.pipeline.check import check_path

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    taken: set[tuple[int, int]] = set()
    for r, c, dr, dc in merges:
        box = {(r + i, c + j) for i in range(dr + 1) for j in range(dc + 1)}
        if (dr or dc) and not box & taken:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
            taken |= box - {(r, c)}
    for (r, c), value in cells.items():
        if (r, c) not in taken:
            ws.cell(r, c).value = value
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    with TemporaryDirectory() as folder:
        path = Path(folder) / "any.xlsx"
        book.save(path)
        for report in check_path(path):
            assert report.status in ("ok", "error", "invalid", "skipped")
            assert all(line.startswith(str(path)) for line in report.error_lines())

"""The batch path (numpy integer columns) against the Decimal path (scoring/engine.py).

Hypothesis draws random forms — weights, budgets, targets and actuals of every size, zero and
negative values, exact rounding ties at .xx5, qualitative rows with and without grades and
scores — and every number of the batch result must equal the engine's for the same form,
with the same forms failing (division by zero) on both paths.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.batch.oracle import form_from_rows, undefined_scores_zero
from scoring.batch.score import TableScorer, score_tables
from scoring.engine.score import score
from scoring.engine.sheet import ScoreSheet
from scoring.errors import JixiaoError
from scoring.rulebook.load import builtin_ids, load_builtin

Row = dict[str, Any]


def _text(d: Decimal, commas: bool = False) -> str:
    return format(d, ",f" if commas else "f")


def decimals(
    top: int = 10**7, places: int = 4, negative: bool = False, huge: bool = True
) -> st.SearchStrategy[str]:
    """Decimal text with up to ``places`` decimals, sometimes with ',' groups or 25 digits."""
    low = -top if negative else 0
    plain = st.builds(
        lambda n, p, c: _text(Decimal(n).scaleb(-p), c),
        st.integers(low, top),
        st.integers(0, places),
        st.booleans(),
    )
    if not huge:
        return plain
    big = st.builds(lambda n: _text(Decimal(n).scaleb(-3)), st.integers(10**24, 10**26))
    return st.one_of(plain, plain, plain, big)


@st.composite
def tie_row(draw: st.DrawFn) -> Row:
    """weight × 1 ÷ target lands exactly on .xx5: a half-up tie at the 0.01 score step."""
    odd = draw(st.integers(0, 9999)) * 2 + 1
    target = draw(st.sampled_from([2, 4, 5, 8, 10, 16, 20, 25, 40]))
    weight = Decimal(odd) / 200 * target
    return {"weight": _text(weight), "op": ">=", "target": str(target), "actual": "1", "kind": ""}


quantitative_row = st.fixed_dictionaries(
    {
        "weight": decimals(100, 3, huge=False),
        "op": st.sampled_from([">=", "<=", "=", ">", "<", "", "≥", "≤"]),
        "target": st.one_of(st.just("0"), decimals(negative=True)),
        "actual": st.one_of(st.just("0"), decimals(negative=True)),
        "kind": st.sampled_from(["", "quantitative"]),
        # direction words (indicators.directions) decide rows printed without a comparator
        "level2": st.sampled_from(["", "数量指标", "成本指标"]),
        "name": st.sampled_from(["", "完成数量", "项目成本", "投诉处理率", "公用经费控制率"]),
    }
)
# grade words cited and assumed, a target restated, a word the vocabulary lacks
QUALITATIVE_ACTUALS = ["完成", "部分完成", "未完成", "持续推进", "已完成", "已按期完成", "通过",
                       "良好", "有待提高", "达成预期指标"]  # fmt: skip
qualitative_row = st.fixed_dictionaries(
    {
        "weight": decimals(100, 3, huge=False),
        "target": st.sampled_from(["按期完成", "持续推进", "98"]),
        "actual": st.sampled_from(QUALITATIVE_ACTUALS),
        "kind": st.sampled_from(["", "qualitative", "quantitative"]),
        "grade": st.sampled_from(["", "", "达成", "部分达成", "未达成"]),
        "reported_score": st.one_of(st.just(""), decimals(100, 3, huge=False)),
    }
)


@st.composite
def funds(draw: st.DrawFn) -> tuple[str, str]:
    """Budget A and execution B, sometimes A = 0, sometimes 20 × B ÷ A an exact tie."""
    if draw(st.booleans()):
        a = Decimal(draw(st.sampled_from(["40", "400", "4000", "0.4", "8"])))
        b = Decimal(draw(st.integers(0, 1999)) * 2 + 1) * a / 4000
        return _text(a), _text(b)
    return draw(decimals(places=2)), draw(decimals(places=2))


LEVEL1 = ["产出指标", "效益指标", "满意度指标", "管理指标", ""]


@st.composite
def form(draw: st.DrawFn) -> tuple[Row, list[Row]]:
    """A forms-table row and its 1–15 indicator rows, under any builtin rulebook.

    Level-1 blocks are drawn at random, or with weights that add up to a rulebook's fixed
    block points (so that forms both do and do not need their blocks rescaled).
    """
    budget, executed = draw(funds())
    rulebook = draw(st.sampled_from(builtin_ids()))
    kinds = st.one_of(quantitative_row, qualitative_row, tie_row())
    rows = draw(st.lists(kinds, min_size=1, max_size=15))
    structure = load_builtin(rulebook).indicators.structure.value
    if structure and draw(st.booleans()):
        blocks = list(structure.items())
        for i, row in enumerate(rows):
            row["level1"] = blocks[i % len(blocks)][0]
        for block, points in blocks:
            mine = [r for r in rows if r["level1"] == block]
            for r in mine:
                r["weight"] = _text(points / len(mine))
    else:
        for row in rows:
            row["level1"] = draw(st.sampled_from(LEVEL1))
    return {"budget": budget, "executed": executed, "rulebook": rulebook}, rows


def _tables(forms: list[tuple[Row, list[Row]]], seed: int) -> tuple[pa.Table, list[Row]]:
    heads, rows = [], []
    for i, (head, inds) in enumerate(forms):
        heads.append({"form_id": f"f{i}", **head})
        rows += [{"form_id": f"f{i}", **r} for r in inds]
    random.Random(seed).shuffle(rows)  # the rows of a form need not be adjacent
    return pa.Table.from_pylist(heads), rows


def _columns(rows: list[Row]) -> pa.Table:
    names = ["form_id", "level1", "level2", "name", "weight", "op", "target", "actual", "kind",
             "grade", "reported_score"]  # fmt: skip
    return pa.table({n: pa.array([r.get(n, "") for r in rows], pa.string()) for n in names})


def _engine(head: Row, rows: list[Row]) -> ScoreSheet | None:
    try:
        return score(form_from_rows(head, rows, head["rulebook"]), load_builtin(head["rulebook"]))
    except (JixiaoError, ValueError):
        return None


def _batch(forms_table: pa.Table, rows: list[Row], cut: int) -> tuple[list[Row], list[Row]]:
    cut = min(cut, len(rows))
    per_row: list[Row] = []
    result, _ = score_tables(
        forms_table,
        lambda: [_columns(rows[:cut]), _columns(rows[cut:])],
        per_row=lambda t: per_row.extend(t.to_pylist()),
    )
    return result.to_pylist(), per_row


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(form(), min_size=1, max_size=6), st.integers(0, 2**32), st.integers(0, 60))
def test_batch_equals_the_decimal_engine(
    forms: list[tuple[Row, list[Row]]], seed: int, cut: int
) -> None:
    table, rows = _tables(forms, seed)
    result, per_row = _batch(table, rows, cut)
    for i, (head, _) in enumerate(forms):
        mine = [r for r in rows if r["form_id"] == f"f{i}"]
        got = result[i]
        sheet = _engine({"form_id": f"f{i}", **head}, mine)
        if sheet is None:
            assert got["error"] is not None, (got, mine)
            continue
        assert got["error"] is None, (got, mine)
        assert got["execution_score"] == sheet.execution.value
        assert got["indicator_total"] == sheet.indicator_total.value
        assert got["total"] == sheet.total.value
        assert got["grade"] == sheet.grade
        scores = [r["score"] for r in per_row if r["form_id"] == f"f{i}"]
        # a row's own score, before any rescaling of its level-1 block (what the form prints)
        own = [ind.score if ind.unscaled is None else ind.unscaled for ind in sheet.indicators]
        assert scores == own


def test_a_row_dividing_by_zero_is_scored_as_the_engine_scores_it() -> None:
    forms = pa.table({"form_id": ["a", "b"], "budget": ["10", "10"], "executed": ["5", "10"]})
    scorer = TableScorer(forms, load_builtin("hubei-2022"))
    rows = [
        {"form_id": "a", "weight": "10", "op": ">=", "target": "0", "actual": "-1"},
        {"form_id": "b", "weight": "10", "op": ">=", "target": "4", "actual": "1"},
    ]
    scorer.add(_columns(rows))
    a, b = scorer.finish().to_pylist()
    if undefined_scores_zero():  # 0 and a finding, the form still scored
        assert a["error"] is None and a["indicator_total"] == 0 and a["total"] == Decimal("10.00")
        assert any("division by zero" in n for n in scorer.notes)
    else:  # the form fails, alone
        assert a["total"] is None and "division by zero" in a["error"] and "row 1" in a["error"]
    assert b["error"] is None and b["total"] == Decimal("22.50")

"""Checks of the table's shape: headings against their rows (年度绩效目标（80分）, 数量指标（10分）,
nested blocks), parent (subtotal) rows against their children, 其中 rows against the row they
detail, and merged score cells against the rows they cover.

Comparisons between printed numbers are errors when they disagree; comparisons with a derived
weight are not made (an info says so) or are warnings naming the derivation.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.engine.weights import meets_target
from scoring.findings import Severity
from scoring.form.shape import breakdown_rows, child_rows, heading_rows, merged_groups
from scoring.form.statement import Block, Statement
from scoring.io.located import FieldPath
from scoring.rounding import plain_decimal as _plain
from scoring.values import Printed
from scoring.verify.context import CheckContext, val

__all__ = ["check_blocks", "check_shapes"]


def check_shapes(ctx: CheckContext) -> None:
    """Parent rows, 其中 rows and merged score cells."""
    _check_parents(ctx)
    _check_breakdowns(ctx)
    _check_merged(ctx)


def _printed_sum(values: list[Decimal | None]) -> Decimal | None:
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _check_parents(ctx: CheckContext) -> None:
    rows = ctx.sheet.form.indicators
    for p, kids in child_rows(rows).items():
        parent, path = rows[p], ("indicators", p)
        names = " + ".join(rows[k].name for k in kids)
        weights = _printed_sum([rows[k].printed_weight for k in kids])
        if parent.weight is not None and weights is not None and val(parent.weight) != weights:
            ctx.add("PARENT_WEIGHT_MISMATCH", Severity.ERROR, (*path, "weight"),
                    f"{parent.name} prints the weight {parent.weight.text}; its rows {names} "
                    f"weigh {_plain(weights)}", stated=parent.weight.text,
                    computed=str(weights), diagnosis="unexplained",
                    params={"name": parent.name, "names": names})  # fmt: skip
        if parent.reported_score is None:
            continue
        stated = val(parent.reported_score)
        scores = _printed_sum([_v(rows[k].reported_score) for k in kids])
        if scores is not None:
            if scores != stated:
                ctx.add("PARENT_SCORE_MISMATCH", Severity.ERROR, (*path, "reported_score"),
                        f"{parent.name} prints the score {parent.reported_score.text}; its rows "
                        f"{names} print {_plain(scores)}", stated=parent.reported_score.text,
                        computed=str(scores), diagnosis="unexplained",
                        params={"name": parent.name, "names": names})  # fmt: skip
            continue
        _against_computed(ctx, p, kids, path, f"{parent.name}'s rows {names}")


def _v(p: object) -> Decimal | None:
    value = getattr(p, "value", None)
    return value if isinstance(value, Decimal) else None


def _against_computed(
    ctx: CheckContext, p: int, kids: list[int], path: FieldPath, what: str
) -> None:
    """A printed parent or merged score against the computed scores of the rows it covers."""
    results = [ctx.sheet.indicators[k] for k in kids]
    printed = ctx.sheet.form.indicators[p].reported_score
    assert printed is not None
    if not all(r.known for r in results):
        ctx.skip((*path, "reported_score"), f"the printed score {printed.text} of {what}",
                 "a row under it is not scored")  # fmt: skip
        return
    computed = sum((r.score for r in results), Decimal(0))
    if computed == val(printed):
        return
    derived = [r.indicator.name for r in results if r.derived or r.assumed]
    severity = Severity.WARNING if derived else Severity.ERROR
    text = (f"the printed score {printed.text} of {what} is not their computed scores "
            + " + ".join(str(r.score) for r in results) + f" = {computed}"
            + (f" (on derived weights of {'、'.join(derived)})" if derived else ""))  # fmt: skip
    where, shown = (*path, "reported_score"), str(computed)
    params = {
        "variant": "computed",
        "what": what,
        "scores": " + ".join(str(r.score) for r in results),
    }
    if derived:
        params["assumed"] = f"derived weights of {'、'.join(derived)}"
    if ctx.sheet.form.indicators[p].merged:
        ctx.add("MERGED_SCORE_MISMATCH", severity, where, text, stated=printed.text,
                computed=shown, diagnosis="unexplained", params=params)  # fmt: skip
    else:
        ctx.add("PARENT_SCORE_MISMATCH", severity, where, text, stated=printed.text,
                computed=shown, diagnosis="unexplained", params=params)  # fmt: skip


def _check_breakdowns(ctx: CheckContext) -> None:
    rows = ctx.sheet.form.indicators
    for p, kids in breakdown_rows(rows).items():
        whole = rows[p].actual.printed()
        parts = [rows[k].actual.printed() for k in kids]
        if (
            whole.value is None
            or whole.percent
            or any(x.value is None or x.percent or x.base_unit != whole.base_unit for x in parts)
        ):
            continue  # other units, rates or words: a breakdown, not a sum
        total = sum((x.magnitude() or Decimal(0) for x in parts), Decimal(0))
        if total > (whole.magnitude() or Decimal(0)):
            terms = " + ".join(f"{rows[k].name} {rows[k].actual.text}" for k in kids)
            ctx.add("BREAKDOWN_EXCEEDS_PARENT", Severity.WARNING, ("indicators", p, "actual"),
                    f"the 其中 rows of {rows[p].name} ({terms}) add up to more than its actual "
                    f"{whole.text}; they may overlap, or a value is mistyped",
                    stated=whole.text, params={"name": rows[p].name, "terms": terms})  # fmt: skip


def _check_merged(ctx: CheckContext) -> None:
    rows = ctx.sheet.form.indicators
    for label, members in merged_groups(rows).items():
        printed = [i for i in members if rows[i].reported_score is not None]
        if not printed:
            continue
        names = "、".join(rows[i].name for i in members)
        _against_computed(ctx, printed[0], members, ("indicators", printed[0]),
                          f"the merged cell {label} ({names})")  # fmt: skip


def check_blocks(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """Each heading's points against its rows' weights, or against its nested headings."""
    if ctx.sheet.form.partial:
        _excerpt_blocks(ctx, path, st, section)
        return
    for k, block in enumerate(st.blocks):
        where = (*path, "blocks", k, "points")
        rows = heading_rows(ctx.sheet.form, block, st.blocks)
        if rows is None:
            _nested(ctx, where, block, st.blocks, section)
            continue
        form, scored = ctx.sheet.form, ctx.sheet.rows_form
        blank = [form.indicators[i].name for i in rows if form.indicators[i].weight is None]
        if any(scored.indicators[i].weight is None for i in rows):
            ctx.skip(where, f"the heading {block.label}（{block.points.text}分）against its rows",
                     f"no weight is printed or derived for {'、'.join(blank)}", section)  # fmt: skip
            continue
        weight = sum((scored.indicators[i].printed_weight or Decimal(0) for i in rows), Decimal(0))
        if blank and block.points.value not in (None, weight) and _all_met(ctx, rows):
            _full_marks_short(ctx, where, block, rows, weight, section)
            continue
        what = ("its indicators", "the weights of its indicators")
        if blank:
            what = ("its indicators (weights derived)",
                    f"the weights of its indicators (derived for {'、'.join(blank)})")  # fmt: skip
        _compare_heading(ctx, where, block, weight, what, section, derived=bool(blank))


def _excerpt_blocks(ctx: CheckContext, path: FieldPath, st: Statement, section: str) -> None:
    """On an excerpt a heading may have rows that were not transcribed, which can only add to
    its weight: so only rows (or nested headings) present that already weigh more than its
    points contradict it."""
    form = ctx.sheet.form
    for k, block in enumerate(st.blocks):
        if block.points.value is None:
            continue
        # an excerpt's heading with no row present covers none (not the whole table)
        rows = heading_rows(form, block, st.blocks, whole_table=False) or []
        parts = [b.points.value for b in st.blocks if b.parent == block.label]
        sums = (
            _printed_sum([p for p in parts if p is not None]),
            _printed_sum([form.indicators[i].printed_weight for i in rows]),
        )
        present = max((v for v in sums if v is not None), default=None)
        if present is not None and present > block.points.value:
            ctx.add(
                "BLOCK_POINTS_MISMATCH",
                Severity.ERROR,
                (*path, "blocks", k, "points"),
                f"the heading {block.label}（{block.points.text}分）: the rows of this excerpt "
                f"under it already weigh {_plain(present)}; rows left out could only add to that",
                section=section,
                stated=block.points.text,
                computed=str(present),
                diagnosis="unexplained",
                params={"label": block.label, "variant": "excerpt"},
            )


def _all_met(ctx: CheckContext, rows: list[int]) -> bool:
    """Whether every row under a heading prints a score and meets its printed target, so that it
    earns its whole weight under every formula: then the scores are the weights."""
    form, rb = ctx.sheet.form, ctx.sheet.rulebook
    return all(
        (r := form.indicators[i]).reported_score is not None
        and r.reported_score.value is not None
        and r.weight is None
        and r.merged is None
        and not r.parts
        and r.applicable
        and meets_target(r, rb)
        for i in rows
    )


def _full_marks_short(
    ctx: CheckContext,
    where: FieldPath,
    block: Block,
    rows: list[int],
    scores: Decimal,
    section: str,
) -> None:
    printed = ctx.sheet.form.indicators
    terms = " + ".join(f"{printed[i].name} {_score_text(printed[i].reported_score)}" for i in rows)
    ctx.add(
        "BLOCK_FULL_MARKS_MISMATCH",
        Severity.ERROR,
        where,
        f"every row under the heading {block.label}（{block.points.text}分）meets its target and so "
        f"earns its whole weight, yet their printed scores add up to {terms} = {_plain(scores)}",
        section=section,
        stated=block.points.text,
        computed=str(scores),
        diagnosis="unexplained",
        params={"label": block.label, "rows": f"{terms} = {_plain(scores)}"},
    )


def _score_text(cell: Printed | None) -> str:
    return cell.text if cell is not None else ""


def _nested(
    ctx: CheckContext, where: FieldPath, block: Block, blocks: tuple[Block, ...], section: str
) -> None:
    inner = [b for b in blocks if b.parent == block.label]
    points = _printed_sum([b.points.value for b in inner])
    if points is None:
        return
    labels = " + ".join(f"{b.label}（{b.points.text}分）" for b in inner)
    what = f"its nested headings {labels}"
    _compare_heading(ctx, where, block, points, (what, what), section)


def _compare_heading(
    ctx: CheckContext,
    where: FieldPath,
    block: Block,
    weight: Decimal,
    what: tuple[str, str],
    section: str,
    *,
    derived: bool = False,
) -> None:
    if block.points.value is None:
        ctx.add(
            "BLOCK_POINTS_PLACEHOLDER",
            Severity.WARNING,
            where,
            f"the heading {block.label}（{block.points.text}分）was never filled in; "
            f"{what[0]} weigh {weight}",
            section=section,
            stated=block.points.text,
            computed=str(weight),
            diagnosis="placeholder",
            params={"label": block.label},
        )
    elif block.points.value != weight:
        ctx.add(
            "BLOCK_POINTS_MISMATCH",
            Severity.WARNING if derived else Severity.ERROR,
            where,
            f"the heading {block.label}（{block.points.text}分）does not match {what[1]}, which "
            f"add up to {weight}",
            section=section,
            stated=block.points.text,
            computed=str(weight),
            diagnosis="unexplained",
            params={"label": block.label, **({"assumed": what[1]} if derived else {})},
        )

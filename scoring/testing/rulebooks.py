"""Hypothesis strategies for rulebooks: variants of the built-ins within their valid ranges.

A variant changes cited parameters of a built-in rulebook — execution points, rounding of the
rate and the step amounts are printed to, indicator points and level-1 structure, grade bands,
score rounding steps and modes, the treatment of negative actuals and of indicators not
applicable, the over-achievement threshold, the grade thresholds — and picks its formulas
from the built-in set (a tiered execution score, a linear deduction for ≤ indicators). Every
changed parameter cites the source ``generated``, which says so. The variant is validated as
any rulebook is; its formulas are the built-ins' own, already compiled and proved.

Needs hypothesis (``pip install 'jixiao[testing]'``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.testing import HYPOTHESIS_MISSING

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise ImportError(HYPOTHESIS_MISSING) from exc

from scoring.formula.evaluate import Formula
from scoring.rulebook.citation import Citation
from scoring.rulebook.claims import Claim
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import FormulaSpec, Rulebook
from scoring.values import Op

__all__ = ["GENERATED", "rulebooks"]

GENERATED = "generated"
"""The source key every parameter a variant changed cites."""

_RATE_STEPS = (None, Decimal("0.01"), Decimal("0.001"), Decimal("0.0001"))
_SCORE_STEPS = (Decimal("0.01"), Decimal("0.1"), Decimal("1"))
_AMOUNT_STEPS = (Decimal("0.01"), Decimal("0.1"), Decimal("1"))
_TENTHS = Decimal("0.05")


def _pool() -> dict[str, tuple[Rulebook, str]]:
    """Every built-in formula by name: the rulebook that defines it (first in id order)."""
    found: dict[str, tuple[Rulebook, str]] = {}
    for rid in builtin_ids():
        rb = load_builtin(rid)
        for name, spec in rb.formulas.items():
            role = "execution" if "rate" in spec.inputs else "indicator"
            found.setdefault(name, (rb, role))
    return found


def _param(value: Any) -> dict[str, Any]:
    return {"value": value, "source": GENERATED}


def _execution(draw: st.DrawFn, ex: dict[str, Any], formulas: list[str]) -> None:
    if draw(st.booleans()):
        ex["points"] = _param(Decimal(draw(st.integers(5, 30))))
    if draw(st.booleans()):
        ex["rate_step"] = _param(draw(st.sampled_from(_RATE_STEPS)))
    if draw(st.booleans()):
        ex["zero_budget_rate"] = _param(draw(st.sampled_from([Decimal(0), Decimal(1)])))
    if draw(st.booleans()):
        ex["formula"] = _param(draw(st.sampled_from(formulas)))
    if draw(st.booleans()):
        ex["amount_step"] = _param(draw(st.sampled_from(_AMOUNT_STEPS)))


def _structure(draw: st.DrawFn, ind: dict[str, Any], blocks: list[str]) -> None:
    """New indicator points in tens, split over the same level-1 blocks in fives."""
    points = draw(st.integers(6, 10)) * 10
    fives = points // 5
    cuts = sorted(draw(st.lists(st.integers(1, fives - 1), min_size=len(blocks) - 1,
                                max_size=len(blocks) - 1, unique=True)))  # fmt: skip
    ends = [0, *cuts, fives]
    split = {b: Decimal(5 * (ends[i + 1] - ends[i])) for i, b in enumerate(blocks)}
    ind["points"] = _param(Decimal(points))
    ind["structure"] = _param(split)


def _bands(draw: st.DrawFn) -> dict[str, tuple[Decimal, Decimal]]:
    """Three grade bands meeting at 0 < partial < achieved < 1, in steps of 5 %."""
    achieved = draw(st.integers(8, 19))  # 40 % .. 95 %
    partial = draw(st.integers(1, achieved - 1))
    a, p = achieved * _TENTHS, partial * _TENTHS
    return {"达成": (a, Decimal(1)), "部分达成": (p, a), "未达成": (Decimal(0), p)}


def _indicators(draw: st.DrawFn, ind: dict[str, Any], negatives: list[str]) -> None:
    blocks = ind["structure"]["value"]
    if draw(st.booleans()):
        if blocks is None:
            ind["points"] = _param(Decimal(draw(st.integers(50, 95))))
        else:
            _structure(draw, ind, list(blocks))
    if draw(st.booleans()):
        ind["bands"] = _param(_bands(draw))
    if draw(st.booleans()):
        chosen = draw(st.sampled_from(negatives))
        ind["formulas"] = _param(ind["formulas"]["value"] | {Op.LE: chosen, Op.LT: chosen})
    if draw(st.booleans()):
        ind["negative_actual"] = _param(draw(st.sampled_from(["clamp_zero", "as_is"])))
    if draw(st.booleans()):
        ind["not_applicable"] = _param(draw(st.sampled_from(["rescale", "zero"])))
    if draw(st.booleans()):
        threshold = draw(st.one_of(st.none(), st.integers(11, 30)))
        value = None if threshold is None else {"threshold": Decimal(threshold) / 10}
        ind["over_achievement"] = _param(value)


def _rounding(draw: st.DrawFn, rounding: dict[str, Any]) -> None:
    if draw(st.booleans()):
        rounding["score_step"] = _param(draw(st.sampled_from(_SCORE_STEPS)))
    if draw(st.booleans()):
        rounding["score_mode"] = _param(draw(st.sampled_from(["half_up", "down", "up"])))
    if draw(st.booleans()):
        rounding["total"] = _param(draw(st.sampled_from(["sum_of_rounded", "round_of_exact"])))


def _grades(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Grade thresholds moved by up to 5 points each, still in order (优 > 良 > 中 > 差 at 0)."""
    if not draw(st.booleans()):
        return
    bands = data["grades"]["value"]
    floor = Decimal(0)
    moved = []
    for band in reversed(bands):  # lowest first
        low = band["min"]
        if low > 0:
            low = max(low + draw(st.integers(-5, 5)), floor + 1)
        moved.append({"grade": band["grade"], "min": low})
        floor = low
    data["grades"] = _param(list(reversed(moved)))


def _adopt(data: dict[str, Any], name: str, owner: Rulebook) -> None:
    """Copy a built-in formula (and the citation it rests on) into the variant's data."""
    if name in data["formulas"]:
        return
    spec: FormulaSpec = owner.formulas[name]
    data["formulas"][name] = spec.model_dump()
    if spec.source not in data["sources"]:
        data["sources"][spec.source] = owner.sources[spec.source].model_dump()


@st.composite
def rulebooks(draw: st.DrawFn, base: Rulebook | str | None = None) -> Rulebook:
    """A variant of a built-in rulebook (``base``: one, or its id; default: drawn), with some
    cited parameters changed within their valid ranges and formulas picked from the built-ins.
    It may change nothing at all."""
    if base is None:
        base = draw(st.sampled_from(builtin_ids()))
    rb = load_builtin(base) if isinstance(base, str) else base
    pool = _pool()
    data = rb.model_dump()
    data["id"], data["extends"] = f"{rb.id}-variant", None
    data["sources"][GENERATED] = Citation(
        document="scoring.testing", clause=f"a generated variant of {rb.id}", confidence="assumed"
    ).model_dump()
    executions = sorted(n for n, (_, role) in pool.items() if role == "execution")
    negatives = sorted(
        n for n, (owner, role) in pool.items()
        if role == "indicator" and owner.formulas[n].direction == "decreasing"
        and not owner.formulas[n].regions
    )  # fmt: skip
    _execution(draw, data["execution"], executions)
    _indicators(draw, data["indicators"], negatives)
    _rounding(draw, data["rounding"])
    _grades(draw, data)
    used = {data["execution"]["formula"]["value"], *data["indicators"]["formulas"]["value"].values()}
    for name in sorted(used):
        _adopt(data, name, pool[name][0] if name not in rb.formulas else rb)
    variant = Rulebook.model_validate(data)
    compiled: dict[str, Formula] = {}
    claims: dict[str, tuple[Claim, ...]] = {}
    for name in variant.formulas:
        owner = rb if name in rb.formulas else pool[name][0]
        compiled[name], claims[name] = owner.compiled[name], owner.claims.get(name, ())
    return variant.model_copy(update={"compiled": compiled, "claims": claims})

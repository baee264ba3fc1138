"""Hypothesis strategies for property tests of rulebooks and of tools built on jixiao.

- printed values: ``numbers``, ``amounts`` (万元 / 元 / 亿元), ``percentages``, ``comparators``
  and ``targets``, each a ``Sample``: the text as printed and the parts it must be read as;
- forms: ``forms(rulebook)``, valid project and department forms that fit the rulebook
  (weights adding up to its points, its level-1 structure, numbers as exact text,
  quantitative ≥ / ≤ / = rows and qualitative rows with grade words and in-band scores,
  optional parts); with ``filled=True`` every number the form prints is the engine's own
  (scoring/testing/fill.py), so the form is correct and must verify without an error;
- rulebooks: ``scoring.testing.rulebooks.rulebooks()``, variants of the built-ins.

Every strategy is bounded by construction: sizes are drawn from small ranges, numbers from
integer ranges scaled to their decimals, and nothing is filtered.

Needs hypothesis (``pip install 'jixiao[testing]'``).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from scoring.testing import HYPOTHESIS_MISSING

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise ImportError(HYPOTHESIS_MISSING) from exc

from scoring.form.model import Form, Grade
from scoring.rounding import as_fraction, exact_product, round_to_step
from scoring.rulebook.load import builtin_ids, load_builtin
from scoring.rulebook.model import NATIONWIDE, Rulebook
from scoring.testing.fill import fill_printed
from scoring.values import Op

__all__ = [
    "Sample",
    "amounts",
    "comparators",
    "forms",
    "numbers",
    "percentages",
    "targets",
]


class Sample(NamedTuple):
    """A printed value and what it must be read as: ``value`` as printed (in ``unit``),
    ``magnitude`` in the base unit ("3亿条": value 3, magnitude 300000000), and ``op``."""

    text: str
    value: Decimal
    unit: str | None
    op: Op | None
    magnitude: Decimal


# -------------------------------------------------------------------------- printed values

_SCALE = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
_SPELLINGS: dict[Op, tuple[tuple[str, str], ...]] = {
    Op.GE: (("≥", ""), ("不低于", ""), (">=", ""), ("", "以上"), ("", "及以上")),
    Op.LE: (("≤", ""), ("不超过", ""), ("<=", ""), ("", "以内"), ("", "以下")),
    Op.EQ: (("=", ""), ("等于", "")),
    Op.GT: ((">", ""), ("大于", "")),
    Op.LT: (("<", ""), ("低于", "")),
}


def _grouped(digits: str) -> str:
    """Thousands separators in proper groups of three: "1960" -> "1,960"."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


@st.composite
def numbers(
    draw: st.DrawFn,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10_000,
    places: int = 2,
    separators: bool = True,
) -> tuple[str, Decimal]:
    """A non-negative number printed exactly: ``(text, value)``, with up to ``places``
    decimals (trailing zeros kept or dropped) and, when ``separators``, maybe ``,`` groups."""
    unit = Decimal(1).scaleb(-places)
    lo, hi = int(Decimal(min_value) / unit), int(Decimal(max_value) / unit)
    value = draw(st.integers(lo, hi)) * unit
    shown = value.normalize() if draw(st.booleans()) else value
    text = f"{shown:f}"
    whole, dot, frac = text.partition(".")
    if separators and len(whole) > 3 and draw(st.booleans()):
        text = _grouped(whole) + dot + frac
    return text, Decimal(f"{shown:f}")


@st.composite
def amounts(
    draw: st.DrawFn, units: tuple[str, ...] = ("万元", "元", "亿元"), max_value: int = 100_000
) -> Sample:
    """A money amount as printed, e.g. "1,960.42万元"; magnitude in 元."""
    unit = draw(st.sampled_from(units))
    text, value = draw(numbers(0, max_value, 2))
    scale = _SCALE.get(unit[0], Decimal(1)) if len(unit) > 1 else Decimal(1)
    return Sample(text + unit, value, unit, None, value * scale)


@st.composite
def percentages(
    draw: st.DrawFn, min_value: int = 0, max_value: int = 150, places: int = 2
) -> Sample:
    """A percentage as printed, e.g. "88.6%"; magnitude the fraction of one (0.886)."""
    text, value = draw(numbers(min_value, max_value, places, separators=False))
    return Sample(text + "%", value, "%", None, value / 100)


def comparators(ops: tuple[Op, ...] = tuple(Op)) -> st.SearchStrategy[tuple[str, str, Op]]:
    """A comparator as printed: ``(before, after, op)`` — "≥" before the number, or "以上"
    after it."""
    return st.sampled_from([(b, a, op) for op in ops for b, a in _SPELLINGS[op]])


@st.composite
def targets(
    draw: st.DrawFn, ops: tuple[Op, ...] = tuple(Op), units: tuple[str, ...] = ("个", "亿条", "%")
) -> Sample:
    """A target as printed, e.g. "≥3亿条" or "98%以上"."""
    before, after, op = draw(comparators(ops))
    unit = draw(st.sampled_from(units))
    text, value = draw(numbers(0, 1000, 2))
    if unit == "%":
        magnitude = value / 100
    else:
        magnitude = value * (_SCALE.get(unit[0], Decimal(1)) if len(unit) > 1 else Decimal(1))
    return Sample(f"{before}{text}{unit}{after}", value, unit, op, magnitude)


# ------------------------------------------------------------------------------------ forms

_LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("社会效益指标", "经济效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
_BLOCKS = tuple(_LEVEL2)
_NAMES = (
    "数据归集总量", "系统运行率", "会议保障次数", "问题整改完成率", "培训人次", "项目验收合格率",
    "按时完成率", "服务对象满意度", "平台访问量", "资金使用合规性", "信息安全事件", "群众投诉率",
)  # fmt: skip
_QUALITATIVE_TARGETS = ("按期完成", "有效提升", "保障系统稳定运行", "明显改善", "持续发挥效益")
_UNITS = ("个", "次", "人次", "%", "万条", "天", "")
_OPS = {Op.GE, Op.LE, Op.EQ}


def _split(draw: st.DrawFn, total: Decimal, most: int) -> list[Decimal]:
    """``total`` split into 1..``most`` positive parts, in whole units (or one part if none)."""
    exponent = total.normalize().as_tuple().exponent
    unit = Decimal(1).scaleb(min(int(exponent), 0))  # the last printed digit of the total
    count = int(total / unit)
    if count < 2:
        return [total]
    n = draw(st.integers(1, min(most, count)))
    cuts = sorted(draw(st.lists(st.integers(1, count - 1), min_size=n - 1, max_size=n - 1,
                                unique=True)))  # fmt: skip
    ends = [0, *cuts, count]
    return [(ends[i + 1] - ends[i]) * unit for i in range(n)]


def _blocks(draw: st.DrawFn, rb: Rulebook) -> dict[str, Decimal]:
    """The level-1 blocks and their points: the rulebook's structure (a fallback maybe
    applied), or a free split of its indicator points."""
    ind = rb.indicators
    if ind.structure.value is not None:
        blocks = dict(ind.structure.value)
        for absent, to in ind.structure_fallback.value.items():
            if absent in blocks and to in blocks and draw(st.booleans()):
                blocks[to] += blocks.pop(absent)
        return blocks
    names = draw(st.permutations(_BLOCKS))
    parts = _split(draw, ind.points.value, 3)
    return dict(zip(names, parts, strict=False))


def _quantitative(draw: st.DrawFn, rb: Rulebook, unit: str | None = None) -> dict[str, Any]:
    ops = tuple(op for op in sorted(_OPS) if op in rb.indicators.formulas.value)
    before, after, op = draw(comparators(ops))
    if draw(st.integers(0, 4)) == 4:
        before, after = "", ""  # no comparator printed: the rulebook's default_op
    if unit is None:
        unit = draw(st.sampled_from(_UNITS))
    top = 100 if unit == "%" else 1000
    target, t = draw(numbers(0 if op is Op.EQ else 1, top, draw(st.integers(0, 2))))
    actual, a = draw(numbers(0, 2 * max(t, Decimal(1)), draw(st.integers(0, 2))))
    shown = f"{actual}{unit}"
    if unit[:1] in _SCALE and draw(st.booleans()):  # the same amount without the magnitude
        shown = f"{(a * _SCALE[unit[0]]).normalize():f}{unit[1:]}"  # 3.75万条 -> 37500条
    return {"target": f"{before}{target}{unit}{after}", "actual": shown}


def _in_parts(draw: st.DrawFn, rb: Rulebook) -> dict[str, Any]:
    """A quantitative row reported in 2–3 parts, each with its fund amount and completion; the
    row's actual states the combined value (备注2: absolute values summed, % averaged by fund),
    printed to 0.01 half-up."""
    unit = draw(st.sampled_from(_UNITS))
    funds, values, parts = [], [], []
    for i in range(draw(st.integers(2, 3))):
        fund, f = draw(numbers(Decimal("0.01"), 5000, 2))
        actual, a = draw(numbers(0, 200 if unit == "%" else 1000, draw(st.integers(0, 2))))
        funds.append(as_fraction(f))
        values.append(as_fraction(a))
        parts.append({"name": f"分项{i + 1}", "fund": fund, "actual": f"{actual}{unit}"})
    if unit == "%":  # relative: the mean weighted by fund
        exact = sum((f * v for f, v in zip(funds, values, strict=True)), Fraction(0)) / sum(funds)
    else:  # absolute: the sum
        exact = sum(values, Fraction(0))
    shown = round_to_step(exact, Decimal("0.01")).normalize()
    return _quantitative(draw, rb, unit) | {"actual": f"{shown:f}{unit}", "parts": parts}


def _band_score(draw: st.DrawFn, rb: Rulebook, grade: Grade, weight: Decimal) -> str | None:
    """A score inside the grade's band, a multiple of the rulebook's score step; None if the
    band holds none."""
    bands = rb.indicators.bands.value
    lo, hi = bands[grade]
    step = rb.rounding.score_step.value
    top = max(bands, key=lambda g: bands[g][1]) == grade
    first = (exact_product(weight, lo) / step).to_integral_value(ROUND_CEILING)
    last = (exact_product(weight, hi) / step).to_integral_value(ROUND_FLOOR)
    if not top and last * step >= exact_product(weight, hi):
        last -= 1
    if first > last:
        return None
    return f"{(draw(st.integers(int(first), int(last))) * step).normalize():f}"


def _qualitative(draw: st.DrawFn, rb: Rulebook, weight: Decimal) -> dict[str, Any]:
    words = {  # the cited words: the form's own grade (an assumed word defers to the score)
        w: g for w, (g, src, _) in rb.indicators.vocabulary().items()
        if rb.cite(src).confidence != "assumed"
    }  # fmt: skip
    top = max(rb.indicators.bands.value, key=lambda g: rb.indicators.bands.value[g][1])
    grade: Grade = draw(st.sampled_from(sorted(rb.indicators.bands.value)))
    score = _band_score(draw, rb, grade, weight) if grade != top or draw(st.booleans()) else None
    if score is None:
        grade = top  # the top grade with no score: full weight
    spoken = sorted(w for w, g in words.items() if g == grade)
    word: bool = draw(st.booleans())
    if spoken and word:
        actual: Any = draw(st.sampled_from(spoken))
    else:
        actual = {"text": "较好完成", "grade": grade}
    row: dict[str, Any] = {"target": draw(st.sampled_from(_QUALITATIVE_TARGETS)), "actual": actual}
    if draw(st.booleans()):
        row["kind"] = "qualitative"
    return row | ({"reported_score": score} if score is not None else {})


def _row(draw: st.DrawFn, rb: Rulebook, level1: str, weight: Decimal, name: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "level1": level1,
        "level2": draw(st.sampled_from(_LEVEL2.get(level1, ("其他指标",)))),
        "name": name,
        "weight": f"{weight:f}",
    }
    if draw(st.booleans()):
        row["weight_at"] = "自评表 指标分值"
    if draw(st.integers(0, 9)) == 9:  # rare: marked not applicable
        return row | {"target": "按期完成", "actual": "不适用", "applicable": False}
    numeric = bool(_OPS & set(rb.indicators.formulas.value))  # a formula for ≥, ≤ or =
    shape: int = draw(st.integers(0, 4))
    if numeric and shape == 4:  # now and then: reported in parts
        return row | _in_parts(draw, rb)
    if numeric and shape % 2 == 0:
        return row | _quantitative(draw, rb)
    return row | _qualitative(draw, rb, weight)


def _form_year(rb: Rulebook) -> st.SearchStrategy[int]:
    start = max(rb.period.start.year, 1990)
    end = min(rb.period.end.year if rb.period.end else start + 5, 2100)
    return st.integers(start, max(start, end))


@st.composite
def forms(
    draw: st.DrawFn,
    rulebook: Rulebook | None = None,
    kind: Literal["project", "department"] | None = None,
    filled: bool = False,
) -> Form:
    """A valid form that fits ``rulebook`` (default: a built-in, drawn), of ``kind``
    ("project" or "department"; default either).

    The indicator weights add up to the rulebook's points in its level-1 structure. With
    ``filled``, every number the form prints is the engine's own (a correct form); else the
    form prints no score of its own beyond the qualitative rows' (the evaluator's input).
    The form names its rulebook only when it is a built-in: pass the rulebook to
    ``scoring.check`` / ``scoring.score`` otherwise.
    """
    rb = rulebook if rulebook is not None else load_builtin(draw(st.sampled_from(builtin_ids())))
    names = iter(draw(st.permutations(_NAMES)))
    rows: list[dict[str, Any]] = []
    for level1, points in _blocks(draw, rb).items():
        for weight in _split(draw, points, 4):
            rows.append(_row(draw, rb, level1, weight, next(names, f"指标{len(rows) + 1}")))
    budget, b = draw(numbers(0, 50_000, 2))
    if b == 0 and draw(st.booleans()):
        budget, b = "100", Decimal(100)
    executed, _ = draw(numbers(0, b * Decimal("1.2"), 2))
    builtin = rb.id in builtin_ids() and load_builtin(rb.id) is rb
    data: dict[str, Any] = {
        "kind": kind or draw(st.sampled_from(["project", "department"])),
        "title": draw(st.sampled_from(["网络建设运转维护", "智慧城市建设", "部门整体支出"])),
        "unit": "某某单位",
        "year": draw(_form_year(rb)),
        "region": rb.region if rb.region != NATIONWIDE else None,
        "rulebook": rb.id if builtin else None,
        "source": {"document": "generated", "section": "绩效自评表"},
        "funds": {"budget": budget + draw(st.sampled_from(["", "万元"])), "executed": executed},
        "indicators": rows,
    }
    form = Form.model_validate(data)
    if not filled:
        return form
    places, narrative = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    return fill_printed(form, rb, rate_places=places, narrative=narrative)

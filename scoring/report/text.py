"""Plain-text rendering for the terminal: score tables, findings, and trace trees."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from scoring.engine.sheet import ScoreSheet
from scoring.findings import Finding
from scoring.pipeline.check import FormReport
from scoring.rounding import pct
from scoring.trace import Trace

__all__ = ["render_explain", "render_findings", "render_score", "render_summary", "width"]


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, cols: int, right: bool = False) -> str:
    gap = " " * max(cols - width(text), 0)
    return gap + text if right else text + gap


def _cut(text: str, cols: int) -> str:
    out, used = "", 0
    for c in text:
        w = width(c)
        if used + w > cols - 1:
            return out + "…"
        out, used = out + c, used + w
    return out


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    cols = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(_pad(c, cols[i], i in right) for i, c in enumerate(r)).rstrip()
        for r in rows
    ]


def render_score(sheet: ScoreSheet, file: str) -> str:
    """A table of one form's scores: execution, each indicator (and why not full), subtotals, total."""
    form, rb = sheet.form, sheet.rulebook
    lines = [f"{form.title}  [{form.kind}, {form.year}, rulebook {rb.shown()}]  {file}"]
    rows: list[list[str]] = [["", "指标", "权重", "得分", "why not full marks"]]
    ex = sheet.execution
    points = rb.execution.points.value
    funds = form.funds
    known = "execution" not in sheet.unknown
    rate = pct(sheet.execution_rate.exact) if known else "not computed"
    why = f"{ex.branch}: {points} × {pct(sheet.execution_rate.exact, 4)}" if known else ex.branch
    rows.append(
        [
            "预算执行",
            f"A {funds.shown('budget')}  B {funds.shown('executed')}  执行率 {rate}",
            str(points),
            str(ex.value),
            "" if known and ex.value >= points else why,
        ]
    )
    for r in sheet.indicators:
        ind = r.indicator
        rows.append(
            [
                f"{ind.level1}/{ind.level2}",
                _cut(ind.name, 28),
                str(r.weight),
                f"{r.bounds[0]}–{r.bounds[1]}" if r.bounds else str(r.score),
                _cut(r.why or "", 60),
            ]
        )
    for name, sub in sheet.subtotals.items():
        weight = sum(
            (i.weight for i in sheet.indicators if i.counted and i.indicator.level1 == name),
            start=0,
        )
        rows.append([name, "小计", str(weight), str(sub.value), ""])
    rows.append(
        [
            "总分",
            f"grade {sheet.grade}" if "total" not in sheet.unknown else "not computed",
            str(points + rb.indicators.points.value),
            _range_or(sheet),
            "a row's grade is not settled: the total could be anything in this range"
            if sheet.total_range
            else "",
        ]
    )
    lines += _table(rows, right={2, 3})
    return "\n".join(lines)


def _finding_lines(f: Finding) -> list[str]:
    where = f"{f.path}" + (f" (line {f.line})" if f.line else "") + (f" ({f.cell})" if f.cell else "")
    head = f"  {f.severity.value:<7} {f.code:<26} {where}"
    out = [head]
    if f.section:
        out.append(f"          in: {f.section}")
    if f.stated is not None or f.computed is not None:
        out.append(
            "          "
            + ", ".join(
                f"{k} {v}" for k, v in (("stated", f.stated), ("computed", f.computed)) if v
            )
            + (f"  [{f.diagnosis}]" if f.diagnosis else "")
        )
    out.append(f"          {f.message}")
    if f.rule:
        out.append(f"          rule: {f.rule}")
    return out


def render_findings(report: FormReport) -> str:
    """One form's findings, or the errors that kept it from being read."""
    if report.skipped is not None:
        return f"{report.file}: skipped, {report.skipped}"
    if report.error is not None:
        errs = report.error_lines()
        return "\n".join(
            [f"{report.file}: INVALID ({len(errs)} problem(s))"] + [f"  {e}" for e in errs]
        )
    assert report.sheet is not None
    sheet = report.sheet
    counts = Counter(f.severity.value for f in report.findings)
    tally = (
        ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(counts.items()))
        or "no findings"
    )
    lines = [f"{report.file}: {sheet.form.title} — {_total_words(sheet)}; {tally}"]
    for f in report.findings:
        lines += _finding_lines(f)
    return "\n".join(lines)


def render_summary(reports: Sequence[FormReport]) -> str:
    """The closing summary of a run: forms, error forms, invalid files, findings by code."""
    from scoring.pipeline.tally import Tally

    return Tally.of(reports).text()


def _trace_lines(t: Trace, depth: int) -> list[str]:
    pad = "    " * depth
    rounding = f", {t.rounding}" if t.rounding else ""
    lines = [f"{pad}{t.label} = {t.value}   (exact {t.exact_text}{rounding})"]
    lines.append(f"{pad}  rule:    {t.rule} — {t.clause}")
    lines.append(f"{pad}  formula: {t.formula}")
    if t.inputs:
        lines.append(f"{pad}  inputs:  " + ", ".join(f"{k}={v}" for k, v in t.inputs.items()))
    lines.append(f"{pad}  branch:  {t.branch}")
    for child in t.children:
        lines += _trace_lines(child, depth + 1)
    return lines


def render_explain(sheet: ScoreSheet, file: str) -> str:
    """The whole trace of a form as an indented tree, total first."""
    head = [
        f"{sheet.form.title}  [{file}, rulebook {sheet.rulebook.shown()}]",
        f"{_total_words(sheet)} under {sheet.rulebook.id} "
        f"{sheet.rulebook.cite(sheet.rulebook.grades.source).short()}",
        "",
    ]
    return "\n".join(head + _trace_lines(sheet.total, 0))


def _range_or(sheet: ScoreSheet) -> str:
    """The total, or the range it could take while a row's grade is not settled."""
    bounds = sheet.total_range
    return f"{bounds[0]}–{bounds[1]}" if bounds else str(sheet.total.value)


def _total_words(sheet: ScoreSheet) -> str:
    """The total and grade, or why the total is not the form's (an excerpt, a cell not printed)."""
    if "total" not in sheet.unknown:
        return f"total {_range_or(sheet)} ({sheet.grade})"
    why = "an excerpt" if sheet.form.partial else "not every row or amount is printed"
    return f"total not computed ({why}; what is scored adds up to {sheet.total.value})"

"""Plain-text rendering for the terminal: score tables, findings, and trace trees."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from scoring.engine.sheet import ScoreSheet
from scoring.findings import Finding
from scoring.i18n import DEFAULT_LANG, Lang, term, ui
from scoring.i18n.numbers import percent
from scoring.i18n.phrases import localize
from scoring.pipeline.check import FormReport
from scoring.rounding import pct
from scoring.rulebook.citation import localize_rule
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace

__all__ = [
    "cited",
    "render_explain",
    "render_findings",
    "render_score",
    "render_summary",
    "shown_file",
    "width",
]


def shown_file(file: str, lang: Lang) -> str:
    """A file name as shown; a roll-up, which has none, is named in ``lang``."""
    return ui("rollup.file", lang) if file == "<roll-up>" else file


def cited(text: str | None, rb: Rulebook | None, lang: Lang) -> str:
    """A rule or clause the engine wrote (a citation of ``rb`` in it, the engine's own words
    around it) in ``lang``."""
    return localize_rule(text, rb.sources.values() if rb is not None else (), lang)


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


def render_score(sheet: ScoreSheet, file: str, lang: Lang = DEFAULT_LANG) -> str:
    """A table of one form's scores: execution, each indicator (and why not full), subtotals, total."""
    form, rb = sheet.form, sheet.rulebook
    lines = [ui("text.score_head", lang, title=localize(form.title, lang, words=False),
                kind=term(form.kind, lang), year=form.year, rulebook=rb.shown(),
                file=shown_file(file, lang))]  # fmt: skip
    columns = ("html.indicator", "html.weight", "html.total_score", "html.why")
    rows: list[list[str]] = [["", *(ui(c, lang) for c in columns)]]
    ex = sheet.execution
    points = rb.execution.points.value
    funds = form.funds
    known = "execution" not in sheet.unknown
    rate = percent(pct(sheet.execution_rate.exact)) if known else ui("text.not_computed", lang)
    why = f"{ex.branch}: {points} × {percent(pct(sheet.execution_rate.exact, 4))}" if known \
        else ex.branch
    rows.append(
        [
            ui("text.execution", lang),
            f"A {localize(funds.shown('budget'), lang)}  B {localize(funds.shown('executed'), lang)}  "
            f"{ui('html.rate', lang)} {rate}",
            str(points),
            str(ex.value),
            "" if known and ex.value >= points else localize(why, lang),
        ]
    )
    for r in sheet.indicators:
        ind = r.indicator
        weight, score = str(r.weight), f"{r.bounds[0]}–{r.bounds[1]}" if r.bounds else str(r.score)
        why = localize(r.why or "", lang)
        if not r.known and ind.reported_score is None:  # not scored, nothing printed: no 0
            score = "—"
        if r.role == "breakdown":  # no weight and no score of its own: nothing to show but why
            weight, score, why = "", "", ui("text.breakdown", lang, parent=ind.parent or "")
        elif r.role == "parent":
            why = why or ui("text.parent", lang)
        rows.append([f"{ind.level1}/{ind.level2}", _cut(ind.name, 28), weight, score, _cut(why, 60)])
    for name, sub in sheet.subtotals.items():
        points_of = sum(
            (i.weight for i in sheet.indicators if i.counted and i.indicator.level1 == name),
            start=0,
        )
        known = f"level1:{name}" not in sheet.unknown  # a row under it is not scored
        shown = str(sub.value) if known else ui("text.not_computed", lang)
        rows.append([name, ui("html.subtotal", lang), str(points_of), shown, ""])
    rows.append(
        [
            ui("html.total", lang),
            f"{ui('html.grade', lang)} {sheet.grade}" if "total" not in sheet.unknown
            else ui("text.not_computed", lang),
            str(points + rb.indicators.points.value),
            _range_or(sheet),
            ui("text.range", lang) if sheet.total_range
            else "",
        ]
    )
    lines += _table(rows, right={2, 3})
    return "\n".join(lines)


def _finding_lines(f: Finding, lang: Lang = DEFAULT_LANG, rb: Rulebook | None = None) -> list[str]:
    where = f"{f.path}" + (ui("text.line", lang, line=f.line) if f.line else "")
    where += f" ({f.cell})" if f.cell else ""
    severity = ui(f.severity.value, lang)
    head = f"  {_pad(severity, 7)} {f.code:<26} {where}"
    out = [head]
    if f.section:
        out.append(f"          {ui('text.in', lang)}{ui('colon', lang)}{f.section}")
    if f.stated is not None or f.computed is not None:
        out.append(
            "          "
            + ui("text.sep", lang).join(
                f"{ui(k, lang)} {percent(term(v, lang))}"
                for k, v in (("html.printed", f.stated), ("html.computed", f.computed))
                if v
            )
            + (f"  [{ui('diag.' + f.diagnosis, lang)}]" if f.diagnosis else "")
        )
    out.append(f"          {f.text(lang)}")
    if f.rule:
        out.append(f"          {ui('text.rule', lang)}{ui('colon', lang)}{cited(f.rule, rb, lang)}")
    return out


def _count_words(report: FormReport, lang: Lang) -> str:
    counts = Counter(f.severity.value for f in report.findings)
    return ui("text.sep", lang).join(
        ui("text.count", lang, kind=ui(k, lang), n=counts[k])
        for k in ("error", "warning", "info")
        if counts[k]
    ) or ui("text.none", lang)


def render_findings(report: FormReport, lang: Lang = DEFAULT_LANG) -> str:
    """One form's findings (worst first), or the errors that kept it from being read."""
    if report.skipped is not None:
        return ui("text.skipped", lang, file=report.file, why=localize(report.skipped, lang))
    if report.error is not None:
        errs = report.error_lines(lang)
        head = ui("text.invalid", lang, file=report.file, n=len(errs))
        return "\n".join([head] + [f"  {e}" for e in errs])
    assert report.sheet is not None
    sheet = report.sheet
    lines = [
        ui("text.head", lang, file=shown_file(report.file, lang),
           title=localize(sheet.form.title, lang, words=False),
           total=_total_words(sheet, lang), tally=_count_words(report, lang))
    ]  # fmt: skip
    for f in sorted(report.findings, key=lambda f: -f.severity.rank):
        lines += _finding_lines(f, lang, sheet.rulebook)
    return "\n".join(lines)


def render_summary(reports: Sequence[FormReport], lang: Lang = DEFAULT_LANG) -> str:
    """The closing summary of a run: forms, error forms, invalid files, findings by code."""
    from scoring.pipeline.tally import Tally

    return Tally.of(reports, lang).text(lang)


def _trace_lines(t: Trace, depth: int, rb: Rulebook, lang: Lang) -> list[str]:
    pad = "    " * depth
    rounding = f", {localize(t.rounding, lang)}" if t.rounding else ""
    exact = ui("explain.exact", lang, exact=t.exact_text, rounding=rounding)
    lines = [f"{pad}{localize(t.label, lang)} = {t.value}   ({exact})"]
    label = {k: _pad(ui(f"explain.{k}", lang) + ui("colon", lang), 9)
             for k in ("rule", "formula", "inputs", "branch")}  # fmt: skip
    lines.append(f"{pad}  {label['rule']}{t.rule} — {cited(t.clause, rb, lang)}")
    lines.append(f"{pad}  {label['formula']}{localize(t.formula, lang)}")
    if t.inputs:
        lines.append(f"{pad}  {label['inputs']}" + ", ".join(
            f"{localize(k, lang)}={localize(v, lang)}" for k, v in t.inputs.items()))  # fmt: skip
    lines.append(f"{pad}  {label['branch']}{localize(t.branch, lang)}")
    for child in t.children:
        lines += _trace_lines(child, depth + 1, rb, lang)
    return lines


def render_explain(sheet: ScoreSheet, file: str, lang: Lang = DEFAULT_LANG) -> str:
    """The whole trace of a form as an indented tree, total first."""
    rb = sheet.rulebook
    head = [
        ui("text.explain_head", lang, title=sheet.form.title, file=file, rulebook=rb.shown()),
        ui("text.explain_grade", lang, total=_total_words(sheet, lang), rulebook=rb.id,
           clause=rb.cite(rb.grades.source).short(lang)),
        "",
    ]  # fmt: skip
    return "\n".join(head + _trace_lines(sheet.total, 0, rb, lang))


def _range_or(sheet: ScoreSheet) -> str:
    """The total, or the range it could take while a row's grade is not settled."""
    bounds = sheet.total_range
    return f"{bounds[0]}–{bounds[1]}" if bounds else str(sheet.total.value)


def _total_words(sheet: ScoreSheet, lang: Lang = DEFAULT_LANG) -> str:
    """The total and grade, or why the total is not the form's (an excerpt, a cell not printed)."""
    if "total" not in sheet.unknown:
        return ui("text.total", lang, total=_range_or(sheet), grade=sheet.grade)
    why = ui("text.excerpt" if sheet.form.partial else "text.unprinted", lang)
    return ui("text.total_unknown", lang, why=why, total=sheet.total.value)

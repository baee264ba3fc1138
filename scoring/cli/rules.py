"""``jixiao rules``: list the rulebooks, show what every parameter rests on, prove the formulas."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

import click
from pydantic import BaseModel

from scoring.cli.options import LANG, fail, format_option
from scoring.cli.which import which_rules
from scoring.errors import JixiaoError, error_text
from scoring.exitcodes import EXIT_ERRORS, EXIT_OK
from scoring.i18n import Lang, resolve_lang, term, ui
from scoring.i18n.phrases import localize
from scoring.report.text import width
from scoring.rulebook.check import FormulaCheck
from scoring.rulebook.citation import Citation, Wording, wording
from scoring.rulebook.claims import Claim
from scoring.rulebook.load import builtin_ids, load_builtin, load_rulebook_file, names_rulebook_file
from scoring.rulebook.model import Rulebook

__all__ = ["rules_command"]


_FORMAT = format_option("text for people, json for programs.")


def _load(ref: str, *, prove: bool, lang: Lang = "en") -> tuple[Rulebook, str]:
    """A built-in id or a rulebook file, and the file it comes from."""
    try:
        if names_rulebook_file(ref):
            return load_rulebook_file(ref, prove=prove), ref
        return load_builtin(ref), f"rulebooks/{ref}.yaml"
    except JixiaoError as exc:
        fail(error_text(exc, lang))


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _plain(value: Any, lang: Lang | None = None) -> Any:
    """A parameter value as JSON data (numbers as their exact text); with ``lang``, a text in
    two languages is shown in that one."""
    if lang is not None and isinstance(value, Wording):
        return value.get(lang)
    if lang is not None and isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k), lang) for k in type(value).model_fields}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, lang) for v in value]
    return value


def _shown(value: Any, lang: Lang) -> str:
    data = _plain(value, lang)
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)


def _period(rb: Rulebook) -> str:
    return f"{rb.period.start} – {rb.period.end or ''}".rstrip()


def _table(rows: list[list[str]]) -> list[str]:
    cols = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c + " " * (cols[i] - width(c)) for i, c in enumerate(r)).rstrip()
            for r in rows]


@click.group("rules")
def rules_command() -> None:
    """Rulebooks: the rule sets forms are scored under, what they rest on, and their proofs."""


def _forms(rb: Rulebook, lang: Lang) -> str:
    kinds = "、".join(term(k, lang) for k in rb.kinds)
    return kinds + ("" if rb.automatic else ui("rules.named_only", lang))


@rules_command.command("list")
@_FORMAT
@LANG
def list_rules(fmt: str, lang: str | None) -> None:
    """Every built-in rulebook: id, title, period, region."""
    language = resolve_lang(lang)
    books = [load_builtin(i) for i in builtin_ids()]
    if fmt == "json":
        _json({"format": "jixiao.rulebooks", "version": 1, "rulebooks": [
            {"id": rb.id, "title": rb.title, "region": rb.region, "extends": rb.extends,
             "kinds": list(rb.kinds), "automatic": rb.automatic,
             "period": {"start": str(rb.period.start),
                        "end": str(rb.period.end) if rb.period.end else None}}
            for rb in books]})  # fmt: skip
        return
    rows = [[ui(f"rules.{k}", language) for k in ("id", "period", "region", "forms", "title")]]
    rows += [[rb.id, _period(rb), rb.region, _forms(rb, language), rb.title] for rb in books]
    click.echo("\n".join(_table(rows)))


def _citation(c: Citation) -> dict[str, Any]:
    return c.model_dump(mode="json")


def _claim(c: Claim) -> dict[str, Any]:
    return {"domain": c.domain_text, "direction": c.direction, "met": c.met_text,
            "score_max": c.score_max, "monotone_in": c.monotone_in}


def _show_json(rb: Rulebook, file: str) -> dict[str, Any]:
    return {
        "format": "jixiao.rulebook",
        "version": 1,
        "id": rb.id,
        "title": rb.title,
        "region": rb.region,
        "period": {"start": str(rb.period.start),
                   "end": str(rb.period.end) if rb.period.end else None},
        "extends": rb.extends,
        "file": file,
        "parameters": [
            {"path": path, "value": _plain(p.value), "source": p.source, "note": _plain(p.note),
             "citation": _citation(rb.cite(p.source))}
            for path, p in rb.parameters()
        ],
        "formulas": [
            {"name": name, "formula": rb.formula(name).display(), "inputs": list(spec.inputs),
             "source": spec.source, "citation": _citation(rb.cite(spec.source)),
             "claims": [_claim(c) for c in rb.claims[name]], "note": _plain(spec.note)}
            for name, spec in rb.formulas.items()
        ],
        "sources": {k: _citation(c) for k, c in rb.sources.items()},
        "vocabulary": [
            {"word": w, "grade": g, "source": src, "confidence": rb.cite(src).confidence,
             "note": _plain(note)}
            for w, (g, src, note) in rb.indicators.vocabulary().items()
        ],
        "directions": [
            {"op": str(d.op), "level_words": list(d.level_words), "name_words": list(d.name_words),
             "except_words": list(d.except_words),
             "source": d.source or rb.indicators.directions.source, "note": _plain(d.note)}
            for d in rb.indicators.directions.value
        ],
    }  # fmt: skip


def _vocabulary_lines(rb: Rulebook, lang: Lang) -> list[str]:
    """The grade words by grade, each marked with its source's confidence ([assumed] …)."""
    lines = ["", ui("rules.vocabulary", lang)]
    by_grade: dict[str, list[str]] = {}
    for word, (grade, src, _) in rb.indicators.vocabulary().items():
        tag = ui(f"confidence.{rb.cite(src).confidence}", lang)
        by_grade.setdefault(grade, []).append(f"{word} [{tag}]")
    lines += [f"  {grade}: {'、'.join(words)}" for grade, words in by_grade.items()]
    policy = rb.indicators.qualitative
    lines.append(ui("rules.policy", lang, policy=_shown(policy.value, lang)))
    lines += _source_lines(rb, policy.source, lang)
    lines += ["", ui("rules.directions", lang)]
    for d in rb.indicators.directions.value:
        words = [ui("rules.headings_with", lang, words="、".join(d.level_words))] if d.level_words else []
        words += [ui("rules.names_with", lang, words="、".join(d.name_words))] if d.name_words else []
        unless = ui("rules.unless", lang, words="、".join(d.except_words)) if d.except_words else ""
        lines.append(f"  {d.op}: {'; '.join(words)}{unless}")
        lines += _source_lines(rb, d.source or rb.indicators.directions.source, lang)
    lines.append(ui("rules.otherwise", lang, op=rb.indicators.default_op.value))
    return lines


def _source_lines(rb: Rulebook, key: str, lang: Lang) -> list[str]:
    c = rb.cite(key)
    lines = [ui("rules.source", lang, name=key, document=wording(c.document, lang),
                clause=wording(c.clause, lang),
                confidence=ui(f"confidence.{c.confidence}", lang))]  # fmt: skip
    if c.url:
        lines.append(ui("rules.url", lang, url=c.url))
    return lines


@rules_command.command("show")
@click.argument("rulebook", metavar="ID|FILE")
@_FORMAT
@LANG
def show_rules(rulebook: str, fmt: str, lang: str | None) -> None:
    """Every parameter of a rulebook with its value and the source it rests on."""
    language = resolve_lang(lang)
    rb, file = _load(rulebook, prove=False, lang=language)
    if fmt == "json":
        _json(_show_json(rb, file))
        return
    extends = ui("rules.extends", language, parent=rb.extends) if rb.extends else ""
    lines = [f"{rb.id} — {rb.title}", ui("rules.head", language, region=rb.region,
             period=_period(rb), file=file, extends=extends), "", ui("rules.parameters", language)]
    for path, p in rb.parameters():
        lines.append(f"  {path} = {_shown(p.value, language)}")
        lines += _source_lines(rb, p.source, language)
        if p.note:
            lines.append(ui("rules.note", language, note=wording(p.note, language)))
    lines += _vocabulary_lines(rb, language)
    lines += ["", ui("rules.formulas", language)]
    for name, spec in rb.formulas.items():
        lines.append(f"  {name} = {localize(rb.formula(name).display(), language)}")
        lines += _source_lines(rb, spec.source, language)
        lines += [ui("rules.claims", language, claim=localize(c.describe(), language))
                  for c in rb.claims[name]]  # fmt: skip
    click.echo("\n".join(lines))


def _check_json(checks: list[tuple[Rulebook, str, list[FormulaCheck]]]) -> dict[str, Any]:
    return {
        "format": "jixiao.rules-check",
        "version": 1,
        "rulebooks": [
            {"id": rb.id, "file": file, "formulas": [
                {"name": c.name, "formula": c.formula, "region": c.claim.region,
                 "claim": _claim(c.claim), "cached": c.cached,
                 "properties": [v.to_dict() for v in c.verdicts]}
                for c in found]}
            for rb, file, found in checks
        ],
        "summary": _tally([c for _, _, found in checks for c in found]),
    }  # fmt: skip


def _tally(found: list[FormulaCheck]) -> dict[str, int]:
    out = dict.fromkeys(("proved", "refuted", "unproved", "sampled"), 0)
    for c in found:
        for v in c.verdicts:
            out[v.status] += 1
    return out


def _check_text(rb: Rulebook, file: str, found: list[FormulaCheck], lang: Lang) -> list[str]:
    lines = [ui("rules.check_head", lang, id=rb.id, file=file)]
    for c in found:
        region = "" if c.claim.region == 0 else ui("rules.region_n", lang, n=c.claim.region)
        lines += [f"  {c.name}{region} = {localize(c.formula, lang)}",
                  f"    {localize(c.claim.describe(), lang)}"]  # fmt: skip
        for v in c.verdicts:
            mark = ui(f"rules.status.{v.status}", lang)
            lines.append(f"    {_pad(mark, 9)} {_pad(localize(v.prop, lang), 14)} "
                         f"{localize(v.detail, lang)}")  # fmt: skip
            if v.counterexample:
                point = ", ".join(f"{k}={x}" for k, x in v.counterexample.items())
                score = f" → {localize('score', lang)} {v.score}" if v.score is not None else ""
                lines.append(f"    {'':<9} {_pad(ui('rules.counterexample', lang), 14)} {point}{score}")
    return lines


def _pad(text: str, cols: int) -> str:
    return text + " " * max(cols - width(text), 0)


@rules_command.command("check")
@click.argument("rulebook", metavar="[ID|FILE]", required=False)
@_FORMAT
@click.option("--no-cache", is_flag=True, help="prove again instead of reusing cached results.")
@LANG
def check_rules(rulebook: str | None, fmt: str, no_cache: bool, lang: str | None) -> None:
    """Prove every formula over its declared domain: 0 ≤ score ≤ weight, monotone in the actual
    in the declared direction, full weight when the target is met (and no division by zero at
    sample points). A refuted property prints its counterexample; exit 1 if any is refuted.

    Without an argument every built-in rulebook is checked.
    """
    from scoring.rulebook.check import check_rulebook

    language = resolve_lang(lang)
    refs = [rulebook] if rulebook else builtin_ids()
    books = [_load(ref, prove=False, lang=language) for ref in refs]
    checks = [(rb, file, check_rulebook(rb, use_cache=not no_cache)) for rb, file in books]
    everything = [c for _, _, found in checks for c in found]
    tally = _tally(everything)
    if fmt == "json":
        _json(_check_json(checks))
    else:
        for rb, file, found in checks:
            click.echo("\n".join(_check_text(rb, file, found, language)) + "\n")
        counts = ui("text.sep", language).join(
            f"{n} {ui(f'rules.status.{k}', language)}" for k, n in tally.items())
        click.echo(ui("rules.summary", language, tally=counts))
    sys.exit(EXIT_ERRORS if tally["refuted"] else EXIT_OK)


rules_command.add_command(which_rules)

"""``jixiao rules``: list the rulebooks, show what every parameter rests on, prove the formulas."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

import click
from pydantic import BaseModel

from scoring.cli.options import fail, format_option
from scoring.cli.which import which_rules
from scoring.errors import JixiaoError
from scoring.exitcodes import EXIT_ERRORS, EXIT_OK
from scoring.report.text import width
from scoring.rulebook.check import FormulaCheck
from scoring.rulebook.claims import Claim
from scoring.rulebook.load import builtin_ids, load_builtin, load_rulebook_file, names_rulebook_file
from scoring.rulebook.citation import Citation
from scoring.rulebook.model import Rulebook

__all__ = ["rules_command"]


_FORMAT = format_option("text for people, json for programs.")


def _load(ref: str, *, prove: bool) -> tuple[Rulebook, str]:
    """A built-in id or a rulebook file, and the file it comes from."""
    try:
        if names_rulebook_file(ref):
            return load_rulebook_file(ref, prove=prove), ref
        return load_builtin(ref), f"rulebooks/{ref}.yaml"
    except JixiaoError as exc:
        fail(str(exc))


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _plain(value: Any) -> Any:
    """A parameter value as JSON data (numbers as their exact text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _shown(value: Any) -> str:
    data = _plain(value)
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


def _forms(rb: Rulebook) -> str:
    kinds = "、".join({"project": "项目", "department": "部门整体"}[k] for k in rb.kinds)
    return kinds + ("" if rb.automatic else " (named only)")


@rules_command.command("list")
@_FORMAT
def list_rules(fmt: str) -> None:
    """Every built-in rulebook: id, title, period, region."""
    books = [load_builtin(i) for i in builtin_ids()]
    if fmt == "json":
        _json({"format": "jixiao.rulebooks", "version": 1, "rulebooks": [
            {"id": rb.id, "title": rb.title, "region": rb.region, "extends": rb.extends,
             "kinds": list(rb.kinds), "automatic": rb.automatic,
             "period": {"start": str(rb.period.start),
                        "end": str(rb.period.end) if rb.period.end else None}}
            for rb in books]})  # fmt: skip
        return
    rows = [["id", "period", "region", "forms", "title"]]
    rows += [[rb.id, _period(rb), rb.region, _forms(rb), rb.title] for rb in books]
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
            {"path": path, "value": _plain(p.value), "source": p.source, "note": p.note,
             "citation": _citation(rb.cite(p.source))}
            for path, p in rb.parameters()
        ],
        "formulas": [
            {"name": name, "formula": rb.formula(name).display(), "inputs": list(spec.inputs),
             "source": spec.source, "citation": _citation(rb.cite(spec.source)),
             "claims": [_claim(c) for c in rb.claims[name]], "note": spec.note}
            for name, spec in rb.formulas.items()
        ],
        "sources": {k: _citation(c) for k, c in rb.sources.items()},
        "vocabulary": [
            {"word": w, "grade": g, "source": src, "confidence": rb.cite(src).confidence,
             "note": note}
            for w, (g, src, note) in rb.indicators.vocabulary().items()
        ],
        "directions": [
            {"op": str(d.op), "level_words": list(d.level_words), "name_words": list(d.name_words),
             "except_words": list(d.except_words),
             "source": d.source or rb.indicators.directions.source, "note": d.note}
            for d in rb.indicators.directions.value
        ],
    }  # fmt: skip


def _vocabulary_lines(rb: Rulebook) -> list[str]:
    """The grade words by grade, each marked with its source's confidence ([assumed] …)."""
    lines = ["", "vocabulary (qualitative actual → grade)"]
    by_grade: dict[str, list[str]] = {}
    for word, (grade, src, _) in rb.indicators.vocabulary().items():
        by_grade.setdefault(grade, []).append(f"{word} [{rb.cite(src).confidence}]")
    lines += [f"  {grade}: {'、'.join(words)}" for grade, words in by_grade.items()]
    policy = rb.indicators.qualitative
    lines.append(f"  policy: {_shown(policy.value)}")
    lines += _source_lines(rb, policy.source)
    lines += ["", "directions (a target printed without a comparator)"]
    for d in rb.indicators.directions.value:
        words = [f"headings with {'、'.join(d.level_words)}"] if d.level_words else []
        words += [f"names with {'、'.join(d.name_words)}"] if d.name_words else []
        unless = f", unless the name has {'、'.join(d.except_words)}" if d.except_words else ""
        lines.append(f"  {d.op}: {'; '.join(words)}{unless}")
        lines += _source_lines(rb, d.source or rb.indicators.directions.source)
    default = rb.indicators.default_op
    lines.append(f"  otherwise {default.value} (indicators.default_op)")
    return lines


def _source_lines(rb: Rulebook, key: str) -> list[str]:
    c = rb.cite(key)
    lines = [f"      source {key}: {c.document} {c.clause} [{c.confidence}]"]
    if c.url:
        lines.append(f"      url {c.url}")
    return lines


@rules_command.command("show")
@click.argument("rulebook", metavar="ID|FILE")
@_FORMAT
def show_rules(rulebook: str, fmt: str) -> None:
    """Every parameter of a rulebook with its value and the source it rests on."""
    rb, file = _load(rulebook, prove=False)
    if fmt == "json":
        _json(_show_json(rb, file))
        return
    head = f"{rb.id} — {rb.title}"
    lines = [head, f"  region {rb.region}, period {_period(rb)}, file {file}"
             + (f", extends {rb.extends}" if rb.extends else ""), "", "parameters"]
    for path, p in rb.parameters():
        lines.append(f"  {path} = {_shown(p.value)}")
        lines += _source_lines(rb, p.source)
        if p.note:
            lines.append(f"      note {p.note}")
    lines += _vocabulary_lines(rb)
    lines += ["", "formulas"]
    for name, spec in rb.formulas.items():
        lines.append(f"  {name} = {rb.formula(name).display()}")
        lines += _source_lines(rb, spec.source)
        lines += [f"      claims {c.describe()}" for c in rb.claims[name]]
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


def _check_text(rb: Rulebook, file: str, found: list[FormulaCheck]) -> list[str]:
    lines = [f"{rb.id}  ({file})"]
    for c in found:
        region = "" if c.claim.region == 0 else f" [region {c.claim.region}]"
        lines += [f"  {c.name}{region} = {c.formula}", f"    {c.claim.describe()}"]
        for v in c.verdicts:
            mark = v.status.upper() if v.status == "refuted" else v.status
            lines.append(f"    {mark:<9} {v.prop:<14} {v.detail}")
            if v.counterexample:
                point = ", ".join(f"{k}={x}" for k, x in v.counterexample.items())
                score = f" → score {v.score}" if v.score is not None else ""
                lines.append(f"    {'':<9} {'counterexample':<14} {point}{score}")
    return lines


@rules_command.command("check")
@click.argument("rulebook", metavar="[ID|FILE]", required=False)
@_FORMAT
@click.option("--no-cache", is_flag=True, help="prove again instead of reusing cached results.")
def check_rules(rulebook: str | None, fmt: str, no_cache: bool) -> None:
    """Prove every formula over its declared domain: 0 ≤ score ≤ weight, monotone in the actual
    in the declared direction, full weight when the target is met (and no division by zero at
    sample points). A refuted property prints its counterexample; exit 1 if any is refuted.

    Without an argument every built-in rulebook is checked.
    """
    from scoring.rulebook.check import check_rulebook

    refs = [rulebook] if rulebook else builtin_ids()
    books = [_load(ref, prove=False) for ref in refs]
    checks = [(rb, file, check_rulebook(rb, use_cache=not no_cache)) for rb, file in books]
    everything = [c for _, _, found in checks for c in found]
    tally = _tally(everything)
    if fmt == "json":
        _json(_check_json(checks))
    else:
        for rb, file, found in checks:
            click.echo("\n".join(_check_text(rb, file, found)) + "\n")
        click.echo("summary: " + ", ".join(f"{n} {k}" for k, n in tally.items()))
    sys.exit(EXIT_ERRORS if tally["refuted"] else EXIT_OK)


rules_command.add_command(which_rules)

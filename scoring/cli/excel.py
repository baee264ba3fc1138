"""``jixiao import`` (workbook -> YAML forms) and ``jixiao template`` (a blank form to fill in)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from scoring.cli.options import LANG, cannot_write, fail
from scoring.i18n import resolve_lang, ui
from scoring.io.located import FieldPath

__all__ = ["import_command", "template_command"]


def _slug(index: int, sheet: str) -> str:
    """A file name for a sheet's form: its name without characters file systems refuse."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", sheet).strip("._") or "form"
    return f"{name}.yaml" if name[:2].isdigit() else f"{index + 1:02d}-{name}.yaml"


@click.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="folder to write one YAML form per sheet into (made if missing).")  # fmt: skip
@LANG
def import_command(workbook: str, out: Path, lang: str | None) -> None:
    """Transcribe each form of a workbook (.xlsx, .xls) into YAML, one file per sheet.

    The YAML verifies with the same findings as the workbook (named by line instead of cell);
    each value's cell is noted in a comment. Exit 0, or 2 if the workbook cannot be read.
    """
    import yaml

    from scoring.errors import InputError, InputErrors, error_text
    from scoring.io.xlsx import read_workbook_forms
    from scoring.pipeline.check import parse_form
    from scoring.report.xlsx_forms import form_data

    language = resolve_lang(lang)
    try:
        forms = [(w, parse_form(w.src)) for w in read_workbook_forms(workbook)]
    except (InputError, InputErrors) as exc:
        fail(ui("import.failed", language, file=workbook, error=error_text(exc, language)))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        cannot_write(out, exc, language)
    for i, (w, form) in enumerate(forms):
        target = out / _slug(i, w.sheet)
        head = ui("import.head", language, file=Path(workbook).name, sheet=w.sheet)
        body = yaml.safe_dump(form_data(form), allow_unicode=True, sort_keys=False,
                              width=float("inf"))  # one line a value, so a comment can follow  # fmt: skip
        try:
            target.write_text(head + _with_cells(body, w.src.cells), encoding="utf-8")
        except OSError as exc:
            cannot_write(target, exc, language)
        click.echo(str(target))
    sys.exit(0)


def _with_cells(text: str, cells: Mapping[FieldPath, str]) -> str:
    """The YAML with the cell each value was read from as a comment on its line."""
    from scoring.io.yamlsrc import read_yaml

    src = read_yaml(text, "<import>")
    lines = text.split("\n")
    for path, cell in sorted(cells.items(), key=lambda kv: len(kv[0]), reverse=True):
        at = src.lines.get(path) if path else None
        here = lines[at - 1] if at else ""
        if at and not here.rstrip().endswith(":") and "  # " not in here:
            lines[at - 1] = f"{here}  # {cell}"
    commented = "\n".join(lines)
    return commented if read_yaml(commented, "<import>").data == src.data else text


@click.command("template")
@click.option("--rulebook", metavar="ID|FILE", required=True,
              help="the rulebook whose points, grade words and formulas the form uses.")  # fmt: skip
@click.option("--kind", type=click.Choice(["project", "department"]), default="project",
              show_default=True, help="项目支出 or 部门整体 self-evaluation form.")  # fmt: skip
@click.option("--rows", type=click.IntRange(1, 200), default=10, show_default=True,
              help="empty indicator rows.")  # fmt: skip
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="the .xlsx to write.")  # fmt: skip
@LANG
def template_command(rulebook: str, kind: str, rows: int, out: Path, lang: str | None) -> None:
    """Write a blank form in the official Hubei layout to fill in with Excel, WPS or LibreOffice.

    Dropdowns for the indicator levels, grade words and comparators; formulas for the execution
    rate, score and total where the rulebook's formulas allow; instructions in Chinese.
    """
    from scoring.errors import JixiaoError, error_text
    from scoring.report.xlsx_template import write_template
    from scoring.rulebook.load import load_named_rulebook

    language = resolve_lang(lang)
    if out.suffix.lower() != ".xlsx":
        fail(ui("template.suffix", language, file=out))
    try:
        rb = load_named_rulebook(rulebook)
        assert rb is not None
        write_template(rb, out, kind, rows)
    except JixiaoError as exc:
        fail(error_text(exc, language))
    except OSError as exc:
        cannot_write(out, exc, language)
    click.echo(str(out))

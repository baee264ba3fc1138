"""``jixiao batch``: score tables of forms and indicators (scoring/batch), streamed in chunks.

This module only declares the command; numpy and pyarrow are imported when it runs, so the
other commands start without them.
"""

from __future__ import annotations

import importlib.abc
import sys
import time
from pathlib import Path
from typing import Any

import click

from scoring.cli.options import LANG, rulebook_option
from scoring.exitcodes import EXIT_INVALID, EXIT_OK, EXIT_OUTPUT
from scoring.i18n import Lang, resolve_lang, ui
from scoring.i18n.phrases import localize

__all__ = ["batch"]


class _NoPandas(importlib.abc.MetaPathFinder):
    """Answers "no" when pandas is imported (while installed)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ImportError("jixiao batch converts no pandas object")


def _pyarrow_without_pandas() -> None:
    """pyarrow imports pandas (≈ 0.4 CPU-s), when it is installed, the first time it converts
    a Python object, to ask whether that object is a pandas one; it remembers the answer.
    This command hands it no pandas object: the first conversion is made here with pandas
    out of reach, so the answer is no. Only in the ``jixiao`` process itself: a program calling
    the command in-process may convert pandas objects afterwards, which needs the answer yes."""
    own = Path(sys.argv[0]).name in ("jixiao", "jixiao.exe") or sys.argv[0].endswith("cli/main.py")
    if "pandas" in sys.modules or not own:
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        import pyarrow as pa

        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)



def _inputs(source: Path, forms: Path | None, lang: Lang) -> tuple[Path, Path]:
    from scoring.batch.tables import find_table

    if forms is not None:
        return forms, source
    if not source.is_dir():
        raise click.UsageError(ui("batch.folder", lang))
    return find_table(source, "forms"), find_table(source, "indicators")


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="result table, one row per form (.csv, .parquet, .arrow).")
@click.option("--forms", "forms", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the forms table; SOURCE is then the indicators table.")
@click.option("--indicator-scores", "per_row", type=click.Path(path_type=Path),
              help="also write one row per indicator with its score.")
@rulebook_option("score every form under this rulebook (else the forms table's column).")
@click.option("--encoding", default=None, metavar="NAME",
              help="text encoding of CSV input (utf-8, gb18030, gbk…) [default: detected].")
@click.option("--chunk-rows", type=click.IntRange(min=1000), default=1 << 18, show_default=True,
              help="indicator rows read per chunk (Parquet, Arrow; CSV reads 32 MB blocks).")
@LANG
def batch(
    source: Path, out: Path, forms: Path | None, per_row: Path | None, rulebook: str | None,
    encoding: str | None, chunk_rows: int, lang: str | None,
) -> None:  # fmt: skip
    """Score tables of forms and indicators exactly; columns: see scoring/batch/__init__.py.

    SOURCE is a folder with forms.* and indicators.* (.csv, .parquet or .arrow). CSV may be
    UTF-8 or GBK/GB18030 (as Excel saves it on Chinese Windows), headers English or Chinese
    (一级指标, 三级指标, 分值, 年度指标值, 实际完成值…); CSV output has a BOM for Excel. Exit 0
    when every form was scored, 2 when a form could not be (its row says why in ``error``).
    """
    _pyarrow_without_pandas()
    import pyarrow as pa

    from scoring.batch.score import FORM_COLUMNS, SCORED_COLUMNS, score_tables
    from scoring.batch.tables import TableWriter, read_chunks, read_table
    from scoring.errors import BatchError, JixiaoError, OutputError, error_text
    from scoring.rulebook.load import load_named_rulebook

    language = resolve_lang(lang)
    start = time.perf_counter()
    try:
        forms_path, indicators_path = _inputs(source, forms, language)
        columns = None if per_row else SCORED_COLUMNS
        rows_writer = TableWriter(per_row) if per_row else None
        result, scorer = score_tables(
            read_table(forms_path, FORM_COLUMNS, encoding),
            lambda: read_chunks(indicators_path, columns, chunk_rows, encoding=encoding),
            load_named_rulebook(rulebook),
            rows_writer.write if rows_writer is not None else None,
        )
        if rows_writer is not None:
            rows_writer.close()
        writer = TableWriter(out)
        writer.write(result)
        writer.close()
    except OutputError as exc:
        click.echo(ui("batch.failed", language, error=error_text(exc, language)), err=True)
        sys.exit(EXIT_OUTPUT)
    except (BatchError, JixiaoError, OSError, pa.ArrowInvalid) as exc:
        text = error_text(exc, language) if isinstance(exc, JixiaoError) else str(exc)
        click.echo(ui("batch.failed", language, error=text), err=True)
        sys.exit(EXIT_INVALID)
    done = scorer.seen
    failed = int(result.column("error").is_valid().to_numpy(zero_copy_only=False).sum())
    took = time.perf_counter() - start
    click.echo(ui("batch.summary", language, forms=len(result), rows=done, took=f"{took:.2f}",
                  speed=f"{done / max(took, 1e-9):,.0f}", failed=failed), err=True)  # fmt: skip
    for note in scorer.notes:
        click.echo(ui("batch.note", language, note=localize(note, language)), err=True)
    for form_id, error in _first_errors(result, language):
        click.echo(f"  {form_id}: {localize(error, language)}", err=True)
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


def _first_errors(result: Any, lang: Lang, shown: int = 20) -> list[tuple[str, str]]:
    import pyarrow.compute as pc

    failed = result.filter(pc.is_valid(result.column("error")))
    rows = failed.slice(0, shown).select(["form_id", "error"]).to_pylist()
    out = [(str(r["form_id"]), str(r["error"])) for r in rows]
    if len(failed) > shown:
        out.append(("…", ui("batch.more", lang, n=len(failed) - shown)))
    return out

"""Verify many form files at once: worker processes, a progress bar, streamed output, a summary.

``verify_files`` is what ``jixiao verify`` runs. A few files are checked in this process
(starting workers would cost more than it saves); from ``PARALLEL_FROM`` files on, ``jobs``
worker processes check chunks of files. Either way results are written **in input order** (the
sorted order of ``expand_paths``), each as soon as it and every file before it are done, so a
huge run streams. Workers render each form (text block or JSON line) themselves and send back
only that text and the counts the summary needs. ``html`` is not streamed: the workers send
back each form's record and the one page is rendered when every form is done.

Every file is checked: one that cannot be read (bad YAML, unknown keys, NaN…) is reported with
its errors and the run goes on; an unexpected failure on one form is reported as an internal
error of that file and the run goes on too. Exit code: 0 no error finding, 1 an error finding,
2 a file could not be read (all others still verified).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Generator, Iterable, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import Any, Literal, TextIO

from scoring.cli.progress import Progress, wanted
from scoring.errors import JixiaoError
from scoring.exitcodes import Terminated
from scoring.i18n import DEFAULT_LANG, Lang, ui
from scoring.pipeline.check import FormReport, check_path
from scoring.pipeline.tally import Outcome, Tally
from scoring.rulebook.load import load_named_rulebook

__all__ = ["PARALLEL_FROM", "Format", "check_outcomes", "verify_files"]

PARALLEL_FROM = 48
"""Runs with fewer files than this are checked in this process: workers would not pay off."""

Format = Literal["text", "json", "jsonl", "html"]
"""How ``verify`` writes its results: text, one JSON document, JSON lines, or one HTML page."""


# ------------------------------------------------------------------ one file, in any process

_STATE: dict[str, Any] = {}


def _init(spec: str | None, fmt: Format, lang: Lang = DEFAULT_LANG) -> None:
    """Set up a process to check files: the rulebook of ``--rulebook``, the output format and
    the language of messages."""
    _STATE["rulebook"], _STATE["format"] = load_named_rulebook(spec), fmt
    _STATE["lang"] = lang


def _init_worker(spec: str | None, fmt: Format, lang: Lang = DEFAULT_LANG) -> None:
    """Set up a worker: Ctrl-C is the parent's to handle (it stops the workers), and SIGTERM
    ends a worker at once, whatever handler the parent had when it forked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _init(spec, fmt, lang)


def _render(
    report: FormReport, fmt: Format, lang: Lang
) -> tuple[str | None, dict[str, Any] | None]:
    if fmt == "text":
        from scoring.report.text import render_findings

        return render_findings(report, lang), None
    if fmt == "html":
        from scoring.report.html import html_record  # jinja2 waits for the page, at the end

        return None, html_record(report, lang)

    record = report.to_dict(lang=lang)
    return (json.dumps(record, ensure_ascii=False), None) if fmt == "jsonl" else (None, record)


def _check(path: str) -> list[Outcome]:
    """Check one file (every form of a workbook) in this process: an ``Outcome`` per form."""
    try:
        reports = check_path(path, _STATE["rulebook"])
    except Exception as exc:  # one form's failure must not stop a run of thousands
        error = JixiaoError(f"{path}: internal error while checking: {type(exc).__name__}: {exc}")
        reports = [FormReport(path, error=error)]
    return [_outcome(r) for r in reports]


def _outcome(report: FormReport) -> Outcome:
    fmt: Format = _STATE["format"]
    rendered, record = _render(report, fmt, _STATE["lang"])
    return Outcome(
        file=report.file,
        status=report.status,
        codes=tuple((f.severity.value, f.code) for f in report.findings),
        errors=tuple(report.error_lines(_STATE["lang"])),
        rendered=rendered,
        record=record,
    )


# ------------------------------------------------------------------ many files


def _context() -> Any:
    # fork starts a worker in milliseconds with every module already imported; elsewhere
    # (macOS, Windows) the platform's default start method is the safe one
    import multiprocessing

    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


def check_outcomes(
    files: Sequence[str | Path],
    spec: str | None,
    fmt: Format,
    jobs: int | None = None,
    lang: Lang = DEFAULT_LANG,
) -> Generator[Outcome, None, None]:
    """Check every file and yield its ``Outcome`` in input order, using ``jobs`` processes."""
    names = [str(f) for f in files]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(names) < PARALLEL_FROM:
        _init(spec, fmt, lang)
        for outcomes in map(_check, names):
            yield from outcomes
        return
    from concurrent.futures import ProcessPoolExecutor  # imported only when workers are used

    chunk = max(1, min(64, len(names) // (jobs * 8)))
    pool = ProcessPoolExecutor(
        jobs, mp_context=_context(), initializer=_init_worker, initargs=(spec, fmt, lang)
    )
    try:
        for outcomes in pool.map(_check, names, chunksize=chunk):
            yield from outcomes
    except BaseException:  # interrupted, terminated, or the reader went away: no orphans
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: Any) -> None:
    """Stop every worker now (SIGTERM), rather than letting each finish its chunk.

    A worker stopped while sending its results leaves half a message in the result pipe, on
    which the pool's manager thread would wait for ever; closing this process's end of that
    pipe (the workers' ends died with them) turns the wait into an end of file, and the pool
    shuts down as broken.
    """
    previous = threading.excepthook
    threading.excepthook = _quiet_when_broken(previous)
    try:
        _kill_workers(pool)
    finally:
        threading.excepthook = previous


def _quiet_when_broken(previous: Any) -> Any:
    """The pool's manager thread, finding its workers gone, marks futures failed, and on
    Python 3.11 trips on those ``pool.map`` has just cancelled (InvalidStateError): expected
    here, and not to be printed as a traceback."""

    def hook(args: Any) -> None:
        from concurrent.futures import InvalidStateError

        if not isinstance(args.exc_value, InvalidStateError):
            previous(args)

    return hook


def _kill_workers(pool: Any) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with suppress(OSError):
            writer.close()
    pool.shutdown(wait=True, cancel_futures=True)


def _write(stream: TextIO, text: str, bar: Progress) -> None:
    if bar.shown and stream.isatty():  # the bar and this text share one terminal
        bar.clear()
    stream.write(text)


def verify_files(
    files: Sequence[str | Path],
    spec: str | None,
    fmt: Format = "text",
    jobs: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    lang: Lang = DEFAULT_LANG,
    errors_only: bool = False,
) -> int:
    """Verify files, write each result and a summary to ``out``; return the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    tally = Tally()
    bar = Progress(len(files), err, enabled=wanted(err), lang=lang)
    records: list[dict[str, Any]] = []
    writing = False  # a signal can cut a record short: the summary then starts a line of its own
    with closing(check_outcomes(files, spec, fmt, jobs, lang)) as outcomes:
        try:
            for o in outcomes:
                tally.add(o)
                if o.rendered is not None:
                    writing = True
                    _write(out, o.rendered + ("\n\n" if fmt == "text" else "\n"), bar)
                    writing = False
                if o.record is not None:
                    records.append(o.record)
                bar.advance()
        except (KeyboardInterrupt, Terminated) as exc:
            bar.clear()
            why = "SIGINT" if isinstance(exc, KeyboardInterrupt) else "SIGTERM"
            partial = _closing(tally, fmt, records, lang, errors_only, (why, len(files)))
            _write(out, ("\n" if writing else "") + partial, bar)
            out.flush()
            raise
    bar.clear()
    _write(out, _closing(tally, fmt, records, lang, errors_only), bar)
    out.flush()
    return tally.exit_code()


def _closing(
    tally: Tally,
    fmt: Format,
    records: Iterable[dict[str, Any]],
    lang: Lang = DEFAULT_LANG,
    errors_only: bool = False,
    partial: tuple[str, int] | None = None,
) -> str:
    """The closing summary; ``partial`` (signal, files asked for) marks a run cut short."""
    from scoring.report.jsonreport import REPORT_FORMAT, REPORT_VERSION

    head: dict[str, Any] = {"format": REPORT_FORMAT, "version": REPORT_VERSION}
    if partial is not None:
        why, asked = partial
        head |= {"partial": True, "interrupted_by": why, "files": asked}
        checked = tally.forms + len(tally.skipped)
        if fmt == "text":
            partial_line = ui("run.partial", lang, why=why, checked=checked, asked=asked)
            return f"{tally.text(lang)}\n{partial_line}\n"
        if fmt == "html":  # a page that looks whole must not be half a run: none is written
            return ""
    if fmt == "text":
        return tally.text(lang) + "\n"
    if fmt == "jsonl":
        return json.dumps({**head, "summary": tally.summary()}, ensure_ascii=False) + "\n"
    if fmt == "html":
        from scoring.report.html import render_records

        shown = [r for r in records if r["status"] != "skipped"]
        return render_records(shown, tally.summary(), lang, errors_only)
    document = {**head, "forms": list(records), "summary": tally.summary()}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

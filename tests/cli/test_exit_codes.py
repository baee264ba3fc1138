"""Exit codes and how a run ends: closed or full stdout, a reader that goes away, Ctrl-C and
SIGTERM (workers stopped, output marked partial), and no traceback ever (issue: hardening)."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scoring import exitcodes
from scoring.cli import runner
from scoring.cli.runner import check_outcomes, verify_files
from scoring.exitcodes import Terminated
from scoring.pipeline.tally import Outcome

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml"))
JIXIAO = [sys.executable, "-m", "scoring"]


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JIXIAO_PROGRESS": "0"}
    return subprocess.run([*JIXIAO, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False, **kwargs)  # type: ignore[call-overload]


def test_the_codes_are_defined_once_and_distinct() -> None:
    codes = {n: getattr(exitcodes, n) for n in exitcodes.__all__ if n.startswith("EXIT_")}
    assert len(set(codes.values())) == len(codes)
    assert codes["EXIT_INTERRUPTED"] == 130 and codes["EXIT_BROKEN_PIPE"] == 141
    assert (codes["EXIT_OK"], codes["EXIT_ERRORS"], codes["EXIT_INVALID"]) == (0, 1, 2)


def test_closed_stdout_is_an_error_not_silence() -> None:
    done = subprocess.run([*JIXIAO, "score", str(SEED[1])], stdout=subprocess.DEVNULL, cwd=ROOT,
                          stderr=subprocess.PIPE, text=True, check=False,
                          preexec_fn=lambda: os.close(1))  # fmt: skip
    assert done.returncode == exitcodes.EXIT_OUTPUT
    assert "standard output is closed" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_full_stdout_is_an_error() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*JIXIAO, "score", str(SEED[1])], stdout=full, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
    assert done.returncode == exitcodes.EXIT_OUTPUT
    assert "cannot write the output" in done.stderr and "Traceback" not in done.stderr


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    for i in range(60):
        shutil.copy(SEED[i % len(SEED)], tmp_path / f"f{i:03}.yaml")
    env = {**os.environ, "JIXIAO_PROGRESS": "0"}
    proc = subprocess.Popen([*JIXIAO, "verify", str(tmp_path), "--jobs", "2"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait() == exitcodes.EXIT_BROKEN_PIPE
    assert err == ""


def test_an_internal_failure_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scoring.cli import main as cli_main

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli_main, "_reports", broken)
    result = CliRunner().invoke(cli_main.main, ["score", str(SEED[1])])
    assert result.exit_code == exitcodes.EXIT_INTERNAL
    assert "internal error: ZeroDivisionError: boom" in result.output


# ------------------------------------------------------------------ interrupted runs


def _outcomes_then(exc: BaseException, good: int) -> Iterator[Outcome]:
    def fake(*args: object, **kwargs: object) -> Iterator[Outcome]:
        yield from list(check_outcomes(SEED[:good], None, "jsonl"))
        raise exc

    return fake  # type: ignore[return-value]


@pytest.mark.parametrize(("exc", "why"), [(KeyboardInterrupt(), "SIGINT"), (Terminated(), "SIGTERM")])
def test_an_interrupted_jsonl_run_ends_with_a_partial_record(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException, why: str
) -> None:
    monkeypatch.setattr(runner, "check_outcomes", _outcomes_then(exc, 2))
    out = io.StringIO()
    with pytest.raises(type(exc)):
        verify_files(SEED, None, "jsonl", out=out, err=io.StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 3
    last = lines[-1]
    assert last["partial"] is True and last["interrupted_by"] == why
    assert last["files"] == len(SEED) and last["summary"]["forms"] == 2


def test_an_interrupted_text_run_says_it_is_partial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "check_outcomes", _outcomes_then(KeyboardInterrupt(), 1))
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        verify_files(SEED, None, "text", out=out, err=io.StringIO(), lang="en")
    assert f"PARTIAL: interrupted by SIGINT after 1 of {len(SEED)} file(s)" in out.getvalue()


def test_stopping_a_parallel_run_stops_its_workers(tmp_path: Path) -> None:
    files = []
    for i in range(runner.PARALLEL_FROM * 2):
        files.append(tmp_path / f"f{i:03}.yaml")
        shutil.copy(SEED[i % len(SEED)], files[-1])
    outcomes = check_outcomes(files, None, "jsonl", jobs=2)
    next(outcomes)
    assert multiprocessing.active_children()
    with pytest.raises(Terminated):
        outcomes.throw(Terminated())
    assert multiprocessing.active_children() == []


def _sigterm_once_started(tmp_path: Path, sig: signal.Signals) -> tuple[int, list[str], str]:
    for i in range(600):
        shutil.copy(SEED[i % len(SEED)], tmp_path / f"f{i:03}.yaml")
    env = {**os.environ, "JIXIAO_PROGRESS": "0"}
    proc = subprocess.Popen([*JIXIAO, "verify", str(tmp_path), "--jobs", "2", "--format",
                             "jsonl"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # the workers are running: now stop the run
    os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
    rest, err = proc.communicate()
    return proc.returncode, [first, *rest.splitlines()], err


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, exitcodes.EXIT_TERMINATED),
                                           (signal.SIGINT, exitcodes.EXIT_INTERRUPTED)])
def test_a_signalled_run_exits_with_its_code_and_leaves_no_orphan(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    returncode, lines, err = _sigterm_once_started(tmp_path, sig)
    assert returncode == code, err
    assert "Traceback" not in err
    last = json.loads(lines[-1])
    assert last.get("partial") is True, "a run of 600 files cannot finish before the signal"
    assert _processes_naming(str(tmp_path)) == []


def _processes_naming(text: str) -> list[int]:
    """Processes whose command line mentions ``text`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_file_the_user_named_that_cannot_be_written_exits_74(tmp_path: Path) -> None:
    """--format xlsx -o, template and import write files: a full disk or a missing folder is
    an output failure (74) naming the file, never 2 (bad input) or a traceback."""
    full = tmp_path / "full.xlsx"
    full.symlink_to("/dev/full")
    missing = tmp_path / "no-such-folder" / "out.xlsx"
    for out in (full, missing):
        for args in (["verify", str(SEED[1]), "--format", "xlsx", "-o", str(out)],
                     ["template", "--rulebook", "hubei-2022", "-o", str(out)]):  # fmt: skip
            done = run(*args)
            assert done.returncode == exitcodes.EXIT_OUTPUT, done.stderr
            assert f"cannot write {out}" in done.stderr and "Traceback" not in done.stderr
    from scoring import load_form
    from scoring.report.xlsx_forms import write_forms

    book = tmp_path / "book.xlsx"
    write_forms([load_form(SEED[1])[0]], book)
    (tmp_path / "taken").write_text("a file where the folder should be")
    done = run("import", str(book), "--out", str(tmp_path / "taken" / "forms"))
    assert done.returncode == exitcodes.EXIT_OUTPUT, done.stderr
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr

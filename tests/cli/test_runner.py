"""Directory runs: parallel workers give the serial output, corrupt files are listed, jsonl streams."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.cli.progress import Progress, wanted
from scoring.cli.runner import PARALLEL_FROM, check_outcomes, verify_files
from scoring.pipeline.check import check_file, check_path, expand_paths
from scoring.report import text
from scoring.report.jsonreport import render_json

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))
CORRUPTIONS = {
    "bad-yaml": lambda t: t.replace("funds:", "funds: [unclosed", 1),
    "unknown-key": lambda t: t.replace("funds:", "colour: red\nfunds:", 1),
    "nan": lambda t: re.sub(r"budget: .*", "budget: .nan", t, count=1),
}


def _verify(files: list[Path], fmt: str = "text", jobs: int | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = verify_files(files, None, fmt, jobs, out=out, err=io.StringIO())  # type: ignore[arg-type]
    return code, out.getvalue()


def _city(tmp_path: Path, copies: int, corrupt_every: int = 0) -> tuple[list[Path], list[Path]]:
    """Copies of the seed's forms; every ``corrupt_every``-th file broken in one of three ways."""
    seeds = sorted(SEED.glob("*.yaml"))
    bad: list[Path] = []
    for i in range(copies):
        src = seeds[i % len(seeds)]
        dest = tmp_path / f"{i:05d}-{src.name}"
        body = src.read_text("utf-8")
        if corrupt_every and i % corrupt_every == corrupt_every // 2:
            name, corrupt = list(CORRUPTIONS.items())[len(bad) % len(CORRUPTIONS)]
            dest = dest.with_name(f"{i:05d}-{name}.yaml")
            body = corrupt(body)
            bad.append(dest)
        dest.write_text(body, "utf-8")
    return list(expand_paths([tmp_path])), bad


def test_serial_run_prints_what_the_renderers_print() -> None:
    files = list(expand_paths([SEED]))
    reports = [check_file(f) for f in files]
    code, out = _verify(files)
    body = "".join(text.render_findings(r) + "\n\n" for r in reports)
    assert out == body + text.render_summary(reports) + "\n"
    assert code == 1
    code, out = _verify(files, "json")
    assert out == render_json(reports) + "\n"


def test_parallel_run_gives_the_serial_output_in_input_order(tmp_path: Path) -> None:
    files, _ = _city(tmp_path, PARALLEL_FROM + 20, corrupt_every=25)
    serial = _verify(files, "text", jobs=1)
    assert _verify(files, "text", jobs=2) == serial
    assert _verify(files, "jsonl", jobs=2) == _verify(files, "jsonl", jobs=1)


def test_jsonl_streams_one_form_record_per_line_then_the_summary(tmp_path: Path) -> None:
    files = list(expand_paths([SEED]))
    code, out = _verify(files, "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(files) + 1
    expected = [json.loads(json.dumps(check_file(f).to_dict())) for f in files]
    assert lines[:-1] == expected
    summary = lines[-1]
    assert summary["format"] == "jixiao.report" and summary["summary"]["forms"] == len(files)
    document = {"format": "jixiao.report", "version": 1, "forms": lines[:-1], **summary}
    jsonschema.validate(document, SCHEMA)
    assert code == 1


def test_directory_with_one_percent_corrupt_files_lists_each_and_verifies_the_rest(
    tmp_path: Path,
) -> None:
    files, bad = _city(tmp_path, 300, corrupt_every=100)
    assert len(bad) == 3
    result = CliRunner().invoke(main, ["verify", "--lang", "en", "--jobs", "2", str(tmp_path)])
    assert result.exit_code == 2
    out = result.output
    assert f"{len(files)} form(s): " in out and f"{len(bad)} unreadable" in out
    listed = out[out.index("unreadable file(s): 3") :]
    for path, problem in zip(bad, ("YAML syntax error", "colour", "NaN"), strict=True):
        assert f"{path}: INVALID" in out
        assert re.search(rf"{re.escape(str(path))}:\d+.*{problem}", listed), listed
    good = [f for f in files if f not in bad]
    assert sum(f"{f}: " in out and f"{f}: INVALID" not in out for f in good) == len(good)


def test_jsonl_of_a_corrupt_run_marks_each_bad_file_invalid(tmp_path: Path) -> None:
    files, bad = _city(tmp_path, 60, corrupt_every=20)
    code, out = _verify(files, "jsonl", jobs=2)
    records = [json.loads(line) for line in out.splitlines()]
    invalid = {r["file"] for r in records[:-1] if r["status"] == "invalid"}
    assert code == 2 and invalid == {str(p) for p in bad}
    assert records[-1]["summary"]["invalid"] == len(bad)
    assert all(r["errors"] for r in records[:-1] if r["status"] == "invalid")


def test_an_unexpected_failure_on_one_form_is_reported_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import scoring.cli.runner as runner

    def boom(path: str, rb: object) -> object:
        if "03-" in path:
            raise ZeroDivisionError("boom")
        return check_path(path, rb)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "check_path", boom)
    outcomes = list(check_outcomes(sorted(SEED.glob("*.yaml")), None, "text", jobs=1, lang="en"))
    broken = [o for o in outcomes if o.status == "invalid"]
    assert len(outcomes) == 7 and len(broken) == 1
    assert "internal error while checking: ZeroDivisionError: boom" in broken[0].errors[0]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JIXIAO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wanted(_Tty()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(_Tty())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("JIXIAO_PROGRESS", "0")
    assert not wanted(_Tty())


def test_progress_bar_counts_and_clears() -> None:
    stream = _Tty()
    bar = Progress(4, stream)
    for _ in range(4):
        bar.advance()
    assert "4/4 forms" in stream.getvalue() and "[" + "#" * 30 + "]" in stream.getvalue()
    bar.clear()
    assert stream.getvalue().endswith("\r\x1b[K") and not bar.shown


def test_verify_imports_no_heavy_library_and_no_other_command() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom scoring.cli.main import main\n"
        f"sys.argv = ['jixiao', 'verify', {str(SEED)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('sympy', 'numpy', 'pyarrow', 'pandas', 'scoring.batch', 'scoring.cli.batch',"
        " 'scoring.cli.aggregate', 'scoring.cli.rules', 'concurrent.futures.process',"
        " 'jinja2')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"

"""The embedding API: one call per job, whatever shape the form is given in."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import scoring

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "indicators" / "wuchang-bigdata-2022"
PHASE3 = SEED / "02-zhihui-wuchang-phase3.yaml"


def _as_plain(value: object) -> object:
    """The seed form as budget software would hold it: ints and Decimals, no floats."""
    if isinstance(value, dict):
        return {k: _as_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_plain(v) for v in value]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _codes(report: scoring.FormReport) -> list[tuple[str, str]]:
    return sorted((f.code, f.path) for f in report.findings)


def test_every_shape_of_a_form_gives_the_same_numbers_and_findings() -> None:
    text = PHASE3.read_text("utf-8")
    by_path = scoring.check(PHASE3)
    shapes = [
        str(PHASE3),
        text,
        _as_plain(yaml.safe_load(text)),
        by_path.form,
    ]
    for shape in shapes:
        report = scoring.check(shape)  # type: ignore[arg-type]
        assert report.error is None, shape
        assert report.sheet is not None and by_path.sheet is not None
        assert report.sheet.total.value == by_path.sheet.total.value == Decimal("97.71")
        assert _codes(report) == _codes(by_path)


def test_a_float_is_refused_naming_its_field() -> None:
    data = _as_plain(yaml.safe_load(PHASE3.read_text("utf-8")))
    assert isinstance(data, dict)
    data["funds"]["budget"] = 1960.42
    with pytest.raises(TypeError, match=r"funds\.budget: a float"):
        scoring.check(data)


def test_wrong_argument_types_say_what_was_expected() -> None:
    with pytest.raises(TypeError, match="form: expected a path, YAML text"):
        scoring.check(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="rulebook: expected a built-in id"):
        scoring.check(PHASE3, rulebook=3.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="forms: expected a list"):
        scoring.aggregate("a.yaml")


def test_rulebook_by_id_file_or_object() -> None:
    central = scoring.load_builtin("central-2020")
    by_id = scoring.score(PHASE3, rulebook="central-2020")
    by_object = scoring.score(PHASE3, rulebook=central)
    assert by_id.rulebook.id == by_object.rulebook.id == "central-2020"
    assert by_id.total.value == by_object.total.value


def test_an_unreadable_form_is_a_report_for_check_and_an_error_for_score(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: project\ntitle: x\n", "utf-8")
    report = scoring.check(bad)
    assert report.status == "invalid" and report.error_lines()
    with pytest.raises((scoring.InputError, scoring.InputErrors)):
        scoring.score(bad)


def test_results_are_json_ready() -> None:
    record = scoring.check(PHASE3).to_dict()
    assert record["computed"]["total"] == "97.71"
    assert record["status"] == "error"  # its heading claims 100 points over 80 of rows
    rolled = scoring.aggregate(sorted(SEED.glob("0[56]-*.yaml")), by="budget")
    doc = rolled.to_dict()
    assert doc["format"] == "jixiao.aggregate"
    assert len(doc["members"]) == 2


def test_python_dash_m_and_stdin() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scoring", "verify", "--format", "json", "-"],
        input=(SEED / "03-video-conference.yaml").read_bytes(), capture_output=True, check=False,
    )
    assert out.returncode == 0, out.stderr
    assert b'"file": "<stdin>"' in out.stdout

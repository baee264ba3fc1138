"""Loading forms: every kind of bad input gets an error naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import FormError, InputError, InputErrors
from scoring.pipeline.check import check_file, load_form_text

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "indicators/wuchang-bigdata-2022/04-business-environment.yaml").read_text("utf-8")


def _errors(text: str) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as info:
        load_form_text(text, "bad.yaml")
    exc = info.value
    return list(exc.errors) if isinstance(exc, InputErrors) else [exc]  # type: ignore[union-attr]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("  budget: 50\n", "  budget: 50\n  budgte: 51\n", "funds.budgte", "unknown key 'budgte'"),
        ("  budget: 50\n", "  budget: -50\n", "funds.budget", "negative"),
        ("  budget: 50\n", "  budget: 五十\n", "funds.budget", "expected a number"),
        ("  budget: 50\n", "  budget: .nan\n", "funds.budget", "NaN"),
        ("  budget: 50\n", "  budget: .inf\n", "funds.budget", "infinity"),
        ("year: 2022\n", "year: twenty\n", "year", "integer"),
        ("kind: project\n", "kind: programme\n", "kind", "project"),
        ("    weight: 40\n", "    weight: heavy\n", "indicators[0].weight", "expected a number"),
        ("  budget: 50\n", "  budget: 50\n  budget: 51\n", "funds.budget", "duplicate"),
    ],
)
def test_bad_value_names_file_line_and_field(old: str, new: str, path: str, words: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    errors = _errors(text)
    hit = [e for e in errors if e.location.path == path]
    assert hit, [str(e) for e in errors]
    err = hit[0]
    assert err.location.file == "bad.yaml"
    expected_line = _line_of(text, new.strip().splitlines()[-1])
    assert err.location.line == expected_line
    message = str(err)
    assert message.startswith(f"bad.yaml:{expected_line}: {path}")
    assert words.lower() in message.lower()


def test_missing_key_is_named_with_the_parent_line() -> None:
    text = GOOD.replace("  document: 000_e485ed8fa9295d32.txt\n", "", 1)
    [err] = [e for e in _errors(text) if "document" in e.location.path]
    assert "missing required key 'document'" in str(err)
    assert err.location.line == _line_of(text, "source:")


def test_syntax_error_has_a_line() -> None:
    text = GOOD.replace("  budget: 50\n", "  budget: [50\n")
    [err] = _errors(text)
    assert err.location.line is not None and "bad.yaml" in str(err)


def test_all_errors_are_reported_not_only_the_first() -> None:
    text = GOOD.replace("  budget: 50\n", "  budget: -1\n").replace("year: 2022", "year: x")
    paths = {e.location.path for e in _errors(text)}
    assert {"funds.budget", "year"} <= paths


def test_an_example_of_a_good_value_is_given() -> None:
    text = GOOD.replace("  budget: 50\n", "  budget: 五十\n")
    [err] = [e for e in _errors(text) if e.location.path == "funds.budget"]
    assert err.example


def test_check_file_reports_unreadable_and_keeps_going(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: project\n", encoding="utf-8")
    report = check_file(bad)
    assert report.status == "invalid"
    assert report.sheet is None and report.error_lines()
    missing = check_file(tmp_path / "absent.yaml")
    assert missing.status == "invalid" and "cannot read" in missing.error_lines("en")[0]


def test_unknown_rulebook_names_the_rulebook_line(tmp_path: Path) -> None:
    f = tmp_path / "form.yaml"
    f.write_text(GOOD.replace("rulebook: hubei-2022", "rulebook: mars-2099"), encoding="utf-8")
    report = check_file(f)
    assert report.status == "invalid"
    [line] = report.error_lines()
    assert f"form.yaml:{_line_of(GOOD, 'rulebook:')}: rulebook" in line
    assert "mars-2099" in line and "hubei-2022" in line


def test_floats_are_refused_from_python() -> None:
    from scoring.form.funds import Funds

    with pytest.raises(ValueError, match="inexact"):
        Funds(budget=50.0, executed="19.5")  # type: ignore[arg-type]


def test_form_error_is_an_input_error() -> None:
    assert issubclass(FormError, InputError)

"""The public API is exactly what __all__ says, sorted, and every name is documented."""

from __future__ import annotations

import scoring


def test_all_is_sorted_and_complete() -> None:
    assert scoring.__all__ == sorted(scoring.__all__)
    for name in scoring.__all__:
        assert hasattr(scoring, name), name


def test_public_names_have_docstrings() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name


def test_public_api_snapshot() -> None:
    assert set(scoring.__all__) == {
        "AggregateError", "BatchError", "Finding", "Form", "FormError", "FormInput", "FormReport",
        "FormulaError", "Funds", "Indicator", "IndicatorResult", "InputError", "InputErrors",
        "JixiaoError", "Location", "Policy", "Printed", "RollupReport", "RoundingMode", "Rulebook",
        "RulebookError", "RulebookInput", "ScoreSheet", "Severity", "Statement", "Trace",
        "ValueParseError", "aggregate", "builtin_ids", "check", "check_file", "check_form",
        "load_builtin", "load_form", "load_form_text", "load_rulebook", "load_rulebook_file",
        "parse_printed", "round_to_step", "score", "verify",
    }


def test_scoring_path_does_not_import_sympy() -> None:
    import subprocess
    import sys

    code = "import sys, scoring; from scoring.cli.main import main; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Real published forms (indicators/real/): blanking any cell never creates an error finding.

Each form is scored under the rulebook its case names (tests/cases/real/), else the one chosen
for it. A cell printed blank or illegible is "not printed": a check that needs it is skipped,
never turned into an error. Forms added under indicators/real/ are taken in as they come.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cells import printed_cells, with_cell

from scoring.errors import FormError
from scoring.form.model import Form
from scoring.io.yamlsrc import read_yaml_file
from scoring.pipeline.check import check_form
from scoring.rulebook.load import load_builtin
from scoring.rulebook.model import Rulebook

ROOT = Path(__file__).resolve().parent.parent
FORMS = sorted((ROOT / "indicators" / "real").rglob("*.yaml"))

def _rulebooks() -> dict[str, str]:
    """form path (relative to the root) → the built-in rulebook its case names."""
    out: dict[str, str] = {}
    for case in (ROOT / "tests" / "cases" / "real").glob("*.yaml"):
        data = read_yaml_file(case, error=FormError).data
        if isinstance(data, dict) and isinstance(data.get("rulebook"), str):
            out[str(data["form"])] = data["rulebook"]
    return out


NAMED = _rulebooks()


def _errors(data: dict[str, Any], rb: Rulebook | None) -> set[tuple[str, str]]:
    report = check_form(Form.model_validate(data), rulebook=rb)
    assert report.error is None, report.error_lines()
    return {(f.code, f.path) for f in report.findings if f.severity.value == "error"}


def test_the_real_forms_are_here() -> None:
    assert len(FORMS) >= 9


@pytest.mark.parametrize("path", FORMS, ids=[f"{p.parent.name}/{p.stem}" for p in FORMS])
def test_blanking_a_cell_of_a_real_form_never_creates_an_error(path: Path) -> None:
    data = read_yaml_file(path, error=FormError).data
    named = NAMED.get(str(path.relative_to(ROOT)))
    rb = load_builtin(named) if named else None
    before = _errors(data, rb)
    for cell in sorted(set(printed_cells(data)), key=str):
        after = _errors(with_cell(data, cell, "/"), rb)
        assert after <= before, f"blanking {cell} created {after - before}"

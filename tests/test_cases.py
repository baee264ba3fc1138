"""Expected results as YAML cases (tests/cases/**/*.yaml): every number a published form prints.

A case names a form, the numbers jixiao must compute for it, and the complete list of
findings it must raise; a printed number with no finding listed must be reproduced exactly
(scoring/testing/cases.py, which ``jixiao test`` runs too). The cases name their forms and
rulebooks relative to the repository root.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.rulebook.model import Rulebook
from scoring.testing.cases import expand_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
CASES = list(expand_cases([ROOT / "tests" / "cases"]))
RULEBOOKS: dict[str, Rulebook] = {}


def test_every_yaml_file_under_tests_cases_is_run_as_a_case() -> None:
    assert sorted((ROOT / "tests" / "cases").rglob("*.yaml")) == CASES
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path) -> None:
    result = run_case(case, root=ROOT, rulebooks=RULEBOOKS)
    assert result.error is None, result.error
    assert not result.differences, "\n".join(result.differences)

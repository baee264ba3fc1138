"""Expected results as YAML cases (tests/cases/**/*.yaml): every number a published form prints.

A case names a form, the numbers jixiao must compute for it, and the complete list of
findings it must raise. A printed number with no finding listed must be reproduced
exactly: the test checks that too, so a case cannot pass by leaving a number out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring.pipeline.check import FormReport, check_file
from scoring.rounding import pct
from scoring.rulebook.load import load_builtin, load_rulebook_file

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").rglob("*.yaml"))
FINDING_KEYS = ("code", "path", "severity", "diagnosis")


def _load(case: Path) -> dict[str, Any]:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    unknown = set(data) - {"form", "rulebook", "expect", "findings", "about"}
    assert not unknown, f"{case}: unknown keys {unknown}"
    return data


def _run(data: dict[str, Any]) -> FormReport:
    name = data.get("rulebook")  # a built-in id, or a rulebook file relative to the repository
    rb = (load_rulebook_file(ROOT / name) if name.endswith(".yaml") else load_builtin(name)) if name else None
    report = check_file(ROOT / data["form"], rb)
    assert report.error is None, report.error_lines()
    return report


def _computed(report: FormReport) -> dict[str, Any]:
    sheet = report.sheet
    assert sheet is not None
    return {
        "execution_rate": pct(sheet.execution_rate.exact),
        "execution_score": str(sheet.execution.value),
        "indicators": [str(r.score) for r in sheet.indicators],
        "subtotals": {k: str(v.value) for k, v in sheet.subtotals.items()},
        "total": str(sheet.total.value),
        "grade": sheet.grade,
    }


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_numbers(case: Path) -> None:
    data = _load(case)
    computed = _computed(_run(data))
    for key, expected in data["expect"].items():
        assert computed[key] == expected, f"{key}: expected {expected}, computed {computed[key]}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_findings(case: Path) -> None:
    data = _load(case)
    report = _run(data)
    got = sorted(tuple(str(getattr(f, k)) for k in FINDING_KEYS) for f in report.findings)
    want = sorted(tuple(str(f.get(k)) for k in FINDING_KEYS) for f in data.get("findings") or [])
    assert got == want
    for f, spec in zip(
        sorted(report.findings, key=lambda f: (f.code, f.path)),
        sorted(data.get("findings") or [], key=lambda f: (f["code"], f["path"])),
        strict=True,
    ):
        for key in ("stated", "computed"):
            if key in spec:
                assert getattr(f, key) == str(spec[key]), f"{f.code} {f.path} {key}"
        if "says" in spec:
            assert spec["says"] in f.message, f.message


def _stated_numbers(report: FormReport) -> list[tuple[str, str, str]]:
    """(path, printed text, computed) for every score-like number the form states."""
    form, sheet = report.form, report.sheet
    assert form is not None and sheet is not None
    out = []
    statements = [("reported", form.reported)] + [
        (f"narrative[{i}]", st) for i, st in enumerate(form.narrative)
    ]
    for where, st in statements:
        if st.execution_score is not None:
            out.append(
                (f"{where}.execution_score", st.execution_score.text, str(sheet.execution.value))
            )
        if st.total is not None:
            out.append((f"{where}.total", st.total.text, str(sheet.total.value)))
        for name, sub in st.level1.items():
            if sub.score is not None:
                out.append(
                    (
                        f"{where}.level1.{name}.score",
                        sub.score.text,
                        str(sheet.subtotals[name].value),
                    )
                )
    for i, ind in enumerate(form.indicators):
        if ind.reported_score is not None:
            out.append(
                (
                    f"indicators[{i}].reported_score",
                    ind.reported_score.text,
                    str(sheet.indicators[i].score),
                )
            )
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_printed_number_is_reproduced_or_found(case: Path) -> None:
    from decimal import Decimal

    report = _run(_load(case))
    flagged = {f.path for f in report.findings}
    for path, printed, computed in _stated_numbers(report):
        if path not in flagged:
            assert Decimal(printed.replace(",", "")) == Decimal(computed), (
                f"{path}: printed {printed}, computed {computed}, and no finding says why"
            )

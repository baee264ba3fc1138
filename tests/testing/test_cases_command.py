"""``jixiao test`` and the case runner behind it, on cases written in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.testing.cases import CaseError, expand_cases, load_case, run_case

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "tests" / "forms" / "variants" / "central-fit.yaml"

# central-fit.yaml under central-2020: 10 × 170 ÷ 200 = 8.5; 83 ÷ 100 × 30 = 24.9; 11 of 20
# in 未达成's band [0, 12); 30 × 10 ÷ 12 = 25; 92 % ≥ 90 %: 10. Total 8.5 + 70.9 = 79.40.
GOOD = """\
about: the central template's small form
form: forms/central-fit.yaml
rulebook: central-2020
expect:
  execution_rate: "85 %"
  execution_score: "8.50"
  indicators: ["24.90", "11.00", "25.00", "10.00"]
  subtotals: {产出指标: "35.90", 效益指标: "25.00", 满意度指标: "10.00"}
  total: "79.40"
  grade: 中
findings: []
"""


def without_expect(text: str) -> str:
    return text[: text.index("expect:")] + text[text.index("findings:") :]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "forms").mkdir()
    shutil.copy(FORM, tmp_path / "forms" / "central-fit.yaml")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_passing_case_passes(folder: Path) -> None:
    case = write(folder, "good.yaml", GOOD)
    code, out = run("test", str(case))
    assert code == 0, out
    assert out.splitlines() == [f"PASS {case}", "1 case: 1 passed, 0 failed, 0 could not be read"]


def test_a_folder_of_cases_skips_the_forms_beside_them(folder: Path) -> None:
    write(folder, "good.yaml", GOOD)
    assert list(expand_cases([folder])) == [folder / "good.yaml"]
    code, out = run("test", str(folder))
    assert code == 0 and "1 passed" in out


def test_every_difference_is_listed_under_the_failing_case(folder: Path) -> None:
    text = GOOD.replace('total: "79.40"', 'total: "79.41"').replace('"24.90"', '"25.00"')
    case = write(folder, "bad.yaml", text)
    code, out = run("test", str(case))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"FAIL {case}"
    assert "  - expect.indicators[0] (line 7): expected 25.00, computed 24.90" in lines
    assert "  - expect.total (line 9): expected 79.41, computed 79.40" in lines
    assert lines[-1] == "1 case: 0 passed, 1 failed, 0 could not be read"


def test_findings_are_compared_as_a_complete_list(folder: Path) -> None:
    missing = GOOD.replace("findings: []", "findings:\n  - {code: TOTAL_MISMATCH, path: reported.total}")
    result = run_case(write(folder, "missing.yaml", missing))
    assert result.differences == (
        "findings[0] (line 12): no TOTAL_MISMATCH at reported.total was raised",
    )
    # under hubei-2022 the form's 90 indicator points do not fit its 80
    hubei = without_expect(GOOD.replace("rulebook: central-2020", "rulebook: hubei-2022"))
    result = run_case(write(folder, "hubei.yaml", hubei))
    assert any(d.startswith("unexpected finding WEIGHTS_VS_RULEBOOK at indicators (error")
               for d in result.differences), result.differences  # fmt: skip


def test_a_finding_that_differs_says_how(folder: Path) -> None:
    text = GOOD.replace("rulebook: central-2020", "rulebook: hubei-2022").replace(
        "findings: []",
        "findings:\n"
        "  - {code: WEIGHTS_VS_RULEBOOK, path: indicators, severity: warning, stated: '90'}\n"
        "  - {code: QUALITATIVE_OUT_OF_BAND, path: 'indicators[1].reported_score', says: band}\n",
    )
    result = run_case(write(folder, "differs.yaml", without_expect(text)))
    assert result.differences == (
        "findings[0] (line 5) WEIGHTS_VS_RULEBOOK at indicators: severity error, expected warning",
    )


def test_a_printed_number_must_be_reproduced_or_explained(folder: Path) -> None:
    form = FORM.read_text("utf-8") + "reported: {total: '79.40', execution_score: '8.5'}\n"
    write(folder, "forms/central-fit.yaml", form)
    assert run_case(write(folder, "good.yaml", GOOD)).differences == ()
    write(folder, "forms/central-fit.yaml", form.replace("'79.40'", "'79.4'"))
    assert run_case(folder / "good.yaml").differences == ()  # the same number
    # a number the form prints differently with no finding listed for it: the case must list it
    write(folder, "forms/central-fit.yaml", form.replace("'8.5'", "'8.6'"))
    differences = run_case(folder / "good.yaml").differences
    assert any("no EXEC_SCORE_MISMATCH" not in d and "reported.execution_score" in d
               for d in differences), differences  # fmt: skip


def test_paths_resolve_against_root_when_given(folder: Path) -> None:
    case = write(folder / "forms", "rooted.yaml", GOOD)
    code, out = run("test", str(case), "--root", str(folder))
    assert code == 0, out
    code, out = run("test", str(case))
    assert code == 2
    assert "no form file" in out and "relative to the case's folder" in out
    assert "1 could not be read" in out


def test_a_form_that_cannot_be_read_makes_the_case_unreadable(folder: Path) -> None:
    write(folder, "forms/central-fit.yaml", FORM.read_text("utf-8").replace("year: 2022", "year: x"))
    result = run_case(write(folder, "good.yaml", GOOD))
    assert result.status == "error"
    assert result.error is not None and result.error.startswith("cannot check the form: ")
    assert "central-fit.yaml:5: year" in result.error


def test_a_rulebook_file_is_read_relative_to_the_case(folder: Path) -> None:
    shutil.copy(ROOT / "examples" / "rulebooks" / "central-2020-tiered.yaml", folder / "tiered.yaml")
    text = GOOD.replace("rulebook: central-2020", "rulebook: tiered.yaml")
    text = text.replace('"8.50"', '"7.00"').replace('"79.40"', '"77.90"')
    code, out = run("test", str(write(folder, "tiered-case.yaml", text)))
    assert code == 0, out
    # the rulebook beside the case (it extends another) is not read as a case
    assert list(expand_cases([folder])) == [folder / "tiered-case.yaml"]


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (GOOD.replace("about:", "abuot:"), 1, "unknown key 'abuot'"),
        (GOOD.replace("  grade: 中", "  grad: 中"), 10, "expect.grad: unknown key 'grad'"),
        (GOOD.replace("findings: []", "findings:\n  - {code: X, path: y, sevrity: error}"), 12,
         "unknown key 'sevrity'"),
        (GOOD.replace("findings: []", "findings:\n  - {code: X}"), 12, "needs its path"),
        (GOOD.replace("form: forms/central-fit.yaml\n", ""), 1, "a case needs `form:`"),
        (GOOD.replace('total: "79.40"', "total: [1]"), 9, "expected text"),
        (GOOD + "findings: []\n", 12, "duplicate key 'findings'"),
    ],
)
def test_a_case_that_cannot_be_read_names_file_and_line(
    folder: Path, text: str, line: int, says: str
) -> None:
    case = write(folder, "broken.yaml", text)
    with pytest.raises(CaseError) as err:
        load_case(case)
    assert err.value.location.line == line
    assert says in str(err.value) and str(case) in str(err.value)
    code, out = run("test", str(case))
    assert code == 2
    assert out.splitlines()[0] == f"ERROR {case}"
    assert says in out


def test_a_failing_case_and_an_unreadable_one_exit_2(folder: Path) -> None:
    write(folder, "a.yaml", GOOD.replace('"79.40"', '"1"'))
    write(folder, "b.yaml", "form: [\n")
    code, out = run("test", str(folder))
    assert code == 2
    assert "2 cases: 0 passed, 1 failed, 1 could not be read" in out


def test_no_case_files_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("test", str(tmp_path))
    assert code == 2
    assert "no case files" in out


def test_an_internal_error_is_named_for_its_case_and_the_run_goes_on(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scoring.cli.test as command

    calls = []

    def flaky(path: Path, *args: object) -> object:
        calls.append(path)
        if len(calls) == 1:
            raise ZeroDivisionError("boom")
        return run_case(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "run_case", flaky)
    write(folder, "a.yaml", GOOD)
    write(folder, "b.yaml", GOOD)
    code, out = run("test", str(folder))
    assert code == 2
    assert f"ERROR {folder / 'a.yaml'}\n  ! internal error: ZeroDivisionError: boom" in out
    assert f"PASS {folder / 'b.yaml'}" in out

"""Rulebook parameters out of range, built-in ids taken, parents outside the folder, and the
prover's time budget: each refused or reported at load, never scored (issue: hardening)."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.errors import RulebookError
from scoring.formula import budget
from scoring.formula.budget import TimeLimit, run_within
from scoring.pipeline.check import check_file
from scoring.rulebook import check as rulecheck
from scoring.rulebook.load import load_rulebook_file

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "indicators" / "wuchang-bigdata-2022" / "02-zhihui-wuchang-phase3.yaml"


@pytest.fixture(autouse=True)
def _proof_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "proofs"))


def child(folder: Path, body: str, *, name: str = "mine.yaml", head: str | None = None) -> Path:
    head = head or "id: mine\ntitle: mine\nextends: central-2020\n"
    path = folder / name
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


OUT_OF_RANGE = {
    "negative points": ("execution:\n  points: {value: '-20', source: central-template}\n",
                        "execution.points.value", "must be ≥ 0"),  # 0: no execution block
    "zero points": ("indicators:\n  points: {value: '0', source: central-2016}\n",
                    "indicators.points.value", "must be > 0"),
    "zero score step": ("rounding:\n  score_step: {value: '0', source: system-rounding}\n",
                        "rounding.score_step.value", "must be > 0"),
    "negative rate step": ("execution:\n  rate_step: {value: '-0.01', source: system}\n",
                           "execution.rate_step.value", "must be > 0"),
    "zero amount step": ("execution:\n  amount_step: {value: '0', source: jixiao}\n",
                         "execution.amount_step.value", "must be > 0"),
    "zero-budget rate above 1": ("execution:\n  zero_budget_rate: {value: '2', source: system}\n",
                                 "execution.zero_budget_rate.value", "within [0, 1]"),
    "band above 1": ("indicators:\n  bands:\n    value: {达成: ['0.8', '1.5'], 部分达成: ['0.6', '0.8'],"
                     " 未达成: ['0', '0.6']}\n    source: bands-80-60\n",
                     "indicators.bands.value.达成", "within [0, 1]"),
    "band low above high": ("indicators:\n  bands:\n    value: {达成: ['0.8', '1'], 部分达成: ['0.8', '0.6'],"
                            " 未达成: ['0', '0.6']}\n    source: bands-80-60\n",
                            "indicators.bands.value.部分达成", "low ≤ high"),
    "bands overlapping": ("indicators:\n  bands:\n    value: {达成: ['0.5', '1'], 部分达成: ['0.6', '0.8'],"
                          " 未达成: ['0', '0.6']}\n    source: bands-80-60\n",
                          "indicators.bands.value", "ordered"),
    "negative block weight": ("indicators:\n  points: {value: '90', source: central-2016}\n"
                              "  structure:\n"
                              "    value: {产出指标: '100', 效益指标: '-20', 满意度指标: '10'}\n"
                              "    source: central-2016\n",
                              "indicators.structure.value.效益指标", "must be ≥ 0"),
    "negative grade minimum": ("grades:\n  value: [{grade: 优, min: '90'}, {grade: 差, min: '-1'}]\n"
                               "  source: grades-recalled\n", "grades.value.1.min", "must be ≥ 0"),
    "no grades": ("grades:\n  value: []\n  source: grades-recalled\n", "grades.value",
                  "at least one grade"),
    "a comparator without formula": ("indicators:\n  formulas:\n    value: {'>=': positive}\n"
                                     "    source: system\n", "indicators.formulas.value",
                                     "no formula for <=, =, >, <"),
    "a grade without band": ("indicators:\n  bands:\n    value: {达成: ['0.8', '1']}\n"
                             "    source: bands-80-60\n", "indicators.bands.value",
                             "no band for 未达成, 部分达成"),
    "huge exponent": ("execution:\n  points: {value: '1e999999999', source: central-template}\n",
                      "execution.points.value", "too large"),
    "too many decimals": ("rounding:\n  score_step: {value: '0.000000000001', source: system-rounding}\n",
                          "rounding.score_step.value", "too fine"),
}


@pytest.mark.parametrize("case", sorted(OUT_OF_RANGE))
def test_a_parameter_out_of_range_is_refused_at_load(tmp_path: Path, case: str) -> None:
    body, where, says = OUT_OF_RANGE[case]
    path = child(tmp_path, body)
    started = time.monotonic()
    with pytest.raises(RulebookError) as caught:
        load_rulebook_file(path, prove=False)
    assert time.monotonic() - started < 60  # a guard against the 1e999999999 hang, not a goal
    assert where in str(caught.value) and says in str(caught.value)
    assert caught.value.location.line is not None and caught.value.location.line > 3


@pytest.mark.parametrize("case", ["negative points", "zero score step", "huge exponent"])
def test_rules_check_refuses_them_too(tmp_path: Path, case: str) -> None:
    path = child(tmp_path, OUT_OF_RANGE[case][0])
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 2, result.output
    assert OUT_OF_RANGE[case][1] in result.output
    scored = CliRunner().invoke(main, ["score", str(FORM), "--rulebook", str(path)])
    assert scored.exit_code == 2 and "Traceback" not in scored.output


def test_points_outside_the_execution_formula_domain_are_refused(tmp_path: Path) -> None:
    path = child(tmp_path, """\
        execution:
          points: {value: "2", source: central-template}
        formulas:
          execution:
            source: central-template
            inputs: [points, rate]
            domain: points >= 5 and rate >= 0
            score_max: points
            monotone_in: rate
            direction: increasing
            met: rate >= 1
            expr: min(points, points * rate)
        """)
    with pytest.raises(RulebookError, match="outside the domain of formula execution"):
        load_rulebook_file(path, prove=False)


def test_a_zero_budget_rate_outside_the_execution_formula_domain_is_refused(tmp_path: Path) -> None:
    path = child(tmp_path, """\
        execution:
          zero_budget_rate: {value: "1", source: system}
          formula: {value: capped, source: central-template}
        formulas:
          capped:
            source: central-template
            inputs: [points, rate]
            domain: points > 0 and rate >= 0 and rate <= 0.9
            score_max: points
            monotone_in: rate
            direction: increasing
            met: rate >= 0.9
            cases:
              - {when: rate >= 0.9, then: points, branch: full}
              - {then: points * rate / 0.9, branch: ratio}
        """)
    with pytest.raises(RulebookError, match=r"execution\.zero_budget_rate\.value: 1 lies outside"):
        load_rulebook_file(path, prove=False)


def test_a_file_may_not_take_a_builtin_id(tmp_path: Path) -> None:
    path = child(tmp_path, "", head="id: hubei-2022\ntitle: not hubei\nextends: central-2020\n")
    with pytest.raises(RulebookError, match="built-in rulebook's"):
        load_rulebook_file(path, prove=False)


def test_a_files_rulebook_is_shown_with_its_path(tmp_path: Path) -> None:
    path = child(tmp_path, "", head="id: mine\ntitle: mine\nextends: hubei-2022\n")
    rb = load_rulebook_file(path, prove=False)
    assert rb.origin == str(path) and rb.shown() == f"mine ({path})"
    report = check_file(FORM, rb)
    assert report.to_dict()["rulebook_file"] == str(path)
    text = CliRunner().invoke(main, ["score", "--lang", "en", str(FORM), "--rulebook", str(path)]).output
    assert f"rulebook mine ({path})" in text


def test_extends_outside_the_folder_needs_an_explicit_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JIXIAO_PARENTS_ANYWHERE", raising=False)
    child(tmp_path, "", name="parent.yaml", head="id: parent\ntitle: p\nextends: central-2020\n")
    (tmp_path / "sub").mkdir()
    kid = child(tmp_path / "sub", "", head="id: kid\ntitle: k\nextends: ../parent.yaml\n")
    with pytest.raises(RulebookError, match="outside this rulebook's folder"):
        load_rulebook_file(kid, prove=False)
    assert load_rulebook_file(kid, prove=False, parents_anywhere=True).id == "kid"
    refused = CliRunner().invoke(main, ["score", str(FORM), "--rulebook", str(kid)])
    assert refused.exit_code == 2 and "--parents-anywhere" in refused.output
    allowed = CliRunner().invoke(main, ["--parents-anywhere", "score", str(FORM), "--rulebook",
                                        str(kid)])  # fmt: skip
    os.environ.pop("JIXIAO_PARENTS_ANYWHERE", None)  # the option sets it for workers
    assert allowed.exit_code == 0, allowed.output
    below = child(tmp_path, "", name="below.yaml", head="id: below\ntitle: b\nextends: sub/../parent.yaml\n")
    assert load_rulebook_file(below, prove=False).id == "below"


# ---------------------------------------------------------------- the prover's time budget


def _sleep_for_ever() -> int:
    time.sleep(3600)
    return 0


def test_run_within_kills_what_runs_too_long() -> None:
    with pytest.raises(TimeLimit, match="time limit"):
        run_within(_sleep_for_ever, seconds=0.5)
    assert run_within(lambda: 6 * 7, seconds=30) == 42
    with pytest.raises(ZeroDivisionError):
        run_within(lambda: 1 // 0, seconds=30)


def test_a_proof_past_its_budget_is_unproved_time_limit_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = child(tmp_path, """\
        formulas:
          positive:
            source: system
            inputs: [weight, target, actual]
            domain: weight > 0 and target > 0 and actual >= 0
            direction: increasing
            met: actual >= target
            expr: min(weight, weight * actual / target)
        """)
    rb = load_rulebook_file(path, prove=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(cache))  # empty: nothing proved before
    monkeypatch.setattr(rulecheck, "_prove_now", lambda f, claim: _sleep_for_ever())
    monkeypatch.setenv("JIXIAO_PROOF_SECONDS", "0.5")
    checks = rulecheck.check_formula(rb, "positive")
    statuses = {v.status for c in checks for v in c.verdicts}
    assert statuses == {"unproved"}
    assert all("unproved (time limit)" in v.detail for c in checks for v in c.verdicts)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_the_budget_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_PROOF_SECONDS", "7.5")
    assert budget.proof_seconds() == 7.5
    for bad in ("0", "-1", "inf", "nan", "soon"):
        monkeypatch.setenv("JIXIAO_PROOF_SECONDS", bad)
        assert budget.proof_seconds() == budget.PROOF_SECONDS

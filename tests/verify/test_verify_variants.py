"""verify/variants.py: the form against the rulebook's variant rules (structure, not applicable,
domains, over-achievement)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scoring.findings import Finding

Run = Callable[..., Any]  # the `run` fixture of conftest.py: form data -> (sheet, findings)


def codes(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in findings]


def central(data: dict[str, Any], weights: tuple[str, str, str]) -> dict[str, Any]:
    """The form laid out for central-2020: 产出 / 效益 / 满意度 with these weights."""
    data["rulebook"], data["region"] = "central-2020", None
    third = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度",
             "weight": weights[2], "weight_at": "表", "target": "≥90%", "actual": "95%"}  # fmt: skip
    data["indicators"].append(third)
    data["indicators"][0]["weight"], data["indicators"][1]["weight"] = weights[:2]
    return data


def test_a_form_in_the_rulebooks_structure_is_clean(data: dict[str, Any], run: Run) -> None:
    assert run(central(data, ("50", "30", "10")), "central-2020")[1] == []


def test_a_form_without_satisfaction_gives_its_points_to_benefit(data: dict[str, Any], run: Run) -> None:
    data["rulebook"], data["region"] = "central-2020", None
    data["indicators"][0]["weight"], data["indicators"][1]["weight"] = "50", "40"
    assert run(data, "central-2020")[1] == []


def test_a_block_of_other_weight_is_scaled_and_flagged(data: dict[str, Any], run: Run) -> None:
    form = central(data, ("40", "40", "10"))
    form["indicators"][0]["reported_score"] = "33.2"  # on the form's own weight 40
    sheet, found = run(form, "central-2020")
    assert sorted(codes(found)) == [
        ("STRUCTURE_MISMATCH", "indicators[0].level1", "error"),
        ("STRUCTURE_MISMATCH", "indicators[1].level1", "error"),
        ("STRUCTURE_SCALED_SCORE", "indicators[0].reported_score", "warning"),
    ]
    assert str(sheet.indicators[0].score) == "41.50"  # 33.2 × 50 ÷ 40


def test_unknown_and_missing_blocks(data: dict[str, Any], run: Run) -> None:
    form = central(data, ("50", "30", "10"))
    form["indicators"][0]["level1"] = "成本指标"  # not central-2020's; 产出指标 is then missing
    assert sorted(codes(run(form, "central-2020")[1])) == [
        ("STRUCTURE_MISSING_BLOCK", "indicators", "error"),
        ("STRUCTURE_UNKNOWN_BLOCK", "indicators[0].level1", "error"),
    ]


def test_no_structure_means_any_split(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["weight"], data["indicators"][1]["weight"] = "60", "20"
    assert run(data)[1] == []  # hubei-2022: the 80 points split freely


def test_an_indicator_marked_not_applicable_is_info(data: dict[str, Any], run: Run) -> None:
    data["indicators"][1]["applicable"] = False
    sheet, found = run(data)
    assert codes(found) == [("NOT_APPLICABLE", "indicators[1].applicable", "info")]
    assert "scored 0" in found[0].message and sheet.indicators[1].score == 0


def test_over_achievement_is_flagged_both_ways(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["actual"] = "120个"  # 120 ÷ 100 = 120 % ≥ the 120 % threshold
    [f] = run(data)[1]
    assert (f.code, f.severity, f.computed) == ("OVER_ACHIEVEMENT", "warning", "120 %")
    data["indicators"][0]["actual"] = "119个"
    assert run(data)[1] == []
    data["indicators"][0]["target"], data["indicators"][0]["actual"] = "≤10个", "8个"  # 10 ÷ 8
    [f] = run(data)[1]  # a ceiling: the completion is read as a share of it
    assert (f.code, f.path, f.computed) == ("OVER_ACHIEVEMENT", "indicators[0].actual", "80 %")
    assert "8个 is only 80 % of the ceiling ≤10个" in f.message


def test_an_actual_outside_the_formulas_domain_is_a_warning(data: dict[str, Any], run: Run) -> None:
    data["indicators"][0]["actual"] = "-5个"  # hubei-2022 keeps a negative actual as it is
    found = codes(run(data)[1])
    assert ("OUTSIDE_DOMAIN", "indicators[0].actual", "warning") in found


def test_a_block_that_misses_its_points_only_by_derived_weights_is_a_warning(
    data: dict[str, Any], run: Run
) -> None:
    form = central(data, ("50", "30", "10"))
    # 效益指标: 30 points over three rows printing no weight, derived as 10 each: it fits
    benefit = form["indicators"][1]
    rows = [{**benefit, "name": f"效益{i}"} for i in range(3)]
    for row in rows:
        del row["weight"], row["weight_at"]
    form["indicators"][1:2] = rows
    assert not [f for f in run(form, "central-2020")[1] if f.code == "STRUCTURE_MISMATCH"]
    # 20 printed for one row, three rows blank: the 10 left is split in whole hundredths that
    # add up to it (3.34 + 3.33 + 3.33), so the block fits and nothing is said
    form["indicators"][1] = {**benefit, "name": "效益0", "weight": "20"}
    form["indicators"].insert(2, {**rows[1], "name": "效益3"})
    assert not [f for f in run(form, "central-2020")[1] if f.code == "STRUCTURE_MISMATCH"]
    # a row meeting its target with a printed 12 weighs 12 (derived from its score): 效益 then
    # weighs 20 + 12 = 32, a sum the form never printed, so the mismatch rests on it
    met = {"level1": "效益指标", "level2": "社会效益指标", "name": "效益3", "target": "≥100个",
           "actual": "100个", "reported_score": "12"}  # fmt: skip
    form["indicators"][1:5] = [form["indicators"][1], met]
    found = [f for f in run(form, "central-2020")[1] if f.code == "STRUCTURE_MISMATCH"]
    assert [(f.severity, f.stated) for f in found] == [("warning", "32")]
    assert "rests on an assumption: the weights of 效益3 are derived" in found[0].message

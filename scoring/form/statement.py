"""What the document states about a form, each statement tied to where it is printed: the
form's own summary cells (``reported``) and the narrative sections (``narrative``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.form.printed import Amount, FormModel, PrintedNumber, PrintedText

__all__ = ["Block", "Goals", "IndicatorStatement", "Source", "Statement", "Subtotal"]


class Source(FormModel):
    """Where the form is published: the document and its section."""

    document: str = Field(examples=["000_e485ed8fa9295d32.txt"])
    section: str = Field(examples=["2022年度网络建设运转维护项目自评表"])


class Goals(FormModel):
    """年度总体目标 as printed: what was planned (预期目标) and what was done (实际完成情况).
    Words only: nothing is scored from them."""

    planned: str | None = Field(default=None, description="预期目标 / 年度目标",
                                examples=["完成 3 亿条数据归集"])  # fmt: skip
    achieved: str | None = Field(default=None, description="实际完成情况 / 全年实际完成情况",
                                 examples=["归集数据 3.75 亿条"])  # fmt: skip


class Subtotal(FormModel):
    """A stated level-1 subtotal (产出指标得分 80 分，得分率 100%)."""

    blankable = ("score", "score_rate", "points")

    score: PrintedNumber | None = Field(default=None, examples=["80"])
    score_rate: PrintedNumber | None = Field(default=None, examples=["100%"])
    points: PrintedNumber | None = Field(default=None, examples=["40"])


class IndicatorStatement(FormModel):
    """What a narrative section states about one indicator (指标满分 20 分，评价得分 20 分)."""

    blankable = ("score", "weight")

    score: PrintedNumber | None = Field(default=None, examples=["20"])
    weight: PrintedNumber | None = Field(default=None, examples=["20"])


class Block(FormModel):
    """A heading that states the points of a block of the form (年度绩效目标（80分）)."""

    label: str = Field(examples=["年度绩效目标", "数量指标"])
    points: PrintedText = Field(examples=["80", "XX"])
    parent: str | None = Field(
        default=None,
        description="the label of the block this heading is nested in (项目绩效 85 → 产出 40)",
    )
    level1: str | None = Field(
        default=None,
        description="for a level-2 heading (数量指标（10分）): the level-1 block it sits in, "
        "when the same level-2 name recurs under several",
    )


class Statement(FormModel):
    """Numbers one place in the document states about the form, tied to that place."""

    blankable = (
        "budget", "executed", "execution_points", "execution_rate", "execution_score",
        "execution_score_rate", "total", "points_total",
    )  # fmt: skip

    section: str | None = Field(default=None, examples=["十三(二)2"])
    budget: Amount | None = None
    budget_basis: Literal["adjusted", "year_start"] | None = Field(
        default=None, description="what the statement calls its budget: 调整后预算 or 年初预算"
    )
    executed: Amount | None = None
    execution_points: PrintedNumber | None = Field(default=None, examples=["20"])
    execution_rate: PrintedNumber | None = Field(default=None, examples=["88.6%"])
    execution_score: PrintedNumber | None = Field(default=None, examples=["17.72"])
    execution_score_rate: PrintedNumber | None = Field(default=None, examples=["88.6%"])
    blocks: tuple[Block, ...] = ()
    level1: dict[str, Subtotal] = Field(default_factory=dict)
    indicators: dict[str, IndicatorStatement] = Field(default_factory=dict)
    indicator_count: int | None = Field(
        default=None,
        ge=0,
        description="how many indicators the section says were set (共设定绩效目标 5 个)",
    )
    total: PrintedNumber | None = Field(default=None, examples=["97.72"])
    points_total: PrintedNumber | None = Field(
        default=None,
        description="合计 printed in the 分值 / 权重 column: the execution points and every "
        "indicator's weight added up (合计 100 = 10 + 60 + 30)",
        examples=["100"],
    )
    grade: str | None = Field(default=None, examples=["优"])
    note: str | None = None

"""The words shared by the catalogue's templates: ``Message`` and ``TERMS``."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TERMS", "Message"]


class Message(NamedTuple):
    """One finding sentence in both languages."""

    zh: str
    en: str


M = Message

TERMS: dict[str, Message] = {
    "": M("", ""),
    "budget": M("预算数", "budget"),
    "executed": M("执行数", "executed"),
    "budget_year_start": M("年初预算数", "year-start budget"),
    "adjusted": M("调整后预算数", "the adjusted budget (调整后预算)"),
    "year_start": M("年初预算数", "the year-start budget (年初预算)"),
    "as_printed": M("（即原表所列执行率）", " (the rate as printed)"),
    "ceiling": M("上限", "ceiling"),
    "target": M("目标值", "target"),
    "document": M("原文", "the document"),
    "none": M("无", "none"),
    "no budget": M("无预算", "no budget"),
    "project": M("项目支出", "project"),
    "department": M("部门整体", "department"),
}
"""Words a template takes from a parameter (``{x:term}``)."""

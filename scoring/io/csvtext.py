"""CSV as offices save it: the text encoding (UTF-8, UTF-8 with BOM, GBK/GB18030) and Chinese
column headers (一级指标, 三级指标, 分值…) read as the English column names of ``jixiao batch``.
"""

from __future__ import annotations

import codecs
import csv
import io
import os

from scoring.io.xlsx_labels import norm

__all__ = ["COLUMN_ALIASES", "canonical_column", "detect_encoding", "read_header"]

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "form_id": ("表单编号", "自评表编号", "表编号", "编号"),
    "rulebook": ("计分规则", "规则"),
    "budget": ("全年预算数", "预算数(A)", "预算数", "调整后预算数"),
    "executed": ("全年执行数", "执行数(B)", "执行数"),
    "reported_total": ("填报总分", "总分"),
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "weight": ("分值", "权重", "指标分值"),
    "op": ("比较符号", "比较符", "指标方向"),
    "target": ("年度指标值", "年初目标值(A)", "年初目标值", "目标值", "指标值"),
    "actual": ("实际完成值(B)", "实际完成值", "全年实际值", "实际值"),
    "kind": ("指标类型", "指标性质"),
    "grade": ("评价等级", "完成等级", "等级"),
    "reported_score": ("得分", "自评得分", "填报得分"),
}
"""The Chinese headers each batch column is also known by (compared without spaces,
full-width brackets as ASCII)."""

_BY_ALIAS = {norm(alias): name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
SAMPLE = 1 << 16
"""Bytes read to tell the encoding."""


def canonical_column(header: str) -> str:
    """The batch column a header names: English names as they are, Chinese ones mapped."""
    text = header.strip().lstrip("\ufeff")
    return _BY_ALIAS.get(norm(text), text)


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the sample decodes as UTF-8, else ``gb18030``
    (a superset of GBK and GB2312, what Excel on Chinese Windows writes as "CSV")."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def read_header(path: str | os.PathLike[str], encoding: str | None = None) -> tuple[str, list[str]]:
    """The file's encoding (``encoding`` if given, else detected) and its header row, mapped
    to batch column names. Raises ``UnicodeDecodeError`` or ``LookupError`` on a wrong one."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE)
    chosen = encoding or detect_encoding(sample)
    codecs.lookup(chosen)
    text = codecs.getincrementaldecoder(chosen)().decode(sample, final=len(sample) < SAMPLE)
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), [])
    return chosen, [canonical_column(h) for h in first]

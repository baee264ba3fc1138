"""Make scoring/t2s.txt, the table that folds traditional characters to simplified ones.

    python tools/t2s_table.py           write the table
    python tools/t2s_table.py --check   exit 1 if the committed table is not what this makes

Needs OpenCC (``pip install opencc``, in the ``test`` extra); the engine reads the committed
table and needs nothing. The table is restricted to the characters printed text is matched on:
every character of the built-in rulebooks' vocabularies (regions, level-1 blocks, grade names
and words, negations, direction and except words, execution indicator words), of the string
constants of the modules that match printed text against words of their own (the value
parser, blank and illegible marks, the 指标性质 spellings, the xlsx and csv readers' labels),
and of the units forms print. Each traditional character OpenCC's t2s, tw2s or hk2s turns into
one of those characters is folded to it — unless the character is itself one of them (著 in
显著), so that folding never changes a word of a vocabulary.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "scoring" / "t2s.txt"

MODULES = (
    "scoring/values.py",
    "scoring/form/printed.py",
    "scoring/form/model.py",
    "scoring/io/xlsx_labels.py",
    "scoring/io/xlsx_form.py",
    "scoring/io/csvtext.py",
)
"""Modules whose string constants are words printed text is matched against."""

UNITS = (
    "元 万元 亿元 千元 个 项 次 人次 户次 件 家 户 所 座 台 套 辆 艘 张 本 册 份 篇 期 批 场 场次 "
    "天 日 月 年 小时 分钟 工作日 公里 千米 米 平方米 平方公里 立方米 亩 公顷 吨 千克 公斤 "
    "人 名 位 条 亿条 万条 处 栋 间 块 根 棵 株 头 只 口 眼 盏 部 支 组 类 门 节 课时 学时 "
    "兆 千瓦 千瓦时 度 GB TB 百分点 百分比 % 万人 万户 万亩"
)
"""Units forms print (any of them may carry 万 / 亿); a unit is matched to the target's."""

HEADER = (
    "# traditional -> simplified characters for matching printed text against vocabularies\n"
    "# made by tools/t2s_table.py from OpenCC (t2s, tw2s, hk2s); do not edit by hand\n"
)


def _cjk(text: str) -> set[str]:
    return {c for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"}


def _constants(path: Path) -> Iterator[str]:
    """The string constants of a module, its docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docs.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.value


def _rulebook_words() -> Iterator[str]:
    sys.path.insert(0, str(ROOT))
    from scoring.rulebook.load import builtin_ids, load_builtin

    for rid in builtin_ids():
        rb = load_builtin(rid)
        ind = rb.indicators
        yield rb.region
        yield from (band.grade for band in rb.grades.value)
        yield from ind.bands.value
        yield from ind.vocabulary()
        yield from ind.qualitative.value.negations
        for rule in ind.directions.value:
            yield from (*rule.level_words, *rule.name_words, *rule.except_words)
        yield from ind.structure.value or {}
        yield from (w for pair in ind.structure_fallback.value.items() for w in pair)
        if rb.execution.indicator_words is not None:
            yield from rb.execution.indicator_words.value


def vocabulary_characters() -> set[str]:
    """Every character the table may fold to."""
    chars: set[str] = set()
    for word in _rulebook_words():
        chars |= _cjk(word)
    for module in MODULES:
        for text in _constants(ROOT / module):
            chars |= _cjk(text)
    return chars | _cjk(UNITS) | _cjk("万亿千百")


def build() -> str:
    """The table's text."""
    import opencc

    targets = vocabulary_characters()
    converters = [opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s")]
    pairs: dict[str, str] = {}
    for code in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]:
        c = chr(code)
        if c in targets:
            continue  # never fold a character a vocabulary uses
        for conv in converters:
            s = conv.convert(c)
            if len(s) == 1 and s != c and s in targets:
                pairs[c] = s
                break
    lines = [f"{t} {s}" for t, s in sorted(pairs.items())]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        same = TABLE.exists() and TABLE.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{TABLE} is stale: run python tools/t2s_table.py")
        return 0 if same else 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({text.count(chr(10)) - 2} characters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

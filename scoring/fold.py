"""Text as the vocabularies match it: one normalisation for every matcher.

A form keeps its text as printed, and findings quote it so. Only when printed text is compared
with a word of a vocabulary (level names, grade words and negations, direction words,
comparator words, units and magnitudes, the readers' column labels, blank and illegible marks,
regions) are both sides folded: NFKC (full-width ``１０％`` is ``10%``; ``²`` and ``³`` are kept,
so ``m²`` stays a unit) and traditional characters to simplified ones (產出指標 is 产出指标,
萬元 is 万元), character by character, through a table committed with the package
(``t2s.txt``, made by ``tools/t2s_table.py`` from OpenCC's t2s, tw2s and hk2s conversions,
restricted to the characters of those vocabularies). No character a vocabulary itself uses is
ever folded away, so folding is idempotent and the simplified words match themselves.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

__all__ = ["TABLE_FILE", "fold", "fold_table", "parse_table", "same", "spellings"]

TABLE_FILE = "t2s.txt"
"""The table's file inside the package: ``traditional simplified`` per line, ``#`` comments."""

_KEEP = re.compile("([²³])")  # NFKC would make "m²" read "m2"


def parse_table(text: str) -> dict[str, str]:
    """The pairs of a table file's text."""
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        traditional, simplified = line.split()
        pairs[traditional] = simplified
    return pairs


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The committed table as a ``str.translate`` map."""
    text = files("scoring").joinpath(TABLE_FILE).read_text(encoding="utf-8")
    return {ord(t): s for t, s in parse_table(text).items()}


def _nfkc(text: str) -> str:
    parts = _KEEP.split(text)
    return "".join(p if _KEEP.fullmatch(p) else unicodedata.normalize("NFKC", p) for p in parts)


@lru_cache(maxsize=1 << 15)  # the same labels and words are folded again and again
def fold(text: str) -> str:
    """``text`` as vocabularies match it: NFKC, traditional characters as simplified ones."""
    return _nfkc(text).translate(fold_table())


def same(a: str, b: str) -> bool:
    """Whether two printed words are the same word once folded (產出指標 and 产出指标)."""
    return a == b or fold(a) == fold(b)


def spellings(word: str) -> list[str]:
    """``word`` and every spelling of it the table folds back to it (达成: 達成), for the JSON
    Schema's lists of accepted words: an editor checking a form against the schema takes a
    transcription in traditional characters as the model does."""
    variants = [""]
    for c in word:
        forms = [c, *(chr(t) for t, s in fold_table().items() if s == c)]
        variants = [v + f for v in variants for f in forms]
    return list(dict.fromkeys(variants))

"""Texts the engine writes as it computes, shown in Chinese: a trace's formula and branch, why a
check was skipped, why a rulebook was chosen, what a proof found, why a file cannot be read.

The engine writes these in English, and the English text is the key of its Chinese template, as
gettext keys a translation by its source text. A key of ``SENTENCES`` is a pattern over a whole
text; its named groups are carried into the Chinese template, each shown in Chinese in its turn.
A text no pattern matches has the words of ``WORDS`` translated (a formula's names, a branch's
words), so that what is left is numbers, names and signs. English output shows every text as it
was written.
"""

from __future__ import annotations

import re
from functools import cache

from scoring.i18n.phrase_commands import COMMAND_SENTENCES
from scoring.i18n.phrase_table import SENTENCES, WORDS
from scoring.i18n.terms import Message

__all__ = ["localize", "localize_params"]


_WORDED = frozenset({
    "a", "b", "branch", "check", "chosen", "derived", "dir", "domain", "else", "formula",
    "group", "heading", "how", "inputs", "kind", "kinds", "max", "met", "mode", "names",
    "other", "rest", "rows", "said", "scope", "stem", "taken", "text", "then", "var", "what",
    "when", "where", "why"
})
"""Groups of ``SENTENCES`` that hold engine text, shown in Chinese in their turn (the others
hold names and numbers, shown as they are)."""


def _literal(pattern: str) -> int:
    """How much fixed text a pattern has: the more, the more specific it is."""
    return len(re.sub(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)\??", "", pattern))


@cache
def _sentences() -> tuple[tuple[re.Pattern[str], Message], ...]:
    """The patterns, the most specific first, so that a general one (``the printed …``) never
    takes a text a particular one is written for."""
    ordered = sorted((*SENTENCES, *COMMAND_SENTENCES), key=lambda pm: -_literal(pm[0]))
    return tuple((re.compile(p, re.S), m) for p, m in ordered)


@cache
def _words() -> re.Pattern[str]:
    names = sorted(WORDS, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _zh(text: str, depth: int, words: bool = True) -> str:
    if depth > 6 or not re.search(r"[A-Za-z]{2,}", text):
        return text
    for pattern, message in _sentences():
        m = pattern.fullmatch(text)
        if m is not None:
            groups = {k: _zh(v or "", depth + 1) if k in _WORDED else (v or "")
                      for k, v in m.groupdict().items()}  # fmt: skip
            return message.zh.format(**groups)
    if not words:
        return text
    shown = _words().sub(lambda w: WORDS[w.group(1)].zh, text)
    # words left over mean a sentence no pattern knows: half-translated it would read worse
    # than as the engine wrote it, so it is shown whole
    return text if _LEFT_OVER.search(shown) else shown


_LEFT_OVER = re.compile(r"(?<![\w.:/-])[a-z]{3,}(?![\w.:/-])")
"""A lower-case English word of three letters or more that is not part of a name or a path."""


def localize(text: str, lang: str, words: bool = True) -> str:
    """``text`` as the engine wrote it, in ``lang``; ``words=False`` for a text that may be the
    form's own (a title): only a whole sentence of the engine's is translated."""
    return text if lang == "en" else _zh(text, 0, words)


ENGINE_PARAMS = frozenset({"check", "why", "branch", "formula", "reason", "note", "derived",
                           "assumed", "what", "values", "domains", "total"})
"""Parameters of a finding that hold engine text (not form text)."""

NAMING_PARAMS = frozenset({"written"})
"""Parameters of engine text around the form's own names (a sum written out: the rows' names,
then "+ N rows"): only a whole sentence of the engine's is translated, never a word of a name."""


def localize_params(params: dict[str, object], lang: str) -> dict[str, object]:
    """A finding's values with its engine texts (``ENGINE_PARAMS``, ``NAMING_PARAMS``) in
    ``lang``."""
    if lang == "en":
        return params
    return {k: localize(v, lang, words=k not in NAMING_PARAMS)
            if k in ENGINE_PARAMS | NAMING_PARAMS and isinstance(v, str) else v
            for k, v in params.items()}  # fmt: skip

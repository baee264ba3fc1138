"""What a rulebook parameter rests on (``Citation``), and rulebook texts in one or two languages.

A clause or a note is written either as one string, shown as it is in every language, or as
``{zh: …, en: …}`` (``Wording``), shown in the language asked for (the other one when that
language is not given). The built-in rulebooks give both; a user's rulebook may give one.
The confidence of a source (``seed``, ``recalled``…) stays a machine word in the data and in
JSON, and is worded for people by the message catalogue (``confidence.*`` in scoring/i18n/ui.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from scoring.i18n import DEFAULT_LANG, Lang, ui
from scoring.i18n.phrases import localize

__all__ = ["Citation", "Confidence", "Text", "Wording", "localize_citations", "localize_rule", "wording"]

Confidence = Literal["seed", "printed", "system", "recalled", "assumed"]
"""How sure a source is: the seed's document, printed on forms, the budget system's own
rules, recalled and not checked, or jixiao's own assumption."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wording(_M):
    """A text of a rulebook in Chinese and English (at least one of them)."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> Wording:
        if not (self.zh or self.en):
            raise ValueError("give the text in zh, en or both")
        return self

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, else in the other language."""
        first, second = (self.en, self.zh) if lang == "en" else (self.zh, self.en)
        return first or second or ""


Text = str | Wording
"""A rulebook text: one string for every language, or a ``Wording``."""


def wording(text: Text | None, lang: Lang) -> str | None:
    """A rulebook text shown in ``lang`` (None stays None)."""
    if text is None or isinstance(text, str):
        return text
    return text.get(lang)


class Citation(_M):
    """What a parameter rests on: document, clause, the text where known, and how sure we are."""

    document: Text
    clause: Text
    text: str | None = None
    url: str | None = None
    confidence: Confidence

    def short(self, lang: Lang = DEFAULT_LANG) -> str:
        """One line naming document and clause, for traces and findings."""
        tag = ui(f"confidence.{self.confidence}", lang)
        return ui("citation", lang, document=wording(self.document, lang),
                  clause=wording(self.clause, lang), confidence=tag)  # fmt: skip


def localize_citations(text: str | None, citations: Iterable[Citation], lang: Lang) -> str | None:
    """``text`` (a finding's rule, a trace's clause) with every citation in it, written in the
    default language when the number was computed, shown in ``lang``."""
    if text is None or lang == DEFAULT_LANG:
        return text
    for c in citations:
        default = c.short()
        if default in text:
            text = text.replace(default, c.short(lang))
    return text


def localize_rule(text: str | None, citations: Iterable[Citation], lang: Lang) -> str:
    """A rule or clause the engine wrote, in ``lang``: the citations in it, and the engine's own
    words around them."""
    if not text:
        return ""
    return localize(localize_citations(text, citations, lang) or "", lang)

"""Messages for people, in Chinese (zh-CN, the default) or English.

A finding keeps its stable ``code`` and carries ``params``; its sentence is rendered here from
the catalogue (``messages.MESSAGES``) in the language asked for, with numbers shown as the
form prints them (``1,960.42 万元``, ``88.6%``). ``resolve_lang`` picks the language of a
command: ``--lang``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else zh-CN.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from scoring.i18n.messages import MESSAGES
from scoring.i18n.numbers import amount, percent
from scoring.i18n.phrases import localize, localize_params
from scoring.i18n.terms import TERMS, Message
from scoring.i18n.ui import UI

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "Lang",
    "describe_alternative",
    "message_key",
    "render_message",
    "resolve_lang",
    "term",
    "ui",
]

Lang = Literal["zh-CN", "en"]
"""A language messages are rendered in."""
LANGS: tuple[Lang, ...] = ("zh-CN", "en")
DEFAULT_LANG: Lang = "zh-CN"


def resolve_lang(option: str | None = None, environ: Mapping[str, str] | None = None) -> Lang:
    """The language asked for: ``option`` (``zh``, ``zh-CN``, ``en``…), else the locale."""
    if option:
        return "en" if option.lower().startswith("en") else "zh-CN"
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANG
    return DEFAULT_LANG


_RESTS_ON = Message("（此结论基于假定：{assumed}）", " (this rests on an assumption: {assumed})")


def _pick(m: Message, lang: Lang) -> str:
    return m.en if lang == "en" else m.zh


def ui(key: str, lang: Lang, **values: object) -> str:
    """A label or sentence of the interface (``UI``), with ``values`` filled in."""
    return _pick(UI[key], lang).format(**values)


def term(word: str, lang: Lang) -> str:
    """A machine word of ours (an enum value: ``year_start``, ``project``) in ``lang``, or the
    word as it is when the catalogue has none."""
    return _pick(TERMS[word], lang) if word in TERMS else word


class _Formatter(string.Formatter):
    """``str.format`` with the specs ``amount``, ``pct`` and ``term`` (see ``messages``)."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        text = "" if value is None else str(value)
        if format_spec == "amount":
            return amount(text)
        if format_spec == "pct":
            return percent(text)
        if format_spec == "term":
            return _pick(TERMS[text], self.lang) if text in TERMS else text
        return str(super().format_field(text, format_spec))


def message_key(code: str, params: Mapping[str, str]) -> str:
    """The catalogue key of a finding: its code, or ``code.variant``."""
    variant = params.get("variant")
    return f"{code}.{variant}" if variant else code


def _percent_of_step(step: str) -> str:
    try:
        shown = Decimal(step) * 100
    except InvalidOperation:
        return step
    return f"{shown.normalize():f}%"


def describe_alternative(params: Mapping[str, str], lang: Lang) -> str:
    """Words for a rounding alternative, from its fields (``alt_rate_step`` and the like)."""
    rate_step, rate_mode = params.get("alt_rate_step"), params.get("alt_rate_mode")
    score_step, score_mode = params.get("alt_score_step"), params.get("alt_score_mode")
    zh, en = [], []
    if rate_step:
        step = _percent_of_step(rate_step)
        cut = rate_mode == "down"
        zh.append(f"执行率先{'截尾' if cut else '四舍五入'}到 {step} 再相乘")
        en.append(f"the rate was {'truncated' if cut else 'rounded'} to {step} before multiplying")
    if score_mode == "down":
        zh.append("得分截尾而非四舍五入")
        en.append("the score was truncated instead of rounded half-up")
    if score_step == "1":
        zh.append("得分取整数分")
        en.append("the score was rounded to whole points")
    elif score_step:
        zh.append(f"得分按 {score_step} 取舍")
        en.append(f"the score was rounded to {score_step}")
    return "，".join(zh) if lang != "en" else "; ".join(en)


def render_message(
    code: str,
    params: Mapping[str, str],
    fields: Mapping[str, str | None],
    lang: Lang = DEFAULT_LANG,
    fallback: str = "",
    strict: bool = False,
) -> str:
    """A finding's sentence in ``lang``; ``fallback`` (or the code) when no template fits, or
    ``KeyError`` when ``strict``."""
    template = MESSAGES.get(message_key(code, params))
    if template is None:
        if strict:
            raise KeyError(message_key(code, params))
        return fallback or code
    values: dict[str, object] = {k: v for k, v in fields.items() if v is not None}
    values.setdefault("section", _pick(TERMS["document"], lang))
    values |= localize_params(dict(params), lang)
    if any(k.startswith("alt_") for k in params):
        values["alt"] = describe_alternative(params, lang)
    try:
        text = _Formatter(lang).format(_pick(template, lang), **values)
        if params.get("assumed"):
            text += _pick(_RESTS_ON, lang).format(assumed=localize(params["assumed"], lang))
        return text
    except (KeyError, IndexError, ValueError):
        if strict:
            raise
        return fallback or code

"""What counts as a language leak in jixiao's output, for tests/i18n/test_output_language.py.

In zh-CN output no English word may appear but what the allow-list names: finding codes in
capitals, file names and paths, field paths (``reported.total``, ``indicators[0].weight``),
rulebook ids (``hubei-2022``), the form's own text and names of its keys, and a few fixed
names (jixiao, YAML…). In English output no Chinese may appear but the form's own text,
the rulebook's data where it gives no English, and the Chinese an English template quotes on
purpose (``得分率``, ``万元``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from scoring.i18n.messages import MESSAGES
from scoring.i18n.terms import TERMS
from scoring.i18n.ui import UI

__all__ = ["cjk_leaks", "english_leaks", "html_text", "input_words", "json_messages"]

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")

FIXED = frozenset({
    "jixiao", "YAML", "JSON", "HTML", "Excel", "WPS", "LibreOffice", "CSV", "Parquet", "Arrow",
    "MiB", "xlsx", "yaml", "sympy", "English", "OpenAPI",  # a language named in itself; a standard
})
"""Names that stay as they are in every language."""

_ALLOWED = [
    re.compile(r"(?<=[\d>]: )[\w\[\].]+(?=[:：]|$)"),  # the field of a reading error: file:1: kind：
    re.compile(r"\b[A-Z][A-Z|]+(?:\.\.\.)?(?= 的取值)"),  # an argument's name in a usage error
    re.compile(r"(?<=以下之一：)[\w, ]+"),  # the keys a reading error lists
    re.compile(r"(?<=例如 )[\w.]+(?=:)"),  # the key of an example
    re.compile(r"https?://\S+"),
    re.compile(r"\S*[/\\]\S*"),  # a file path
    re.compile(r"[\w.-]+\.(?:yaml|yml|xlsx|xls|ods|csv|parquet|arrow|json|html|txt)\b"),
    re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\s+[\w\[\].\u4e00-\u9fff]+"),  # code and path
    re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"),  # a finding code
    re.compile(r"`[^`\n]+`"),  # a key named in backquotes
    re.compile(r"(?<![\w-])--[a-z][\w-]*(?: [a-z_]+\b)?"),  # an option (and its value)
    re.compile(r"(?<=用法：).*"),  # a command's syntax
    re.compile(r"\b[A-Za-z_]\w*(?:\[\d+\]|\.[\w\u4e00-\u9fff-]+)+"),  # a field path
    re.compile(r"\b[a-z]+(?:-[a-z0-9]+)*-\d{4}\b"),  # a rulebook id
    re.compile(r"\b[A-Z]{1,3}\d+\b"),  # a cell (F12)
    re.compile(r"\b\w*\d\w*\b"),  # a number or code with letters in it (510000_0013zp)
    re.compile(r"'[^'\n]*'"),  # a name quoted from the input
]


_UNPRINTED = frozenset({"note"})
"""Keys of a transcriber's notes, which are not the form's printed text."""


def _strings(data: Any, keys: set[str], values: set[str]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            keys.add(str(k))
            if k == "id" and isinstance(v, str):
                values.add(f"{v} ")  # an id is data, never one of our enum words
            elif k not in _UNPRINTED:
                _strings(v, keys, values)
    elif isinstance(data, list):
        for v in data:
            _strings(v, keys, values)
    elif isinstance(data, str):
        values.add(data)


def input_texts(files: Iterable[Path]) -> tuple[set[str], set[str]]:
    """The keys and the string values of YAML inputs."""
    keys: set[str] = set()
    values: set[str] = set()
    for f in files:
        try:
            for doc in yaml.safe_load_all(f.read_text("utf-8")):
                _strings(doc, keys, values)
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
    return keys, values


_ENUM = re.compile(r"^[a-z][a-z0-9_-]*$")


def input_words(files: Iterable[Path]) -> frozenset[str]:
    """English words an input may bring into the output: the words of its printed text (its
    keys show only in field paths). A bare lower-case value (``year_start``, ``project``) is an
    enum, a word of ours, and is not allowed through."""
    _, values = input_texts(files)
    words: set[str] = set()
    for v in values:
        if not _ENUM.match(v):
            words.update(WORD.findall(v))
    return frozenset(words)


def english_leaks(text: str, allowed: frozenset[str]) -> list[str]:
    """Lines of zh-CN output that hold an English word outside the allow-list."""
    found = []
    for line in text.splitlines():
        rest = line
        for pattern in _ALLOWED:
            rest = pattern.sub(" ", rest)
        words = [w for w in WORD.findall(rest) if len(w) > 1 and w not in allowed | FIXED]
        if words:
            found.append(f"{words}: {line.strip()}")
    return found


def _english_quotes() -> set[str]:
    """The Chinese that English templates quote on purpose."""
    runs: set[str] = set()
    for table in (MESSAGES, UI, TERMS):
        for m in table.values():
            runs.update(CJK.findall(m.en))
    return runs


HAN = re.compile(r"[\u4e00-\u9fff]+")


def cjk_leaks(text: str, data: Iterable[str]) -> list[str]:
    """Lines of English output that hold Chinese which is neither data (``data``: the form's
    text, the rulebook's, the form's own terms the engine quotes) nor quoted by an English
    template. A run of Chinese counts as data when it is part of a data text (a cut name)."""
    blob = "\n".join([*data, *_english_quotes()])
    found = []
    for line in text.splitlines():
        rest = re.sub(r"'[^'\n]*'|e\.g\. .*$", " ", line)  # input quoted back, a field's example
        runs = [r for r in HAN.findall(rest) if r not in blob]
        if runs:
            found.append(f"{runs}: {line.strip()}")
    return found


def html_text(page: str) -> str:
    """The text a reader sees on an HTML page (scripts, styles and code dropped), one line per block,
    plus the text of attributes a person reads (title, placeholder, aria-label, alt)."""
    page = re.sub(r"(?is)<(script|style|code)\b.*?</\1>", "\n", page)  # code: codes, paths, files
    shown = re.findall(r'(?i)\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    body = re.sub(r"(?s)<[^>]+>", "\n", page)
    return html.unescape("\n".join([body, *shown]))


def json_messages(doc: Any) -> Iterator[str]:
    """The texts for people in a JSON report: every ``message`` and reading error."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("message", "errors", "notes") and isinstance(v, str | list):
                yield from ([v] if isinstance(v, str) else [str(x) for x in v])
            else:
                yield from json_messages(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from json_messages(v)


def parse_json(text: str) -> Any:
    """A JSON document, or each line of JSON lines."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]

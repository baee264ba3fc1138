"""Pydantic validation errors mapped to ``InputErrors`` that point at file, line and field path.

Each error says, in plain words, the problem, what was expected and an example (from the
field's ``examples``); for a union, only the member that failed least is reported.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pydantic
from pydantic.fields import FieldInfo

from scoring.errors import FormError, InputError, InputErrors, Location
from scoring.io.located import FieldPath, Located, format_path

__all__ = [
    "validation_to_errors",
]

def _real_path(loc: Sequence[str | int], data: Any, kind: str) -> tuple[FieldPath, list[int]]:
    """Keep the loc parts that are real keys/indices in ``data``; also return dropped positions."""
    kept: list[str | int] = []
    dropped: list[int] = []
    here: Any = data
    for position, part in enumerate(loc):
        in_dict = isinstance(here, dict) and isinstance(part, str) and part in here
        if in_dict or (isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)):
            here = here[part]
        elif position == len(loc) - 1 and kind == "missing" and isinstance(here, dict):
            here = None
        else:
            dropped.append(position)
            continue
        kept.append(part)
    return tuple(kept), dropped


def _members(annotation: Any) -> list[Any]:
    """Flatten Optional/Union/Annotated into the plain types a value may take."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _model_fields(annotation: Any) -> dict[str, FieldInfo]:
    fields: dict[str, FieldInfo] = {}
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, pydantic.BaseModel):
            for name, info in member.model_fields.items():
                fields.setdefault(name, info)
                if isinstance(info.alias, str):
                    fields.setdefault(info.alias, info)
    return fields


def _step(annotation: Any, part: str | int) -> tuple[Any, FieldInfo | None]:
    """Follow one path part through an annotation: a model field, a dict value or a list item."""
    if isinstance(part, str) and part in (fields := _model_fields(annotation)):
        return fields[part].annotation, fields[part]
    for member in _members(annotation):
        origin, args = typing.get_origin(member), typing.get_args(member)
        if isinstance(part, str) and origin in (dict, Mapping) and len(args) == 2:
            return args[1], None
        if isinstance(part, int) and origin in (list, tuple, Sequence) and args:
            return args[0], None
    return None, None


def _narrow(annotation: Any, part: str | int) -> Any:
    """The union member a pydantic loc part names (class name or literal tag value), or None."""
    for member in _members(annotation):
        if not (isinstance(member, type) and issubclass(member, pydantic.BaseModel)):
            continue
        tags = [
            typing.get_args(info.annotation)
            for info in member.model_fields.values()
            if typing.get_origin(info.annotation) is typing.Literal
        ]
        if member.__name__ == part or any(part in values for values in tags):
            return member
    return None


def _walk(model: Any, loc: Sequence[str | int]) -> tuple[Any, FieldInfo | None]:
    """The annotation and pydantic field a pydantic ``loc`` ends at; (None, None) when lost.

    After a union, pydantic names the member tried (class name or tag value): that narrows
    the union. Other parts that lead nowhere (validator names, ``[key]``) are skipped.
    """
    annotation: Any = model
    info: FieldInfo | None = None
    try:
        for part in loc:
            member = _narrow(annotation, part) if len(_members(annotation)) > 1 else None
            following, field_info = (None, None) if member else _step(annotation, part)
            if following is not None:
                annotation, info = following, field_info
            else:
                annotation, info = member or annotation, None
    except (TypeError, AttributeError):
        return None, None
    return annotation, info


def _example(info: FieldInfo | None) -> str:
    if info is None or not info.examples:
        return ""
    value = info.examples[0]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float | Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(err: Mapping[str, Any], path: FieldPath, model: Any) -> tuple[str, str]:
    """Plain-words problem and expected text for one pydantic error."""
    kind, msg = str(err["type"]), str(err["msg"])
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        fields = sorted(set(_model_fields(_walk(model, err["loc"][:-1])[0])))
        problem = f"unknown key {name!r}"
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        if close:
            problem += f", did you mean {close[0]!r}?"
        expected = "one of " + ", ".join(fields) if 0 < len(fields) <= 15 else ""
        return problem, expected
    if kind == "missing":
        name = str(path[-1]) if path else "?"
        return f"missing required key {name!r}", ""
    if kind == "union_tag_not_found":
        name = str((err.get("ctx") or {}).get("discriminator", "?")).strip("'")
        return f"missing required key {name!r}", ""
    if kind == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        expected = f"one of {ctx.get('expected_tags', '')}"
        return f"expected {expected}, got {ctx.get('tag', '?')!r}", expected
    if kind in ("value_error", "assertion_error"):
        text = msg.split(", ", 1)[-1]
        return (text if "got " in text else f"{text} (got {_shown(err.get('input'))})"), ""
    if msg.startswith("Input should be "):
        what = msg.removeprefix("Input should be ")
        return f"got {_shown(err.get('input'))}", what
    return f"{msg[:1].lower()}{msg[1:]} (got {_shown(err.get('input'))})", ""


def _best_union_members(items: list[tuple[FieldPath, list[int], Any]]) -> set[int]:
    """Indices of errors to keep: for a union, only the member that failed least."""
    counts: dict[tuple[Any, ...], dict[Any, int]] = {}
    for _, dropped, loc in items:
        if dropped:
            branch = (tuple(loc[: dropped[0]]), loc[dropped[0]])
            counts.setdefault(branch[0], {}).setdefault(branch[1], 0)
            counts[branch[0]][branch[1]] += 1
    keep: set[int] = set()
    for index, (_, dropped, loc) in enumerate(items):
        if dropped:
            members = counts[tuple(loc[: dropped[0]])]
            if loc[dropped[0]] != min(members, key=lambda m: members[m]):
                continue
        keep.add(index)
    return keep


def validation_to_errors(
    exc: pydantic.ValidationError,
    src: Located,
    model: type[pydantic.BaseModel],
    *,
    error: type[InputError] = FormError,
) -> InputErrors:
    """Map a pydantic ``ValidationError`` on ``src.data`` to ``InputErrors`` with lines and paths.

    Each error names file, line, field path, the problem, what was expected and an example.
    """
    raw = exc.errors()
    items = [(*_real_path(e["loc"], src.data, e["type"]), e["loc"]) for e in raw]
    keep = _best_union_members(items)
    found: dict[tuple[FieldPath, str], tuple[int, InputError]] = {}
    for index, (err, (path, _, _)) in enumerate(zip(raw, items, strict=True)):
        if index not in keep:
            continue
        path, loc = _with_tag_key(err, path, src.data)
        problem, expected = _describe(err, path, model)
        example = "" if err["type"] == "extra_forbidden" else _example(_walk(model, loc)[1])
        line = src.line_of(path)
        where = Location(src.file, line, format_path(path), src.cell_of(path))
        made = error(location=where, problem=problem, expected=expected, example=example)
        found.setdefault((path, problem), (line or 0, made))
    if not found:
        where = Location(src.file, src.line_of(()), cell=src.cell_of(()))
        return InputErrors([error(location=where, problem=str(exc))])
    ordered = sorted(found.values(), key=lambda pair: pair[0])
    return InputErrors([made for _, made in ordered])


def _with_tag_key(err: Mapping[str, Any], path: FieldPath, data: Any) -> tuple[FieldPath, Any]:
    """Path and loc of an error; a discriminated-union error points at its tag key."""
    loc = tuple(err["loc"])
    if err["type"] not in ("union_tag_invalid", "union_tag_not_found"):
        return path, loc
    key = str((err.get("ctx") or {}).get("discriminator", "")).strip("'")
    for part in path:
        data = data[part]
    if not isinstance(data, dict) or not key.isidentifier():
        return path, loc
    return (*path, key), (*loc, key)

"""``extends:``: a rulebook that names a parent and writes down only what differs from it.

The parent's raw YAML data and the child's are merged before validation: mappings key by key,
while a parameter (a mapping with ``value``), a source, a formula and the period are replaced
whole, and lists are replaced. A parameter is never half its parent's and half its own, and a
formula never keeps a parent's proof claims for cases the child rewrote. The merged data keeps
the child's line numbers, so an error in the child's own keys points at its line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.errors import Location, RulebookError
from scoring.io.located import Located
from scoring.io.textfile import read_text_file
from scoring.io.yamlsrc import read_yaml

__all__ = [
    "PARENTS_ANYWHERE",
    "ParentReader",
    "builtin_names",
    "builtin_text",
    "merge",
    "read_parent",
    "resolve",
]

PARENTS_ANYWHERE = "JIXIAO_PARENTS_ANYWHERE"
"""The environment variable that lets ``extends:`` name a file outside the rulebook's folder."""

ParentReader = Callable[[str, Located], tuple[str, Located]]
"""Reads the parent a child names: ``(reference, child) -> (identity, parent's raw data)``."""

_WHOLE_UNDER = ("sources", "formulas")
_WHOLE = ("period",)


def _replaced_whole(path: tuple[str, ...], child: dict[str, Any]) -> bool:
    return (
        "value" in child
        or path in {(k,) for k in _WHOLE}
        or (len(path) == 2 and path[0] in _WHOLE_UNDER)
    )


def merge(parent: Any, child: Any, path: tuple[str, ...] = ()) -> Any:
    """The child's data over the parent's: mappings merged, parameters and lists replaced."""
    if not (isinstance(parent, dict) and isinstance(child, dict)) or _replaced_whole(path, child):
        return child
    out = dict(parent)
    for key, value in child.items():
        out[key] = merge(parent[key], value, (*path, str(key))) if key in parent else value
    return out


def _error(src: Located, path: tuple[str, ...], problem: str, expected: str) -> RulebookError:
    return RulebookError(
        location=Location(src.file, src.line_of(path), ".".join(path)),
        problem=problem,
        expected=expected,
        example="extends: central-2020",
    )


def resolve(src: Located, identity: str, read: ParentReader, seen: tuple[str, ...] = ()) -> Located:
    """The rulebook's data with every ancestor merged in; cycles and bad parents refused."""
    data = src.data
    if not isinstance(data, dict) or data.get("extends") is None:
        return src
    ref = data["extends"]
    chain = (*seen, identity)
    if not isinstance(ref, str) or not ref.strip():
        raise _error(src, ("extends",), f"extends must name a rulebook, got {ref!r}",
                     "a built-in rulebook id or a .yaml file beside this one")  # fmt: skip
    for key in ("id", "title"):
        if key not in data:
            raise _error(src, (), f"a rulebook that extends {ref} needs its own {key}",
                         f"an `{key}:` line of its own")  # fmt: skip
    parent_identity, parent = read(ref, src)
    if parent_identity in chain:
        loop = " → ".join([*chain, parent_identity])
        raise _error(src, ("extends",), f"rulebooks extend each other in a cycle: {loop}",
                     "a chain of parents that ends in a rulebook extending nothing")  # fmt: skip
    parent = resolve(parent, parent_identity, read, chain)
    merged = merge({k: v for k, v in parent.data.items() if k != "extends"}, data)
    return Located(merged, src.file, src.lines)


def builtin_names() -> list[str]:
    """Ids of the rulebooks shipped in scoring/rulebook/builtin/."""
    folder = resources.files("scoring.rulebook") / "builtin"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def builtin_text(rulebook_id: str) -> str:
    """The YAML text of a shipped rulebook."""
    resource = resources.files("scoring.rulebook") / "builtin" / f"{rulebook_id}.yaml"
    return resource.read_text(encoding="utf-8")


def read_parent(ref: str, child: Located, anywhere: bool | None = None) -> tuple[str, Located]:
    """The raw data of the parent a rulebook extends: a built-in id or a file beside it.

    A file parent must lie in the child's folder or below it, unless ``anywhere`` (None: the
    environment variable ``JIXIAO_PARENTS_ANYWHERE=1``): a rulebook of unknown origin must
    not make jixiao read files elsewhere on the machine.
    """
    if ref.endswith((".yaml", ".yml")):
        folder = Path(child.file).parent.resolve()
        path = (folder / ref).resolve()
        if anywhere is None:
            anywhere = os.environ.get(PARENTS_ANYWHERE, "") == "1"
        if not anywhere and not path.is_relative_to(folder):
            raise _error(child, ("extends",), f"parent {ref!r} lies outside this rulebook's "
                         f"folder {folder}", "a parent in the same folder or below it, or "
                         "`jixiao --parents-anywhere` (JIXIAO_PARENTS_ANYWHERE=1) to allow it")  # fmt: skip
        if path.is_file():
            text = read_text_file(path, error=RulebookError)
            return _mapping(f"file:{path}", read_yaml(text, str(path), error=RulebookError))
    elif ref in builtin_names():
        src = read_yaml(builtin_text(ref), f"rulebooks/{ref}.yaml", error=RulebookError)
        return _mapping(f"id:{ref}", src)
    raise RulebookError(
        location=Location(child.file, child.line_of(("extends",)), "extends"),
        problem=f"unknown parent rulebook {ref!r}",
        expected=f"a built-in id ({', '.join(builtin_names())}) or a .yaml file beside this one",
        example="extends: central-2020",
    )


def _mapping(identity: str, src: Located) -> tuple[str, Located]:
    if not isinstance(src.data, dict):
        raise RulebookError(location=Location(src.file, 1, ""), problem="a rulebook must be a "
                            "mapping of keys", expected="id, title, region, period, ...")
    return identity, src

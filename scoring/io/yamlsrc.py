"""Safe YAML reading that remembers the line of every value.

``read_yaml`` composes YAML nodes with PyYAML's safe machinery and builds plain data itself:
numbers stay as their exact source text, tags outside the standard set, anchors, aliases,
merge keys, duplicate keys and NaN/infinity are refused, each with file, line and field path.
``validation_to_errors`` (scoring/io/validation.py, re-exported here) turns a pydantic
``ValidationError`` into ``InputErrors`` pointing at the same lines.
"""

from __future__ import annotations

import os
import re
import types
from typing import Any

import yaml

from scoring.errors import FormError, InputError, InputErrors, Location
from scoring.io.located import FieldPath, Located, format_path
from scoring.io.textfile import read_stdin_text, read_text_file

__all__ = ["read_yaml", "read_yaml_file"]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null"))
_IMPLICIT_ONLY = frozenset(_TAG + t for t in ("timestamp", "value"))
_NOT_NUMBERS = re.compile(r"[-+]?\.?(?:nan|inf|infinity)", re.IGNORECASE)
_ANCHORS = "anchors and aliases are not supported; write the value out"

STDIN = "<stdin>"
"""The name standard input goes by in messages (``-`` on the command line)."""


def _refuse_anchor(event: Any) -> None:
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise yaml.composer.ComposerError(None, None, _ANCHORS, event.start_mark)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases while composing nodes."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        _refuse_anchor(self.peek_event())  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


_LOADERS: list[Any] = [_Loader]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.composer.Composer, yaml.resolver.Resolver):
        """libyaml's C scanner and parser under the same Python composer: the same nodes, faster.

        Only the events come from C; composing stays in Python, so anchors are refused as above.
        """

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        check_node = yaml.composer.Composer.check_node
        get_node = yaml.composer.Composer.get_node

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            _refuse_anchor(self.peek_event())
            return yaml.composer.Composer.compose_node(self, parent, index)

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node = yaml.composer.Composer.compose_scalar_node(self, anchor)
            if node.style == "":  # libyaml reports the plain style as '', PyYAML's parser as None
                node.style = None
            return node

    _RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
    _ANY = tuple(_RESOLVERS.get(None, ()))
    _BY_FIRST = {k: (*v, *_ANY) for k, v in _RESOLVERS.items() if k is not None}

    class _CTree(yaml.CSafeLoader):
        """libyaml composing the whole tree; tags resolved as the Resolver does, minus its
        path resolvers (none are registered), which the composer asks about for every node."""

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not yaml.ScalarNode:
                seq = kind is yaml.SequenceNode
                return self.DEFAULT_SEQUENCE_TAG if seq else self.DEFAULT_MAPPING_TAG
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], _ANY):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG

    # libyaml composes the whole tree when the text has neither '&' nor '*' (so no anchors)
    _LOADERS[:0] = [_CTree, _CLoader]


def _syntax_error(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """Line and problem text of a PyYAML error."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return line, f"the character {chr(exc.character)!r} is not allowed in YAML"
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None, f"YAML syntax error: {exc}"
    mark = exc.problem_mark or exc.context_mark
    if exc.problem == _ANCHORS:
        return mark.line + 1 if mark else None, _ANCHORS
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        where = f" at line {exc.context_mark.line + 1}" if exc.context_mark else ""
        problem += f" ({exc.context}{where})"
    return mark.line + 1 if mark else None, f"YAML syntax error: {problem}"


def _compose(text: str, file: str, error: type[InputError]) -> yaml.Node | None:
    *fast, exact = _LOADERS
    if "&" in text or "*" in text:  # an anchor or alias may occur: refuse it while composing
        fast = [make for make in fast if not issubclass(make, yaml.CSafeLoader)]
    for make in fast:
        try:
            return _compose_with(make, text, file, error)
        except Exception:  # on any trouble the pure-Python reader decides, wording errors as always
            break
    return _compose_with(exact, text, file, error)


def _compose_with(make: Any, text: str, file: str, error: type[InputError]) -> yaml.Node | None:
    loader: Any = None
    try:
        loader = make(text)
        if not loader.check_node():
            return None
        root: yaml.Node = loader.get_node()
        if loader.check_node():
            line = loader.peek_event().start_mark.line + 1
            problem = "a second YAML document starts here; write one document per file"
            raise error(location=Location(file, line), problem=problem)
        return root
    except yaml.YAMLError as exc:
        line, problem = _syntax_error(exc, text)
        raise error(location=Location(file, line), problem=problem) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    """Turns composed nodes into plain data, recording lines and collecting problems."""

    def __init__(self, file: str, error: type[InputError]) -> None:
        self.file = file
        self.error = error
        self.lines: dict[FieldPath, int] = {}
        self.problems: list[InputError] = []
        self.resolver = yaml.resolver.Resolver()

    def fail(self, node: yaml.Node, path: FieldPath, problem: str, expected: str = "") -> None:
        where = Location(self.file, node.start_mark.line + 1, format_path(path))
        self.problems.append(self.error(location=where, problem=problem, expected=expected))

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                return self.refuse_tag(node, path)
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self.refuse_tag(node, path)
            out: list[Any] = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                out.append(self.build(item, (*path, index)))
            return out
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, path)

    def refuse_tag(self, node: yaml.Node, path: FieldPath) -> None:
        shown = node.tag.replace(_TAG, "!!")
        self.fail(node, path, f"the YAML tag {shown} is not supported", "a value without a tag")

    def mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            here = (*path, key)
            line = key_node.start_mark.line + 1
            if key in out:
                first = self.lines[here]
                problem = f"duplicate key {key!r} (first at line {first}, again at line {line})"
                self.fail(key_node, here, problem, "each key once per mapping")
                continue
            self.lines[here] = line
            out[key] = self.build(value_node, here)
        return out

    def key(self, node: yaml.Node, path: FieldPath) -> str | None:
        if node.tag == _TAG + "merge":
            self.fail(node, path, "merge keys '<<' are not supported; " + _ANCHORS)
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS | _IMPLICIT_ONLY:
            self.fail(node, path, "a key must be plain text", "a key like `name:`")
            return None
        if node.tag == _TAG + "null" and not node.style:
            self.fail(node, path, "a key is empty or null", "a key like `name:`")
            return None
        return str(node.value)

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        text: str = node.value
        if node.tag == _TAG + "str":  # most values: text needs no second tag resolution
            if not node.style and _NOT_NUMBERS.fullmatch(text.strip()):
                self.fail(node, path, "NaN and infinity are not numbers here", "a finite number")
            return text
        plain = (not node.style, False)  # plain style: None from PyYAML, "" from libyaml
        implicit = self.resolver.resolve(yaml.ScalarNode, text, plain)  # type: ignore[no-untyped-call]
        explicit = node.tag != implicit
        if node.tag not in _SCALAR_TAGS and (explicit or node.tag not in _IMPLICIT_ONLY):
            return self.refuse_tag(node, path)
        if node.tag == _TAG + "null":
            return None
        if node.tag == _TAG + "bool":
            return self.boolean(node, path, implicit)
        if node.tag in (_TAG + "int", _TAG + "float"):
            return self.number(node, path, implicit)
        if not node.style and _NOT_NUMBERS.fullmatch(text.strip()):
            self.fail(node, path, "NaN and infinity are not numbers here", "a finite number")
        return text

    def boolean(self, node: yaml.ScalarNode, path: FieldPath, implicit: str) -> bool | str:
        """true/false in any case; YAML 1.1 words like yes/on/no/off stay text."""
        text: str = node.value
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        if implicit != node.tag:
            self.fail(node, path, f"{text!r} is not true or false", "true or false")
        return text

    def number(self, node: yaml.ScalarNode, path: FieldPath, implicit: str) -> str:
        text = str(node.value).strip()
        if implicit not in (_TAG + "int", _TAG + "float") and not _NOT_NUMBERS.fullmatch(text):
            self.fail(node, path, f"{text!r} is not a number", "a number like 12.5")
        elif _NOT_NUMBERS.fullmatch(text):
            self.fail(node, path, "NaN and infinity are not numbers here", "a finite number")
        elif "_" in text:
            self.fail(node, path, "underscores in numbers are not allowed", "digits only: 1000")
        return text


def read_yaml(text: str, file: str, *, error: type[InputError] = FormError) -> Located:
    """Read one YAML document holding a mapping into plain data with the line of every value.

    Numbers stay as their exact source text; every problem raises ``error`` or ``InputErrors``.
    """
    try:
        return _read(text, file, error)
    except RecursionError:
        raise error(location=Location(file), problem="the YAML is nested too deeply") from None


def _read(text: str, file: str, error: type[InputError]) -> Located:
    root = _compose(text, file, error)
    if not isinstance(root, yaml.MappingNode) or root.tag != _TAG + "map":
        line = 1 if root is None else root.start_mark.line + 1
        raise error(
            location=Location(file, line),
            problem="expected a mapping at the top of the file",
            expected="`key: value` lines",
            example="name: 项目名称",
        )
    builder = _Builder(file, error)
    builder.lines[()] = root.start_mark.line + 1
    data = builder.build(root, ())
    if len(builder.problems) == 1:
        raise builder.problems[0]
    if builder.problems:
        raise InputErrors(builder.problems)
    return Located(data=data, file=file, lines=types.MappingProxyType(builder.lines))


def read_yaml_file(path: str | os.PathLike[str], *, error: type[InputError] = FormError) -> Located:
    """Read a UTF-8 YAML file (BOM allowed) with ``read_yaml``; errors name the path as given."""
    file = os.fspath(path)
    if file == "-":  # standard input, as `jixiao verify -` reads it
        return read_yaml(read_stdin_text(STDIN, error=error), STDIN, error=error)
    return read_yaml(read_text_file(file, error=error), file, error=error)

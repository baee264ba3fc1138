"""Tests for scoring.io.yamlsrc: safe YAML reading with lines, and pydantic error mapping."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from scoring.errors import FormError, InputError, InputErrors, RulebookError
from scoring.io.located import Located, format_path
from scoring.io.validation import validation_to_errors
from scoring.io.yamlsrc import read_yaml, read_yaml_file


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(examples=["数据采集量"])
    weight: Decimal = Field(examples=[Decimal("20")])
    kind: Literal["quantity", "quality"] = "quantity"


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project: str = Field(examples=["武昌区大数据平台"])
    budget: Decimal = Field(examples=[Decimal("1960.42")])
    indicators: list[Indicator] = []
    notes: dict[str, str] | None = None


class Ratio(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["ratio"]
    target: Decimal = Field(examples=[Decimal("95")])


class Count(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["count"]
    count: int = Field(examples=[3])


class Tagged(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Annotated[Ratio | Count, Field(discriminator="type")]]


FORM = """\
project: 大数据平台
budget: 1960.42
indicators:
  - name: 数据量
    weight: 20
  - name: 准确率
    weight: 0.1
    kind: quality
notes:
  source: 自评表
"""


def errors_of(text: str, model: type[BaseModel] = Form) -> list[InputError]:
    src = read_yaml(text, "form.yaml")
    with pytest.raises(pydantic.ValidationError) as info:
        model.model_validate(src.data)
    return validation_to_errors(info.value, src, model).errors


def one_error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_yaml(text, "form.yaml")
    return info.value


# --- read_yaml: data and lines -------------------------------------------------------------


def test_reads_plain_data_with_numbers_as_text() -> None:
    src = read_yaml(FORM, "form.yaml")
    assert src.file == "form.yaml"
    assert src.data == {
        "project": "大数据平台",
        "budget": "1960.42",
        "indicators": [
            {"name": "数据量", "weight": "20"},
            {"name": "准确率", "weight": "0.1", "kind": "quality"},
        ],
        "notes": {"source": "自评表"},
    }


def test_lines_of_nested_keys_and_list_items() -> None:
    src = read_yaml(FORM, "form.yaml")
    assert src.lines[()] == 1
    assert src.lines[("budget",)] == 2
    assert src.lines[("indicators",)] == 3
    assert src.lines[("indicators", 0)] == 4
    assert src.lines[("indicators", 0, "weight")] == 5
    assert src.lines[("indicators", 1)] == 6
    assert src.lines[("indicators", 1, "kind")] == 8
    assert src.lines[("notes", "source")] == 10


def test_line_of_falls_back_to_nearest_ancestor() -> None:
    src = read_yaml(FORM, "form.yaml")
    assert src.line_of(["indicators", 1, "kind"]) == 8
    assert src.line_of(("indicators", 1, "missing", 3)) == 6
    assert src.line_of(()) == 1
    assert Located(data={}, file="x", lines={}).line_of(("a",)) is None


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("1736.1", "1736.1"),
        ("0.1", "0.1"),
        ("20", "20"),
        ("-3.50", "-3.50"),
        ("1e5", "1e5"),
        ("'1.0'", "1.0"),
        ('"007"', "007"),
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("null", None),
        ("~", None),
        ("", None),
        ("2024-01-31", "2024-01-31"),
        ("!!str 12", "12"),
        ("!!float 3", "3"),
        ("百分之九十", "百分之九十"),
    ],
)
def test_scalars(source: str, value: Any) -> None:
    assert read_yaml(f"v: {source}\n", "f.yaml").data == {"v": value}


def test_number_like_keys_stay_text() -> None:
    assert read_yaml("2022: a\n1.5: b\n", "f.yaml").data == {"2022": "a", "1.5": "b"}


def test_bom_and_leading_comments() -> None:
    src = read_yaml("\ufeff# 注释\n\na: 1\n", "f.yaml")
    assert src.data == {"a": "1"}
    assert src.lines[("a",)] == 3


# --- read_yaml: refusals -------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    err = one_error("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert isinstance(err, FormError)
    assert err.location.line == 5
    assert err.location.path == "b.c"
    assert "duplicate key 'c'" in err.problem
    assert "line 3" in err.problem and "line 5" in err.problem


@pytest.mark.parametrize("source", ["1_000", "1_000.5"])
def test_underscores_in_numbers_refused(source: str) -> None:
    err = one_error(f"a: 1\nb: {source}\n")
    assert err.problem == "underscores in numbers are not allowed"
    assert (err.location.line, err.location.path) == (2, "b")


@pytest.mark.parametrize("source", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "NaN", "inf"])
def test_nan_and_infinity_refused(source: str) -> None:
    err = one_error(f"x: {source}\n")
    assert err.problem == "NaN and infinity are not numbers here"
    assert err.location.path == "x"


def test_quoted_nan_is_text() -> None:
    assert read_yaml("x: 'NaN'\n", "f.yaml").data == {"x": "NaN"}


@pytest.mark.parametrize(
    "source",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom value",
        "!!set {a, b}",
    ],
)
def test_unsupported_tags_refused(source: str) -> None:
    err = one_error(f"a: 1\nb: {source}\n")
    assert "is not supported" in err.problem
    assert (err.location.line, err.location.path) == (2, "b")


def test_explicit_number_tag_on_text_refused() -> None:
    assert "is not a number" in one_error("a: !!int abc\n").problem


@pytest.mark.parametrize(
    "source",
    ["a: &x 1\nb: *x\n", "b: *x\n", "a: &x {k: 1}\nb:\n  <<: *x\n", "a:\n  <<: {k: 1}\n"],
)
def test_anchors_aliases_and_merge_keys_refused(source: str) -> None:
    assert "anchors and aliases are not supported" in one_error(source).problem


def test_billion_laughs_refused_quickly() -> None:
    levels = "abcdefghi"
    text = "a: &a [lol, lol, lol]\n" + "".join(
        f"{name}: &{name} [*{prev}, *{prev}, *{prev}]\n"
        for prev, name in itertools.pairwise(levels)
    )
    err = one_error(text)
    assert err.location.line == 1


@pytest.mark.parametrize(
    ("source", "line"),
    [("a: 1\nb: [1, 2\nc: 3\n", 3), ("a: 1\n  b: 2\n", 2), ("a:\n\t- 1\n", 2), ("a: 'x\n", 2)],
)
def test_syntax_errors_have_a_line(source: str, line: int) -> None:
    err = one_error(source)
    assert err.location.line == line
    assert err.problem.startswith("YAML syntax error: ")


def test_control_character_refused_with_line() -> None:
    err = one_error("a: 1\nb: \x01\n")
    assert err.location.line == 2
    assert "not allowed" in err.problem


@pytest.mark.parametrize("source", ["- a\n- b\n", "just text\n", "", "# only a comment\n", "42\n"])
def test_top_level_must_be_a_mapping(source: str) -> None:
    assert one_error(source).problem == "expected a mapping at the top of the file"


def test_multiple_documents_refused() -> None:
    err = one_error("a: 1\n---\nb: 2\n")
    assert err.location.line == 2
    assert "second YAML document" in err.problem


def test_single_document_with_markers_is_fine() -> None:
    assert read_yaml("---\na: 1\n...\n", "f.yaml").data == {"a": "1"}


def test_null_and_complex_keys_refused() -> None:
    assert "key" in one_error("~: 1\n").problem
    assert "key" in one_error("? [a, b]\n: 1\n").problem


def test_several_problems_are_kept_together() -> None:
    with pytest.raises(InputErrors) as info:
        read_yaml("a: .nan\nb: 1_0\nc: 1\nc: 2\n", "f.yaml")
    assert [e.location.line for e in info.value.errors] == [1, 2, 4]
    assert all(isinstance(e, FormError) for e in info.value.errors)


def test_error_class_is_chosen_by_caller() -> None:
    with pytest.raises(RulebookError):
        read_yaml("a: .inf\n", "rules.yaml", error=RulebookError)


def test_error_string_names_file_line_path_and_expected() -> None:
    text = str(one_error("top:\n  inner:\n    - 1\n    - .nan\n"))
    assert text.startswith("form.yaml:4: top.inner[1]: NaN and infinity")
    assert "expected a finite number" in text


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    err = one_error("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert err.location.file == "form.yaml"


# --- read_yaml_file ------------------------------------------------------------------------


def test_read_file_keeps_name_and_allows_bom(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_bytes("\ufeffname: 项目\nweight: 12.50\n".encode())
    src = read_yaml_file(path)
    assert src.file == str(path)
    assert src.data == {"name": "项目", "weight": "12.50"}
    assert src.lines[("weight",)] == 2


def test_read_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\xfe\n")
    with pytest.raises(FormError) as info:
        read_yaml_file(bad)
    assert (info.value.location.line, info.value.problem) == (2, "the file is not valid UTF-8")
    with pytest.raises(RulebookError) as missing:
        read_yaml_file(tmp_path / "nope.yaml", error=RulebookError)
    assert missing.value.location.file == str(tmp_path / "nope.yaml")


# --- format_path ---------------------------------------------------------------------------


def test_format_path() -> None:
    assert format_path(("indicators", 2, "weight")) == "indicators[2].weight"
    assert format_path(()) == ""
    assert format_path((0, "a")) == "[0].a"
    assert format_path(("指标", "权重")) == "指标.权重"
    assert format_path(("a", "x.y")) == 'a["x.y"]'


# --- validation_to_errors ------------------------------------------------------------------


def test_unknown_key_with_did_you_mean() -> None:
    text = FORM.replace("    weight: 0.1\n", "    wieght: 0.1\n")
    errors = errors_of(text)
    unknown = next(e for e in errors if "unknown" in e.problem)
    assert unknown.problem == "unknown key 'wieght', did you mean 'weight'?"
    assert (unknown.location.line, unknown.location.path) == (7, "indicators[1].wieght")
    assert "weight" in unknown.expected


def test_unknown_key_without_a_close_match() -> None:
    (err,) = errors_of(FORM + "zzz: 1\n")
    assert err.problem == "unknown key 'zzz'"
    assert (err.location.line, err.location.path) == (11, "zzz")


def test_missing_key_points_at_parent_with_example() -> None:
    errors = errors_of(FORM.replace("    weight: 20\n", ""))
    (err,) = errors
    assert err.problem == "missing required key 'weight'"
    assert (err.location.line, err.location.path) == (4, "indicators[0].weight")
    assert err.example == "20"


def test_wrong_type_names_input_expected_and_example() -> None:
    (err,) = errors_of(FORM.replace("budget: 1960.42", "budget: 一千万"))
    assert err.problem == "got '一千万'"
    assert str(err).endswith("budget: got '一千万'; expected a valid decimal, e.g. 1960.42")
    assert err.expected == "a valid decimal"
    assert err.example == "1960.42"
    assert (err.location.line, err.location.path) == (2, "budget")


def test_literal_field_error() -> None:
    (err,) = errors_of(FORM.replace("kind: quality", "kind: qualty"))
    assert err.problem == "got 'qualty'"
    assert err.expected == "'quantity' or 'quality'"
    assert (err.location.line, err.location.path) == (8, "indicators[1].kind")


def test_list_and_mapping_shapes() -> None:
    (err,) = errors_of(FORM.replace("notes:\n  source: 自评表\n", "notes: [a]\n"))
    assert err.location.path == "notes"
    assert "got a list" in err.problem


def test_errors_are_sorted_by_line_and_string_is_complete() -> None:
    text = "budget: abc\nproject: 名称\nindicators:\n  - name: x\n    weight: y\n"
    errors = errors_of(text + "extra: 1\n")
    assert [e.location.line for e in errors] == [1, 5, 6]
    rendered = str(errors[1])
    assert rendered.startswith("form.yaml:5: indicators[0].weight: got 'y'; expected a valid decimal")
    assert "got 'y'" in rendered and "e.g. 20" in rendered


def test_discriminated_union_drops_tag_from_path() -> None:
    text = "items:\n  - type: ratio\n    target: x\n  - type: count\n    cnt: 1\n  - type: other\n"
    errors = errors_of(text, Tagged)
    by_path = {e.location.path: e for e in errors}
    assert by_path["items[0].target"].location.line == 3
    assert by_path["items[0].target"].example == "95"
    assert by_path["items[1].cnt"].problem == "unknown key 'cnt', did you mean 'count'?"
    assert by_path["items[1].cnt"].expected == "one of count, type"
    assert by_path["items[1].count"].example == "3"
    assert by_path["items[2].type"].location.line == 6
    assert "'ratio', 'count'" in by_path["items[2].type"].problem


def test_smart_union_keeps_the_closest_member() -> None:
    class Either(BaseModel):
        model_config = ConfigDict(extra="forbid")
        thing: Ratio | Count

    errors = errors_of("thing:\n  type: ratio\n  target: no\n", Either)
    assert [(e.location.path, e.location.line) for e in errors] == [("thing.target", 3)]


def test_validator_message_and_custom_error_class() -> None:
    class Checked(BaseModel):
        share: Decimal

        @pydantic.field_validator("share")
        @classmethod
        def at_most_one(cls, value: Decimal) -> Decimal:
            if value > 1:
                raise ValueError("share must be at most 1")
            return value

    src = read_yaml("share: 1.5\n", "r.yaml", error=RulebookError)
    with pytest.raises(pydantic.ValidationError) as info:
        Checked.model_validate(src.data)
    (err,) = validation_to_errors(info.value, src, Checked, error=RulebookError).errors
    assert isinstance(err, RulebookError)
    assert err.problem.startswith("share must be at most 1")
    assert err.location == type(err.location)("r.yaml", 1, "share")


# --- property: safe_dump round trip ----------------------------------------------------------

_NOT_NUMBER_WORDS = {"nan", "inf", "infinity", ".nan", ".inf"}
# PyYAML's emitter mangles NEL and the Unicode line/paragraph separators; keep them out.
_chars = st.characters(exclude_characters="\x85\u2028\u2029")
_text = st.text(_chars, max_size=12).filter(
    lambda s: s.strip().lstrip("+-").lower() not in _NOT_NUMBER_WORDS
)
_leaf = st.one_of(_text, st.integers(), st.booleans(), st.none())
_tree = st.recursive(
    _leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=20,
)


def _as_read(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_read(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_text, _tree, max_size=5))
def test_safe_dump_round_trip(data: dict[str, Any]) -> None:
    for flow in (False, None):
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
        src = read_yaml(text, "gen.yaml")
        assert src.data == _as_read(data)
        last_line = text.count("\n") + 1
        for path in _paths(src.data):
            assert path in src.lines
            assert 1 <= src.lines[path] <= last_line

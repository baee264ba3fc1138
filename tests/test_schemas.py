"""The checked-in JSON Schemas are current, and the seed's forms validate against the form schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from scoring.schemas import SCHEMA_FILES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schema_file_is_current(name: str) -> None:
    on_disk = json.loads((ROOT / "schemas" / name).read_text("utf-8"))
    assert on_disk == SCHEMA_FILES[name](), f"run `make schemas`: schemas/{name} is stale"


@pytest.mark.parametrize(
    "form",
    sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml"))
    + sorted((ROOT / "tests" / "forms" / "shapes").glob("*.yaml"))  # every shape as printed
    + sorted((ROOT / "tests" / "forms" / "traditional").glob("*.yaml"))  # 繁體 as printed
    + sorted((ROOT / "indicators" / "real").rglob("*.yaml")),  # real published forms
    ids=lambda p: p.stem,
)
def test_seed_forms_validate_against_the_form_schema(form: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "form.schema.json").read_text("utf-8"))
    # as an editor's YAML plugin sees it: unquoted numbers are numbers
    jsonschema.validate(yaml.safe_load(form.read_text("utf-8")), schema)


def test_a_form_in_traditional_characters_validates_as_the_model_reads_it() -> None:
    """萬元, 達成, 定性指標 and 無 are accepted by the models (folded); the schema an editor checks
    a transcription against accepts them too."""
    from scoring.errors import FormError
    from scoring.form.model import Form
    from scoring.io.yamlsrc import read_yaml_file

    schema = json.loads((ROOT / "schemas" / "form.schema.json").read_text("utf-8"))
    path = ROOT / "indicators" / "wuchang-bigdata-2022" / "03-video-conference.yaml"
    seen, read_as = yaml.safe_load(path.read_text("utf-8")), read_yaml_file(path, error=FormError).data
    for form in (seen, read_as):
        form["funds"]["unit"] = "萬元"
        form["indicators"][0] |= {"actual": {"text": "完成", "grade": "部分達成"}, "nature": "定性指標"}
        form["indicators"][1]["nature"] = "無"
    jsonschema.validate(seen, schema)  # as an editor's YAML plugin sees it
    read = Form.model_validate(read_as)  # as jixiao reads it (numbers as printed text)
    assert (read.funds.unit, read.indicators[0].actual.grade) == ("万元", "部分达成")

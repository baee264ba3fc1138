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
    + sorted((ROOT / "tests" / "forms" / "shapes").glob("*.yaml")),  # every shape as printed
    ids=lambda p: p.stem,
)
def test_seed_forms_validate_against_the_form_schema(form: Path) -> None:
    schema = json.loads((ROOT / "schemas" / "form.schema.json").read_text("utf-8"))
    # as an editor's YAML plugin sees it: unquoted numbers are numbers
    jsonschema.validate(yaml.safe_load(form.read_text("utf-8")), schema)

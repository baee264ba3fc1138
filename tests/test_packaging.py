"""What the wheel carries: every package, the JSON Schemas, the rulebooks, templates, py.typed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "scoring").rglob("__init__.py")
    }
    assert listed == on_disk | {"scoring.jsonschemas"}


def test_the_wheel_carries_the_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("jixiao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "scoring/py.typed",
        "scoring/t2s.txt",
        "scoring/report/templates/report.html.j2",
        *(f"scoring/jsonschemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")),
        *(f"scoring/rulebook/builtin/{p.name}"
          for p in (ROOT / "scoring" / "rulebook" / "builtin").glob("*.yaml")),
    }
    assert expected <= names, sorted(expected - names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text

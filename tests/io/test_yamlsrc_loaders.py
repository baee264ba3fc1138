"""libyaml's composer, its events under PyYAML's composer, and pure PyYAML read alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring.errors import FormError
from scoring.io import yamlsrc

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p for d in ("indicators", "tests/cases", "scoring/rulebooks") for p in (ROOT / d).rglob("*.yaml")
)
TRICKY = [
    "a: 1\nb: '1'\nc: \"x\"\nd: ~\ne: null\nf: true\ng: yes\nh: 1.5\ni: |\n  block\nj: >\n  fold\n",
    "k: [1, 'two', {x: .nan}]\nl: !!str 3\nm: 2022-01-01\nn: 0x1F\no: 1_000\n",
    "p: {}\nq: []\nr: ''\ns:\n  - - 1\n    - 2\n",
]


def _read(loaders: list[Any], text: str) -> tuple[Any, dict[Any, int]] | str:
    saved = yamlsrc._LOADERS[:]
    try:
        yamlsrc._LOADERS[:] = loaders
        src = yamlsrc.read_yaml(text, "x.yaml")
        return src.data, dict(src.lines)
    except (FormError, yamlsrc.InputErrors) as exc:
        return str(exc)
    finally:
        yamlsrc._LOADERS[:] = saved


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize(
    "text",
    [*(p.read_text("utf-8") for p in FILES), *TRICKY],
    ids=[*(str(p.relative_to(ROOT)) for p in FILES), *(f"tricky-{i}" for i in range(len(TRICKY)))],
)
def test_every_loader_reads_the_same_data_lines_and_errors(text: str) -> None:
    pure = _read([yamlsrc._Loader], text)
    assert _read([yamlsrc._CLoader, yamlsrc._Loader], text) == pure
    assert _read([yamlsrc._CTree, yamlsrc._Loader], text) == pure
    assert _read(yamlsrc._LOADERS, text) == pure

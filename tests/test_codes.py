"""Every finding code raised anywhere in the package is in the catalogue, and only those are."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scoring.codes import CATALOGUE, codes_markdown, lookup

PACKAGE = Path(__file__).resolve().parents[1] / "scoring"
ROOT = PACKAGE.parent
CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
# Calls whose first argument (or ``code=``) is a finding code.
RAISERS = {"add", "unexplained", "Problem", "Flag", "Finding", "_finding", "finding"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def raised_codes() -> dict[str, str]:
    """Every string literal passed as a finding code in scoring/, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _name(node.func) not in RAISERS:
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            for arg in args:
                text = arg.value if isinstance(arg, ast.Constant) else None
                if isinstance(text, str) and CODE.match(text):
                    found.setdefault(text, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_raised_code_is_catalogued() -> None:
    missing = {c: w for c, w in raised_codes().items() if c not in CATALOGUE}
    assert not missing, f"add these to scoring/codes.py: {missing}"


def test_the_scan_sees_every_raising_call() -> None:
    # the scan above reads the calls that raise findings; it must see every catalogued code,
    # so that a new way of raising one cannot slip past it
    assert set(raised_codes()) == set(CATALOGUE)


def test_every_catalogued_code_is_raised_somewhere() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
                       if p.name != "codes.py")
    dead = [c for c in CATALOGUE if f'"{c}"' not in source]
    assert not dead, f"catalogued but never raised: {dead}"


def test_entries_are_complete() -> None:
    for info in CATALOGUE.values():
        assert info.severities and set(info.severities) <= {"error", "warning", "info"}
        assert info.title_zh and info.title_en and info.checks and info.example


def test_docs_table_is_current() -> None:
    on_disk = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert on_disk == codes_markdown(), "run `make schemas`: docs/codes.md is stale"


def test_lookup_names_an_unknown_code() -> None:
    assert lookup("TOTAL_MISMATCH").title_zh == "总分与计算不符"
    try:
        lookup("NO_SUCH_CODE")
    except KeyError as err:
        assert "NO_SUCH_CODE" in str(err)
    else:  # pragma: no cover
        raise AssertionError("lookup accepted an unknown code")

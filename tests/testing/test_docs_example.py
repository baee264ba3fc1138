"""The example property test and the example case of docs/testing.md run as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from scoring.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")


def test_the_example_property_tests_pass() -> None:
    [code] = re.findall(r"```python\n(.*?)```", DOC, re.DOTALL)
    namespace: dict[str, Any] = {}
    # a busy machine must not fail the example on generation time (a health check, not a test)
    settings.register_profile("docs-example", suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("docs-example")
    try:
        exec(compile(code, "docs/testing.md", "exec"), namespace)
    finally:
        settings.load_profile("default")
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert len(tests) == 3
    for test in tests:
        test()


def test_the_example_case_is_the_one_in_examples_and_passes() -> None:
    case = ROOT / "examples" / "cases" / "small-project.yaml"
    shown = re.search(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    assert shown is not None and shown.group(1) == case.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(ROOT / "examples" / "cases")])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("1 case: 1 passed, 0 failed, 0 could not be read\n")

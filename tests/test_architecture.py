"""The shape of the package: no import cycle, stages import only downstream, modules stay small.

Every ``import`` counts — those under ``TYPE_CHECKING`` and those inside functions too — so
that a cycle cannot hide behind a deferred import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scoring"

# Each stage may import only the stages listed before it (and the leaf helpers). The order is
# the flow of data: load -> score -> verify -> roll up -> render -> shells.
# i18n is a leaf: the message catalogue imports nothing of jixiao, and a finding renders its
# sentence through it.
LEAVES = {"errors", "exitcodes", "findings", "fold", "limits", "rounding", "trace", "values", "codes",
          "i18n"}
STAGES = [
    "io", "form", "formula", "rulebook", "engine", "verify", "pipeline", "rollup",
    "report", "api", "batch", "testing", "schemas", "service", "cli", "__main__",
]
MAX_LINES = 420


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The scoring modules a module imports, wherever the import statement stands."""
    path = MODULES[name]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("scoring"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("scoring"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def find_cycle() -> list[str] | None:
    """One import cycle among the modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for name in MODULES:
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_no_import_cycle() -> None:
    cycle = find_cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def stage_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_leaves_and_earlier_stages(name: str) -> None:
    own = stage_of(name)
    if own is None:  # scoring/__init__.py: the public API gathers from everywhere
        return
    upward = []
    for target in sorted(GRAPH[name]):
        other = stage_of(target)
        if other is None or other == own or other in LEAVES:
            continue
        if own in LEAVES or STAGES.index(other) > STAGES.index(own):
            upward.append(target)
    assert not upward, f"{name} ({own}) reaches upstream into {upward}"


def test_every_module_belongs_to_a_known_place() -> None:
    unknown = {stage_of(n) for n in MODULES} - {None, *LEAVES, *STAGES}
    assert not unknown


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by concept"


def test_leaf_helpers_import_no_stage() -> None:
    for leaf in LEAVES & {stage_of(n) for n in MODULES}:
        reached = {stage_of(t) for t in GRAPH[f"scoring.{leaf}"]}
        assert reached <= LEAVES, f"scoring.{leaf} imports {reached - LEAVES}"


def _defined_and_exported(path: Path) -> tuple[set[str], list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined: set[str] = set()
    exported: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    defined.add(target.id)
                    if target.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
                        exported = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    return defined, exported


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n != "scoring"))
def test_no_module_re_exports_another_s_names(name: str) -> None:
    # one import path per name: only scoring/__init__.py gathers names from elsewhere
    defined, exported = _defined_and_exported(MODULES[name])
    borrowed = [n for n in exported if n not in defined]
    assert not borrowed, f"{name} exports {borrowed}, defined elsewhere: import them from there"

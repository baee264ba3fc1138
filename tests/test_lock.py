"""The locked environments agree with pyproject.toml: every requirement is pinned, within its range.

``make lock`` writes ``requirements/*.lock`` from pyproject.toml; this test fails when a
dependency is added or its range changed without refreshing the lock, so that ``make test``
never runs with a lock that no longer describes the project.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")

# lock file -> the extras it was compiled with
LOCKS = {"test.lock": ("test",), "bench.lock": ("test", "bench")}


def pins(lock: Path) -> dict[str, Version]:
    """The ``name==version`` lines of a lock file, by canonical name."""
    found: dict[str, Version] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = Version(match.group(2))
    return found


def required(extras: tuple[str, ...]) -> list[Requirement]:
    """What pyproject.toml asks for: run-time dependencies, the extras, the build backend."""
    texts = list(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        texts += PYPROJECT["project"]["optional-dependencies"][extra]
    texts += PYPROJECT["build-system"]["requires"]
    return [Requirement(t) for t in texts]


@pytest.mark.parametrize(("name", "extras"), LOCKS.items())
def test_every_requirement_is_pinned_within_its_range(name: str, extras: tuple[str, ...]) -> None:
    lock = ROOT / "requirements" / name
    locked = pins(lock)
    problems = []
    for req in required(extras):
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req} is not in {name}")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req} but {name} pins {version}")
    assert not problems, "; ".join(problems) + " — run `make lock`"


@pytest.mark.parametrize(("name", "extras"), LOCKS.items())
def test_lock_was_compiled_with_its_extras_and_hashes(name: str, extras: tuple[str, ...]) -> None:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    command = next(line for line in text.splitlines() if "uv pip compile" in line)
    assert "--generate-hashes" in command
    assert sorted(re.findall(r"--extra (\w+)", command)) == sorted(extras)
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [b.split()[0] for b in blocks if PIN.match(b) and "--hash=sha256:" not in b]
    assert not unhashed, f"pinned without a hash in {name}: {unhashed}"

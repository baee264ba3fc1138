"""The fuzz targets under atheris (coverage-guided), where atheris installs: ``make fuzz``.

    python tests/fuzz/atheris_main.py TARGET [libFuzzer options, e.g. -max_total_time=3600]

TARGET is one of tests/fuzz/fuzz_targets.py's ``TARGETS``. Bytes are decoded as UTF-8 (with
replacement) for the text targets and given as they are to the table targets. A crash leaves
its input in the working directory: add it under tests/fuzz/regressions/TARGET/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    from fuzz_targets import TARGETS

    import scoring  # noqa: F401  (instrumented: coverage guides the search)


def main() -> None:
    """Run one target under atheris until libFuzzer's options say stop."""
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in TARGETS:
        sys.exit(f"usage: atheris_main.py TARGET [libFuzzer options]; TARGET one of {sorted(TARGETS)}")
    target = TARGETS[name]
    as_bytes = name.startswith(("batch_", "excel_"))

    def one(data: bytes) -> None:
        target(data if as_bytes else data.decode("utf-8", errors="replace"))  # type: ignore[operator]

    here = Path(__file__).resolve().parent
    work = here.parents[1] / "build" / "fuzz" / name  # libFuzzer adds what it finds here
    work.mkdir(parents=True, exist_ok=True)
    seeds = here / "regressions" / name  # read only: the kept cases seed the search
    atheris.Setup([sys.argv[0], *sys.argv[2:], str(work), str(seeds)], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

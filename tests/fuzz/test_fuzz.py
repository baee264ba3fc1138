"""The fuzz targets (tests/fuzz/fuzz_targets.py) under hypothesis, and every input a fuzzer or
an adversarial pass ever broke jixiao with, kept as a regression case (tests/fuzz/regressions).

``make test`` runs each target on a small budget (profile ``ci``); ``make fuzz`` runs them for
hours (profile ``fuzz``, ``JIXIAO_FUZZ_EXAMPLES`` examples each). A failure prints the input;
add it under regressions/<target>/ and fix the bug.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from tempfile import TemporaryDirectory

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fuzz_targets import READ, REFUSED, TARGETS, batch_cells
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REGRESSIONS = HERE / "regressions"

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("jixiao-fuzz-ci", max_examples=25, deadline=None,
                          suppress_health_check=_QUIET)  # fmt: skip
settings.register_profile(
    "jixiao-fuzz",
    max_examples=int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "200000")),
    deadline=None,
    suppress_health_check=_QUIET,
    print_blob=True,
)
PROFILE = settings.get_profile(
    "jixiao-fuzz" if os.environ.get("JIXIAO_FUZZ_PROFILE") == "fuzz" else "jixiao-fuzz-ci"
)

# ---------------------------------------------------------------- seeds and mutations

SEED_FORMS = [p.read_text("utf-8") for p in sorted((ROOT / "indicators").rglob("*.yaml"))]
SEED_FORMS += [p.read_text("utf-8") for p in sorted((ROOT / "tests" / "forms").rglob("*.yaml"))]
SEED_RULEBOOKS = [p.read_text("utf-8") for p in sorted((ROOT / "examples" / "rulebooks").glob("*.yaml"))]
SEED_RULEBOOKS += [p.read_text("utf-8")
                   for p in sorted((ROOT / "scoring" / "rulebook" / "builtin").glob("*.yaml"))]
HOSTILE = [
    "1e999999999", "-1e999999999", "1e1", "NaN", ".nan", ".inf", "-.inf", "inf", "１０", "−5",
    "0.00000008", "-20", "0", "-0", "99999999999999999999999999999999999999999", "1,000,0",
    "≥", "≤5%以上", "%", "‰", "亿", "万元", "&a", "*a", "<<: *a", "!!python/object:os.system",
    "!!binary", "? ", "- ", ": ", "{", "[", "'", '"', "\\", "\t", "\x00", "\ufeff", "\u202e",
    "extends: ../x.yaml", "extends: /etc/passwd.yaml", "id: hubei-2022", "value: ", "source: x",
    "^10", "(actual/target)^10", "min(", "1/0", "weight * actual / target", "if", "then",
    "x" * 300, "9" * 40, "\n", "\n  ", "#", "---", "...", "%YAML 1.1", "=" * 3,
]  # fmt: skip


def mutated(seeds: list[str]) -> st.SearchStrategy[str]:
    """A seed with a few spans replaced by hostile tokens or random text."""
    token = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(seeds))
        for _ in range(draw(st.integers(1, 4))):
            if not text:
                break
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start, min(len(text), start + 40)))
            text = text[:start] + draw(token) + text[end:]
        return text

    return build()


TEXT = st.one_of(st.text(max_size=200), st.sampled_from(HOSTILE))
PIECES = [*HOSTILE, "1", "2", ".", ",", " ", "%", "≥", "以上", "亿条", "-"]
PRINTED = st.one_of(TEXT, st.builds("".join, st.lists(st.sampled_from(PIECES), max_size=8)))
FORMULA = st.one_of(
    TEXT,
    st.builds(" ".join, st.lists(st.sampled_from(["weight", "target", "actual", "*", "/", "+",
                                                  "-", "^", "10", "(", ")", "min", "max", ",",
                                                  "if", "then", "else", ">=", "and", "0",
                                                  "1e9", "abs", "not"]), max_size=30)),
)  # fmt: skip


def _csv_of(rows: list[list[str]]) -> bytes:
    header = "form_id,rulebook,budget,executed,level1,weight,op,target,actual,kind,reported_score\n"
    body = "".join(",".join(r) + "\n" for r in rows)
    return (header + body).encode()


CELL = st.one_of(st.sampled_from([*HOSTILE, "f", "hubei-2022", "central-2020", "100", "40",
                                  "产出指标", ">=", "完成"]), st.text(max_size=8))  # fmt: skip
CSV = st.one_of(
    st.binary(max_size=300),
    st.builds(_csv_of, st.lists(st.lists(CELL, min_size=0, max_size=13), max_size=6)),
)


def _parquet_of(rows: list[dict[str, str]], cut: int) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows or [{"form_id": "f"}]), sink)
    data = sink.getvalue()
    return data[: max(0, len(data) - cut)]


ROW = st.fixed_dictionaries({k: CELL for k in ("form_id", "rulebook", "budget", "executed",
                                               "level1", "weight", "target", "actual")})  # fmt: skip
PARQUET = st.one_of(st.binary(max_size=300),
                    st.builds(_parquet_of, st.lists(ROW, max_size=4), st.integers(0, 64)))  # fmt: skip

def _arrow_of(rows: list[dict[str, str]], cut: int) -> bytes:
    sink = pa.BufferOutputStream()
    table = pa.Table.from_pylist(rows or [{"form_id": "f"}])
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue().to_pybytes()
    return data[: max(0, len(data) - cut)]


ARROW = st.one_of(st.binary(max_size=300),
                  st.builds(_arrow_of, st.lists(ROW, max_size=4), st.integers(0, 64)))  # fmt: skip

def _seed_workbooks() -> list[bytes]:
    from scoring.pipeline.check import load_form
    from scoring.report.xlsx_forms import write_forms

    books = []
    with TemporaryDirectory() as folder:
        for i, yaml_path in enumerate(sorted((ROOT / "indicators" / "wuchang-bigdata-2022").glob("*.yaml"))):
            form, _ = load_form(yaml_path)
            path = Path(folder) / f"{i}.xlsx"
            write_forms([form], path)
            books.append(path.read_bytes())
    return books


SEED_WORKBOOKS = _seed_workbooks()


@st.composite
def _mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_WORKBOOKS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))]) if draw(st.booleans()) else bytes(data)


STRATEGIES = {
    "yaml_loader": st.one_of(TEXT, mutated(SEED_FORMS)),
    "form_loader": mutated(SEED_FORMS),
    "value_parser": PRINTED,
    "formula_parser": FORMULA,
    "rulebook_loader": mutated(SEED_RULEBOOKS),
    "batch_csv": CSV,
    "batch_parquet": PARQUET,
    "batch_arrow": ARROW,
    "excel_reader": st.one_of(st.binary(max_size=300), st.sampled_from(SEED_WORKBOOKS), _mangled()),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_target(name: str) -> None:
    @PROFILE
    @given(STRATEGIES[name])
    def run(value: str | bytes) -> None:
        TARGETS[name](value)  # type: ignore[operator]

    run()


@PROFILE
@given(st.lists(st.fixed_dictionaries({k: CELL for k in ("weight", "op", "target", "actual",
                                                          "kind", "grade", "reported_score",
                                                          "level1")}), min_size=1, max_size=5))  # fmt: skip
def test_batch_cells(cells: list[dict[str, str]]) -> None:
    batch_cells(cells)


def test_every_target_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(TARGETS)


# ---------------------------------------------------------------- regressions

CASES = sorted(p for p in REGRESSIONS.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", CASES, ids=[p.relative_to(REGRESSIONS).as_posix() for p in CASES])
def test_regression(path: Path) -> None:
    """Each case runs its target; a name starting ``refused-`` or ``read-`` also says which
    outcome is right (a silent wrong result is a case read that must be refused)."""
    target = TARGETS[path.parent.name]
    data = path.read_bytes()
    got = target(data if path.parent.name.startswith(("batch_", "excel_")) else data.decode("utf-8"))  # type: ignore[operator]
    for outcome in (READ, REFUSED):
        if path.name.startswith(f"{outcome}-"):
            assert got == outcome, path.name

"""Expected-result cases: a form and a rulebook, the numbers jixiao must compute for them, and
the complete list of findings it must raise (``jixiao test``, and the project's tests/cases/).

A case is a YAML file::

    about: 20 × 1736.1 ÷ 1960.42 = 17.71151…, so 17.71        # free text, for people
    form: forms/zhihui.yaml                                   # relative to the case's folder
    rulebook: hubei-2022                                      # a built-in id or a .yaml file
    expect:                                                   # any of these keys
      execution_rate: "88.56 %"
      execution_score: "17.71"
      indicators: ["20.00", "20.00"]
      subtotals: {产出指标: "60.00"}
      indicator_total: "80.00"
      total: "97.71"
      grade: 优
    findings:                                                 # the complete list
      - {code: EXEC_SCORE_MISMATCH, path: reported.execution_score, severity: warning,
         diagnosis: rounding-policy, stated: "17.72", computed: "17.71", says: "rounded"}

A case passes when every expected number is computed exactly as written, the findings raised
are exactly those listed (``code`` and ``path`` always compared; ``severity``, ``diagnosis``,
``stated`` and ``computed`` when given; ``says`` is a part of the message), and every number
the form prints is either reproduced or named by a finding — so a case cannot pass by leaving
a number out. Cases are read with the project's safe YAML reader: numbers stay as written, and
an unknown key is an error naming its file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.engine.sheet import IndicatorResult
from scoring.errors import InputError, JixiaoError, Location
from scoring.findings import Finding
from scoring.form.statement import Statement
from scoring.io.located import FieldPath, Located, format_path
from scoring.io.yamlsrc import read_yaml_file
from scoring.pipeline.check import FormReport, check_file
from scoring.rounding import pct
from scoring.rulebook.load import load_builtin, load_rulebook_file
from scoring.rulebook.model import Rulebook

__all__ = [
    "EXPECT_KEYS",
    "FINDING_KEYS",
    "Case",
    "CaseError",
    "CaseResult",
    "expand_cases",
    "load_case",
    "run_case",
    "run_cases",
]

CASE_KEYS = ("about", "form", "rulebook", "expect", "findings")
EXPECT_KEYS = (
    "execution_rate", "execution_score", "indicators", "subtotals", "indicator_total", "total",
    "grade",
)  # fmt: skip
"""The computed numbers a case may expect."""
FINDING_KEYS = ("code", "path", "severity", "diagnosis", "stated", "computed", "says")
"""What an expected finding may say; ``code`` and ``path`` are required."""
_COMPARED = ("code", "path", "severity", "diagnosis")
_SUFFIXES = (".yaml", ".yml")


class CaseError(InputError):
    """A case file that cannot be read: unknown key, wrong shape, or a form or rulebook it names
    that cannot be loaded."""


@dataclass(frozen=True)
class Case:
    """One expected-result case, read and checked for shape; paths already resolved."""

    file: str
    form: Path
    rulebook: str | Path | None
    expect: Mapping[str, Any]
    findings: tuple[Mapping[str, Any], ...]
    lines: Mapping[FieldPath, int] = field(repr=False, default_factory=dict)
    about: str | None = None

    def line_of(self, *path: str | int) -> int | None:
        """The line of a key of the case file."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key)


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: its differences, or why it could not be run."""

    file: str
    differences: tuple[str, ...] = ()
    error: str | None = None

    @property
    def status(self) -> str:
        """``pass``, ``fail`` (a difference) or ``error`` (the case could not be run)."""
        if self.error is not None:
            return "error"
        return "fail" if self.differences else "pass"


# ------------------------------------------------------------------------------ reading


def _fail(src: Located, path: FieldPath, problem: str, expected: str = "") -> CaseError:
    where = Location(src.file, src.line_of(path), format_path(path))
    return CaseError(location=where, problem=problem, expected=expected)


def _unknown(src: Located, data: Mapping[str, Any], allowed: Sequence[str], at: FieldPath) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(src, (*at, key), f"unknown key {key!r}", "one of " + ", ".join(allowed))


def _text(src: Located, value: Any, path: FieldPath) -> str:
    if not isinstance(value, str):
        raise _fail(src, path, f"expected text, got {value!r}", 'a value like "17.71"')
    return value


def _expect(src: Located, data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _fail(src, ("expect",), "expect must be a mapping", "keys " + ", ".join(EXPECT_KEYS))
    _unknown(src, data, EXPECT_KEYS, ("expect",))
    out: dict[str, Any] = {}
    for key, value in data.items():
        at: FieldPath = ("expect", key)
        if key == "indicators":
            if not isinstance(value, list):
                raise _fail(src, at, "expected a list of scores", '["20.00", "15.50"]')
            out[key] = [_text(src, v, (*at, i)) for i, v in enumerate(value)]
        elif key == "subtotals":
            if not isinstance(value, dict):
                raise _fail(src, at, "expected a mapping of level-1 block to score", "{产出指标: 60}")
            out[key] = {k: _text(src, v, (*at, k)) for k, v in value.items()}
        else:
            out[key] = _text(src, value, at)
    return out


def _findings(src: Located, data: Any) -> tuple[dict[str, Any], ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise _fail(src, ("findings",), "findings must be a list", "- {code: ..., path: ...}")
    out = []
    for i, spec in enumerate(data):
        at: FieldPath = ("findings", i)
        if not isinstance(spec, dict):
            raise _fail(src, at, "a finding must be a mapping", "{code: TOTAL_MISMATCH, path: ...}")
        _unknown(src, spec, FINDING_KEYS, at)
        for key in ("code", "path"):
            if key not in spec:
                raise _fail(src, at, f"an expected finding needs its {key}", f"`{key}: ...`")
        for key, value in spec.items():
            if not (key == "diagnosis" and value is None):  # `diagnosis: null`: none expected
                _text(src, value, (*at, key))
        out.append(dict(spec))
    return tuple(out)


def _resolve_rulebook(value: str, base: Path) -> str | Path:
    """A built-in id stays an id; a file name is taken relative to ``base``."""
    return base / value if value.endswith(_SUFFIXES) else value


def load_case(path: str | Path, root: str | Path | None = None) -> Case:
    """Read one case; its form and rulebook files resolve against ``root``, else its folder."""
    src = read_yaml_file(path, error=CaseError)
    data = src.data
    _unknown(src, data, CASE_KEYS, ())
    if "form" not in data:
        raise _fail(src, (), "a case needs `form:`, the form file it checks", "form: my-form.yaml")
    base = Path(root) if root is not None else Path(path).parent
    rulebook = data.get("rulebook")
    about = data.get("about")
    return Case(
        file=str(path),
        form=base / _text(src, data["form"], ("form",)),
        rulebook=None if rulebook is None else _resolve_rulebook(
            _text(src, rulebook, ("rulebook",)), base
        ),
        expect=_expect(src, data.get("expect")),
        findings=_findings(src, data.get("findings")),
        lines=src.lines,
        about=about if isinstance(about, str) else None,
    )


def expand_cases(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Case files as given, and every *.yaml / *.yml under each folder, sorted.

    In a folder, files that are forms (a top-level ``kind:``) or rulebooks (``formulas:``
    or ``extends:``) are left out, so cases may keep their forms beside them.
    """
    for p in map(Path, paths):
        if not p.is_dir():
            yield p
            continue
        for f in sorted(f for f in p.rglob("*") if f.suffix in _SUFFIXES and f.is_file()):
            if not _names_other_file_kind(f):
                yield f


def _names_other_file_kind(path: Path) -> bool:
    """A quick look at top-level keys: a form, reference or rulebook is not a case."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # reading it as a case will say what is wrong
    tops = {line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()}
    return bool(tops & {"kind", "formulas", "extends"})


# ------------------------------------------------------------------------------ running


NOT_COMPUTED = "not computed"
"""What a case expects for a number jixiao cannot compute from the printed cells."""


def _row(r: IndicatorResult) -> str:
    if r.role == "breakdown":
        return "其中"
    return str(r.score) if r.known else NOT_COMPUTED


def _computed(report: FormReport) -> dict[str, Any]:
    """What jixiao computes; a number it cannot compute from the printed cells is "not computed"."""
    sheet = report.sheet
    assert sheet is not None
    known = "execution" not in sheet.unknown
    total = "total" not in sheet.unknown
    return {
        "execution_rate": pct(sheet.execution_rate.exact) if known else NOT_COMPUTED,
        "execution_score": str(sheet.execution.value) if known else NOT_COMPUTED,
        "indicators": [_row(r) for r in sheet.indicators],
        "subtotals": {
            k: str(v.value) if f"level1:{k}" not in sheet.unknown else NOT_COMPUTED
            for k, v in sheet.subtotals.items()
        },
        "indicator_total": str(sheet.indicator_total.value) if total else NOT_COMPUTED,
        "total": str(sheet.total.value) if total else NOT_COMPUTED,
        "grade": sheet.grade if total else NOT_COMPUTED,
    }


def _compare_numbers(case: Case, report: FormReport) -> list[str]:
    computed = _computed(report)
    out = []
    for key, want in case.expect.items():
        got = computed[key]
        line = case.line_of("expect", key)
        if key == "indicators" and len(want) != len(got):
            out.append(f"expect.indicators (line {line}): expected {len(want)} rows, computed "
                       f"{len(got)}: {', '.join(got)}")  # fmt: skip
        elif key in ("indicators", "subtotals"):
            pairs = enumerate(want) if key == "indicators" else want.items()
            for k, w in pairs:
                g = got[k] if key == "indicators" else got.get(k, "none")
                if w != g:
                    shown = f"[{k}]" if key == "indicators" else f".{k}"
                    out.append(f"expect.{key}{shown} (line {line}): expected {w}, computed {g}")
        elif want != got:
            out.append(f"expect.{key} (line {line}): expected {want}, computed {got}")
    return out


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)


def _differs(f: Finding, spec: Mapping[str, Any]) -> list[str]:
    """How a finding differs from an expected one; empty when it matches."""
    out = [
        f"{key} {_shown(getattr(f, key)) or '—'}, expected {spec[key]}"
        for key in (*_COMPARED, "stated", "computed")
        if key in spec and _shown(getattr(f, key)) != _shown(spec[key])
    ]
    if "says" in spec and str(spec["says"]) not in f.message:
        out.append(f"message {f.message!r} does not say {spec['says']!r}")
    return out


def _compare_findings(case: Case, report: FormReport) -> list[str]:
    left = list(report.findings)
    out = []
    # the most specific expectations first, so a loose one cannot take another's finding
    order = sorted(range(len(case.findings)), key=lambda i: -len(case.findings[i]))
    for i in order:
        spec = case.findings[i]
        match = next((f for f in left if not _differs(f, spec)), None)
        if match is not None:
            left.remove(match)
            continue
        near = next((f for f in left if f.code == spec["code"] and f.path == spec["path"]), None)
        where = f"findings[{i}] (line {case.line_of('findings', i)})"
        if near is not None:
            left.remove(near)
            out.append(f"{where} {spec['code']} at {spec['path']}: " + "; ".join(_differs(near, spec)))
        else:
            out.append(f"{where}: no {spec['code']} at {spec['path']} was raised")
    for f in left:
        out.append(f"unexpected finding {f.code} at {f.path} ({f.severity}, diagnosis "
                   f"{f.diagnosis}): {f.message}")  # fmt: skip
    return out


def _stated_numbers(report: FormReport) -> Iterator[tuple[str, Any, Any]]:
    """(path, printed, computed) for every score-like number the form prints."""
    form, sheet = report.form, report.sheet
    assert form is not None and sheet is not None
    statements: list[tuple[FieldPath, Statement]] = [(("reported",), form.reported)]
    statements += [(("narrative", i), st) for i, st in enumerate(form.narrative)]
    unknown = sheet.unknown
    for where, st in statements:
        if st.execution_score is not None and "execution" not in unknown:
            yield format_path((*where, "execution_score")), st.execution_score, sheet.execution.value
        if st.total is not None and "total" not in unknown:
            yield format_path((*where, "total")), st.total, sheet.total.value
        for name, sub in st.level1.items():
            if sub.score is not None and f"level1:{name}" not in unknown:
                computed = sheet.subtotals[name].value if name in sheet.subtotals else None
                yield format_path((*where, "level1", name, "score")), sub.score, computed
    for r in sheet.indicators:
        ind = r.indicator
        if ind.reported_score is not None and r.known:
            covered = [x for x in sheet.indicators if ind.merged and x.indicator.merged == ind.merged]
            score = sum((x.score for x in covered), Decimal(0)) if covered else r.score
            yield f"indicators[{r.index}].reported_score", ind.reported_score, score


def _compare_printed(report: FormReport) -> list[str]:
    flagged = {f.path for f in report.findings}
    return [
        f"{path}: printed {printed.text}, computed {computed}, and no finding says why"
        for path, printed, computed in _stated_numbers(report)
        if path not in flagged and printed.value != computed
    ]


def _load_rulebook(spec: str | Path | None, cache: dict[str, Rulebook]) -> Rulebook | None:
    if spec is None:
        return None
    key = str(spec)
    if key not in cache:
        cache[key] = load_rulebook_file(spec) if isinstance(spec, Path) else load_builtin(spec)
    return cache[key]


def run_case(
    path: str | Path, root: str | Path | None = None, rulebooks: dict[str, Rulebook] | None = None
) -> CaseResult:
    """Read and run one case; ``rulebooks`` caches rulebooks across cases."""
    try:
        case = load_case(path, root)
        rb = _load_rulebook(case.rulebook, {} if rulebooks is None else rulebooks)
    except JixiaoError as exc:
        return CaseResult(str(path), error=str(exc))
    except OSError as exc:  # a rulebook file that is not there
        return CaseResult(str(path), error=f"cannot read {exc.filename}: {exc.strerror}")
    if not case.form.is_file():
        where = "--root" if root is not None else "the case's folder"
        return CaseResult(case.file, error=f"no form file {case.form} (line "
                          f"{case.line_of('form')}: form paths are relative to {where})")  # fmt: skip
    report = check_file(case.form, rb)
    if report.error is not None or report.sheet is None:
        why = "; ".join(report.error_lines()) or report.skipped or "not scored"
        return CaseResult(case.file, error=f"cannot check the form: {why}")
    found = _compare_numbers(case, report) + _compare_findings(case, report)
    return CaseResult(case.file, tuple(found + _compare_printed(report)))


def run_cases(paths: Iterable[str | Path], root: str | Path | None = None) -> list[CaseResult]:
    """Run every case under ``paths`` (files or folders), sharing loaded rulebooks."""
    cache: dict[str, Rulebook] = {}
    return [run_case(p, root, cache) for p in expand_cases(paths)]

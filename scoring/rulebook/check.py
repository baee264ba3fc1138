"""Checking what rulebook formulas claim: verdicts per property, proofs and their cache.

The claims themselves (domain, direction, met) are parsed by scoring/rulebook_claims.py, whose
public names are re-exported here. ``check_formula`` proves the claims with scoring/proofs.py,
which imports sympy: only ``jixiao rules check`` and the loading of a user's rulebook reach it,
and results are cached by content hash, so a rulebook once proved loads again without sympy.
Built-in rulebooks are proved by the test suite, not when loaded.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from scoring.errors import FormulaEvaluationError, Location, RulebookError
from scoring.formula import tree as et
from scoring.formula.evaluate import Formula
from scoring.formula.tree import Expr
from scoring.rulebook.claims import Claim

if TYPE_CHECKING:
    from scoring.io.located import Located
    from scoring.rulebook.model import Rulebook

__all__ = [
    "FormulaCheck",
    "Verdict",
    "cache_dir",
    "check_formula",
    "check_rulebook",
    "require_proofs",
]

# How one property of a claim came out.
Status = Literal["proved", "refuted", "unproved", "sampled"]

CACHE_VERSION = 1


# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Verdict:
    """One property of one claim: proved, refuted (with the counterexample), unproved or
    sampled (checked at sample points only)."""

    prop: str
    status: Status
    detail: str
    counterexample: Mapping[str, str] | None = None
    score: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"property": self.prop, "status": self.status, "detail": self.detail,
                "counterexample": dict(self.counterexample) if self.counterexample else None,
                "score": self.score}


@dataclass(frozen=True)
class FormulaCheck:
    """The verdicts on one claim of one formula of a rulebook."""

    rulebook: str
    name: str
    formula: str
    claim: Claim
    verdicts: tuple[Verdict, ...]
    cached: bool = False

    @property
    def refuted(self) -> tuple[Verdict, ...]:
        """The properties a counterexample breaks."""
        return tuple(v for v in self.verdicts if v.status == "refuted")


def _sample_values(claim: Claim, f: Formula, name: str) -> list[Fraction]:
    consts = {c.value for case in f.cases for part in (case.when, case.then) if part is not None
              for c in _nums(part)}
    _, lo, hi, positive = next(b for b in claim.bounds if b[0] == name)
    ends = [v for v in (lo, hi) if v is not None]
    raw = {Fraction(v) for v in (0, 1, 2, 3, 10, 100, -1)} | consts | {c + 1 for c in consts}
    raw |= {*ends, *(v + 1 for v in ends), *(v - 1 for v in ends)}
    return sorted(v for v in raw if (lo is None or v >= lo) and (hi is None or v <= hi)
                  and (not positive or v > 0))


def _nums(e: Expr) -> Iterator[et.Num]:
    if isinstance(e, et.Num):
        yield e
    for c in et.children(e):
        yield from _nums(c)


def _defined(f: Formula, claim: Claim) -> Verdict:
    """Every sample point inside the domain can be scored (no division by zero)."""
    names = f.inputs
    pools = [_sample_values(claim, f, n) for n in names]
    tried = 0
    for combo in itertools.product(*pools):
        point = dict(zip(names, combo, strict=True))
        tried += 1
        try:
            f.evaluate(point)
        except FormulaEvaluationError as err:
            shown = {k: str(v) for k, v in point.items()}
            return Verdict("defined", "refuted", f"{err} at {_fmt(shown)}", shown, None)
    return Verdict("defined", "sampled", f"no division by zero at {tried} sample points")


def _fmt(point: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in point.items())


def _prove(f: Formula, claim: Claim) -> tuple[tuple[Verdict, ...], bool]:
    """The verdicts, and whether they are final (False: the time budget ran out)."""
    from scoring.formula.budget import TimeLimit, run_within

    try:
        return run_within(lambda: _prove_now(f, claim)), True
    except TimeLimit as limit:
        props = ("non-negative", "bounded", "monotone", "full-when-met", "defined")
        return tuple(Verdict(p, "unproved", str(limit)) for p in props), False


def _prove_now(f: Formula, claim: Claim) -> tuple[Verdict, ...]:
    from scoring.formula import prove as proofs  # sympy is imported here, and only here
    from scoring.formula.counterexamples import Domain

    domain = Domain(
        {n: (lo, hi) for n, lo, hi, _ in claim.bounds},
        positive=frozenset(n for n, _, _, pos in claim.bounds if pos),
    )
    results = proofs.check_formula(f, domain, weight=claim.score_max, actual=claim.monotone_in,
                                   direction=claim.direction, met=claim.met)
    out = [Verdict(r.prop, r.status, r.detail,
                   {k: str(v) for k, v in r.counterexample.items()} if r.counterexample else None,
                   None if r.score is None else str(r.score)) for r in results]
    return (*out, _defined(f, claim))


# ---------------------------------------------------------------- cache


def cache_dir() -> Path:
    """Where proof results are kept: $JIXIAO_CACHE_DIR, else $XDG_CACHE_HOME/jixiao/proofs."""
    if os.environ.get("JIXIAO_CACHE_DIR"):
        return Path(os.environ["JIXIAO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao" / "proofs"


def _prover_digest() -> str:
    scoring = Path(__file__).parent.parent
    h = hashlib.sha256()
    for name in ("formula/prove.py", "formula/budget.py", "formula/counterexamples.py",
                 "formula/evaluate.py", "formula/tree.py", "formula/grammar.py",
                 "rulebook/claims.py", "rulebook/check.py"):
        h.update((scoring / name).read_bytes())
    return h.hexdigest()


def _key(f: Formula, claim: Claim) -> str:
    body = {
        "v": CACHE_VERSION,
        "prover": _prover_digest(),
        "inputs": list(f.inputs),
        "cases": [[None if c.when is None else et.to_text(c.when), et.to_text(c.then)]
                  for c in f.cases],
        "bounds": [[n, str(lo), str(hi), pos] for n, lo, hi, pos in claim.bounds],
        "claim": [claim.direction, et.to_text(claim.met), claim.score_max, claim.monotone_in],
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _cached(key: str) -> tuple[Verdict, ...] | None:
    try:
        data = json.loads((cache_dir() / f"{key}.json").read_text("utf-8"))
        return tuple(Verdict(d["property"], d["status"], d["detail"], d["counterexample"],
                             d["score"]) for d in data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(key: str, verdicts: Sequence[Verdict]) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps([v.to_dict() for v in verdicts], ensure_ascii=False), "utf-8")
        tmp.replace(folder / f"{key}.json")
    except OSError:
        pass  # an unwritable cache only costs the proof again next time


# ---------------------------------------------------------------- checking rulebooks


def check_formula(rb: Rulebook, name: str, *, use_cache: bool = True) -> list[FormulaCheck]:
    """The verdicts on every claim of one formula of a rulebook (cached by content hash)."""
    f = rb.formula(name)
    out = []
    for claim in rb.claims[name]:
        key = _key(f, claim)
        hit = _cached(key) if use_cache else None
        verdicts, final = (hit, True) if hit is not None else _prove(f, claim)
        if hit is None and use_cache and final:  # a time limit is not cached: more time may do
            _store(key, verdicts)
        out.append(FormulaCheck(rb.id, name, f.display(), claim, verdicts, hit is not None))
    return out


def check_rulebook(rb: Rulebook, *, use_cache: bool = True) -> list[FormulaCheck]:
    """The verdicts on every formula of a rulebook, in the order they are written."""
    return [c for name in rb.formulas for c in check_formula(rb, name, use_cache=use_cache)]


def require_proofs(rb: Rulebook, src: Located, builtins: Sequence[Rulebook] = ()) -> None:
    """Refuse a user's rulebook with a formula that a counterexample breaks.

    A formula written exactly as one of ``builtins`` is trusted: the test suite proves those.
    """
    for name in rb.formulas:
        spec = rb.formulas[name]
        if any(spec == b.formulas.get(name) for b in builtins):
            continue
        for check in check_formula(rb, name):
            if not check.refuted:
                continue
            v = check.refuted[0]
            where = "" if check.claim.region == 0 else f" (region {check.claim.region})"
            raise RulebookError(
                location=Location(src.file, src.line_of(("formulas", name)), f"formulas.{name}"),
                problem=f"formula {name!r} ({check.formula}) fails the {v.prop} property"
                f"{where}: {v.detail}",
                expected=f"a formula that stays within 0 and {check.claim.score_max}, is "
                f"{check.claim.direction} in {check.claim.monotone_in} and gives full "
                f"{check.claim.score_max} when {check.claim.met_text} "
                f"(jixiao rules check {src.file} shows every property)",
                example="if actual >= target then weight else weight * actual / target",
            )

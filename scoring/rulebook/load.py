"""Rulebooks: reading, compiling and choosing the rule sets forms are scored under.

A rulebook YAML (``scoring/rulebook/builtin/*.yaml``) is read with its parents merged in
(scoring/rulebook/extends.py), validated against the model (scoring/rulebook/model.py, whose
public names are re-exported here), and its formulas and claims compiled.
"""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path

from pydantic import ValidationError

from scoring.errors import FormulaError, Location, RulebookError
from scoring.formula.evaluate import Formula, build_formula
from scoring.io.located import Located, format_path
from scoring.io.textfile import read_text_file
from scoring.io.validation import validation_to_errors
from scoring.io.yamlsrc import read_yaml
from scoring.rulebook.check import require_proofs
from scoring.rulebook.claims import Claim, parse_claims
from scoring.rulebook.extends import (
    ParentReader,
    builtin_names,
    builtin_text,
    read_parent,
    resolve,
)
from scoring.rulebook.model import (
    FormulaSpec,
    Rulebook,
)
from scoring.rulebook.ranges import domain_problems

__all__ = [
    "builtin_ids",
    "load_builtin",
    "load_named_rulebook",
    "load_rulebook",
    "load_rulebook_file",
    "names_rulebook_file",
]

_AT_PATH = re.compile(r"(?:Value error, )?([A-Za-z_][\w.]*): (.*)", re.DOTALL)


def _cross_reference_error(exc: ValidationError, src: Located) -> RulebookError | None:
    """A whole-rulebook check that names its field (``execution.points.source: ...``), placed
    on that field's line rather than the top of the file."""
    errors = exc.errors()
    found = _AT_PATH.fullmatch(errors[0]["msg"]) if len(errors) == 1 else None
    if found is None or errors[0]["loc"]:
        return None
    where, problem = found.groups()
    line = src.line_of(tuple(int(p) if p.isdigit() else p for p in where.split(".")))
    return RulebookError(Location(src.file, line, where), problem, "a consistent rulebook")


def _claim_part(spec: FormulaSpec, text: str) -> tuple[str | int, ...] | None:
    """Which claim string a formula error is about: domain, met, or one of a region's."""
    for prefix, claim in [((), spec), *((("regions", i), r) for i, r in enumerate(spec.regions))]:
        for key in ("domain", "met"):
            if getattr(claim, key) == text:
                return (*prefix, key)
    return None


def _compile(rb: Rulebook, src: Located) -> Rulebook:
    compiled: dict[str, Formula] = {}
    claims: dict[str, tuple[Claim, ...]] = {}
    for name, spec in rb.formulas.items():
        part: tuple[str | int, ...] = ("expr",) if spec.expr is not None else ("cases",)
        try:
            compiled[name] = build_formula(name, spec.inputs, spec.case_list())
            part = ("domain",)
            claims[name] = parse_claims(name, spec)
        except FormulaError as exc:
            part = _claim_part(spec, exc.text) or part
            path = ("formulas", name, *part)
            problem = str(exc)
            if spec.expr is not None:  # one expression: there are no cases to number
                problem = problem.replace(f"{name} case 1 then: ", f"{name} expr: ", 1)
            raise RulebookError(
                location=Location(src.file, src.line_of(path), format_path(path)),
                problem=problem,
                expected="a formula in the rulebook grammar (README: the formula grammar)",
                example="actual >= 0" if part[-1] in ("domain", "met") else "weight * actual / target",
            ) from exc
    for where, problem in domain_problems(rb, claims):
        raise RulebookError(Location(src.file, src.line_of(tuple(where.split("."))), where),
                            problem, "a value inside the domain the formula declares")
    return rb.model_copy(update={"compiled": compiled, "claims": claims})


def load_rulebook(
    text: str, file: str, *, prove: bool = True, parents_anywhere: bool | None = None
) -> Rulebook:
    """Read, validate and compile a rulebook from YAML text, its parents merged in.

    With ``prove`` (the default for a user's rulebook) every formula not written exactly as a
    built-in one must survive its proofs (scoring/rulecheck.py; cached by content hash): a
    counterexample refuses the rulebook with a RulebookError that shows it.

    A file rulebook may not take a built-in rulebook's id. Its ``extends:`` may name a file
    only in its own folder or below, unless ``parents_anywhere`` (None: the environment
    variable ``JIXIAO_PARENTS_ANYWHERE=1``, which ``jixiao --parents-anywhere`` sets).
    """
    reader = partial(read_parent, anywhere=parents_anywhere)
    return _load(text, file, f"file:{Path(file).resolve()}", prove, reader)


def _load(
    text: str, file: str, identity: str, prove: bool, reader: ParentReader = read_parent
) -> Rulebook:
    src = resolve(read_yaml(text, file, error=RulebookError), identity, reader)
    try:
        rb = Rulebook.model_validate(src.data)
    except ValidationError as exc:
        raise _cross_reference_error(exc, src) or validation_to_errors(
            exc, src, Rulebook, error=RulebookError
        ) from exc
    if identity.startswith("file:") and rb.id in builtin_ids():
        raise RulebookError(
            location=Location(file, src.line_of(("id",)), "id"),
            problem=f"id {rb.id!r} is a built-in rulebook's; a rulebook of one's own needs its own id",
            expected=f"an id other than {', '.join(builtin_ids())}",
            example=f"id: {rb.id}-local",
        )
    if identity.startswith("file:"):
        rb._origin = file
    rb = _compile(rb, src)
    if prove:
        require_proofs(rb, src, [load_builtin(b) for b in builtin_ids()])
    return rb


def builtin_ids() -> list[str]:
    """Ids of the rulebooks shipped with jixiao."""
    return builtin_names()


@cache
def load_builtin(rulebook_id: str) -> Rulebook:
    """A shipped rulebook by id (cached)."""
    if rulebook_id not in builtin_ids():
        known = ", ".join(builtin_ids())
        raise RulebookError(
            location=Location("<rulebook>", None, "rulebook"),
            problem=f"unknown rulebook {rulebook_id!r}",
            expected=f"one of {known}",
            example="hubei-2022",
        )
    # shipped formulas are proved by the test suite and `jixiao rules check`: loading them on
    # the scoring path must not import sympy
    text = builtin_text(rulebook_id)
    return _load(text, f"rulebooks/{rulebook_id}.yaml", f"id:{rulebook_id}", prove=False)


def load_rulebook_file(
    path: str | Path, *, prove: bool = True, parents_anywhere: bool | None = None
) -> Rulebook:
    """A rulebook from a YAML file of the user's; its formulas must pass their proofs."""
    text = read_text_file(path, error=RulebookError)
    return load_rulebook(text, str(path), prove=prove, parents_anywhere=parents_anywhere)


def names_rulebook_file(value: str) -> bool:
    """Whether a ``--rulebook`` value names a rulebook file (.yaml, .yml or an existing file)
    rather than a built-in id."""
    return value.endswith((".yaml", ".yml")) or Path(value).is_file()


def load_named_rulebook(value: str | None) -> Rulebook | None:
    """The rulebook a ``--rulebook`` value names: a file of the user's, else a built-in id;
    None when no value is given."""
    if value is None:
        return None
    return load_rulebook_file(value) if names_rulebook_file(value) else load_builtin(value)

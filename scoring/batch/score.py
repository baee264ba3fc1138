"""``TableScorer``: a forms table in memory, indicator rows streamed in chunks, a row per form out.

Per chunk, rows are matched to their forms (``form_id``), read exactly, scored on columns by
scoring/batch/kernels.py and added into per-form integer totals, so a chunk's memory is freed
before the next is read and the order of rows does not matter. Forms whose rulebook the
column path cannot take are collected and scored per form by scoring/engine.py instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pyarrow as pa

from scoring.batch.columns import Codes, Numbers, codes, numbers, out_of_bounds, refused_cells
from scoring.batch.exact import Ints, Mask, plus
from scoring.batch.keep import Kept
from scoring.batch.kernels import (
    OP_ALIASES,
    SETTLED,
    Book,
    execution_units,
    formula_units,
    qualitative_units,
)
from scoring.batch.oracle import form_from_rows, undefined_scores_zero
from scoring.batch.output import matches, places, step_decimals
from scoring.batch.structure import Blocks
from scoring.batch.support import (
    Keys,
    Problems,
    add_at,
    ids_of,
    labels_of,
    put,
    steps_of,
    take_of,
)
from scoring.batch.words import formula_of_rows, grade_codes, readings
from scoring.engine.score import score
from scoring.errors import BatchError, JixiaoError
from scoring.rulebook.load import load_builtin
from scoring.rulebook.model import Rulebook, require_rulebook

__all__ = ["FORM_COLUMNS", "INDICATOR_COLUMNS", "SCORED_COLUMNS", "TableScorer", "score_tables"]

FORM_COLUMNS = ("form_id", "rulebook", "budget", "executed", "reported_total")
"""The columns of the forms table: one row per form."""
INDICATOR_COLUMNS = (
    "form_id", "level1", "level2", "name", "weight", "op", "target", "actual", "kind", "grade",
    "reported_score",
)  # fmt: skip
"""The columns of the indicators table: one row per indicator, ``form_id`` naming its form."""
SCORED_COLUMNS = (
    "form_id", "level1", "level2", "name", "weight", "op", "target", "actual", "kind", "grade",
    "reported_score",
)  # fmt: skip
"""The indicator columns scoring reads (the others only label rows)."""
KINDS = {"quantitative": 1, "qualitative": 2}


def _column(table: pa.Table | pa.RecordBatch, name: str) -> Any:
    return table.column(name) if name in table.schema.names else None


class TableScorer:
    """Scores the forms of one forms table from indicator chunks given to ``add``."""

    def __init__(self, forms: pa.Table, rulebook: Rulebook | None = None) -> None:
        require_rulebook(rulebook)
        for name in ("form_id", "budget", "executed"):
            if name not in forms.schema.names:
                raise BatchError(f"the forms table has no {name!r} column")
        self.forms = forms
        self.ids = ids_of(forms.column("form_id"))
        n = self.n = len(self.ids)
        self.keys = Keys(self.ids)
        if self.ids.null_count or np.any(self.keys.sorted[1:] == self.keys.sorted[:-1]):
            raise BatchError("form_id must be given once for every row of the forms table")
        self.failed = np.zeros(n, dtype=bool)
        self.errors: dict[int, str] = {}
        self.rows = np.zeros(n, dtype=np.int64)
        self.indicator_units: Ints = np.zeros(n, dtype=np.int64)
        self.execution: Ints = np.zeros(n, dtype=np.int64)
        self.orphans: dict[str, int] = {}
        self.seen = self.undefined = 0
        self.notes: list[str] = []
        self.pending: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.books: list[Book] = []
        self.book_of = self._assign_books(rulebook)
        self.blocks = Blocks(n)
        self.redo = np.zeros(n, dtype=bool)
        self.kept = Kept(n)
        self.again = False
        self.budget = numbers(_column(forms, "budget"), n, "budget")
        self.executed = numbers(_column(forms, "executed"), n, "executed")
        self.reported = numbers(_column(forms, "reported_total"), n, "reported_total")
        for what, col in (("budget", self.budget), ("executed", self.executed)):
            self._fail(~col.present, f"{what} is not a plain number such as 1730.62")
            self._fail(col.present & (col.ints < 0), f"{what} is negative")
            self._fail(out_of_bounds(col), f"{what} lies past the bounds of docs/limits.md")
        self._fail(out_of_bounds(self.reported), "reported_total lies past the bounds of docs/limits.md")
        for b, book in enumerate(self.books):
            rows = np.flatnonzero((self.book_of == b) & ~self.failed)
            units, bad = execution_units(book, self.budget.take(rows), self.executed.take(rows))
            self._fail_rows(rows[bad], "division by zero in the execution formula")
            self.execution = put(self.execution, rows, units)

    # -------------------------------------------------------------- forms and errors

    def _assign_books(self, override: Rulebook | None) -> np.ndarray:
        if override is not None:
            self._book(override)
            return np.zeros(self.n, dtype=np.int64)
        named = codes(_column(self.forms, "rulebook"), self.n)
        index = {}
        for label in named.labels:
            try:
                index[label] = self._book(load_builtin(label))
            except JixiaoError:
                index[label] = -1
        book_of = named.ints(index, -1, -1)
        self._fail(named.code < 0, "no rulebook: give a rulebook column or --rulebook")
        self._fail((named.code >= 0) & (book_of < 0), "unknown rulebook")
        return book_of

    def _book(self, rb: Rulebook) -> int:
        book = Book.of(rb)
        if book.fallback:
            self.notes.append(f"rulebook {rb.id}: scored per form (exact Decimal path): "
                              f"{book.fallback}")
        self.books.append(book)
        return len(self.books) - 1

    def reject(self, forms: Mask, message: str) -> None:
        """Leave these forms (a mask over the forms table) unscored, ``message`` saying why."""
        self._fail(forms, message)

    def _fail(self, mask: Mask, message: str) -> None:
        self._fail_rows(np.flatnonzero(mask), message)

    def _fail_rows(self, forms: np.ndarray, message: str | list[str]) -> None:
        """Mark forms failed, keeping the first message of each."""
        if len(forms) == 0:
            return
        for k, f in enumerate(forms.tolist()):
            if f not in self.errors:
                self.errors[f] = message if isinstance(message, str) else message[k]
        self.failed[forms] = True

    # -------------------------------------------------------------- indicator chunks

    def add(
        self, chunk: pa.RecordBatch | pa.Table, first_row: int = 0, per_row: bool = False,
        row_numbers: np.ndarray | None = None,
    ) -> pa.Table | None:
        """Score one chunk of indicator rows; with ``per_row``, return each row's score. Rows
        are numbered ``first_row`` + 1 on, or by ``row_numbers`` (in any order)."""
        n = len(chunk)
        self.seen += n
        if "form_id" not in chunk.schema.names:
            raise BatchError("the indicators table has no 'form_id' column")
        form = self.keys.find(chunk.column("form_id"))
        self._orphans(chunk.column("form_id"), form)
        book = np.where(form >= 0, self.book_of[np.maximum(form, 0)], -1)
        col = {name: _column(chunk, name) for name in SCORED_COLUMNS}
        weight = numbers(col["weight"], n, "weight")
        target, actual = numbers(col["target"], n, "target"), numbers(col["actual"], n, "actual")
        reported = numbers(col["reported_score"], n, "reported_score")
        kind = codes(col["kind"], n).ints(KINDS, 0, -1)
        problem = Problems(n)
        problem.set(~weight.present, "weight is not a plain number")
        problem.set(reported.text, "reported_score is not a plain number")
        problem.set(~(target.present | target.text) | ~(actual.present | actual.text),
                    "target and actual must not be empty")  # fmt: skip
        problem.set(kind < 0, "kind must be quantitative, qualitative or empty")
        problem.refuse(refused_cells(weight, target, actual, reported, col, n))
        units: Ints = np.zeros(n, dtype=np.int64)
        quantitative = (kind != KINDS["qualitative"]) & target.present & actual.present
        level1: Codes | None = None
        # rows of the books are disjoint: what one book's rows get wrong cannot touch another's
        alive = problem.ok() & ~self.failed[np.maximum(form, 0)]
        for b, bk in enumerate(self.books):
            rows = alive & (book == b) if len(self.books) > 1 else alive & (book >= 0)
            if bk.fallback:
                self._defer(chunk, np.flatnonzero(rows), form)
                continue
            if bk.structure is not None:
                level1 = level1 or codes(col["level1"], n)
                scored = np.flatnonzero(rows)
                self.blocks.add(level1, scored, form[scored], weight)
            q = rows & quantitative
            units = self._quantitative(bk, q, col, weight, target, actual, units, problem)
            ql = np.flatnonzero(rows & ~quantitative)  # quantitative problems are not theirs
            units = self._qualitative(bk, ql, col, weight, reported, units, problem)
        if row_numbers is None:
            row_numbers = np.arange(first_row + 1, first_row + n + 1, dtype=np.int64)
        self._collect(form, book, problem, units, row_numbers)
        self._keep(chunk, form, book)
        if not per_row:
            return None
        book = np.where(self.failed[np.maximum(form, 0)], -1, book)
        ids = ids_of(chunk.column("form_id"))
        return self._row_table(ids, first_row, quantitative, units, problem, book)

    def _quantitative(
        self, bk: Book, rows: Mask, col: dict[str, Any], weight: Numbers, target: Numbers,
        actual: Numbers, units: Ints, problem: Problems,
    ) -> Ints:  # fmt: skip
        if not rows.any():
            return units
        names = sorted(set(bk.ops.values()))
        which = formula_of_rows(bk.rb, col, rows, names, len(units))  # printed op, else words
        unknown = rows & (which < 0)
        problem.set(unknown, f"op must be one of {', '.join(sorted(set(OP_ALIASES)))} or empty")
        for i, name in enumerate(names):
            sel = np.flatnonzero(rows & (which == i))
            if len(sel) == 0:
                continue
            f = bk.rb.formula(name)
            u, bad = formula_units(f, weight.take(sel), target.take(sel), actual.take(sel), bk)
            if bad.any() and undefined_scores_zero():  # as the engine: 0, and a finding there
                u = np.where(bad, 0, u)
                self.undefined += int(bad.sum())
            else:
                problem.set(sel[bad], f"division by zero in formula {name!r}")
            units = put(units, sel, u)
        return units

    def _qualitative(
        self, bk: Book, sel: np.ndarray, col: dict[str, Any], weight: Numbers,
        reported: Numbers, units: Ints, problem: Problems,
    ) -> Ints:  # fmt: skip
        if len(sel) == 0:
            return units
        bands = {g: i for i, g in enumerate(bk.bands)}
        grade = grade_codes(take_of(col["grade"], sel), len(sel), bands)  # 達成 is 达成
        problem.set(sel[grade == -2], f"grade must be one of {', '.join(bk.bands)} or empty")
        how, words = np.full(len(sel), SETTLED, dtype=np.int64), np.flatnonzero(grade == -1)
        grade[words], how[words] = readings(bk.rb, col, sel[words], bands)
        u = qualitative_units(weight.take(sel), reported.take(sel), grade, how, bk)
        return put(units, sel, u)

    def _defer(self, chunk: pa.RecordBatch | pa.Table, rows: np.ndarray, form: np.ndarray) -> None:
        """Keep the rows of forms scored per form at the end (``finish``)."""
        if len(rows) == 0:
            return
        names = [c for c in INDICATOR_COLUMNS if c in chunk.schema.names]
        for r, row in zip(rows.tolist(), chunk.select(names).take(rows).to_pylist(), strict=True):
            self.pending[int(form[r])].append(row)

    def _keep(self, chunk: pa.RecordBatch | pa.Table, form: np.ndarray, book: np.ndarray) -> None:
        """Keep the rows of this chunk's forms whose level-1 blocks are off so far (keep.py)."""
        names = [c for c in INDICATOR_COLUMNS if c in chunk.schema.names]
        for b, bk in enumerate(self.books):
            if bk.structure is not None and not bk.fallback:
                here = self.kept.forms(form[(book == b) & (form >= 0)], self.failed)
                off = self.blocks.rescaled(bk.structure, bk.fallbacks, here)
                self.kept.keep(chunk, names, form, here[off])

    def _orphans(self, ids: Any, form: np.ndarray) -> None:
        lost = np.flatnonzero(form < 0)
        if len(lost):
            for name in ids.take(pa.array(lost[:5])).to_pylist():
                self.orphans[str(name)] = self.orphans.get(str(name), 0) + 1
            self.orphans["*"] = self.orphans.get("*", 0) + len(lost)

    def _collect(
        self, form: np.ndarray, book: np.ndarray, problem: Problems, units: Ints, numbers: np.ndarray
    ) -> None:
        known = (form >= 0) & (book >= 0)
        deferred = np.zeros(len(form), dtype=bool)
        for b, bk in enumerate(self.books):
            if bk.fallback:
                deferred |= book == b
        bad = np.flatnonzero(known & ~problem.ok())
        bad = bad[np.argsort(numbers[bad], kind="stable")]  # a form's first error: its first row
        messages = [f"indicator row {numbers[r]}: {problem.text(r)}" for r in bad.tolist()]
        self._fail_rows(form[bad], messages)
        good = known & ~deferred & problem.ok() & ~self.failed[np.maximum(form, 0)]
        self.indicator_units = add_at(self.indicator_units, form[good], units[good])
        np.add.at(self.rows, form[form >= 0], 1)  # every row of the form, scored or not

    def _row_table(
        self, ids: pa.Array, first: int, quantitative: Mask, units: Ints, problem: Problems,
        book: np.ndarray,
    ) -> pa.Table:  # fmt: skip
        """Each row's score (null where the row failed or its form is scored per form)."""
        scored = book >= 0
        for b, bk in enumerate(self.books):
            if bk.fallback:
                scored &= book != b
        scored &= problem.ok()
        problem.set(problem.ok() & (book < 0), "form not scored (see the forms output)")
        return pa.table(
            {
                "form_id": ids,
                "row": pa.array(np.arange(first + 1, first + len(ids) + 1, dtype=np.int64)),
                "kind": pa.array(np.where(quantitative, "quantitative", "qualitative")),
                "score": self._decimals(units, book, scored),
                "error": problem.column(),
            }
        )

    # -------------------------------------------------------------- results

    @property
    def scale(self) -> int:
        """Decimal places of the output numbers: enough for every rulebook's score step."""
        return places([b.step for b in self.books])

    def _decimals(self, units: Ints, book: np.ndarray, valid: Mask) -> pa.Array:
        return step_decimals(units, book, valid, [b.step for b in self.books], self.scale)

    def _score_deferred(self) -> None:
        for f, rows in sorted(self.pending.items()):
            if self.failed[f]:
                continue
            bk = self.books[int(self.book_of[f])]
            try:
                form = form_from_rows(self.forms.slice(f, 1).to_pylist()[0], rows, bk.rb.id)
                sheet = score(form, bk.rb)
            except (JixiaoError, ValueError, ArithmeticError) as exc:
                self._fail_rows(np.array([f]), f"{type(exc).__name__}: {exc}".splitlines()[0])
                continue
            step = bk.step
            self.execution = put(self.execution, np.array([f]), steps_of([sheet.execution.value], step))
            total = steps_of([sheet.indicator_total.value], step)
            self.indicator_units = put(self.indicator_units, np.array([f]), total)
            self.rows[f] = len(rows)

    def second_pass(self) -> bool:
        """After every chunk was added: whether forms need their rows again (``add_again``):
        forms weighing a level-1 block otherwise than their rulebook, which the engine scores
        (rescaling the block's rows), and whose rows were not all kept in the first pass."""
        if self.kept.used:
            return self.again
        for b, bk in enumerate(self.books):
            if bk.structure is None or bk.fallback:
                continue
            forms = np.flatnonzero((self.book_of == b) & ~self.failed)
            self.redo[forms[self.blocks.rescaled(bk.structure, bk.fallbacks, forms)]] = True
        if self.redo.any():
            self.notes.append(f"{int(self.redo.sum())} form(s) weigh a level-1 block otherwise "
                              "than their rulebook: scored per form (exact Decimal path)")
        done, self.kept.used = self.redo & self.kept.complete(self.rows), True
        for table, forms in self.kept.parts:
            self._defer(table, np.flatnonzero(done[forms]), forms)
        self.kept.parts, self.redo = [], self.redo & ~done
        self.again = bool(self.redo.any())
        return self.again

    def add_again(self, chunk: pa.RecordBatch | pa.Table) -> None:
        """Keep the rows of the forms ``second_pass`` named, to score them per form."""
        form = self.keys.find(chunk.column("form_id"))
        self._defer(chunk, np.flatnonzero(self.redo[np.maximum(form, 0)] & (form >= 0)), form)

    def finish(self) -> pa.Table:
        """The result table: one row per form (numbers null and ``error`` set where it failed)."""
        self.second_pass()
        unseen = [f for f in np.flatnonzero(self.redo & ~self.failed).tolist() if f not in self.pending]
        self._fail_rows(np.array(unseen, dtype=np.int64),
                        "a level-1 block needs rescaling: give its rows to add_again")
        self._score_deferred()
        self._fail(self.rows == 0, "no indicator rows")
        total = plus(self.execution, self.indicator_units)
        ok = ~self.failed
        grades: list[str] = []
        grade = np.full(self.n, -1, dtype=np.int64)
        for b, bk in enumerate(self.books):
            rows = (self.book_of == b) & ok
            for threshold, name in [(None, bk.default_grade), *bk.grades]:
                grades.append(name)
                grade[rows if threshold is None else rows & (total >= threshold)] = len(grades) - 1
        errors = np.full(self.n, None, dtype=object)
        errors[list(self.errors)] = list(self.errors.values())
        out = {
            "form_id": self.ids,
            "rulebook": labels_of(self.book_of, [bk.rb.id for bk in self.books]),
            "execution_score": self._decimals(self.execution, self.book_of, ok),
            "indicator_total": self._decimals(self.indicator_units, self.book_of, ok),
            "total": self._decimals(total, self.book_of, ok),
            "grade": labels_of(grade, grades),
            "indicators": pa.array(self.rows),
            "error": pa.array(errors, pa.string()),
        }
        if "reported_total" in self.forms.schema.names:
            out["total_matches"] = matches(self.reported, out["total"], ok, self.scale)
        if self.undefined:
            self.notes.append(f"{self.undefined} quantitative row(s) whose formula cannot take "
                              "their inputs (a division by zero) scored 0, as the engine does")
        if self.orphans:
            shown = ", ".join(k for k in self.orphans if k != "*")
            self.notes.append(f"{self.orphans['*']} indicator row(s) name a form_id missing from "
                              f"the forms table (e.g. {shown}); they are not scored")
        return pa.table(out)


def score_tables(
    forms: pa.Table,
    chunks: Callable[[], Iterable[pa.RecordBatch | pa.Table]],
    rulebook: Rulebook | None = None,
    per_row: Callable[[pa.Table], None] | None = None,
) -> tuple[pa.Table, TableScorer]:
    """Score a forms table and the indicator chunks ``chunks()`` yields (called twice when
    forms need a second pass); ``per_row`` receives each chunk's row scores."""
    scorer = TableScorer(forms, rulebook)
    first = 0
    for chunk in chunks():
        scores = scorer.add(chunk, first, per_row=per_row is not None)
        first += len(chunk)
        if per_row is not None and scores is not None:
            per_row(scores)
    if scorer.second_pass():
        for chunk in chunks():
            scorer.add_again(chunk)
    return scorer.finish(), scorer

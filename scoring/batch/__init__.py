"""Score tables of forms and indicators: millions of rows, exactly, on numpy integer columns.

Needs the ``batch`` extra (numpy, pyarrow); ``jixiao verify`` never imports this package.

Input: two tables, CSV, Parquet or Arrow IPC (Feather v2), usually ``forms.*`` and
``indicators.*`` in one folder. Numbers are plain decimals (``1730.62``, ``-3``, ``1,730.62``)
as text, or decimal/integer columns; float columns are refused (they cannot hold 0.1).

Forms table, one row per form (the funds block of the form):

=================  ========  ==================================================================
column             required  meaning
=================  ========  ==================================================================
form_id            yes       unique key, joins the indicator rows
rulebook           no        rulebook id (e.g. ``hubei-2022``); else ``--rulebook`` is needed
budget             yes       预算数 A in 万元, non-negative
executed           yes       执行数 B in 万元, non-negative
reported_total     no        the total the form prints; compared in ``total_matches``
=================  ========  ==================================================================

Indicators table, one row per indicator (any order; rows of a form need not be adjacent):

=================  ========  ==================================================================
form_id            yes       the form the row belongs to
level1             no        一级指标; matters under a rulebook fixing each block's points
                             (central-2020): a form weighing a block otherwise is rescaled
level2             no        二级指标 (label only)
name               no        三级指标 (label only)
weight             yes       the indicator's weight (指标分值)
op                 no        comparator of the target: ``>= > <= < =`` (also ``≥ ≤``);
                             empty: the rulebook's default (≥ under hubei-2022)
target             yes       年度指标值 as a plain number; text for a qualitative indicator
actual             yes       实际完成值 as a plain number, or text such as 完成
kind               no        ``quantitative`` / ``qualitative``; empty: quantitative when target
                             and actual are both numbers (a plain number with a unit such as
                             ``95%`` or ``3亿条`` is text here: convert it to a number first)
grade              no        达成 / 部分达成 / 未达成 for a qualitative row; empty: read from the
                             actual text through the rulebook's grade words (完成 → 达成)
reported_score     no        the evaluator's score of a qualitative row (kept within its band)
=================  ========  ==================================================================

Output: one row per form with ``execution_score``, ``indicator_total``, ``total`` (decimals at
the score step), ``grade``, ``indicators`` (the form's indicator rows), ``error`` (why a form was not scored;
its numbers are then null) and ``total_matches`` when ``reported_total`` is given; and, on
request, one row per indicator (``form_id``, ``row``, ``kind``, ``score``, ``error``); a row's
``score`` is on the form's own weight, before any rescaling of its level-1 block.

Every number equals what scoring/engine.py computes for the same form (tests/test_batch.py
checks random tables under every builtin rulebook, rounding ties included). Rows are scored on
columns by exact integer arithmetic (scoring/batch/exact.py). The engine itself scores, per
form, the forms the column path cannot take, and the run says so: those under a rulebook
whose totals add unrounded scores or whose rules it does not mirror, and those weighing a
level-1 block otherwise than their rulebook (read again in a second pass: ``score_tables``).
"""

from __future__ import annotations

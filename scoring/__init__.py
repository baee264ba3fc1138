"""jixiao: score and verify budget-performance self-evaluation forms (绩效自评表) exactly.

The pipeline is ``load → score → verify → render``; these names are the whole public API::

    import scoring
    report = scoring.check("indicators/wuchang-bigdata-2022/02-zhihui-wuchang-phase3.yaml")
    report.sheet.total.value      # Decimal('97.71'), with report.sheet.total as its trace
    report.findings               # what does not add up, each with its diagnosis
    report.to_dict()              # the JSON record (schemas/report.schema.json)

A form may be a path, YAML text, a mapping shaped as the form schema (numbers as int, str or
Decimal; floats are refused) or a ``Form``; a rulebook a built-in id, a file or a ``Rulebook``.
Everything else in the package is internal and may move.
"""

from scoring.api.calls import RollupReport, aggregate, check, score
from scoring.api.inputs import FormInput, RulebookInput
from scoring.engine.sheet import IndicatorResult, Policy, ScoreSheet
from scoring.errors import (
    AggregateError,
    BatchError,
    FormError,
    FormulaError,
    InputError,
    InputErrors,
    JixiaoError,
    Location,
    RulebookError,
    ValueParseError,
)
from scoring.findings import Finding, Severity
from scoring.form.funds import Funds
from scoring.form.model import Form, Indicator
from scoring.form.statement import Statement
from scoring.pipeline.check import FormReport, check_file, check_form, load_form, load_form_text
from scoring.rounding import RoundingMode, round_to_step
from scoring.rulebook.load import builtin_ids, load_builtin, load_rulebook, load_rulebook_file
from scoring.rulebook.model import Rulebook
from scoring.trace import Trace
from scoring.values import Printed, parse_printed
from scoring.verify.core import verify

__all__ = [
    "AggregateError",
    "BatchError",
    "Finding",
    "Form",
    "FormError",
    "FormInput",
    "FormReport",
    "FormulaError",
    "Funds",
    "Indicator",
    "IndicatorResult",
    "InputError",
    "InputErrors",
    "JixiaoError",
    "Location",
    "Policy",
    "Printed",
    "RollupReport",
    "RoundingMode",
    "Rulebook",
    "RulebookError",
    "RulebookInput",
    "ScoreSheet",
    "Severity",
    "Statement",
    "Trace",
    "ValueParseError",
    "aggregate",
    "builtin_ids",
    "check",
    "check_file",
    "check_form",
    "load_builtin",
    "load_form",
    "load_form_text",
    "load_rulebook",
    "load_rulebook_file",
    "parse_printed",
    "round_to_step",
    "score",
    "verify",
]

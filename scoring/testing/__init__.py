"""Tools for testing rulebooks and the software built on jixiao.

- ``scoring.testing.cases``: expected-result cases (form + rulebook → numbers and findings),
  as ``jixiao test`` runs them;
- ``scoring.testing.strategies``: hypothesis strategies for valid forms, printed values and
  rulebook variants (needs the ``testing`` extra: ``pip install 'jixiao[testing]'``).
"""

HYPOTHESIS_MISSING = (
    "scoring.testing.strategies needs hypothesis, which jixiao installs only on request: "
    "pip install 'jixiao[testing]' (or pip install hypothesis)"
)
"""The message of the ImportError raised when the strategies are imported without hypothesis."""

"""The documented limits on what jixiao reads (docs/limits.md, SECURITY.md).

Inputs past these bounds are refused with a clear error rather than read slowly, in huge
memory, or with digits lost to a Decimal context:

- a form or rulebook file: at most ``MAX_FILE_BYTES``; a form at most ``MAX_ROWS`` indicator
  rows (and an indicator as many parts), so that reading and checking one form stays within
  seconds;
- a number: at most ``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_FRACTION_DIGITS``
  after it (10¹⁵ 万元 is far beyond any budget; 10 decimals far finer than any printed rate).
  Sums of up to 10⁴ such numbers keep every digit in Python's 28-digit default context, and
  no exponent can make a conversion to an exact fraction run for ever.

A leaf module: it imports nothing of jixiao's.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "MAX_ROWS",
    "file_too_large",
    "number_problem",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest form or rulebook file read (2 MiB; the largest real form is a few kB)."""

MAX_ROWS = 1000
"""Indicator rows of one form, and parts of one indicator (a real form has a few dozen)."""

MAX_INTEGER_DIGITS = 15
"""Digits before the decimal point of any number read (below 10¹⁵)."""

MAX_FRACTION_DIGITS = 10
"""Digits after the decimal point of any number read."""


def number_problem(value: Decimal) -> str | None:
    """Why a number lies outside the documented bounds, or None if it is within them."""
    if not value.is_finite():
        return f"{value} is not a finite number"
    if value == 0:
        return None
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))  # 1.500 is 1.5
    fraction = max(0, -(exponent + zeros))
    integer = max(0, len(digits) + exponent)
    if integer > MAX_INTEGER_DIGITS:
        return (f"a number of {integer} digits is too large: at most {MAX_INTEGER_DIGITS} "
                "digits before the decimal point (docs/limits.md)")
    if fraction > MAX_FRACTION_DIGITS:
        return (f"number with {fraction} decimal places is too fine: at most "
                f"{MAX_FRACTION_DIGITS} after the decimal point (docs/limits.md)")
    return None


def file_too_large(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused, or None if it may be read."""
    if size <= MAX_FILE_BYTES:
        return None
    return (f"file of {size} bytes is larger than the limit of {MAX_FILE_BYTES} bytes "
            "(2 MiB; docs/limits.md)")

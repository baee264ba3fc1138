"""The exit codes of the ``jixiao`` command, defined once.

=====  ==========================================================================
code   meaning
=====  ==========================================================================
0      done; no error finding (warnings and info may be present)
1      an error finding: a number on a form contradicts the form's own numbers,
       or (``rules check``) a formula claim is refuted
2      unreadable input or bad usage: a file, rulebook or option could not be read
=====  ==========================================================================
"""

from __future__ import annotations

__all__ = ["EXIT_ERRORS", "EXIT_INVALID", "EXIT_OK"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_INVALID = 2

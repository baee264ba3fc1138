"""The exit codes of every ``jixiao`` command, defined once (docs/exit-codes.md).

=====  ==========================================================================
code   meaning
=====  ==========================================================================
0      done; no error finding (warnings and info may be present)
1      an error finding: a number on a form contradicts the form's own numbers,
       or (``rules check``) a formula claim is refuted
2      unreadable input or bad usage: a file, rulebook or option could not be read
70     internal error (a bug), reported in one line without a traceback
74     the output could not be written (standard output closed or full)
130    interrupted by Ctrl-C; a streamed output ends with a record saying so
141    the reader of the output went away (``jixiao verify … | head``), quietly
143    stopped by SIGTERM; workers stopped, a streamed output marked partial
=====  ==========================================================================

A leaf module: it imports nothing of jixiao's, so any command, the runner and tests can use it.
"""

from __future__ import annotations

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_ERRORS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_TERMINATED",
    "Terminated",
]

EXIT_OK = 0
"""Every input read and checked; no error finding (warnings and infos may be printed)."""

EXIT_ERRORS = 1
"""An error finding: a number on a form (or a roll-up, or a refuted rulebook claim) is wrong."""

EXIT_INVALID = 2
"""An input could not be read or is not valid, or the command line was wrong (usage)."""

EXIT_INTERNAL = 70
"""An unexpected failure inside jixiao (a bug): reported in one line, without a traceback."""

EXIT_OUTPUT = 74
"""The output could not be written: standard output closed, disk full, or another I/O error."""

EXIT_INTERRUPTED = 130
"""Interrupted by Ctrl-C (SIGINT, 128 + 2); a streamed output ends with a record saying so."""

EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (``jixiao verify … | head``; 128 + SIGPIPE 13): quiet."""

EXIT_TERMINATED = 143
"""Stopped by SIGTERM (128 + 15); worker processes are stopped too, output marked partial."""


class Terminated(BaseException):
    """Raised in the main thread when SIGTERM arrives, so that a run can stop its workers and
    mark its output partial before it exits with ``EXIT_TERMINATED``. Like KeyboardInterrupt it
    is not an ``Exception``: no ``except Exception`` swallows it."""

"""A one-line progress bar on stderr, shown only to a person watching a terminal.

Nothing is drawn when stderr is not a terminal, under CI (``CI`` set), with ``TERM=dumb``, or
when ``JIXIAO_PROGRESS=0``; so pipes, logs and CI output stay clean. It is a few lines of code
rather than a library, because an import costs more cold-start time than the bar is worth.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from scoring.i18n import Lang, ui

__all__ = ["Progress", "wanted"]


def wanted(stream: TextIO) -> bool:
    """Whether a progress bar should be drawn on ``stream``."""
    if os.environ.get("JIXIAO_PROGRESS", "") == "0" or os.environ.get("CI"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """``done/total`` with a bar, rate and time left, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True, lang: Lang = "en"):
        self.total, self.stream, self.enabled, self.lang = total, stream, enabled, lang
        self.done = 0
        self.start = self.last = time.monotonic()
        self.shown = False

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items as done and redraw if it is time."""
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last >= 0.1 or self.done >= self.total):
            self.last = now
            self.draw(now)

    def line(self, now: float) -> str:
        """The bar's text: ``[#####     ] 512/1000 forms  2,048/s  0:00:01 left``."""
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * 30)
        rate = self.done / max(now - self.start, 1e-9)
        left = int((self.total - self.done) / rate) if rate > 0 else 0
        return ui("progress.line", self.lang, bar="#" * filled + " " * (30 - filled),
                  done=self.done, total=self.total, rate=f"{rate:,.0f}",
                  left=f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}")  # fmt: skip

    def draw(self, now: float) -> None:
        """Write the bar over the current line."""
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the bar (before other output on the same terminal, and at the end)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

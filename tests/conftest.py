"""The suite's locale: English messages unless a test asks for another language.

Messages follow ``--lang`` or the locale (scoring/i18n); a test that reads a message must not
depend on the machine's ``LANG``. The tests of the languages themselves (tests/i18n) set the
locale of each command they run.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)

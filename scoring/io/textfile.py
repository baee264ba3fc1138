"""Read an input file as text, within the documented size limit (scoring/limits.py).

Every form, rulebook and reference file goes through ``read_text_file``: a file too large, not
readable (missing, a dangling symlink, no permission, a directory) or not UTF-8 is an
``InputError`` naming the file, never a traceback nor minutes of parsing.
"""

from __future__ import annotations

import os
import stat
import sys

from scoring.errors import FormError, InputError, Location
from scoring.limits import MAX_FILE_BYTES, file_too_large

__all__ = ["read_stdin_text", "read_text_file"]


def read_text_file(path: str | os.PathLike[str], *, error: type[InputError] = FormError) -> str:
    """The UTF-8 text of a file (BOM allowed); errors name the path as given."""
    file = os.fspath(path)
    try:
        raw = _read_regular(file, error)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise error(location=Location(file), problem=f"cannot read the file: {reason}") from None
    return _decode(raw, file, error)


def read_stdin_text(name: str, *, error: type[InputError] = FormError) -> str:
    """The UTF-8 text of standard input, within the same size limit, named ``name``."""
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    too_large = file_too_large(len(raw))
    if too_large:
        raise error(location=Location(name), problem=too_large.replace("file of", "input of more than"))
    return _decode(raw, name, error)


def _decode(raw: bytes, file: str, error: type[InputError]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(location=Location(file, line), problem="the file is not valid UTF-8") from None


def _read_regular(file: str, error: type[InputError]) -> bytes:
    # O_NONBLOCK: a FIFO or device named like a form must not block the run for ever
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(location=Location(file), problem="cannot read the file: not a regular file")
        too_large = file_too_large(info.st_size)
        if too_large:
            raise error(location=Location(file), problem=too_large)
        return handle.read(MAX_FILE_BYTES + 1)

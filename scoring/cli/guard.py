"""How a ``jixiao`` command ends when something outside it goes wrong: no traceback, a defined
exit code (scoring/exitcodes.py, docs/exit-codes.md) and one clear line on stderr.

- Ctrl-C exits 130 and SIGTERM 143; a streaming run has already ended its output with a record
  saying it is partial (scoring/cli/runner.py) and stopped its workers.
- A reader that goes away (``jixiao verify … | head``) ends the run quietly with 141.
- Standard output closed (``>&-``) or full (``> /dev/full``) is an error, 74, never output
  silently dropped.
- An error jixiao raises on purpose is printed as its message (2); anything else is an
  internal error, printed in one line (70).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from scoring.errors import JixiaoError, error_text
from scoring.exitcodes import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OUTPUT,
    EXIT_TERMINATED,
    Terminated,
)
from scoring.i18n import Lang, resolve_lang, ui
from scoring.i18n.phrases import localize

__all__ = ["command_lang", "guarded", "require_stdout", "sigterm_raises", "usage_errors"]

T = TypeVar("T")
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG})
_PASS_THROUGH = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


def _say(message: str) -> None:
    with suppress(OSError, ValueError, AttributeError):  # stderr gone too: the exit code says
        print(f"jixiao: {message}", file=sys.stderr, flush=True)


def _leave(code: int, message: str | None = None) -> NoReturn:
    if message:
        _say(message)
    raise SystemExit(code)


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def require_stdout() -> None:
    """Refuse to run with standard output closed: click would drop every line silently."""
    stream = sys.stdout
    if stream is None or stream.closed:
        _leave(EXIT_OUTPUT, "standard output is closed; nothing could be written")
    try:
        fd = stream.fileno()
    except Exception:  # a stream without a file descriptor (tests, embedding): fine
        return
    try:
        os.fstat(fd)
    except OSError:
        _leave(EXIT_OUTPUT, "standard output is closed; nothing could be written")


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """While inside, SIGTERM raises ``Terminated`` in the main thread (elsewhere: unchanged)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _output_failed(exc: OSError) -> NoReturn:
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        _silence_stdout()
        _leave(EXIT_BROKEN_PIPE)
    _silence_stdout()
    _leave(EXIT_OUTPUT, f"cannot write the output: {exc.strerror or exc}")


def guarded(run: Callable[[], T]) -> T:
    """Run a command and flush its output; turn what escapes it into an exit code and a line."""
    require_stdout()
    try:
        with sigterm_raises():
            try:
                result = run()
            except SystemExit:
                sys.stdout.flush()
                raise
            sys.stdout.flush()
            return result
    except _PASS_THROUGH:
        raise
    except KeyboardInterrupt:
        _leave(EXIT_INTERRUPTED, ui("guard.interrupted", command_lang()))
    except Terminated:
        _leave(EXIT_TERMINATED, ui("guard.terminated", command_lang()))
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRNOS or isinstance(exc, BrokenPipeError):
            _output_failed(exc)
        _leave(EXIT_INVALID, f"cannot read an input: {exc}")
    except JixiaoError as exc:
        _leave(EXIT_INVALID, error_text(exc, command_lang()))
    except RecursionError:
        _leave(EXIT_INVALID, "an input is nested too deeply to be read")
    except MemoryError:
        _leave(EXIT_INVALID, "an input is too large to be read in memory (docs/limits.md)")
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        _leave(EXIT_INTERNAL, ui("guard.internal", command_lang(), error=error))


def command_lang(argv: list[str] | None = None) -> Lang:
    """The language a command line asks for: its ``--lang``, else the locale."""
    args = sys.argv[1:] if argv is None else argv
    for i, a in enumerate(args):
        if a.startswith("--lang="):
            return resolve_lang(a.partition("=")[2])
        if a == "--lang" and i + 1 < len(args):
            return resolve_lang(args[i + 1])
    return resolve_lang(None)


def usage_errors(run: Callable[[bool], Any], argv: list[str]) -> Any:
    """Run click's ``main`` (``run(standalone)``) and say its usage errors (an unknown option,
    a missing file) in the language of the command line, as click would: the usage, a hint,
    the error; exit 2."""
    lang = command_lang(argv)
    if lang == "en":
        return run(True)
    try:
        value = run(False)
    except click.exceptions.UsageError as exc:
        ctx = exc.ctx
        if ctx is not None:
            usage = ctx.get_usage().removeprefix("Usage: ").replace("[OPTIONS]", "[选项]")
            click.echo(ui("usage.line", lang, usage=usage), err=True)
            click.echo(ui("usage.try", lang, command=ctx.command_path), err=True)
            click.echo("", err=True)
        click.echo(ui("usage.error", lang, message=localize(exc.format_message(), lang)), err=True)
        raise SystemExit(exc.exit_code) from None
    except click.exceptions.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except click.exceptions.Abort:
        click.echo(ui("guard.interrupted", lang), err=True)
        raise SystemExit(1) from None
    raise SystemExit(value if isinstance(value, int) else 0)

"""A time budget for the sympy prover: proofs run in a child process that is killed when the
budget is spent, and the claims it did not finish are reported "unproved (time limit)".

Why a process and not a bounded search inside this one: sympy gives no way to stop a
simplification or a solve half-way, and a signal-based timeout only works in the main thread
and cannot interrupt long stretches of C-level arithmetic; a child process can always be
killed, and its memory goes with it. The child is forked (every module already imported, so
it starts in milliseconds); where fork is unavailable the proof runs in this process without a
budget. The budget is ``PROOF_SECONDS`` per formula, ``JIXIAO_PROOF_SECONDS`` to change it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["PROOF_SECONDS", "TimeLimit", "proof_seconds", "run_within"]

T = TypeVar("T")

PROOF_SECONDS = 20.0
"""Seconds a formula's proofs may take before they are reported unproved (time limit)."""


class TimeLimit(Exception):
    """The budget ran out before the proofs finished."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"unproved (time limit): the proof took longer than {seconds:g} s")
        self.seconds = seconds


def proof_seconds() -> float:
    """The budget in force: ``JIXIAO_PROOF_SECONDS`` if set to a positive number, else the default."""
    try:
        value = float(os.environ.get("JIXIAO_PROOF_SECONDS", PROOF_SECONDS))
    except ValueError:
        return PROOF_SECONDS
    return value if 0 < value < float("inf") else PROOF_SECONDS


def _child(send: Connection, run: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it kills the child
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        send.send((True, run()))
    except BaseException as exc:  # sent back and raised in the parent as it would have been
        send.send((False, exc))
    finally:
        send.close()


def run_within(run: Callable[[], T], seconds: float | None = None) -> T:
    """``run()`` in a forked child, killed after ``seconds``: its result, its exception, or
    ``TimeLimit``."""
    seconds = proof_seconds() if seconds is None else seconds
    if "fork" not in multiprocessing.get_all_start_methods():
        return run()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, run), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise TimeLimit(seconds)
        try:
            ok, value = receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            raise RuntimeError("the prover process ended without a result") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if not ok:
        raise value
    result: T = value
    return result

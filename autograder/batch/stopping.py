"""Stopping a batch: on a signal, or when the course can take no more, with a summary.

``python -m autograder autograde`` may be stopped at any moment: Ctrl-C
(SIGINT), ``kill`` (SIGTERM), or a fault that every later submission would
meet too (the gradebook gone for good, the course's disk full). Either way
:class:`BatchStopped` travels up to :func:`~autograder.batch.run.autograde`,
which reports what was graded and what was not; nothing is half-recorded,
because recording a submission commits in one short step that a signal does
not interrupt (:meth:`Stopper.critical`; the signal then takes effect once
that submission's outcome is known, :meth:`Stopper.check`). ``kill -9`` interrupts anything, and
is covered by the recording's order of steps instead (``record.py``).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator


class BatchStopped(BaseException):
    """The batch stops here: a signal, or a fault every later submission would meet.

    A ``BaseException`` (like ``KeyboardInterrupt``), so that no ``except
    Exception`` on the way up (a grader's "report this submission and go on")
    swallows it.

    Parameters
    ----------
    reason : str
        For the summary: "stopped by SIGTERM", "the course's disk is full: ...".
    exit_status : int
        The command's exit status: 128 + the signal's number, or 1 for a fault.
    outcome : object, optional
        The submission that met the fault (an ``Outcome`` saying why it failed).
    """

    def __init__(self, reason: str, exit_status: int = 1, outcome=None) -> None:
        super().__init__(reason)
        self.reason, self.exit_status, self.outcome = reason, exit_status, outcome


class Stopper:
    """SIGINT and SIGTERM raise :class:`BatchStopped` in the main thread, except inside
    :meth:`critical`, where they wait until its end (milliseconds)."""

    def __init__(self) -> None:
        self._depth = 0
        self._pending: int | None = None
        self._stopping = False

    def _handle(self, signum: int, frame) -> None:
        if self._stopping:
            return  # a second Ctrl-C while stopping: already on it
        if self._depth:
            self._pending = signum
            return
        self._raise(signum)

    def _raise(self, signum: int) -> None:
        self._pending = signum
        self.check()

    def hold(self) -> None:
        """From now, a SIGINT or SIGTERM waits for :meth:`handling` to take it (at a
        process's start: the batch's own start-up is not interrupted by a stop it can
        answer a moment later)."""
        self._depth += 1
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._handle)
        _quiet_when_swallowed()

    @contextlib.contextmanager
    def handling(self) -> Iterator[None]:
        """While inside (in the main thread), SIGINT and SIGTERM stop the batch; one held
        before (:meth:`hold`) is taken by the first :meth:`check`."""
        if threading.current_thread() is not threading.main_thread():
            yield  # (signal handlers belong to the main thread; elsewhere nothing changes)
            return
        previous = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}
        _quiet_when_swallowed()
        held, self._depth = self._depth, 0
        if not held:
            self._pending, self._stopping = None, False
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            if held:  # the batch is over and the process ends: a late stop changes nothing
                self._stopping = True

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        """A step that must run to its end once begun (committing a record): a signal
        that comes meanwhile waits for :meth:`check`."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def check(self, outcome=None) -> None:
        """Stop now if a signal came during a critical step (``outcome``: what that step
        achieved, for the summary)."""
        if self._pending is not None and not self._depth:
            # The request stays until :meth:`stopped` takes it: a handler that raised
            # inside a callback Python cannot raise from (a garbage-collection hook of
            # the gradebook's driver) has its exception swallowed, so the next check
            # raises it again instead of the batch running on to a clean exit.
            self._stopping = True
            name = signal.Signals(self._pending).name
            raise BatchStopped(f"stopped by {name}", 128 + self._pending, outcome)

    def stopped(self) -> None:
        """The :class:`BatchStopped` was caught and is being answered: later checks (the
        clean-up's own records) go on."""
        self._pending = None


def _quiet_when_swallowed() -> None:
    """Python prints "Exception ignored in ..." with a traceback for an exception raised
    where it cannot propagate (a garbage-collection hook of the gradebook's driver, when
    the signal lands there). A :class:`BatchStopped` is not lost there (the next
    :meth:`Stopper.check` raises it again), so it is not printed; anything else is, as
    before. Nor is one that a library logs with its traceback on its way up (SQLAlchemy's
    pool logs whatever interrupts closing a connection, then raises it again)."""
    _drop_logged_stops()
    if getattr(sys.unraisablehook, "_autograder", False):
        return
    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        if not isinstance(unraisable.exc_value, BatchStopped):
            previous(unraisable)

    hook._autograder = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


class _DropStops(logging.Filter):
    """Drops a log record that carries a :class:`BatchStopped` (it is on its way up)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], BatchStopped))


def _drop_logged_stops() -> None:
    """Put :class:`_DropStops` on the handlers a library's error log reaches: Python's
    last-resort handler (where nothing configured logging, as in a batch) and the root
    logger's own."""
    for handler in [logging.lastResort, *logging.getLogger().handlers]:
        if handler is not None and not any(isinstance(f, _DropStops) for f in handler.filters):
            handler.addFilter(_DropStops())


#: This process's stopper (one main thread, one batch at a time).
STOPPER = Stopper()

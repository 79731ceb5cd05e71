"""The session: one student's notebook, live in a sandboxed process.

:class:`StudentProcess` runs the notebook's cells in a process of its own
(:class:`~autograder.sandbox.spawn.StudentChild`: cold or forked warm, under
the submission's :class:`~autograder.sandbox.limits.Limits`), then answers the
checks' calls, framed by :mod:`autograder.sandbox.protocol`, with wall-clock
deadlines per cell, per call and per submission.

A cell that kills or hangs the process costs only itself: the process is
killed, a fresh one replays the other cells, and grading goes on. A call that
does the same fails with a message and the next call gets a fresh process.
"""

from __future__ import annotations

import contextlib
import os
import select
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import protocol
from .isolation import Level, UidLease, detect, sandbox_python
from .limits import Limits, SandboxStartError, StudentError, as_error, name_limit
from .servers import ForkServers, default_servers
from .spawn import StudentChild

MAX_RESTARTS = 6
#: The time limit of each later call of a function once one of its calls ran past the
#: call time limit (StudentProcess.call_limit): far above what an answer on the checks'
#: small inputs needs, far below the call time limit.
AFTER_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Cell:
    """One code cell to run: a label for messages and its source."""

    label: str
    source: str


@dataclass
class CellOutcome:
    """What happened when a cell ran."""

    label: str
    ok: bool
    error: dict | None = None
    stdout: str = ""


@dataclass
class StudentProcess:
    """The student's notebook, live in a sandboxed process: the session.

    Use as a context manager; :meth:`run_cells` first, then :meth:`call` and
    :meth:`get`. Every method raises :class:`StudentError` for failures caused
    by student code; anything else is a bug in the grader. The process itself
    (started, killed) is a :class:`~autograder.sandbox.spawn.StudentChild`; a
    new one replaces it after a crash, and the cells that did not cause it are
    replayed.
    """

    cells: list[Cell]
    limits: Limits = field(default_factory=Limits)
    seed: int = 0
    python: str = field(default_factory=sandbox_python)
    level: Level | None = None  # None: the best this host allows
    cuda: bool = False  # give the sandbox the GPU's device nodes
    warm: bool = True  # fork from a warm fork server instead of a cold start
    servers: ForkServers | None = None  # those to fork from (None: this process's default)
    graded: frozenset[str] = frozenset()  # a cell's call of one of these: the call time limit

    def __post_init__(self) -> None:
        if self.level is None:
            self.level = detect().best
        self._lease: UidLease | None = None
        self.outcomes: dict[str, CellOutcome] = {}
        self.skipped: set[str] = set()  # cells that killed or hung the process
        self.restarts = 0
        self.incidents: list[str] = []  # limits hit and crashes, for the instructor's report
        self.timed_out: set[str] = set()  # functions that ran past a time limit (call_limit)
        self.deadline = time.monotonic() + self.limits.submission_timeout
        self._child: StudentChild | None = None  # the live process, if any
        self._last: StudentChild | None = None  # the last one (what it wrote to stderr)
        self._buffer = b""
        self._next_id = 0
        self._history: list[Cell] = []  # cells living in the current process

    # -- lifecycle ----------------------------------------------------------------
    def __enter__(self) -> StudentProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _spawn(self) -> None:
        self._kill()
        if self.level is Level.FULL and self._lease is None:
            self._lease = UidLease()
        servers = (self.servers or default_servers()) if self.warm else None
        self._child = self._last = StudentChild(
            self.level, self.limits, self.seed, self._lease, servers, self.python, self.cuda
        )
        self._buffer = b""
        try:
            ready = self._receive(self.limits.startup_timeout, what="starting Python")
        except StudentError as exc:  # no student code has run yet: this is on us
            raise SandboxStartError(
                f"the sandbox did not start: {exc.message}; "
                f"its stderr: {self._last.stderr_tail or '(empty)'}"
            ) from None
        if not ready.get("ready"):
            raise SandboxStartError("the sandbox did not say it was ready")

    def _kill(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.kill()

    def close(self) -> None:
        """Kill every process of the submission, remove its scratch, free its uid."""
        self._kill()
        if self._lease is not None:
            self._lease.release(clean=True)  # _kill left no process of its uid
            self._lease = None

    # -- messages -----------------------------------------------------------------
    def _receive(self, timeout: float, what: str, nominal: float | None = None) -> dict:
        """One message, within ``timeout`` s (``nominal``: the limit to name in messages)."""
        deadline = min(time.monotonic() + timeout, self.deadline)
        nominal = timeout if nominal is None else nominal
        header = self._read(4, deadline, what, nominal)
        try:
            size = protocol.frame_size(header)
        except protocol.ProtocolError:
            (size,) = struct.unpack(">I", header)
            self._kill()
            self.incidents.append(f"{what}: output limit (a reply of {size} bytes)")
            raise StudentError("output", "OutputTooLarge", f"a reply of {size} bytes") from None
        body = self._read(size, deadline, what, nominal)
        try:
            return protocol.parse_frame_body(body)
        except protocol.ProtocolError:
            self._kill()
            raise StudentError("protocol", message="the process sent garbage") from None

    def _read(self, size: int, deadline: float, what: str, timeout: float) -> bytes:
        while len(self._buffer) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                total = time.monotonic() >= self.deadline
                self._kill()
                limit = (
                    (
                        f"the time limit for the whole submission "
                        f"({self.limits.submission_timeout:g} s)"
                    )
                    if total
                    else f"its time limit ({timeout:g} s)"
                )
                self.incidents.append(
                    f"{what}: the time limit for the whole submission "
                    f"({self.limits.submission_timeout:g} s)"
                    if total
                    else f"{what}: time limit of {timeout:g} s"
                )
                raise StudentError("timeout", message=f"ran past {limit}")
            ready, _, _ = select.select([self._child.from_child], [], [], left)
            if ready:
                chunk = os.read(self._child.from_child, max(65536, size - len(self._buffer)))
                if not chunk:
                    self._child.wait()
                    reason = self._child.death_reason()
                    self._kill()
                    self.incidents.append(f"{what}: process died ({reason})")
                    raise StudentError("crashed", message=reason)
                self._buffer += chunk
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def _request(self, message: dict, timeout: float, what: str) -> dict:
        self._next_id += 1
        message["id"] = self._next_id
        try:
            protocol.write_frame(self._child.to_child, message)
        except (BrokenPipeError, OSError):
            self._kill()
            raise StudentError("crashed", message="the process had exited") from None
        # The worker's own alarm fires at `timeout`; give it a moment before killing.
        reply = self._receive(timeout + 2.0, what, nominal=timeout)
        if reply.get("id") != self._next_id:
            self._kill()
            raise StudentError("protocol", message="the process answered out of turn")
        return reply

    # -- running the notebook -----------------------------------------------------
    def run_cells(self) -> dict[str, CellOutcome]:
        """Run every cell once, in order; returns the outcome per cell label."""
        self._spawn()
        for cell in self.cells:
            try:
                self._ensure_live()
            except StudentError as exc:
                self.outcomes[cell.label] = CellOutcome(cell.label, False, as_error(exc))
                continue
            self.outcomes[cell.label] = self._exec(cell)
        return self.outcomes

    def _exec(self, cell: Cell) -> CellOutcome:
        """Run one cell; a cell that kills or hangs the process is never run again."""
        try:
            reply = self._request(
                {
                    "op": "exec",
                    "source": cell.source,
                    "label": cell.label,
                    "timeout": self.limits.cell_timeout,
                    "call_timeout": self.limits.call_timeout,
                    "graded": sorted(self.graded),
                },
                self.limits.cell_timeout,
                what=f"cell {cell.label}",
            )
        except StudentError as exc:
            self.skipped.add(cell.label)
            self._history = [c for c in self._history if c.label != cell.label]
            return CellOutcome(cell.label, False, as_error(exc))
        error = name_limit(reply.get("error"), self.limits)
        if isinstance(error, dict) and error.get("kind") == "limit":
            self.incidents.append(
                f"cell {cell.label}: {error['message'].removeprefix('it hit the ')}"
            )
        if isinstance(error, dict) and error.get("kind") == "timeout":
            self.skipped.add(cell.label)  # do not pay for it again on a replay
            if error.get("limit") == "call":  # its call of a graded function ran too long
                self.incidents.append(
                    f"cell {cell.label}: call time limit of {self.limits.call_timeout:g} s "
                    f"(its call of `{error.get('function')}`)"
                )
            else:
                self.incidents.append(
                    f"cell {cell.label}: cell time limit of {self.limits.cell_timeout:g} s"
                )
            if isinstance(error.get("function"), str):  # the function it hung in
                self.timed_out.add(error["function"])
        else:
            self._history.append(cell)
        return CellOutcome(
            cell.label, bool(reply.get("ok")), error, str(reply.get("stdout", ""))[: 80 * 1024]
        )

    def _ensure_live(self) -> None:
        """After a crash: a fresh process that replays the cells that did not cause it."""
        while self._child is None:
            if time.monotonic() >= self.deadline:
                raise StudentError(
                    "timeout",
                    message="ran past the time limit for the whole submission "
                    f"({self.limits.submission_timeout:g} s)",
                )
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                raise StudentError("crashed", message="it crashed the sandbox too many times")
            history, self._history = self._history, []
            self._spawn()
            for cell in history:
                self._exec(cell)
                if self._child is None:
                    break

    # -- asking for answers -------------------------------------------------------
    def _value(self, reply: dict, what: str = "a call", limit: str | None = None) -> Any:
        """The answer of a reply; ``what`` (the function, in backquotes) names its incidents,
        ``limit`` the time limit it ran under (default: the call time limit)."""
        error = name_limit(reply.get("error"), self.limits)
        if isinstance(error, dict) and error.get("kind") == "timeout":
            limit = limit or f"call time limit of {self.limits.call_timeout:g} s"
            self.incidents.append(f"{what}: {limit}")
        if isinstance(error, dict) and error.get("kind") == "limit":
            self.incidents.append(f"{what}: {error['message'].removeprefix('it hit the ')}")
        if not reply.get("ok"):
            raise StudentError.from_reply(error)
        if "changed" in reply:
            raise StudentError.from_changes(reply["changed"])
        return self._decode(reply.get("value"))

    @staticmethod
    def _decode(value: Any) -> Any:
        try:
            return protocol.decode(value, device_map=_grader_device)
        except (protocol.ProtocolError, KeyError, ValueError, TypeError) as exc:
            raise StudentError(
                "protocol", "BadValue", f"its answer could not be read: {exc}"
            ) from None

    def _call_message(
        self, name: str | protocol.RemoteCallable, args, kwargs, timeout: float | None = None
    ) -> tuple[dict, str]:
        message: dict = {
            "op": "call",
            "timeout": self.limits.call_timeout if timeout is None else timeout,
            "args": protocol.encode(list(args)),
            "kwargs": protocol.encode(dict(kwargs)),
        }
        if isinstance(name, protocol.RemoteCallable):
            message["handle"] = name.handle
            return message, f"the function returned by `{name.name}`"
        message["name"] = name
        return message, f"`{name}`"

    def call(self, name: str | protocol.RemoteCallable, *args: Any, **kwargs: Any) -> Any:
        """Call a student function (or a callable it returned) with plain-data arguments.

        Raises :class:`StudentError` of kind ``changed`` when the call changed
        an argument the contract protects (values, layout, dtype, device,
        ``requires_grad``, ``.grad``), whatever it returned.
        """
        return self._call(name, args, kwargs)[0]

    def _call(
        self, name: str | protocol.RemoteCallable, args, kwargs, **flags: bool
    ) -> tuple[Any, dict]:
        """One call of ``name`` under its time limit (:meth:`call_limit`); ``flags`` go
        to the worker (``again``: call twice, in twice the time; ``no_grad``).
        Returns the answer and the whole reply."""
        limit = self.call_limit(name)
        message, what = self._call_message(name, args, kwargs, limit)
        message.update({flag: True for flag, on in flags.items() if on})
        self._ensure_live()
        with self._noting_timeouts(name, limit):
            reply = self._request(message, 2 * limit if flags.get("again") else limit, what)
            return self._value(reply, what, self._limit_text(limit)), reply

    def call_limit(self, name: str | protocol.RemoteCallable) -> float:
        """The time limit of the next call of ``name``: the call time limit, or
        :data:`AFTER_TIMEOUT_S` once it has run past a time limit, in a call or in a cell
        that called it (:attr:`timed_out`; a function
        that hangs on every input then costs the limit once per submission, not once
        per check; one that hangs on some inputs still answers the others)."""
        limit = self.limits.call_timeout
        return min(limit, AFTER_TIMEOUT_S) if name in self.timed_out else limit

    def _limit_text(self, limit: float) -> str | None:
        """How an incident names the limit of a call made under ``limit``."""
        if limit >= self.limits.call_timeout:
            return None  # the call time limit, as usual
        return f"time limit of {limit:g} s, after it had run past a time limit"

    @contextlib.contextmanager
    def _noting_timeouts(self, name: str | protocol.RemoteCallable, limit: float) -> Iterator[None]:
        """Keep in :attr:`timed_out` the name of a function whose call runs past its time;
        a call under the shortened limit (:meth:`call_limit`) says so when it runs past it."""
        try:
            yield
        except StudentError as exc:
            if exc.kind == "timeout" and isinstance(name, str):
                self.timed_out.add(name)
                if limit < self.limits.call_timeout:  # (only call_limit shortens it)
                    raise StudentError(
                        "timeout",
                        message=f"ran past its time limit again (it had already run past a "
                        f"time limit, so each later call gets {limit:g} s)",
                    ) from None
            raise

    def call_within(
        self, seconds: float, purpose: str, name: str, *args: Any, **kwargs: Any
    ) -> Any:
        """:meth:`call` with a time limit of its own, at most the call time limit: for calls
        that score nothing (a feedback picture's) and share a budget of their own.

        ``purpose`` says what the call is for, in its incident ("`grad_descent` (for its
        feedback picture): time limit of 1.5 s") when it runs past ``seconds``.
        """
        seconds = max(round(min(seconds, self.limits.call_timeout), 2), 0.01)
        message, what = self._call_message(name, args, kwargs, seconds)
        what = f"{what} ({purpose})"
        self._ensure_live()
        reply = self._request(message, seconds, what)
        return self._value(reply, what, f"time limit of {seconds:.3g} s")

    def call_twice(self, name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        """Call ``name`` twice on the same argument objects (in the student process);
        returns both answers. State a first call leaves behind shows in the second."""
        first, reply = self._call(name, args, kwargs, again=True)
        return first, self._decode(reply.get("again"))

    def call_without_grad(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``name`` inside ``torch.no_grad()``, as the notebook's own tests do where a
        hand-written derivative must not lean on autograd."""
        return self._call(name, args, kwargs, no_grad=True)[0]

    def get(self, name: str) -> Any:
        """The value bound to ``name`` in the student's namespace, as plain data."""
        self._ensure_live()
        return self._value(self._request({"op": "get", "name": name}, 10.0, name), f"`{name}`")


def _grader_device(device: str) -> str:
    """Where a tensor the student returned lands in the grader (CUDA only if we have it)."""
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise protocol.ProtocolError("the student returned a CUDA tensor, but no GPU here")
    elif device != "cpu":
        raise protocol.ProtocolError(f"tensors on {device!r} are not accepted")
    return device

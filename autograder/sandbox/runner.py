"""Grader-side handle on one student's sandboxed process.

:class:`StudentProcess` starts the worker program in a fresh process, wrapped
for the isolation level in force (:mod:`autograder.sandbox.isolation`: its own
namespaces, a read-only system, an unprivileged uid per job), with a private
scratch directory as cwd and HOME, a cleared environment, resource limits
(address space, CPU time, processes, file size, open files, output bytes) and
wall-clock deadlines per cell, per call and per submission. It runs the
notebook's cells, then answers calls through :mod:`autograder.sandbox.protocol`.

A cell that kills or hangs the process costs only itself: the process is
killed, a fresh one replays the other cells, and grading goes on. A call that
does the same fails with a message and the next call gets a fresh process.
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import protocol
from .cgroups import SubmissionCgroup, memory_cgroups
from .isolation import (
    COLD_SCRATCH_PREFIX,
    SCRATCH_INSIDE,
    Level,
    UidLease,
    detect,
    kill_uid,
    reclaim_temporary_folders,
    sandbox_python,
    task_count,
    worker_path,
    wrap,
)
from .leftovers import owned_tempdir
from .warm import ForkServerError, WarmChild, fork_server

MAX_RESTARTS = 6
#: The time limit of each later call of a function once one of its calls ran past the
#: call time limit (StudentProcess.call_limit): far above what an answer on the checks'
#: small inputs needs, far below the call time limit.
AFTER_TIMEOUT_S = 1.0


class SandboxStartError(RuntimeError):
    """The sandbox itself could not start: a grader or host problem, not the student's."""


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission (all configurable through traitlets)."""

    cell_timeout: float = 30.0
    call_timeout: float = 10.0
    submission_timeout: float = 300.0
    startup_timeout: float = 60.0
    memory_mb: int = 4096
    cpu_seconds: int = 600
    processes: int = 64  # processes + threads of the sandbox uid
    file_size_mb: int = 64
    open_files: int = 256
    storage_mb: int = 256  # all its files together: /home/student, /tmp, /dev/shm
    storage_files: int = 16384  # how many files (and folders) they may hold

    def storage(self) -> dict[str, int]:
        """The size of the tmpfs that holds the files of one worker (``forkserver.py``)."""
        return {"bytes": self.storage_mb * 1024 * 1024, "inodes": self.storage_files}

    def cgroup_bytes(self) -> int:
        """The memory cgroup's limit: the memory of its processes plus its files, which
        live in memory (tmpfs) and are charged to it."""
        return (self.memory_mb + self.storage_mb) * 1024 * 1024


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


#: How each change to an argument is told, and the mistake it is (see worker.ArgumentGuard).
ARGUMENT_CHANGES = {
    "values": ("modified `{arg}` in place", "modified an input in place"),
    "shape": ("changed the shape of `{arg}` in place", "modified an input in place"),
    "strides": ("changed the memory layout of `{arg}` in place", "modified an input in place"),
    "dtype": ("changed the dtype of `{arg}` in place", "modified an input in place"),
    "device": ("moved `{arg}` to another device in place", "modified an input in place"),
    "requires_grad": (
        "left requires_grad=True on `{arg}`: work on a copy "
        "(`{arg}.detach().clone().requires_grad_(True)`), not on the caller's tensor",
        "left requires_grad on an input",
    ),
    "grad": (
        "left a .grad on `{arg}`: a second call on the same tensor gives a different answer "
        "(take gradients of a copy, or use torch.autograd.grad)",
        "left a .grad on an input",
    ),
    # what an answer may not be (the docstrings say "detached", "a new tensor")
    "attached": (
        "returned {arg} still attached to the autograd graph (requires_grad=True): "
        "return it detached (.detach())",
        "an answer still attached to the autograd graph",
    ),
    "alias": (
        "returned `{arg}` itself, or a view of its memory, as (part of) the answer: return a "
        "new tensor (.clone()), or the caller's `{arg}` changes whenever the answer does",
        "an input returned as the answer (the same memory)",
    ),
}


class StudentError(Exception):
    """Student code failed: raised, timed out, crashed, or a name is missing.

    Attributes
    ----------
    kind : str
        ``exception``, ``timeout``, ``crashed``, ``missing``, ``syntax``,
        ``output``, ``protocol``, or ``changed`` (the call changed an argument
        the contract protects, or its answer is one it forbids; ``changes``
        says which and how).
    type_name, message : str
        The exception's type and message as the student process reported them.
    line : int or None
        Line in the student's cell, where known.
    cell : str or None
        The label of the cell that line is in (a test cell can fail inside the
        student's function, on a line of the student's own cell).
    changes : list of (argument, change)
        For ``changed``: each argument and what changed (a key of
        :data:`ARGUMENT_CHANGES`).
    """

    def __init__(
        self,
        kind: str,
        type_name: str = "",
        message: str = "",
        line=None,
        changes: tuple[tuple[str, str], ...] = (),
        cell: str | None = None,
    ) -> None:
        self.kind, self.type_name, self.message, self.line = kind, type_name, message, line
        self.changes, self.cell = changes, cell
        super().__init__(self.describe())

    @classmethod
    def from_changes(cls, reported: object) -> StudentError:
        """The error for a reply's ``changed`` list (checked: it comes from the student side)."""
        changes = []
        for item in reported if isinstance(reported, list) else []:
            if not isinstance(item, dict) or item.get("change") not in ARGUMENT_CHANGES:
                continue
            arg = "".join(ch for ch in str(item.get("arg", "?"))[:60] if ch.isprintable())
            if (arg, item["change"]) not in changes:
                changes.append((arg, item["change"]))
        if not changes:
            changes = [("an argument", "values")]
        return cls("changed", "ArgumentChanged", "", changes=tuple(changes))

    @property
    def misconception(self) -> str | None:
        """The named mistake of a ``changed`` error (the first change reported)."""
        return ARGUMENT_CHANGES[self.changes[0][1]][1] if self.changes else None

    @classmethod
    def from_reply(cls, error: dict | None) -> StudentError:
        error = error if isinstance(error, dict) else {}
        line, cell = error.get("line"), error.get("cell")
        return cls(
            kind=str(error.get("kind", "exception")),
            type_name=str(error.get("type", ""))[:100],
            message=str(error.get("message", ""))[:500],
            line=line if isinstance(line, int) else None,
            cell=str(cell)[:100] if isinstance(cell, str) else None,
        )

    def describe(self, brief: bool = False) -> str:
        """A sentence for a student: what went wrong, without a traceback.

        ``brief`` leaves out the exception's own message: student code that raises at a
        hidden input could put that input into it.
        """
        if self.kind == "timeout":  # the message says which limit: "ran past its time limit (…)"
            return f"it {self.message or 'ran past its time limit (too slow, or an endless loop)'}"
        if self.kind == "crashed":
            hint = (
                " (sys.exit/os._exit are not allowed)"
                if "exited with status" in self.message
                else ""
            )
            # "it ...", as every other kind: callers drop the "it" after "Cell X"
            return f"it ended the Python process running your code ({self.message}){hint}"
        if self.kind in ("missing", "limit"):
            return self.message
        if self.kind == "changed":
            told = [ARGUMENT_CHANGES[change][0].format(arg=arg) for arg, change in self.changes]
            return "it " + "; it ".join(dict.fromkeys(told[:3]))
        where = f" (line {self.line} of your cell)" if self.line else ""
        text = f"{self.type_name}: {self.message}" if self.message and not brief else self.type_name
        return f"it raised {text}{where}"


def _limit_values(limits: Limits, nproc: int | None) -> dict[str, int]:
    """The rlimits of a student process, by name (``as`` is RLIMIT_AS, and so on)."""
    mb = 1024 * 1024
    values = {
        "as": limits.memory_mb * mb,
        "cpu": limits.cpu_seconds,
        "fsize": limits.file_size_mb * mb,
        "nofile": limits.open_files,
        "core": 0,
    }
    if nproc is not None:
        values["nproc"] = nproc
    return values


def _limit_child(limits: Limits, nproc: int | None, cgroup: int | None = None) -> None:
    """Runs in the child between fork and exec (inherited through bwrap and setpriv);
    ``cgroup``: a ``cgroup.procs`` descriptor of the memory cgroup to join first."""
    if cgroup is not None:
        os.write(cgroup, b"0")
    for name, value in _limit_values(limits, nproc).items():
        resource.setrlimit(getattr(resource, f"RLIMIT_{name.upper()}"), (value, value))


def _nproc_limit(level: Level, limits: Limits) -> int | None:
    """RLIMIT_NPROC counts every process of the real uid: a fresh uid at level full,
    the grader's own uid otherwise (so allow what it already runs). Root ignores it."""
    if level is Level.FULL:
        return limits.processes
    if os.geteuid() == 0:
        return None  # the kernel does not apply RLIMIT_NPROC to root
    return task_count(os.getuid()) + limits.processes


def server_environment(level: Level) -> dict[str, str]:
    """The fork server's environment (every worker it forks is given its own)."""
    return clean_environment(SCRATCH_INSIDE, "/tmp" if level > Level.PROCESS else SCRATCH_INSIDE, 0)


def clean_environment(home: str, tmp: str, seed: int) -> dict[str, str]:
    """The whole environment the student process gets: nothing inherited but CUDA's mask."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{tmp}/matplotlib",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "AUTOGRADER_STUDENT_SEED": str(seed),
    }
    if "CUDA_VISIBLE_DEVICES" in os.environ:
        env["CUDA_VISIBLE_DEVICES"] = os.environ["CUDA_VISIBLE_DEVICES"]
    return env


@dataclass
class StudentProcess:
    """The student's notebook, live in a sandboxed process.

    Use as a context manager; :meth:`run_cells` first, then :meth:`call` and
    :meth:`get`. Every method raises :class:`StudentError` for failures caused
    by student code; anything else is a bug in the grader.
    """

    cells: list[Cell]
    limits: Limits = field(default_factory=Limits)
    seed: int = 0
    python: str = field(default_factory=sandbox_python)
    level: Level | None = None  # None: the best this host allows
    cuda: bool = False  # give the sandbox the GPU's device nodes
    warm: bool = True  # fork from this grader's warm fork server instead of a cold start

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
        self._proc: subprocess.Popen | WarmChild | None = None
        self._buffer = b""
        self._next_id = 0
        self._history: list[Cell] = []  # cells living in the current process
        self._scratch: Path | None = None  # a host folder at level process only
        self._cgroup: SubmissionCgroup | None = None
        self._oom_kills = 0  # by the kernel, in this submission's memory cgroups so far
        self._stderr_file = None
        self._last_stderr = ""

    # -- lifecycle ----------------------------------------------------------------
    def __enter__(self) -> StudentProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _spawn(self) -> None:
        self._kill()
        self._stderr_file = tempfile.TemporaryFile()
        if self.level is Level.FULL and self._lease is None:
            self._lease = UidLease()
        uid = self._lease.uid if self._lease else None
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            support = memory_cgroups()
            if support.version is not None:
                self._cgroup = SubmissionCgroup(support, self.limits.cgroup_bytes())
            if self.warm:
                self._start_warm(uid, (to_child_r, from_child_w, self._stderr_file.fileno()))
            else:
                self._start_cold(uid, (to_child_r, from_child_w))
        except (ForkServerError, OSError) as exc:
            os.close(to_child_w)
            os.close(from_child_r)
            self._remove_cgroup()
            raise SandboxStartError(f"the sandbox did not start: {exc}") from None
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._to_child = os.fdopen(to_child_w, "wb")
        self._from_child = from_child_r
        self._buffer = b""
        try:
            ready = self._receive(self.limits.startup_timeout, what="starting Python")
        except StudentError as exc:  # no student code has run yet: this is on us
            raise SandboxStartError(
                f"the sandbox did not start: {exc.message}; "
                f"its stderr: {self._last_stderr or '(empty)'}"
            ) from None
        if not ready.get("ready"):
            raise SandboxStartError("the sandbox did not say it was ready")

    def _environment(self, scratch: Path | None) -> dict[str, str]:
        inside = self.level > Level.PROCESS
        home = SCRATCH_INSIDE if inside else str(scratch)
        return clean_environment(home, "/tmp" if inside else home, self.seed)

    def _start_cold(self, uid: int | None, fds: tuple[int, int]) -> None:
        """A new interpreter in a new sandbox (pays for Python and torch every time)."""
        if self.level is Level.PROCESS:  # (with namespaces its files live in a tmpfs)
            reclaim_temporary_folders()
            self._scratch = owned_tempdir(COLD_SCRATCH_PREFIX)
        argv = [self.python, "-I", worker_path(self.level), *map(str, fds)]
        nproc = _nproc_limit(self.level, self.limits)
        join = self._cgroup.procs if self._cgroup is not None else None
        storage = self.limits.storage()["bytes"]
        self._proc = subprocess.Popen(
            wrap(argv, self.level, self._scratch, uid=uid, cuda=self.cuda, storage=storage),
            pass_fds=fds,
            cwd=self._scratch or "/",
            env=self._environment(self._scratch),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr_file,
            start_new_session=True,
            preexec_fn=lambda: _limit_child(self.limits, nproc, join),
        )

    def _start_warm(self, uid: int | None, fds: tuple[int, int, int]) -> None:
        """A fork of the warm fork server, which isolates itself (``forkserver.py``)."""
        server = fork_server(self.level, self.cuda, server_environment(self.level))
        if self.level is Level.PROCESS:  # (with namespaces its files live in a tmpfs)
            self._scratch = server.new_scratch()
            self._scratch.chmod(0o700)
        self._proc = server.spawn(
            self._scratch,
            fds,
            env=self._environment(self._scratch),
            limits=_limit_values(self.limits, _nproc_limit(self.level, self.limits)),
            uid=uid,
            storage=self.limits.storage(),
            cgroup=self._cgroup.procs if self._cgroup is not None else None,
        )

    def _stderr_tail(self) -> str:
        if self._stderr_file is None:
            return ""
        self._stderr_file.seek(0, os.SEEK_END)
        size = self._stderr_file.tell()
        self._stderr_file.seek(max(0, size - 2000))
        return self._stderr_file.read().decode(errors="replace").strip()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        swept = False
        if isinstance(proc, WarmChild):
            # pid 1 of its own pid namespace at full and userns (or the helper whose death
            # kills it): when it dies the kernel kills all it started
            try:
                proc.kill()
                proc.wait()
            except ForkServerError:
                pass  # the server and its sandbox are gone, and every worker with them
        elif proc is not None:
            if self._lease is not None:
                # the worker and all it started first: bubblewrap then exits at once
                # (killed first, it would leave them dying, for us to wait on)
                kill_uid(self._lease.uid)
                swept = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        if proc is not None:
            self._to_child.close()
            os.close(self._from_child)
        if self._lease is not None and not swept:
            # none of the uid may remain to start one; usually none is left (one /proc scan)
            kill_uid(self._lease.uid)
        if self._stderr_file is not None:
            self._last_stderr = self._stderr_tail()  # kept for a start-up error message
            self._stderr_file.close()
            self._stderr_file = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
        self._remove_cgroup()

    def _remove_cgroup(self) -> None:
        """Remove the memory cgroup (its processes are gone), keeping its count of OOM kills."""
        cgroup, self._cgroup = self._cgroup, None
        if cgroup is not None:
            self._oom_kills += cgroup.oom_kills()
            cgroup.remove()

    def close(self) -> None:
        """Kill every process of the submission, remove its scratch, free its uid."""
        self._kill()
        if self._lease is not None:
            self._lease.release(clean=True)  # _kill left no process of its uid
            self._lease = None

    def _death_reason(self) -> str:
        proc = self._proc
        code = proc.poll() if proc else None
        if code is None:
            return "it was stopped"
        if code == -signal.SIGXCPU:
            return "it used up its CPU-time limit"
        if code == -signal.SIGKILL:
            if self._cgroup is not None and self._cgroup.oom_kills() > 0:
                mib = self.limits.memory_mb + self.limits.storage_mb
                return f"it hit the memory limit ({mib} MiB of memory and files together)"
            return "it was killed, most likely for using too much memory"
        if code == -signal.SIGXFSZ:
            return "it wrote a file larger than the limit"
        if code < 0:
            return f"it was ended by signal {signal.Signals(-code).name}"
        return f"it exited with status {code}"

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
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, max(65536, size - len(self._buffer)))
                if not chunk:
                    self._proc.wait()
                    reason = self._death_reason()
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
            protocol.write_frame(self._to_child, message)
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
                self.outcomes[cell.label] = CellOutcome(cell.label, False, _as_error(exc))
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
                },
                self.limits.cell_timeout,
                what=f"cell {cell.label}",
            )
        except StudentError as exc:
            self.skipped.add(cell.label)
            self._history = [c for c in self._history if c.label != cell.label]
            return CellOutcome(cell.label, False, _as_error(exc))
        error = name_limit(reply.get("error"), self.limits)
        if isinstance(error, dict) and error.get("kind") == "limit":
            self.incidents.append(
                f"cell {cell.label}: {error['message'].removeprefix('it hit the ')}"
            )
        if isinstance(error, dict) and error.get("kind") == "timeout":
            self.skipped.add(cell.label)  # do not pay for it again on a replay
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
        while self._proc is None:
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
                if self._proc is None:
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
        limit = self.call_limit(name)
        message, what = self._call_message(name, args, kwargs, limit)
        self._ensure_live()
        with self._noting_timeouts(name, limit):
            return self._value(self._request(message, limit, what), what, self._limit_text(limit))

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
        limit = self.call_limit(name)
        message, what = self._call_message(name, args, kwargs, limit)
        message["again"] = True
        self._ensure_live()
        with self._noting_timeouts(name, limit):
            reply = self._request(message, 2 * limit, what)
            first = self._value(reply, what, self._limit_text(limit))
        return first, self._decode(reply.get("again"))

    def call_without_grad(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``name`` inside ``torch.no_grad()``, as the notebook's own tests do where a
        hand-written derivative must not lean on autograd."""
        limit = self.call_limit(name)
        message, what = self._call_message(name, args, kwargs, limit)
        message["no_grad"] = True
        self._ensure_live()
        with self._noting_timeouts(name, limit):
            return self._value(self._request(message, limit, what), what, self._limit_text(limit))

    def get(self, name: str) -> Any:
        """The value bound to ``name`` in the student's namespace, as plain data."""
        self._ensure_live()
        return self._value(self._request({"op": "get", "name": name}, 10.0, name), f"`{name}`")


#: Errors the student process reports when it runs into a limit: (type, text) → limit.
_LIMIT_SIGNS = (
    ("MemoryError", "", "memory"),
    ("BlockingIOError", "Resource temporarily unavailable", "processes"),
    ("", "Too many open files", "open files"),
    ("", "File too large", "file size"),
    ("", "No space left on device", "disk"),
    ("", "Disk quota exceeded", "disk"),
)


def name_limit(error: dict | None, limits: Limits) -> dict | None:
    """Rewrite a worker error that is really a resource limit into a sentence naming it."""
    if not isinstance(error, dict):
        return error
    type_name, message = str(error.get("type", "")), str(error.get("message", ""))
    for sign_type, sign_text, limit in _LIMIT_SIGNS:
        if (not sign_type or type_name == sign_type) and sign_text in message:
            value = {
                "memory": f"{limits.memory_mb} MiB of memory",
                "processes": f"{limits.processes} processes and threads",
                "open files": f"{limits.open_files} open files",
                "file size": f"files of {limits.file_size_mb} MiB",
                "disk": f"{limits.storage_mb} MiB of files",
            }[limit]
            return {
                **error,
                "kind": "limit",
                "limit": limit,
                "message": f"it hit the {limit} limit ({value})",
            }
    return error


def _as_error(exc: StudentError) -> dict:
    return {"kind": exc.kind, "type": exc.type_name, "message": exc.message, "line": exc.line}


def _grader_device(device: str) -> str:
    """Where a tensor the student returned lands in the grader (CUDA only if we have it)."""
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise protocol.ProtocolError("the student returned a CUDA tensor, but no GPU here")
    elif device != "cpu":
        raise protocol.ProtocolError(f"tensors on {device!r} are not accepted")
    return device

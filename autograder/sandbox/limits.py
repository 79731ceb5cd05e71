"""Limits and their messages: what one submission may use, and how each breach is told.

:class:`Limits` holds the numbers (time, memory, processes, files, storage);
:func:`limit_values` and :func:`limit_child` turn them into the rlimits a
student process starts under. :class:`StudentError` is every failure that
student code causes, with :meth:`StudentError.describe` the sentence a
student reads; :func:`name_limit` rewrites an error that is really a
resource limit into one that names it, and :data:`ARGUMENT_CHANGES` words a
breach of the contract's argument rules (``worker.ArgumentGuard`` finds them).
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass

from .isolation import Level, task_count


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


def limit_values(limits: Limits, nproc: int | None) -> dict[str, int]:
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


def limit_child(limits: Limits, nproc: int | None, cgroup: int | None = None) -> None:
    """Runs in the child between fork and exec (inherited through bwrap and setpriv);
    ``cgroup``: a ``cgroup.procs`` descriptor of the memory cgroup to join first."""
    if cgroup is not None:
        os.write(cgroup, b"0")
    for name, value in limit_values(limits, nproc).items():
        resource.setrlimit(getattr(resource, f"RLIMIT_{name.upper()}"), (value, value))


def nproc_limit(level: Level, limits: Limits) -> int | None:
    """RLIMIT_NPROC counts every process of the real uid: a fresh uid at level full,
    the grader's own uid otherwise (so allow what it already runs). Root ignores it."""
    if level is Level.FULL:
        return limits.processes
    if os.geteuid() == 0:
        return None  # the kernel does not apply RLIMIT_NPROC to root
    return task_count(os.getuid()) + limits.processes


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


def as_error(exc: StudentError) -> dict:
    """``exc`` as plain data (what a cell's outcome keeps)."""
    return {"kind": exc.kind, "type": exc.type_name, "message": exc.message, "line": exc.line}

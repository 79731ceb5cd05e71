"""A memory cgroup per student process: its memory, tmpfs files included, has one cap.

RLIMIT_AS caps one process's address space; it does not see the pages of a
tmpfs (``/tmp``, ``/dev/shm``), of a ``memfd`` or of System V shared memory,
nor the sum over the processes a submission starts. The kernel's memory
controller charges all of those to the cgroup of the process that allocates
them. Where the host lets the grader make cgroups with that controller, every
student process is started in one of its own (:class:`SubmissionCgroup`),
limited to its memory plus its storage; when it goes over, the kernel's OOM
killer ends a process of that cgroup only.

Where the cgroups are made (:func:`memory_cgroups` finds out once per process):

cgroup v1 (a ``memory`` hierarchy, writable)
    below the grader's own memory cgroup, so any limit the operator set on the
    grader's service still covers its students;
cgroup v2 (the unified hierarchy with the ``memory`` controller, as root)
    below ``autograder/`` at the top of the hierarchy: a v2 cgroup that holds
    processes (the grader's own) may not have children with controllers, so
    the grader's own cgroup cannot be their parent.

Elsewhere (no writable hierarchy: an unprivileged grader, most containers)
there are none, and :attr:`CgroupSupport.detail` says why. The worker joins
its cgroup itself, by writing ``0`` to a ``cgroup.procs`` descriptor the
grader opened (``forkserver.py``; the kernel checks the opener's rights), before
it runs anything.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from .leftovers import owner_tag, reclaim

#: Name prefix of the cgroups made here (``<prefix><owner>-<n>``, see ``leftovers``).
PREFIX = "autograder-"
#: The parent made at the top of a cgroup v2 hierarchy.
V2_PARENT = "autograder"


@dataclass(frozen=True)
class CgroupSupport:
    """Whether per-process memory cgroups can be made here, and where.

    Attributes
    ----------
    version : int or None
        1 or 2; None when there are none.
    parent : Path or None
        The folder the per-process cgroups are made in.
    detail : str
        What was found (shown with the isolation level).
    """

    version: int | None
    parent: Path | None
    detail: str

    def describe(self) -> str:
        if self.version is None:
            return f"no memory cgroup ({self.detail})"
        return f"memory cgroup v{self.version} per submission ({self.detail})"


def _mounts(mountinfo: Path) -> list[tuple[str, str, set[str]]]:
    """(mount point, file system type, super options) of each mount."""
    found = []
    for line in mountinfo.read_text().splitlines():
        fields = line.split()
        dash = fields.index("-")
        point = fields[4].replace("\\040", " ")
        found.append((point, fields[dash + 1], set(fields[dash + 3].split(","))))
    return found


def find_memory_cgroups(
    mountinfo: Path = Path("/proc/self/mountinfo"),
    cgroup: Path = Path("/proc/self/cgroup"),
    root: bool | None = None,
) -> CgroupSupport:
    """Where this process may make memory cgroups (without making any: see :func:`probe`)."""
    root = os.geteuid() == 0 if root is None else root
    try:
        mounts = _mounts(mountinfo)
        membership = [line.split(":", 2) for line in cgroup.read_text().splitlines()]
    except (OSError, ValueError, IndexError) as exc:
        return CgroupSupport(None, None, f"cannot read the process's cgroups: {exc}")
    for point, fstype, options in mounts:
        if fstype == "cgroup" and "memory" in options:
            own = next((p for _, c, p in membership if "memory" in c.split(",")), None)
            if own is None:
                return CgroupSupport(None, None, "this process is in no cgroup v1 memory group")
            parent = Path(point + own.rstrip("/"))
            if not os.access(parent, os.W_OK):
                return CgroupSupport(None, None, f"cgroup v1 memory: {parent} is not writable")
            return CgroupSupport(1, parent, f"below {parent}")
    for point, fstype, _ in mounts:
        if fstype != "cgroup2":
            continue
        try:
            controllers = (Path(point) / "cgroup.controllers").read_text().split()
        except OSError:
            continue
        if "memory" not in controllers:
            continue
        if not root:
            return CgroupSupport(None, None, "cgroup v2: making memory cgroups needs root")
        if not os.access(point, os.W_OK):
            return CgroupSupport(None, None, f"cgroup v2: {point} is read-only")
        return CgroupSupport(2, Path(point) / V2_PARENT, f"below {Path(point) / V2_PARENT}")
    return CgroupSupport(
        None, None, "no cgroup hierarchy with the memory controller (cgroup v2 here has none)"
    )


def _prepare_v2(parent: Path) -> None:
    """``autograder/`` at the top of the hierarchy, with the memory controller for its children."""
    top = parent.parent
    if "memory" not in (top / "cgroup.subtree_control").read_text().split():
        (top / "cgroup.subtree_control").write_text("+memory")
    parent.mkdir(exist_ok=True)
    if "memory" not in (parent / "cgroup.subtree_control").read_text().split():
        (parent / "cgroup.subtree_control").write_text("+memory")


def remove_orphan(path: Path, wait_s: float = 2.0) -> None:
    """Remove the cgroup of a grader that is gone. What still runs in it is that grader's
    student processes, which die with it but may not have died yet (a batch killed with
    ``kill -9`` and started again at once): they are killed, and the removal waits for
    them for up to ``wait_s``. Raises ``OSError`` if it is still busy after that."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            path.rmdir()
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                raise
        try:
            pids = (path / "cgroup.procs").read_text().split()
        except OSError:
            pids = []
        for pid in pids:
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.02)


def reclaim_orphans(support: CgroupSupport | None = None) -> None:
    """Remove the cgroups left by graders that are gone, where this host has them (without
    the trial of :func:`memory_cgroups`: a batch calls this before it knows it will grade).
    What cannot be removed yet is left for a later grader."""
    support = support or find_memory_cgroups()
    if support.version is not None:
        reclaim(PREFIX, support.parent, remove=remove_orphan)


@functools.lru_cache(maxsize=1)
def memory_cgroups() -> CgroupSupport:
    """This host's :class:`CgroupSupport`, tried once per process: a cgroup is made, a
    forked child joins it the way a worker will, and it is removed again. Cgroups
    left by graders that were killed are removed first."""
    support = find_memory_cgroups()
    if support.version is None:
        return support
    try:
        if support.version == 2:
            _prepare_v2(support.parent)
        reclaim_orphans(support)
        trial = SubmissionCgroup(support, 64 * 1024 * 1024)
        try:
            joined = _join_in_child(trial.procs)
        finally:
            trial.remove()
    except OSError as exc:
        return CgroupSupport(None, None, f"cgroup v{support.version}: {exc}")
    if not joined:
        return CgroupSupport(None, None, f"cgroup v{support.version}: a process could not join")
    return support


def _join_in_child(procs_fd: int) -> bool:
    """Whether a forked child can move itself into the cgroup of ``procs_fd``."""
    pid = os.fork()
    if pid == 0:  # only system calls here, then out
        try:
            os.write(procs_fd, b"0")
        except OSError:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


_COUNTER = itertools.count(1)


class SubmissionCgroup:
    """One student process's memory cgroup, made before it starts and removed after.

    Parameters
    ----------
    support : CgroupSupport
        Where to make it (:func:`memory_cgroups`).
    limit_bytes : int
        Its memory limit: anonymous memory, page cache and tmpfs pages together;
        swap is not allowed to stretch it.
    """

    def __init__(self, support: CgroupSupport, limit_bytes: int) -> None:
        self.version = support.version
        self.path = support.parent / f"{PREFIX}{owner_tag()}-{next(_COUNTER)}"
        self.path.mkdir()
        try:
            if self.version == 1:
                (self.path / "memory.limit_in_bytes").write_text(str(limit_bytes))
                _write_if_there(self.path / "memory.memsw.limit_in_bytes", str(limit_bytes))
            else:
                (self.path / "memory.max").write_text(str(limit_bytes))
                _write_if_there(self.path / "memory.swap.max", "0")
                _write_if_there(self.path / "memory.oom.group", "1")  # the whole job goes
            #: write ``0`` here to join (the kernel checks the opener's rights, ours)
            self.procs = os.open(self.path / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC)
        except BaseException:
            self.path.rmdir()
            raise

    def oom_kills(self) -> int:
        """How many processes the kernel killed here for going over the limit."""
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        try:
            for line in (self.path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def remove(self) -> None:
        """Remove it once its processes are gone (they are being killed by the caller)."""
        if self.procs is not None:
            os.close(self.procs)
            self.procs = None
        pause = 0.001
        deadline = time.monotonic() + 2.0
        while True:
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                if time.monotonic() > deadline:
                    return  # a process still leaving: a later grader reclaims it
                time.sleep(pause)
                pause = min(2 * pause, 0.05)


def _write_if_there(path: Path, value: str) -> None:
    """Set an optional control file (swap accounting, for one, may be compiled out)."""
    try:
        path.write_text(value)
    except OSError:
        pass

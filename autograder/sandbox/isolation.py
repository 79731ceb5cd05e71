"""Isolation levels: what this host allows, and the command that wraps a student process.

Three levels, strongest first (``shared/SANDBOX_NOTES.md`` has the measurements):

``full``     root + bubblewrap: new pid, network, ipc, uts (and cgroup) namespaces; a
             read-only view of only what Python needs; a private scratch as HOME and
             a private ``/tmp``; then ``setpriv`` drops to an unprivileged uid that is
             distinct per concurrent job, with no capabilities and no new privileges.
``userns``   an unprivileged grader with user namespaces: the same namespaces and
             read-only view through ``bwrap --unshare-user``; the student runs as the
             grader's own uid (no distinct uid per job, but its own pid namespace, so it
             can neither see nor signal other jobs).
``process``  neither: a separate process with rlimits, a cleared environment and a
             scratch directory, but the host's filesystem view and network.

:func:`detect` finds the best level here; :func:`select_level` enforces the
operator's minimum; :func:`wrap` builds the command line.
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import os
import shutil
import signal
import site
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from .leftovers import reclaim

#: uids handed to concurrent jobs at level ``full`` (one lease each).
UID_BASE, UID_COUNT = 61000, 1000
SCRATCH_INSIDE = "/home/student"
SCRATCHES_INSIDE = "/run/scratches"  # a fork server's view of its workers' scratch directories
#: Host folders a grader makes in the temporary folder (named by their owner, see
#: ``leftovers``): a fork server's scratch root, a cold-started worker's scratch.
SCRATCH_PREFIX, COLD_SCRATCH_PREFIX = "autograder-warm-", "autograder-scratch-"
RUNTIME_INSIDE = "/run/autograder"
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "nsswitch.conf",
    "passwd",
    "group",
)

FIXES = {
    "no-bwrap": "install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`)",
    "no-setpriv": "install util-linux's setpriv (Debian/Ubuntu: `sudo apt-get install util-linux`)",
    "userns": (
        "unprivileged user namespaces are refused. On Ubuntu >= 23.10 / GitHub's "
        "ubuntu-24.04 runners: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` "
        "(or use ubuntu-22.04, or run the grader as root: `sudo -E .venv/bin/python -m "
        "autograder ...` gives level full). In Docker/Podman: run the grading container with "
        "`--security-opt seccomp=unconfined --security-opt apparmor=unconfined` (or "
        "`--privileged` on a dedicated grading host); on Debian < 11: "
        "`sudo sysctl -w kernel.unprivileged_userns_clone=1`"
    ),
}


class Level(IntEnum):
    """Isolation strength; compare with ``<`` / ``>=``."""

    PROCESS = 0
    USERNS = 1
    FULL = 2

    @classmethod
    def parse(cls, name: str) -> Level:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(
                f"unknown isolation level {name!r}; use full, userns or process"
            ) from None

    def describe(self) -> str:
        return {
            Level.FULL: "full (bubblewrap namespaces, read-only system, no network, "
            "distinct unprivileged uid per job)",
            Level.USERNS: "userns (bubblewrap in a user namespace, read-only system, no network, "
            "own pid space; the grader's own uid)",
            Level.PROCESS: "process (separate process with limits and a cleared environment; "
            "NO filesystem or network isolation)",
        }[self]


class IsolationUnavailable(RuntimeError):
    """The host cannot give the isolation level the operator asked for."""


@dataclass(frozen=True)
class HostSupport:
    """What :func:`detect` found."""

    best: Level
    detail: str  # why this is the best level here
    fix: str  # how to get the next level up ("" at full)


def _bwrap_base(level: Level) -> list[str]:
    base = [
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
    ]
    if level is Level.USERNS:
        base.insert(0, "--unshare-user")
    return base


def _probe(cmd: list[str]) -> tuple[bool, str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return proc.returncode == 0, (proc.stderr or proc.stdout).strip()[-300:]


@functools.lru_cache(maxsize=1)
def detect() -> HostSupport:
    """The strongest level this host allows, by trying it once (cached per process)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return HostSupport(Level.PROCESS, "bubblewrap (bwrap) is not installed", FIXES["no-bwrap"])
    root_fs = ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            return HostSupport(Level.PROCESS, "setpriv is missing", FIXES["no-setpriv"])
        ok, err = _probe(
            [
                bwrap,
                *_bwrap_base(Level.FULL),
                *root_fs,
                setpriv,
                f"--reuid={UID_BASE}",
                f"--regid={UID_BASE}",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--no-new-privs",
                "--",
                "/bin/true",
            ]
        )
        if ok:
            return HostSupport(Level.FULL, "root with bubblewrap and setpriv", "")
        detail = f"bubblewrap as root failed: {err}"
    else:
        detail = "not root (level full needs root to drop to per-job uids)"
    ok, err = _probe([bwrap, *_bwrap_base(Level.USERNS), *root_fs, "/bin/true"])
    if ok:
        return HostSupport(
            Level.USERNS, detail + "; user namespaces work", "run the grader as root for level full"
        )
    return HostSupport(Level.PROCESS, f"{detail}; user namespaces failed: {err}", FIXES["userns"])


def select_level(required: str | Level, allow_weaker: bool = False) -> Level:
    """The level to grade at: the best available, refusing one below ``required``.

    Raises
    ------
    IsolationUnavailable
        When the host's best level is weaker than ``required`` and the operator
        did not pass ``allow_weaker`` (``--allow-weaker-isolation``).
    """
    required = required if isinstance(required, Level) else Level.parse(required)
    support = detect()
    if support.best >= required or allow_weaker:
        return support.best
    raise IsolationUnavailable(
        f"this host only allows isolation level '{support.best.name.lower()}' "
        f"({support.detail}), but '{required.name.lower()}' is required. "
        f"Fix: {support.fix}. Or accept the weaker level explicitly with "
        "--allow-weaker-isolation (c.Grader.allow_weaker_isolation = True)."
    )


# --------------------------------------------------------------------------- uid leases
class UidLease:
    """An unprivileged uid held by one job at a time (a lock file per uid).

    Locks live in a root-owned directory; a crashed grader's locks are released
    by the kernel with its file descriptors. Leftover processes of the uid (from
    a grader that was killed) are killed before the uid is handed out again:
    the lock file says whether its last holder left the uid without processes
    (``clean``), and only when it does not is ``/proc`` searched for them.
    """

    def __init__(self, lock_dir: Path | None = None) -> None:
        lock_dir = lock_dir or Path(tempfile.gettempdir()) / "autograder-uids"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        for offset in range(UID_COUNT):
            uid = UID_BASE + offset
            fd = os.open(lock_dir / f"{uid}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            if os.pread(fd, len(CLEAN), 0) != CLEAN:
                kill_uid(uid)
            os.pwrite(fd, b"in use", 0)  # until released: a crash leaves it so
            return
        raise IsolationUnavailable(f"all {UID_COUNT} sandbox uids are in use")

    def release(self, clean: bool = False) -> None:
        """Hand the uid back (``clean``: the caller has just seen it run no process)."""
        if not clean:
            kill_uid(self.uid)
        os.pwrite(self._fd, CLEAN, 0)
        os.close(self._fd)


#: What a lock file holds while its uid is free and runs no process.
CLEAN = b"clean\n"


def processes_of_uid(uid: int, zombies: bool = True) -> list[int]:
    """Pids whose real uid is ``uid`` (reads /proc). ``zombies=False`` leaves out those
    that have ended and wait to be reaped (an orphan's new parent, a container's init,
    may be slow to do it): they run nothing and no signal reaches them."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fd = os.open(f"/proc/{entry}/status", os.O_RDONLY)
        except OSError:
            continue
        try:
            status = os.read(fd, 4096)  # "Uid:" is near the top
        except OSError:
            continue
        finally:
            os.close(fd)
        start = status.find(b"\nUid:\t")
        if start < 0 or int(status[start + 6 :].split(None, 1)[0]) != uid:
            continue
        if not zombies and b"\nState:\tZ" in status[:start]:
            continue
        pids.append(int(entry))
    return pids


def task_count(uid: int) -> int:
    """Processes plus threads of ``uid``: what RLIMIT_NPROC counts."""
    total = 0
    for pid in processes_of_uid(uid):
        try:
            with open(f"/proc/{pid}/status") as fh:
                total += next(int(ln.split()[1]) for ln in fh if ln.startswith("Threads:"))
        except (OSError, StopIteration):
            continue
    return total


def kill_uid(uid: int, timeout: float = 5.0) -> None:
    """SIGKILL every process of ``uid`` (only ever a sandbox uid) and wait until all are gone."""
    assert UID_BASE <= uid < UID_BASE + UID_COUNT
    deadline = time.monotonic() + timeout
    pause = 0.001  # a killed process is usually gone (reaped) within a millisecond or two
    while pids := processes_of_uid(uid, zombies=False):
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes of sandbox uid {uid} survive SIGKILL: {pids[:10]}")
        time.sleep(pause)
        pause = min(2 * pause, 0.02)


# --------------------------------------------------------------------------- the command
RUNTIME_FILES = ("worker.py", "protocol.py", "forkserver.py")


@functools.lru_cache(maxsize=1)
def runtime_dir() -> Path:
    """A copy of the worker programs (worker, protocol, fork server), readable by all.

    The student process runs this copy, so it never needs, or sees, the
    ``autograder`` package with its checks and references.

    The folder is named by this user and the programs' digest, so every grader
    of one version shares one copy and a killed grader leaves nothing new
    behind. It is made under a temporary name and renamed into place (atomic,
    so concurrent graders never see half a copy), and used only if it is ours,
    writable by nobody else and holds exactly these programs; otherwise (say
    another user took the name first) this process makes a private copy and
    removes it at exit.
    """
    here = Path(__file__).parent
    programs = {name: (here / name).read_bytes() for name in RUNTIME_FILES}
    digest = hashlib.sha256()
    for name, data in programs.items():
        digest.update(name.encode() + b"\0" + data)
    name = f"autograder-runtime-{os.getuid()}-{digest.hexdigest()[:16]}"
    folder = Path(tempfile.gettempdir()) / name
    if not _holds(folder, programs):
        staging = _copy_programs(programs, prefix=f"{folder.name}.")
        try:
            staging.rename(folder)
        except OSError:  # another grader was first (or the name is taken)
            shutil.rmtree(staging, ignore_errors=True)
    if _holds(folder, programs):
        return folder
    private, owner = _copy_programs(programs, prefix="autograder-runtime-"), os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(private, ignore_errors=True))
    return private


def _copy_programs(programs: dict[str, bytes], prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    for name, data in programs.items():
        (folder / name).write_bytes(data)
        (folder / name).chmod(0o644)
    folder.chmod(0o755)
    return folder


def _holds(folder: Path, programs: dict[str, bytes]) -> bool:
    """Whether ``folder`` is a real directory of ours, writable only by us, holding ``programs``."""
    try:
        for entry in (folder, *(folder / name for name in programs)):
            info = entry.lstat()  # a symlink is refused, not followed
            if info.st_uid != os.getuid() or info.st_mode & 0o022 or stat.S_ISLNK(info.st_mode):
                return False
        return sorted(os.listdir(folder)) == sorted(programs) and all(
            (folder / name).read_bytes() == data for name, data in programs.items()
        )
    except OSError:
        return False


@functools.lru_cache(maxsize=1)
def reclaim_temporary_folders() -> None:
    """Remove the scratch folders that killed graders left in the temporary folder
    (once per process: see ``leftovers``)."""
    for prefix in (SCRATCH_PREFIX, COLD_SCRATCH_PREFIX):
        reclaim(prefix)


def sandbox_python() -> str:
    """This interpreter's path with symlinked directories resolved, so it exists in the sandbox.

    The file itself is not resolved: a venv's ``bin/python`` must stay inside the
    venv for Python to find ``pyvenv.cfg`` (and so its packages).
    """
    exe, prefix = Path(sys.executable), Path(sys.prefix)
    try:
        return str(prefix.resolve() / exe.relative_to(prefix))
    except ValueError:
        return str(exe.parent.resolve() / exe.name)


def python_roots(python: str = sys.executable) -> list[Path]:
    """Directories the interpreter and its packages live in (bound read-only)."""
    roots = {
        Path(sys.base_prefix).resolve(),
        Path(sys.prefix).resolve(),
        Path(python).resolve().parent.parent,
    }
    for p in site.getsitepackages():
        roots.add(Path(p).resolve())
    # keep only the outermost directories, and nothing that /usr already covers
    roots = {r for r in roots if not any(o != r and o in r.parents for o in roots)}
    return sorted(r for r in roots if r != Path("/usr") and Path("/usr") not in r.parents)


def _hidden_paths(bound: list[Path]) -> list[Path]:
    """The grader's own package, when an install put it inside a bound directory."""
    package = Path(__file__).resolve().parent.parent
    return [package] if any(b in package.parents for b in bound) else []


def _parents(path: Path) -> list[Path]:
    return [p for p in reversed(path.parents) if p != Path("/")]


def wrap(
    argv: list[str],
    level: Level,
    scratch: Path | None,
    uid: int | None = None,
    cuda: bool = False,
    forkserver: bool = False,
    storage: int | None = None,
) -> list[str]:
    """``argv`` wrapped for ``level`` (unchanged at level ``process``).

    Inside, ``/home/student`` (the cwd), ``/tmp`` and ``/dev/shm`` are private
    tmpfs mounts of ``storage`` bytes each (bubblewrap's ``--size``; bubblewrap
    cannot cap their number of files, and cannot make one tmpfs serve all three:
    warm workers get one for all three, with both caps, ``forkserver.py``), ``/dev``
    is read-only, the worker program is at ``/run/autograder``, and the system
    and Python are read-only. Nothing else of the host is there.

    With ``forkserver``, ``scratch`` is the folder of the host the server keeps
    its own files in (its font list, and the scratch folders of workers at
    level ``process``); it is bound at ``/run/scratches``, and the process keeps
    its capabilities (and, at level ``full``, root) so that each forked worker can
    set up its own namespaces and storage and drop them itself.
    """
    if level is Level.PROCESS:
        return argv
    if not forkserver and not storage:
        raise ValueError("a sandboxed process needs the size of its storage")
    args = [shutil.which("bwrap") or "bwrap", *_bwrap_base(level)]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    # the private /tmp first: binds below it (a venv under /tmp) must land on top of it
    sized = [] if forkserver else ["--size", str(storage)]  # (the server runs no student code)
    args += ["--perms", "01777", *sized, "--tmpfs", "/tmp"]
    args += ["--perms", "0755", "--dir", "/etc"]
    for name in ETC_FILES:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    made: set[Path] = {Path("/etc"), Path("/tmp")}
    roots = python_roots(argv[0])
    extra = [Path(SCRATCHES_INSIDE)] if forkserver else []
    for root in [*roots, Path(RUNTIME_INSIDE), Path(SCRATCH_INSIDE), *extra]:
        for parent in _parents(root):
            if parent not in made:
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
    for root in roots:
        args += ["--ro-bind", str(root), str(root)]
    for hidden in _hidden_paths(roots):
        args += ["--tmpfs", str(hidden)]
    args += ["--ro-bind", str(runtime_dir()), RUNTIME_INSIDE]
    if forkserver:
        args += ["--perms", "0755", "--dir", SCRATCH_INSIDE, "--bind", str(scratch)]
        args += [SCRATCHES_INSIDE, "--chdir", SCRATCH_INSIDE]
    else:
        # bubblewrap cannot give a tmpfs to the job's uid: sticky and writable by all,
        # in a mount namespace that is the job's alone
        args += ["--perms", "01777", *sized, "--tmpfs", SCRATCH_INSIDE, "--chdir", SCRATCH_INSIDE]
    args += ["--proc", "/proc", "--dev", "/dev"]
    if not forkserver:  # (each forked worker mounts its own /dev/shm and protects /dev)
        args += ["--perms", "01777", *sized, "--tmpfs", "/dev/shm"]
    if cuda:  # the GPU's device nodes and the driver's view of the system
        for node in sorted(Path("/dev").glob("nvidia*")):
            args += ["--dev-bind", str(node), str(node)]
        args += ["--ro-bind", "/sys", "/sys"]
    # the sandbox's own root (where bwrap made /etc, /home, ...) read-only too; the scratch
    # and /tmp are mounts of their own and stay writable; so is /dev/shm below /dev, whose
    # own tmpfs has no size (its device nodes are mounts of their own and stay usable)
    args += ["--remount-ro", "/"]
    if not forkserver:
        args += ["--remount-ro", "/dev"]
    if forkserver:  # the workers drop privileges themselves, after their own set-up
        return args + (["--cap-add", "ALL"] if level is Level.USERNS else []) + argv
    if level is Level.FULL:
        assert uid is not None
        args += [
            shutil.which("setpriv") or "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
        ]
    else:
        args += ["--cap-drop", "ALL"]
    return args + argv


def worker_path(level: Level, program: str = "worker.py") -> str:
    """Where the worker program (or the fork server) is, as the sandbox sees it."""
    folder = RUNTIME_INSIDE if level > Level.PROCESS else str(runtime_dir())
    return f"{folder}/{program}"

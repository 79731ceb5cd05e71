"""Sandbox-side fork server: one warm Python that forks a fresh worker per submission.

Started by :class:`autograder.sandbox.warm.ForkServer` as
``python -I forkserver.py CONTROL_FD[,CONTROL_FD...] LEVEL`` inside the sandbox (at level
``full`` as root in bubblewrap's namespaces, before any privilege drop). It
imports what every worker needs (torch, matplotlib with the Agg backend, the
worker program) once, and then only forks, for one grader process per control
socket (a batch's graders share one server). It never runs student code and never
receives any: a spawn request carries the uid, limits, seed and storage size
(or, at level ``process``, scratch folder) of the next worker, with the worker's
pipe ends and, where it has one, its memory cgroup attached (SCM_RIGHTS).

Each forked worker, before it reads a single cell:

``full`` / ``userns``
    is born pid 1 of a new pid namespace (so when it dies, everything it
    started dies with it; forked by the server, or by a helper where the
    server may not go back to its own pid namespace: ``ONE_FORK``) and enters
    new mount, network, ipc and uts namespaces; one sized tmpfs of its own
    holds all it may write (``/home/student``, ``/tmp`` and ``/dev/shm``
    together), every scratch folder of the host is hidden and ``/dev`` is
    read-only; it gets a ``/proc`` that shows only its own pid namespace;
``full``
    caps System V shared memory and message queues to its storage size, and
    drops to its per-job uid, with no supplementary groups;
all levels
    joins its memory cgroup where the grader made one (``cgroups.py``), sets
    its resource limits, clears every capability (bounding set included),
    sets no-new-privs, checks in ``/proc/self/status`` that all of this holds
    (else it exits without running anything), closes every other descriptor,
    and serves the grader exactly like a cold-started worker.

Like ``worker.py`` this file uses only the standard library, torch and its
siblings (copied next to it), never the ``autograder`` package.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import resource
import select
import shutil
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import worker  # noqa: E402

sys.path.pop(0)

SCRATCH_INSIDE = "/home/student"
SCRATCHES_INSIDE = "/run/scratches"  # the fork server's view of all scratch directories

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)

#: Exit status of a worker that refused to start because its isolation did not hold.
ISOLATION_FAILED = 70


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl {option}")


def _drop_capabilities() -> None:
    """Empty the bounding set, then the effective, permitted and inheritable sets."""
    with open("/proc/sys/kernel/cap_last_cap") as fh:
        last = int(fh.read())
    for cap in range(last + 1):
        if _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0:
            if ctypes.get_errno() != 1:  # EPERM: no CAP_SETPCAP left, the set is already ours
                _check(-1, f"dropping capability {cap} from the bounding set")


def _clear_capability_sets() -> None:
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")


def _status() -> dict[str, str]:
    with open("/proc/self/status") as fh:
        return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)


def _verify(uid: int | None) -> None:
    """Fail closed: the worker runs only if the privilege drop really happened."""
    status = _status()
    for key in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"):
        if int(status.get(key, "1"), 16) != 0:
            raise RuntimeError(f"{key} is {status.get(key)}, not empty")
    if status.get("NoNewPrivs", "0").strip() != "1":
        raise RuntimeError("no-new-privs is not set")
    if uid is not None and set(status["Uid"].split()) != {str(uid)}:
        raise RuntimeError(f"uids are {status['Uid']}, not {uid}")


def _set_limits(limits: dict) -> None:
    for name, value in limits.items():
        res = getattr(resource, f"RLIMIT_{name.upper()}")
        resource.setrlimit(res, (int(value), int(value)))


def _enter_namespaces(storage: dict, uid: int | None) -> None:
    """New mount, network, ipc and uts namespaces, and the filesystem view of one
    submission (runs as root there; its new pid namespace was made before, by
    :func:`_fork_as_init` or in :func:`_spawn_through_helper`).

    ``storage`` sizes the one tmpfs that holds everything the submission may
    write (``bytes`` and ``inodes``): its home, ``/tmp`` and ``/dev/shm`` are
    folders of it, so together they can never hold more; the pages are
    charged to the worker's memory cgroup, if it has one.
    """
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    # Made where the host's scratch folders are bound (hiding them), then bound out and
    # detached from there: it stays reachable only through its three folders.
    options = f"size={int(storage['bytes'])},nr_inodes={int(storage['inodes'])},mode=0755"
    _mount("none", SCRATCHES_INSIDE, "tmpfs", MS_NOSUID | MS_NODEV, options)
    for name, mode in (("home", 0o700), ("tmp", 0o1777), ("shm", 0o1777)):
        folder = f"{SCRATCHES_INSIDE}/{name}"
        os.mkdir(folder)
        os.chmod(folder, mode)  # (mkdir's mode passes through the umask)
        if name == "home" and uid is not None:
            os.chown(folder, uid, uid)
    # The new /tmp would hide what the sandbox binds below it (a venv or Python under
    # /tmp, as in a CI checkout there): keep a handle on each, then bind it back read-only.
    kept = [(point, os.open(point, os.O_PATH)) for point in _mounts_below("/tmp")]
    for name, target in (("home", SCRATCH_INSIDE), ("tmp", "/tmp"), ("shm", "/dev/shm")):
        _mount(f"{SCRATCHES_INSIDE}/{name}", target, None, MS_BIND)
    _check(_libc.umount2(SCRATCHES_INSIDE.encode(), MNT_DETACH), "umount2 storage")
    hidden = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
    _mount("none", SCRATCHES_INSIDE, "tmpfs", hidden, "size=4k,mode=0555")
    for point, fd in kept:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(point, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(point), exist_ok=True)
            open(point, "a").close()  # noqa: SIM115 (a mount point for a file)
        _mount(f"/proc/self/fd/{fd}", point, None, MS_BIND | MS_REC)
        _mount("none", point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)
    # bubblewrap's /dev is a tmpfs without a size: nothing may be written there (its
    # device nodes are mounts of their own and stay usable)
    _mount("none", "/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _cap_ipc(storage: dict) -> None:
    """System V shared memory and message queues of the worker's ipc namespace, capped.

    Segments outlive the process that made them (until the namespace ends) and
    are not in any address space once detached: without these caps a loop of
    ``shmget``, fill, ``shmdt`` takes the host's memory past every rlimit.
    """
    pages = max(1, int(storage["bytes"]) // resource.getpagesize())
    for name, value in (
        ("shmmax", int(storage["bytes"])),
        ("shmall", pages),
        ("shmmni", 64),
        ("msgmni", 16),
    ):
        with open(f"/proc/sys/kernel/{name}", "w") as fh:
            fh.write(str(value))


def _mounts_below(path: str) -> list[str]:
    """The outermost mount points strictly below ``path``, parents first."""
    points = set()
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            point = line.split()[4].replace("\\040", " ")
            if point.startswith(path.rstrip("/") + "/"):
                points.add(point)
    return sorted(p for p in points if not any(p.startswith(q + "/") for q in points))


def _become_worker(request: dict, fds: list[int], level: str) -> None:
    """In the forked child (pid 1 of its namespace at full/userns): isolate, then serve."""
    import fcntl

    try:  # first: every page from here on is charged to the submission
        if len(fds) > 3:
            os.write(fds[3], b"0")  # "0": this process (its children follow it)
    except OSError as exc:
        os.write(2, f"worker isolation failed: joining its memory cgroup: {exc}\n".encode())
        os._exit(ISOLATION_FAILED)
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds[:3]]  # out of the way of 2..4
    for target, fd in zip((3, 4, 2), high, strict=True):
        os.dup2(fd, target)
    os.closerange(5, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    try:
        if level != "process":
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        if level == "full":  # (in a user namespace only its root may, and none is mapped)
            _cap_ipc(request["storage"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        _set_limits(request["limits"])  # RLIMIT_NPROC before the uid change counts for it
        uid = request.get("uid")
        if level != "process":  # (level process keeps the cold worker's identity)
            if uid is not None:
                os.setgroups([])
                os.setresgid(uid, uid, uid)
            _drop_capabilities()
            if uid is not None:
                os.setresuid(uid, uid, uid)
            _clear_capability_sets()
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid change, which clears it
        if level != "process":
            _verify(uid)
    except BaseException as exc:  # never run student code half-isolated
        os.write(2, f"worker isolation failed: {exc}\n".encode())
        os._exit(ISOLATION_FAILED)
    worker.serve(3, 4)
    os._exit(0)


def _spawn(request: dict, fds: list[int], level: str) -> int:
    """Fork one worker; returns the pid to kill and wait for."""
    if level != "process" and not ONE_FORK:
        return _spawn_through_helper(request, fds, level)
    pid = os.fork() if level == "process" else _fork_as_init()
    if pid:
        return pid
    # the child: never return into the server loop
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # its own session: kill(0, ...) reaches only what it started
        os.setsid()
        if level != "process":
            _enter_namespaces(request["storage"], request.get("uid"))
        _become_worker(request, fds, level)
    except BaseException as exc:
        os.write(2, f"fork server child failed: {exc}\n".encode())
    os._exit(ISOLATION_FAILED)


def _fork_as_init() -> int:
    """``fork()``, the child being pid 1 of a new pid namespace (so when it dies,
    everything it started dies with it).

    ``unshare(CLONE_NEWPID)`` puts the server's *next* child in a new pid
    namespace; ``setns`` back to the server's own then makes the namespace
    that child's alone. One fork per worker, where forking a helper that
    enters the namespace and forks again costs a second copy and teardown of
    the server's page tables.
    """
    _check(_libc.unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")
    try:
        pid = os.fork()
    except BaseException:
        _restore_pid_namespace()
        raise
    if pid:
        _restore_pid_namespace()
    return pid


def _spawn_through_helper(request: dict, fds: list[int], level: str) -> int:
    """Fork a helper that enters the new namespaces and forks the worker as their pid 1;
    returns the helper's pid (it dies the way the worker died).

    For servers that may not ``setns`` back into their own pid namespace (see
    :data:`ONE_FORK`).
    """
    pid = os.fork()
    if pid:
        return pid
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        _check(_libc.unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")
        _enter_namespaces(request["storage"], request.get("uid"))
        inner = os.fork()  # the first process of the new pid namespace
        if inner == 0:
            # its own process group: kill(0, ...) must not reach the helper (at userns it
            # has the student's uid; its death would take the worker with it, via PDEATHSIG)
            os.setsid()
            _become_worker(request, fds, level)
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(inner, 0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:  # die the way the worker died, so the grader can name the cause
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if -code not in (signal.SIGKILL, signal.SIGSTOP):  # (those have no handler)
                signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code)
    except BaseException as exc:
        os.write(2, f"fork server child failed: {exc}\n".encode())
    os._exit(ISOLATION_FAILED)


def can_fork_as_init() -> bool:
    """Whether this process may make a new pid namespace for its next child and go back
    to its own after the fork (tried in a throwaway child, which changes nothing here).

    Going back (``setns``) needs CAP_SYS_ADMIN over the user namespace that owns the
    server's own pid namespace: as root, yes; inside an unprivileged bubblewrap
    (level ``userns``), not on every host.
    """
    pid = os.fork()
    if pid == 0:
        try:
            _check(_libc.unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")
            _restore_pid_namespace()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _restore_pid_namespace() -> None:
    """Children of the server go back to being born in its own pid namespace."""
    global _OWN_PID_NAMESPACE
    if _OWN_PID_NAMESPACE is None:
        _OWN_PID_NAMESPACE = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    _check(_libc.setns(_OWN_PID_NAMESPACE, CLONE_NEWPID), "setns(CLONE_NEWPID)")


#: A descriptor of the server's own pid namespace (opened at the first spawn).
_OWN_PID_NAMESPACE: int | None = None

#: One fork per worker (:func:`_fork_as_init`), else a helper per worker
#: (:func:`_spawn_through_helper`); set by :func:`main` (``can_fork_as_init``) unless
#: the environment says ``AUTOGRADER_FORK_HELPER=1`` (tests of the helper's way).
ONE_FORK = True


def _reap(pid: int) -> tuple[bool, int | None]:
    """Whether ``pid`` has ended (reaped now), and its exit code (None: not our child)."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True, None
    return (True, os.waitstatus_to_exitcode(status)) if done else (False, None)


def _send(control: socket.socket, reply: dict) -> None:
    try:
        control.send(json.dumps(reply).encode())
    except OSError:
        pass  # the grader is gone: the server sees its socket close next


class _Client:
    """One grader process's control socket, the workers it spawned and its pending wait."""

    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.children: dict[int, int | None] = {}  # pid → exit code once reaped
        self.waiting: tuple[int, float, bool] | None = None  # pid, deadline, forget

    def answer_wait(self, now: float) -> None:
        """Reply to the pending wait if its worker has ended or its time is up."""
        pid, deadline, forget = self.waiting
        done, code = (True, self.children[pid])
        if code is None:
            done, code = _reap(pid)
            self.children[pid] = code
        if not done and now < deadline:
            return
        self.waiting = None
        if code is not None and forget:
            del self.children[pid]
        _send(self.control, {"ok": True, "returncode": code})


def _handle(client: _Client, request: dict, fds: list[int], level: str) -> dict | None:
    """One request; None when the reply waits (a ``wait`` for a worker still running)."""
    op = request.get("op")
    reply: dict = {"ok": True}
    if op == "spawn" and len(fds) in (3, 4):  # stdin, replies, stderr (, cgroup.procs)
        pid = _spawn(request, fds, level)
        for fd in fds:
            os.close(fd)
        client.children[pid] = None
        reply["pid"] = pid
    elif op == "kill" and request.get("pid") in client.children:
        _kill(request["pid"], level)
    elif op == "wait" and request.get("pid") in client.children:
        timeout = float(request.get("timeout", 0))
        client.waiting = (request["pid"], time.monotonic() + timeout, bool(request.get("forget")))
        client.answer_wait(time.monotonic())
        return None  # answered now, or when the worker ends or the time is up
    elif op == "peaks":  # KiB: this server, and the largest worker it has reaped
        reply["server"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        reply["workers"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    else:
        for fd in fds:
            os.close(fd)
        reply = {"ok": False, "error": f"bad request {op!r}"}
    return reply


def _kill(pid: int, level: str) -> None:
    try:
        os.killpg(pid, signal.SIGKILL) if level == "process" else os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def serve(controls: list[socket.socket], level: str, late_steps: bool = True) -> None:
    """Answer spawn/kill/wait requests from each grader until every one has closed its socket.

    Several grader processes may share the server, each on its own socket: a
    grader sees, kills and waits for only the workers it spawned, and when it
    closes its socket (or dies), those are killed. A wait does not hold up the
    other graders: it is answered when the worker ends or its time is up. With
    ``late_steps``, while no grader asks for anything, the server takes the
    steps of ``worker.LATE_STEPS``, one at a time (:func:`_warm_up_late`).
    """
    clients = {control: _Client(control) for control in controls}
    ended: list[int] = []  # killed workers of graders that left, still to be reaped
    late = list(worker.LATE_STEPS) if late_steps else []
    while clients:
        waiting = [c for c in clients.values() if c.waiting]
        idle = bool(late) and not waiting  # (a wait is answered as soon as its worker ends)
        timeout = 0 if idle else 0.002 if waiting or ended else None
        ready, _, _ = select.select(list(clients), [], [], timeout)
        if idle and not ready:
            _warm_up_late(late)
            continue
        now = time.monotonic()
        for client in waiting:
            client.answer_wait(now)
        ended = [pid for pid in ended if not _reap(pid)[0]]
        for control in ready:
            client = clients[control]
            try:
                data, fds, _, _ = socket.recv_fds(control, 1 << 16, 4)
            except OSError:
                data, fds = b"", []
            if not data:  # the grader is done (or dead): so are its workers
                for fd in fds:
                    os.close(fd)
                for pid, code in client.children.items():
                    if code is None:
                        _kill(pid, level)
                        ended.append(pid)
                control.close()
                del clients[control]
                continue
            reply = _handle(client, json.loads(data), fds, level)
            if reply is not None:
                _send(control, reply)


def _warm_up_late(late: list[str]) -> None:
    """Take the next of ``worker.LATE_STEPS`` (``late``: those still to take).

    The server does this only while no grader asks for anything (a step takes
    up to half a second), so it never delays a spawn that is asked for before
    it begins: a batch of one does not wait for what its student may never
    use, and from then on every fork has it. Between two steps nothing is
    half-done (half-imported), so a fork may come at any point of the list.
    Once all are taken, what they made is frozen out of the GC's reach, as in
    ``main``.
    """
    worker.warm_up_late(late.pop(0))
    if not late:
        gc.collect()
        gc.freeze()


def _seed_font_cache() -> None:
    """Give matplotlib the grader's font list (``warm._font_cache``) before it imports."""
    source, target = os.environ.pop("AUTOGRADER_FONT_CACHE", ""), os.environ.get("MPLCONFIGDIR")
    if not source or not target:
        return
    try:
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(source):
            if name.startswith("fontlist-") and name.endswith(".json"):
                shutil.copyfile(os.path.join(source, name), os.path.join(target, name))
    except OSError:
        pass  # matplotlib lists the fonts itself, as without a copy


def _read_ahead_for_seeding() -> None:
    """Read once here the source lines each worker's ``torch.manual_seed`` would read.

    ``torch.manual_seed`` queues the seeding of GPUs that are not initialised
    yet together with the formatted stack of the call, for which ``linecache``
    reads every file on that stack. Cached here, the lines come with the fork:
    each worker starts without reading them, and with fewer page faults. The seed set
    here is replaced by each worker's own, as a second call replaces the first.
    """
    import linecache

    import torch

    torch.manual_seed(0)  # torch's own files
    for module in (worker, sys.modules[__name__]):  # the rest of a worker's stack
        linecache.getlines(module.__file__)


def main() -> None:
    controls = [socket.socket(fileno=int(fd)) for fd in sys.argv[1].split(",")]
    level = sys.argv[2]
    late_steps = sys.argv[3:4] != ["now"]  # "now": a batch of one (see warm.ForkServer)
    _seed_font_cache()
    global ONE_FORK
    helper = os.environ.pop("AUTOGRADER_FORK_HELPER", "") == "1"
    ONE_FORK = level != "process" and not helper and can_fork_as_init()
    worker.preload()
    _read_ahead_for_seeding()
    # Every fork shares the server's memory copy-on-write; the cyclic GC would write to
    # every object it scans (and so copy nearly every page). Frozen objects are never scanned.
    gc.collect()
    gc.freeze()
    ready = json.dumps({"ready": True, "one_fork": ONE_FORK}).encode()
    alive = []
    for control in controls:
        try:
            control.send(ready)
        except OSError:  # a grader that let its handle go while the server was starting
            control.close()
        else:
            alive.append(control)
    serve(alive, level, late_steps)


if __name__ == "__main__":
    main()

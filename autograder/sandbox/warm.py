"""Warm workers: a sandboxed fork server, one fresh fork per submission.

A cold start of the student's process costs an interpreter, ``import torch``
and matplotlib for every submission. :class:`ForkServer`
pays it once: it starts ``forkserver.py`` inside the same sandbox
(:func:`~autograder.sandbox.isolation.wrap`), which imports all of that and
then only forks. Every submission still gets a new process of its own, with
its own namespaces, per-job uid, limits and scratch directory, forked from a
process that has never run student code (``forkserver.py`` says how each
fork isolates itself, and fails closed).

:class:`WarmChild` is the grader's handle on one forked worker; it stands in
for the :class:`subprocess.Popen` of a cold start in
:class:`~autograder.sandbox.runner.StudentProcess`.

Which servers a grader process uses, started when and closed when, is the
business of :class:`~autograder.sandbox.servers.ForkServers`.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from .isolation import (
    SCRATCH_INSIDE,
    SCRATCH_PREFIX,
    SCRATCHES_INSIDE,
    Level,
    reclaim_temporary_folders,
    runtime_dir,
    sandbox_python,
    worker_path,
    wrap,
)
from .leftovers import owned_tempdir


class ForkServerError(RuntimeError):
    """The fork server died or answered nonsense (a grader or host problem)."""


class _Handles:
    """How many handles on one server this process holds open (shared by those handles)."""

    def __init__(self, count: int) -> None:
        self.open = count


class ForkServer:
    """One warm, sandboxed Python that forks the student workers of this grader process.

    A server started for several ``clients`` (a batch's grader processes) has a
    control socket for each: this object is the handle on the first, and
    :meth:`shares` gives the others, one for each grader to :func:`adopt`.
    Each grader then sees and waits for only the workers it spawned.

    Parameters
    ----------
    level : Level
        Isolation level of every worker it forks.
    cuda : bool
        Give the sandbox the GPU's device nodes.
    python : str
        Interpreter to run (the grader's own by default).
    environment : dict
        The fork server's environment (the workers get their own).
    clients : int
        How many grader processes will use it.
    late_steps : bool
        Whether it takes its idle-time steps (``worker.LATE_STEPS``: what student
        code reaches late, imported once for every later fork). Worth it for
        more than one submission; for one, it is work the student may never need,
        done while its grader waits.
    """

    def __init__(
        self,
        level: Level,
        cuda: bool = False,
        python: str | None = None,
        environment: dict[str, str] | None = None,
        startup_timeout: float = 120.0,
        wait: bool = True,
        clients: int = 1,
        late_steps: bool = True,
    ) -> None:
        self.level, self.cuda, self.clients = level, cuda, clients
        self._lock = threading.Lock()
        reclaim_temporary_folders()
        self.scratch_root = owned_tempdir(SCRATCH_PREFIX)
        self.scratch_root.chmod(0o711)  # workers reach only their own (0700) folder
        runtime_dir()
        self._stderr = tempfile.TemporaryFile()
        pairs = [socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET) for _ in range(clients)]
        theirs = [pair[1] for pair in pairs]
        argv = [
            python or sandbox_python(),
            "-I",
            worker_path(level, "forkserver.py"),
            ",".join(str(sock.fileno()) for sock in theirs),
            level.name.lower(),
            "late" if late_steps else "now",
        ]
        try:
            self._proc = subprocess.Popen(
                wrap(argv, level, self.scratch_root, cuda=cuda, forkserver=True),
                pass_fds=[sock.fileno() for sock in theirs],
                cwd=self.scratch_root,
                env={**(environment or {}), **_font_cache(self.scratch_root, level)},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                start_new_session=True,
            )
        finally:
            for sock in theirs:
                sock.close()
        self._socket, self._spare = pairs[0][0], [pair[0] for pair in pairs[1:]]
        self._handles, self._released = _Handles(1), False
        self._launcher = os.getpid()
        self._startup_timeout = startup_timeout
        self._ready = False
        self.one_fork = False  # told by the server when it is ready
        try:  # lets a process that adopts this server (not its child) see it exit
            self._pidfd: int | None = os.pidfd_open(self._proc.pid)
        except (AttributeError, OSError):
            self._pidfd = None
        if wait:
            self._await_ready()

    def _await_ready(self) -> None:
        """Read the server's first message, sent once it has imported everything."""
        if self._ready:
            return
        self._socket.settimeout(self._startup_timeout)
        try:
            ready = self._read()
        except ForkServerError:
            self.close()
            raise
        if not ready.get("ready"):
            self.close()
            raise ForkServerError("the fork server did not say it was ready")
        self._socket.settimeout(60.0)
        self.one_fork = bool(ready.get("one_fork"))  # else a helper forks each worker
        self._ready = True

    # -- requests -------------------------------------------------------------------
    def _read(self) -> dict:
        try:
            data = self._socket.recv(1 << 16)
        except OSError as exc:
            data = b""
            reason = str(exc)
        else:
            reason = "it exited"
        if not data:
            self._stderr.seek(0)
            err = self._stderr.read().decode(errors="replace")[-1500:]
            raise ForkServerError(f"the fork server is gone ({reason}): {err.strip()}")
        return json.loads(data)

    def _ask(self, request: dict, fds: list[int] = ()) -> dict:
        with self._lock:
            self._await_ready()
            try:
                socket.send_fds(self._socket, [json.dumps(request).encode()], list(fds))
            except OSError as exc:
                raise ForkServerError(f"the fork server is gone: {exc}") from None
            reply = self._read()
        if not reply.get("ok"):
            raise ForkServerError(str(reply.get("error")))
        return reply

    def peaks(self) -> tuple[int, int]:
        """Peak resident KiB of the server and of the largest worker it forked."""
        reply = self._ask({"op": "peaks"})
        return int(reply.get("server", 0)), int(reply.get("workers", 0))

    @property
    def alive(self) -> bool:
        if os.getpid() == self._launcher or self._pidfd is None:
            return self._proc.poll() is None
        return not select.select([self._pidfd], [], [], 0)[0]  # adopted: not our child

    def shares(self) -> list[ForkServer]:
        """Handles on this server for its other clients (each on its own socket)."""
        handles = []
        for sock in self._spare:
            handle = copy.copy(self)  # the same process, scratch and level
            handle._socket, handle._spare = sock, []
            handle._lock, handle._ready, handle._released = threading.Lock(), False, False
            handle._stderr = os.fdopen(os.dup(self._stderr.fileno()), "rb")
            handle._pidfd = None if self._pidfd is None else os.dup(self._pidfd)
            self._handles.open += 1
            handles.append(handle)
        self._spare = []
        return handles

    @property
    def adoptable(self) -> bool:
        """Whether another process can tell if it is alive (it needs a pidfd)."""
        return self._pidfd is not None

    def new_scratch(self) -> Path:
        """An empty scratch folder on the host, for the next worker at level ``process``
        (with namespaces, a worker's files live in a tmpfs of its own instead)."""
        return Path(tempfile.mkdtemp(prefix="s-", dir=self.scratch_root))

    def spawn(
        self,
        scratch: Path | None,
        fds: tuple[int, int, int],
        env: dict[str, str],
        limits: dict[str, int],
        uid: int | None,
        storage: dict[str, int] | None = None,
        cgroup: int | None = None,
    ) -> WarmChild:
        """Fork a worker that serves on ``fds`` (its stdin pipe, reply pipe and stderr).

        Parameters
        ----------
        scratch : Path or None
            Its cwd and HOME at level ``process``; unused with namespaces.
        storage : dict
            ``bytes`` and ``inodes`` of the tmpfs that holds all its files (needed
            with namespaces).
        cgroup : int, optional
            A ``cgroup.procs`` descriptor of the memory cgroup it joins first.
        """
        inside = self.level > Level.PROCESS
        if inside and storage is None:
            raise ValueError("a worker with namespaces needs its storage size")
        if not inside and scratch is None:
            raise ValueError("a worker at level process needs a scratch folder")
        request = {
            "op": "spawn",
            "cwd": SCRATCH_INSIDE if inside else str(scratch),
            "storage": storage,
            "env": env,
            "limits": limits,
            "uid": uid,
        }
        fds = [*fds] if cgroup is None else [*fds, cgroup]
        return WarmChild(self, self._ask(request, fds)["pid"])

    def close(self) -> None:
        """Stop using the server; every worker spawned through this handle is killed.

        A server with one client stops with it: it and every worker it forked
        end, and its scratch is removed. A shared one stops when the process
        that started it closes its last handle; until then, others use it.
        """
        launcher = os.getpid() == self._launcher
        stop = self.clients == 1 or (launcher and self._handles.open == 1 and not self._released)
        try:
            self._socket.close()
        except AttributeError:
            pass
        if stop:
            self._kill_group()
            if launcher:
                self._proc.wait()
            elif self._pidfd is not None:  # adopted: its parent reaps it; wait until it is gone
                select.select([self._pidfd], [], [], 10.0)
            shutil.rmtree(self.scratch_root, ignore_errors=True)
        self._close_handles()

    def detach(self) -> None:
        """Let go of a server another process uses: close this process's handle only.

        The server runs on until its users close their sockets (or die); the
        process that started it reaps it with :meth:`reap`.
        """
        self._socket.close()
        self._close_handles()

    def reap(self, timeout: float = 10.0) -> None:
        """In the process that started it: wait for a detached server to end, else kill it."""
        self.detach()  # (if not yet: a server ends when no process holds its socket)
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._kill_group()
            self._proc.wait()
        shutil.rmtree(self.scratch_root, ignore_errors=True)  # (gone if its user closed it)

    def _kill_group(self) -> None:
        try:
            os.killpg(self._proc.pid, 9)
        except ProcessLookupError:
            pass

    def _close_handles(self) -> None:
        self._stderr.close()  # (closing twice is harmless, as for the socket)
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        if not self._released:
            self._released = True
            self._handles.open -= 1


def _font_cache(scratch_root: Path, level: Level) -> dict[str, str]:
    """This user's matplotlib font list, copied where the sandboxed server finds it.

    matplotlib builds the list on first import when its cache folder has none
    (the server's is on a fresh ``/tmp``), spending its start-up on
    the same fonts the grader's own matplotlib has listed already. Returns the
    server's environment entry naming the copy (none at level ``process``,
    which has no sandbox to copy into, or without a list to copy).
    """
    if level <= Level.PROCESS:
        return {}
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib"
    )
    lists = sorted(Path(cache).glob("fontlist-v*.json"))
    if not lists:
        return {}
    folder = scratch_root / FONT_CACHE
    folder.mkdir(mode=0o700)
    for path in lists:
        shutil.copyfile(path, folder / path.name)
    return {"AUTOGRADER_FONT_CACHE": f"{SCRATCHES_INSIDE}/{FONT_CACHE}"}


#: The folder of the server's scratch root that holds the font list (not a worker's: ``s-*``).
FONT_CACHE = "fonts"


class WarmChild:
    """A forked worker, as far as the grader needs it: kill, wait, returncode."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server, self.pid = server, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self.wait(timeout=0)

    def wait(self, timeout: float = 30.0) -> int | None:
        if self.returncode is None and self.server.alive:
            reply = self.server._ask(
                {"op": "wait", "pid": self.pid, "timeout": timeout, "forget": True}
            )
            self.returncode = reply.get("returncode")
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None and self.server.alive:
            self.server._ask({"op": "kill", "pid": self.pid})


def torch_has_cuda() -> bool:
    """Whether the installed torch is a CUDA build (told by its files, without importing it)."""
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        return False
    folders = spec.submodule_search_locations
    return any(any(Path(folder, "lib").glob("libtorch_cuda*")) for folder in folders)

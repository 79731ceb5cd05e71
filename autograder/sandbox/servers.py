"""The fork servers of one grader process, owned by one object: :class:`ForkServers`.

Whoever grades holds one and hands it to each student process it starts
(:class:`~autograder.sandbox.runner.StudentProcess`):

- ``autograde`` (``cli``) makes it before its own slow imports and starts a
  server ahead in it (:meth:`ForkServers.start_ahead`), one for all the batch's
  grader processes. The batch takes those handles (:meth:`ForkServers.take_ahead`):
  a serial batch adopts one into the same object, and each pool worker adopts
  its own into a :class:`ForkServers` of its own (``batch/run.py``);
- ``check`` and ``grade`` (one notebook) hold one without idle-time steps
  (``late_steps=False``);
- callers that hold none (a Dask worker, a test, the self-check) use this
  process's :func:`default_servers`, closed at exit.

Closing the object stops every server it holds (a shared one, when its last
handle closes). A process forked from the holder starts with none: the
servers belong to the process that started or adopted them.
"""

from __future__ import annotations

import atexit
import os
import threading

from .isolation import Level
from .warm import ForkServer, ForkServerError


class ForkServers:
    """The fork servers this grader process forks its students' processes from.

    Parameters
    ----------
    late_steps : bool
        Whether the servers it starts take their idle-time steps (see
        :class:`~autograder.sandbox.warm.ForkServer`): worth it for more than one
        submission, work no one needs for one.
    """

    def __init__(self, late_steps: bool = True) -> None:
        self.late_steps = late_steps
        self._servers: dict[tuple[Level, bool], ForkServer] = {}
        self._ahead: list[ForkServer] = []  # started ahead, not yet taken
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def __enter__(self) -> ForkServers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _here(self) -> None:
        """In a process forked from the holder: start with none (dropped, not closed:
        closing would kill the parent's servers)."""
        if os.getpid() != self._pid:
            self._servers, self._ahead = {}, []
            self._lock, self._pid = threading.Lock(), os.getpid()

    def server(self, level: Level, cuda: bool, environment: dict[str, str]) -> ForkServer:
        """The server for ``level`` (started on first use, restarted if it died)."""
        self._here()
        with self._lock:
            server = self._servers.get((level, cuda))
            if server is None or not server.alive:
                if server is not None:
                    server.close()
                server = ForkServer(
                    level, cuda, environment=environment, late_steps=self.late_steps
                )
                self._servers[(level, cuda)] = server
            return server

    def start_ahead(self, level: Level, environment: dict[str, str], count: int) -> None:
        """Start a CPU server for ``count`` grader processes now, without waiting for it.

        A batch calls this before importing torch, nbgrader and the checks itself,
        so the server's own imports run alongside; its grader processes then
        :meth:`adopt` one handle each (:meth:`take_ahead`). One server for all of
        them imports all that once. Handles no one takes close with this object.
        """
        self._here()
        try:
            server = ForkServer(
                level,
                cuda=False,
                environment=environment,
                wait=False,
                clients=count,
                late_steps=self.late_steps,
            )
        except (OSError, ForkServerError):
            return  # the grader processes start their own, and report what fails
        if not server.adoptable:
            server.close()
            return
        self._ahead.extend([server, *server.shares()])

    def take_ahead(self, level: Level, cuda: bool) -> list[ForkServer]:
        """The handles :meth:`start_ahead` made for ``level`` (none for CUDA); others close."""
        self._here()
        taken = [s for s in self._ahead if (s.level, s.cuda) == (level, cuda)]
        for server in self._ahead:
            if server not in taken:
                server.close()
        self._ahead.clear()
        return taken

    def adopt(self, server: ForkServer) -> None:
        """Make ``server`` the one for its level here (replacing one this object held)."""
        self._here()
        with self._lock:
            old = self._servers.get((server.level, server.cuda))
            if old is not None and old is not server:
                old.close()
            self._servers[(server.level, server.cuda)] = server

    def peaks(self) -> tuple[int, int]:
        """Peak resident KiB of the servers (summed) and of their largest worker."""
        self._here()
        server = workers = 0
        with self._lock:
            for fs in self._servers.values():
                try:
                    own, largest = fs.peaks()
                except ForkServerError:
                    continue
                server, workers = server + own, max(workers, largest)
        return server, workers

    def close(self) -> None:
        """Stop every server held here, and the handles started ahead that no one took."""
        self._here()
        with self._lock:
            while self._servers:
                self._servers.popitem()[1].close()
            while self._ahead:
                self._ahead.pop().close()


_DEFAULT: ForkServers | None = None
_DEFAULT_LOCK = threading.Lock()


def default_servers() -> ForkServers:
    """This process's :class:`ForkServers` for callers that hold none (closed at exit)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = ForkServers()
            atexit.register(_DEFAULT.close)
        return _DEFAULT

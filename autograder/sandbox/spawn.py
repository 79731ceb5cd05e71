"""Spawning: one student process, started cold or forked warm, and killed with all it made.

:class:`StudentChild` is one run of the worker program (``worker.py``) for one
submission: in its own memory cgroup where the host has them
(:mod:`~autograder.sandbox.cgroups`), under the submission's rlimits
(:mod:`~autograder.sandbox.limits`), either

- **warm**: forked by this grader's fork server (:class:`~autograder.sandbox.servers.ForkServers`),
  which isolates the fork itself (``forkserver.py``), or
- **cold**: a new interpreter in a new sandbox (:func:`~autograder.sandbox.isolation.wrap`),
  which pays for Python and torch every time.

It talks to the grader over two pipes (the session, ``runner``, frames the
messages). Killing it removes everything it had: its processes (every one of
the job's uid at level ``full``), its scratch folder, its cgroup.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .cgroups import SubmissionCgroup, memory_cgroups
from .isolation import (
    COLD_SCRATCH_PREFIX,
    SCRATCH_INSIDE,
    Level,
    UidLease,
    kill_uid,
    reclaim_temporary_folders,
    worker_path,
    wrap,
)
from .leftovers import owned_tempdir
from .limits import Limits, SandboxStartError, limit_child, limit_values, nproc_limit
from .servers import ForkServers
from .warm import ForkServerError, WarmChild


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


class StudentChild:
    """One started student process (it has not said it is ready yet: the session reads that).

    Parameters
    ----------
    level : Level
        Its isolation level.
    limits : Limits
        Its rlimits and memory cgroup limit.
    seed : int
        ``AUTOGRADER_STUDENT_SEED`` in its environment.
    lease : UidLease or None
        The job's uid (level ``full``): the session holds it across restarts.
    servers : ForkServers or None
        Where a warm start forks from; None for a cold start.
    python : str
        The interpreter of a cold start.
    cuda : bool
        Give the sandbox the GPU's device nodes.

    Raises
    ------
    SandboxStartError
        When the sandbox could not be started (a grader or host problem).
    """

    def __init__(
        self,
        level: Level,
        limits: Limits,
        seed: int,
        lease: UidLease | None,
        servers: ForkServers | None,
        python: str,
        cuda: bool = False,
    ) -> None:
        self.level, self.limits, self.seed, self.lease = level, limits, seed, lease
        self.stderr_tail = ""  # what it wrote last, kept when it is killed
        self.proc: subprocess.Popen | WarmChild | None = None
        self._stderr = tempfile.TemporaryFile()
        self._scratch: Path | None = None  # a host folder at level process only
        self._cgroup: SubmissionCgroup | None = None
        uid = lease.uid if lease else None
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            support = memory_cgroups()
            if support.version is not None:
                self._cgroup = SubmissionCgroup(support, limits.cgroup_bytes())
            if servers is not None:
                self._start_warm(servers, cuda, uid, (to_child_r, from_child_w))
            else:
                self._start_cold(python, cuda, uid, (to_child_r, from_child_w))
        except (ForkServerError, OSError) as exc:
            os.close(to_child_w)
            os.close(from_child_r)
            self._remove_cgroup()
            self._stderr.close()
            raise SandboxStartError(f"the sandbox did not start: {exc}") from None
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        #: the grader's ends of the two pipes: requests go in, replies come out
        self.to_child = os.fdopen(to_child_w, "wb")
        self.from_child = from_child_r

    @property
    def scratch(self) -> Path | None:
        """Its cwd and HOME on the host (level ``process``; with namespaces, a tmpfs)."""
        return self._scratch

    @property
    def cgroup(self) -> SubmissionCgroup | None:
        return self._cgroup

    def _environment(self) -> dict[str, str]:
        inside = self.level > Level.PROCESS
        home = SCRATCH_INSIDE if inside else str(self._scratch)
        return clean_environment(home, "/tmp" if inside else home, self.seed)

    def _start_cold(self, python: str, cuda: bool, uid: int | None, fds: tuple[int, int]) -> None:
        """A new interpreter in a new sandbox."""
        if self.level is Level.PROCESS:  # (with namespaces its files live in a tmpfs)
            reclaim_temporary_folders()
            self._scratch = owned_tempdir(COLD_SCRATCH_PREFIX)
        argv = [python, "-I", worker_path(self.level), *map(str, fds)]
        nproc = nproc_limit(self.level, self.limits)
        join = self._cgroup.procs if self._cgroup is not None else None
        storage = self.limits.storage()["bytes"]
        self.proc = subprocess.Popen(
            wrap(argv, self.level, self._scratch, uid=uid, cuda=cuda, storage=storage),
            pass_fds=fds,
            cwd=self._scratch or "/",
            env=self._environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            start_new_session=True,
            preexec_fn=lambda: limit_child(self.limits, nproc, join),
        )

    def _start_warm(
        self, servers: ForkServers, cuda: bool, uid: int | None, fds: tuple[int, int]
    ) -> None:
        """A fork of the warm fork server, which isolates itself (``forkserver.py``)."""
        server = servers.server(self.level, cuda, server_environment(self.level))
        if self.level is Level.PROCESS:  # (with namespaces its files live in a tmpfs)
            self._scratch = server.new_scratch()
            self._scratch.chmod(0o700)
        self.proc = server.spawn(
            self._scratch,
            (*fds, self._stderr.fileno()),
            env=self._environment(),
            limits=limit_values(self.limits, nproc_limit(self.level, self.limits)),
            uid=uid,
            storage=self.limits.storage(),
            cgroup=self._cgroup.procs if self._cgroup is not None else None,
        )

    def wait(self) -> None:
        """Wait for it to end (it has closed its reply pipe)."""
        self.proc.wait()

    def death_reason(self) -> str:
        """Why it ended, in words for the student (it has ended, or it was stopped)."""
        code = self.proc.poll() if self.proc else None
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

    def kill(self) -> None:
        """Kill it and all it started; remove its scratch and cgroup (once is enough)."""
        if self._stderr.closed:
            return  # killed already
        proc, self.proc = self.proc, None
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
            if self.lease is not None:
                # the worker and all it started first: bubblewrap then exits at once
                # (killed first, it would leave them dying, for us to wait on)
                kill_uid(self.lease.uid)
                swept = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        if proc is not None:
            self.to_child.close()
            os.close(self.from_child)
        if self.lease is not None and not swept:
            # none of the uid may remain to start one; usually none is left (one /proc scan)
            kill_uid(self.lease.uid)
        self.stderr_tail = self._tail()  # kept for a start-up error message
        self._stderr.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
        self._remove_cgroup()

    def _tail(self) -> str:
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - 2000))
        return self._stderr.read().decode(errors="replace").strip()

    def _remove_cgroup(self) -> None:
        """Remove the memory cgroup (its processes are gone)."""
        cgroup, self._cgroup = self._cgroup, None
        if cgroup is not None:
            cgroup.remove()

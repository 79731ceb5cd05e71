"""Memory cgroups: found where the host has them, one per student process, removed after.

The kernel's side (a process joining, its pages charged, the OOM killer) is
tested where this host lets us make cgroups; where to make them, and which
files to write, also against simulated hierarchies (cgroup v1 and v2), since no
single host has both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.sandbox import cgroups
from autograder.sandbox.cgroups import CgroupSupport, SubmissionCgroup, find_memory_cgroups
from autograder.sandbox.leftovers import owner_tag
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import Cell, StudentProcess

SUPPORT = cgroups.memory_cgroups()
needs_cgroups = pytest.mark.skipif(
    SUPPORT.version is None, reason=f"no memory cgroups here: {SUPPORT.detail}"
)

V1_MOUNTS = (
    "30 25 0:26 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
    "31 25 0:27 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw\n"
)
V2_MOUNTS = "30 25 0:26 / /sys/fs/cgroup rw,relatime shared:9 - cgroup2 cgroup2 rw\n"


def host(tmp_path: Path, mounts: str, membership: str, root: Path) -> tuple[Path, Path]:
    """Fake ``/proc/self/mountinfo`` and ``/proc/self/cgroup`` naming ``root``'s hierarchy."""
    (tmp_path / "mountinfo").write_text(mounts.replace("/sys/fs/cgroup", str(root)))
    (tmp_path / "cgroup").write_text(membership)
    return tmp_path / "mountinfo", tmp_path / "cgroup"


def test_v1_cgroups_go_below_the_graders_own(tmp_path):
    root = tmp_path / "fs"
    own = root / "memory" / "system.slice" / "grading.service"
    own.mkdir(parents=True)
    info, member = host(tmp_path, V1_MOUNTS, "4:memory:/system.slice/grading.service\n0::/\n", root)
    support = find_memory_cgroups(info, member, root=True)
    assert (support.version, support.parent) == (1, own)


def test_v2_cgroups_go_below_autograder_at_the_top_and_need_root(tmp_path):
    root = tmp_path / "fs"
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    info, member = host(tmp_path, V2_MOUNTS, "0::/user.slice/session-1.scope\n", root)
    support = find_memory_cgroups(info, member, root=True)
    assert (support.version, support.parent) == (2, root / "autograder")
    unprivileged = find_memory_cgroups(info, member, root=False)
    assert unprivileged.version is None and "needs root" in unprivileged.detail


def test_a_hybrid_host_without_memory_in_v2_says_so(tmp_path):
    root = tmp_path / "fs"
    root.mkdir()
    (root / "cgroup.controllers").write_text("hugetlb\n")
    info, member = host(tmp_path, V2_MOUNTS, "0::/\n", root)
    support = find_memory_cgroups(info, member, root=True)
    assert support.version is None and "no cgroup hierarchy with the memory" in support.detail


@pytest.fixture
def simulated(monkeypatch):
    """Plain folders that behave like cgroups where it matters here: a new one comes with
    its control files, and goes with them."""
    mkdir, rmdir = Path.mkdir, Path.rmdir

    def make(self, *args, **kwargs):
        existed = self.exists()
        mkdir(self, *args, **kwargs)
        if not existed:
            for name in ("cgroup.procs", "cgroup.subtree_control"):
                (self / name).touch()

    def remove(self):
        for entry in self.iterdir():
            entry.unlink()
        rmdir(self)

    monkeypatch.setattr(Path, "mkdir", make)
    monkeypatch.setattr(Path, "rmdir", remove)


def test_v2_parent_gets_the_memory_controller_for_its_children(tmp_path, simulated):
    top = tmp_path / "fs"
    top.mkdir()
    (top / "cgroup.subtree_control").write_text("cpu\n")
    cgroups._prepare_v2(top / "autograder")
    assert (top / "cgroup.subtree_control").read_text() == "+memory"
    assert (top / "autograder" / "cgroup.subtree_control").read_text() == "+memory"


@pytest.mark.parametrize("version", [1, 2])
def test_a_submission_cgroup_is_limited_and_removed(tmp_path, simulated, version):
    made = SubmissionCgroup(CgroupSupport(version, tmp_path, "simulated"), 5 << 30)
    assert made.path.parent == tmp_path
    assert made.path.name.startswith(f"{cgroups.PREFIX}{owner_tag()}-")
    if version == 1:
        assert (made.path / "memory.limit_in_bytes").read_text() == str(5 << 30)
        assert (made.path / "memory.memsw.limit_in_bytes").read_text() == str(5 << 30)
        events = made.path / "memory.oom_control"
        events.write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    else:
        assert (made.path / "memory.max").read_text() == str(5 << 30)
        assert (made.path / "memory.swap.max").read_text() == "0"
        assert (made.path / "memory.oom.group").read_text() == "1"  # the whole job goes
        (made.path / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 2\noom_kill 2\n")
    assert made.oom_kills() == 2
    os.write(made.procs, b"0")  # what the worker does (here: a plain file takes it)
    assert (made.path / "cgroup.procs").read_text() == "0"
    made.remove()
    assert not made.path.exists() and made.procs is None


def test_cgroups_of_dead_graders_are_reclaimed_and_live_ones_kept(tmp_path, simulated):
    dead = tmp_path / f"{cgroups.PREFIX}999999999.1-1"
    dead.mkdir()
    live = SubmissionCgroup(CgroupSupport(1, tmp_path, "simulated"), 1 << 30)
    other = tmp_path / "someone-else"
    other.mkdir()
    from autograder.sandbox.leftovers import reclaim

    assert reclaim(cgroups.PREFIX, tmp_path, remove=Path.rmdir) == [dead]
    assert live.path.exists() and other.exists() and not dead.exists()
    live.remove()


@needs_cgroups
def test_each_student_process_is_alone_in_its_own_cgroup_and_it_goes_after():
    code = "CG = [l.strip() for l in open('/proc/self/cgroup') if 'memory' in l or l[:3] == '0::']"
    with StudentProcess([Cell("a", code)], Limits()) as first:
        first.run_cells()
        path = first._child.cgroup.path
        assert path.is_dir() and path.parent == SUPPORT.parent
        pids = (path / "cgroup.procs").read_text().split()
        assert len(pids) == 1  # the worker (its children would follow it there)
        with StudentProcess([Cell("a", code)], Limits()) as second:
            second.run_cells()
            assert second._child.cgroup.path != path
    assert not path.exists()


@needs_cgroups
def test_memory_no_rlimit_sees_is_charged_and_its_limit_named():
    """A memfd written and never mapped: no rlimit counts it; the cgroup does."""
    fill = (
        "import os\nfd = os.memfd_create('x')\nblock = b'1' * (1 << 20)\n"
        "for n in range(4096):\n"
        "    if n and n % 32 == 0:\n        fd = os.memfd_create('x')\n"
        "    os.write(fd, block)\n"
    )
    limits = Limits(memory_mb=1024, storage_mb=64, cell_timeout=20.0, submission_timeout=60.0)
    with StudentProcess([Cell("fill", fill), Cell("after", "AFTER = 1")], limits) as sp:
        outcomes = sp.run_cells()
        assert "hit the memory limit (1088 MiB of memory and files together)" in str(
            outcomes["fill"].error
        )
        assert sp.get("AFTER") == 1  # a fresh process, in a fresh cgroup
        assert any("memory limit" in i for i in sp.incidents)


def test_a_dead_graders_busy_cgroup_has_its_processes_killed_and_goes(tmp_path, monkeypatch):
    """A batch killed with kill -9 and started again at once: its student processes may
    still be dying in their cgroups, which cannot be removed until they are gone (EBUSY).
    They are killed, and the cgroup goes (the fault suite once found one left)."""
    import errno
    import subprocess
    import sys

    dead = tmp_path / f"{cgroups.PREFIX}999999999.1-1"
    dead.mkdir()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (dead / "cgroup.procs").write_text(f"{child.pid}\n")
    real_rmdir = Path.rmdir

    def rmdir(path):  # a cgroup is busy while a process is in it
        if path == dead and child.poll() is None:
            raise OSError(errno.EBUSY, "Device or resource busy", str(path))
        (path / "cgroup.procs").unlink(missing_ok=True)  # (a real cgroup has no files)
        real_rmdir(path)

    monkeypatch.setattr(Path, "rmdir", rmdir)
    try:
        cgroups.remove_orphan(dead)
        assert child.wait(timeout=5) == -9 and not dead.exists()
    finally:
        child.kill()
        child.wait()


@needs_cgroups
def test_the_cgroup_of_a_grader_that_ended_but_is_not_yet_reaped_is_reclaimed():
    """A pool worker orphaned by ``kill -9`` of its batch is reaped by its new parent (a
    container's init) whenever that gets to it. The next batch must not take the zombie
    for a live grader and keep its cgroup (CI once found one left that way)."""
    from autograder.sandbox.leftovers import reclaim
    from tests.sandbox.test_leftovers import zombie_tag

    support = cgroups.memory_cgroups()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: makes a cgroup, then dies without cleaning up
        try:
            made = SubmissionCgroup(support, 64 * 1024 * 1024)
            os.write(write, str(made.path).encode())
        finally:
            os._exit(0)
    os.close(write)
    try:
        left = Path(os.read(read, 4096).decode())
        os.close(read)
        assert left.name.startswith(f"{cgroups.PREFIX}{pid}.")
        assert left.is_dir()
        zombie_tag(pid)  # it has ended, and nobody has reaped it
        assert left in reclaim(cgroups.PREFIX, support.parent, remove=cgroups.remove_orphan)
        assert not left.exists()
    finally:
        os.waitpid(pid, 0)

"""Isolation levels: detection, refusal below the required level, and what level full hides."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT
from autograder.sandbox import isolation
from autograder.sandbox.isolation import IsolationUnavailable, Level, detect, select_level
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import Cell, StudentProcess

FULL = detect().best is Level.FULL
needs_full = pytest.mark.skipif(
    not FULL, reason=f"isolation level full unavailable: {detect().detail}"
)
NAMESPACES = detect().best >= Level.USERNS
needs_namespaces = pytest.mark.skipif(
    not NAMESPACES, reason=f"no bubblewrap namespaces here: {detect().detail}"
)
LIMITS = Limits(cell_timeout=10.0, call_timeout=10.0, submission_timeout=90.0)


def test_detect_reports_a_level_and_how_to_improve_it():
    support = detect()
    assert support.best in Level
    assert support.detail
    assert (support.fix == "") == (support.best is Level.FULL)


def test_a_weaker_host_is_refused_unless_allowed(monkeypatch):
    weak = isolation.HostSupport(Level.PROCESS, "bubblewrap missing", isolation.FIXES["no-bwrap"])
    monkeypatch.setattr(isolation, "detect", lambda: weak)
    with pytest.raises(IsolationUnavailable, match="apt-get install bubblewrap"):
        select_level("full")
    assert select_level("full", allow_weaker=True) is Level.PROCESS
    assert select_level("process") is Level.PROCESS


def test_the_fix_for_github_runners_is_documented():
    assert "kernel.apparmor_restrict_unprivileged_userns=0" in isolation.FIXES["userns"]


def test_process_level_leaves_the_command_alone(tmp_path):
    assert isolation.wrap(["python", "-c", "1"], Level.PROCESS, tmp_path) == ["python", "-c", "1"]


def probe(code: str, **kw) -> StudentProcess:
    sp = StudentProcess([Cell("probe", code)], LIMITS, **kw)
    sp.run_cells()
    assert sp.outcomes["probe"].ok, sp.outcomes["probe"].error
    return sp


@needs_full
def test_full_runs_as_a_distinct_unprivileged_uid_per_job():
    code = "import os\nUID = os.getuid()\nGID = os.getgid()\nGROUPS = os.getgroups()"
    with probe(code) as a, probe(code) as b:
        uid_a, uid_b = a.get("UID"), b.get("UID")
        assert uid_a != 0 and uid_b != 0 and uid_a != uid_b
        assert isolation.UID_BASE <= uid_a < isolation.UID_BASE + isolation.UID_COUNT
        assert a.get("GROUPS") == []
    assert isolation.processes_of_uid(uid_a) == []


@needs_namespaces
def test_namespaces_hides_the_grader_the_course_and_the_host():
    secrets = [
        str(REPO_ROOT / "autograder"),
        str(REPO_ROOT / "source"),
        "/root/.bashrc",
        "/etc/shadow",
        str(Path.home() / ".bashrc"),
    ]
    code = (
        "import os, importlib.util\n"
        f"SEEN = {{p: os.path.exists(p) for p in {secrets!r}}}\n"
        "PKG = importlib.util.find_spec('autograder') is not None\n"
        "PIDS = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "ROOT = sorted(os.listdir('/'))\n"
    )
    with probe(code) as sp:
        seen = sp.get("SEEN")
        assert not any(seen.values()), seen
        assert sp.get("PKG") is False
        assert len(sp.get("PIDS")) <= 3  # its own pid namespace: bwrap's init and the worker
        assert "work" not in sp.get("ROOT") or not seen[str(REPO_ROOT / "source")]


@needs_namespaces
def test_namespaces_has_no_network_and_no_host_unix_sockets(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    unix_path = Path("/tmp") / f"autograder-test-{os.getpid()}.sock"
    userver = socket.socket(socket.AF_UNIX)
    userver.bind(str(unix_path))
    userver.listen(1)
    accepted: list = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    code = (
        "import socket\nRESULTS = []\n"
        f"for family, addr in [(socket.AF_INET, ('127.0.0.1', {port})), "
        f"(socket.AF_UNIX, {str(unix_path)!r}), (socket.AF_INET, ('1.1.1.1', 80))]:\n"
        "    s = socket.socket(family)\n    s.settimeout(2)\n"
        "    try:\n        s.connect(addr)\n        RESULTS.append('connected')\n"
        "    except OSError as e:\n        RESULTS.append(type(e).__name__)\n"
    )
    try:
        with probe(code) as sp:
            assert "connected" not in sp.get("RESULTS")
        assert accepted == []
    finally:
        server.close()
        userver.close()
        unix_path.unlink()


@needs_namespaces
def test_namespaces_filesystem_is_read_only_outside_scratch_and_tmp():
    code = (
        "import os\nWRITES = {}\n"
        "for p in ['/usr/pwned', '/etc/pwned', '/run/autograder/pwned', '/home/student/ok', "
        "'/tmp/ok']:\n"
        "    try:\n        open(p, 'w').write('x')\n        WRITES[p] = True\n"
        "    except OSError:\n        WRITES[p] = False\n"
    )
    with probe(code) as sp:
        writes = sp.get("WRITES")
    assert writes == {
        "/usr/pwned": False,
        "/etc/pwned": False,
        "/run/autograder/pwned": False,
        "/home/student/ok": True,
        "/tmp/ok": True,
    }
    assert not Path("/tmp/ok").exists() and not Path("/usr/pwned").exists()


@needs_full
def test_full_process_limit_stops_a_fork_bomb_and_nothing_survives():
    code = (
        "import os, time\nCHILDREN = 0\n"
        "try:\n"
        "    for _ in range(500):\n"
        "        if os.fork() == 0:\n            time.sleep(600)\n            os._exit(0)\n"
        "        CHILDREN += 1\n"
        "except OSError as e:\n    ERR = type(e).__name__\n"
    )
    with probe(code) as sp:
        children, uid = sp.get("CHILDREN"), sp._lease.uid
        assert children < LIMITS.processes
        assert sp.get("ERR") == "BlockingIOError"
        assert len(isolation.processes_of_uid(uid)) > 1
    assert isolation.processes_of_uid(uid) == []


@needs_full
def test_a_python_installed_under_tmp_is_still_visible(tmp_path, monkeypatch):
    """The sandbox's private /tmp must not hide a venv or checkout that lives in /tmp."""
    real_roots = isolation.python_roots
    monkeypatch.setattr(
        isolation, "python_roots", lambda python: [Path("/tmp/fake-venv"), *real_roots(python)]
    )
    args = isolation.wrap(["python"], Level.FULL, None, uid=isolation.UID_BASE, storage=1 << 20)
    tmpfs_at = args.index("--tmpfs")
    assert args[tmpfs_at + 1] == "/tmp"
    bind_at = args.index("/tmp/fake-venv")
    assert tmpfs_at < bind_at


def test_a_symlinked_venv_is_named_by_its_real_directory(tmp_path, monkeypatch):
    """Only resolved directories are bound into the sandbox, so name python through them;
    the file itself stays in the venv's bin/ so that Python still finds pyvenv.cfg."""
    real = tmp_path / "real-venv"
    (real / "bin").mkdir(parents=True)
    (real / "bin" / "python").symlink_to(sys.executable)
    link = tmp_path / "venv"
    link.symlink_to(real)
    monkeypatch.setattr(sys, "prefix", str(link))
    monkeypatch.setattr(sys, "executable", str(link / "bin" / "python"))
    assert isolation.sandbox_python() == str(real.resolve() / "bin" / "python")


def fresh_runtime_dir(tmp_path, monkeypatch) -> Path:
    """``runtime_dir()`` as a new grader process would compute it, with ``tmp_path`` as /tmp."""
    monkeypatch.setattr(isolation.tempfile, "tempdir", str(tmp_path))
    isolation.runtime_dir.cache_clear()
    try:
        return isolation.runtime_dir()
    finally:
        isolation.runtime_dir.cache_clear()


def test_graders_of_one_version_share_one_copy_of_the_worker_programs(tmp_path, monkeypatch):
    """A killed grader (no atexit) must not leave a new folder behind each time."""
    first = fresh_runtime_dir(tmp_path, monkeypatch)
    second = fresh_runtime_dir(tmp_path, monkeypatch)
    assert first == second
    assert first.name.startswith(f"autograder-runtime-{os.getuid()}-")
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no staging copy left over
    for name in isolation.RUNTIME_FILES:
        source = Path(isolation.__file__).with_name(name)
        assert (first / name).read_bytes() == source.read_bytes()
        assert (first / name).stat().st_mode & 0o777 == 0o644


def test_a_tampered_or_foreign_runtime_folder_is_never_used(tmp_path, monkeypatch):
    shared = fresh_runtime_dir(tmp_path, monkeypatch)
    (shared / "worker.py").chmod(0o666)  # writable by anyone: someone may have changed it
    private = fresh_runtime_dir(tmp_path, monkeypatch)
    assert private != shared
    assert (private / "worker.py").read_bytes() == (
        Path(isolation.__file__).with_name("worker.py").read_bytes()
    )
    (shared / "worker.py").chmod(0o644)
    (shared / "worker.py").write_text("print('not the worker')")  # changed contents
    assert fresh_runtime_dir(tmp_path, monkeypatch) not in (shared, private)
    if os.getuid() == 0:  # a folder of another user (only root can make one for the test)
        os.chown(shared, 12345, 12345)
        assert fresh_runtime_dir(tmp_path, monkeypatch) != shared


def _leave_behind(uid: int) -> int:
    """Start a process of ``uid`` that is not ours to reap (as a killed grader's worker
    would leave behind); its pid."""
    import subprocess

    def become():
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)

    shell = subprocess.run(
        ["sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!"],
        preexec_fn=become, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(shell.stdout)


@needs_full
def test_a_uid_left_with_processes_is_cleared_before_it_is_leased_again(tmp_path, monkeypatch):
    first = isolation.UidLease(tmp_path)
    leftover = _leave_behind(first.uid)
    os.close(first._fd)  # the grader was killed: the kernel frees its lock, nothing else
    try:
        again = isolation.UidLease(tmp_path)
        assert again.uid == first.uid and isolation.processes_of_uid(again.uid, zombies=False) == []
        again.release(clean=True)
        # released clean (the runner has just seen it empty): the next lease skips the search
        searched = []
        monkeypatch.setattr(isolation, "kill_uid", searched.append)
        isolation.UidLease(tmp_path).release(clean=True)
        assert searched == []
    finally:
        try:
            os.kill(leftover, 9)
        except ProcessLookupError:
            pass


@needs_full
def test_a_sandbox_process_that_ended_but_is_not_reaped_does_not_stop_kill_uid():
    # after kill -9 of a batch, its student processes are reaped by whatever adopts them,
    # maybe late; a zombie runs nothing, so the uid's next job need not wait for it
    uid = isolation.UID_BASE + isolation.UID_COUNT - 1
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
        finally:
            os._exit(0)
    try:
        for _ in range(500):
            if pid in isolation.processes_of_uid(uid) and pid not in isolation.processes_of_uid(
                uid, zombies=False
            ):
                break
            time.sleep(0.01)
        else:
            raise AssertionError("the child never became a zombie of the sandbox uid")
        started = time.monotonic()
        isolation.kill_uid(uid, timeout=2.0)  # raised "survive SIGKILL" before
        assert time.monotonic() - started < 1.0
    finally:
        os.waitpid(pid, 0)

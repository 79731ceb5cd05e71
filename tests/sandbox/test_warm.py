"""Warm workers: forked from one fork server, yet each a fresh, isolated, limited process."""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from pathlib import Path

import pytest

from autograder.sandbox import forkserver
from autograder.sandbox import warm as warm_servers
from autograder.sandbox.isolation import (
    UID_BASE,
    UID_COUNT,
    Level,
    detect,
    processes_of_uid,
    python_roots,
)
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import Cell, StudentProcess
from autograder.sandbox.servers import ForkServers, default_servers
from autograder.sandbox.spawn import server_environment

LEVEL = detect().best
needs_namespaces = pytest.mark.skipif(LEVEL < Level.USERNS, reason="needs bubblewrap")
needs_full = pytest.mark.skipif(LEVEL < Level.FULL, reason="needs root and bubblewrap")

LEAVE_TRACES = """
import os, sys, torch
SECRET = "alice's answer"
torch.manual_seed(123)
os.environ["LEFT_BEHIND"] = "yes"
open("/tmp/left-behind", "w").write(SECRET)
open(os.path.expanduser("~/left-behind"), "w").write(SECRET)
open("/dev/shm/left-behind", "w").write(SECRET)
sys.modules["torch"].LEFT_BEHIND = True
import subprocess
subprocess.Popen(["sleep", "600"])
"""

LOOK_AROUND = """
import os, sys, torch
status = dict(line.split(":\\t", 1) for line in open("/proc/self/status") if ":\\t" in line)
seen = {
    "tmp": sorted(os.listdir("/tmp")),
    "home": sorted(os.listdir(os.path.expanduser("~"))),
    "shm": sorted(os.listdir("/dev/shm")),
    "env": "LEFT_BEHIND" in os.environ,
    "module": hasattr(sys.modules["torch"], "LEFT_BEHIND"),
    "secret": "SECRET" in globals(),
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "pid": os.getpid(),
    "uid": os.getuid(),
    "caps": [status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")],
    "nnp": status["NoNewPrivs"].strip(),
    "scratches": os.listdir("/run/scratches") if os.path.isdir("/run/scratches") else None,
}
"""


def look(cells: list[str], **kwargs) -> dict:
    with StudentProcess(
        [Cell(f"c{i}", s) for i, s in enumerate(cells)], Limits(), level=LEVEL, **kwargs
    ) as process:
        outcomes = process.run_cells()
        assert all(o.ok for o in outcomes.values()), outcomes
        return process.get("seen")


@needs_namespaces
def test_nothing_of_one_student_reaches_the_next():
    with StudentProcess([Cell("a", LEAVE_TRACES)], Limits(), level=LEVEL) as first:
        assert first.run_cells()["a"].ok
        first_uid = first._lease.uid if first._lease else None
        seen = look([LOOK_AROUND])  # while the first one still runs
    # /tmp is empty but for the read-only bind of this Python if it lives there (a
    # checkout under /tmp): nothing the first student wrote
    allowed = {q.parts[2] for q in map(Path, python_roots())
               if q.parts[:2] == ("/", "tmp") and len(q.parts) > 2}  # fmt: skip
    assert set(seen["tmp"]) <= allowed and "left-behind" not in seen["tmp"]
    assert seen["home"] == [] and seen["shm"] == []
    assert not seen["env"] and not seen["module"] and not seen["secret"]
    assert seen["pid"] == 1 and seen["pids"] == [1]  # its own pid namespace, alone in it
    assert seen["scratches"] == []  # no other student's scratch directory
    if first_uid is not None:
        assert seen["uid"] != first_uid  # concurrent jobs never share a uid


@needs_namespaces
def test_every_worker_drops_every_privilege():
    seen = look([LOOK_AROUND])
    assert seen["caps"] == ["0000000000000000"] * 5
    assert seen["nnp"] == "1"
    if LEVEL is Level.FULL:
        assert UID_BASE <= seen["uid"] < UID_BASE + UID_COUNT


@needs_full
def test_closing_a_submission_leaves_no_process_of_its_uid():
    with StudentProcess([Cell("a", LEAVE_TRACES)], Limits(), level=LEVEL) as process:
        assert process.run_cells()["a"].ok
        uid = process._lease.uid
        assert len(processes_of_uid(uid)) >= 2  # the worker and its `sleep`
    assert processes_of_uid(uid) == []


ESCAPE = """
import os, subprocess
if os.fork() == 0:  # a daemon: out of the worker's session and process group
    os.setsid()
    subprocess.Popen(["sleep", "613.5"], start_new_session=True)
    os._exit(0)
os.wait()
"""


def sleepers(token: str) -> list[int]:
    """Pids of ``sleep TOKEN`` processes anywhere on this machine."""
    pids = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if cmdline == f"sleep\0{token}\0".encode():
            pids.append(int(entry))
    return pids


def _parent(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("\nPPid:\t", 1)[1].split()[0])


def spawned_through_a_helper(sleeper: int) -> bool:
    """Whether the worker that started ``sleeper`` was forked by a helper of the fork
    server (the helper's parent is the server) or by the server itself (whose parent is
    bubblewrap)."""
    spawner = _parent(_parent(sleeper))
    program = Path(f"/proc/{_parent(spawner)}/cmdline").read_bytes().split(b"\0")[0]
    return not program.endswith(b"bwrap")


@pytest.fixture
def helper_server():
    """A fork server that spawns each worker through a helper, as it does on hosts where
    it may not go back into its own pid namespace after making one (``ONE_FORK``)."""
    environment = {**server_environment(LEVEL), "AUTOGRADER_FORK_HELPER": "1"}
    server = warm_servers.ForkServer(LEVEL, environment=environment)
    default_servers().adopt(server)
    yield server
    server.close()
    default_servers()._servers.clear()


@needs_namespaces
@pytest.mark.parametrize("helper", [False, True], ids=["one fork", "through a helper"])
def test_either_way_of_spawning_isolates_and_leaves_nothing(helper, request):
    if helper:
        request.getfixturevalue("helper_server")
    seen = look([LOOK_AROUND])
    server = default_servers().server(LEVEL, False, {})
    if helper:
        assert not server.one_fork
    elif LEVEL is Level.FULL:  # as root the server may always go back to its pid namespace
        assert server.one_fork
    through_helper = not server.one_fork  # (without root, the host may not allow one fork)
    assert seen["pid"] == 1 and seen["pids"] == [1]
    assert seen["caps"] == ["0000000000000000"] * 5 and seen["nnp"] == "1"
    with StudentProcess([Cell("a", ESCAPE)], Limits(), level=LEVEL) as process:
        assert process.run_cells()["a"].ok
        (sleeper,) = sleepers("613.5")
        assert spawned_through_a_helper(sleeper) is through_helper
        swept = process._lease is not None  # (level full: no process of its uid is left)
    if through_helper and not swept:  # the namespace dies with the worker, it with the helper
        deadline = time.monotonic() + 5
        while sleepers("613.5") and time.monotonic() < deadline:
            time.sleep(0.01)
    assert sleepers("613.5") == []
    segfault = [Cell("a", "import ctypes\nctypes.string_at(0)\n")]
    with StudentProcess(segfault, Limits(), level=LEVEL) as process:
        outcome = process.run_cells()["a"]
    assert not outcome.ok and outcome.error["message"] == "it was ended by signal SIGSEGV"


def test_the_limits_apply_to_forked_workers():
    cells = [Cell("big", "x = bytearray(3 * 1024**3)\n")]
    with StudentProcess(cells, Limits(memory_mb=2048), level=LEVEL) as process:
        outcome = process.run_cells()["big"]
    assert not outcome.ok and "memory limit" in outcome.error["message"]


@needs_full
def test_a_worker_killed_from_outside_is_reported_as_killed():
    """As the kernel's OOM killer would: the worker (pid 1 of its namespace, so only a
    signal from outside reaches it) gets SIGKILL in the middle of a cell."""
    cells = [Cell("sleeps", "import time\ntime.sleep(20)\n")]
    with StudentProcess(cells, Limits(), level=LEVEL) as process:

        def kill_the_worker():
            for pid in processes_of_uid(process._lease.uid):
                os.kill(pid, signal.SIGKILL)

        threading.Timer(2.0, kill_the_worker).start()
        outcome = process.run_cells()["sleeps"]
    assert not outcome.ok
    assert outcome.error["message"] == "it was killed, most likely for using too much memory"


def test_a_worker_that_crashes_is_reported_by_its_signal():
    cells = [Cell("segfaults", "import ctypes\nctypes.string_at(0)\n")]
    with StudentProcess(cells, Limits(), level=LEVEL) as process:
        outcome = process.run_cells()["segfaults"]
    assert not outcome.ok and outcome.error["message"] == "it was ended by signal SIGSEGV"


def test_a_dead_fork_server_is_replaced():
    assert look(["seen = 1\n"]) == 1
    server = next(iter(default_servers()._servers.values()))
    os.killpg(server._proc.pid, signal.SIGKILL)
    server._proc.wait()
    assert look(["seen = 2\n"]) == 2
    assert default_servers().server(LEVEL, False, {}) is not server


def test_cold_and_warm_workers_answer_alike():
    cells = ["import torch\ntorch.manual_seed(5)\nseen = torch.rand(3).tolist()\n"]
    assert look(cells, warm=True) == look(cells, warm=False)


def test_a_worker_starts_from_its_own_seed_not_the_servers():
    cells = ["import random, torch\nseen = [torch.initial_seed(), torch.rand(2).tolist()]\n"]
    cells.append("seen.append(random.random())\n")
    warm, cold = look(cells, warm=True, seed=77), look(cells, warm=False, seed=77)
    assert warm == cold
    assert warm[0] == 77 and look(cells, warm=True, seed=78)[1] != warm[1]


def test_a_worker_whose_isolation_fails_never_runs_student_code():
    # in this (test) process the capabilities are whatever the test runner has: as root
    # they are not empty, so the check that guards every worker must refuse
    if os.geteuid() != 0:
        pytest.skip("an unprivileged process has no capabilities to find")
    with pytest.raises(RuntimeError, match="Cap"):
        forkserver._verify(None)


PLOT = """
import gc
import matplotlib.pyplot as plt
from matplotlib.layout_engine import TightLayoutEngine

fig, axes = plt.subplots(1, 2, figsize=(6, 3))
for ax in axes:
    ax.plot([0, 1], [0, 1000000])
    ax.set_title("a long title that needs room")
default = [list(ax.get_position().bounds) for ax in axes]
plt.tight_layout()
engine = type(fig.get_layout_engine()).__name__
before_draw = [list(ax.get_position().bounds) for ax in axes]
fig.canvas.draw()  # as savefig or display would
after_draw = [list(ax.get_position().bounds) for ax in axes]

same = plt.figure(layout="tight")  # matplotlib's own deferred tight layout, for comparison
ax2 = same.subplots(1, 2)
same.set_size_inches(6, 3)
for ax in ax2:
    ax.plot([0, 1], [0, 1000000])
    ax.set_title("a long title that needs room")
same.canvas.draw()
reference = [list(ax.get_position().bounds) for ax in ax2]
frozen = gc.get_freeze_count()
"""


def _flat(rows: list[list[float]]) -> list[float]:
    return [x for row in rows for x in row]


def test_tight_layout_is_laid_out_when_drawn_not_when_asked():
    """Nothing is drawn while grading: ``tight_layout()`` sets the tight layout engine,
    and a figure that is drawn (saved, shown) still comes out laid out, exactly as
    ``layout="tight"`` lays it out."""
    with StudentProcess([Cell("plot", PLOT)], Limits()) as process:
        outcome = process.run_cells()["plot"]
        assert outcome.ok, outcome.error
        values = {name: process.get(name) for name in
                  ("engine", "default", "before_draw", "after_draw", "reference")}  # fmt: skip
    assert values["engine"] == "TightLayoutEngine"
    assert values["before_draw"] == values["default"]  # nothing laid out yet
    assert values["after_draw"] != values["default"]  # the draw applied it
    assert _flat(values["after_draw"]) == pytest.approx(_flat(values["reference"]))


def test_cold_and_warm_workers_lay_out_plots_alike():
    results = []
    for warm in (True, False):
        with StudentProcess([Cell("plot", PLOT)], Limits(), warm=warm) as process:
            assert process.run_cells()["plot"].ok
            results.append(process.get("after_draw"))
    assert _flat(results[0]) == pytest.approx(_flat(results[1]))


def test_forks_share_the_servers_objects_frozen_out_of_the_gc():
    """The fork server freezes its objects (torch, matplotlib) before forking, so the
    cyclic GC of a worker never writes to, and so never copies, their pages."""
    with StudentProcess([Cell("plot", PLOT)], Limits()) as process:
        assert process.run_cells()["plot"].ok
        assert process.get("frozen") > 10_000


def _in_a_forked_grader(work) -> str:
    """Run ``work()`` in a forked child (as a pool worker is) and return what it returned."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            os.write(write, str(work()).encode())
        except BaseException as exc:  # noqa: BLE001 (reported to the parent)
            os.write(write, f"{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return text


def test_servers_started_ahead_serve_the_graders_that_adopt_them():
    """A batch starts its fork servers before its own imports; each forked grader
    adopts one (another process's child: it tells that it is alive by its pidfd),
    lets go of the others, and every server ends with the graders that used it."""
    batch = ForkServers()
    batch.start_ahead(LEVEL, server_environment(LEVEL), 2)
    servers = batch.take_ahead(LEVEL, cuda=False)
    assert len(servers) == 2 and batch.take_ahead(LEVEL, cuda=False) == []
    assert servers[0]._proc is servers[1]._proc  # one server: torch imported once for both

    def grade_with_the_first():
        servers[1].detach()
        mine = ForkServers()
        mine.adopt(servers[0])
        with StudentProcess([Cell("a", "x = 6 * 7")], level=LEVEL, servers=mine) as process:
            process.run_cells()
            answer = process.get("x")
        same = mine.server(LEVEL, False, {}) is servers[0]  # alive, so not replaced
        os.killpg(servers[0]._proc.pid, signal.SIGKILL)
        servers[0].close()
        mine._servers.clear()
        return f"{answer} {same}"

    try:
        assert _in_a_forked_grader(grade_with_the_first) == "42 True"
    finally:
        for server in servers:
            server.reap(timeout=20)
    assert all(s._proc.returncode is not None for s in servers)  # both gone, reaped here


def test_a_handle_let_go_while_the_server_starts_leaves_the_others_working():
    """A batch of one submission started servers ahead for every worker, then grades in
    its own process and lets the other handles go at once, before the server is ready:
    the server drops those and serves the handle that was kept."""
    batch = ForkServers()
    batch.start_ahead(LEVEL, server_environment(LEVEL), 2)
    kept, dropped = batch.take_ahead(LEVEL, cuda=False)
    dropped.close()  # at once: the server is still importing torch

    def grade():
        mine = ForkServers()
        mine.adopt(kept)
        with StudentProcess([Cell("a", "x = 6 * 7")], level=LEVEL, servers=mine) as process:
            process.run_cells()
            answer = process.get("x")
        mine.close()
        return str(answer)

    try:
        assert _in_a_forked_grader(grade) == "42"
    finally:
        kept.reap(timeout=20)


def test_an_adopted_server_that_died_is_replaced():
    batch = ForkServers()
    batch.start_ahead(LEVEL, server_environment(LEVEL), 1)
    (server,) = batch.take_ahead(LEVEL, cuda=False)

    def after_its_death():
        mine = ForkServers()
        mine.adopt(server)
        os.killpg(server._proc.pid, signal.SIGKILL)
        for _ in range(500):
            if not server.alive:
                break
            time.sleep(0.01)
        replacement = mine.server(LEVEL, False, server_environment(LEVEL))
        with StudentProcess([Cell("a", "x = 1")], level=LEVEL, servers=mine) as process:
            process.run_cells()
            answer = process.get("x")
        mine.close()
        return f"{server.alive} {replacement is not server} {answer}"

    try:
        assert _in_a_forked_grader(after_its_death) == "False True 1"
    finally:
        server.reap(timeout=20)


def test_servers_started_ahead_and_never_taken_stop_with_their_holder():
    with ForkServers() as batch:
        batch.start_ahead(LEVEL, server_environment(LEVEL), 1)
        (server,) = batch._ahead
    assert batch._ahead == [] and server._proc.returncode is not None


def test_a_process_forked_from_the_holder_starts_with_no_servers():
    """A forked grader must not use, or close, the servers of the process it was forked
    from (closing them would kill that process's students)."""
    holder = ForkServers()
    holder.start_ahead(LEVEL, server_environment(LEVEL), 1)

    def in_the_child():
        holder.close()  # the child's own: none, so nothing of the parent's is closed
        return str(len(holder._ahead))

    try:
        assert _in_a_forked_grader(in_the_child) == "0"
        (server,) = holder._ahead  # the parent's is still there, and runs
        assert server.alive
    finally:
        holder.close()


def _idle_worker(handle: warm_servers.ForkServer):
    """A worker spawned through ``handle`` that waits for the grader; and its reply pipe."""
    to_worker, theirs_in = os.pipe()
    theirs_out, from_worker = os.pipe()
    stderr = os.open(os.devnull, os.O_WRONLY)
    scratch = handle.new_scratch() if handle.level is Level.PROCESS else None
    child = handle.spawn(
        scratch, (to_worker, from_worker, stderr), {}, {}, None, storage=Limits().storage()
    )
    for fd in (to_worker, from_worker, stderr):
        os.close(fd)
    return child, theirs_in, theirs_out


def _ends(fd: int, timeout: float = 20.0) -> bool:
    """Whether the worker on the other end of ``fd`` exits (its pipe reaches EOF)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([fd], [], [], deadline - time.monotonic())[0] and not os.read(fd, 65536):
            return True
    return False


def test_graders_sharing_a_server_see_wait_for_and_lose_only_their_own_workers():
    server = warm_servers.ForkServer(LEVEL, environment=server_environment(LEVEL), clients=2)
    (other,) = server.shares()
    try:
        mine, mine_in, mine_out = _idle_worker(server)
        theirs, theirs_in, theirs_out = _idle_worker(other)
        with pytest.raises(warm_servers.ForkServerError):
            other._ask({"op": "kill", "pid": mine.pid})  # not its worker
        # a long wait of one grader holds up no other: the spawn is answered during it
        waiting = threading.Thread(target=mine.wait, kwargs={"timeout": 8.0})
        waiting.start()
        third, _, _ = _idle_worker(other)
        assert waiting.is_alive() and third.poll() is None
        waiting.join()
        assert mine.returncode is None  # still running: the wait timed out
        server.close()  # one grader leaves: its worker is killed, the other's runs on
        assert _ends(mine_out)
        assert theirs.poll() is None and other.alive
        theirs.kill()
        assert _ends(theirs_out) and theirs.wait() == -signal.SIGKILL
    finally:
        server.close()
        other.close()  # the last handle, in the process that started it: the server stops
    assert server._proc.returncode is not None and not server.scratch_root.exists()


def test_the_server_starts_from_the_graders_font_list(tmp_path, monkeypatch):
    """The grader's matplotlib font list reaches the server's (empty) config folder."""
    cache, root, inside = tmp_path / "cache", tmp_path / "root", tmp_path / "server-tmp"
    cache.mkdir()
    root.mkdir()
    (cache / "fontlist-v3.11.0.json").write_text('{"_version": "x"}')
    (cache / "other.json").write_text("{}")
    monkeypatch.setenv("MPLCONFIGDIR", str(cache))
    env = warm_servers._font_cache(root, Level.FULL)
    assert env == {"AUTOGRADER_FONT_CACHE": f"/run/scratches/{warm_servers.FONT_CACHE}"}
    assert warm_servers._font_cache(tmp_path / "elsewhere", Level.PROCESS) == {}  # no sandbox
    # the server's side, with the folder as it sees it
    monkeypatch.setenv("AUTOGRADER_FONT_CACHE", str(root / warm_servers.FONT_CACHE))
    monkeypatch.setenv("MPLCONFIGDIR", str(inside / "matplotlib"))
    forkserver._seed_font_cache()
    assert os.listdir(inside / "matplotlib") == ["fontlist-v3.11.0.json"]
    assert "AUTOGRADER_FONT_CACHE" not in os.environ  # the workers' environment never has it


def test_the_server_imports_what_students_reach_late_and_draws_once_while_idle():
    """torch.func and torch.optim import torch._dynamo on first use, and a process's first
    plot imports the contouring and Agg modules and builds the math text parser; the server
    does both once while idle, so later forks share them, leaves pyplot without figures,
    and a fork asked for at once still comes."""
    from autograder.sandbox import worker

    server = warm_servers.ForkServer(LEVEL, environment=server_environment(LEVEL))
    probe = (
        "import sys\nimport matplotlib.mathtext as mt\nimport matplotlib.pyplot as plt\n"
        "late = [m for m in LATE if m in sys.modules]\nfigures = plt.get_fignums()\n"
        "drawn = 'contourpy' in sys.modules and mt.MathTextParser._parser is not None\n"
    )
    cells = [Cell("a", f"LATE = {worker.LATE_IMPORTS!r}"), Cell("b", probe)]
    servers = ForkServers()
    try:
        servers.adopt(server)
        with StudentProcess(cells, level=LEVEL, servers=servers) as process:  # not yet idle
            assert all(o.ok for o in process.run_cells().values())
        deadline = time.monotonic() + 60
        while True:
            with StudentProcess(cells, level=LEVEL, servers=servers) as process:
                process.run_cells()
                late, drawn, figures = (process.get(n) for n in ("late", "drawn", "figures"))
            if (late == list(worker.LATE_IMPORTS) and drawn) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert late == list(worker.LATE_IMPORTS) and drawn and figures == []
        code = "import torch\nx = torch.ones(2, requires_grad=True)\n"
        code += "opt = torch.optim.SGD([x], lr=0.5)\n(x ** 2).sum().backward()\nopt.step()\n"
        code += "g = torch.func.grad(lambda v: (v ** 3).sum())(torch.ones(2)).tolist()\n"
        code += "import matplotlib.pyplot as plt\nnumber = plt.figure().number\n"
        with StudentProcess([Cell("c", code)], level=LEVEL, servers=servers) as process:
            assert all(o.ok for o in process.run_cells().values())
            assert process.get("g") == [3.0, 3.0] and process.get("number") == 1
            assert process.get("x") is not None
    finally:
        servers.close()

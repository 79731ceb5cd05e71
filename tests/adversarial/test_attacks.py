"""The adversarial suite: hostile notebooks graded by the CLI, next to an honest student.

For every attack in :mod:`tests.adversarial.attacks`, in one batch (the honest
student is regraded right after the attacker):

- grading finishes and the CLI exits 0 with a well-formed results.json;
- the attacked names earn 0 and every other name keeps full marks (points and
  max scores come from the instructor, not the notebook);
- probes that try to leak something report that nothing leaked;
- nothing is written outside the sandbox's scratch (marker files, canaries,
  results files), and no process of the submission survives it;
- the honest student's results.json is byte-identical to grading them alone.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output

from autograder import cli
from autograder.assignments import REPO_ROOT, get_assignment
from autograder.notebook.cells import CellRole, cell_role, grade_id
from autograder.sandbox import isolation
from autograder.sandbox.isolation import Level, detect
from tests.adversarial.attacks import ATTACKS, Attack
from tests.checks.conftest import model_submission

pytestmark = pytest.mark.slow
A = get_assignment("ps2-descent")
LEVEL = detect().best
CONFIG = """
c = get_config()  # noqa
c.Grader.cell_timeout = 5.0
c.Grader.call_timeout = 4.0
c.Grader.submission_timeout = 90.0
c.Grader.memory_mb = 3072
c.Grader.seed = 77
c.Grader.device = "cpu"
c.Grader.isolation = "process"
c.Grader.own_numbers = False  # the submissions carry the published numbers' answers
"""


def slim_submission(replacements: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The model answers without the plotting examples (only the imports cell stays)."""
    nb = model_submission(A.id, replacements)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells = [
        c
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (i == first_code or cell_role(c) is not CellRole.READONLY)
    ]
    return nb


def tamper(nb: nbformat.NotebookNode, spec: dict) -> None:
    """Notebook-metadata attacks: points, duplicated/renamed/deleted tests, fake outputs."""
    cells = []
    for cell in nb.cells:
        gid = grade_id(cell)
        meta = cell.metadata.get("nbgrader", {})
        if gid == spec.get("delete"):
            continue
        if cell_role(cell) is CellRole.TEST:
            meta["points"] = spec.get("points", meta.get("points"))
            if spec.get("prefill"):
                cell.outputs = [
                    new_output("execute_result", data={"text/plain": "100"}, execution_count=1)
                ]
        if gid == spec.get("rename"):
            meta["grade_id"] = gid + "_renamed"
        cells.append(cell)
        if gid == spec.get("duplicate"):
            cells.append(copy.deepcopy(cell))
    nb.cells = cells


@dataclass
class Arena:
    """A batch: the course folder, the honest student's baseline, host-side traps."""

    root: Path
    marker: str
    port: int
    unix: Path
    canary: Path
    baseline: bytes = b""
    received: list[bytes] = field(default_factory=list)

    def _args(self, notebook: Path, student: str, results: Path) -> list[str]:
        return [
            "grade",
            str(notebook),
            "--assignment",
            A.id,
            "--student",
            student,
            "--results",
            str(results),
            "--config",
            str(self.root / "grader_config.py"),
            "--quiet",
        ]

    def grade(self, notebook: Path, student: str) -> tuple[int, bytes, str]:
        """The attacker: a real ``python -m autograder grade`` process (its exit status)."""
        results = notebook.with_suffix(".results.json")
        results.unlink(missing_ok=True)
        proc = subprocess.run(
            [sys.executable, "-m", "autograder", *self._args(notebook, student, results)],
            capture_output=True,
            text=True,
            cwd=notebook.parent,
            timeout=600,
        )
        return proc.returncode, results.read_bytes() if results.exists() else b"", proc.stderr

    def grade_in_process(self, notebook: Path, student: str) -> tuple[int, bytes]:
        """The honest student, right after: the same CLI entry point, in this process."""
        results = notebook.with_suffix(".results.json")
        results.unlink(missing_ok=True)
        code = cli.main(self._args(notebook, student, results))
        return code, results.read_bytes() if results.exists() else b""

    def fmt(self, code: str) -> str:
        """Fill the attack's placeholders ({marker}, {port}, ...) literally."""
        values = {
            "marker": self.marker,
            "port": self.port,
            "unix": self.unix,
            "repo": REPO_ROOT,
            "course": self.root,
            "canary": self.canary,
        }
        for key, value in values.items():
            code = code.replace("{" + key + "}", str(value))
        return code


def _listen_tcp(arena: Arena, server: socket.socket) -> None:
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(1)
            try:
                arena.received.append(conn.recv(100) or b"<connected>")
            except OSError:
                arena.received.append(b"<connected>")


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    yield from open_arena(tmp_path_factory.mktemp("arena"), CONFIG)


def open_arena(root: Path, config: str):
    """An :class:`Arena` in ``root`` graded with ``config`` (a generator: the traps close
    after its one ``yield``)."""
    marker = f"pwn{uuid.uuid4().hex[:10]}"
    (root / "grader_config.py").write_text(config)
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(5)
    unix = Path("/tmp") / f"{marker}.sock"
    usock = socket.socket(socket.AF_UNIX)
    usock.bind(str(unix))
    usock.listen(5)
    arena = Arena(root, marker, tcp.getsockname()[1], unix, Path("/tmp") / f"{marker}-canary")
    threading.Thread(target=_listen_tcp, args=(arena, tcp), daemon=True).start()
    threading.Thread(target=_listen_tcp, args=(arena, usock), daemon=True).start()
    honest = root / "honest" / A.filename
    honest.parent.mkdir()
    nbformat.write(slim_submission(), honest)
    code, arena.baseline, err = arena.grade(honest, "honest")
    assert code == 0 and arena.baseline, err
    yield arena
    tcp.close()
    usock.close()
    unix.unlink(missing_ok=True)


def stray_files(arena: Arena) -> list[str]:
    """Files the attack may have planted outside the sandbox."""
    found = []
    for folder in (Path("/tmp"), REPO_ROOT, Path.home(), arena.root):
        for entry in folder.iterdir():
            if arena.marker in entry.name and entry != arena.unix:
                found.append(str(entry))
    for path in (
        arena.canary,
        REPO_ROOT / "results.json",
        arena.root / "results.json",
        Path("/autograder/results/results.json"),
        Path("/tmp/results.json"),
        arena.root / "conftest.py",
        arena.root / "torch.py",
        Path("/tmp/torch.py"),
        Path("/tmp/conftest.py"),
        Path("/tmp/sitecustomize.py"),
    ):
        if path.exists():
            found.append(str(path))
    return found


def surviving_processes(arena: Arena) -> list[int]:
    """Processes left by the attacker: any sandbox uid, or the run's marker on a command line."""
    pids = []
    locks = Path("/tmp/autograder-uids")
    for lock in sorted(locks.glob("*.lock")) if LEVEL is Level.FULL else []:
        fd = os.open(lock, os.O_RDWR)
        try:  # a uid whose lock is free belongs to no running job: it must have no processes
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # another job (a parallel test) holds it right now
        else:
            pids += isolation.processes_of_uid(int(lock.stem), zombies=False)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if arena.marker.encode() in cmdline and "pytest" not in cmdline.decode(errors="ignore"):
                pids.append(int(entry))
    return pids


def test_there_are_at_least_twenty_attacks():
    assert len(ATTACKS) >= 20
    assert len({a.id for a in ATTACKS}) == len(ATTACKS)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_attack_is_contained(arena: Arena, attack: Attack):
    assert_contained(arena, attack)


def assert_contained(arena: Arena, attack: Attack) -> dict:
    """Grade ``attack`` and assert it is contained (see the module's docstring); returns
    its results.json."""
    if LEVEL < attack.min_level:
        pytest.skip(
            f"needs isolation level {attack.min_level.name.lower()}; this host gives "
            f"{LEVEL.name.lower()} (SECURITY.md: not defended at that level)"
        )
    nb = slim_submission({gid: arena.fmt(code) for gid, code in attack.cells.items()})
    if attack.metadata:
        tamper(nb, attack.metadata)
    attacker = arena.root / f"attacker-{attack.id}" / A.filename
    attacker.parent.mkdir()
    nbformat.write(nb, attacker)
    received_before = len(arena.received)

    code, raw, err = arena.grade(attacker, "attacker")

    # grading finished, the exit status and results are intact
    assert code == 0, err
    data = json.loads(raw)
    baseline = json.loads(arena.baseline)
    assert [t["name"] for t in data["tests"]] == list(A.graded_names)
    assert [t["max_score"] for t in data["tests"]] == [t["max_score"] for t in baseline["tests"]]
    scores = {t["name"]: t["score"] for t in data["tests"]}
    for name in A.graded_names:
        entry = next(t for t in data["tests"] if t["name"] == name)
        if name in attack.targets:
            assert scores[name] == 0, f"{name} earned points: {entry['output']}"
        else:
            assert scores[name] == entry["max_score"], f"{name} was harmed: {entry['output']}"
    assert data["score"] == sum(scores.values())
    if attack.leak_probe:
        feedback = next(t["output"] for t in data["tests"] if t["name"] == attack.targets[0])
        assert "is 1000," in feedback, f"the probe leaked something: {feedback}"
    # nothing outside the scratch, no survivors, no connections to the host
    assert stray_files(arena) == []
    assert surviving_processes(arena) == []
    assert arena.received[received_before:] == []
    # the next student in the batch is graded exactly as without the attacker
    code, honest = arena.grade_in_process(arena.root / "honest" / A.filename, "honest")
    assert code == 0
    assert honest == arena.baseline
    return data

"""What every fault test needs: a small course, a batch to hurt, and the checks after.

A course is built once per gradebook kind (``template``) and copied for each
case: ps4-backprop (fast to grade) with a submission of each kind (model
answers, a wrong answer, the blank release, an unreadable file, one that kills
its process, a late one, and two more model answers so a batch lasts long
enough to be hit in the middle). :class:`Batch` runs ``python -m autograder
autograde`` as a user would, in a session of its own (so a signal to its
process group reaches it and its workers, not the tests), and watches every
process it starts. After a fault, :func:`check_course` asserts what must hold
whatever happened: ``submitted/`` byte-identical, the gradebook intact, no
submission half-recorded, stamps only for complete records.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.assignments import get_assignment
from autograder.sandbox import isolation
from autograder.sandbox.isolation import Level, detect
from autograder.sandbox.leftovers import owner_alive
from tests.batch.test_run import build, gradebook

A = get_assignment("ps4-backprop")
#: Students, as in ``tests/batch/test_run.py`` but without the one that hangs (its
#: time limit would only lengthen every run) and with two more model answers.
STUDENTS = ("model", "twoax", "blank", "unreadable", "crashes", "late", "model2", "model3")
#: A gradebook that cannot be used is retried for a few seconds only in these courses
#: (so a test of "beyond the budget" is short).
RETRY_S = 4.0


def make_template(root: Path, db_url: str | None = None) -> Path:
    """The course: released, due date set, every student's submission in place."""
    import nbformat

    from tests.batch import test_run

    course = build(root, db_url)
    for extra in ("model2", "model3"):
        release = nbformat.read(course / "release" / A.id / A.filename, as_version=4)
        test_run._write(course, extra, "model", release)
    shutil.rmtree(course / "submitted" / "hangs")
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + f"c.Grader.gradebook_retry_seconds = {RETRY_S}\n")
    return course


def copy_course(template: Path, dest: Path, db_url: str | None = None) -> Path:
    """A fresh copy of ``template``; with ``db_url``, using that gradebook instead (a copy
    of the template's, see :func:`copy_database`)."""
    shutil.copytree(template, dest, symlinks=True)
    if db_url:
        config = dest / "nbgrader_config.py"
        config.write_text(config.read_text() + f"c.CourseDirectory.db_url = {db_url!r}\n")
    return dest


def copy_database(postgres, template: str, name: str) -> str:
    """A new PostgreSQL database, a copy of ``template`` (``CREATE DATABASE ... TEMPLATE``)."""
    conn = postgres.connect()
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        conn.close()
    return postgres.url_for(name)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path) → sha256 of its bytes, and its mode."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(folder))] = f"{data} {oct(path.stat().st_mode)}"
    return out


def db_url(course: Path) -> str:
    """The course's gradebook URL (an SQLite path made absolute)."""
    from autograder.batch.record import GradebookLock, db_url_of, load_course_config

    url = db_url_of(load_course_config(course))
    if url.startswith("sqlite"):
        return f"sqlite:///{GradebookLock(url, course)._sqlite_path()}"
    return url


# --------------------------------------------------------------------------- processes
def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of ``pid``, None if it is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2 :].split()
    if fields[0] == b"Z":  # a zombie has ended; only its parent's wait is missing
        return None
    return int(fields[1]), fields[19].decode()


class ProcessWatch:
    """Every descendant of ``root`` seen while it runs (polled), to find any left after it.

    A process that outlives its parent is reparented to init and so drops out of
    the tree: that is why the tree is recorded while it is whole.
    """

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.seen: dict[int, str] = {}  # pid → start time
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.snapshot()
            self._stop.wait(self.interval)

    def snapshot(self) -> None:
        parents: dict[int, list[int]] = {}
        starts: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                info = _stat(int(entry))
                if info is not None:
                    parents.setdefault(info[0], []).append(int(entry))
                    starts[int(entry)] = info[1]
        todo = [self.root]
        while todo:
            pid = todo.pop()
            if pid in starts:
                self.seen.setdefault(pid, starts[pid])
            todo += parents.get(pid, [])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def alive(self) -> dict[int, str]:
        """Those seen that still run (the same process: pid and start time), with their
        command lines."""
        left = {}
        for pid, start in self.seen.items():
            info = _stat(pid)
            if info is not None and info[1] == start:
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                left[pid] = cmd.decode(errors="replace")[:200]
        return left

    def wait_gone(self, timeout: float = 20.0) -> dict[int, str]:
        """Wait for every process seen to end; returns those left after ``timeout``."""
        deadline = time.monotonic() + timeout
        while (left := self.alive()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left


def sandbox_processes() -> list[int]:
    """Processes of sandbox uids that no job holds (level full): there must be none."""
    if detect().best is not Level.FULL:
        return []
    import fcntl

    pids = []
    for lock in sorted(Path("/tmp/autograder-uids").glob("*.lock")):
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a job (another test) holds it now
        else:
            pids += isolation.processes_of_uid(int(lock.stem), zombies=False)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    return pids


# --------------------------------------------------------------------------- the batch
@dataclass
class Batch:
    """``python -m autograder autograde`` on a course, in a session of its own."""

    course: Path
    args: tuple[str, ...] = ("--workers", "2")
    summary_path: Path | None = None
    proc: subprocess.Popen | None = None
    watch: ProcessWatch | None = None
    signalled_at: float | None = None
    exited_at: float | None = None
    stdout: str = ""
    stderr: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    def start(self) -> Batch:
        self.summary_path = self.summary_path or self.course.parent / (
            f"{self.course.name}-summary-{time.monotonic_ns()}.json"
        )
        self.summary_path.unlink(missing_ok=True)
        command = [sys.executable, "-m", "autograder", "autograde", A.id, "--course-dir",
                   str(self.course), "--json", str(self.summary_path), "--no-progress",
                   *self.args]  # fmt: skip
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env={**os.environ, **self.extra_env},
        )
        self.watch = ProcessWatch(self.proc.pid)
        return self

    def catches(self, signum: int) -> bool:
        """Whether the batch's process has a handler for ``signum`` (``SigCgt`` in /proc):
        before that, Python itself is starting and the signal's default action applies."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return False
        caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
        return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)

    def signal(self, signum: int, group: bool = False) -> None:
        """Send ``signum`` to the batch's process (or its whole process group)."""
        self.watch.snapshot()
        self.signalled_at = time.monotonic()
        if group:
            os.killpg(self.proc.pid, signum)
        else:
            os.kill(self.proc.pid, signum)

    def wait(self, timeout: float = 600) -> int:
        self.stdout, self.stderr = self.proc.communicate(timeout=timeout)
        self.exited_at = time.monotonic()
        self.watch.stop()
        return self.proc.returncode

    @property
    def summary(self) -> dict:
        try:
            return json.loads(self.summary_path.read_text())
        except (OSError, ValueError):
            return {}

    @property
    def log(self) -> str:
        return f"exit {self.proc.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def stamped(course: Path) -> set[str]:
    """Students with a stamp (recorded completely, from some inputs)."""
    folder = course / ".autograder" / "stamps" / A.id
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def wait_for(condition, timeout: float = 300.0, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


# --------------------------------------------------------------------------- the checks
def gradebook_rows(url: str) -> dict[str, list]:
    """Per student: their submission rows, and each grade's (cell, auto score)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            submissions = conn.execute(
                text(
                    "SELECT student.id, submitted_assignment.id FROM submitted_assignment "
                    "JOIN student ON student.id = submitted_assignment.student_id "
                    "JOIN assignment ON assignment.id = submitted_assignment.assignment_id "
                    "WHERE assignment.name = :a"
                ),
                {"a": A.id},
            ).all()
            grades = conn.execute(
                text(
                    "SELECT student.id, base_cell.name, grade.auto_score FROM grade "
                    "JOIN base_cell ON base_cell.id = grade.cell_id "
                    "JOIN submitted_notebook ON submitted_notebook.id = grade.notebook_id "
                    "JOIN submitted_assignment "
                    "  ON submitted_assignment.id = submitted_notebook.assignment_id "
                    "JOIN student ON student.id = submitted_assignment.student_id"
                )
            ).all()
            cells = conn.execute(
                text(
                    "SELECT count(*) FROM grade_cells "
                    "JOIN base_cell ON base_cell.id = grade_cells.id "
                    "JOIN notebook ON notebook.id = base_cell.notebook_id "
                    "JOIN assignment ON assignment.id = notebook.assignment_id "
                    "WHERE assignment.name = :a"
                ),
                {"a": A.id},
            ).scalar()
            integrity = None
            if url.startswith("sqlite"):
                integrity = conn.execute(text("PRAGMA integrity_check")).scalar()
    finally:
        engine.dispose()
    out: dict[str, list] = {"__integrity__": [integrity], "__cells__": [cells]}
    for student, submission in submissions:
        out.setdefault(student, []).append(("submission", submission))
    for student, cell, score in grades:
        out.setdefault(student, []).append((cell, score))
    return out


def check_course(course: Path, submitted_before: dict[str, str]) -> set[str]:
    """What must hold after any fault; returns the students recorded completely.

    - ``submitted/`` is byte-identical to before (and keeps its files' modes);
    - the gradebook is intact, and holds each student at most once, either not at
      all or with every grade scored: nothing half-recorded;
    - a stamp (a complete record) only where the gradebook and ``autograded/``
      have the student, with the results file beside the notebook.
    """
    assert tree_digest(course / "submitted") == submitted_before, "submitted/ changed"
    rows = gradebook_rows(db_url(course))
    assert rows.pop("__integrity__") in ([None], ["ok"])
    (cells,) = rows.pop("__cells__")
    assert cells > 0
    recorded = set()
    for student, entries in rows.items():
        submissions = [e for e in entries if e[0] == "submission"]
        grades = [e for e in entries if e[0] != "submission"]
        assert len(submissions) == 1, f"{student}: {len(submissions)} submission rows"
        assert len(grades) == cells, f"{student}: {len(grades)} grade rows, not {cells}"
        unscored = [cell for cell, score in grades if score is None]
        assert not unscored, f"{student} is half-recorded: no score for {unscored}"
        recorded.add(student)
    for student in stamped(course):
        folder = course / "autograded" / student / A.id
        assert student in recorded, f"{student} is stamped but not in the gradebook"
        assert (folder / A.filename).is_file(), f"{student} is stamped without its notebook"
        assert (folder / f"{A.notebook}.results.json").is_file()
    return recorded


def no_leftovers(course: Path, owners: list[int]) -> list[str]:
    """Temporary folders and cgroups of the (dead) processes ``owners`` that remain."""
    import tempfile

    from autograder.sandbox.cgroups import PREFIX, memory_cgroups

    places = [
        (course / ".autograder" / "work", "run-"),
        (Path(tempfile.gettempdir()), "autograder-warm-"),
        (Path(tempfile.gettempdir()), "autograder-scratch-"),
    ]
    support = memory_cgroups()
    if support.parent is not None:
        places.append((support.parent, PREFIX))
    left = []
    for folder, prefix in places:
        for pid in owners:
            for path in folder.glob(f"{prefix}{pid}.*"):
                tag = path.name[len(prefix) :].split("-", 1)[0]
                if not owner_alive(tag):
                    left.append(str(path))
    return left


def scores(url: str) -> dict[str, tuple]:
    """Per student: total score and late penalty, from the gradebook (as in test_run)."""
    return {s: (v["score"], v["late_penalty"], v["cells"]) for s, v in gradebook(url).items()}


def kill_tree_now(batch: Batch) -> None:
    """After a test: nothing of the batch may keep running (even when the test failed)."""
    if batch.proc is not None and batch.proc.poll() is None:
        os.killpg(batch.proc.pid, signal.SIGKILL)
        batch.proc.wait()
    if batch.watch is not None:
        for pid in batch.watch.alive():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

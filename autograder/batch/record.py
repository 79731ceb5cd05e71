"""Stage 2 of a batch: write one graded submission into the course, exactly as nbgrader does.

:func:`record` runs nbgrader's own ``Autograde`` converter for one student, in
this process, with the course's ``nbgrader_config.py`` (as
:class:`~autograder.nbgrader.autograde.OnePassAutograde`, which converts each
notebook once instead of twice, with the same result): it creates or updates
the student and the submission (timestamp from ``timestamp.txt``), writes the
autograded notebook, saves each grade cell's score, applies the late penalty
and checks the metadata, all with nbgrader's code. Only the grading step
differs: the converter hands ``SandboxedGrade`` the result stage 1 computed
(``OnePassAutograde.graded_earlier``), which uses it when nbgrader's
sanitised notebook runs exactly the cells stage 1 graded and grades again
otherwise (a locked cell the student edited, which nbgrader's ``OverwriteCells``
puts back); the batch reports what was recorded.

A submission is recorded all or nothing, so a batch may be killed at any moment:

1. nbgrader works on a copy: the submission folder is copied into the run's
   own folder under ``.autograder/work/`` (nothing under ``submitted/`` is
   ever moved or rewritten; an unreadable notebook's copy is replaced by the
   blank release notebook), and nbgrader writes its autograded folder there;
2. everything nbgrader writes to the gradebook is one database transaction
   (:class:`GradebookTransaction`: nbgrader's sessions join it as savepoints),
   committed only once nbgrader has finished;
3. then, in one step that signals do not interrupt, the submission's stamp
   (``.autograder/stamps/``, "recorded from these inputs") is removed, the
   transaction committed, the autograded folder swapped into
   ``autograded/<student>/<assignment>/`` (one ``rename``), and the new stamp
   written.

A ``kill -9`` before the commit leaves the gradebook and ``autograded/`` as
they were; after it, the stamp is missing, so the next run grades that
submission again and finishes it (grading is deterministic for a run seed).
The next run also removes the work folders of runs that died.

Many graders may record into one gradebook at once (local workers, a Dask
client, two instructors): each transaction holds :class:`GradebookLock` (an
exclusive ``flock`` beside an SQLite file, or a PostgreSQL advisory lock on
its own connection), so the database sees one writer at a time. Transient
gradebook errors (a PostgreSQL restart, a dropped connection, a locked SQLite
file) are retried with backoff for ``c.Grader.gradebook_retry_seconds``; after
that, or when the course's disk is full, :class:`~.stopping.BatchStopped` stops
the batch with the real cause (every later submission would fail the same way).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import fcntl
import functools
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from ..assignments import get_assignment
from ..nbgrader.recording import (
    GradebookLock,
    GradebookTransaction,
    RecordError,
    fast_metadata_validation,
    run_autograde,
    shared_engines,
)
from ..results import GradingResult
from ..sandbox.leftovers import _make_removable, owned_tempdir, reclaim
from .jobs import STATE_DIR, Graded, Job, Outcome, Settings
from .stopping import STOPPER, BatchStopped

#: The folders of one run's copies (``.autograder/work/<prefix><owner>-...``).
WORK_PREFIX = "run-"
#: The longest pause between two tries of a gradebook that cannot be used.
MAX_PAUSE_S = 5.0


def load_course_config(course: Path, db_url: str | None = None) -> Config:
    """The course's ``nbgrader_config.py`` (plus a db_url override), with its root set."""
    from ..config import load_config

    path = course / "nbgrader_config.py"
    config = load_config(path if path.is_file() else None)
    config.CourseDirectory.root = str(course)
    if db_url:
        config.CourseDirectory.db_url = db_url
    return config


def db_url_of(config: Config) -> str:
    """The gradebook's URL, as nbgrader's ``CourseDirectory`` gives it (``db_url``, or
    ``gradebook.db`` in the course root), without importing nbgrader: a batch forks
    its grader processes before it imports nbgrader, which only this process needs."""
    course = config.CourseDirectory
    if "db_url" in course:
        return str(course.db_url)
    return "sqlite:///{}".format(os.path.abspath(os.path.join(course.root, "gradebook.db")))


def stamp_path(course: Path, assignment_id: str, student: str) -> Path:
    return course / STATE_DIR / "stamps" / assignment_id / f"{student}.json"


def is_unchanged(course: Path, assignment_id: str, job: Job) -> bool:
    """Recorded before from exactly these inputs, and the autograded notebook is still there."""
    a = get_assignment(assignment_id)
    stamp = stamp_path(course, assignment_id, job.student)
    autograded = course / "autograded" / job.student / a.id / a.filename
    try:
        return json.loads(stamp.read_text())["inputs"] == job.inputs and autograded.is_file()
    except (OSError, ValueError, KeyError):
        return False


# --------------------------------------------------------------------------- faults
#: errno values that mean "this file system takes no more": every later write fails too.
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
#: PostgreSQL error codes worth another try: connection lost or refused, the server
#: starting or shutting down, serialisation failures and deadlocks, too many clients,
#: a lock not available.
PG_TRANSIENT = {"57P01", "57P02", "57P03", "40001", "40P01", "53300", "55P03"}
#: psycopg2's errors for a connection that failed or broke before the server answered.
PG_NO_CODE = ("OperationalError", "InterfaceError")
#: Modules of the database drivers (their errors name the cause best).
DRIVERS = ("sqlite3", "psycopg2")


@dataclass
class Fault:
    """Why a submission could not be recorded.

    Attributes
    ----------
    kind : str
        ``transient`` (try again: the gradebook may be back), ``full`` (the
        course's disk or the database server's takes no more) or ``other``.
    cause : str
        The real cause in one line, e.g. ``OSError: [Errno 28] No space left on
        device: '...'`` or ``psycopg2.OperationalError: server closed the connection``.
    """

    kind: str
    cause: str


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, what it wraps (a database driver's error) and what caused it."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _one_line(exc: BaseException) -> str:
    module = type(exc).__module__.split(".")[0]
    name = (
        type(exc).__name__
        if module in ("builtins", "__main__")
        else f"{module}.{type(exc).__name__}"
    )
    text = str(exc).strip().splitlines()
    return f"{name}: {text[0][:300]}" if text else name


def classify(exc: BaseException) -> Fault:
    """What kind of fault ``exc`` is, and its real cause (see :class:`Fault`).

    Every error in the chain counts: a failure often hides its cause (SQLite, for one,
    rolls a transaction back itself on a full disk, and SQLAlchemy's rollback to its
    savepoint then fails with "no such savepoint"). A full disk anywhere in the chain
    wins, then a transient error; otherwise the cause named is the earliest error of
    the database driver, else ``exc`` itself.
    """
    from sqlalchemy.exc import DBAPIError

    links = list(_chain(exc))
    for link in links:
        if isinstance(link, OSError) and link.errno in FULL:
            return Fault("full", _one_line(link))
    # the database driver's own errors say more than the wrappers around them
    drivers = [e for e in links if type(e).__module__.split(".")[0] in DRIVERS]
    for driver in drivers:
        if getattr(driver, "pgcode", None) == "53100" or "disk is full" in str(driver).lower():
            return Fault("full", _one_line(driver))  # (53100: PostgreSQL's disk_full)
    for driver in drivers:
        if _transient(driver):
            return Fault("transient", _one_line(driver))
    named = _one_line(drivers[-1] if drivers else exc)
    if any(isinstance(e, DBAPIError) and e.connection_invalidated for e in links):
        return Fault("transient", named)
    return Fault("other", named)


def _transient(driver: BaseException) -> bool:
    """Whether a database driver's error may pass if tried again."""
    code = getattr(driver, "pgcode", None)
    if "locked" in str(driver).lower() or "unable to open database" in str(driver).lower():
        return True
    if code in PG_TRANSIENT or (code or "").startswith("08"):
        return True
    postgresql = type(driver).__module__.startswith("psycopg2")
    return postgresql and code is None and type(driver).__name__ in PG_NO_CODE


class RecordFailure(Exception):
    """A submission could not be recorded (see :class:`Fault`)."""

    def __init__(self, fault: Fault, message: str) -> None:
        super().__init__(message)
        self.fault, self.message = fault, message


def _fault_of(error: RecordError) -> Fault:
    """The fault behind nbgrader's failure: what it raised, else the first error it logged."""
    for exc in error.errors:
        return classify(exc)
    return Fault("other", f"{error} {_last_error(error.log)}".strip())


def _retry_seconds(config: Config) -> float:
    """``c.Grader.gradebook_retry_seconds`` of the course's configuration."""
    from ..config import Grader

    return float(Grader(config=config).gradebook_retry_seconds)


# --------------------------------------------------------------------------- the run's copies
def reclaim_dead_runs(course: Path) -> None:
    """Remove what runs that were killed left behind: their copies in the course's work
    area, the sandbox's scratch folders and memory cgroups of their graders. A batch does
    this first, so that one with nothing left to grade (its killed predecessor had
    recorded everything) leaves nothing either."""
    from ..sandbox.cgroups import reclaim_orphans
    from ..sandbox.isolation import reclaim_temporary_folders

    reclaim(WORK_PREFIX, course / STATE_DIR / "work")
    reclaim_temporary_folders()
    reclaim_orphans()


@functools.lru_cache(maxsize=8)
def work_area(course: Path) -> Path:
    """This process's folder for the copies nbgrader works on (removed at exit; if this
    run is killed, the next batch removes it first: :func:`reclaim_dead_runs`)."""
    folder = course / STATE_DIR / "work"
    folder.mkdir(parents=True, exist_ok=True)
    area = owned_tempdir(WORK_PREFIX, folder)
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and _remove(area))
    return area


def _remove(path: Path) -> None:
    if path.exists():
        _make_removable(path)
        shutil.rmtree(path, ignore_errors=True)


def _stage(course: Path, a, job: Job, graded: Graded) -> Path:
    """A copy of the submission folder in nbgrader's layout, in a fresh folder of the work area.

    An unreadable or missing notebook is given to nbgrader as the blank release
    notebook (nbgrader would fail the student and record nothing; with it,
    ``SandboxedGrade`` writes stage 1's zeros and reason); a notebook stage 1 had
    to repair, as repaired. Only the copy changes.
    """
    stage = owned_tempdir("r-", work_area(course))
    copy_to = stage / "submitted" / job.student / a.id
    submitted = course / "submitted" / job.student / a.id
    if submitted.is_dir():
        _copy_folder(submitted, copy_to)
    else:
        copy_to.mkdir(parents=True)
    if graded.cells == "":
        shutil.copyfile(course / "release" / a.id / a.filename, copy_to / a.filename)
    elif graded.repaired is not None:  # the cells it could read, as stage 1 graded them
        (copy_to / a.filename).write_text(graded.repaired, encoding="utf-8")
    return stage


class _CopyFailed(Exception):
    """Carries a file's copy error out of ``shutil.copytree`` (which would gather every
    ``OSError`` into one ``shutil.Error`` of strings, losing the errno: a full disk
    must be told from a bad file)."""


def _copy_file(source: str, target: str) -> str:
    try:
        return shutil.copy2(source, target)
    except OSError as exc:
        raise _CopyFailed() from exc


def _copy_folder(source: Path, target: Path) -> None:
    """``shutil.copytree`` (symlinks as symlinks) that fails with the first file's own error."""
    try:
        shutil.copytree(source, target, symlinks=True, copy_function=_copy_file)
    except _CopyFailed as failed:
        raise failed.__cause__ from None


# RENAME_EXCHANGE swaps two paths in one step (Linux 3.15; renameat2 in glibc 2.28)
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the kernel or file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _put_in_place(staged: Path, target: Path) -> None:
    """``staged`` becomes ``target`` in one rename (the old one, if any, is then removed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.rename(staged, target)
        return
    if not _exchange(staged, target):  # two renames: a moment with no target; the stamp is
        old = staged.with_name(staged.name + ".old")  # gone, so a kill here is finished later
        os.rename(target, old)
        os.rename(staged, target)
        staged = old
    _remove(staged)


def _write_stamp(path: Path, data: dict) -> None:
    """The stamp, written whole or not at all (a new file renamed over the old)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = path.with_name(f".{path.name}.{os.getpid()}")
    new.write_text(json.dumps(data))
    os.replace(new, path)


# --------------------------------------------------------------------------- recording
def record(course: Path, config: Config, settings: Settings, job: Job, graded: Graded) -> Outcome:
    """Write one graded submission into the gradebook and ``autograded/`` with nbgrader.

    All or nothing (see the module's docstring). Raises
    :class:`~.stopping.BatchStopped` when the course can take no more (its disk
    is full, or the gradebook could not be used for the configured time); the
    exception carries this submission's failed outcome.
    """
    a = get_assignment(settings.assignment_id)
    start = time.perf_counter()
    outcome = Outcome(
        job.student, a.id, "failed", seconds=graded.seconds, grade_s=graded.seconds,
        worker=graded.worker, peak_rss_mib=graded.peak_rss_mib,
    )  # fmt: skip
    if graded.result is None:
        outcome.message = f"the grader failed: {graded.error}"
        return outcome

    def committed(result: GradingResult) -> None:  # (inside the step signals do not interrupt)
        outcome.record_s = time.perf_counter() - start
        outcome.seconds = outcome.grade_s + outcome.record_s
        outcome.status, outcome.message = "graded", "; ".join(result.notes)[:300]
        outcome.score, outcome.max_score = result.score, result.max_score
        outcome.incidents = list(result.incidents)
        COMMITTED[(a.id, job.student)] = outcome

    try:
        with submission_lock(course, a.id, job.student):
            _record_with_retries(course, config, a, job, graded, committed)
    except (RecordFailure, OSError) as exc:
        failure = exc if isinstance(exc, RecordFailure) else _failure(classify(exc), "")
        outcome.message = failure.message
        if failure.fault.kind != "other":
            raise BatchStopped(failure.message, 1, outcome) from None
    STOPPER.check(outcome)  # a signal that came while it was committed stops the batch now
    return outcome


#: The outcome of every submission this process recorded, set the moment it was
#: committed: a batch stopped right after a commit still reports it as graded.
COMMITTED: dict[tuple[str, str], Outcome] = {}


def _failure(fault: Fault, when: str) -> RecordFailure:
    if fault.kind == "full":
        return RecordFailure(fault, f"not recorded: the disk is full{when}: {fault.cause}")
    return RecordFailure(fault, f"nbgrader could not record it{when}: {fault.cause}")


def _record_with_retries(course: Path, config: Config, a, job: Job, graded: Graded, committed):
    """:func:`_record_once`, tried again while the gradebook cannot be used, for a while."""
    budget = _retry_seconds(config)
    deadline, pause = None, 0.25
    while True:
        try:
            _record_once(course, config, a, job, graded, committed)
            if deadline is not None:
                _say(f"{job.student}: recorded once the gradebook could be used again")
            return
        except RecordFailure as failure:
            if failure.fault.kind != "transient":
                raise
            now = time.monotonic()
            if deadline is None:
                deadline = now + budget
                _say(
                    f"{job.student}: the gradebook cannot be used ({failure.fault.cause}); "
                    f"trying again for up to {budget:g} s"
                )
            if now >= deadline:
                raise RecordFailure(
                    failure.fault,
                    f"not recorded: the gradebook could not be used for {budget:g} s "
                    f"(c.Grader.gradebook_retry_seconds): {failure.fault.cause}",
                ) from None
            time.sleep(min(pause, deadline - now))
            pause = min(2 * pause, MAX_PAUSE_S)


def _say(line: str) -> None:
    """A line for the operator on stderr (above the progress bar, if one is shown)."""
    from tqdm import tqdm

    tqdm.write(line, file=sys.stderr)


def _record_once(course: Path, config: Config, a, job: Job, graded: Graded, committed) -> None:
    """One try: nbgrader on a copy, in one transaction, then committed in one step
    (``committed`` is called at its end, still within it)."""
    stage = _stage(course, a, job, graded)
    # unreadable or missing: nbgrader sees the release notebook, and SandboxedGrade uses
    # stage 1's zeros whatever cells it has
    earlier = ("*" if graded.cells == "" else graded.cells, graded.result)
    try:
        with (
            shared_engines(),
            fast_metadata_validation(),
            GradebookTransaction(db_url_of(config), course) as transaction,
        ):
            try:
                recorded = run_autograde(config, a.id, job.student, stage, earlier)
            except RecordError as exc:
                raise _failure(_fault_of(exc), "") from None
            # what the gradebook now holds, for the summary and the stamp: stage 1's grade,
            # or SandboxedGrade's own where nbgrader's sanitising changed the cells
            result = recorded or graded.result
            staged = stage / "autograded" / job.student / a.id
            stamp = stamp_path(course, a.id, job.student)
            with STOPPER.critical():
                stamp.unlink(missing_ok=True)  # from here until the new one: "regrade me"
                transaction.commit()
                try:
                    _put_in_place(staged, course / "autograded" / job.student / a.id)
                    _write_stamp(stamp, {"inputs": job.inputs, "score": result.score})
                    committed(result)
                except OSError as exc:
                    fault = classify(exc)
                    raise _failure(
                        fault, " (its scores are in the gradebook; the next run finishes it)"
                    ) from None
    except RecordFailure:
        raise
    except Exception as exc:  # the database refused the lock, the connection or the commit
        raise _failure(classify(exc), "") from None
    finally:
        _remove(stage)


@contextlib.contextmanager
def submission_lock(course: Path, assignment_id: str, student: str) -> Iterator[None]:
    """One recording of a submission at a time, across processes.

    nbgrader removes ``autograded/<student>/<assignment>/``, copies the
    submission there, writes the autograded notebook and then write-protects
    every file: two batches on one course (two instructors) must not interleave
    those steps for the same student, or one writes into files the other has
    just protected. The lock file is kept in ``.autograder/locks/``.
    """
    path = course / STATE_DIR / "locks" / assignment_id / f"{student}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o660)
    except PermissionError:  # made by a colleague (a group-shared course): reading will do
        fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- before a run
def unreleased(config: Config, course: Path, assignment_ids: list[str]) -> list[str]:
    """The assignments of ``assignment_ids`` the gradebook does not know yet (with their
    notebook): ``nbgrader generate_assignment`` records them, ``autograde`` needs them.

    Reads only: a gradebook that does not exist is not created. Raises what the
    database raises when it cannot be reached (for :func:`classify`). An SQLite
    gradebook is read with the standard library: this runs before a batch forks
    its graders, which need no SQLAlchemy (importing it takes a quarter second).
    """
    query = (
        "SELECT 1 FROM assignment JOIN notebook ON notebook.assignment_id = assignment.id "
        "WHERE assignment.name = {a} AND notebook.name = {nb}"
    )
    wanted = [(get_assignment(a).id, get_assignment(a).notebook) for a in assignment_ids]
    url = db_url_of(config)
    if url.startswith("sqlite"):  # a relative path is the course's, as nbgrader reads it
        import sqlite3

        path = GradebookLock(url, course)._sqlite_path()
        if not path.exists():
            return [a for a, _ in wanted]
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not {"assignment", "notebook"} <= tables:
                return [a for a, _ in wanted]
            sql = query.format(a="?", nb="?")
            return [a for a, nb in wanted if conn.execute(sql, (a, nb)).fetchone() is None]
        finally:
            conn.close()
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("assignment") or not inspect(conn).has_table("notebook"):
                return [a for a, _ in wanted]
            sql = text(query.format(a=":a", nb=":nb"))
            return [a for a, nb in wanted if conn.execute(sql, {"a": a, "nb": nb}).first() is None]
    finally:
        engine.dispose()


def restore_set_aside(course: Path) -> list[str]:
    """Put back the submissions an older version set aside and a kill left there.

    Before this version, recording an unreadable notebook moved it to
    ``.autograder/unreadable/`` and put the blank release notebook in its place
    for the moment nbgrader ran; a kill at that moment left it so. A notebook
    found there goes back where the release notebook (or nothing) stands;
    one whose place holds anything else is left where it is, and said so.
    Returns a line per notebook for the operator.
    """
    aside_root = course / STATE_DIR / "unreadable"
    if not aside_root.is_dir():
        return []
    notes = []
    for aside in sorted(p for p in aside_root.glob("*/*/*") if p.is_file()):
        assignment_id, student, name = aside.parts[-3:]
        submitted = course / "submitted" / student / assignment_id / name
        release = course / "release" / assignment_id / name
        blank = release.is_file() and submitted.is_file() and _same(submitted, release)
        if not submitted.exists() or blank:
            os.replace(aside, submitted)
            notes.append(
                f"restored {submitted} (an earlier run was stopped while it was set aside)"
            )
        else:
            notes.append(f"{aside} was set aside by an earlier run; {submitted} is not that file")
    for folder in sorted(aside_root.glob("**/"), key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only the empty ones go
    return notes


def _same(first: Path, second: Path) -> bool:
    return first.read_bytes() == second.read_bytes()


def _last_error(log: str) -> str:
    lines = [ln for ln in log.splitlines() if ln.startswith("[ERROR]")]
    return lines[0][:300] if lines else ""

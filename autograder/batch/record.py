"""Stage 2 of a batch: write one graded submission into the course, exactly as nbgrader does.

:func:`record` runs nbgrader's own ``Autograde`` converter for one student, in
this process, with the course's ``nbgrader_config.py`` (as
:class:`~autograder.nbgrader.autograde.OnePassAutograde`, which converts each
notebook once instead of twice, with the same result): it creates or updates
the student and the submission (timestamp from ``timestamp.txt``), writes
``autograded/<student>/<assignment>/``, saves each grade cell's score, applies
the late penalty and checks the metadata, all with nbgrader's code. Only the
grading step differs: ``SandboxedGrade`` finds the result stage 1 computed
(:data:`autograder.nbgrader.preprocessor.PRECOMPUTED`) and uses it when
nbgrader's sanitised notebook runs exactly the cells stage 1 graded.

Many graders may record into one gradebook at once (local workers, a Dask
client, two instructors). While :func:`record` runs nbgrader, every gradebook
session nbgrader opens (each ``Gradebook(...)`` until it is closed) is a
critical section under :class:`GradebookLock`: an exclusive ``flock`` beside an
SQLite file, or a PostgreSQL advisory lock held on its own connection. So the
database sees one writer at a time, while the slow rest of nbgrader's work
(nbconvert, metadata validation) runs in parallel. Database errors are
retried, and recording a student again only updates their rows, so no grade is
lost or doubled.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import functools
import hashlib
import io
import json
import logging
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from traitlets.config import Config

from ..assignments import get_assignment
from .jobs import STATE_DIR, Graded, Job, Outcome, Settings

RETRIES = 4


class GradebookLock:
    """One writer at a time for the gradebook at ``db_url`` (paths relative to ``course``)."""

    def __init__(self, db_url: str, course: Path) -> None:
        self.db_url, self.course = db_url, course
        self._fd: int | None = None
        self._conn = None
        self._engine = None

    def _sqlite_path(self) -> Path:
        path = Path(self.db_url.split(":///", 1)[1].split("?", 1)[0])
        return path if path.is_absolute() else self.course / path

    def __enter__(self) -> GradebookLock:
        if self.db_url.startswith("sqlite"):
            lock = self._sqlite_path().with_name(self._sqlite_path().name + ".autograder-lock")
            self._fd = open(lock, "a+")  # noqa: SIM115 (held until __exit__)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        elif self.db_url.startswith("postgresql"):
            from sqlalchemy import create_engine, text
            from sqlalchemy.pool import NullPool

            self._engine = create_engine(self.db_url, poolclass=NullPool)
            self._conn = self._engine.connect()
            self._conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": self.key()})
        return self

    def key(self) -> int:
        """The advisory lock's key: one per database (a signed 64-bit integer)."""
        digest = hashlib.sha256(f"autograder-gradebook:{self.db_url}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._fd.close()
            self._fd = None
        if self._conn is not None:
            from sqlalchemy import text

            self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key()})
            self._conn.close()
            self._engine.dispose()
            self._conn = self._engine = None


@contextlib.contextmanager
def locked_gradebook_sessions(lock: GradebookLock) -> Iterator[None]:
    """While inside, every nbgrader ``Gradebook`` holds ``lock`` from creation to close."""
    from nbgrader.api import Gradebook

    original_init, original_close = Gradebook.__init__, Gradebook.close
    depth = [0]

    def init(self, *args, **kwargs):
        if depth[0] == 0:
            lock.__enter__()
        depth[0] += 1
        try:
            original_init(self, *args, **kwargs)
        except BaseException:
            close_lock()
            raise

    def close(self):
        try:
            original_close(self)
        finally:
            close_lock()

    def close_lock():
        depth[0] -= 1
        if depth[0] == 0:
            lock.__exit__(None, None, None)

    Gradebook.__init__, Gradebook.close = init, close
    try:
        yield
    finally:
        Gradebook.__init__, Gradebook.close = original_init, original_close
        if depth[0] > 0:  # a session nbgrader never closed: do not keep others waiting
            depth[0] = 0
            lock.__exit__(None, None, None)


class _SchemaCache:
    """Stands in for the ``jsonschema`` module inside nbgrader's metadata validator.

    nbgrader calls ``jsonschema.validate(metadata, schema)`` for every cell, twice per
    notebook, and ``validate`` checks the schema itself each time: two thirds of a
    second per submission here. This compiles each schema once with
    ``fastjsonschema`` (nbformat's own validator) to accept valid metadata fast;
    invalid metadata gets exactly ``jsonschema.validate``'s error (the best match of
    the same validator's errors), from a validator also built once per schema.
    """

    def __init__(self) -> None:
        import jsonschema

        self._jsonschema = jsonschema
        self._checks: dict[str, tuple[object, object]] = {}
        self._last: tuple[object, tuple[object, object]] | None = None  # (schema, its checks)

    def validate(self, instance, schema) -> None:
        import fastjsonschema

        if self._last is not None and self._last[0] is schema:  # the same object: every cell
            fast, validator = self._last[1]
        else:
            key = json.dumps(schema, sort_keys=True)
            if key not in self._checks:
                cls = self._jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                self._checks[key] = (fastjsonschema.compile(schema), cls(schema))
            self._last = (schema, self._checks[key])
            fast, validator = self._checks[key]
        try:
            fast(instance)
            return
        except fastjsonschema.JsonSchemaException:
            pass  # jsonschema says why, in its own words
        error = self._jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


_ENGINES: dict[str, object] = {}


def _shared_engine(url, *args, **kwargs):
    """``create_engine`` for nbgrader's ``Gradebook``: one engine per database per process.

    nbgrader opens about ten gradebook sessions per submission, each with a new
    engine, so SQLAlchemy compiles every query afresh each time (its statement
    cache lives on the engine). Sharing the engine keeps that cache; each
    session still gets its own connection and ``Gradebook.close`` still returns
    it (``dispose`` empties the pool; the next session connects again).
    """
    from sqlalchemy import create_engine

    key = str(url)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _ENGINES[key] = create_engine(url, *args, **kwargs)
    return engine


def _shared(engine) -> bool:
    """Whether ``engine`` is one of :func:`_shared_engine`'s (kept: its id stays valid)."""
    return any(engine is shared for shared in _ENGINES.values())


#: Engines whose tables nbgrader has created or found (their names), in this process.
_TABLES: dict[int, list[str]] = {}


class _KnownTables:
    """``sqlalchemy.inspect(engine)`` as ``Gradebook()`` uses it: the table names, read
    once per shared engine (a gradebook session checks them all, ten times a submission)."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def get_table_names(self) -> list[str]:
        from sqlalchemy import inspect

        names = _TABLES.get(id(self.engine))
        return list(names) if names else inspect(self.engine).get_table_names()


def _create_all_once(create_all):
    """``Base.metadata.create_all`` that checks a shared engine's tables only the first time."""

    def create(bind=None, **kwargs):
        if bind is None or id(bind) not in _TABLES or kwargs:
            create_all(bind=bind, **kwargs)
            if _shared(bind):
                from sqlalchemy import inspect

                _TABLES[id(bind)] = inspect(bind).get_table_names()

    return create


#: (engine id, course id) pairs whose course row a gradebook session found or made.
_COURSES: set[tuple[int, str]] = set()


def _course_once(check_course):
    """``Gradebook.check_course`` run once per shared engine and course, not per session."""

    def check(self, course_id: str = "default_course", **kwargs):
        key = (id(self.engine), course_id)
        if key in _COURSES and not kwargs:
            return None  # (Gradebook() ignores the result)
        course = check_course(self, course_id, **kwargs)
        if _shared(self.engine):
            _COURSES.add(key)
        return course

    return check


def _find_source_cell(self, name: str, notebook: str, assignment: str):
    """``Gradebook.find_source_cell`` with one query per notebook and session, not per cell.

    ``OverwriteCells`` looks up every graded cell of the notebook in turn; the first
    lookup loads all of the notebook's source cells into this session (the same
    objects the single queries would give) and the others are found among them.
    """
    from nbgrader.api import Assignment, MissingEntry, Notebook, SourceCell

    cells = self.__dict__.setdefault("_autograder_source_cells", {})
    if (notebook, assignment) not in cells:
        rows = (
            self.db.query(SourceCell)
            .join(Notebook, Notebook.id == SourceCell.notebook_id)
            .join(Assignment, Assignment.id == Notebook.assignment_id)
            .filter(Notebook.name == notebook, Assignment.name == assignment)
            .all()
        )
        cells[notebook, assignment] = {cell.name: cell for cell in rows}
    try:
        return cells[notebook, assignment][name]
    except KeyError:
        raise MissingEntry(f"No such source cell: {assignment}/{notebook}/{name}") from None


def _find_graded_cell(find_graded_cell):
    """``Gradebook.find_graded_cell`` with one query per notebook and session, not per cell.

    ``OverwriteCells`` looks up every graded cell in turn: a grade cell of that name,
    else a task cell. The first lookup loads the notebook's grade and task cells into
    this session; a name not found exactly once among them is looked up by nbgrader's
    own method (which fails as it would).
    """
    from nbgrader.api import Assignment, GradeCell, Notebook, TaskCell

    from ..nbgrader.save_grades import prefetched

    def find(self, name: str, notebook: str, assignment: str):
        cells = self.__dict__.setdefault("_autograder_graded_cells", {})
        if (notebook, assignment) not in cells:
            by_name: dict[str, dict[str, list]] = {}
            for model in (GradeCell, TaskCell):
                rows = (
                    self.db.query(model)
                    .join(Notebook, Notebook.id == model.notebook_id)
                    .join(Assignment, Assignment.id == Notebook.assignment_id)
                    .filter(Notebook.name == notebook, Assignment.name == assignment)
                )
                for cell in rows:
                    by_name.setdefault(cell.name, {}).setdefault(model.__name__, []).append(cell)
            cells[notebook, assignment] = by_name
        return prefetched(
            cells[notebook, assignment],
            name,
            "GradeCell",
            lambda: find_graded_cell(self, name, notebook, assignment),
        )

    return find


@contextlib.contextmanager
def shared_engines() -> Iterator[None]:
    """While inside, nbgrader's gradebook sessions share one SQLAlchemy engine per database,
    and do once what every session would otherwise repeat.

    nbgrader opens about ten gradebook sessions per submission; each checks that
    every table exists (``create_all``) and that the course row exists
    (``check_course``, a query and a commit). With a shared engine both are done
    by its first session only; tables and courses are not dropped during a
    batch (if they were, the next query fails, nbgrader reports it and the
    submission is reported as not recorded). ``find_source_cell`` and
    ``find_graded_cell`` load a notebook's cells with one query (per cell type)
    instead of one per cell.
    """
    from nbgrader import api

    originals = (
        api.create_engine,
        api.inspect,
        api.Base.metadata.create_all,
        api.Gradebook.check_course,
        api.Gradebook.find_source_cell,
        api.Gradebook.find_graded_cell,
    )
    api.create_engine = _shared_engine
    api.inspect = _KnownTables
    api.Base.metadata.create_all = _create_all_once(originals[2])
    api.Gradebook.check_course = _course_once(originals[3])
    api.Gradebook.find_source_cell = _find_source_cell
    api.Gradebook.find_graded_cell = _find_graded_cell(originals[5])
    try:
        yield
    finally:
        (
            api.create_engine,
            api.inspect,
            api.Base.metadata.create_all,
            api.Gradebook.check_course,
            api.Gradebook.find_source_cell,
            api.Gradebook.find_graded_cell,
        ) = originals


@functools.lru_cache(maxsize=1)
def schema_cache() -> _SchemaCache:
    """This process's :class:`_SchemaCache`: schemas compiled once for every submission."""
    return _SchemaCache()


@contextlib.contextmanager
def fast_metadata_validation() -> Iterator[None]:
    """While inside, nbgrader validates cell metadata with :func:`schema_cache`."""
    from nbgrader.nbgraderformat import common

    original = common.jsonschema
    common.jsonschema = schema_cache()
    try:
        yield
    finally:
        common.jsonschema = original


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


def _run_nbgrader_autograde(config: Config, assignment_id: str, student: str) -> str:
    """nbgrader's Autograde for one student, in this process; returns its log, raises on failure."""
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning

    from ..nbgrader.autograde import OnePassAutograde

    config = copy.deepcopy(config)
    # validate the notebook once after all preprocessors, not after each (same result)
    config.Exporter.optimistic_validation = True
    config.CourseDirectory.assignment_id = assignment_id
    config.CourseDirectory.student_id = student
    log = logging.getLogger(f"autograder.batch.nbgrader.{student}")
    log.propagate = False
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    log.handlers = [handler]
    app = OnePassAutograde(coursedir=CourseDirectory(config=config), config=config, log=log)
    # warnings and errors only: nbgrader's info lines are never shown, and formatting them
    # loads rows from the gradebook (a sixth of nbgrader's own set-up of a submission)
    app.log_level = logging.WARNING
    app.force = True
    app.create_student = True
    try:
        with warnings.catch_warnings():  # nbgrader's own SQLAlchemy chatter, harmless
            warnings.simplefilter("ignore", category=SAWarning)
            app.start()
    except Exception as exc:
        raise RecordError(f"{type(exc).__name__}: {exc}", buffer.getvalue()) from None
    finally:
        log.handlers = []
    return buffer.getvalue()


class RecordError(RuntimeError):
    """nbgrader could not record a submission (its log says why)."""

    def __init__(self, message: str, log: str = "") -> None:
        super().__init__(message)
        self.log = log


def record(course: Path, config: Config, settings: Settings, job: Job, graded: Graded) -> Outcome:
    """Write one graded submission into the gradebook and ``autograded/`` with nbgrader."""
    a = get_assignment(settings.assignment_id)
    start = time.perf_counter()
    outcome = Outcome(
        job.student, a.id, "failed", seconds=graded.seconds, grade_s=graded.seconds,
        worker=graded.worker, peak_rss_mib=graded.peak_rss_mib,
    )  # fmt: skip
    if graded.result is None:
        outcome.message = f"the grader failed: {graded.error}"
        return outcome
    with submission_lock(course, a.id, job.student):
        error = _record_with_nbgrader(course, config, a, job, graded)
        if error is None:
            stamp = stamp_path(course, a.id, job.student)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(json.dumps({"inputs": job.inputs, "score": graded.result.score}))
    if error is not None:
        outcome.message = error
        return outcome
    result = graded.result
    outcome.record_s = time.perf_counter() - start
    outcome.seconds = outcome.grade_s + outcome.record_s
    outcome.status, outcome.message = "graded", "; ".join(result.notes)[:300]
    outcome.score, outcome.max_score = result.score, result.max_score
    outcome.incidents = list(result.incidents)
    return outcome


def _record_with_nbgrader(course: Path, config: Config, a, job: Job, graded: Graded) -> str | None:
    """:func:`record`'s nbgrader run (retried when the database is busy); why it failed, if so."""
    from sqlalchemy.exc import DBAPIError

    from ..nbgrader.preprocessor import PRECOMPUTED

    submitted = course / "submitted" / job.student / a.id / a.filename
    # Unreadable or missing: nbgrader would fail this student and record nothing. Show it the
    # blank release notebook instead, and SandboxedGrade writes stage 1's zeros and message.
    placeholder = graded.cells == ""
    digest = "*" if placeholder else graded.cells
    aside = course / STATE_DIR / "unreadable" / a.id / job.student / a.filename
    error = None
    for attempt in range(RETRIES):
        PRECOMPUTED[(a.id, job.student)] = (digest, graded.result)
        try:
            with (
                locked_gradebook_sessions(GradebookLock(db_url_of(config), course)),
                shared_engines(),
                fast_metadata_validation(),
            ):
                if placeholder:
                    _swap_in_release(course, a, submitted, aside)
                try:
                    _run_nbgrader_autograde(config, a.id, job.student)
                finally:
                    if placeholder:
                        _swap_back(submitted, aside)
            return None
        except DBAPIError as exc:  # busy/locked/serialisation: try again
            error = f"gradebook error: {exc.orig}"
            time.sleep(0.5 * (attempt + 1))
        except RecordError as exc:
            return f"nbgrader could not record it: {exc} {_last_error(exc.log)}"
        finally:
            PRECOMPUTED.pop((a.id, job.student), None)
    return error


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


def _swap_in_release(course: Path, a, submitted: Path, aside: Path) -> None:
    release = course / "release" / a.id / a.filename
    if submitted.exists():  # kept outside submitted/, which nbgrader copies to autograded/
        aside.parent.mkdir(parents=True, exist_ok=True)
        submitted.rename(aside)
    shutil.copyfile(release, submitted)


def _swap_back(submitted: Path, aside: Path) -> None:
    submitted.unlink(missing_ok=True)
    if aside.exists():
        aside.rename(submitted)


def _last_error(log: str) -> str:
    lines = [ln for ln in log.splitlines() if ln.startswith("[ERROR]")]
    return lines[0][:300] if lines else ""

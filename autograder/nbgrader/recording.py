"""nbgrader's side of recording one submission: its ``Autograde`` for one student, in one
database transaction, and the adapters to nbgrader's private seams.

:func:`run_autograde` runs :class:`~autograder.nbgrader.autograde.OnePassAutograde` for
one student in this process, keeping the errors nbgrader would only log
(:class:`RecordError`). :class:`GradebookTransaction` makes everything it writes one
transaction (under :class:`GradebookLock`, one writer per gradebook).

nbgrader has no public seam for these; each is one small adapter, named in
:data:`SEAMS` with the nbgrader function it replaces or wraps, and
``tests/nbgrader/test_seams.py`` fails when an nbgrader release changes any of them
(the adapter must then be checked against the new code):

* :class:`GradebookTransaction`: ``nbgrader.api.sessionmaker``, so that every
  ``Gradebook`` session joins one transaction as a savepoint;
* :func:`shared_engines`: ``api.create_engine``, ``api.inspect``,
  ``Base.metadata.create_all``, ``Gradebook.check_course``,
  ``Gradebook.find_source_cell``, ``Gradebook.find_graded_cell`` (what each of the
  ten sessions of a submission would repeat, done once);
* :func:`fast_metadata_validation`: ``nbgrader.nbgraderformat.common.jsonschema``
  (each schema compiled once).

Nothing here imports nbgrader at import time: a batch forks its grader processes
before it imports nbgrader, which only the recording process needs.
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
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from traitlets.config import Config

if TYPE_CHECKING:  # (the recording process never needs torch for it)
    from ..results import GradingResult

#: The nbgrader code each adapter of this package replaces, wraps or copies the working
#: of, by qualified name: (the adapter, a digest of that code in the pinned nbgrader).
#: ``tests/nbgrader/test_seams.py`` fails when a release changes any of it; check the
#: adapter against the new code, then update the digest.
SEAMS: dict[str, tuple[str, str]] = {
    # GradebookTransaction swaps api.sessionmaker; shared_engines api.create_engine,
    # api.inspect and Base.metadata.create_all: all four as Gradebook.__init__ calls them
    "nbgrader.api.Gradebook.__init__": ("GradebookTransaction, shared_engines", "c60c420276e8355e"),
    "nbgrader.api.Gradebook.close": ("shared_engines (_shared_engine)", "089cf56cf4f8a224"),
    "nbgrader.api.Gradebook.check_course": ("shared_engines (_course_once)", "a083421ba93415aa"),
    "nbgrader.api.Gradebook.find_source_cell": ("shared_engines", "0d0ef04711fab86a"),
    "nbgrader.api.Gradebook.find_graded_cell": ("shared_engines", "68291d97eb3cd85b"),
    "nbgrader.nbgraderformat.common.BaseMetadataValidator": (
        "fast_metadata_validation",
        "62ef93e349159bb5",
    ),
    # OnePassAutograde does in one conversion what these do in two
    "nbgrader.converters.autograde.Autograde.convert_single_notebook": (
        "autograde.OnePassAutograde",
        "d46973a12f2e4e75",
    ),
    "nbgrader.converters.autograde.Autograde.init_single_notebook_resources": (
        "autograde.OnePassAutograde",
        "fb0abcdb270601c6",
    ),
    "nbgrader.converters.base.BaseConverter.convert_single_notebook": (
        "autograde.OnePassAutograde",
        "ec4c141ea898174b",
    ),
}
#: What recording imports (a batch imports it while its workers grade their first jobs).
IMPORTS = (
    "sqlalchemy",
    "jsonschema",
    "nbgrader.api",
    "nbgrader.converters",
    "nbgrader.preprocessors",
    "autograder.nbgrader.autograde",
    "autograder.nbgrader.preprocessor",
    "autograder.nbgrader.sanitize",
)
#: Module attributes of nbgrader that the adapters replace while they are active.
PATCHED = (
    "nbgrader.api.sessionmaker",
    "nbgrader.api.create_engine",
    "nbgrader.api.inspect",
    "nbgrader.api.Base.metadata.create_all",
    "nbgrader.nbgraderformat.common.jsonschema",
)


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
            from sqlalchemy.exc import SQLAlchemyError

            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key()})
                self._conn.close()
            except SQLAlchemyError:
                pass  # the connection is gone (a server restart): so is its lock
            self._engine.dispose()
            self._conn = self._engine = None


class GradebookTransaction:
    """Everything nbgrader writes to the gradebook for one submission, as one transaction.

    While inside, every ``Gradebook`` nbgrader opens uses this one connection,
    and its sessions join the open transaction as savepoints (SQLAlchemy's
    ``join_transaction_mode="create_savepoint"``): their commits and rollbacks
    are nbgrader's as usual, but nothing is written for good until
    :meth:`commit`. Leaving without it (an error, a signal, a kill) leaves the
    gradebook as it was. :class:`GradebookLock` is held throughout.
    """

    def __init__(self, db_url: str, course: Path) -> None:
        self.db_url, self.course = db_url, course
        self.connection = self.transaction = None
        self._lock = GradebookLock(db_url, course)
        self._original = None

    def __enter__(self) -> GradebookTransaction:
        from nbgrader import api

        self._lock.__enter__()
        try:
            self.connection = _shared_engine(self.db_url).connect()
            self.transaction = self.connection.begin()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self._original = api.sessionmaker
        connection, original = self.connection, self._original

        def sessionmaker(**kwargs):
            kwargs.update(bind=connection, join_transaction_mode="create_savepoint")
            return original(**kwargs)

        api.sessionmaker = sessionmaker
        return self

    def commit(self) -> None:
        """Write it all for good."""
        self.transaction.commit()

    def __exit__(self, *exc) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        if self._original is not None:
            from nbgrader import api

            api.sessionmaker, self._original = self._original, None
        try:
            if self.transaction is not None and self.transaction.is_active:
                self.transaction.rollback()
            if self.connection is not None:
                self.connection.close()
        except SQLAlchemyError:
            pass  # a connection that broke has nothing to roll back: the server did it
        finally:
            self.connection = self.transaction = None
            self._lock.__exit__(None, None, None)


class _SchemaCache:
    """Stands in for the ``jsonschema`` module inside nbgrader's metadata validator.

    nbgrader calls ``jsonschema.validate(metadata, schema)`` for every cell, twice per
    notebook, and ``validate`` checks the schema itself each time, the same schema
    for every cell of every submission. This compiles each schema once with
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
    from sqlalchemy import create_engine, event

    key = str(url)
    engine = _ENGINES.get(key)
    if engine is None:
        # pre-ping: a connection kept from before a server restart is replaced, not used
        engine = create_engine(url, *args, pool_pre_ping=True, **kwargs)
        if engine.dialect.name == "sqlite":
            # Python's sqlite3 starts a transaction only at the first write, and so breaks
            # savepoints: SQLAlchemy's documented fix is to let it do nothing, and begin here
            event.listen(engine, "connect", _sqlite_manual_transactions)
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        _ENGINES[key] = engine
    return engine


def _sqlite_manual_transactions(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None


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

    from .save_grades import prefetched

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


def run_autograde(
    config: Config,
    assignment_id: str,
    student: str,
    stage: Path | None = None,
    graded_earlier: tuple[str, GradingResult] | None = None,
) -> GradingResult | None:
    """nbgrader's Autograde for one student, in this process; raises on failure.

    Returns the grading result nbgrader recorded (``graded_earlier``'s, or the
    one ``SandboxedGrade`` made where nbgrader's sanitised notebook runs other
    cells; None where the course's preprocessors do not include it).

    With ``stage``, nbgrader reads the submission from ``stage/submitted/`` and
    writes its autograded folder into ``stage/autograded/`` (nbgrader's layout
    below both), not into the course's own folders. ``graded_earlier``: stage 1's
    (digest of the cells it ran, result), for ``SandboxedGrade`` to use.
    """

    config = copy.deepcopy(config)
    # validate the notebook once after all preprocessors, not after each (same result)
    config.Exporter.optimistic_validation = True
    config.CourseDirectory.assignment_id = assignment_id
    config.CourseDirectory.student_id = student
    if stage is not None:
        root = Path(config.CourseDirectory.root)
        config.CourseDirectory.submitted_directory = str(stage.relative_to(root) / "submitted")
        config.CourseDirectory.autograded_directory = str(stage.relative_to(root) / "autograded")
    log = logging.getLogger(f"autograder.batch.nbgrader.{student}")
    log.propagate = False
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    log.handlers = [handler]
    with _gradebook_log_into(handler):
        return _start(config, log, buffer, graded_earlier)


#: The logger nbgrader's gradebook (``nbgrader.api``) reports database errors to, with
#: their tracebacks: tornado's application log, not the app's own.
GRADEBOOK_LOGGER = "tornado.application"


@contextlib.contextmanager
def _gradebook_log_into(handler: logging.Handler) -> Iterator[None]:
    """While recording, what nbgrader's gradebook logs goes where the app's log goes
    (the recording's own log, read when it fails), not to the batch's stderr: a full
    disk met in the middle of a gradebook write is told once, in the batch's words."""
    logger = logging.getLogger(GRADEBOOK_LOGGER)
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = saved


def _start(config: Config, log, buffer: io.StringIO, graded_earlier) -> GradingResult | None:
    """:func:`run_autograde`'s nbgrader app, made and started with ``log``."""
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning

    app = _capturing_autograde()(coursedir=CourseDirectory(config=config), config=config, log=log)
    # warnings and errors only: nbgrader's info lines are never shown, and formatting them
    # loads rows from the gradebook, for lines no one reads
    app.log_level = logging.WARNING
    app.force = True
    app.create_student = True
    app.graded_earlier = graded_earlier
    try:
        with warnings.catch_warnings():  # nbgrader's own SQLAlchemy chatter, harmless
            warnings.simplefilter("ignore", category=SAWarning)
            app.start()
    except Exception as exc:
        raise RecordError(f"{type(exc).__name__}: {exc}", buffer.getvalue(), app.errors) from None
    finally:
        log.handlers = []
    return app.recorded


def _capturing(method):
    """``method`` of the converter, keeping what it raises before nbgrader reports it.

    nbgrader catches every error of a submission, logs its traceback and raises
    its own ``NbGraderException`` ("Please see the above traceback"), or, for
    any database error, advice to run ``nbgrader db upgrade``; the real cause
    is only in the log. Kept, it can be named and classified.
    """

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self.errors.append(exc)
            raise

    return call


@functools.lru_cache(maxsize=1)
def _capturing_autograde() -> type:
    """``OnePassAutograde`` that keeps the errors nbgrader would only log (made on first
    use: only the process that records imports nbgrader)."""
    from .autograde import OnePassAutograde

    class CapturingAutograde(OnePassAutograde):
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.errors: list[BaseException] = []

        init_assignment = _capturing(OnePassAutograde.init_assignment)
        convert_single_notebook = _capturing(OnePassAutograde.convert_single_notebook)
        set_permissions = _capturing(OnePassAutograde.set_permissions)

    return CapturingAutograde


class RecordError(RuntimeError):
    """nbgrader could not record a submission (its log says why; ``errors``: what it raised)."""

    def __init__(self, message: str, log: str = "", errors: list | None = None) -> None:
        super().__init__(message)
        self.log = log
        self.errors = list(errors or [])

"""A gradebook that goes away for a moment is waited for; one that stays away stops the batch.

- PostgreSQL restarted in the middle of a batch (a second or so of downtime):
  every submission is graded and recorded once, with an uninterrupted run's
  scores, and the operator is told the gradebook was waited for;
- PostgreSQL down for longer than ``c.Grader.gradebook_retry_seconds``: the
  batch stops with the summary, naming the real cause (not nbgrader's advice to
  run ``nbgrader db upgrade``), and a run once it is back finishes the rest;
- an SQLite gradebook locked by someone else (longer than SQLite's own wait):
  waited for the same way;
- an assignment the gradebook does not have yet: the batch refuses to start
  and says to run ``python -m autograder release`` first.

And, without a batch: how errors are classified (transient, full, other).
"""

from __future__ import annotations

import errno
import sqlite3
import threading
import time

import pytest

from autograder.batch.record import classify
from tests.faults.harness import (
    RETRY_S,
    STUDENTS,
    Batch,
    check_course,
    db_url,
    scores,
    stamped,
    wait_for,
)


def graded_in(summary: dict) -> set[str]:
    return {o["student"] for o in summary.get("submissions", []) if o["status"] == "graded"}


@pytest.mark.slow
def test_a_postgresql_restart_is_waited_for(pg_course, postgres, baseline, batches, request):
    batch = Batch(pg_course).start()
    batches.append(batch)
    assert wait_for(lambda: len(stamped(pg_course)) >= 2)
    postgres.stop()  # (a restart as a server's own would do it, held long enough to be met)
    time.sleep(1.2)
    postgres.start()
    assert batch.wait() == 0, batch.log
    assert "the gradebook cannot be used" in batch.stderr, batch.log  # it was met...
    assert "recorded once the gradebook could be used again" in batch.stderr  # ...and survived
    assert "db upgrade" not in batch.stdout + batch.stderr
    assert graded_in(batch.summary) == set(STUDENTS)
    assert check_course(pg_course, baseline.submitted) == set(STUDENTS)
    assert scores(db_url(pg_course)) == baseline.scores
    request.node.user_properties.append(
        ("fault table", {"fault": "PostgreSQL down 1.2 s mid-batch", "exit": 0,
                         "recorded": len(STUDENTS), "rerun_graded": 0, "rerun_unchanged": 0})
    )  # fmt: skip


@pytest.mark.slow
def test_a_gradebook_gone_for_longer_stops_the_batch_with_the_cause(
    pg_course, postgres, baseline, batches, request
):
    batch = Batch(pg_course).start()
    batches.append(batch)
    assert wait_for(lambda: len(stamped(pg_course)) >= 2)
    postgres.stop()
    try:
        code = batch.wait()
    finally:
        postgres.start()
    complete = stamped(pg_course)
    assert code == 1, batch.log
    summary = batch.summary
    assert summary["stopped_by"].startswith(
        f"not recorded: the gradebook could not be used for {RETRY_S:g} s"
    )
    assert "psycopg2.OperationalError" in summary["stopped_by"]  # the real cause, named
    assert "Connection refused" in summary["stopped_by"] or "connect" in summary["stopped_by"]
    assert "db upgrade" not in batch.stdout + batch.stderr and "Traceback" not in batch.stderr
    assert "STOPPED" in batch.stdout
    assert graded_in(summary) == complete
    assert check_course(pg_course, baseline.submitted) == complete
    rerun = Batch(pg_course).start()
    batches.append(rerun)
    assert rerun.wait() == 0, rerun.log
    assert graded_in(rerun.summary) == set(STUDENTS) - complete
    assert check_course(pg_course, baseline.submitted) == set(STUDENTS)
    assert scores(db_url(pg_course)) == baseline.scores
    request.node.user_properties.append(
        ("fault table", {"fault": "PostgreSQL down for good (beyond the retry budget)",
                         "exit": code, "recorded": len(complete),
                         "rerun_graded": len(graded_in(rerun.summary)),
                         "rerun_unchanged": len(complete)})
    )  # fmt: skip


@pytest.mark.slow
def test_a_locked_sqlite_gradebook_is_waited_for(course, baseline, batches, request):
    """Someone holds the SQLite gradebook's write lock for longer than SQLite waits."""
    # A retry budget longer than the lock: the suite's short one (RETRY_S) is shorter than
    # one try when the lock lands mid-transaction (SQLite fails that try at once, and the
    # next waits its 5 s), and would make this test about timing, not about waiting.
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "c.Grader.gradebook_retry_seconds = 30\n")
    batch = Batch(course).start()
    batches.append(batch)
    assert wait_for(lambda: len(stamped(course)) >= 2)
    locker = sqlite3.connect(course / "gradebook.db", isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    held = threading.Timer(7.0, lambda: locker.execute("ROLLBACK"))  # pysqlite waits 5 s
    held.start()
    try:
        code = batch.wait()
    finally:
        held.join()
        locker.close()
    assert code == 0, batch.log
    assert "database is locked" in batch.stderr, batch.log
    assert graded_in(batch.summary) == set(STUDENTS)
    assert check_course(course, baseline.submitted) == set(STUDENTS)
    assert scores(db_url(course)) == baseline.scores
    request.node.user_properties.append(
        ("fault table", {"fault": "SQLite gradebook locked 7 s by another program", "exit": 0,
                         "recorded": len(STUDENTS), "rerun_graded": 0, "rerun_unchanged": 0})
    )  # fmt: skip


@pytest.mark.slow
def test_autograde_before_release_says_to_release_first(course, batches):
    (course / "gradebook.db").unlink()  # as if generate_assignment had never run
    batch = Batch(course).start()
    batches.append(batch)
    assert batch.wait() == 2, batch.log
    assert "python -m autograder release ps4-backprop" in batch.stderr
    assert "Traceback" not in batch.stderr
    assert not (course / "gradebook.db").exists()  # and the check made no gradebook
    assert not (course / "autograded").exists()


# --------------------------------------------------------------------------- classification
def _db_error(orig: Exception):
    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT 1", {}, orig)


def test_a_full_disk_is_a_full_disk_however_it_is_wrapped():
    full = OSError(errno.ENOSPC, "No space left on device", "/course/autograded/x")
    assert classify(full).kind == "full"
    assert "No space left on device" in classify(full).cause
    try:
        try:
            raise full
        except OSError as exc:
            raise RuntimeError("Please see the the above traceback") from exc
    except RuntimeError as wrapped:
        assert classify(wrapped).kind == "full"
    assert classify(_db_error(sqlite3.OperationalError("database or disk is full"))).kind == "full"


def test_a_busy_or_unreachable_gradebook_is_transient():
    import psycopg2

    locked = _db_error(sqlite3.OperationalError("database is locked"))
    assert classify(locked).kind == "transient"
    assert classify(locked).cause == "sqlite3.OperationalError: database is locked"
    refused = psycopg2.OperationalError('connection to server at "db" failed: Connection refused')
    assert classify(_db_error(refused)).kind == "transient"
    assert classify(_db_error(refused)).cause.startswith("psycopg2.OperationalError: connection")


def test_other_errors_fail_the_submission_with_their_real_cause():
    cause = classify(RuntimeError("No notebooks were matched"))
    assert cause.kind == "other" and cause.cause == "RuntimeError: No notebooks were matched"
    schema = _db_error(sqlite3.OperationalError("no such table: grade"))
    assert classify(schema).kind == "other"
    assert classify(schema).cause == "sqlite3.OperationalError: no such table: grade"
    assert classify(OSError(errno.EIO, "Input/output error")).kind == "other"


def test_a_full_disk_hidden_behind_a_failed_rollback_is_still_found():
    """SQLite rolls back by itself on a full disk; the rollback to the savepoint that
    follows fails, and that error must not hide the cause."""
    try:
        try:
            raise _db_error(sqlite3.OperationalError("database or disk is full"))
        except Exception:
            raise _db_error(sqlite3.OperationalError("no such savepoint: sa_savepoint_3"))  # noqa: B904
    except Exception as exc:
        fault = classify(exc)
    assert fault.kind == "full"
    assert fault.cause == "sqlite3.OperationalError: database or disk is full"

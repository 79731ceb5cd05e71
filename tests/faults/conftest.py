"""Fixtures of the fault suite: the courses (built once), an uninterrupted run, the dice.

The random points where faults land come from one seed, printed with every
failure: ``AUTOGRADER_FAULT_SEED`` (default: fixed, so CI is repeatable) and
``AUTOGRADER_FAULT_ROUNDS`` (default 1: each fault once; more rounds hit more
points, e.g. ``AUTOGRADER_FAULT_ROUNDS=5 pytest tests/faults``). With
``AUTOGRADER_REPORT_TABLE=FILE`` the fault × outcome table is written there
(``tests/conftest.py``).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.harness import (
    STUDENTS,
    Batch,
    copy_course,
    copy_database,
    db_url,
    kill_tree_now,
    make_template,
    scores,
    tree_digest,
)

SEED = int(os.environ.get("AUTOGRADER_FAULT_SEED", "20261123"))
ROUNDS = int(os.environ.get("AUTOGRADER_FAULT_ROUNDS", "1"))


@dataclass
class Baseline:
    """An uninterrupted batch on a copy of the course: what every fault must end up with."""

    scores: dict
    submitted: dict[str, str]  # tree_digest of submitted/
    wall_s: float
    course: Path  # the course it recorded (copy it, never change it)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("faults") / "template")


@pytest.fixture(scope="session")
def baseline(sqlite_template, tmp_path_factory) -> Baseline:
    course = copy_course(sqlite_template, tmp_path_factory.mktemp("faults") / "baseline")
    batch = Batch(course).start()
    try:
        assert batch.wait() == 0, batch.log
    finally:
        kill_tree_now(batch)
    assert batch.summary["graded"] == len(STUDENTS), batch.log
    return Baseline(
        scores(db_url(course)), tree_digest(course / "submitted"), batch.summary["wall_s"], course
    )


@pytest.fixture(scope="session")
def pg_template(postgres, tmp_path_factory) -> tuple[Path, str]:
    """The course on PostgreSQL: its folder and the template database to copy per case."""
    root = tmp_path_factory.mktemp("faults") / "pg-template"
    make_template(root, postgres.new_database("faults_template"))
    return root, "faults_template"


@pytest.fixture
def course(sqlite_template, tmp_path) -> Path:
    """A fresh copy of the SQLite course."""
    return copy_course(sqlite_template, tmp_path / "course")


@pytest.fixture
def recorded_course(baseline, tmp_path) -> Path:
    """A fresh copy of the SQLite course after an uninterrupted batch (all recorded)."""
    return copy_course(baseline.course, tmp_path / "course")


_CASES = iter(range(1, 1_000_000))


@pytest.fixture
def pg_course(pg_template, postgres, tmp_path) -> Path:
    """A fresh copy of the PostgreSQL course, with its own copy of the gradebook."""
    root, template = pg_template
    url = copy_database(postgres, template, f"faults_{next(_CASES)}")
    return copy_course(root, tmp_path / "course", url)


@pytest.fixture
def dice(request) -> random.Random:
    """This test's random numbers: the suite's seed and the test's name."""
    rng = random.Random(f"{SEED}:{request.node.name}")
    request.node.user_properties.append(("fault seed", SEED))
    return rng


@pytest.fixture
def batches():
    """Batches a test started: nothing of theirs outlives the test, pass or fail."""
    started: list[Batch] = []
    yield started
    for batch in started:
        kill_tree_now(batch)

"""The local pool of ``autograde --workers N``: forked graders, a crash retried once, alone.

These tests replace grading and recording with stand-ins (no sandbox, no
nbgrader), so they run in seconds and can make a grader process die on purpose,
which no student code can do.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder.batch import run
from autograder.batch.jobs import Graded, Job, Outcome, Settings
from autograder.sandbox.limits import Limits
from autograder.sandbox.servers import ForkServers

SETTINGS = Settings("ps4-backprop", 1, "cpu", Limits(), "process")
#: the marker file a killer job leaves, so its second run can tell it is the retry
KILLED_ONCE = "killed-once"


def fake_grade(job: Job, settings: Settings) -> Graded:
    """Stands in for ``grade_job``: the student's name says what happens to the grader."""
    marker = Path(job.source) / f"{job.student}.{KILLED_ONCE}"
    if job.student.startswith("killer"):
        os._exit(3)  # the grader process dies, every time
    if job.student.startswith("flaky") and not marker.exists():
        marker.write_text("")
        os._exit(3)  # the grader dies the first time only
    if job.student.startswith("broken"):
        raise ValueError("the grader's own bug")
    return Graded(job.student, None, "cells", 0.01, f"pid:{os.getpid()}", 1.0)


def fake_record(course, config, settings, job, graded) -> Outcome:
    """Stands in for ``record``: runs in the parent, which must never die."""
    assert os.getpid() == PARENT
    return Outcome(job.student, settings.assignment_id, "graded", worker=graded.worker)


PARENT = os.getpid()


@pytest.fixture
def pool(monkeypatch, tmp_path):
    monkeypatch.setattr(run, "grade_job", fake_grade)
    monkeypatch.setattr(run, "record", fake_record)
    monkeypatch.setattr(run, "warm_up", lambda settings: "")
    monkeypatch.setattr(run, "PRELOAD", ())
    monkeypatch.setattr(run, "RECORDING", ())

    def grade(students: list[str], workers: int = 2) -> dict[str, Outcome]:
        tasks = [(SETTINGS, Job(s, None, str(tmp_path), s)) for s in students]
        outcomes = list(run.run_pool(tmp_path, None, tasks, workers, ForkServers()))
        assert len(outcomes) == len(students)  # every job gets exactly one outcome
        return {o.student: o for o in outcomes}

    return grade


def test_jobs_are_spread_over_forked_workers(pool):
    outcomes = pool([f"s{i}" for i in range(8)])
    assert all(o.status == "graded" for o in outcomes.values())
    workers = {o.worker for o in outcomes.values()}
    assert len(workers) == 2 and f"pid:{PARENT}" not in workers


def test_a_job_that_kills_its_grader_is_failed_and_the_batch_goes_on(pool):
    outcomes = pool(["a", "b", "killer", "c", "d", "e"])
    assert outcomes["killer"].status == "failed"
    assert "died every time" in outcomes["killer"].message
    assert all(outcomes[s].status == "graded" for s in "abcde")


def test_a_grader_that_dies_once_is_replaced_and_the_job_retried(pool):
    outcomes = pool(["a", "flaky", "b", "c"])
    assert {s: o.status for s, o in outcomes.items()} == dict.fromkeys(
        ["a", "flaky", "b", "c"], "graded"
    )


def test_a_grader_error_fails_that_job_only(pool):
    outcomes = pool(["a", "broken", "b"], workers=1)
    assert outcomes["broken"].status == "failed"
    assert "ValueError: the grader's own bug" in outcomes["broken"].message
    assert outcomes["a"].status == outcomes["b"].status == "graded"


def test_workers_are_forked_unless_cuda_may_be_used(monkeypatch):
    import torch

    assert run.start_method("cpu") == "fork"
    monkeypatch.setattr(torch.version, "cuda", None)
    assert run.start_method("auto") == "fork"  # a CPU-only torch: nothing to protect
    monkeypatch.setattr(torch.version, "cuda", "12.8")
    assert run.start_method("auto") == run.start_method("cuda") == "forkserver"

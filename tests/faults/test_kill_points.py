"""``kill -9`` exactly inside the step that records a submission, not just somewhere.

Random points seldom land in the few milliseconds in which a record is
committed, so here the batch kills itself there: the recording process runs
the CLI with one of its steps wrapped to SIGKILL it when the second submission
gets there. The submission is being re-recorded (``--force``), so there is an
old record to keep intact:

``before the commit``  nbgrader has written everything into the open transaction;
``after the commit``   the gradebook has the new record, ``autograded/`` the old;
``after the swap``     the new autograded folder is in place, the stamp not yet.

Each time the gradebook and ``autograded/`` are complete (old or new, never
half), the submission is not stamped, and the next run records it again, with
the same scores.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.faults.harness import ProcessWatch, check_course, db_url, scores, stamped

pytestmark = pytest.mark.slow

STUDENTS = ("model", "twoax")
#: point → (what is wrapped in autograder.batch.record, what it is)
POINTS = {
    "before the commit": "GradebookTransaction.commit",
    "after the commit": "_put_in_place",
    "after the swap": "_write_stamp",
}
RUN = """
import os, signal, sys
from autograder import cli
from autograder.batch import record

owner, name = (record, {target!r}) if "." not in {target!r} else (
    getattr(record, {target!r}.split(".")[0]), {target!r}.split(".")[1])
original, calls = getattr(owner, name), []

def step(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:  # the second submission gets here: the batch dies, at once
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args, **kwargs)

setattr(owner, name, step)
sys.exit(cli.main(sys.argv[1:]))
"""


def cli(course, *args: str, target: str | None = None) -> subprocess.CompletedProcess:
    """The batch on ``STUDENTS``, serially (one process records), optionally killed at a step."""
    command = ["autograde", "ps4-backprop", "--course-dir", str(course), "--workers", "1",
               "--no-progress", "--student", *STUDENTS, *args]  # fmt: skip
    program = ["-c", RUN.format(target=target)] if target else ["-m", "autograder"]
    proc = subprocess.Popen(
        [sys.executable, *program, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    watch = ProcessWatch(proc.pid)
    out, err = proc.communicate(timeout=600)
    watch.stop()
    assert watch.wait_gone(10) == {}, "processes left"
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_inside_the_commit_step_leaves_a_whole_record(
    point, recorded_course, baseline, request
):
    course = recorded_course
    folder = course / "autograded" / "twoax" / "ps4-backprop"
    old = {p.name: p.read_bytes() for p in folder.iterdir()}

    killed = cli(course, "--force", target=POINTS[point])
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert stamped(course) == set(baseline.scores) - {"twoax"}  # twoax: "regrade me"
    assert check_course(course, baseline.submitted) == set(baseline.scores)  # all whole
    now = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert now.keys() == old.keys()  # old or new, the whole folder
    if point != "after the swap":
        assert now == old
    left = list((course / ".autograder" / "work").iterdir())
    assert len(left) == 1  # the killed run's copies: the next run removes them

    rerun = cli(course)
    assert rerun.returncode == 0, rerun.stderr
    assert "1 graded, 1 unchanged" in rerun.stdout
    assert stamped(course) == set(baseline.scores)
    assert check_course(course, baseline.submitted) == set(baseline.scores)
    assert scores(db_url(course)) == baseline.scores
    assert list((course / ".autograder" / "work").iterdir()) == []
    assert set(os.listdir(folder)) == set(old)
    request.node.user_properties.append(
        ("fault table", {"fault": f"kill -9 {point} (re-recording, --workers 1)", "exit": -9,
                         "recorded": len(baseline.scores) - 1, "rerun_graded": 1,
                         "rerun_unchanged": 1})
    )  # fmt: skip

"""A course whose disk fills up in the middle of a batch: a clean stop, and nothing lost.

The course lives on a small tmpfs of its own (mounting one needs root; the test
skips otherwise), filled to the last byte once a couple of submissions are
recorded. The batch stops with exit status 1, its summary and its ``--json``
file (written elsewhere), naming the cause, never with a traceback; a
``--student`` run says the same. Once there is room again, the next run
records the rest, each once, with an uninterrupted run's scores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.faults.harness import (
    STUDENTS,
    Batch,
    check_course,
    copy_course,
    db_url,
    scores,
    stamped,
    wait_for,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root"),
]


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB tmpfs (the course takes about one MiB), unmounted afterwards."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m,mode=0755", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield point
    subprocess.run(["umount", "--lazy", str(point)], check=False)


def fill(folder: Path) -> list[Path]:
    """Take every byte (and then every inode's worth) left on ``folder``'s file system."""
    made = [folder / "filler"]
    with open(made[0], "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * (1 << 20))
                fh.flush()
        except OSError:
            pass
    try:
        while True:  # the last partial MiB, a page at a time
            made.append(folder / f"filler-{len(made)}")
            made[-1].write_bytes(b"\0" * 4096)
    except OSError:
        pass
    return made


#: The real cause, as the file system or SQLite (full in the middle of a write) says it.
FULL_DISK = ("No space left on device", "database or disk is full")


def says_the_disk_is_full(text: str) -> bool:
    """In the batch's words, with the real cause."""
    return "the disk is full" in text and any(cause in text for cause in FULL_DISK)


def graded_in(summary: dict) -> set[str]:
    return {o["student"] for o in summary.get("submissions", []) if o["status"] == "graded"}


def test_a_full_disk_stops_the_batch_cleanly_and_loses_nothing(
    sqlite_template, small_disk, baseline, batches, tmp_path, request
):
    course = copy_course(sqlite_template, small_disk / "course")
    batch = Batch(course, summary_path=tmp_path / "summary.json").start()  # (not on that disk)
    batches.append(batch)
    assert wait_for(lambda: len(stamped(course)) >= 2)
    filler = fill(small_disk)
    code = batch.wait()
    complete = stamped(course)
    assert code == 1, batch.log
    summary = batch.summary
    assert says_the_disk_is_full(summary["stopped_by"]), batch.log
    assert "STOPPED" in batch.stdout and "Traceback" not in batch.stdout + batch.stderr
    assert graded_in(summary) == complete
    failed = [o for o in summary["submissions"] if o["status"] == "failed"]
    assert all(says_the_disk_is_full(o["message"]) for o in failed)
    assert batch.watch.wait_gone(10) == {}
    assert check_course(course, baseline.submitted) == complete

    # one student, as after a fix of theirs: the same cause, in the same words
    one = Batch(course, args=("--student", "model", "--force"), summary_path=tmp_path / "s.json")
    batches.append(one.start())
    assert one.wait() == 1, one.log
    assert says_the_disk_is_full(one.stdout) and "above traceback" not in one.stdout
    assert check_course(course, baseline.submitted) == complete

    for path in filler:
        path.unlink(missing_ok=True)
    rerun = Batch(course, summary_path=tmp_path / "rerun.json").start()
    batches.append(rerun)
    assert rerun.wait() == 0, rerun.log
    assert graded_in(rerun.summary) == set(STUDENTS) - complete
    assert check_course(course, baseline.submitted) == set(STUDENTS)
    assert scores(db_url(course)) == baseline.scores
    assert list((course / ".autograder" / "work").iterdir()) == []
    shutil.rmtree(course)  # (before the tmpfs goes)
    request.node.user_properties.append(
        ("fault table", {"fault": "course disk full mid-batch (48 MiB tmpfs)", "exit": code,
                         "recorded": len(complete),
                         "rerun_graded": len(graded_in(rerun.summary)),
                         "rerun_unchanged": len(complete)})
    )  # fmt: skip

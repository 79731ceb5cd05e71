"""Stage 2 of a batch: where the gradebook is, one recording at a time, nothing lost."""

from __future__ import annotations

import fcntl
import os

import pytest

from autograder.batch.jobs import STATE_DIR
from autograder.batch.record import db_url_of, load_course_config, submission_lock


@pytest.mark.parametrize(
    "db_url", [None, "sqlite:///gradebook.db", "postgresql+psycopg2://grader:secret@db/mvcalc"]
)
def test_the_gradebook_url_is_the_one_nbgrader_uses(tmp_path, db_url):
    """Worked out without importing nbgrader (the batch forks its graders before that)."""
    from nbgrader.coursedir import CourseDirectory

    config = load_course_config(tmp_path, db_url)
    assert db_url_of(config) == CourseDirectory(config=config).db_url


def test_one_recording_of_a_submission_at_a_time(tmp_path):
    def taken(student: str) -> bool:
        path = tmp_path / STATE_DIR / "locks" / "ps1-gradients" / f"{student}.lock"
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    with submission_lock(tmp_path, "ps1-gradients", "alice"):
        assert taken("alice")
        with submission_lock(tmp_path, "ps1-gradients", "bob"):  # another student: free
            assert taken("bob")
        assert not taken("bob")
    assert not taken("alice")


def test_a_notebook_an_older_version_set_aside_is_put_back(tmp_path):
    """Killed while recording an unreadable notebook, an older version left the blank
    release notebook in its place and the student's file in .autograder/unreadable/."""
    from autograder.batch.record import restore_set_aside

    release = tmp_path / "release" / "ps1-gradients" / "gradients.ipynb"
    release.parent.mkdir(parents=True)
    release.write_text('{"blank": true}')
    for student, there in (("ada", "blank"), ("bob", None), ("cyd", "resubmitted")):
        aside = tmp_path / STATE_DIR / "unreadable" / "ps1-gradients" / student / release.name
        aside.parent.mkdir(parents=True)
        aside.write_text("{not json")
        submitted = tmp_path / "submitted" / student / "ps1-gradients" / release.name
        submitted.parent.mkdir(parents=True)
        if there == "blank":
            submitted.write_text(release.read_text())
        elif there:
            submitted.write_text('{"new": 1}')
    notes = restore_set_aside(tmp_path)
    read = {
        s: (tmp_path / "submitted" / s / "ps1-gradients" / release.name)
        for s in "ada bob cyd".split()
    }
    assert read["ada"].read_text() == read["bob"].read_text() == "{not json"
    assert read["cyd"].read_text() == '{"new": 1}'  # someone's newer file: left as it is
    assert len(notes) == 3 and "cyd" in notes[2] and "is not that file" in notes[2]
    left = list((tmp_path / STATE_DIR / "unreadable").rglob("*.ipynb"))
    assert [p.parts[-2] for p in left] == ["cyd"]
    assert restore_set_aside(tmp_path)[0].endswith("is not that file")  # and says it again


def test_a_recorded_folder_replaces_the_old_one_in_one_step(tmp_path):
    """The old autograded folder (read-only files, as nbgrader leaves them) is swapped out."""
    from autograder.batch.record import _put_in_place

    target = tmp_path / "autograded" / "ada" / "ps1"
    target.mkdir(parents=True)
    (target / "old.ipynb").write_text("old")
    (target / "old.ipynb").chmod(0o444)
    staged = tmp_path / "work" / "r-1" / "ps1"
    staged.mkdir(parents=True)
    (staged / "new.ipynb").write_text("new")
    _put_in_place(staged, target)
    assert sorted(os.listdir(target)) == ["new.ipynb"]
    assert not staged.exists() and not staged.with_name("ps1.old").exists()
    fresh = tmp_path / "autograded" / "bob" / "ps1"  # no old one: a plain rename
    staged.mkdir()
    (staged / "new.ipynb").write_text("new")
    _put_in_place(staged, fresh)
    assert (fresh / "new.ipynb").read_text() == "new"


def test_a_full_disk_while_copying_a_submission_is_told_as_such(tmp_path, monkeypatch):
    """The copy nbgrader works on fails with the file's own error (its errno), so a full
    disk stops the batch instead of failing every later submission one by one."""
    import errno
    import shutil

    from autograder.batch import record

    source = tmp_path / "submitted"
    source.mkdir()
    (source / "timestamp.txt").write_text("2026-01-01 00:00:00 UTC")

    def full(src, dst, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", dst)

    monkeypatch.setattr(shutil, "copy2", full)
    with pytest.raises(OSError) as raised:
        record._copy_folder(source, tmp_path / "copy")
    assert raised.value.errno == errno.ENOSPC
    assert record.classify(raised.value).kind == "full"

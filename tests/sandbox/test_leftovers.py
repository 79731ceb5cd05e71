"""What a killed grader leaves is named by its owner, and the next grader removes it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from autograder.sandbox import leftovers
from autograder.sandbox.leftovers import orphans, owned_tempdir, owner_alive, owner_tag, reclaim


def dead_owner_tag() -> str:
    """The tag of a process that has ended (a child that exited)."""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "from autograder.sandbox.leftovers import owner_tag as t; print(t())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return child.stdout.strip()


def test_a_tag_names_a_process_by_pid_and_start_time():
    pid, start = owner_tag().split(".")
    assert int(pid) == os.getpid() and start.isdigit()
    assert owner_alive(owner_tag())
    assert not owner_alive(dead_owner_tag())
    assert not owner_alive(f"{os.getpid()}.{int(start) + 1}")  # a recycled pid: another process


def zombie_tag(pid: int) -> str:
    """The owner tag of the child ``pid`` once it has exited (not reaped: a zombie)."""
    for _ in range(500):
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        if fields[0] == b"Z":
            return f"{pid}.{fields[19].decode()}"
        time.sleep(0.01)
    raise AssertionError(f"the child {pid} never became a zombie")


def test_an_owner_that_ended_but_is_not_yet_reaped_counts_as_gone(tmp_path):
    # a batch killed with kill -9 leaves its workers to a new parent that may reap them
    # late; the next grader must reclaim what they left without waiting for that
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        tag = zombie_tag(pid)
        assert not owner_alive(tag)
        left = tmp_path / f"autograder-x-{tag}-z1"
        left.mkdir()
        assert orphans("autograder-x-", tmp_path) == [left]
    finally:
        os.waitpid(pid, 0)


def test_only_folders_of_dead_owners_are_reclaimed(tmp_path):
    mine = owned_tempdir("autograder-warm-", tmp_path)
    dead = tmp_path / f"autograder-warm-{dead_owner_tag()}-x1"
    dead.mkdir()
    (dead / "fonts").mkdir()
    (dead / "fonts" / "list.json").write_text("{}")
    unrelated = tmp_path / "autograder-warm-notatag"
    unrelated.mkdir()
    assert orphans("autograder-warm-", tmp_path) == [dead]
    assert reclaim("autograder-warm-", tmp_path) == [dead]
    assert mine.is_dir() and unrelated.is_dir() and not dead.exists()


def test_a_symlink_or_someone_elses_folder_is_left_alone(tmp_path, monkeypatch):
    tag = dead_owner_tag()
    target = tmp_path / "precious"
    target.mkdir()
    (tmp_path / f"autograder-warm-{tag}-link").symlink_to(target)
    foreign = tmp_path / f"autograder-warm-{tag}-foreign"
    foreign.mkdir()
    real_uid = os.geteuid()
    monkeypatch.setattr(leftovers.os, "geteuid", lambda: real_uid + 1)  # (not ours, then)
    assert reclaim("autograder-warm-", tmp_path) == []
    monkeypatch.undo()
    assert target.is_dir() and foreign.is_dir()
    assert reclaim("autograder-warm-", tmp_path) == [foreign]  # ours: it goes; the link stays
    assert (tmp_path / f"autograder-warm-{tag}-link").is_symlink() and target.is_dir()


def test_read_only_leftovers_are_removed_too(tmp_path):
    """nbgrader makes autograded files read-only; a killed run's copies are such."""
    dead = tmp_path / f"run-{dead_owner_tag()}-x"
    (dead / "r-1" / "autograded").mkdir(parents=True)
    notebook = dead / "r-1" / "autograded" / "nb.ipynb"
    notebook.write_text("{}")
    notebook.chmod(0o444)
    (dead / "r-1" / "autograded").chmod(0o555)
    assert reclaim("run-", tmp_path) == [dead]
    assert not dead.exists()

"""The instructor guide, step by step, in a course under git: nothing grading produces is left
for ``git add -A`` to commit, and nbgrader says nothing it should not.

A copy of the course's tracked files (its ``.gitignore`` included) becomes a fresh git
repository; then release, a submission copied in by hand, ``nbgrader autograde``,
``python -m autograder autograde``, feedback, the report and ``nbgrader export`` run in
it as README's guide says. ``git status`` must stay clean.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.release import nbgrader_env
from tests.checks.conftest import model_submission
from tests.course import as_submission

pytestmark = pytest.mark.slow
A = get_assignment("ps4-backprop")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=root, env=nbgrader_env(), capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done


def git(root: Path, *args: str) -> str:
    return run(root, "git", "-c", "user.name=t", "-c", "user.email=t@t", *args).stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("no git")
    root = tmp_path_factory.mktemp("hygiene")
    tracked = git(REPO_ROOT, "ls-files", ".gitignore", "nbgrader_config.py", "source", "release")
    for name in tracked.split():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, root / name)
    # as the tests' courses do: this host's isolation, the CPU, the published numbers
    with (root / "nbgrader_config.py").open("a") as f:
        f.write("\nc.Grader.allow_weaker_isolation = True\nc.Grader.own_numbers = False\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "course")
    return root


def test_the_instructor_guide_leaves_git_status_clean(course):
    py = sys.executable
    run(course, py, "-m", "autograder", "release", A.id, "--course-dir", ".")
    release = nbformat.read(course / "release" / A.id / A.filename, as_version=4)
    folder = course / "submitted" / "alice" / A.id  # copied in by hand: no timestamp.txt
    folder.mkdir(parents=True)
    nbformat.write(as_submission(release, model_submission(A.id), A.graded_names),
                   folder / A.filename)  # fmt: skip
    stock = run(course, py, "-m", "nbgrader", "autograde", A.id)
    batch = run(course, py, "-m", "autograder", "autograde", A.id, "--force", "--no-progress")
    run(course, py, "-m", "nbgrader", "generate_feedback", A.id)
    run(course, py, "-m", "autograder", "report", A.id)
    run(course, py, "-m", "nbgrader", "export")
    for done in (stock, batch):
        assert "is not absolute" not in done.stderr and "SAWarning" not in done.stderr
    assert (course / "autograded/alice" / A.id / f"{A.notebook}.results.json").is_file()
    assert (course / "grades.csv").is_file() and (course / "reports" / A.id).is_dir()
    assert git(course, "status", "--porcelain", "--untracked-files=all") == ""

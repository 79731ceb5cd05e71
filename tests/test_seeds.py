"""One run seed on every grading path (``autograder/seeds.py``).

Unit tests of :func:`run_seed`, then one submission graded by all four paths
(``nbgrader autograde``, ``python -m autograder autograde``, ``python -m
autograder grade`` and the Gradescope ``run_autograder``) on a course with no
configured seed: each writes the same results record, byte for byte, and a
regrade with ``--seed`` reproduces it.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import seeds
from autograder.assignments import REPO_ROOT, get_assignment
from autograder.packaging.gradescope import build_gradescope_zip
from tests.checks.conftest import model_submission
from tests.course import build_course


def test_a_configured_seed_wins_and_is_not_recorded(tmp_path):
    assert seeds.run_seed(tmp_path, "ps2-descent", 1234) == 1234
    assert not seeds.seed_path(tmp_path, "ps2-descent").exists()


def test_the_first_run_records_a_seed_and_every_later_run_reads_it(tmp_path):
    first = seeds.run_seed(tmp_path, "ps2-descent")
    assert seeds.seed_path(tmp_path, "ps2-descent").read_text() == f"{first}\n"
    assert [seeds.run_seed(tmp_path, "ps2-descent") for _ in range(3)] == [first] * 3
    other = seeds.run_seed(tmp_path, "ps1-gradients")  # one seed per assignment
    assert seeds.recorded_seed(tmp_path, "ps1-gradients") == other


def _draw(course: str) -> int:
    return seeds.run_seed(Path(course), "ps4-backprop")


def test_processes_that_start_at_once_agree_on_one_seed(tmp_path):
    with multiprocessing.get_context("fork").Pool(4) as pool:
        drawn = pool.map(_draw, [str(tmp_path)] * 16)
    assert len(set(drawn)) == 1
    assert seeds.recorded_seed(tmp_path, "ps4-backprop") == drawn[0]
    assert [p.name for p in (tmp_path / seeds.STATE_DIR).iterdir()] == ["ps4-backprop.seed"]


def test_a_course_that_cannot_record_a_seed_says_so(tmp_path):
    (tmp_path / seeds.STATE_DIR).write_text("a file where the folder should be")
    with pytest.raises(OSError):
        seeds.run_seed(tmp_path, "ps4-backprop")


def test_student_inputs_depend_on_the_run_seed_and_the_student_only():
    assert seeds.student_seed(7, "alice") == seeds.student_seed(7, "alice")
    assert len({seeds.student_seed(7, "alice"), seeds.student_seed(7, "bob"),
                seeds.student_seed(8, "alice")}) == 3  # fmt: skip


# ----------------------------------------------------------------------------- all paths
A = get_assignment("ps4-backprop")
STUDENT = "alice"
DUE = "2099-01-01T00:00:00Z"  # Gradescope's students read their results before it
#: Wrong where the inputs show: its feedback names the hidden inputs it failed on.
ANSWERS = {"grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"}


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=cwd, capture_output=True, text=True
    )


def _results(course: Path) -> Path:
    return course / "autograded" / STUDENT / A.id / f"{A.notebook}.results.json"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, bytes]:
    """The results record of one submission from every path, and from regrades."""
    root = tmp_path_factory.mktemp("paths")
    course = build_course(
        root / "course", A.id, {STUDENT: model_submission(A.id, ANSWERS)}, seed=None
    )  # runs nbgrader autograde: the first grading records the course's seed
    out = {"nbgrader autograde": _results(course).read_bytes()}
    recorded = seeds.recorded_seed(course, A.id)
    assert recorded is not None

    batch = root / "batch"
    shutil.copytree(course, batch)
    shutil.rmtree(batch / "autograded")
    done = _cli("autograde", A.id, "--force", "--workers", "1", "--no-progress", cwd=batch)
    assert done.returncode == 0, done.stdout + done.stderr
    out["python -m autograder autograde"] = _results(batch).read_bytes()

    submission = course / "submitted" / STUDENT / A.id / A.filename
    for label, extra in (("grade", ()), ("grade --seed", ("--seed", str(recorded)))):
        path = root / f"{label.replace(' ', '_')}.json"
        done = _cli(
            "grade", str(submission), "--assignment", A.id, "--student", STUDENT,
            "--course-dir", str(course), "--results", str(path), *extra, cwd=course,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        out[f"python -m autograder {label}"] = path.read_bytes()

    from tests.packaging.test_gradescope import autograder_tree, run_autograder

    for name in ("pyproject.toml", "README.md"):  # what the zip bundles beside the package
        shutil.copy2(REPO_ROOT / name, course / name)
    tree = autograder_tree(build_gradescope_zip(A.id, root / "gs.zip", course), root / "gs")
    shutil.copy2(submission, tree / "submission" / A.filename)
    (tree / "submission_metadata.json").write_text(json.dumps({"assignment": {"due_date": DUE}}))
    done = run_autograder(tree, SUBMISSION_ID=STUDENT)
    assert done.returncode == 0, done.stderr
    out["Gradescope run_autograder"] = (tree / "results" / "results.json").read_bytes()
    # what the student reads at once: the same as `grade --student-view` before the due date
    path = root / "student_view.json"
    done = _cli(
        "grade", str(submission), "--assignment", A.id, "--student", STUDENT,
        "--course-dir", str(course), "--results", str(path), "--student-view",
        "--due-date", DUE, cwd=course,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out["grade --student-view"] = path.read_bytes()

    path = root / "other.json"
    done = _cli(
        "grade", str(submission), "--assignment", A.id, "--student", STUDENT,
        "--course-dir", str(course), "--results", str(path), "--seed", str(recorded + 1),
        cwd=course,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out["another seed"] = path.read_bytes()
    return out


@pytest.mark.slow
def test_every_path_writes_the_same_results_record(graded):
    reference = graded["nbgrader autograde"]
    assert b'"seed"' in reference and b"grad_quadratic_form" in reference
    for path in ("python -m autograder autograde", "python -m autograder grade",
                 "python -m autograder grade --seed"):  # fmt: skip
        assert graded[path] == reference, path
    # Gradescope's students read theirs before the due date: the same grading, in brief
    student = graded["Gradescope run_autograder"]
    assert student == graded["grade --student-view"]
    scores = [(t["name"], t["score"]) for t in json.loads(student)["tests"]]
    assert scores == [(t["name"], t["score"]) for t in json.loads(reference)["tests"]]
    assert json.loads(student)["extra_data"]["seed"] == json.loads(reference)["extra_data"]["seed"]


@pytest.mark.slow
def test_another_seed_draws_other_inputs(graded):
    # the comparison above can fail: the record holds the inputs the seed drew
    assert graded["another seed"] != graded["nbgrader autograde"]

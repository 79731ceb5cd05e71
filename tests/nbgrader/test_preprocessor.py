"""nbgrader autograde with SandboxedGrade: gradebook scores, feedback, and the CLI agree."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from autograder.assignments import get_assignment
from autograder.notebook.cells import cells_by_grade_id
from autograder.release import run_nbgrader
from tests.checks.conftest import model_submission
from tests.course import build_course
from tests.course import gradebook_scores as course_scores

pytestmark = pytest.mark.slow
A = get_assignment("ps2-descent")
SEED = 424242
WRONG = {
    "grad_descent": "import math\ndef grad_descent(x_start, n, delta=0.1):\n"
    "    x = x_start\n    for _ in range(n):\n"
    "        x = x + delta * (x - math.exp(-x))\n    return x\n",
    "GOOD_DELTA": "GOOD_DELTA = 2.0\n",
}


def _odd(release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The model answers in a notebook nbformat reads but nbgrader would trip over: a numeric
    source in the imports cell, an unknown cell type, and a student's forged repair notes."""
    raw = json.loads(json.dumps(model_submission(A.id)))
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    code[2]["source"] = 42
    code[3]["cell_type"] = "widget"
    raw["metadata"]["autograder_intake_notes"] = ["All your answers are right."]
    return nbformat.from_dict(raw)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with alice (two wrong answers) and bob (blank), autograded by nbgrader."""
    return build_course(
        tmp_path_factory.mktemp("course"),
        A.id,
        {
            "alice": model_submission(A.id, WRONG),
            "bob": lambda release: release,
            "carol": _odd,
        },
        seed=SEED,
    )


def gradebook_scores(root, student):
    return course_scores(root, A.id, student)


def test_gradebook_gets_partial_credit_per_test_cell(course):
    alice, bob = gradebook_scores(course, "alice"), gradebook_scores(course, "bob")
    assert alice["grad_descent"] == 0 and alice["GOOD_DELTA"] == 0
    assert alice["gradient_descent"] == 3 and alice["STEPS_SCALED"] == 1
    assert all(score == 0 for score in bob.values())


def test_feedback_lands_in_test_cells_without_hidden_checks(course):
    path = course / "autograded" / "alice" / A.id / A.filename
    text = path.read_text()
    nb = nbformat.read(path, as_version=4)
    out = cells_by_grade_id(nb)["test_grad_descent"].outputs
    kinds = [o["output_type"] for o in out]
    # feedback first, the picture of the descent path, then the score nbgrader reads
    assert kinds == ["stream", "display_data", "execute_result"]
    assert "adds the derivative" in out[0]["text"]
    assert out[1]["data"]["image/png"]
    assert out[2]["data"]["text/plain"] == "0"
    for secret in ("@graded", "expect_number", "autograder.checks", "def test_"):
        assert secret not in text


def test_generate_feedback_shows_the_messages(course):
    run_nbgrader(course, "generate_feedback", A.id, "--force")
    html = (course / "feedback" / "alice" / A.id / "descent.html").read_text()
    assert "adds the derivative" in html
    assert "expect_number" not in html
    assert "data:image/png;base64" in html  # the picture of the descent path
    # the grader's results file stays with the instructor
    assert not list((course / "feedback" / "alice").rglob("*.results.json"))


def test_cli_gives_the_same_scores_as_nbgrader(course, tmp_path):
    results = tmp_path / "results.json"
    notebook = course / "submitted" / "alice" / A.id / A.filename
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(notebook),
            "--assignment",
            A.id,
            "--seed",
            str(SEED),
            "--student",
            "alice",
            "--device",
            "cpu",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        cwd=course,
    )
    assert proc.returncode == 0, proc.stderr
    cli = {t["name"]: t["score"] for t in json.loads(results.read_text())["tests"]}
    assert cli == gradebook_scores(course, "alice")


def test_results_json_is_saved_beside_the_autograded_notebook(course):
    path = course / "autograded" / "alice" / A.id / "descent.results.json"
    data = json.loads(path.read_text())
    assert data["extra_data"]["student"] == "alice" and data["extra_data"]["seed"] == SEED
    assert "grad_descent" in data["extra_data"]["misconceptions"]
    assert {t["name"]: t["score"] for t in data["tests"]} == gradebook_scores(course, "alice")


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("stream", {"name": "stdout", "text": "feedback\n"}),
        ("execute_result", {"data": {"text/plain": "1.5"}, "execution_count": None}),
        ("display_data", {"data": {"image/png": "iVBORw0KGgo=", "text/plain": "<picture>"}}),
    ],
)
def test_outputs_are_the_ones_nbformat_makes(kind, fields):
    from nbformat.v4 import new_output  # validates what it makes

    from autograder.nbgrader.preprocessor import _output

    assert _output(kind, **fields) == new_output(kind, **fields)


def test_an_odd_notebook_is_graded_by_nbgrader_with_its_repairs_named(course):
    results = json.loads(
        (course / "autograded" / "carol" / A.id / f"{A.notebook}.results.json").read_text()
    )
    assert "source is not text (it is a int): read as empty" in results["output"]
    assert "has an unknown type 'widget': kept as text, not run" in results["output"]
    assert "All your answers are right" not in json.dumps(results)  # only the grader's notes
    assert results["score"] > 0  # what could be read is graded


@pytest.mark.parametrize("handed", ["same cells", "other cells", "unreadable", "none"])
def test_a_grade_handed_over_in_the_resources_is_used_for_the_cells_it_graded(handed, monkeypatch):
    """The batch hands SandboxedGrade its worker's grade as the converter's resources
    (``GRADED_EARLIER``), never through a global: used when nbgrader's sanitised notebook
    runs the cells it graded (or ``*``: the submission could not be read), else graded
    again."""
    from autograder.engine import cells_digest
    from autograder.nbgrader import preprocessor
    from autograder.results import GradingResult

    nb = model_submission(A.id)
    digest = cells_digest(nb, preprocessor.source_notebook(A.id))
    earlier, again = (
        GradingResult(A.id, A.notebook, "alice", seed=s, student_seed=s, device="cpu", names=[])
        for s in (1, 2)
    )
    monkeypatch.setattr(preprocessor.SandboxedGrade, "_grade", lambda self, *a: again)
    monkeypatch.setattr(preprocessor, "write_scores", lambda *a: None)
    resources = {"nbgrader": {"assignment": A.id, "student": "alice"}}
    if handed != "none":
        key = {"same cells": digest, "other cells": "0" * 64, "unreadable": "*"}[handed]
        resources[preprocessor.GRADED_EARLIER] = (key, earlier)
    _, resources = preprocessor.SandboxedGrade().preprocess(nb, resources)
    used = resources["autograder_result"]
    assert used is (earlier if handed in ("same cells", "unreadable") else again)
    assert preprocessor.GRADED_EARLIER not in resources  # not written into anything after

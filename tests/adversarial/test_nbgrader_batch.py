"""A real ``nbgrader autograde`` batch with tampering students beside an honest one.

The tamperers raise points to 100, duplicate, rename and delete test cells,
pre-fill outputs with full marks, and put HTML in what the feedback shows. The
gradebook must hold the instructor's points and the hidden checks' scores, the
feedback HTML must show the HTML escaped, and the honest student's grades must
equal those of a batch without the tamperers.
"""

from __future__ import annotations

import pytest

from autograder.assignments import get_assignment
from tests.adversarial.test_attacks import slim_submission, tamper
from tests.course import as_submission, build_course

pytestmark = pytest.mark.slow
A = get_assignment("ps2-descent")
HTML = "<script>alert(1)</script><b>FULL MARKS</b>"
WRONG_GD = "def grad_descent(x_start, n, delta=0.1):\n    return 0.0\n"
STUDENTS = {
    "honest": ({}, None),
    "tamperer": (
        {"grad_descent": WRONG_GD},
        {
            "points": 100,
            "duplicate": "test_grad_descent",
            "delete": "test_GOOD_DELTA",
            "rename": "test_STEPS_SCALED",
            "prefill": True,
        },
    ),
    "htmlist": (
        {
            "grad_descent": f"def grad_descent(x_start, n, delta=0.1):\n"
            f"    raise ValueError({HTML!r})\n",
            "GOOD_DELTA": f"GOOD_DELTA = {HTML!r}\n",
        },
        None,
    ),
}


def submission(student: str):
    """The student's notebook from the release: their answers, then their tampering."""
    replacements, spec = STUDENTS[student]

    def make(release):
        nb = as_submission(release, slim_submission(replacements), A.graded_names)
        if spec:
            tamper(nb, spec)
        return nb

    return make


def run_batch(root, students):
    return build_course(root, A.id, {s: submission(s) for s in students}, seed=5, feedback=True)


def grades(root, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(A.notebook, A.id, student)
        return {g.name: (g.auto_score, g.max_score) for g in nb.grades}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return run_batch(tmp_path_factory.mktemp("batch"), list(STUDENTS))


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    return run_batch(tmp_path_factory.mktemp("alone"), ["honest"])


def test_points_come_from_the_instructor_and_scores_from_the_checks(batch):
    honest, tamperer = grades(batch, "honest"), grades(batch, "tamperer")
    assert set(tamperer) == set(honest)  # renamed/deleted/duplicated cells change nothing
    for name, (score, max_score) in tamperer.items():
        assert max_score == honest[name][1] < 100
        expected = 0 if name == "test_grad_descent" else max_score
        assert score == expected, name


def test_html_in_feedback_is_escaped(batch):
    html = (batch / "feedback" / "htmlist" / A.id / "descent.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert grades(batch, "htmlist")["test_grad_descent"][0] == 0
    assert grades(batch, "htmlist")["test_GOOD_DELTA"][0] == 0


def test_honest_student_is_graded_as_without_the_attackers(batch, alone):
    assert grades(batch, "honest") == grades(alone, "honest")
    honest_batch = (batch / "autograded" / "honest" / A.id / "descent.results.json").read_text()
    honest_alone = (alone / "autograded" / "honest" / A.id / "descent.results.json").read_text()
    assert honest_batch == honest_alone

"""nbgrader generate_feedback with StudentView: what a student may read, and a page that reads well.

A course with one wrong submission: feedback generated before the due date holds
none of the hidden checks' expected answers or inputs but names the mistake and
starts with a summary; after the due date it holds them; formgrader's notebook
(autograded/) always does; without a grading record the page says "unknown".
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from autograder.assignments import get_assignment
from autograder.nbgrader.feedback import first_problem, render_math
from autograder.release import run_nbgrader
from tests.checks.conftest import model_submission
from tests.course import build_course

A = get_assignment("ps4-backprop")
WRONG = {"grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n"}
EXPECTED = re.compile(r"expected (tensor\([^)]*\))")


def test_math_becomes_mathml_and_code_keeps_its_dollars():
    html = render_math(r"Take $\nabla f(x)$ and $$\frac{a}{b}$$, but `echo $HOME` stays.")
    assert html.count("<math") == 2 and 'display="block"' in html
    assert "`echo $HOME`" in html and "$" not in html.replace("`echo $HOME`", "")
    assert render_math(r"costs \$5 and \$6") == r"costs \$5 and \$6"


def test_the_summary_line_is_the_first_failure():
    text = "g: 1 of 2 checks passed.\n- g(a float32 tensor): wrong. This looks like x.\nNote: n"
    assert first_problem(text) == "g(a float32 tensor): wrong. This looks like x."
    assert first_problem("g: all 3 checks passed.") == ""


def _set_due(root, when: datetime) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(A.id, duedate=when.replace(tzinfo=None))


def _page(root) -> str:
    run_nbgrader(root, "generate_feedback", A.id, "--force")
    return (root / "feedback" / "alice" / A.id / f"{A.notebook}.html").read_text()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return build_course(
        tmp_path_factory.mktemp("feedback"), A.id, {"alice": model_submission(A.id, WRONG)}
    )


@pytest.mark.slow
def test_before_the_due_date_the_page_hides_the_hidden_checks_and_after_it_shows_them(course):
    record = json.loads(
        (course / "autograded/alice" / A.id / f"{A.notebook}.results.json").read_text()
    )
    secrets = {m.group(1) for t in record["tests"] for m in EXPECTED.finditer(t["output"])}
    assert secrets  # the instructor's record has them (formgrader shows the same)
    _set_due(course, datetime.now(UTC) + timedelta(days=7))
    before = _page(course)
    assert not [s for s in secrets if s in before]
    assert "before the due date" in before and 'id="summary"' in before
    assert "This looks like 2Ax" in before  # the mistake is named all the same
    assert "mathjax" not in before.lower() and "<math" in before  # no CDN: MathML
    assert "Out[" not in before  # no bare score outputs
    _set_due(course, datetime.now(UTC) - timedelta(days=1))
    after = _page(course)
    assert all(s in after for s in secrets) and "after the due date" in after


@pytest.mark.slow
def test_without_a_grading_record_the_feedback_is_unknown(course):
    record = course / "autograded/alice" / A.id / f"{A.notebook}.results.json"
    saved = record.read_bytes()
    record.chmod(0o644)
    record.unlink()
    try:
        page = _page(course)
    finally:
        record.write_bytes(saved)
    assert "Feedback unknown" in page and "This looks like 2Ax" not in page

"""``nbgrader autograde`` with each student's own numbers: ids, copied notebooks, the report.

Three students hand in ps2-descent under their nbgrader ids: alice her own work,
frank a copy of alice's notebook (it still states her id), ivan the reading's
answers with no id typed in. The grader knows who handed in what (the
``submitted/<student>/`` folder) and grades each on their own numbers.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from autograder.assignments import get_assignment
from autograder.notebook.cells import cells_by_grade_id
from autograder.own_numbers import CLAIM_VARIABLE
from autograder.reporters.report import build_report, render_html
from tests.checks.conftest import model_submission, own_answers
from tests.course import as_submission, build_course
from tests.course import gradebook_scores as course_scores

pytestmark = pytest.mark.slow
A = get_assignment("ps2-descent")
OWN = set(A.own_numbers)


def handed_in(answers_of: str | None, claim: str):
    """The release notebook with the answers worked out for ``answers_of``, stating ``claim``."""

    def make(release):
        answers = own_answers(A.id, answers_of) if answers_of else {}
        nb = as_submission(release, model_submission(A.id, answers), A.graded_names)
        cells_by_grade_id(nb)["student-id"].source = f"{CLAIM_VARIABLE} = {claim!r}\n"
        return nb

    return make


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return build_course(
        tmp_path_factory.mktemp("course"),
        A.id,
        {
            "alice": handed_in("alice", "alice"),
            "frank": handed_in("alice", "alice"),  # alice's notebook, copied
            "ivan": handed_in(None, ""),  # the reading's numbers, no id
        },
        own_numbers=True,
    )


def scores(course, student):
    return course_scores(course, A.id, student)


def results(course, student):
    path = course / "autograded" / student / A.id / f"{A.notebook}.results.json"
    return json.loads(path.read_text())


def first_output(course, student) -> str:
    path = course / "autograded" / student / A.id / A.filename
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    return " ".join("".join(o.get("text", "") for o in first.outputs).split())  # unwrapped


def test_each_student_is_graded_on_their_own_numbers(course):
    alice = scores(course, "alice")
    tests = results(course, "alice")["tests"]
    assert {t["name"]: t["max_score"] for t in tests} == alice  # full marks, in the gradebook too
    assert results(course, "alice")["extra_data"]["id_check"] == {
        "submitter": "alice",
        "claimed": "alice",
        "status": "matches",
        "detail": "",
    }
    assert "Student id" not in first_output(course, "alice")


def test_a_copied_notebook_loses_the_hand_computed_items_and_is_noted(course):
    alice, frank = scores(course, "alice"), scores(course, "frank")
    for name in A.graded_names:
        assert (frank[name] == 0) is (name in OWN), (name, frank[name])
        assert frank[name] == (0 if name in OWN else alice[name])
    data = results(course, "frank")
    assert data["extra_data"]["id_check"]["status"] == "differs"
    assert data["extra_data"]["id_check"]["claimed"] == "alice"
    note = first_output(course, "frank")
    assert "STUDENT_ID = 'alice'" in note and "handed in by 'frank'" in note
    feedback = {t["name"]: t["output"] for t in data["tests"]}
    assert "for the student id it states ('alice')" in feedback["STEPS_SCALED"]


def test_a_notebook_without_an_id_is_graded_on_the_submitter_s_numbers(course):
    ivan = scores(course, "ivan")
    assert all((ivan[n] == 0) is (n in OWN) for n in A.graded_names), ivan
    assert results(course, "ivan")["extra_data"]["id_check"]["status"] == "not stated"
    assert "does not state a STUDENT_ID" in first_output(course, "ivan")


def test_the_report_lists_the_ids_that_do_not_match(course):
    report = build_report(A.id, course)
    flagged = {s.student: s.id_check["claimed"] for s in report.id_mismatches()}
    assert flagged == {"frank": "alice", "ivan": None}
    html = render_html(report, b"", b"")
    section = html[html.index('id="student-ids"') :]
    assert "<td>frank</td><td>alice</td>" in section
    assert "<td>ivan</td><td>(no id)</td>" in section
    assert "<tr><td>alice</td>" not in section  # her own id: not listed

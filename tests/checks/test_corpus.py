"""The hidden checks against the corpus of student-style submissions (tests/checks/submissions).

Every right variant, in whatever idiom, gets full marks; every wrong, broken or
hung one loses marks for its name, except the few the labels say the checks
accept on purpose (each with its reason, and each must still get full marks);
and, per assignment, at least 80 % of the wrong ones get feedback that names
their mistake.
"""

from __future__ import annotations

import pytest

from autograder.assignments import ASSIGNMENTS
from tests.checks.submissions.grading import Graded, grade_corpus
from tests.checks.submissions.labels import ACCEPTED, DISAGREE, EXPECT

pytestmark = pytest.mark.slow

#: The share of wrong variants whose feedback must name their mistake (issue: "Misconceptions
#: measured").
NAMED_AT_LEAST = 0.80


@pytest.fixture(scope="module", params=list(ASSIGNMENTS))
def graded(request) -> list[Graded]:
    return grade_corpus(request.param)


def key(g: Graded) -> str:
    return f"{g.variant.assignment}/{g.variant.name}/{g.variant.variant}"


def test_every_right_answer_gets_full_marks(graded):
    lost = [(key(g), g.result.feedback) for g in graded if g.variant.verdict == "correct"
            and not g.full_marks]  # fmt: skip
    assert lost == []


def test_every_wrong_broken_or_hung_answer_loses_marks_unless_accepted_on_purpose(graded):
    kept = [
        (key(g), g.variant.mistake)
        for g in graded
        if g.variant.verdict != "correct" and g.full_marks and key(g) not in DISAGREE | ACCEPTED
    ]
    assert kept == []


def test_what_is_accepted_on_purpose_still_is_and_says_why(graded):
    for g in graded:
        if key(g) in DISAGREE:
            assert g.full_marks and DISAGREE[key(g)], key(g)
        if key(g) in ACCEPTED:
            assert g.full_marks and ACCEPTED[key(g)] in g.result.feedback, g.result.feedback


def test_most_wrong_answers_get_their_mistake_named(graded):
    wrong = [
        g for g in graded if g.variant.verdict == "wrong" and key(g) not in DISAGREE | ACCEPTED
    ]
    named = [g for g in wrong if g.names_its_mistake]
    unnamed = [key(g) for g in wrong if not g.names_its_mistake]
    assert len(named) >= NAMED_AT_LEAST * len(wrong), unnamed


def test_the_labels_name_variants_that_exist(graded):
    keys = {key(g) for g in graded}
    assignment = graded[0].variant.assignment
    for label in (*EXPECT, *DISAGREE, *ACCEPTED):
        if label.startswith(assignment + "/"):
            assert label in keys, label

"""The notebooks compute each student's own numbers exactly as the grader does.

Students get their numbers from the notebook alone (no ``autograder`` package);
the grader from :mod:`autograder.own_numbers`. Both must agree for every id.
"""

from __future__ import annotations

import pytest

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.notebook.cells import CellRole, cell_role, cells_by_grade_id, read_notebook
from autograder.own_numbers import CLAIM_VARIABLE, normalise_id, numbers_for
from autograder.assignments.ps3_critical_points.reference import quartic_coefficients

IDS = [
    "",
    "   ",
    "alice",
    " Alice ",
    "CAROL",
    "jdoe42",
    "s1234567",
    "ünïcödé",
    "a.b-c_d@example.org",
    12345,
    *(f"student{i}" for i in range(400)),
]
WITH_NUMBERS = [a.id for a in ASSIGNMENTS.values() if a.own_numbers]


def test_the_assignments_with_own_numbers_are_ps2_and_ps3():
    assert WITH_NUMBERS == ["ps2-descent", "ps3-critical-points"]
    assert get_assignment("ps2-descent").own_numbers == ("STEPS_SCALED", "STEPS_UNSCALED")
    assert get_assignment("ps3-critical-points").own_numbers == (
        "CRITICAL_POINTS",
        "GLOBAL_MIN",
        "D2L5_CHOICE",
    )


@pytest.mark.parametrize("assignment_id", WITH_NUMBERS)
def test_normalisation_and_draw_agree(notebook_answers, assignment_id):
    ns = notebook_answers(assignment_id)
    from autograder.own_numbers import draw

    for student_id in IDS:
        assert ns["normalise_id"](student_id) == normalise_id(student_id)
        for item, n in (("ps2-start", 36), ("ps3-quartic", 6), ("ps3-d2l5-order", 24)):
            assert ns["draw"](student_id, item, n) == draw(student_id, item, n)


def test_ps2_start_points_agree(notebook_answers):
    ns = notebook_answers("ps2-descent")
    for student_id in IDS:
        assert ns["your_start_point"](student_id) == numbers_for(student_id).start, student_id


def test_ps3_polynomials_and_option_orders_agree(notebook_answers):
    ns = notebook_answers("ps3-critical-points")
    for student_id in IDS:
        own = numbers_for(student_id)
        assert ns["your_polynomial"](student_id) == quartic_coefficients(own.roots)[1:]
        order = ns["your_option_order"](student_id)
        assert tuple("abcd"[i] for i in order) == own.d2l5_order, student_id


def test_the_notebook_shows_the_options_in_the_contract_s_words(notebook_answers):
    from autograder.own_numbers import D2L5_OPTIONS

    texts = notebook_answers("ps3-critical-points")["D2L5_TEXTS"]
    for text, (_, contract) in zip(texts, sorted(D2L5_OPTIONS.items()), strict=True):
        assert text.replace("grad ", "∇").rstrip(".").replace("-", "−") == contract


@pytest.mark.parametrize("assignment_id", WITH_NUMBERS)
def test_the_id_cell_is_editable_and_the_numbers_cell_locked(assignment_id):
    a = get_assignment(assignment_id)
    for nb in (read_notebook(a.source_path()), read_notebook(a.release_path())):
        cells = cells_by_grade_id(nb)
        claim = cells["student-id"]
        assert claim.cell_type == "code" and cell_role(claim) is CellRole.PLAIN
        assert claim.metadata["nbgrader"]["locked"] is False
        assert f'{CLAIM_VARIABLE} = ""' in claim.source
        assert cell_role(cells["intro-your-numbers-code"]) is CellRole.READONLY
        ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
        # the id comes before the numbers, which come before the first graded name
        assert ids.index("student-id") < ids.index("intro-your-numbers-code")
        assert ids.index("intro-your-numbers-code") < ids.index(a.own_numbers[0])

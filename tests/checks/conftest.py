"""Fixtures for testing hidden checks: grade the model answer with some cells swapped.

``grade_submission("ps2-descent", {"grad_descent": WRONG_CODE})`` builds a
submission from the instructor notebook's model answers, replaces the named
solution cells' code, grades it with the real engine (sandbox included) and
returns the :class:`~autograder.results.GradingResult`. Results are cached per
(assignment, replacements, device, student), so put several wrong names in one
submission to keep the suite fast.

Without ``student`` the submission is graded with no student id, on the
published numbers the model answers are for. ``grade_submission(A, own_answers(A,
"alice"), student="alice", claim="alice")`` is the notebook of a student who
typed in her id and worked out her own numbers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

import pytest

from autograder.assignments import get_assignment
from autograder.assignments.ps2_descent import reference as ref2
from autograder.assignments.ps3_critical_points import reference as ref3
from autograder.engine import grade_notebook
from autograder.notebook.cells import (
    CellRole,
    cell_role,
    grade_id,
    read_notebook,
    strip_solution_markers,
)
from autograder.own_numbers import CLAIM_VARIABLE, numbers_for
from autograder.results import GradingResult

_CACHE: dict[tuple, GradingResult] = {}


def model_submission(
    assignment_id: str, replacements: Mapping[str, str] | None = None, claim: str | None = None
):
    """The source notebook as a student with the model answers would hand it in.

    ``claim`` is typed into the notebook's ``STUDENT_ID`` cell.
    """
    nb = copy.deepcopy(read_notebook(get_assignment(assignment_id).source_path()))
    replacements = dict(replacements or {})
    if claim is not None:
        cell = next(c for c in nb.cells if grade_id(c) == "student-id")
        cell.source = f"{CLAIM_VARIABLE} = {claim!r}\n"
    for cell in nb.cells:
        if cell_role(cell) in (CellRole.SOLUTION, CellRole.MANUAL):
            cell.source = strip_solution_markers(cell.source)
            gid = grade_id(cell)
            if gid in replacements:
                cell.source = replacements.pop(gid)
    assert not replacements, f"no solution cells for {sorted(replacements)}"
    return nb


def grade_submission(
    assignment_id: str,
    replacements: Mapping[str, str] | None = None,
    seed: int = 0,
    device: str = "cpu",
    student: str | None = None,
    claim: str | None = None,
) -> GradingResult:
    """Grade the model answer with ``replacements`` (grade_id → cell code) swapped in.

    ``student`` is the id the grader knows (the hand-computed items are graded on
    its own numbers); ``claim`` the id typed into the notebook.
    """
    items = tuple(sorted((replacements or {}).items()))
    key = (assignment_id, items, seed, device, student, claim)
    if key not in _CACHE:
        nb = model_submission(assignment_id, replacements, claim)
        _CACHE[key] = grade_notebook(
            nb,
            assignment_id,
            seed=seed,
            device=device,
            student_id=student or "student",
            own_numbers_for=student,
        )
    return _CACHE[key]


def own_answers(assignment_id: str, student_id: str | None) -> dict[str, str]:
    """Right answers to the hand-computed items on ``student_id``'s own numbers (id → code)."""
    own = numbers_for(student_id)
    if assignment_id == "ps2-descent":
        return {
            "STEPS_SCALED": f"STEPS_SCALED = {ref2.steps_by_hand(own.start, '0.1')!r}\n",
            "STEPS_UNSCALED": f"STEPS_UNSCALED = {ref2.steps_by_hand(own.start, 1)!r}\n",
        }
    if assignment_id == "ps3-critical-points":
        return {
            "CRITICAL_POINTS": f"CRITICAL_POINTS = {ref3.critical_points(own.roots)!r}\n",
            "GLOBAL_MIN": f"GLOBAL_MIN = {ref3.global_min(own.roots)!r}\n",
            "D2L5_CHOICE": f"D2L5_CHOICE = {ref3.d2l5_choice(own.d2l5_order)!r}\n",
        }
    return {}


@pytest.fixture
def grade() -> Callable[..., GradingResult]:
    """Factory fixture around :func:`grade_submission`."""
    return grade_submission


def assert_lost(result: GradingResult, name: str, misconception: str | None = None) -> None:
    """``name`` lost points; when given, the feedback names ``misconception`` (a substring)."""
    entry = result.by_name()[name]
    assert entry.score < entry.max_score, f"{name} kept full marks: {entry.feedback}"
    if misconception is not None:
        assert misconception in entry.feedback, (
            f"{name}: expected the mistake {misconception!r} to be named, got:\n{entry.feedback}"
        )

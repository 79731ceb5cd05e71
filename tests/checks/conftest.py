"""Fixtures for testing hidden checks: grade the model answer with some cells swapped.

``grade_submission("ps2-descent", {"grad_descent": WRONG_CODE})`` builds a
submission from the instructor notebook's model answers, replaces the named
solution cells' code, grades it with the real engine (sandbox included) and
returns the :class:`~autograder.results.GradingResult`. Results are cached per
(assignment, replacements, device), so put several wrong names in one
submission to keep the suite fast.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

import pytest

from autograder.assignments import get_assignment
from autograder.engine import grade_notebook
from autograder.notebook.cells import (
    CellRole,
    cell_role,
    grade_id,
    read_notebook,
    strip_solution_markers,
)
from autograder.results import GradingResult

_CACHE: dict[tuple, GradingResult] = {}


def model_submission(assignment_id: str, replacements: Mapping[str, str] | None = None):
    """The source notebook as a student with the model answers would hand it in."""
    nb = copy.deepcopy(read_notebook(get_assignment(assignment_id).source_path()))
    replacements = dict(replacements or {})
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
) -> GradingResult:
    """Grade the model answer with ``replacements`` (grade_id → cell code) swapped in."""
    key = (assignment_id, tuple(sorted((replacements or {}).items())), seed, device)
    if key not in _CACHE:
        nb = model_submission(assignment_id, replacements)
        _CACHE[key] = grade_notebook(nb, assignment_id, seed=seed, device=device)
    return _CACHE[key]


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

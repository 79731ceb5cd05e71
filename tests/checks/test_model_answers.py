"""For every assignment: the model answers earn every point, and the hidden checks'
points per graded name add up to the notebook's test-cell points."""

from __future__ import annotations

import pytest

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.notebook.cells import CellRole, cells_by_grade_id, read_notebook

IDS = list(ASSIGNMENTS)


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", IDS)
def test_model_answer_gets_full_marks(grade, assignment_id):
    result = grade(assignment_id)
    assert result.problems == []
    assert [entry.name for entry in result.names] == list(
        get_assignment(assignment_id).graded_names
    )
    for entry in result.names:
        assert entry.score == entry.max_score > 0, entry.feedback


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", IDS)
def test_check_points_match_the_notebook_test_cells(grade, assignment_id):
    a = get_assignment(assignment_id)
    tests = cells_by_grade_id(read_notebook(a.source_path()), CellRole.TEST)
    by_name = grade(assignment_id).by_name()
    assert set(tests) == {f"test_{name}" for name in by_name}
    for name, entry in by_name.items():
        assert entry.max_score == pytest.approx(tests[f"test_{name}"].metadata.nbgrader.points), (
            name
        )

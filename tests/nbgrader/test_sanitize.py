"""RestoreInstructorCells: the submission's graded cells become exactly the instructor's."""

from __future__ import annotations

import copy

from autograder.assignments import get_assignment
from autograder.nbgrader.sanitize import RestoreInstructorCells, source_notebook
from autograder.notebook.cells import CellRole, cells_by_grade_id, grade_id, read_notebook

A = get_assignment("ps2-descent")


def sanitize(nb):
    out, _ = RestoreInstructorCells().preprocess(
        nb, {"nbgrader": {"assignment": A.id, "student": "s"}}
    )
    return out


def test_renamed_duplicated_and_deleted_cells_are_put_right():
    nb = copy.deepcopy(read_notebook(A.release_path()))
    cells = cells_by_grade_id(nb)
    cells["test_STEPS_SCALED"].metadata["nbgrader"]["grade_id"] = "test_STEPS_SCALED_x"
    nb.cells.append(copy.deepcopy(cells["test_grad_descent"]))
    nb.cells.remove(cells["test_GOOD_DELTA"])
    out = sanitize(nb)
    ids = [grade_id(c) for c in out.cells if grade_id(c)]
    assert len(ids) == len(set(ids))
    assert set(cells_by_grade_id(out, CellRole.TEST)) == {f"test_{n}" for n in A.graded_names}
    assert "test_STEPS_SCALED_x" not in ids
    restored = ids.index("test_GOOD_DELTA")
    assert ids[restored - 1] == "GOOD_DELTA"  # right after the cell it tests


def test_an_untampered_notebook_is_left_alone():
    nb = read_notebook(A.release_path())
    assert sanitize(copy.deepcopy(nb)) == nb


def test_restored_cells_are_copies_so_the_shared_source_never_changes():
    before = copy.deepcopy(source_notebook(A.id))
    nb = copy.deepcopy(read_notebook(A.release_path()))
    nb.cells.remove(cells_by_grade_id(nb)["test_GOOD_DELTA"])
    out = sanitize(nb)
    restored = cells_by_grade_id(out)["test_GOOD_DELTA"]
    restored.outputs.append({"output_type": "stream", "name": "stdout", "text": "3 of 3\n"})
    restored.metadata["nbgrader"]["points"] = 99
    assert source_notebook(A.id) == before

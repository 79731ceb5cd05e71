"""Source notebooks: nbgrader validate is clean, and the layout matches the contract."""

from __future__ import annotations

import re

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, get_assignment
from autograder.notebook.cells import CellRole, cell_role, cells_by_grade_id, read_notebook
from autograder.release import run_nbgrader

IDS = list(ASSIGNMENTS)


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", IDS)
def test_nbgrader_validate_is_clean(assignment_id):
    """Runs the whole notebook (every test cell passes on the model answers)."""
    a = get_assignment(assignment_id)
    proc = run_nbgrader(REPO_ROOT, "validate", str(a.source_path()))
    assert "Success! Your notebook passes all the tests." in proc.stdout, proc.stdout[-3000:]


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_graded_name_has_one_solution_and_one_test_cell(assignment_id):
    a = get_assignment(assignment_id)
    nb = read_notebook(a.source_path())
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert len(ids) == len(set(ids) - {None}) + ids.count(None), "duplicate grade_ids"
    cells = cells_by_grade_id(nb)
    order = []
    for name in a.graded_names:
        assert cell_role(cells[name]) is CellRole.SOLUTION
        assert cell_role(cells[f"test_{name}"]) is CellRole.TEST
        assert cells[f"test_{name}"].metadata["nbgrader"]["points"] > 0
        order.append(ids.index(name))
        assert ids.index(name) < ids.index(f"test_{name}")
    assert order == sorted(order), "graded names appear in the contract's order"
    for gid in a.manual_cells:
        assert cell_role(cells[gid]) is CellRole.MANUAL
        assert cells[gid].metadata["nbgrader"]["points"] > 0


MARK_SCHEME = re.compile(r"### BEGIN MARK SCHEME\n(.*?)### END MARK SCHEME", re.S)
RUBRIC_ROW = re.compile(r"^\|(?P<criterion>[^|]+)\|\s*(?P<points>[0-9.]+)\s*\|$", re.M)


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_written_answer_has_a_rubric_right_above_it(assignment_id):
    """A mark-scheme region in the locked prompt cell just before each written answer, whose
    criteria's points add up to the answer's: nbgrader saves a locked cell's whole source
    in the gradebook and restores it into the autograded notebook that formgrader shows."""
    a = get_assignment(assignment_id)
    nb = read_notebook(a.source_path())
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for cell in nb.cells:
        if MARK_SCHEME.search(cell.source):
            assert cell.cell_type == "markdown" and cell_role(cell) is CellRole.READONLY
            following = nb.cells[nb.cells.index(cell) + 1]
            assert cell_role(following) is CellRole.MANUAL, "a rubric sits above its answer"
    for gid in a.manual_cells:
        prompt = nb.cells[ids.index(gid) - 1]
        scheme = MARK_SCHEME.search(prompt.source)
        assert scheme, f"{gid}: no mark scheme in the cell above it"
        assert f"Rubric for `{gid}`" in scheme.group(1)
        points = [float(m["points"]) for m in RUBRIC_ROW.finditer(scheme.group(1))]
        assert len(points) >= 2, f"{gid}: the rubric should have several criteria"
        assert sum(points) == nb.cells[ids.index(gid)].metadata["nbgrader"]["points"], gid


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_notebook_states_time_and_what_is_practised(assignment_id):
    title = read_notebook(get_assignment(assignment_id).source_path()).cells[0].source
    assert re.search(r"\*\*Time:\*\* about [^.]*hours", title), title[:300]
    assert "**What you will practise:**" in title


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebooks_are_saved_without_outputs(assignment_id):
    nb = read_notebook(get_assignment(assignment_id).source_path())
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None

"""release/ is what nbgrader generates from source/, and holds no solutions or checks."""

from __future__ import annotations

import re
import shutil

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, get_assignment
from autograder.notebook.cells import (
    BEGIN_SOLUTION,
    END_SOLUTION,
    CellRole,
    cell_role,
    cells_by_grade_id,
    read_notebook,
)
from autograder.release import generate_release

IDS = list(ASSIGNMENTS)


def comparable(nb):
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """release/ regenerated from the current source/ in a scratch course."""
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO_ROOT / "source", course / "source")
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course)
    generate_release(course)
    return course


@pytest.mark.slow
@pytest.mark.parametrize("assignment_id", IDS)
def test_release_is_not_stale(fresh_release, assignment_id):
    a = get_assignment(assignment_id)
    committed = read_notebook(a.release_path())
    fresh = read_notebook(a.release_path(fresh_release))
    assert comparable(committed) == comparable(fresh), (
        f"release/{a.id} is stale: run `python -m autograder release` and commit it"
    )


def solution_lines(source: str) -> list[str]:
    """The model-answer lines of a source cell (inside the solution markers)."""
    inside, out = False, []
    for line in source.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            inside = True
        elif line.strip() == END_SOLUTION:
            inside = False
        elif inside and len(line.strip()) > 12:
            out.append(line.strip())
    return out


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_holds_no_solution_or_hidden_test_text(assignment_id):
    a = get_assignment(assignment_id)
    release, source = read_notebook(a.release_path()), read_notebook(a.source_path())
    text = a.release_path().read_text()
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "BEGIN HIDDEN TESTS",
        "MARK SCHEME",
        "Rubric for",
        "autograder.checks",
        "@graded",
        "autograder.assignments",
    ):
        assert marker not in text
    released = cells_by_grade_id(release)
    for gid, cell in cells_by_grade_id(source).items():
        role = cell_role(cell)
        if role is CellRole.SOLUTION:
            for line in solution_lines(cell.source):
                if not re.fullmatch(r"[\w\s]*=\s*\.\.\.", line):
                    assert line not in released[gid].source, f"{gid}: {line!r} leaked"
        elif role is CellRole.MANUAL:
            assert released[gid].source.strip() == "YOUR ANSWER HERE"


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_graded_name_has_its_cells_and_visible_signature(assignment_id):
    a = get_assignment(assignment_id)
    release = cells_by_grade_id(read_notebook(a.release_path()))
    for name in a.graded_names:
        assert cell_role(release[name]) is CellRole.SOLUTION
        assert cell_role(release[f"test_{name}"]) is CellRole.TEST
        visible = f"def {name}(" if name[0].islower() else f"{name} = ..."
        assert visible in release[name].source, f"{name}: signature not visible"
    for gid in a.manual_cells:
        assert cell_role(release[gid]) is CellRole.MANUAL

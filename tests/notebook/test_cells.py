"""Reading notebooks: clear errors for bad files, roles from metadata, model answers."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.notebook.cells import (
    CellRole,
    NotebookError,
    cell_role,
    cells_by_grade_id,
    fill_solutions,
    read_notebook,
    strip_solution_markers,
)


def meta(**kw):
    return {
        "nbgrader": {"schema_version": 3, "locked": False, "grade": False, "solution": False, **kw}
    }


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a Jupyter notebook"),
        ('{"cells": "nope"}', "not a Jupyter notebook"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, text, phrase):
    path = tmp_path / "x.ipynb"
    path.write_text(text)
    with pytest.raises(NotebookError, match=phrase):
        read_notebook(path)


def test_missing_file_is_a_notebook_error(tmp_path):
    with pytest.raises(NotebookError, match="cannot read"):
        read_notebook(tmp_path / "absent.ipynb")


def test_roles():
    cells = [
        new_code_cell("x", metadata=meta(solution=True, grade_id="f")),
        new_code_cell(
            "assert f", metadata=meta(grade=True, locked=True, grade_id="test_f", points=1)
        ),
        new_markdown_cell(
            "why", metadata=meta(grade=True, solution=True, grade_id="explain", points=1)
        ),
        new_markdown_cell("intro", metadata=meta(locked=True, grade_id="intro")),
        new_code_cell("mine"),
    ]
    assert [cell_role(c) for c in cells] == [
        CellRole.SOLUTION,
        CellRole.TEST,
        CellRole.MANUAL,
        CellRole.READONLY,
        CellRole.PLAIN,
    ]


def test_fill_solutions_copies_model_answers_without_markers():
    source = new_notebook(
        cells=[
            new_code_cell(
                "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
                metadata=meta(solution=True, grade_id="f"),
            )
        ]
    )
    release = new_notebook(
        cells=[
            new_code_cell(
                "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()",
                metadata=meta(solution=True, grade_id="f"),
            )
        ]
    )
    filled = fill_solutions(release, source)
    assert cells_by_grade_id(filled)["f"].source == "def f():\n    return 1"
    assert "NotImplementedError" in release.cells[0].source  # the input is not modified
    assert strip_solution_markers("a\n### BEGIN SOLUTION\nb\n### END SOLUTION") == "a\nb"
    nbformat.validate(filled)

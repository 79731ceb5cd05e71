"""A tiny nbgrader gradebook with one cell of every kind, for tests of nbgrader's stage 2.

``make_gradebook(folder)`` adds an assignment whose notebook has solution cells,
autograded test cells, manually graded written answers and a task, and one
student's submission of it (rows made, nothing graded yet). ``submitted()`` is
that student's notebook with the autograder's outputs.
"""

from __future__ import annotations

from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbgrader import utils
from nbgrader.api import Gradebook

A, NB, STUDENT = "ps0", "calc", "ada"


def _cell(make, name, source, *, grade=False, solution=False, task=False, points=None):
    cell = make(source)
    meta = {"grade": grade, "solution": solution, "task": task, "locked": not solution,
            "grade_id": name, "schema_version": 3}  # fmt: skip
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    cell.metadata["nbgrader"]["checksum"] = utils.compute_checksum(cell)  # as released
    return cell


def released():
    """One cell of every kind nbgrader saves something for."""
    return new_notebook(
        cells=[
            _cell(new_code_cell, "answer", "def f(x):\n    pass", solution=True),
            _cell(new_code_cell, "left_blank", "def g(x):\n    pass", solution=True),
            _cell(new_code_cell, "test_partial", "check()", grade=True, points=2.0),
            _cell(new_code_cell, "test_error", "check()", grade=True, points=1.0),
            _cell(new_code_cell, "test_full", "check()", grade=True, points=1.0),
            _cell(new_code_cell, "test_reviewed", "check()", grade=True, points=1.0),
            _cell(
                new_markdown_cell, "essay", "YOUR ANSWER", grade=True, solution=True, points=3.0
            ),  # fmt: skip
            _cell(
                new_markdown_cell,
                "essay_blank",
                "YOUR ANSWER",
                grade=True,
                solution=True,
                points=3.0,
            ),  # fmt: skip
            _cell(new_markdown_cell, "task", "Describe f.", task=True, points=1.0),
        ]
    )


def submitted():
    """The released notebook, answered in part, with the autograder's outputs."""
    nb = released()
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    cells["answer"].source = "def f(x):\n    return 2 * x"
    cells["essay"].source = "Because the gradient is normal to the level set."
    cells["test_partial"].outputs = [
        new_output("execute_result", data={"text/plain": "1.5"}, execution_count=1)
    ]
    cells["test_error"].outputs = [
        new_output("error", ename="AssertionError", evalue="", traceback=[])
    ]
    return nb


def make_gradebook(folder: Path) -> Path:
    """A gradebook with the assignment, its cells and the student's (ungraded) submission.

    A new gradebook runs ``alembic`` from PATH (use the ``alembic_on_path`` fixture).
    """
    url = f"sqlite:///{folder / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_assignment(A)
        gb.add_notebook(NB, A)
        for cell in released().cells:
            meta = cell.metadata["nbgrader"]
            name, kind = meta["grade_id"], cell.cell_type
            gb.add_source_cell(name, NB, A, cell_type=kind, locked=meta["locked"],
                               source=cell.source, checksum=meta["checksum"])  # fmt: skip
            if meta["grade"]:
                gb.add_grade_cell(name, NB, A, max_score=meta["points"], cell_type=kind)
            if meta["solution"]:
                gb.add_solution_cell(name, NB, A)
            if meta["task"]:
                gb.add_task_cell(name, NB, A, max_score=meta["points"], cell_type=kind)
        gb.add_student(STUDENT)
        gb.add_submission(A, STUDENT)
        # an instructor already graded one cell by hand: nbgrader keeps it and flags it
        gb.find_grade("test_reviewed", NB, A, STUDENT).manual_score = 0.5
        gb.db.commit()
    return folder / "gradebook.db"

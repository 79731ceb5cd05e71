"""Cell roles from nbgrader metadata, and the solution regions inside cells.

nbgrader marks cells with ``cell.metadata.nbgrader``: ``solution`` cells are
where students write, ``grade`` cells carry points (an autograded test cell when
it is code and not a solution, a manually graded answer when it is both).
"""

from __future__ import annotations

import copy
import json
from enum import StrEnum
from pathlib import Path

import nbformat
from nbformat import NotebookNode

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"


class NotebookError(ValueError):
    """A file that cannot be read as a Jupyter notebook."""


class CellRole(StrEnum):
    """What a cell is for, as nbgrader sees it."""

    SOLUTION = "solution"  # autograded answer: code the student writes
    TEST = "test"  # autograded test cell (code, grade, not solution)
    MANUAL = "manual"  # manually graded answer (grade and solution)
    TASK = "task"  # manually graded task (markdown, no answer cell)
    READONLY = "readonly"  # locked instructor content
    PLAIN = "plain"  # anything else (a student's own cells, say)


def read_notebook(path: str | Path) -> NotebookNode:
    """Read a notebook as nbformat v4, with a clear error for anything else.

    Raises
    ------
    NotebookError
        When the file is missing, is not JSON, or is not a notebook.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotebookError(f"cannot read {path}: {exc}") from None
    return parse_notebook(text, name=str(path))


def parse_notebook(text: str, name: str = "notebook") -> NotebookNode:
    """Parse notebook JSON text; see :func:`read_notebook`."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"{name} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise NotebookError(f"{name} is JSON but not a Jupyter notebook (no list of cells)")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several types for bad notebooks
        raise NotebookError(f"{name} is not a valid Jupyter notebook: {exc}") from None
    return nb


def nbgrader_meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata, or an empty dict."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's nbgrader ``grade_id``, if any."""
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else None


def cell_role(cell: NotebookNode) -> CellRole:
    """Classify a cell by its nbgrader metadata."""
    meta = nbgrader_meta(cell)
    if meta.get("task"):
        return CellRole.TASK
    solution, grade = bool(meta.get("solution")), bool(meta.get("grade"))
    if solution and grade:
        return CellRole.MANUAL
    if solution:
        return CellRole.SOLUTION
    if grade and cell.cell_type == "code":
        return CellRole.TEST
    if meta.get("locked"):
        return CellRole.READONLY
    return CellRole.PLAIN


def cells_by_grade_id(nb: NotebookNode, role: CellRole | None = None) -> dict[str, NotebookNode]:
    """Map ``grade_id`` to cell, optionally only cells of one role."""
    out: dict[str, NotebookNode] = {}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is not None and (role is None or cell_role(cell) is role):
            out[gid] = cell
    return out


def strip_solution_markers(source: str) -> str:
    """Remove the ``### BEGIN/END SOLUTION`` lines, keeping what is between them.

    For a source cell this gives the code a student with the model answer
    would have written.
    """
    lines = source.split("\n")
    kept = [ln for ln in lines if ln.strip() not in (BEGIN_SOLUTION, END_SOLUTION)]
    return "\n".join(kept)


def fill_solutions(student_nb: NotebookNode, source_nb: NotebookNode) -> NotebookNode:
    """A copy of ``student_nb`` whose solution cells hold the source's model answers.

    Cells are matched by ``grade_id``; this is how the demo and the tests make
    a "perfect student" submission from a release notebook.
    """
    answers = {
        gid: cell
        for gid, cell in cells_by_grade_id(source_nb).items()
        if cell_role(cell) in (CellRole.SOLUTION, CellRole.MANUAL)
    }
    out = copy.deepcopy(student_nb)
    for cell in out.cells:
        gid = grade_id(cell)
        if gid in answers and cell_role(cell) in (CellRole.SOLUTION, CellRole.MANUAL):
            cell.source = strip_solution_markers(answers[gid].source)
    return out


def take_roles_from(nb: NotebookNode, source: NotebookNode) -> tuple[list[str], list[str]]:
    """Make the submission's graded cells exactly the instructor's, in place: what the
    batch's worker grades and what ``RestoreInstructorCells`` gives nbgrader.

    Returns the grade_ids whose metadata was dropped (:func:`drop_unknown_metadata`)
    and the test cells put back (:func:`restore_test_cells`). Locked cells keep what
    the student wrote: putting the instructor's source back is nbgrader's
    ``OverwriteCells``, done once, when recording.
    """
    dropped = drop_unknown_metadata(nb, set(cells_by_grade_id(source)))
    return dropped, restore_test_cells(nb, source)


def drop_unknown_metadata(nb: NotebookNode, known: set[str]) -> list[str]:
    """Remove nbgrader metadata from cells whose grade_id the instructor did not write,
    and from every repeat of a grade_id after its first cell (copies are the student's)."""
    dropped, seen = [], set()
    for cell in nb.cells:
        if "nbgrader" not in cell.get("metadata", {}):
            continue
        gid = grade_id(cell)
        if gid not in known or gid in seen:
            dropped.append(str(gid))
            del cell.metadata["nbgrader"]
        seen.add(gid)
    return dropped


def restore_test_cells(nb: NotebookNode, source: NotebookNode) -> list[str]:
    """Put back the instructor's test cells a submission lacks; returns their grade_ids.

    A missing test cell would leave its gradebook entry unscored. Each is
    re-inserted right after the cell of the graded name it tests (or at the end).
    """
    present = set(cells_by_grade_id(nb, CellRole.TEST))
    restored = []
    for gid, cell in cells_by_grade_id(source, CellRole.TEST).items():
        if gid in present:
            continue
        name = gid.removeprefix("test_")
        at = next((i + 1 for i, c in enumerate(nb.cells) if grade_id(c) == name), len(nb.cells))
        nb.cells.insert(at, copy.deepcopy(cell))
        restored.append(gid)
    return restored

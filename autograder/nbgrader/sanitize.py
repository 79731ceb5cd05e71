"""``RestoreInstructorCells``: cell roles come from the instructor, not the submission.

Runs first in ``nbgrader autograde``'s sanitising step, before nbgrader's own
``DeduplicateIds``/``OverwriteCells``/``CheckCellMetadata``. A student can edit
any metadata; stock nbgrader then either trusts it or rejects the whole
notebook ("the nbgrader metadata may be corrupted"). Here instead:

- nbgrader metadata whose ``grade_id`` the instructor's notebook does not have
  (renamed, invented, or missing ids), or that repeats an id already seen, is
  dropped: the cell is the student's own (stock ``DeduplicateIds`` leaves an
  empty metadata dict that later fails nbgrader's schema check);
- test cells the submission lacks are put back from the source notebook;
- cells nbformat reads but nbgrader cannot use (a numeric source, an unknown
  cell type, nbgrader metadata of the wrong types) are repaired as
  :mod:`autograder.notebook.intake` repairs them, and the repairs are told;

so the rest of nbgrader's pipeline sees a notebook with exactly the
instructor's graded cells, and ``OverwriteCells`` restores their content and
points.
"""

from __future__ import annotations

import os
from pathlib import Path

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from ..assignments import REPO_ROOT, get_assignment
from ..notebook.cells import take_roles_from
from ..notebook.instructor import read_instructor
from ..notebook.intake import repair


def course_root(assignment_id: str) -> Path:
    """The course being graded: nbgrader's cwd when it holds the source, else this repository."""
    cwd = Path(os.getcwd())
    return cwd if get_assignment(assignment_id).source_path(cwd).exists() else REPO_ROOT


def source_notebook(assignment_id: str) -> NotebookNode:
    """The instructor's notebook of the course being graded: shared, to read, never to change.

    Read and parsed once per version of the file
    (:func:`~autograder.notebook.instructor.read_instructor`), not for every
    submission: a batch reads it twice per submission.
    """
    return read_instructor(get_assignment(assignment_id).source_path(course_root(assignment_id)))


#: Notebook metadata where RestoreInstructorCells leaves the repairs it made, for
#: SandboxedGrade's feedback (which removes it again).
INTAKE_NOTES = "autograder_intake_notes"


class RestoreInstructorCells(NbGraderPreprocessor):
    """Make the submission's graded cells exactly the instructor's."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources.get("nbgrader", {})
        source = source_notebook(info.get("assignment"))
        student = info.get("student", "?")
        # cells nbformat let through but nbgrader's own preprocessors would trip over (a
        # numeric source, an unknown cell type, nbgrader metadata of the wrong types): made
        # well-formed first, and what was repaired told to the student by SandboxedGrade
        submission = repair(nb, validate=False)
        nb = submission.notebook
        nb.metadata.pop(INTAKE_NOTES, None)  # ours alone: a student's own copy is dropped
        if submission.notes:  # in the notebook: stock Autograde re-reads it between passes
            nb.metadata[INTAKE_NOTES] = submission.notes
        dropped, restored = take_roles_from(nb, source)
        for gid in dropped:
            self.log.warning(
                "%s: cell with unknown grade_id %r treated as the student's own", student, gid
            )
        for gid in restored:
            self.log.warning("%s: test cell %s was missing; restored from source", student, gid)
        return nb, resources

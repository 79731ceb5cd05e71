"""``BatchedSaveAutoGrades``: nbgrader's ``SaveAutoGrades``, its rows looked up once, one commit.

Stock ``SaveAutoGrades`` finds, for every grade, solution and task cell of a
notebook, that cell's ``Grade`` or ``Comment`` row with a six-table join
(``Gradebook.find_grade`` / ``find_comment``, and a second join when the cell
is a task cell), and commits after each one: about thirty queries and thirty
commits per submission. This preprocessor loads the
submitted notebook's grades and comments with one query each, sets the same
fields by the same rules, and commits once, when the notebook is done. The
rows it finds are the ones nbgrader's lookups find (same session, same
objects); a name they would not find exactly once (missing, or repeated) is
looked up with nbgrader's own method, which fails as it would.

:class:`~autograder.nbgrader.autograde.OnePassAutograde` uses it in place of
``SaveAutoGrades``; ``tests/batch/test_run.py`` compares the grades and
comments it writes with stock ``nbgrader autograde``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import (
    Assignment,
    BaseCell,
    Comment,
    Grade,
    Gradebook,
    Notebook,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades

#: cell name → the rows found for it, by the cell's type (``GradeCell``, ``TaskCell``, ...)
Rows = dict[str, dict[str, list]]


class BatchedSaveAutoGrades(SaveAutoGrades):
    """Save the autograder's scores and "No response." comments, as ``SaveAutoGrades`` does."""

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            self._grades = self._rows(Grade)
            self._comments = self._rows(Comment)
            # the cell loop of nbconvert's Preprocessor, which SaveAutoGrades also runs
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            self.gradebook.db.commit()
        return nb, resources

    def _rows(self, model) -> Rows:
        """Every ``model`` row (``Grade`` or ``Comment``) of this submitted notebook."""
        query = (
            self.gradebook.db.query(model, BaseCell.name, BaseCell.type)
            .join(BaseCell, BaseCell.id == model.cell_id)
            .join(SubmittedNotebook, SubmittedNotebook.id == model.notebook_id)
            .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
            .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
            .filter(
                Notebook.name == self.notebook_id,
                Assignment.name == self.assignment_id,
                SubmittedAssignment.student_id == self.student_id,
            )
        )
        rows: Rows = defaultdict(lambda: defaultdict(list))
        for row, name, cell_type in query:
            rows[name][cell_type].append(row)
        return rows

    def _find(self, rows: Rows, first: str, name: str, lookup: Callable):
        """The row nbgrader's ``lookup`` (``find_grade``, ``find_comment``) finds."""
        ids = (name, self.notebook_id, self.assignment_id, self.student_id)
        return prefetched(rows, name, first, lambda: lookup(*ids))

    def _add_score(self, cell: NotebookNode, resources: ResourcesDict) -> None:
        """The cell's auto score; a manual score or no auto score means it needs review."""
        name = cell.metadata["nbgrader"]["grade_id"]
        grade = self._find(self._grades, "GradeCell", name, self.gradebook.find_grade)
        grade.auto_score, _ = utils.determine_grade(cell, self.log)
        grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None

    def _add_comment(self, cell: NotebookNode, resources: ResourcesDict) -> None:
        """ "No response." for a solution cell left as released, else no auto comment."""
        name = cell.metadata["nbgrader"]["grade_id"]
        comment = self._find(self._comments, "SolutionCell", name, self.gradebook.find_comment)
        unchanged = cell.metadata.nbgrader.get("checksum", None) == utils.compute_checksum(cell)
        comment.auto_comment = "No response." if unchanged and not utils.is_task(cell) else None


def prefetched(rows: Rows, name: str, first: str, lookup: Callable[[], object]):
    """What nbgrader's two-step lookups find, from rows loaded beforehand.

    nbgrader looks for a cell (or its grade or comment) of the ``first`` type by
    ``name`` (``GradeCell``, ``SolutionCell``), else for a task cell; each step
    wants exactly one. A name found exactly once here is that one; otherwise
    ``lookup()``, nbgrader's own method, answers (and fails as it would).
    """
    for cell_type in (first, "TaskCell"):
        found = rows.get(name, {}).get(cell_type, [])
        if len(found) == 1:
            return found[0]
        if found:
            break  # repeated: nbgrader's query raises
    return lookup()

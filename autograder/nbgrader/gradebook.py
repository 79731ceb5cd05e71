"""Reading the gradebook: nbgrader's public ``Gradebook`` API, handed on as plain rows.

The report and the demo read scores through here, so that no module outside this
package knows nbgrader's classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class MissingAssignment(LookupError):
    """The gradebook has no such assignment."""


@dataclass
class GradeRow:
    """One grade cell of a submitted notebook.

    ``name`` is the cell's name as nbgrader has it (``test_...`` for a test cell);
    ``manual`` marks a written answer (a markdown cell); ``pending`` a manual grade
    not given yet.
    """

    name: str
    score: float | None
    auto_score: float | None
    max_score: float
    manual: bool
    pending: bool


@dataclass
class SubmissionRow:
    """One student's submission of the assignment, with every notebook's grades."""

    score: float | None
    late_penalty: float | None
    needs_manual_grade: bool
    grades: list[GradeRow] = field(default_factory=list)


@dataclass
class StudentRow:
    id: str
    first_name: str | None
    last_name: str | None
    lms_user_id: str | None


@dataclass
class AssignmentRows:
    """An assignment as the gradebook has it: its points and every student's submission
    (students without one are in ``students`` only)."""

    max_score: float | None
    students: list[StudentRow]
    submissions: dict[str, SubmissionRow]


def _grade(grade) -> GradeRow:
    return GradeRow(
        name=grade.name,
        score=grade.score,
        auto_score=grade.auto_score,
        max_score=grade.max_score,
        manual=grade.cell_type == "markdown",
        pending=bool(grade.needs_manual_grade and grade.manual_score is None),
    )


def read_assignment(db_url: str, course_id: str, assignment_id: str) -> AssignmentRows:
    """Every student of the gradebook and their submission of ``assignment_id``.

    Raises
    ------
    MissingAssignment
        When the gradebook has no such assignment.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id=course_id) as gb:
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry:
            raise MissingAssignment(assignment_id) from None
        submissions = {
            sub.student.id: SubmissionRow(
                score=sub.score,
                late_penalty=sub.late_submission_penalty,
                needs_manual_grade=bool(sub.needs_manual_grade),
                grades=[_grade(g) for nb in sub.notebooks for g in nb.grades],
            )
            for sub in gb.assignment_submissions(assignment_id)
        }
        students = [StudentRow(s.id, s.first_name, s.last_name, s.lms_user_id) for s in gb.students]
        return AssignmentRows(assignment.max_score, students, submissions)


def notebook_grades(db_url: str, notebook: str, assignment_id: str, student: str) -> list[GradeRow]:
    """The grades of one student's submitted notebook (default course)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        return [
            _grade(g) for g in gb.find_submission_notebook(notebook, assignment_id, student).grades
        ]

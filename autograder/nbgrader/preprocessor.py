"""``SandboxedGrade``: nbgrader's ``Execute`` replaced by the sandboxed engine.

In ``nbgrader autograde`` this runs after nbgrader has sanitised the
submission (outputs cleared, locked and test cells restored from the
instructor's version). Instead of executing the notebook in a kernel, it
grades it with :func:`autograder.engine.grade_notebook` and writes, into each
autograded test cell, the feedback (a stdout stream) and the score (an
``execute_result`` holding a number: nbgrader's partial-credit convention).
``SaveAutoGrades`` then records those scores in the gradebook as usual, and
``generate_feedback`` shows the text. The hidden checks never enter the notebook.
Beside the autograded notebook nbgrader's writer saves ``<notebook>.results.json``
(the Gradescope-schema results with misconceptions and limits hit) for reports.
"""

from __future__ import annotations

import textwrap

from nbformat import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from ..assignments import get_assignment
from ..config import Grader
from ..engine import cells_digest, grade_notebook
from ..notebook.cells import (
    CellRole,
    cell_role,
    cells_by_grade_id,
    grade_id,
)
from ..notebook.intake import Submission
from ..reporters import results_json_text
from ..results import GradingResult
from ..seeds import run_seed
from .sanitize import INTAKE_NOTES, course_root, source_notebook


def _output(output_type: str, **fields) -> NotebookNode:
    """What ``nbformat.v4.new_output`` makes, without validating each output on its own
    (a dozen schema checks per notebook; nbgrader validates the whole notebook it writes)."""
    if output_type != "stream":
        fields = {"data": {}, "metadata": {}, **fields}
    return from_dict({"output_type": output_type, **fields})


def _stream(text: str) -> NotebookNode:
    return _output("stream", name="stdout", text=text if text.endswith("\n") else text + "\n")


def _score(points: float) -> NotebookNode:
    return _output("execute_result", data={"text/plain": f"{points:g}"}, execution_count=None)


def write_scores(nb: NotebookNode, result: GradingResult, source: NotebookNode) -> None:
    """Put each name's feedback and score into its test cell (and cell errors into cells).

    The points a test cell is worth come from the instructor's ``source``
    notebook, never from the submission's metadata.
    """
    by_name = result.by_name()
    points_of = {
        gid: float(c.metadata["nbgrader"].get("points", 0))
        for gid, c in cells_by_grade_id(source, CellRole.TEST).items()
    }
    first_code = next((c for c in nb.cells if c.cell_type == "code"), None)
    notes = [*result.notes, result.device_note] if result.device_note else result.notes
    if first_code is not None and notes:
        # wrapped: formgrader and the feedback page show a stream unwrapped, in one line
        notes = (
            textwrap.fill(n, 100, break_long_words=False, break_on_hyphens=False) for n in notes
        )
        first_code.outputs = [_stream("Grader notes:\n" + "\n".join(notes))]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell) or ""
        role = cell_role(cell)
        if role is CellRole.TEST and gid.startswith("test_"):
            entry = by_name.get(gid.removeprefix("test_"))
            if entry is None:
                cell.outputs = [_stream("No hidden checks are defined for this cell."), _score(0)]
                continue
            points = points_of.get(gid, 0.0)
            # The checks' points are authoritative; scale in case the cell's points differ.
            score = entry.score * points / entry.max_score if entry.max_score else 0.0
            cell.outputs = [_stream(entry.feedback), _score(round(score, 4))]
            if entry.name in result.figures:  # display_data: shown, never scored
                cell.outputs.insert(
                    1,
                    _output(
                        "display_data",
                        data={
                            "image/png": result.figures[entry.name],
                            "text/plain": f"<picture: your {entry.name} path vs the reference>",
                        },
                    ),
                )
            cell.execution_count = None
        elif role is CellRole.SOLUTION and gid in by_name:
            failing = [c.message for c in by_name[gid].checks if not c.passed]
            if failing and "is not defined" in failing[0]:
                cell.outputs = [_stream(failing[0])]


#: The key of ``resources`` under which a converter hands ``SandboxedGrade`` a grade made
#: earlier by a batch worker (``autograder.batch``): (digest of the cells it ran, result),
#: see :class:`~autograder.nbgrader.autograde.OnePassAutograde`. ``SandboxedGrade`` uses it
#: only if nbgrader's sanitised notebook would run exactly those cells (or the digest is
#: ``*``: the submission could not be read and nbgrader is shown a placeholder); otherwise
#: it grades again.
GRADED_EARLIER = "autograder_graded_earlier"

#: The key of ``resources`` under which ``SandboxedGrade`` leaves the result it wrote into
#: the notebook (the batch worker's, or its own), for the converter to report.
RESULT = "autograder_result"


class SandboxedGrade(NbGraderPreprocessor, Grader):
    """Grade a notebook with the hidden checks, student code in a sandbox."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources.get("nbgrader", {})
        assignment_id, student_id = info.get("assignment"), info.get("student", "student")
        assignment = get_assignment(assignment_id)
        root = course_root(assignment.id)
        source = source_notebook(assignment.id)
        notes = nb.metadata.pop(INTAKE_NOTES, [])  # what RestoreInstructorCells repaired
        earlier = resources.pop(GRADED_EARLIER, None)
        if earlier is not None and earlier[0] in ("*", cells_digest(nb, source)):
            result = earlier[1]
            self.log.info("Using the batch worker's grade of %s for %s", assignment.id, student_id)
        else:
            if earlier is not None:
                self.log.warning(
                    "%s: the batch worker graded other cells than nbgrader sanitised; "
                    "grading again",
                    student_id,
                )
            submission = Submission(nb, [str(n) for n in notes] if isinstance(notes, list) else [])
            result = self._grade(submission, assignment.id, str(student_id), root, source)
        for problem in result.problems:
            self.log.error("grader problem (%s, %s): %s", assignment.id, student_id, problem)
        self.log.info(
            "Sandboxed grade of %s for %s: %g / %g (seed %d)",
            assignment.id,
            student_id,
            result.score,
            result.max_score,
            result.seed,
        )
        write_scores(nb, result, source)
        resources[RESULT] = result
        # nbgrader's writer puts resources' outputs beside the autograded notebook, in the
        # same step as the notebook itself (and write-protects both), on every nbgrader path
        outputs = resources.setdefault("outputs", {})
        outputs[f"{assignment.notebook}.results.json"] = results_json_text(result).encode()
        return nb, resources

    def _grade(self, nb, assignment_id, student_id, root, source) -> GradingResult:
        level = self.isolation_level()  # refuses (raises) below the configured minimum
        self.log.info("Sandbox isolation: %s", level.describe())
        return grade_notebook(
            nb,
            assignment_id,
            student_id=student_id,
            seed=run_seed(root, assignment_id, self.seed),
            device=self.device,
            limits=self.limits(),
            course_root=root,
            isolation=level,
            source=source,
            own_numbers_for=self.own_numbers_for(student_id),
        )

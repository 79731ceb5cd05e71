"""Student self-check: the notebook's visible checks, run in the grader's sandbox.

``python -m autograder check NOTEBOOK`` runs the student's code cells and the
visible test cells of the assignment in the same sandbox the grader uses
(:class:`~autograder.sandbox.runner.StudentProcess`) and says, per graded name,
whether the visible checks pass, which assertion failed, or that the answer is
still missing; it also lists written answers still saying ``YOUR ANSWER HERE``.

The test cells are taken from the **release** notebook
(``release/<assignment>/<notebook>.ipynb``) by ``grade_id``, never from the
student's copy, so editing or deleting a test cell changes nothing. The hidden
checks and the references (each assignment's ``checks.py`` and ``reference.py`` in
``autograder/assignments/<module>/``, and :mod:`autograder.checks`) are never
imported here: this module needs only :mod:`autograder.assignments` (the registry),
:mod:`autograder.notebook.cells` and :mod:`autograder.sandbox.runner`, so it works
from a public copy of the package that does not ship them (student repositories).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from nbformat import NotebookNode

from .assignments import ASSIGNMENTS, REPO_ROOT, Assignment, get_assignment
from .notebook.cells import (
    CellRole,
    NotebookError,
    cell_role,
    cells_by_grade_id,
    grade_id,
    read_notebook,
)
from .notebook.intake import check_assignment, load_submission
from .sandbox.limits import Limits, StudentError
from .sandbox.runner import Cell, CellOutcome, StudentProcess

#: What ``ClearSolutions`` leaves in an unanswered solution cell (``nbgrader_config.py``).
CODE_STUB = "raise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
REMINDER = (
    "Passing the visible checks is a good sign, not a guarantee: the grader's hidden "
    "checks also try other inputs (other shapes, dtypes, devices and edge cases)."
)


class UnusableNotebook(ValueError):
    """The student's file cannot be self-checked: not a notebook, or another assignment's."""


class Status(StrEnum):
    """How one graded name fared in the self-check."""

    PASS = "pass"  # answered, and its visible checks pass
    FAIL = "fail"  # answered, but its cell or a visible check failed
    UNANSWERED = "unanswered"  # still the release's stub


@dataclass(frozen=True)
class NameCheck:
    """The self-check outcome of one graded name.

    Attributes
    ----------
    name : str
        The graded name (function or constant).
    status : Status
        Pass, fail or not answered yet.
    message : str
        For a failure: the assertion message's first line, or what went wrong.
    """

    name: str
    status: Status
    message: str = ""


@dataclass
class SelfCheckReport:
    """Everything ``check`` tells the student about one notebook.

    Attributes
    ----------
    assignment : str
        Assignment id, e.g. ``"ps2-descent"``.
    notebook : str
        The notebook as the student named it.
    names : list of NameCheck
        One entry per graded name, in notebook order.
    written_missing : list of str
        ``grade_id`` of written-answer cells still saying ``YOUR ANSWER HERE``.
    notes : list of str
        Notebook-level messages: an unreadable notebook, other cells that failed,
        answer cells missing from the student's copy.
    """

    assignment: str
    notebook: str
    names: list[NameCheck]
    written_missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        """How many graded names are no longer the release's stub."""
        return sum(n.status is not Status.UNANSWERED for n in self.names)

    @property
    def failed(self) -> int:
        """How many graded names fail their visible checks (or their answer cell fails)."""
        return sum(n.status is Status.FAIL for n in self.names)

    @property
    def passed(self) -> int:
        """How many graded names pass their visible checks."""
        return sum(n.status is Status.PASS for n in self.names)

    def summary(self) -> str:
        """One line, e.g. ``9 of 13 answered, 7 pass their visible checks; 1 written ...``."""
        line = (
            f"{self.answered} of {len(self.names)} answered, "
            f"{self.passed} pass their visible checks"
        )
        missing = len(self.written_missing)
        if missing:
            line += f"; {missing} written answer{'s' if missing != 1 else ''} missing"
        return line

    def format(self, unicode: bool = True) -> str:
        """The report as printed by ``python -m autograder check``.

        Parameters
        ----------
        unicode : bool
            Use ✓/✗ marks; ``False`` gives ASCII for terminals that lack them.
        """
        ok, bad, todo = ("✓", "✗", "·") if unicode else ("+", "x", "-")
        lines = [f"Self-check of {self.notebook} ({self.assignment}), visible checks only:"]
        for n in self.names:
            if n.status is Status.PASS:
                lines.append(f"  {ok} {n.name}: visible checks pass")
            elif n.status is Status.FAIL:
                lines.append(f"  {bad} {n.name}: {n.message}")
            else:
                lines.append(f"  {todo} {n.name}: not answered yet")
        for gid in self.written_missing:
            lines.append(f"  {todo} {gid}: written answer missing (still says {TEXT_STUB!r})")
        for note in self.notes:
            lines.append(f"  note: {note}")
        lines.append(self.summary())
        lines.append(REMINDER)
        return "\n".join(lines)


def infer_assignment(notebook: str | Path) -> str:
    """The assignment id for a notebook file name (``descent.ipynb`` → ``ps2-descent``).

    An exact match of the file's stem with a notebook name wins; otherwise the
    one assignment whose notebook name the stem contains (``descent-jdoe.ipynb``).

    Raises
    ------
    ValueError
        When the name matches no assignment, or more than one.
    """
    stem = Path(notebook).stem.lower()
    exact = [a.id for a in ASSIGNMENTS.values() if a.notebook == stem]
    if exact:
        return exact[0]
    near = [a.id for a in ASSIGNMENTS.values() if a.notebook in stem]
    if len(near) == 1:
        return near[0]
    known = ", ".join(f"{a.filename} ({a.id})" for a in ASSIGNMENTS.values())
    raise ValueError(
        f"cannot tell the assignment from the file name {Path(notebook).name!r}; "
        f"pass --assignment (known notebooks: {known})"
    )


def check_cells(student: NotebookNode, release: NotebookNode, a: Assignment) -> list[Cell]:
    """The cells to run: the student's code cells, each release test cell after its answer.

    The student's own test cells (by the release's grade_ids, or by their
    metadata) are dropped; the release's test cell ``test_<name>`` runs right
    after the student's (last) cell whose grade_id is ``<name>``, or at the end
    when the student's copy has no such cell.
    """
    tests = cells_by_grade_id(release, CellRole.TEST)
    kept: list[tuple[str | None, Cell]] = []
    used: set[str] = set()
    for index, cell in enumerate(student.cells, start=1):
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell)
        if gid in tests or cell_role(cell) is CellRole.TEST:
            continue
        label = gid if gid in a.graded_names and gid not in used else f"#{index}"
        used.add(label)
        kept.append((gid if gid in a.graded_names else None, Cell(label, str(cell.source))))
    last = {gid: i for i, (gid, _) in enumerate(kept) if gid is not None}
    cells: list[Cell] = []
    for i, (_, cell) in enumerate(kept):
        cells.append(cell)
        for name, position in last.items():
            if position == i and f"test_{name}" in tests:
                cells.append(Cell(f"test_{name}", str(tests[f"test_{name}"].source)))
    for name in a.graded_names:
        if name not in last and f"test_{name}" in tests:
            cells.append(Cell(f"test_{name}", str(tests[f"test_{name}"].source)))
    return cells


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def _test_failure(outcome: CellOutcome) -> str:
    """What a failed visible test cell tells the student, without a traceback."""
    error = StudentError.from_reply(outcome.error)
    where = ""
    if error.line and error.cell and error.cell != outcome.label:  # inside the student's code
        which = (
            f"your cell {error.cell}"
            if error.cell.startswith("#")
            else f"your answer cell for {error.cell}"
        )
        where = f" (line {error.line} of {which}, called by the test cell)"
    elif error.line:
        where = f" (line {error.line} of the test cell)"
    if error.type_name == "AssertionError":
        message = _first_line(error.message)
        return message if message else f"a visible check failed{where}"
    if error.kind in ("timeout", "crashed", "output", "protocol"):
        return f"the visible checks did not finish: {error.describe()}"
    message = _first_line(error.message)
    text = f"{error.type_name}: {message}" if message else error.type_name
    if error.type_name == "NotImplementedError":
        return f"the visible checks raised {text}{where}: they use an answer not written yet"
    return f"the visible checks raised {text}{where}"


def _judge(
    name: str,
    answer_cells: list[NotebookNode],
    outcomes: dict[str, CellOutcome],
    value_is_stub: bool,
) -> NameCheck:
    """Decide pass / fail / not answered for one graded name."""
    answer = outcomes.get(name)
    if answer is not None and not answer.ok:
        error = StudentError.from_reply(answer.error)
        if error.type_name == "NotImplementedError":
            return NameCheck(name, Status.UNANSWERED)
        what = error.describe().removeprefix("it ")
        return NameCheck(name, Status.FAIL, f"your answer cell {what}")
    if value_is_stub:
        return NameCheck(name, Status.UNANSWERED)
    test = outcomes.get(f"test_{name}")
    if test is None:
        return NameCheck(name, Status.PASS if answer is not None else Status.UNANSWERED)
    if test.ok:
        return NameCheck(name, Status.PASS)
    error = StudentError.from_reply(test.error)
    still_stub = any(CODE_STUB in str(c.source) for c in answer_cells)
    if error.type_name == "NotImplementedError" and still_stub:
        return NameCheck(name, Status.UNANSWERED)
    return NameCheck(name, Status.FAIL, _test_failure(test))


def self_check(
    notebook: str | Path,
    assignment_id: str,
    *,
    limits: Limits | None = None,
    course_root: Path = REPO_ROOT,
) -> SelfCheckReport:
    """Run the visible checks of ``assignment_id`` against a student's notebook.

    Parameters
    ----------
    notebook : str or Path
        The student's ``.ipynb``.
    assignment_id : str
        e.g. ``"ps2-descent"``.
    limits : Limits, optional
        Sandbox limits (the grader's defaults when omitted).
    course_root : Path
        Course directory whose ``release/`` holds the student notebooks; the
        visible test cells are read from there.

    Returns
    -------
    SelfCheckReport
        What the visible checks say; cells that could not be read as they
        were are named in its notes.

    Raises
    ------
    KeyError
        For an unknown assignment id.
    UnusableNotebook
        When the student's file is not a notebook, or is another assignment's.
    NotebookError
        When the release notebook itself cannot be read.
    """
    a = get_assignment(assignment_id)
    release = read_notebook(a.release_path(course_root))
    shown = Path(notebook).name
    try:
        submission = load_submission(Path(notebook))
        check_assignment(submission.notebook, a)
    except NotebookError as exc:
        raise UnusableNotebook(str(exc)) from None
    student = submission.notebook

    answers: dict[str, list[NotebookNode]] = {n: [] for n in a.graded_names}
    for cell in student.cells:
        gid = grade_id(cell)
        if cell.cell_type == "code" and gid in answers and cell_role(cell) is not CellRole.TEST:
            answers[gid].append(cell)
    cells = check_cells(student, release, a)
    notes: list[str] = []
    with StudentProcess(cells, limits or Limits()) as process:
        outcomes = process.run_cells()
        stubs = set()
        for name in a.graded_names:
            answer = outcomes.get(name)
            if answer is None or not answer.ok:
                continue
            try:
                if process.get(name) is Ellipsis:
                    stubs.add(name)
            except StudentError:
                pass  # not defined, or not plain data: the test cell will say so
    names = [_judge(n, answers[n], outcomes, n in stubs) for n in a.graded_names]
    notes += submission.notes
    for n in a.graded_names:
        if not answers[n]:
            notes.append(f"the answer cell of {n} is missing from your notebook")
    for label, outcome in outcomes.items():
        if label.startswith("#") and not outcome.ok:
            error = StudentError.from_reply(outcome.error)
            if error.type_name != "NotImplementedError":  # an example using an unanswered name
                notes.append(f"cell {label} {error.describe().removeprefix('it ')}")

    manual = {gid: cell for gid, cell in cells_by_grade_id(student, CellRole.MANUAL).items()}
    written_missing = [
        gid for gid in a.manual_cells if gid not in manual or TEXT_STUB in str(manual[gid].source)
    ]
    return SelfCheckReport(a.id, shown, names, written_missing, notes)

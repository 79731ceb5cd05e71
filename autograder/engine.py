"""Grade one notebook: run the student's cells in the sandbox, then the hidden checks.

This is the one place the pipeline is put together::

    read notebook → pick cells (roles from the instructor's source) → sandbox
    → hidden checks (pytest, in this process) → GradingResult

Both front ends (``python -m autograder grade`` and the nbgrader preprocessor)
call :func:`grade_notebook`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections import defaultdict
from pathlib import Path

import torch
from nbformat import NotebookNode

from .assignments import REPO_ROOT, get_assignment
from .checks.plugin import CheckOutcome, derive_seed, run_checks
from .checks.student import Student
from .feedback import collect_feedback_figures
from .notebook.cells import (
    CellRole,
    NotebookError,
    cell_role,
    cells_by_grade_id,
    grade_id,
    read_notebook,
)
from .own_numbers import CLAIM_VARIABLE, IdCheck, OwnNumbers, normalise_id, numbers_for, read_claim
from .results import GradingResult, NameResult
from .sandbox.isolation import Level
from .sandbox.runner import Cell, CellOutcome, Limits, StudentError, StudentProcess


def resolve_device(device: str) -> torch.device:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when available) to a torch device."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for, but torch sees no CUDA device")
    if device not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {device!r}; use cpu, cuda or auto")
    return torch.device(device)


def new_seed() -> int:
    """A fresh run seed (recorded in the results so a regrade can reuse it)."""
    return secrets.randbits(32)


def student_cells(nb: NotebookNode, source: NotebookNode) -> list[Cell]:
    """The code cells to run for the student, in order: all but the test cells.

    Which cells are tests is decided by the instructor's source notebook (its
    test-cell grade_ids), not by the student's metadata alone.
    """
    test_ids = set(cells_by_grade_id(source, CellRole.TEST))
    cells = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell)
        if gid in test_ids or cell_role(cell) is CellRole.TEST:
            continue
        label = gid if gid and cell_role(cell) is CellRole.SOLUTION else f"#{index}"
        cells.append(Cell(label=label, source=str(cell.source)))
    return cells


def cells_digest(nb: NotebookNode, source: NotebookNode) -> str:
    """A digest of exactly what the sandbox runs for ``nb``: equal digests, equal grading."""
    cells = [[c.label, c.source] for c in student_cells(nb, source)]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


def describe_cell_error(outcome: CellOutcome) -> str:
    """'raised NameError: ... (line 3)' for a failed cell."""
    return StudentError.from_reply(outcome.error).describe().removeprefix("it ")


def summarise(name: str, checks: list[CheckOutcome]) -> NameResult:
    """Score and one feedback text for a graded name from its checks."""
    max_score = sum(c.points for c in checks)
    score = sum(c.points for c in checks if c.passed)
    failed = [c for c in checks if not c.passed]
    if not failed:
        feedback = f"{name}: all {len(checks)} checks passed."
    else:
        lines = [f"{name}: {len(checks) - len(failed)} of {len(checks)} checks passed."]
        seen: set[str] = set()
        for c in failed:
            if c.message not in seen:
                seen.add(c.message)
                lines.append(f"- {c.message}")
            if len(seen) == 3:
                break
        feedback = "\n".join(lines)
    return NameResult(name, round(score, 6), round(max_score, 6), feedback, checks)


def zero_result(
    assignment_id: str,
    student_id: str,
    seed: int,
    device: torch.device,
    note: str,
    source: NotebookNode,
    problems: list[str] | None = None,
) -> GradingResult:
    """All graded names at zero, with one message: for notebooks that cannot be graded.

    Each name keeps its maximum, the points of its test cell in the instructor's
    notebook ``source`` (the hidden checks' points add up to the same), so a
    report still says "0 of 3" and totals keep their denominators.
    """
    a = get_assignment(assignment_id)
    tests = cells_by_grade_id(source, CellRole.TEST)
    names = [
        NameResult(n, 0.0, _test_cell_points(tests.get(f"test_{n}")), f"{n}: not graded: {note}")
        for n in a.graded_names
    ]
    return GradingResult(
        a.id,
        a.notebook,
        student_id,
        seed,
        derive_seed(seed, student_id),
        device.type,
        names,
        notes=[note],
        problems=problems or [],
    )


def _test_cell_points(cell: NotebookNode | None) -> float:
    return float(cell.metadata.get("nbgrader", {}).get("points", 0.0)) if cell else 0.0


def grade_notebook(
    notebook: str | Path | NotebookNode,
    assignment_id: str,
    *,
    student_id: str = "student",
    seed: int | None = None,
    device: str | torch.device = "auto",
    limits: Limits | None = None,
    course_root: Path = REPO_ROOT,
    isolation: Level | None = None,
    source: NotebookNode | None = None,
    own_numbers_for: str | None = None,
) -> GradingResult:
    """Grade one student notebook with the hidden checks of its assignment.

    Parameters
    ----------
    notebook : path or NotebookNode
        The student's notebook.
    assignment_id : str
        e.g. ``"ps2-descent"``.
    student_id : str
        Used with ``seed`` to derive this student's random inputs.
    seed : int, optional
        Run seed; a fresh one when omitted. Recorded in the result.
    device : str or torch.device
        ``cpu``, ``cuda`` or ``auto``.
    limits : Limits, optional
        Sandbox limits.
    course_root : Path
        Course directory whose ``source/`` holds the instructor notebooks.
    isolation : Level, optional
        Sandbox isolation level; default the best this host allows. Front ends
        choose it with :func:`~autograder.sandbox.isolation.select_level`, which
        enforces the operator's minimum.
    source : NotebookNode, optional
        The instructor's notebook, when it is not read from ``course_root``
        (a Dask worker on another machine gets it with the job).
    own_numbers_for : str, optional
        The id of the student who handed the notebook in, as the grader knows
        it (nbgrader's student id): its hand-computed items are graded on that
        student's own numbers (:mod:`autograder.own_numbers`). None: no id,
        the contract's published numbers. Where the notebook's ``STUDENT_ID``
        says otherwise, the result carries a note and its ``id_check``.

    Returns
    -------
    GradingResult
        Never raises for problems in the student's notebook; those become
        zero scores with messages.
    """
    a = get_assignment(assignment_id)
    seed = new_seed() if seed is None else int(seed)
    dev = device if isinstance(device, torch.device) else resolve_device(device)
    source = source if source is not None else read_notebook(a.source_path(course_root))
    try:
        nb = notebook if isinstance(notebook, NotebookNode) else read_notebook(notebook)
    except NotebookError as exc:
        return zero_result(a.id, student_id, seed, dev, str(exc), source)
    # Max points come from the checks, so a malformed notebook still shows them.
    student_seed = derive_seed(seed, student_id)
    cells = student_cells(nb, source)
    notes: list[str] = []
    with StudentProcess(
        cells, limits or Limits(), seed=student_seed, level=isolation, cuda=dev.type == "cuda"
    ) as process:
        outcomes = process.run_cells()
        cell_errors = {}
        for label, outcome in outcomes.items():
            if not outcome.ok:
                what = describe_cell_error(outcome)
                if label in a.graded_names:
                    cell_errors[label] = what
                else:
                    notes.append(f"Cell {label} {what}.")
        student = Student(process, cell_errors)
        numbers, id_check = _own_numbers(a.own_numbers, process, own_numbers_for)
        if id_check is not None:
            note = id_check.note(a.own_numbers)
            if note:
                notes.append(note)
        checks, problems = run_checks(a.module, student, student_seed, dev, numbers=numbers)
        incidents = list(process.incidents)
        # pictures for the feedback (descent paths); after the checks, never scored
        figures = collect_feedback_figures(a.id, student, dev, problems=problems)
    by_name: dict[str, list[CheckOutcome]] = defaultdict(list)
    for c in checks:
        by_name[c.name].append(c)
    names = [summarise(n, by_name.get(n, [])) for n in a.graded_names]
    for n in a.graded_names:
        if n not in by_name:
            problems.append(f"no hidden checks ran for {n}")
    return GradingResult(
        a.id,
        a.notebook,
        student_id,
        seed,
        student_seed,
        dev.type,
        names,
        notes=notes,
        problems=problems,
        incidents=incidents,
        figures={n: base64.b64encode(png).decode("ascii") for n, png in figures.items()},
        id_check=id_check,
    )


def _own_numbers(
    items: tuple[str, ...], process: StudentProcess, submitter: str | None
) -> tuple[OwnNumbers, IdCheck | None]:
    """The numbers to grade the hand-computed ``items`` on, and the notebook's id claim.

    The submitter's own numbers always (the published ones without an id);
    the id the notebook states only decides what the notebook showed, which
    the checks use to name an answer worked out from those numbers.
    """
    own = numbers_for(submitter)
    if not items:
        return own, None
    try:
        claimed, detail = read_claim(process.get(CLAIM_VARIABLE))
    except StudentError:
        claimed, detail = read_claim(None, missing=True)
    check = IdCheck(normalise_id(submitter) or None, claimed, detail)
    shown = check.shown()
    if shown != own:
        own = OwnNumbers(own.student_id, own.start, own.roots, own.d2l5_order, claimed=shown)
    return own, check

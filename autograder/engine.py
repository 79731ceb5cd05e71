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
import importlib
import json
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import torch
from nbformat import NotebookNode

from .assignments import REPO_ROOT, Assignment, get_assignment
from .checks.plugin import CheckOutcome, run_checks
from .checks.student import Student
from .notebook.cells import (
    CellRole,
    NotebookError,
    cell_role,
    cells_by_grade_id,
    grade_id,
)
from .notebook.instructor import read_instructor
from .notebook.intake import Submission, as_submission, check_assignment
from .own_numbers import CLAIM_VARIABLE, IdCheck, OwnNumbers, normalise_id, numbers_for, read_claim
from .results import GradingResult, NameResult, feedback_text
from .sandbox.isolation import Level
from .sandbox.limits import Limits, StudentError
from .sandbox.runner import Cell, CellOutcome, StudentProcess
from .sandbox.servers import ForkServers
from .seeds import student_seed
from .visibility import Stage


@dataclass(frozen=True)
class DevicePlan:
    """Where the checks run, and how the device rule is graded, for one setting.

    A score must not depend on the runner: so only a course that pins
    ``device = "cuda"`` scores on the GPU (and then grades only on GPU
    runners). ``auto`` scores on the CPU everywhere; on a runner with a GPU it
    runs the checks a second time on CUDA and tells the student what failed
    there, for no points.
    """

    scored: torch.device  # the scored checks' inputs and references live here
    extra: torch.device | None  # a second, unscored pass (auto on a GPU runner)
    rule: str  # scored | reported | unchecked (GradingResult.device_rule)
    note: str  # the same, in a sentence for the student and the instructor

    @property
    def needs_cuda(self) -> bool:
        """Whether the sandbox must be given the GPU."""
        return "cuda" in (self.scored.type, self.extra.type if self.extra else None)


def device_plan(device: str | torch.device) -> DevicePlan:
    """The :class:`DevicePlan` of ``cpu``, ``cuda`` or ``auto`` (or a torch device) here."""
    cpu = torch.device("cpu")
    if isinstance(device, torch.device):
        device = device.type
    if device not in ("cpu", "cuda", "auto"):
        raise ValueError(f"unknown device {device!r}; use cpu, cuda or auto")
    if device == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError("--device cuda was asked for, but torch sees no CUDA device")
        return DevicePlan(
            torch.device("cuda"),
            None,
            "scored",
            "Device rule (answers on the input's device): checked on a GPU and scored.",
        )
    if device == "auto" and torch.cuda.is_available():
        return DevicePlan(
            cpu,
            torch.device("cuda"),
            "reported",
            "Device rule (answers on the input's device): checked on a GPU and reported "
            "below where it fails; it carries no points in this course (scores come from "
            "the CPU, as on every runner).",
        )
    why = "this runner has no GPU" if device == "auto" else "the course grades on the CPU"
    return DevicePlan(
        cpu,
        None,
        "unchecked",
        f"Device rule (answers on the input's device): not checked ({why}); it carries "
        "no points in this course.",
    )


def resolve_device(device: str) -> torch.device:
    """Where the scored checks of ``cpu``, ``cuda`` or ``auto`` run (see :func:`device_plan`)."""
    return device_plan(device).scored


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


def summarise(name: str, checks: list[CheckOutcome], remarks: list[str] = ()) -> NameResult:
    """Score and one feedback text for a graded name from its checks.

    ``remarks`` are notes from outside the scored checks (a failure on the
    unscored GPU pass); the checks' own remarks are added to them.
    """
    max_score = sum(c.points for c in checks)
    score = sum(c.points for c in checks if c.passed)
    notes = list(dict.fromkeys([r for c in checks for r in c.remarks] + list(remarks)))
    feedback = feedback_text(name, checks, notes, Stage.INSTRUCTOR)
    return NameResult(name, round(score, 6), round(max_score, 6), feedback, checks, notes)


def device_remarks(scored: list[CheckOutcome], on_gpu: list[CheckOutcome]) -> dict[str, list[str]]:
    """Per graded name: the checks that pass where scored but fail on the GPU, told."""
    failed_on_gpu = {c.check: c for c in on_gpu if not c.passed}
    out: dict[str, list[str]] = defaultdict(list)
    for c in scored:
        gpu = failed_on_gpu.get(c.check)
        if c.passed and gpu is not None:
            out[c.name].append(
                f"on a GPU (not scored in this course): {gpu.text(Stage.BEFORE_DUE)} Make your "
                "code keep the input's device: it will run on GPUs."
            )
    return out


def zero_result(
    assignment_id: str,
    student_id: str,
    seed: int,
    device: torch.device | DevicePlan,
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
    note = _sentence(note)
    tests = cells_by_grade_id(source, CellRole.TEST)
    names = [
        NameResult(n, 0.0, _test_cell_points(tests.get(f"test_{n}")), f"{n}: not graded: {note}")
        for n in a.graded_names
    ]
    plan = device if isinstance(device, DevicePlan) else device_plan(device)
    return GradingResult(
        a.id,
        a.notebook,
        student_id,
        seed,
        student_seed(seed, student_id),
        plan.scored.type,
        names,
        notes=[note],
        problems=problems or [],
        device_rule=plan.rule,
        device_note=plan.note,
    )


def collect_pictures(
    assignment: Assignment, student: Student, device: torch.device, problems: list[str]
) -> dict[str, bytes]:
    """The pictures the assignment's folder draws for its feedback (graded name to PNG), while
    the sandbox is alive; ``{}`` for an assignment without a ``pictures`` module."""
    if assignment.pictures is None:
        return {}
    pictures = importlib.import_module(assignment.pictures)
    return pictures.collect_feedback_figures(assignment.id, student, device, problems=problems)


def _counted(incidents: list[str]) -> list[str]:
    """Each incident once, in order, with how often it happened ("... (3 times)")."""
    counts = Counter(incidents)
    return [i if counts[i] == 1 else f"{i} ({counts[i]} times)" for i in dict.fromkeys(incidents)]


def _sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _test_cell_points(cell: NotebookNode | None) -> float:
    return float(cell.metadata.get("nbgrader", {}).get("points", 0.0)) if cell else 0.0


def grade_notebook(
    notebook: str | Path | NotebookNode | Submission,
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
    servers: ForkServers | None = None,
) -> GradingResult:
    """Grade one student notebook with the hidden checks of its assignment.

    Parameters
    ----------
    notebook : path, NotebookNode or Submission
        The student's notebook (a path is read and repaired by
        :func:`~autograder.notebook.intake.load_submission`; what was repaired
        is told in the notes).
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
    servers : ForkServers, optional
        The fork servers to start the student's process from (this process's
        default when None).

    Returns
    -------
    GradingResult
        Never raises for problems in the student's notebook; those become
        zero scores with messages.
    """
    a = get_assignment(assignment_id)
    seed = new_seed() if seed is None else int(seed)
    plan = device_plan(device)
    dev = plan.scored
    source = source if source is not None else read_instructor(a.source_path(course_root))
    try:
        submission = as_submission(notebook)
        check_assignment(submission.notebook, a)
    except NotebookError as exc:  # not a notebook, or another assignment's: one message
        return zero_result(a.id, student_id, seed, plan, str(exc), source)
    nb = submission.notebook
    inputs_seed = student_seed(seed, student_id)
    cells = student_cells(nb, source)
    notes: list[str] = list(submission.notes)
    with StudentProcess(
        cells,
        limits or Limits(),
        seed=inputs_seed,
        level=isolation,
        cuda=plan.needs_cuda,
        servers=servers,
        graded=frozenset(a.graded_names),
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
        checks, problems = run_checks(a.module, student, inputs_seed, dev, numbers=numbers)
        on_gpu: dict[str, list[str]] = {}
        if plan.extra is not None:
            gpu_checks, gpu_problems = run_checks(
                a.module, student, inputs_seed, plan.extra, numbers=numbers
            )
            on_gpu = device_remarks(checks, gpu_checks)
            problems += [f"on {plan.extra.type}: {p}" for p in gpu_problems]
        incidents = _counted(process.incidents)
        # pictures for the feedback (ps2's descent paths); after the checks, never scored
        figures = collect_pictures(a, student, dev, problems)
    by_name: dict[str, list[CheckOutcome]] = defaultdict(list)
    for c in checks:
        by_name[c.name].append(c)
    names = [summarise(n, by_name.get(n, []), on_gpu.get(n, [])) for n in a.graded_names]
    for n in a.graded_names:
        if n not in by_name:
            problems.append(f"no hidden checks ran for {n}")
    return GradingResult(
        a.id,
        a.notebook,
        student_id,
        seed,
        inputs_seed,
        dev.type,
        names,
        notes=notes,
        problems=problems,
        incidents=incidents,
        figures={n: base64.b64encode(png).decode("ascii") for n, png in figures.items()},
        device_rule=plan.rule,
        device_note=plan.note,
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

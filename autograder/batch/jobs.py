"""Stage 1 of a batch: find the submissions, and grade one of them as plain data.

A :class:`Job` carries everything grading needs as plain data (the
submission's text, the instructor's notebook, the run settings), so it can be
graded in this process, in a local worker or on a Dask worker on another
machine that has only this package installed. :func:`grade_job` reads the
submission as it was handed in (repaired where it can be, cell roles from the
instructor, not sanitised: nbgrader sanitises it once, in stage 2), grades it
in the sandbox and returns a :class:`Graded`. Writing the result into the course is stage 2
(:mod:`autograder.batch.record`).
"""

from __future__ import annotations

import copy
import hashlib
import os
import resource
import socket
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from ..assignments import get_assignment
from ..notebook.cells import NotebookError, take_roles_from
from ..notebook.instructor import parse_instructor
from ..notebook.intake import Submission, load_submission
from ..results import GradingResult
from ..sandbox.limits import Limits
from ..sandbox.servers import ForkServers, default_servers
from ..seeds import STATE_DIR  # noqa: F401 (the batch's state lives beside the seeds)


@dataclass(frozen=True)
class Settings:
    """What every job of one batch shares."""

    assignment_id: str
    seed: int
    device: str
    limits: Limits
    isolation: str  # minimum level required
    allow_weaker: bool = False
    own_numbers: bool = True  # hand-computed items on each student's own numbers


@dataclass(frozen=True)
class Job:
    """One student's submission of one assignment, as plain data."""

    student: str
    notebook: str | None  # the submitted .ipynb text; None when the file is missing
    source: str  # the instructor's notebook text
    inputs: str  # digest of the submission, the instructor's notebook, settings and grader


@dataclass
class Graded:
    """Stage 1's answer for one job."""

    student: str
    result: GradingResult | None
    cells: str  # engine.cells_digest of the notebook it graded ("" if it could not be read)
    seconds: float
    worker: str  # host:pid of the grading process
    peak_rss_mib: float  # of that process and the largest student process it waited for
    error: str = ""  # a grader-side failure (the job is then re-tried or reported)
    # the notebook as repaired (notebook.intake), where the submitted one needed repairs:
    # nbgrader records from it, not from a file it could not read
    repaired: str | None = None


@dataclass
class Outcome:
    """What the batch did with one submission (one line of the summary)."""

    student: str
    assignment: str
    status: str  # graded | unchanged | failed
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0  # grade_s + record_s: this submission's time in its worker
    grade_s: float = 0.0  # stage 1: sandbox and hidden checks
    record_s: float = 0.0  # stage 2: nbgrader's gradebook and autograded/ notebook
    worker: str = ""
    peak_rss_mib: float = 0.0
    message: str = ""
    incidents: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("seconds", "grade_s", "record_s", "peak_rss_mib"):
            data[key] = round(data[key], 3)
        return data


def grader_digest() -> str:
    """A digest of this package's code: a new checks or sandbox version regrades everything."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def submission_folders(course: Path, assignment_id: str) -> dict[str, Path]:
    """``submitted/<student>/<assignment>/`` folders by student id, sorted."""
    submitted = course / "submitted"
    if not submitted.is_dir():
        return {}
    return {
        d.name: d / assignment_id
        for d in sorted(submitted.iterdir())
        if (d / assignment_id).is_dir() and not d.name.startswith(".")
    }


def folder_digest(folder: Path) -> hashlib._Hash:
    """Names and contents of every file in a submission folder (timestamp.txt included)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest


def make_job(
    course: Path, student: str, folder: Path, settings: Settings, source: str, grader: str
) -> Job:
    """The job for one submission folder."""
    a = get_assignment(settings.assignment_id)
    path = folder / a.filename
    text = path.read_text(errors="replace") if path.is_file() else None
    digest = folder_digest(folder)
    digest.update(source.encode() + grader.encode() + repr(settings).encode())
    return Job(student, text, source, digest.hexdigest())


def read_submission(text: str | None) -> Submission:
    """The submitted notebook, repaired, or :class:`NotebookError` with a student-readable
    reason (:func:`~autograder.notebook.intake.load_submission`)."""
    if text is None:
        raise NotebookError("the notebook was not submitted")
    return load_submission(text)


def peak_rss_mib(servers: ForkServers) -> float:
    """Peak memory of one grading worker: the sum of the peak resident sizes of this
    process, its fork servers and the largest student process (an upper bound: pages
    the forks share with their server are counted twice)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cold = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # cold-started workers
    server, student = servers.peaks()
    return (own + server + max(student, cold)) / 1024


def grade_job(job: Job, settings: Settings, servers: ForkServers | None = None) -> Graded:
    """Grade one submission in the sandbox; never raises for the student's mistakes.

    ``servers``: the fork servers to grade with (this process's default when None: a
    pool or Dask worker's own).
    """
    from ..engine import cells_digest, device_plan, grade_notebook, zero_result

    servers = servers or default_servers()

    start = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    # a copy: grading must not change the cached one, and copying is cheaper than parsing
    source = copy.deepcopy(parse_instructor(job.source))
    repaired = None
    try:
        level = _level(settings)
        try:
            submission = read_submission(job.notebook)
            nb = submission.notebook
            if submission.notes:
                repaired = nbformat.writes(nb)
            # Roles from the instructor, as RestoreInstructorCells gives them to nbgrader,
            # but not sanitised: nbgrader does that once, in stage 2, and uses this grade
            # where its sanitised notebook runs the same cells (equal digests); where
            # OverwriteCells changes them (an edited locked cell), stage 2 grades again.
            take_roles_from(nb, source)
            digest = cells_digest(nb, source)
        except NotebookError as exc:
            result = zero_result(
                settings.assignment_id,
                job.student,
                settings.seed,
                device_plan(settings.device),
                str(exc),
                source,
            )
            digest = ""
        else:
            result = grade_notebook(
                submission,
                settings.assignment_id,
                student_id=job.student,
                seed=settings.seed,
                device=settings.device,
                limits=settings.limits,
                isolation=level,
                source=source,
                own_numbers_for=job.student if settings.own_numbers else None,
                servers=servers,
            )
    except Exception as exc:  # the grader's own failure: reported, and the batch goes on
        return Graded(
            job.student,
            None,
            "",
            time.perf_counter() - start,
            worker,
            peak_rss_mib(servers),
            f"{type(exc).__name__}: {exc}",
        )
    seconds = time.perf_counter() - start
    return Graded(
        job.student, result, digest, seconds, worker, peak_rss_mib(servers), repaired=repaired
    )


def _level(settings: Settings):
    from ..sandbox.isolation import select_level

    return select_level(settings.isolation, allow_weaker=settings.allow_weaker)

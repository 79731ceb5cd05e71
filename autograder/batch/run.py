"""``python -m autograder autograde``: every submission of an assignment, in parallel.

The batch, stage by stage::

    submitted/*/ASSIGNMENT → jobs (skip the unchanged) → grade (stage 1, in the sandbox)
    → record with nbgrader (stage 2, gradebook + autograded/) → progress bar → summary

Where stage 1 runs:

* ``--workers 1``: here, one submission after another;
* ``--workers N`` (default: every core): a Dask ``LocalCluster`` of N single-threaded
  worker processes on loopback; each grades and records (the gradebook lock keeps
  the writes apart). A worker that dies is replaced and its job retried once;
* ``--scheduler ADDRESS``: an existing Dask cluster (CPU or GPU nodes, e.g. from
  dask-jobqueue on SLURM). Its workers get plain-data jobs and return results;
  this process records them, so the gradebook never leaves the instructor's machine.

Every path gives the same scores: one run seed per assignment (``c.Grader.seed``,
or one drawn once and kept in ``.autograder/``) and inputs derived per student.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

from ..assignments import get_assignment
from ..config import Grader
from .jobs import STATE_DIR, Graded, Job, Outcome, Settings, grade_job, make_job
from .record import db_url_of, is_unchanged, load_course_config, record

#: Dask: how often a job may kill its worker before it is reported as failed.
ALLOWED_FAILURES = 1


@dataclass
class BatchSummary:
    """What one batch did (written by ``--json``)."""

    assignment: str
    workers: int
    scheduler: str | None
    isolation: str
    seed: int
    wall_s: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict:
        graded = [o for o in self.outcomes if o.status == "graded"]
        seconds = [o.seconds for o in graded]
        return {
            "assignment": self.assignment,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "isolation": self.isolation,
            "seed": self.seed,
            "wall_s": round(self.wall_s, 3),
            "graded": len(graded),
            "unchanged": self.count("unchanged"),
            "failed": len(self.failed),
            "median_s": round(median(seconds), 3) if seconds else None,
            "peak_worker_rss_mib": max((o.peak_rss_mib for o in graded), default=0.0),
            "submissions": [asdict(o) for o in self.outcomes],
        }


def run_seed(course: Path, assignment_id: str, options: Grader) -> int:
    """The configured seed, else one drawn on the first batch and kept for the next."""
    if options.seed is not None:
        return int(options.seed)
    path = course / STATE_DIR / f"{assignment_id}.seed"
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = secrets.randbits(32)
        path.write_text(f"{seed}\n")
        return seed


def plan(
    course: Path,
    settings: Settings,
    students: Iterable[str] | None,
    force: bool,
) -> tuple[list[Job], list[Outcome]]:
    """Jobs to grade, and the submissions skipped because nothing changed since last time."""
    from .jobs import grader_digest, submission_folders

    a = get_assignment(settings.assignment_id)
    folders = submission_folders(course, a.id)
    if students:
        wanted = set(students)
        missing = sorted(wanted - set(folders))
        if missing:
            raise SystemExit(f"error: no submission of {a.id} for: {', '.join(missing)}")
        folders = {s: f for s, f in folders.items() if s in wanted}
    source = (course / "source" / a.id / a.filename).read_text()
    grader = grader_digest()
    jobs, skipped = [], []
    for student, folder in folders.items():
        job = make_job(course, student, folder, settings, source, grader)
        if not force and is_unchanged(course, a.id, job):
            skipped.append(Outcome(student, "unchanged", message="unchanged since last graded"))
        else:
            jobs.append(job)
    return jobs, skipped


# --------------------------------------------------------------------------- executors
def grade_and_record(course: str, db_url: str | None, settings: Settings, job: Job) -> Outcome:
    """One job, start to finish, in a local worker (same machine as the course)."""
    _worker_setup(course)
    config = _worker_config(course, db_url)
    return record(Path(course), config, settings, job, grade_job(job, settings))


@functools.lru_cache(maxsize=4)
def _worker_config(course: str, db_url: str | None):
    """The course config, read once per worker (``record`` copies it before changing it)."""
    return load_course_config(Path(course), db_url)


def _worker_setup(course: str) -> None:
    import torch

    torch.set_num_threads(1)  # one core per worker: the workers are the parallelism
    os.chdir(course)  # nbgrader and our preprocessors resolve the course from the cwd


def warm_up(settings: Settings) -> str:
    """Start this worker's fork server before the first job (so the bar's rate is honest)."""
    from ..engine import resolve_device
    from ..sandbox.isolation import select_level
    from ..sandbox.runner import StudentProcess

    level = select_level(settings.isolation, allow_weaker=settings.allow_weaker)
    cuda = resolve_device(settings.device).type == "cuda"
    with StudentProcess([], settings.limits, level=level, cuda=cuda) as process:
        process.run_cells()
    return f"{os.uname().nodename}:{os.getpid()}"


def run_serial(course: Path, config, settings: Settings, jobs: list[Job]) -> Iterator[Outcome]:
    _worker_setup(str(course))
    warm_up(settings)
    for job in jobs:
        yield record(course, config, settings, job, grade_job(job, settings))


def run_local_cluster(
    course: Path, db_url: str | None, settings: Settings, jobs: list[Job], workers: int
) -> Iterator[Outcome]:
    """A Dask LocalCluster of single-threaded worker processes on loopback."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                memory_limit=0,  # the sandbox limits student memory; never kill a grader
            ) as cluster,
            Client(cluster) as client,
        ):
            client.run(warm_up, settings)
            futures = {
                client.submit(grade_and_record, str(course), db_url, settings, job, pure=False): job
                for job in jobs
            }
            yield from _collect(futures, lambda job, outcome: outcome)


def run_remote(
    address: str, course: Path, config, settings: Settings, jobs: list[Job]
) -> Iterator[Outcome]:
    """An existing Dask cluster grades; this process records (the gradebook stays here)."""
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.run(warm_up, settings)
        futures = {client.submit(grade_job, job, settings, pure=False): job for job in jobs}
        yield from _collect(
            futures, lambda job, graded: record(course, config, settings, job, graded)
        )


def _collect(futures: dict, finish: Callable[[Job, object], Outcome]) -> Iterator[Outcome]:
    from distributed import as_completed

    for future in as_completed(futures):
        job = futures.pop(future)
        try:
            value = future.result()
        except Exception as exc:  # KilledWorker (it crashed a grader twice), lost worker...
            yield Outcome(job.student, "failed", message=f"{type(exc).__name__}: {exc}")
            continue
        yield finish(job, value) if isinstance(value, Graded) else value


# --------------------------------------------------------------------------- the command
def autograde(
    course: Path,
    assignment_id: str,
    options: Grader,
    *,
    workers: int | None = None,
    students: list[str] | None = None,
    force: bool = False,
    scheduler: str | None = None,
    db_url: str | None = None,
    allow_weaker: bool | None = None,
    progress: bool = True,
) -> BatchSummary:
    """Grade every submission of ``assignment_id`` in ``course`` (see the module docstring)."""
    course = course.resolve()
    a = get_assignment(assignment_id)
    level = options.isolation_level(allow_weaker=allow_weaker)
    workers = workers or os.cpu_count() or 1
    settings = Settings(
        a.id,
        run_seed(course, a.id, options),
        options.device,
        options.limits(),
        options.isolation,
        bool(allow_weaker or options.allow_weaker_isolation),
    )
    config = load_course_config(course, db_url)
    summary = BatchSummary(a.id, workers, scheduler, level.name.lower(), settings.seed)
    jobs, skipped = plan(course, settings, students, force)
    summary.outcomes.extend(skipped)
    print(
        f"{a.id}: {len(jobs)} to grade, {len(skipped)} unchanged; isolation {level.describe()}; "
        f"gradebook {_redact(db_url_of(config))}; "
        + (f"Dask scheduler {scheduler}" if scheduler else f"{workers} worker(s)"),
        file=sys.stderr,
    )
    start = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(course)  # nbgrader and our preprocessors resolve the course from the cwd
    try:
        if not jobs:
            outcomes: Iterable[Outcome] = []
        elif scheduler:
            outcomes = run_remote(scheduler, course, config, settings, jobs)
        elif workers == 1 or len(jobs) == 1:
            outcomes = run_serial(course, config, settings, jobs)
        else:
            outcomes = run_local_cluster(course, db_url, settings, jobs, min(workers, len(jobs)))
        for outcome in _progress(outcomes, len(jobs), a.id, progress):
            summary.outcomes.append(outcome)
    finally:
        os.chdir(cwd)
    summary.wall_s = time.perf_counter() - start
    return summary


def _progress(outcomes: Iterable[Outcome], total: int, label: str, show: bool):
    """tqdm's bar (done, rate, ETA) with the failures so far; one line a minute in CI logs."""
    from tqdm import tqdm

    interactive = sys.stderr.isatty()
    with tqdm(
        total=total,
        desc=label,
        unit="sub",
        disable=not show or total == 0,
        file=sys.stderr,
        mininterval=0.2 if interactive else 60,
        dynamic_ncols=interactive,
    ) as bar:
        failures = 0
        for outcome in outcomes:
            failures += outcome.status == "failed"
            bar.set_postfix(failed=failures, refresh=False)
            bar.update(1)
            yield outcome


def _redact(url: str) -> str:
    """A database URL without its password, for logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def format_summary(summary: BatchSummary) -> str:
    """The end-of-run report: counts, time, scores, and every failure with its reason."""
    data = summary.to_json()
    graded = [o for o in summary.outcomes if o.status == "graded"]
    lines = [
        f"{summary.assignment}: {data['graded']} graded, {data['unchanged']} unchanged, "
        f"{data['failed']} failed in {summary.wall_s:.1f} s "
        f"({summary.workers if not summary.scheduler else 'Dask'} worker(s), "
        f"isolation {summary.isolation}, seed {summary.seed})"
    ]
    if graded:
        scores = [o.score for o in graded]
        top = graded[0].max_score
        lines.append(
            f"  scores: mean {sum(scores) / len(scores):.2f} / {top:g}, "
            f"full marks {sum(s >= top for s in scores)}, zero {sum(s == 0 for s in scores)}; "
            f"grading time per submission: median {data['median_s']:.2f} s, "
            f"max {max(o.seconds for o in graded):.2f} s"
        )
        limited = [o for o in graded if o.incidents]
        if limited:
            names = ", ".join(o.student for o in limited[:10])
            lines.append(f"  {len(limited)} hit a sandbox limit or crashed it: {names}")
    for o in summary.failed:
        lines.append(f"  FAILED {o.student}: {o.message}")
    return "\n".join(lines)


def write_summary_json(summary: BatchSummary, path: Path) -> None:
    path.write_text(json.dumps(summary.to_json(), indent=2) + "\n")

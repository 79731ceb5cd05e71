"""``python -m autograder autograde``: every submission of one or more assignments, in parallel.

The batch, stage by stage::

    submitted/*/ASSIGNMENT → jobs (skip the unchanged) → grade (stage 1, in the sandbox)
    → record with nbgrader (stage 2, gradebook + autograded/) → progress bar → summary

Where the jobs run:

* ``--workers 1``: here, one submission after another;
* ``--workers N`` (default: every core): a pool of N grader processes forked from
  this one once it has imported torch, nbgrader and the checks (so a worker
  starts in milliseconds, not seconds). They grade; this process records each
  result while they grade the next. A worker that dies is replaced and its
  job retried once, alone;
* ``--scheduler ADDRESS``: an existing Dask cluster (CPU or GPU nodes, e.g. from
  dask-jobqueue on SLURM). Its workers get plain-data jobs and return results;
  this process records them, so the gradebook never leaves the instructor's machine.

Several assignments in one command share the workers and pay start-up once.
Every path gives the same scores: one run seed per assignment (``c.Grader.seed``,
or one drawn once and kept in ``.autograder/``) and inputs derived per student.

A batch may be stopped at any moment. SIGINT (Ctrl-C) and SIGTERM stop it
within a second or two, with the usual summary, in which what was not graded
is listed as ``stopped``; so does a fault that every later submission would
meet too (the course's disk full, the gradebook gone for longer than
``c.Grader.gradebook_retry_seconds``). The grader processes die with the batch,
even when it is killed with ``kill -9`` (a parent-death signal), and recording
is all or nothing (``record.py``): the next run grades what was not recorded,
and only that.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from .. import seeds
from ..assignments import get_assignment
from ..config import Grader
from ..nbgrader.recording import IMPORTS as RECORDING_IMPORTS
from ..sandbox.servers import ForkServers, default_servers
from .jobs import Job, Outcome, Settings, grade_job, grader_digest, make_job
from .record import (
    COMMITTED,
    classify,
    db_url_of,
    is_unchanged,
    load_course_config,
    reclaim_dead_runs,
    record,
    restore_set_aside,
    unreleased,
)
from .stopping import STOPPER, BatchStopped

#: How often a job may kill its grader process before it is reported as failed.
ALLOWED_FAILURES = 1

#: What a forked worker should find imported already (the parent pays for it once).
PRELOAD = (
    "torch",
    "nbformat",
    "pytest",
    "autograder.engine",
)
#: What a worker also needs for an assignment's pictures (ps2-descent's descent paths:
#: matplotlib's Agg canvas, PIL's PNG writer, which its pictures module imports when it
#: first draws).
PICTURES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.Image",
    "PIL.PngImagePlugin",
)
#: What only recording needs (this process imports it while the workers grade).
RECORDING = RECORDING_IMPORTS

#: One unit of work: an assignment's settings and one student's job.
Task = tuple[Settings, Job]


class BatchError(Exception):
    """The batch cannot start (the gradebook lacks an assignment, or cannot be reached);
    the message says what to do. ``exit_status``: 2 for a course that is not set up, 1
    for a fault."""

    def __init__(self, message: str, exit_status: int = 2) -> None:
        super().__init__(message)
        self.exit_status = exit_status


@dataclass
class BatchSummary:
    """What one batch did (written by ``--json``).

    ``stopped`` says why the batch stopped before the end (a signal, or a fault
    every later submission would meet), None when it ran to its end; the
    submissions it did not get to have the status ``stopped``.
    """

    assignments: list[str]
    workers: int
    scheduler: str | None
    isolation: str
    seeds: dict[str, int]
    wall_s: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    stopped: str | None = None
    stop_status: int = 0  # the exit status the stop asks for (128 + signal, or 1)

    @property
    def exit_status(self) -> int:
        """0: every submission graded; 1: some could not be; 128 + N: stopped by signal N."""
        if self.stop_status:
            return self.stop_status
        return 1 if self.failed else 0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict:
        graded = [o for o in self.outcomes if o.status == "graded"]
        seconds = [o.seconds for o in graded]
        return {
            "assignments": self.assignments,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "isolation": self.isolation,
            "seeds": self.seeds,
            "wall_s": round(self.wall_s, 3),
            "graded": len(graded),
            "unchanged": self.count("unchanged"),
            "failed": len(self.failed),
            "stopped": self.count("stopped"),
            "stopped_by": self.stopped,
            "median_s": round(median(seconds), 3) if seconds else None,
            "peak_worker_rss_mib": max((o.peak_rss_mib for o in graded), default=0.0),
            "submissions": [o.to_json() for o in self.outcomes],
        }


def run_seed(course: Path, assignment_id: str, options: Grader) -> int:
    """The configured seed, else the course's recorded one (:func:`autograder.seeds.run_seed`)."""
    return seeds.run_seed(course, assignment_id, options.seed)


def plan(
    course: Path,
    settings: Settings,
    students: Iterable[str] | None,
    force: bool,
    grader: str,
) -> tuple[list[Job], list[Outcome]]:
    """Jobs to grade (of ``students`` only, if given), and the submissions skipped because
    nothing changed since last time (``grader``: :func:`~.jobs.grader_digest`)."""
    from .jobs import submission_folders

    a = get_assignment(settings.assignment_id)
    folders = submission_folders(course, a.id)
    if students:
        wanted = set(students)
        folders = {s: f for s, f in folders.items() if s in wanted}
    source = (course / "source" / a.id / a.filename).read_text()
    jobs, skipped = [], []
    for student, folder in folders.items():
        job = make_job(course, student, folder, settings, source, grader)
        if not force and is_unchanged(course, a.id, job):
            skipped.append(
                Outcome(student, a.id, "unchanged", message="unchanged since last graded")
            )
        else:
            jobs.append(job)
    return jobs, skipped


# --------------------------------------------------------------------------- executors
def _worker_setup(course: str) -> None:
    import torch

    torch.set_num_threads(1)  # one core per worker: the workers are the parallelism
    os.chdir(course)  # nbgrader and our preprocessors resolve the course from the cwd


def warm_up(settings: Settings) -> str:
    """Start this worker's fork server before the first job (a Dask worker: so the bar's
    rate is honest)."""
    from ..engine import device_plan
    from ..sandbox.isolation import select_level
    from ..sandbox.runner import StudentProcess

    level = select_level(settings.isolation, allow_weaker=settings.allow_weaker)
    cuda = device_plan(settings.device).needs_cuda
    with StudentProcess([], settings.limits, level=level, cuda=cuda) as process:
        process.run_cells()
    return f"{os.uname().nodename}:{os.getpid()}"


def worker_modules(tasks: list[Task]) -> tuple[str, ...]:
    """What the workers of ``tasks`` need imported: :data:`PRELOAD`, and for an assignment
    with pictures its pictures module and :data:`PICTURES`."""
    pictures = tuple(dict.fromkeys(filter(None, (pictures_of(s) for s, _ in tasks))))
    return PRELOAD + (pictures + PICTURES if pictures and PRELOAD else ())


def pictures_of(settings: Settings) -> str | None:
    """The module that draws the pictures of the assignment ``settings`` grade, if any."""
    return get_assignment(settings.assignment_id).pictures


def preload(modules: tuple[str, ...] | None = None) -> None:
    """Import ``modules`` (by default :data:`PRELOAD`, what every worker needs) once,
    before the pool forks its workers.

    The cyclic GC is off while importing (imports make many objects and little
    garbage), and the objects are then frozen out of its reach: a worker's
    collections would otherwise write to all of them and copy most of the
    parent's pages.
    """
    import gc
    import importlib

    with without_gc():
        for module in PRELOAD if modules is None else modules:
            importlib.import_module(module)
    gc.collect()
    gc.freeze()


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """The cyclic garbage collector off while inside (for imports: see :func:`preload`)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def started_servers(settings: Settings, servers: ForkServers) -> list:
    """The fork servers started ahead in ``servers`` for this batch's level (see ``cli``)."""
    from ..engine import device_plan
    from ..sandbox.isolation import select_level

    level = select_level(settings.isolation, allow_weaker=settings.allow_weaker)
    return servers.take_ahead(level, device_plan(settings.device).needs_cuda)


def run_serial(course: Path, config, tasks: list[Task], servers: ForkServers) -> Iterator[Outcome]:
    """Grade and record one job after another, here (``--workers 1``, or a batch of one),
    with ``servers`` (a server started ahead in them is adopted).

    What only recording needs (nbgrader: a good part of a small batch's start-up) is
    imported by a thread of its own meanwhile, mostly while this one waits for the
    student's process.
    """
    import importlib

    from ..checks.plugin import collect_checks

    _worker_setup(str(course))
    ahead = started_servers(tasks[0][0], servers)
    for server in ahead[1:]:
        server.close()
    if ahead:
        servers.adopt(ahead[0])
    # grading imports what it needs before the thread starts (pytest collects the checks,
    # the pictures' module), so the two never import the same modules at once
    for module in dict.fromkeys(get_assignment(s.assignment_id).module for s, _ in tasks):
        collect_checks(module)
    for pictures in dict.fromkeys(filter(None, (pictures_of(s) for s, _ in tasks))):
        importlib.import_module(pictures)
    importing = import_in_background(RECORDING)
    for settings, job in tasks:
        graded = grade_job(job, settings, servers)
        importing.join()  # (done by now, as a rule)
        yield record(course, config, settings, job, graded)


def import_in_background(modules: tuple[str, ...]):
    """A daemon thread that imports ``modules`` (errors are left to the code that needs
    them: it imports them again). Only where nothing forks this process meanwhile."""
    import importlib
    import threading

    def run() -> None:
        for module in modules:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 (recording imports it again, and says why)
                continue

    thread = threading.Thread(target=run, name="import-recording", daemon=True)
    thread.start()
    return thread


def _die_with(batch: int) -> None:
    """This grader process ends when the batch's process does, even by ``kill -9`` (the
    kernel's parent-death signal), and leaves SIGINT and SIGTERM to it: a Ctrl-C reaches
    the whole process group, and the batch then stops its workers itself."""
    PR_SET_PDEATHSIG = 1  # noqa: N806 (the kernel's name)
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        os.kill(batch, 0)  # gone before the signal was asked for: it will never come
    except ProcessLookupError:
        os._exit(1)


def _pool_worker_start(
    course: str, settings: Settings, ahead: list, handed, batch: int | None = None
) -> None:
    """A pool worker's first act: its fork server (and a clean stop at its exit).

    A pool worker grades with its process's :func:`default_servers` (a pool keeps no
    other state per worker). ``ahead``: handles on a server the parent started; the
    ``handed.value``-th worker to start takes that one and lets go of the others
    (each is used by one worker). ``batch``: the pid of the batch's process, which
    this one must not outlive.
    """
    from multiprocessing.util import Finalize

    if batch is not None:
        _die_with(batch)

    servers = default_servers()
    # pool workers leave with os._exit, so atexit never runs; multiprocessing's finalizers do
    Finalize(None, servers.close, exitpriority=10)
    with handed.get_lock():
        mine, handed.value = handed.value, handed.value + 1
    for index, server in enumerate(ahead):
        if index == mine:
            servers.adopt(server)
        else:
            server.detach()
    # (no empty submission first to start its sandbox: the first job does that, and a
    # worker that waits for its server meanwhile waits as long either way)
    _worker_setup(course)


def start_method(device: str) -> str:
    """``fork`` (workers inherit every import), unless CUDA may be used.

    CUDA cannot be used in a child forked after the parent touched it, so a
    CUDA-capable torch asked for ``cuda`` or ``auto`` gets ``forkserver``
    workers, forked from a clean process that preloaded the same modules.
    """
    import torch

    return "fork" if device == "cpu" or torch.version.cuda is None else "forkserver"


def run_pool(
    course: Path, config, tasks: list[Task], workers: int, servers: ForkServers
) -> Iterator[Outcome]:
    """``workers`` grader processes forked from this one grade; this process records.

    Recording (nbgrader's gradebook work, a good part of a submission's time)
    runs here while the workers grade the next jobs, so the workers never wait
    for the gradebook and the database has one writer per batch. At most one
    job per worker is in flight, so when a worker dies (the pool then breaks)
    the jobs it may have been running are known: they are retried once in a
    new pool, each alone, and reported as failed if they kill it again.
    """
    import multiprocessing

    settings = tasks[0][0]
    method = start_method(settings.device)
    context = multiprocessing.get_context(method)
    ahead = started_servers(settings, servers)  # (the workers grade with their own)
    keep = workers if method == "fork" else 0  # forked workers inherit them; others cannot
    for server in ahead[keep:]:
        server.close()
    ahead = ahead[:keep]
    if method == "forkserver":
        context.set_forkserver_preload(list(worker_modules(tasks)))
    else:
        preload(worker_modules(tasks))
    handed = context.Value("i", 0)
    queue = deque((s, job, 0) for s, job in tasks)  # settings, job, crashes so far
    try:
        yield from _pool_batches(course, config, queue, workers, context, settings, ahead, handed)
    finally:
        for server in ahead:
            server.reap()


def _pool_batches(course, config, queue, workers, context, settings, ahead, handed):
    """:func:`run_pool`'s loop: a pool until the queue is empty, a new one after a crash."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    while queue:
        with ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_pool_worker_start,
            initargs=(str(course), settings, ahead, handed, os.getpid()),
        ) as pool:
            running: dict = {}
            crashed: list = []
            try:
                _refill(pool, queue, running, workers)
                for server in ahead:  # the workers are forked now: each has its own
                    server.detach()
                ahead = []  # a later pool's workers start their own
                preload(RECORDING)  # while the workers grade (they never record)
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    finished = []
                    for future in done:
                        s, job, n = running.pop(future)
                        try:
                            finished.append((s, job, future.result()))
                        except BrokenProcessPool:
                            crashed.append((s, job, n + 1))
                        except Exception as exc:  # the grader's own failure: report, go on
                            yield _failed(s, job, f"{type(exc).__name__}: {exc}")
                    if not crashed:  # refill before recording: no worker waits for this one
                        _refill(pool, queue, running, workers)
                    for s, job, graded in finished:
                        yield record(course, config, s, job, graded)
            except BaseException:  # stopped (a signal, a full disk) or closed: at once
                _kill_workers(pool)
                raise
        for s, job, n in reversed(crashed):
            if n > ALLOWED_FAILURES:
                yield _failed(s, job, "its grader process died every time it was graded")
            else:
                queue.appendleft((s, job, n))


def _kill_workers(pool) -> None:
    """End the pool's grader processes now, not after their jobs (their sandboxes end
    with them: each worker's fork server kills the workers of a grader that is gone)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # (no public way)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)


def _refill(pool, queue: deque, running: dict, workers: int) -> None:
    """Give every free worker a job. A job that crashed a worker before runs alone
    (so if it crashes one again, the crash is known to be its own)."""
    while queue and len(running) < workers:
        alone = queue[0][2] > 0 or any(n for _, _, n in running.values())
        if alone and running:
            return
        settings, job, crashes = queue.popleft()
        running[pool.submit(grade_job, job, settings)] = (settings, job, crashes)


def _failed(settings: Settings, job: Job, message: str) -> Outcome:
    return Outcome(job.student, settings.assignment_id, "failed", message=message)


def run_remote(address: str, course: Path, config, tasks: list[Task]) -> Iterator[Outcome]:
    """An existing Dask cluster grades; this process records (the gradebook stays here)."""
    import dask
    from distributed import Client, as_completed

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}),
        Client(address, timeout="30s") as client,
    ):
        client.run(warm_up, tasks[0][0])
        futures = {
            client.submit(grade_job, job, settings, pure=False): (settings, job)
            for settings, job in tasks
        }
        for future in as_completed(futures):
            settings, job = futures.pop(future)
            try:
                graded = future.result()
            except Exception as exc:  # KilledWorker (it crashed a grader twice), lost worker...
                yield _failed(settings, job, f"{type(exc).__name__}: {exc}")
                continue
            yield record(course, config, settings, job, graded)


# --------------------------------------------------------------------------- the command
def autograde(
    course: Path,
    assignment_ids: str | list[str],
    options: Grader,
    *,
    workers: int | None = None,
    students: list[str] | None = None,
    force: bool = False,
    scheduler: str | None = None,
    db_url: str | None = None,
    allow_weaker: bool | None = None,
    progress: bool = True,
    servers: ForkServers | None = None,
) -> BatchSummary:
    """Grade every submission of each assignment in ``course`` (see the module docstring).

    ``servers``: the fork servers this process grades with, and where a server started
    ahead for the batch waits (``cli``); this process's default when None.

    Raises
    ------
    BatchError
        Before grading anything: the gradebook does not have an assignment yet
        (run ``python -m autograder release`` first), cannot be read, or the
        course's state cannot be written.
    """
    with STOPPER.handling():
        try:
            return _autograde(
                course, assignment_ids, options, workers=workers, students=students,
                force=force, scheduler=scheduler, db_url=db_url, allow_weaker=allow_weaker,
                progress=progress, servers=servers or default_servers(),
            )  # fmt: skip
        except OSError as exc:  # setting up (grading and recording report their own)
            raise BatchError(f"the batch could not start: {exc}", 1) from None


def _check_released(course: Path, config, ids: list[str], retry_s: float) -> None:
    """Refuse to start when the gradebook lacks an assignment (nbgrader would fail every
    submission of it), retrying a gradebook that cannot be reached for ``retry_s``."""
    deadline, pause = time.monotonic() + retry_s, 0.25
    while True:
        try:
            missing = unreleased(config, course, ids)
            break
        except Exception as exc:
            fault = classify(exc)
            if fault.kind != "transient" or time.monotonic() >= deadline:
                raise BatchError(
                    f"cannot read the gradebook {_redact(db_url_of(config))}: {fault.cause}", 1
                ) from None
            time.sleep(pause)
            pause = min(2 * pause, 5.0)
    if missing:
        names = " ".join(missing)
        raise BatchError(
            f"the gradebook {_redact(db_url_of(config))} does not have {', '.join(missing)} "
            f"yet: run `python -m autograder release {names} --course-dir {course}` first "
            "(nbgrader's generate_assignment records each assignment and its notebook)"
        )


def _autograde(
    course: Path,
    assignment_ids: str | list[str],
    options: Grader,
    *,
    workers: int | None,
    students: list[str] | None,
    force: bool,
    scheduler: str | None,
    db_url: str | None,
    allow_weaker: bool | None,
    progress: bool,
    servers: ForkServers,
) -> BatchSummary:
    course = course.resolve()
    COMMITTED.clear()
    ids = [assignment_ids] if isinstance(assignment_ids, str) else list(assignment_ids)
    level = options.isolation_level(allow_weaker=allow_weaker)
    workers = workers or os.cpu_count() or 1
    config = load_course_config(course, db_url)
    for note in restore_set_aside(course):
        print(note, file=sys.stderr)
    reclaim_dead_runs(course)
    _check_released(course, config, ids, options.gradebook_retry_seconds)
    grader = grader_digest()  # the package's code: read once for every assignment
    tasks: list[Task] = []
    skipped: list[Outcome] = []
    seeds: dict[str, int] = {}
    for assignment_id in ids:
        a = get_assignment(assignment_id)
        settings = Settings(
            a.id,
            run_seed(course, a.id, options),
            options.device,
            options.limits(),
            options.isolation,
            bool(allow_weaker or options.allow_weaker_isolation),
            options.own_numbers,
        )
        seeds[a.id] = settings.seed
        jobs, unchanged = plan(course, settings, students, force, grader)
        tasks += [(settings, job) for job in jobs]
        skipped += unchanged
        print(f"{a.id}: {len(jobs)} to grade, {len(unchanged)} unchanged", file=sys.stderr)
    if students:
        found = {job.student for _, job in tasks} | {o.student for o in skipped}
        missing = sorted(set(students) - found)
        if missing:
            raise SystemExit(f"error: no submission of {', '.join(ids)} for: {', '.join(missing)}")
    summary = BatchSummary(ids, workers, scheduler, level.name.lower(), seeds)
    summary.outcomes.extend(skipped)
    print(
        f"isolation {level.describe()}; gradebook {_redact(db_url_of(config))}; "
        + (f"Dask scheduler {scheduler}" if scheduler else f"{workers} worker(s)"),
        file=sys.stderr,
    )
    start = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(course)  # nbgrader and our preprocessors resolve the course from the cwd
    outcomes: Iterator[Outcome] = iter(())
    shown: Iterator[Outcome] = iter(())
    try:
        if not tasks:
            pass
        elif scheduler:
            outcomes = run_remote(scheduler, course, config, tasks)
        elif workers == 1 or len(tasks) == 1:
            outcomes = run_serial(course, config, tasks, servers)
        else:
            outcomes = run_pool(course, config, tasks, min(workers, len(tasks)), servers)
        label = ids[0] if len(ids) == 1 else f"{len(ids)} assignments"
        shown = _progress(outcomes, len(tasks), label, progress)
        for outcome in shown:
            summary.outcomes.append(outcome)
            STOPPER.check()
        STOPPER.check()  # a stop that came as the last submission finished
    except BatchStopped as stop:
        STOPPER.stopped()
        for generator in (shown, outcomes):  # their clean-up (the workers) now, not later
            close = getattr(generator, "close", None)
            if close is not None:
                close()
        _stopped(summary, stop, tasks)
    finally:
        os.chdir(cwd)
    summary.wall_s = time.perf_counter() - start
    return summary


def _stopped(summary: BatchSummary, stop: BatchStopped, tasks: list[Task]) -> None:
    """Record why the batch stopped, and every submission it did not get to."""
    if stop.outcome is not None:
        summary.outcomes.append(stop.outcome)
    summary.stopped, summary.stop_status = stop.reason, stop.exit_status
    done = {(o.assignment, o.student) for o in summary.outcomes}
    for settings, job in tasks:
        key = (settings.assignment_id, job.student)
        if key not in done:  # recorded, but stopped before it was counted; else not graded
            summary.outcomes.append(
                COMMITTED.get(key)
                or Outcome(job.student, settings.assignment_id, "stopped", message="not graded yet")
            )


def _progress(outcomes: Iterable[Outcome], total: int, label: str, show: bool):
    """tqdm's bar (done, rate, ETA) with the failures so far; one line a minute in CI logs."""
    from tqdm import tqdm

    interactive = sys.stderr.isatty()
    tqdm.monitor_interval = 0  # no monitor thread: the pool may fork again after a crash
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
    """The end-of-run report: counts, time, scores per assignment, every failure and why."""
    data = summary.to_json()
    stopped = f", {data['stopped']} not graded" if summary.stopped else ""
    lines = [
        f"{data['graded']} graded, {data['unchanged']} unchanged, {data['failed']} failed"
        f"{stopped} in {summary.wall_s:.1f} s "
        f"({summary.workers if not summary.scheduler else 'Dask'} "
        f"worker(s), isolation {summary.isolation})"
    ]
    if summary.stopped:
        rest = (
            f"run the same command again to grade the {data['stopped']} not graded"
            if data["stopped"]
            else "run the same command again once that is fixed"
        )
        lines.append(
            f"  STOPPED ({summary.stopped}): {rest}; what was recorded is complete and "
            "is not redone"
        )
    for assignment in summary.assignments:
        mine = [o for o in summary.outcomes if o.assignment == assignment]
        graded = [o for o in mine if o.status == "graded"]
        head = (
            f"  {assignment} (seed {summary.seeds[assignment]}): {len(graded)} graded, "
            f"{sum(o.status == 'unchanged' for o in mine)} unchanged, "
            f"{sum(o.status == 'failed' for o in mine)} failed"
            + (
                f", {sum(o.status == 'stopped' for o in mine)} not graded"
                if summary.stopped
                else ""
            )
        )
        if graded:
            scores = [o.score for o in graded]
            top = max(o.max_score for o in graded)
            head += (
                f"; scores mean {sum(scores) / len(scores):.2f} / {top:g}, "
                f"full marks {sum(s >= top for s in scores)}, zero {sum(s == 0 for s in scores)}; "
                f"per submission median {median(o.seconds for o in graded):.2f} s, "
                f"max {max(o.seconds for o in graded):.2f} s"
            )
        lines.append(head)
        limited = [o for o in graded if o.incidents]
        if limited:
            names = ", ".join(o.student for o in limited[:10])
            lines.append(f"    {len(limited)} hit a sandbox limit or crashed it: {names}")
    for o in summary.failed:
        lines.append(f"  FAILED {o.assignment} {o.student}: {o.message}")
    return "\n".join(lines)


def write_summary_json(summary: BatchSummary, path: Path) -> None:
    path.write_text(json.dumps(summary.to_json(), indent=2) + "\n")

"""Stock ``nbgrader autograde`` against ``python -m autograder autograde`` on the same submissions.

    python benchmarks/batch_autograde.py [--submissions 100] [--workers 1,2] [--runs 1]
        [--workdir DIR [--keep]] [--seed 1] [--skip-stock] [--skip-ours] [--json OUT]
        [--compare-python OTHER/bin/python]

One course directory is generated (``source/`` of the four assignments, this
repository's ``nbgrader_config.py`` plus ``c.Grader.seed`` and
``c.Grader.device = 'cpu'``, a due date per assignment, late penalty method
``zero``, the release by ``nbgrader generate_assignment``), then N submissions
in nbgrader's layout ``submitted/<student>/<assignment>/<notebook>.ipynb`` with
a ``timestamp.txt``, one per student (``s0001``, ...), round-robin over the
assignments. Deterministic by index: about 50 % correct (release notebook +
model answers), 30 % wrong (``autograder.demo.MISTAKES``, all or one at a time,
or a graded function renamed), 20 % broken (a syntax error in one solution
cell, a cell that raises before defining its function, the blank release
notebook, a file that is not valid JSON); about one in seven is late. No
submission loops forever (that would only measure the timeouts).

Each measured run grades a fresh copy of that course, as an instructor would:

* **stock**: ``nbgrader autograde ID --force``, one process per assignment
  (nbgrader's usual way; its start-up is a few seconds of several minutes),
  with nbgrader's default ``Autograde.sanitize_preprocessors`` /
  ``autograde_preprocessors`` (set back to nbgrader's own lists, so ``Execute``
  runs the notebook in an IPython kernel and the visible test cells score it;
  no hidden checks, no sandbox).
* **ours**: ``python -m autograder autograde ps1-gradients ps2-descent
  ps3-critical-points ps4-backprop --course-dir DIR --workers K --force --json
  SUMMARY.json``, one process for the four assignments, for each K of
  ``--workers`` (sandbox on, at this host's best isolation level, printed).

How the figures are measured:

* both graders start from bytecode: ours (an editable install, which pip does not
  compile) is compiled first (:func:`compile_bytecode`), as nbgrader was by pip.
* total wall: ``time.perf_counter`` around the four processes, start-up included.
* per-submission time, stock: nbgrader runs with ``--log-level=INFO`` and a log
  format that stamps each line with its ``time.time()`` (``%(created)f``); a
  student's time runs from its ``Creating/updating student with ID`` line to the
  next student's (for the last student of a process: to the process's last log
  line). Process start-up before the first student is in the wall time only.
  Ours: the ``seconds`` of each submission in the ``--json`` summary: its
  time in its worker, grading (sandbox and hidden checks, ``grade_s``) plus
  recording with nbgrader (gradebook and ``autograded/``, ``record_s``); the
  medians of both stages are printed too.
* peak memory, three figures per grader:

  - ``proc MiB``: ``ru_maxrss`` of each process tree, from ``os.wait4`` on the
    grader process (the kernel's ``RUSAGE_CHILDREN`` accounting, but per process,
    so runs do not mix: ``getrusage(RUSAGE_CHILDREN)`` is a high-water mark over
    this script's life). It is the largest single process among the grader and
    the children it reaped (stock: nbgrader and its kernels; ours: the main
    process, workers and the sandboxes they reaped).
  - ``tree MiB``: the sum of the resident sizes of the grader and all its
    descendants, read from ``/proc`` every 0.2 s; the largest sample (shared
    pages counted once per process: an upper bound, the same for both).
  - ``worker MiB``: one grading worker. Stock: its tree MiB (one nbgrader process
    and the kernel it runs). Ours: the summary's ``peak_worker_rss_mib`` (worker +
    fork server + largest student process, as the batch command reports it).

* scores: from each copy's gradebook (``nbgrader.api.Gradebook``): the
  autograded code score per submission before late penalty; ours must give the
  correct submissions full marks and identical scores for every worker count.

With ``--runs R`` > 1 every time is the median over the R runs (peak memory: the
largest); runs alternate stock and each worker count so drift hits all alike.

``--compare-python`` names the interpreter of another version of ours (a
virtual environment with that version installed, e.g. the previous commit's);
each of its runs grades a copy of the same course right before or after this
version's (the order alternates from run to run), and a table puts the two side
by side: median per submission, median wall time, their ratio.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.utils import parse_utc
from realistic_mix import (  # benchmarks/ is this script's folder
    MixRates,
    MixSubmission,
    describe_mix,
    expected_full_marks,
    notebook_text,
    plan_mix,
)

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, Assignment
from autograder.demo import MISTAKES
from autograder.notebook.cells import cells_by_grade_id, fill_solutions, read_notebook
from autograder.release import nbgrader_env, run_nbgrader
from autograder.sandbox.isolation import Level, detect

DUE = "2026-11-20 12:00:00 UTC"
ON_TIME = "2026-11-19 18:00:00.000000 UTC"
LATE = "2026-11-21 09:30:00.000000 UTC"
#: kind of the submission at each slot of a cycle of ten: 5 correct, 3 wrong, 2 broken
PATTERN = ("correct", "wrong", "correct", "broken", "correct")
PATTERN += ("wrong", "correct", "wrong", "correct", "broken")
BROKEN = ("syntax-error", "raising-cell", "blank", "invalid-json")
#: the batch command under test (one process per assignment)
OURS_COMMAND = [sys.executable, "-P", "-m", "autograder", "autograde"]
PAGE = os.sysconf("SC_PAGE_SIZE")
LOG_FORMAT = "%(created).6f [%(name)s | %(levelname)s] %(message)s"
STUDENT_LINE = re.compile(r"^(\d+\.\d+) .*Creating/updating student with ID '([^']+)'")
STAMPED_LINE = re.compile(r"^(\d+\.\d+) \[")


# --------------------------------------------------------------------------- submissions
@dataclass(frozen=True)
class Submission:
    """One generated submission: who, which assignment, what kind, on time or not."""

    student: str
    assignment: str
    kind: str  # correct | wrong | broken
    variant: str
    late: bool


def function_names(a: Assignment, model: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Graded names of ``a`` whose model answer defines a function of that name."""
    return [n for n in a.graded_names if n in model and f"def {n}(" in model[n].source]


def wrong_variants(a: Assignment, model: dict[str, nbformat.NotebookNode]) -> list[dict]:
    """Wrong answers for ``a``: all of demo's mistakes, each one alone, a function renamed."""
    mistakes = MISTAKES[a.id]
    variants = [{"name": "all-mistakes", "cells": dict(mistakes)}]
    if len(mistakes) > 1:
        variants += [
            {"name": f"mistake:{gid}", "cells": {gid: code}} for gid, code in mistakes.items()
        ]
    name = function_names(a, model)[0]
    renamed = model[name].source.replace(f"def {name}(", f"def {name}_v2(")
    variants.append({"name": f"renamed:{name}", "cells": {name: renamed}})
    return variants


def plan_submissions(n: int) -> list[Submission]:
    """Who submits what: student ``i`` submits assignment ``a = i mod 4``, its kind by index.

    The kind is ``PATTERN[(i // 4 + 3a) mod 10]``, so every assignment sees the
    whole mix and a small N already has all three kinds. Within an assignment the
    wrong and the broken variants take turns, starting at variant ``a``, so every
    assignment sees each variant (N >= 100) and a small N has different ones.
    Every seventh student is late.
    """
    ids = list(ASSIGNMENTS)
    width = max(4, len(str(n)))
    variants: dict[tuple[str, str], list[str]] = {}
    for a in ASSIGNMENTS.values():
        source = read_notebook(a.source_path())
        model = cells_by_grade_id(fill_solutions(source, source))
        variants[(a.id, "wrong")] = [v["name"] for v in wrong_variants(a, model)]
        variants[(a.id, "broken")] = list(BROKEN)
        variants[(a.id, "correct")] = ["model-answers"]
    seen: dict[tuple[str, str], int] = {}
    plan: list[Submission] = []
    for i in range(n):
        a = i % len(ids)
        kind = PATTERN[(i // len(ids) + 3 * a) % len(PATTERN)]
        key = (ids[a], kind)
        names = variants[key]
        variant = names[(seen.get(key, 0) + a) % len(names)]
        seen[key] = seen.get(key, 0) + 1
        plan.append(Submission(f"s{i + 1:0{width}d}", ids[a], kind, variant, i % 7 == 6))
    return plan


def submission_text(sub: Submission, release: nbformat.NotebookNode, source) -> str:
    """The notebook file of ``sub``: JSON text (not valid JSON for ``invalid-json``)."""
    a = ASSIGNMENTS[sub.assignment]
    model_nb = fill_solutions(release, source)  # release + model answers, markers removed
    model = cells_by_grade_id(model_nb)
    if sub.kind == "correct":
        return nbformat.writes(model_nb)
    if sub.kind == "wrong":
        variant = next(v for v in wrong_variants(a, model) if v["name"] == sub.variant)
        nb = copy.deepcopy(model_nb)
        cells = cells_by_grade_id(nb)
        for gid, code in variant["cells"].items():
            cells[gid].source = code
        return nbformat.writes(nb)
    if sub.variant == "blank":
        return nbformat.writes(release)
    if sub.variant == "invalid-json":
        text = nbformat.writes(release)
        return text[: len(text) // 2]
    nb = copy.deepcopy(model_nb)
    cells = cells_by_grade_id(nb)
    names = function_names(a, model)
    if sub.variant == "syntax-error":
        cells[names[0]].source += "\n\nif True\n    pass\n"
    else:  # raising-cell: fails before it defines its function
        cells[names[-1]].source = (
            'raise RuntimeError("benchmark: this cell fails")\n\n' + cells[names[-1]].source
        )
    return nbformat.writes(nb)


def build_course(course: Path, seed: int, plan: list, text_of=None) -> Level:
    """The course directory with its release and every submission; returns the isolation level.

    ``text_of(sub, releases, sources)`` writes each submission's notebook (default: the
    model mix's :func:`submission_text`).
    """
    course.mkdir(parents=True)
    for a in ASSIGNMENTS.values():
        shutil.copytree(REPO_ROOT / "source" / a.id, course / "source" / a.id)
    config = (REPO_ROOT / "nbgrader_config.py").read_text()
    config += "\n# benchmarks/batch_autograde.py\n"
    config += f"c.Grader.seed = {seed}\nc.Grader.device = 'cpu'\n"
    # the generated answers are the model answers for the published numbers
    config += "c.Grader.own_numbers = False\n"
    config += 'c.LateSubmissionPlugin.penalty_method = "zero"\n'
    support = detect()
    if support.best is not Level.FULL:
        config += "c.Grader.allow_weaker_isolation = True  # this host's best level, printed\n"
    (course / "nbgrader_config.py").write_text(config)
    for a in ASSIGNMENTS.values():
        run_nbgrader(course, "generate_assignment", a.id, "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:  # as `nbgrader db assignment add`
        for a in ASSIGNMENTS.values():
            gb.update_or_create_assignment(a.id, duedate=parse_utc(DUE))
    releases = {a.id: read_notebook(a.release_path(course)) for a in ASSIGNMENTS.values()}
    sources = {a.id: read_notebook(a.source_path(course)) for a in ASSIGNMENTS.values()}
    for sub in plan:
        a = ASSIGNMENTS[sub.assignment]
        folder = course / "submitted" / sub.student / a.id
        folder.mkdir(parents=True)
        if text_of is None:
            text = submission_text(sub, releases[a.id], sources[a.id])
        else:
            text = text_of(sub, releases, sources)
        (folder / a.filename).write_text(text, encoding="utf-8")
        (folder / "timestamp.txt").write_text((LATE if sub.late else ON_TIME) + "\n")
    return support.best


def stock_config(course: Path) -> None:
    """Set ``Autograde``'s preprocessor lists back to nbgrader's defaults (``Execute``)."""
    from nbgrader.converters.autograde import Autograde

    traits = Autograde.class_traits()
    lines = ["", "# stock nbgrader: its own default preprocessors (Execute runs the notebook)"]
    for name in ("sanitize_preprocessors", "autograde_preprocessors"):
        classes = [f"{cls.__module__}.{cls.__name__}" for cls in traits[name].default()]
        lines.append(f"c.Autograde.{name} = {classes!r}")
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- measuring
@dataclass
class PhaseRun:
    """One run of one grader over every assignment of one course copy."""

    label: str
    workers: int | None
    wall_s: float = 0.0
    exit_codes: dict[str, int] = field(default_factory=dict)
    per_submission_s: dict[str, float] = field(default_factory=dict)
    peak_process_rss_mib: float = 0.0  # ru_maxrss of the process trees, largest
    peak_tree_rss_mib: float = 0.0  # sampled sum over a process tree, largest
    peak_worker_rss_mib: float | None = None  # ours: from the --json summary
    statuses: dict[str, str] = field(default_factory=dict)
    isolation: str | None = None
    scores: dict[str, dict | None] = field(default_factory=dict)
    startup_s: list[float] = field(default_factory=list)  # stock: start to first student
    summaries: dict[str, dict] = field(default_factory=dict)  # ours: the --json summary
    stage_s: dict[str, list[float]] = field(default_factory=dict)  # ours: grade_s, record_s

    def add(self, assignment: str, m: Measured) -> None:
        """Account for the process that graded ``assignment``."""
        self.wall_s += m.wall_s
        self.exit_codes[assignment] = m.exit_code
        self.peak_process_rss_mib = max(self.peak_process_rss_mib, m.max_process_mib)
        self.peak_tree_rss_mib = max(self.peak_tree_rss_mib, m.tree_mib)

    @property
    def median_s(self) -> float:
        values = list(self.per_submission_s.values())
        return statistics.median(values) if values else float("nan")


def tree_rss_mib(root: int) -> float:
    """Sum of the resident sizes of ``root`` and all its descendants now (from /proc)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        pid = int(entry.name)
        parent[pid], rss[pid] = int(fields[1]), int(fields[21])
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total * PAGE / 2**20


@dataclass
class Measured:
    """One grader process: wall time, exit status, memory, when it started (epoch)."""

    wall_s: float
    exit_code: int
    max_process_mib: float  # ru_maxrss (largest single process of the tree)
    tree_mib: float  # sampled sum over the tree, largest
    started: float


def run_measured(cmd: list[str], cwd: Path, log: Path) -> Measured:
    """Run ``cmd`` with its output in ``log``; its tree's RSS is sampled every 0.2 s meanwhile."""
    done = threading.Event()
    peak = [0.0]

    def sample(pid: int) -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss_mib(pid))

    with open(log, "w") as out:
        started, t = time.time(), time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=nbgrader_env(), stdout=out, stderr=out)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux
    return Measured(wall, proc.returncode, usage.ru_maxrss / 1024, peak[0], started)


def student_times(log_text: str) -> dict[str, float]:
    """Per student, from its ``Creating/updating student`` line to the next (or the last line)."""
    starts: list[tuple[float, str]] = []
    last = 0.0
    for line in log_text.splitlines():
        if m := STAMPED_LINE.match(line):
            last = float(m.group(1))
        if m := STUDENT_LINE.match(line):
            starts.append((float(m.group(1)), m.group(2)))
    ends = [t for t, _ in starts[1:]] + [last]
    return {student: end - t for (t, student), end in zip(starts, ends, strict=True)}


def run_stock(course: Path, logs: Path, assignment_ids: list[str]) -> PhaseRun:
    """``nbgrader autograde ID --force`` per assignment, in the course copy ``course``."""
    run = PhaseRun("stock nbgrader", None)
    for a in (ASSIGNMENTS[i] for i in assignment_ids):
        log = logs / f"stock-{a.id}.log"
        cmd = [sys.executable, "-P", "-m", "nbgrader", "autograde", a.id, "--force"]
        cmd += ["--log-level=INFO", f"--Application.log_format={LOG_FORMAT}"]
        m = run_measured(cmd, course, log)
        run.add(a.id, m)
        text = log.read_text(errors="replace")
        run.per_submission_s.update(student_times(text))
        first = next(filter(None, map(STUDENT_LINE.match, text.splitlines())), None)
        if first is not None:
            run.startup_s.append(float(first.group(1)) - m.started)
    return run


def run_ours(
    course: Path,
    workers: int,
    logs: Path,
    assignment_ids: list[str],
    python: str | None = None,
    scheduler: str | None = None,
) -> PhaseRun:
    """``python -m autograder autograde ID... --workers K --force --json``, every assignment
    at once (``python``: another version's interpreter, for ``--compare-python``;
    ``scheduler``: a Dask scheduler's address, for ``--dask``)."""
    label = f"ours, {workers} worker{'s' if workers > 1 else ''}"
    run = PhaseRun(label + (" (Dask)" if scheduler else ""), workers)
    summary = logs / f"ours-w{workers}.json"
    command = OURS_COMMAND if python is None else [python, *OURS_COMMAND[1:]]
    cmd = [*command, *assignment_ids]
    cmd += ["--course-dir", str(course), "--workers", str(workers), "--force"]
    cmd += ["--json", str(summary)]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    run.add("all", run_measured(cmd, course, logs / f"ours-w{workers}.log"))
    if not summary.is_file():
        return run
    data = json.loads(summary.read_text())
    run.summaries = {a: data for a in data.get("assignments", [])}
    run.isolation = data.get("isolation", run.isolation)
    peak = data.get("peak_worker_rss_mib")
    if peak is not None:
        run.peak_worker_rss_mib = float(peak)
    for s in data.get("submissions", []):
        run.per_submission_s[s["student"]] = float(s["seconds"])
        run.statuses[s["student"]] = str(s.get("status"))
        run.stage_s.setdefault("grade", []).append(float(s.get("grade_s", 0.0)))
        run.stage_s.setdefault("record", []).append(float(s.get("record_s", 0.0)))
    return run


def read_scores(course: Path, plan: list[Submission]) -> dict[str, dict | None]:
    """Per student: autograded code score, its maximum and the late penalty, from the gradebook."""
    out: dict[str, dict | None] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in plan:
            try:
                s = gb.find_submission(sub.assignment, sub.student)
            except MissingEntry:
                out[sub.student] = None
                continue
            out[sub.student] = {
                "score": float(s.code_score or 0.0),
                "max": float(s.max_code_score or 0.0),
                "late_penalty": float(s.late_submission_penalty or 0.0),
            }
    return out


# --------------------------------------------------------------------------- reporting
def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def print_header(header: str) -> None:
    """A table's header line, underlined."""
    print(header)
    print("-" * len(header))


def summarize(runs: list[PhaseRun], n: int) -> dict:
    """Medians over the runs of one grader (one worker count)."""
    peaks = [r.peak_worker_rss_mib for r in runs if r.peak_worker_rss_mib is not None]
    return {
        "median_submission_s": med([r.median_s for r in runs]),
        "wall_s": med([r.wall_s for r in runs]),
        "wall_per_submission_s": med([r.wall_s for r in runs]) / n,
        "peak_process_rss_mib": max(r.peak_process_rss_mib for r in runs),
        "peak_tree_rss_mib": max(r.peak_tree_rss_mib for r in runs),
        "peak_worker_rss_mib": max(peaks) if peaks else None,
    }


def totals(scores: dict[str, dict | None]) -> tuple[float, float, int]:
    """Total score, total maximum (graded submissions), late penalties applied."""
    graded = [s for s in scores.values() if s is not None]
    late = sum(1 for s in graded if s["late_penalty"] > 0)
    return sum(s["score"] for s in graded), sum(s["max"] for s in graded), late


def expected_full(sub) -> bool | None:
    """Whether ``sub`` must get full marks (True), must lose marks (False), or either (None)."""
    if isinstance(sub, MixSubmission):
        return expected_full_marks(sub)
    return sub.kind == "correct"


def full_marks(scores: dict[str, dict | None], plan: list, correct: bool = True):
    """How many of the submissions that must get full marks (or must lose marks) scored full
    marks, of how many."""
    students = [p.student for p in plan if expected_full(p) is correct]
    ok = sum(1 for s in students if scores.get(s) and scores[s]["score"] == scores[s]["max"] > 0)
    return ok, len(students)


def ours_problems(run: PhaseRun, plan: list[Submission], host_level: str, what: str) -> list[str]:
    """What is wrong with one run of ours besides scores: summaries, timings, isolation."""
    problems = []
    absent = [a for a in dict.fromkeys(p.assignment for p in plan) if a not in run.summaries]
    if absent:
        problems.append(f"{what}: no --json summary for {', '.join(absent)}")
    untimed = [p.student for p in plan if p.student not in run.per_submission_s]
    if untimed and not absent:
        problems.append(f"{what}: no seconds in the summary for {', '.join(untimed[:8])}")
    if run.isolation is not None and run.isolation != host_level:
        problems.append(f"{what}: graded at isolation {run.isolation}, host allows {host_level}")
    return problems


def report(plan, isolation, stock_runs, ours_runs, n, mix_lines=(), extra_runs=None) -> dict:
    """Print the tables; returns every figure for ``--json``.

    ``extra_runs``: runs whose scores must equal ours (the Dask path), by label.
    """
    kinds: dict[str, int] = {}
    variants: dict[str, int] = {}
    for p in plan:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
        what = p.label if isinstance(p, MixSubmission) else f"{p.kind}/{p.variant}"
        variants[what] = variants.get(what, 0) + 1
    ids = list(dict.fromkeys(p.assignment for p in plan))
    print(
        f"submissions: {n} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}; "
        f"late {sum(p.late for p in plan)}), round-robin over {', '.join(ids)}"
    )
    if mix_lines:
        print("\n".join(mix_lines))
    else:
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(variants.items())))
    print(f"sandbox isolation (ours): {isolation}")
    rows: list[tuple[str, dict]] = []
    stock = summarize(stock_runs, n) if stock_runs else None
    if stock:
        rows.append(("stock nbgrader (Execute)", stock))
    ours = {k: summarize(rs, n) for k, rs in sorted(ours_runs.items())}
    rows += [(f"ours, {k} worker{'s' if k > 1 else ''}", s) for k, s in ours.items()]
    print()
    header = (
        f"{'grader':<26}{'median s/sub':>13}{'wall s':>8}{'wall/N s':>9}{'worker MiB':>11}"
        f"{'tree MiB':>9}{'proc MiB':>9}{'stock/ours med':>15}{'stock/ours wall/N':>18}"
    )
    print_header(header)
    for label, s in rows:
        ratio_med = ratio_wall = "-"
        if stock and label.startswith("ours"):
            ratio_med = f"{stock['median_submission_s'] / s['median_submission_s']:.2f}x"
            ratio_wall = f"{stock['wall_per_submission_s'] / s['wall_per_submission_s']:.2f}x"
        worker = s["peak_worker_rss_mib"]
        if label.startswith("stock"):
            worker = s["peak_tree_rss_mib"]  # one worker: nbgrader and its kernel
        worker_text = f"{worker:.0f}" if worker is not None else "-"
        print(
            f"{label:<26}{s['median_submission_s']:>13.2f}{s['wall_s']:>8.1f}"
            f"{s['wall_per_submission_s']:>9.2f}{worker_text:>11}{s['peak_tree_rss_mib']:>9.0f}"
            f"{s['peak_process_rss_mib']:>9.0f}{ratio_med:>15}{ratio_wall:>18}"
        )
    print(
        "worker MiB: peak of one grading worker (stock: nbgrader + its kernel, sampled; ours: "
        "the summary's\n  peak_worker_rss_mib, worker + fork server + largest student). tree "
        "MiB: peak sum over the whole\n  process tree, sampled every 0.2 s. proc MiB: ru_maxrss, "
        "the largest single process of the tree."
    )
    if stock_runs:
        startup = med([x for r in stock_runs for x in r.startup_s])
        print(f"stock: nbgrader start-up before its first student: {startup:.1f} s per process")
    for k, rs in sorted(ours_runs.items()):
        stages = {
            name: med([x for r in rs for x in r.stage_s.get(name, [])])
            for name in ("grade", "record")
        }
        print(
            f"ours, {k} worker(s): median per submission: grade (sandbox + checks) "
            f"{stages['grade']:.2f} s, record (nbgrader) {stages['record']:.2f} s"
        )
    if ours:
        base_k = min(ours)
        print()
        header = f"{'workers':>8}{'wall s':>9}{'speed-up vs ' + str(base_k):>18}"
        print_header(header)
        for k, s in ours.items():
            print(f"{k:>8}{s['wall_s']:>9.1f}{ours[base_k]['wall_s'] / s['wall_s']:>17.2f}x")
        for k, rs in sorted(ours_runs.items()):
            counts: dict[str, int] = {}
            for status in rs[-1].statuses.values():
                counts[status] = counts.get(status, 0) + 1
            listed = ", ".join(f"{st} {c}" for st, c in sorted(counts.items())) or "none"
            print(f"(ours, {k} worker(s): submission statuses in the summaries: {listed})")
    print()
    problems: list[str] = []
    score_rows = []
    if stock_runs:
        score_rows.append(("stock nbgrader", stock_runs))
    score_rows += [(f"ours, {k} worker(s)", rs) for k, rs in sorted(ours_runs.items())]
    score_rows += [(label, rs) for label, rs in (extra_runs or {}).items()]
    header = (
        f"{'scores':<26}{'run':>4}{'total':>8}{'of max':>8}{'right at full':>15}"
        f"{'must lose, at full':>20}{'late penalised':>16}"
    )
    print_header(header)
    for label, rs in score_rows:
        for i, r in enumerate(rs, 1):
            total, maximum, late = totals(r.scores)
            ok, of = full_marks(r.scores, plan)
            bad, bad_of = full_marks(r.scores, plan, correct=False)
            print(
                f"{label:<26}{i:>4}{total:>8g}{maximum:>8g}{f'{ok}/{of}':>15}"
                f"{f'{bad}/{bad_of}':>20}{late:>16}"
            )
            if label.startswith("ours") and ok != of:
                problems.append(
                    f"{label} run {i}: only {ok} of {of} correct submissions at full marks"
                )
            if label.startswith("ours") and bad:
                problems.append(
                    f"{label} run {i}: {bad} submissions with a wrong, broken or hung answer "
                    "at full marks"
                )
            codes = {k: v for k, v in r.exit_codes.items() if v != 0}
            if label.startswith("ours") and codes:
                problems.append(f"{label} run {i}: non-zero exit {codes}")
            missing = [p.student for p in plan if r.scores.get(p.student) is None]
            if missing:
                problems.append(f"{label} run {i}: no gradebook entry for {', '.join(missing[:8])}")
            if label.startswith("ours"):
                problems += ours_problems(r, plan, isolation.split()[0], f"{label} run {i}")
    ours_all = [r for rs in ours_runs.values() for r in rs]
    ours_all += [r for rs in (extra_runs or {}).values() for r in rs]
    if ours_all:
        reference = ours_all[0]
        for r in ours_all[1:]:
            diff = [
                p.student
                for p in plan
                if reference.scores.get(p.student) != r.scores.get(p.student)
            ]
            if diff:
                problems.append(
                    f"SCORES DIFFER between {reference.label} and {r.label}: {', '.join(diff[:10])}"
                )
    stock_codes = {a: c for r in stock_runs for a, c in r.exit_codes.items() if c != 0}
    if stock_codes:
        print(
            f"(stock nbgrader exit status {stock_codes}: it reports the unreadable notebooks "
            "as errors and leaves them ungraded)"
        )
    print()
    if problems:
        for p in problems:
            print(f"FLAG: {p}")
    elif ours_all:
        print(
            "ours: every right submission at full marks, every one that must lose marks below "
            "them; scores identical for every worker count" + (" and on Dask" if extra_runs else "")
        )
    return {
        "submissions": n,
        "kinds": kinds,
        "variants": variants,
        "isolation": isolation,
        "stock": stock,
        "ours": {str(k): v for k, v in ours.items()},
        "problems": problems,
    }


def report_comparison(ours: dict[int, list[PhaseRun]], other: dict[int, list[PhaseRun]], n: int):
    """This version against ``--compare-python``'s, per worker count (medians over the runs)."""
    print()
    print_header(
        f"{'workers':>7} {'median/sub this':>15} {'median/sub other':>16} {'ratio':>6} "
        f"{'wall this':>10} {'wall other':>11} {'ratio':>6}"
    )
    figures = {}
    for k in sorted(ours):
        mine, theirs = summarize(ours[k], n), summarize(other.get(k, []), n) if other.get(k) else {}
        if not theirs:
            continue
        sub = mine["median_submission_s"] / theirs["median_submission_s"]
        wall = mine["wall_s"] / theirs["wall_s"]
        print(
            f"{k:>7} {mine['median_submission_s']:>14.3f}s {theirs['median_submission_s']:>15.3f}s "
            f"{sub:>6.3f} {mine['wall_s']:>9.1f}s {theirs['wall_s']:>10.1f}s {wall:>6.3f}"
        )
        figures[str(k)] = {"this": mine, "other": theirs, "median_ratio": sub, "wall_ratio": wall}
        if ours[k] and other[k] and ours[k][0].scores != other[k][0].scores:
            print(f"  scores differ between the two versions with {k} workers")
            figures[str(k)]["scores_differ"] = True
    return figures


def fresh_copy(generated: Path, dest: Path, stock: bool) -> Path:
    """A copy of the generated course (gradebook included) to grade; stock gets its config."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(generated, dest)
    if stock:
        stock_config(dest)
    return dest


def parse_workers(text: str) -> list[int]:
    workers = sorted({int(x) for x in text.split(",") if x.strip()})
    if not workers or workers[0] < 1:
        raise argparse.ArgumentTypeError("workers must be positive integers, e.g. 1,2,4")
    return workers


def single_submissions(plan: list) -> list:
    """The batches of one for the start-up figure: of each assignment, its first submission
    that must get full marks (else its first)."""
    ids = dict.fromkeys(p.assignment for p in plan)
    mine = {a: [p for p in plan if p.assignment == a] for a in ids}
    return [next((p for p in subs if expected_full(p) is True), subs[0]) for subs in mine.values()]


def report_runs(stock_runs, ours_runs, single, n: int) -> dict:
    """Every run's wall time and ratio (the single runs behind the medians), and the batch
    of one; returns the figures."""
    print()
    print("single runs (wall s; stock/ours wall):")
    for k, rs in sorted(ours_runs.items()):
        walls = [r.wall_s for r in rs]
        ratios = [s.wall_s / r.wall_s for s, r in zip(stock_runs, rs, strict=False)]
        print(
            f"  ours, {k} worker(s): {', '.join(f'{w:.1f}' for w in walls)}"
            + (f"; ratio {', '.join(f'{x:.1f}x' for x in ratios)}" if ratios else "")
        )
    if stock_runs:
        print(f"  stock: {', '.join(f'{r.wall_s:.1f}' for r in stock_runs)}")
    figures: dict = {}
    for label, runs in single.items():
        if not runs:
            continue
        walls = [r.wall_s for r in runs]
        print(
            f"batch of one submission, {label}: median wall {med(walls):.2f} s over "
            f"{len(walls)} (each: {', '.join(f'{r.label} {r.wall_s:.2f}' for r in runs)})"
        )
        own = [s for r in runs for s in r.per_submission_s.values()]
        if own and label == "ours":
            print(
                f"  its submission's own time (grade + record) median {med(own):.2f} s: "
                f"start-up and the rest {med(walls) - med(own):.2f} s"
            )
        figures[label] = {"median_wall_s": med(walls), "walls": walls, "own_s": own}
    return figures


def compile_bytecode(python: str) -> str:
    """Compile the ``autograder`` package that ``python`` imports to bytecode; returns its
    folder.

    pip compiles an installed package (nbgrader, torch) when it installs it, but not an
    editable one (``pip install -e``), which Python compiles on first import instead,
    except where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines this runs on):
    there every run would compile it again. Compiled first, both graders start from
    bytecode, as on an instructor's machine.
    """
    code = (
        "import autograder, compileall, os; d = os.path.dirname(autograder.__file__); "
        "compileall.compile_dir(d, quiet=1); print(d)"
    )
    done = subprocess.run(
        [python, "-P", "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cpus = os.cpu_count() or 1
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument(
        "--mix",
        choices=["realistic", "model"],
        default="realistic",
        help="realistic: composed from the corpus of student answers (benchmarks/"
        "realistic_mix.py); model: the model answers and demo's mistakes",
    )
    parser.add_argument(
        "--hung-rate",
        type=float,
        default=MixRates.hung,
        help=f"realistic mix: share of submissions with an answer that hangs "
        f"(default {MixRates.hung:g})",
    )
    parser.add_argument(
        "--assignments",
        default=",".join(ASSIGNMENTS),
        help="comma-separated assignment ids, round-robin (default: all four)",
    )
    parser.add_argument(
        "--workers",
        type=parse_workers,
        default=list(range(1, cpus + 1)),
        help=f"worker counts for ours, comma-separated (default 1,...,{cpus})",
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--single-runs",
        type=int,
        default=None,
        help="batches of one submission to time, each grader (default: --runs)",
    )
    parser.add_argument(
        "--dask",
        action="store_true",
        help="also grade once on a local Dask cluster (all workers); its scores must be ours",
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument(
        "--compare-python",
        default=None,
        help="interpreter of another version of ours to run side by side (its venv's python)",
    )
    args = parser.parse_args()
    if args.submissions < 1 or args.runs < 1:
        parser.error("--submissions and --runs must be at least 1")
    ids = [a.strip() for a in args.assignments.split(",") if a.strip()]
    unknown = [a for a in ids if a not in ASSIGNMENTS]
    if unknown or not ids:
        parser.error(f"unknown assignments {unknown}; known: {', '.join(ASSIGNMENTS)}")
    single_runs = args.runs if args.single_runs is None else args.single_runs
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="batch-autograde-"))
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    pythons = [sys.executable] + ([args.compare_python] if args.compare_python else [])
    print("bytecode compiled first: " + ", ".join(compile_bytecode(py) for py in pythons))
    support = detect()
    isolation = support.best.name.lower()
    print(f"sandbox isolation on this host: {support.best.describe()} ({support.detail})")
    if support.best is not Level.FULL:
        print(f"  below full: the course accepts it (allow_weaker_isolation); fix: {support.fix}")
    mix_lines: list[str] = []
    if args.mix == "realistic":
        rates = MixRates(hung=args.hung_rate)
        plan = plan_mix(args.submissions, ids, args.seed, rates)
        text_of = notebook_text
        mix_lines = describe_mix(plan, rates)
    else:
        plan = [p for p in plan_submissions(args.submissions * 4) if p.assignment in ids]
        plan = plan[: args.submissions]
        text_of = None
    print(
        "limits: stock nbgrader Execute.timeout 120 s per cell (interrupt on timeout); "
        "ours call 10 s, cell 30 s, submission 300 s, 4096 MiB (nbgrader_config.py)"
    )
    generated = workdir / "generated"
    ones = {sub.assignment: (sub, workdir / f"generated-one-{sub.assignment}")
            for sub in single_submissions(plan)}  # fmt: skip
    for folder in (generated, *(course for _, course in ones.values())):
        if folder.exists():
            shutil.rmtree(folder)
    t = time.perf_counter()
    build_course(generated, args.seed, plan, text_of)
    if single_runs:
        for sub, course in ones.values():
            build_course(course, args.seed, [sub], text_of)
    print(f"generated {len(plan)} submissions in {generated} ({time.perf_counter() - t:.1f} s)")
    if mix_lines:
        print("\n".join(mix_lines))
    stock_runs: list[PhaseRun] = []
    ours_runs: dict[int, list[PhaseRun]] = {}
    other_runs: dict[int, list[PhaseRun]] = {}  # --compare-python
    single: dict[str, list[PhaseRun]] = {"ours": [], "stock": []}
    dask_runs: dict[str, list[PhaseRun]] = {}
    try:
        for r in range(1, max(args.runs, single_runs) + 1):
            # the order alternates from run to run, so drift hits every grader alike
            steps = []
            if r <= args.runs and not args.skip_stock:
                steps.append("stock")
            if r <= args.runs and not args.skip_ours:
                steps += [("ours", k) for k in args.workers]
            if r <= single_runs:
                for a in ones:
                    steps += [] if args.skip_ours else [("one-ours", a)]
                    steps += [] if args.skip_stock else [("one-stock", a)]
            for step in steps if r % 2 else steps[::-1]:
                if step == "stock":
                    course = fresh_copy(generated, workdir / f"stock-r{r}", stock=True)
                    print(f"run {r}: stock nbgrader autograde ...", flush=True)
                    run = run_stock(course, course, ids)
                    run.scores = read_scores(course, plan)
                    stock_runs.append(run)
                    print(f"  {run.wall_s:.1f} s, exit {run.exit_codes}", flush=True)
                elif step[0] in ("one-ours", "one-stock"):
                    (sub, template), stock = ones[step[1]], step[0] == "one-stock"
                    course = fresh_copy(template, workdir / f"{step[0]}-{step[1]}-r{r}", stock)
                    if stock:
                        run = run_stock(course, course, [sub.assignment])
                    else:
                        run = run_ours(course, max(args.workers), course, [sub.assignment])
                    run.label = f"{sub.assignment}/{sub.student}"
                    single["stock" if stock else "ours"].append(run)
                    print(
                        f"run {r}: a batch of one ({run.label}), {step[0][4:]}: {run.wall_s:.2f} s",
                        flush=True,
                    )
                else:
                    k = step[1]
                    versions = (
                        [None] if args.compare_python is None else [None, args.compare_python]
                    )
                    for python in versions if r % 2 else versions[::-1]:  # alternate the order
                        tag = "" if python is None else "-other"
                        course = fresh_copy(generated, workdir / f"ours-w{k}-r{r}{tag}", False)
                        print(f"run {r}: ours{tag and ' (other)'}, --workers {k} ...", flush=True)
                        run = run_ours(course, k, course, ids, python)
                        run.scores = read_scores(course, plan)
                        runs = ours_runs if python is None else other_runs
                        runs.setdefault(k, []).append(run)
                        print(f"  {run.wall_s:.1f} s, exit {run.exit_codes}", flush=True)
        if args.dask and not args.skip_ours:
            dask_runs = {"ours, Dask": [run_dask(generated, workdir, max(args.workers), ids, plan)]}
        ours_isolation = {r.isolation for rs in ours_runs.values() for r in rs if r.isolation}
        if ours_isolation:
            isolation += f" (ours reported: {', '.join(sorted(ours_isolation))})"
        print()
        figures = report(
            plan, isolation, stock_runs, ours_runs, args.submissions, mix_lines, dask_runs
        )
        figures["single_runs"] = report_runs(stock_runs, ours_runs, single, args.submissions)
        if other_runs:
            figures["compare"] = {
                "python": args.compare_python,
                "workers": report_comparison(ours_runs, other_runs, args.submissions),
            }
        if args.json:
            figures.update(
                host={"cpus": cpus, "python": sys.version.split()[0]},
                seed=args.seed,
                mix=args.mix,
                runs=args.runs,
                workers=args.workers,
                plan=[asdict(p) for p in plan],
                stock_runs=[asdict(r) for r in stock_runs],
                ours_runs={str(k): [asdict(r) for r in rs] for k, rs in ours_runs.items()},
                dask_runs={k: [asdict(r) for r in rs] for k, rs in dask_runs.items()},
            )
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
            print(f"wrote {args.json}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        elif args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            for d in workdir.iterdir():
                if d.name.startswith(("generated", "stock-r", "ours-w", "one-", "dask-")):
                    shutil.rmtree(d, ignore_errors=True)


def run_dask(generated: Path, workdir: Path, workers: int, ids: list[str], plan) -> PhaseRun:
    """Ours on a local Dask cluster of ``workers`` single-threaded worker processes."""
    from distributed import LocalCluster

    course = fresh_copy(generated, workdir / "dask-r1", False)
    print(f"ours on a local Dask cluster ({workers} workers) ...", flush=True)
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        run = run_ours(course, workers, course, ids, scheduler=cluster.scheduler_address)
    run.scores = read_scores(course, plan)
    print(f"  {run.wall_s:.1f} s, exit {run.exit_codes}", flush=True)
    return run


if __name__ == "__main__":
    main()

"""``python -m autograder``: grade one notebook (CI), build the release, run the demo.

Exit status of ``grade``: 0 whenever grading completed, whatever the score
(a broken or malformed notebook is graded as zero with messages); 2 for bad
usage or configuration; 1 when grading itself could not run.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__


def _unknown_assignment(assignment_id: str) -> bool:
    """Say so on stderr when ``assignment_id`` is not one of the course's."""
    from .assignments import ASSIGNMENTS

    if assignment_id in ASSIGNMENTS:
        return False
    known = ", ".join(ASSIGNMENTS)
    print(f"error: unknown assignment {assignment_id!r}; known: {known}", file=sys.stderr)
    return True


def _grade(args: argparse.Namespace) -> int:
    from .config import Grader, load_config
    from .engine import grade_notebook
    from .reporters import format_table, write_junit, write_results_json
    from .sandbox.isolation import IsolationUnavailable
    from .seeds import run_seed
    from .visibility import Stage, parse_due_date, student_stage

    if _unknown_assignment(args.assignment):
        return 2
    notebook = Path(args.notebook)
    if not notebook.is_file():
        print(f"error: no such notebook: {notebook}", file=sys.stderr)
        return 2
    config_path = args.config
    if config_path is None and Path("nbgrader_config.py").is_file():
        config_path = "nbgrader_config.py"
    try:
        options = Grader(config=load_config(config_path))
    except Exception as exc:  # a broken config file: say which and why
        print(f"error: cannot load config {config_path}: {exc}", file=sys.stderr)
        return 2
    device = args.device or options.device
    course_dir = Path(args.course_dir).resolve()
    try:
        seed = run_seed(
            course_dir, args.assignment, args.seed if args.seed is not None else options.seed
        )
    except OSError as exc:
        print(f"error: no run seed: {exc}; pass --seed", file=sys.stderr)
        return 2
    if args.isolation:
        options.isolation = args.isolation
    try:
        level = options.isolation_level(allow_weaker=args.allow_weaker_isolation or None)
    except IsolationUnavailable as exc:
        print(f"error: refusing to grade: {exc}", file=sys.stderr)
        return 1
    print(f"isolation: {level.describe()}", file=sys.stderr)
    from .sandbox.servers import ForkServers

    numbers_for = args.student if args.numbers_for is None else args.numbers_for
    try:
        # one notebook: no later fork to take a server's idle-time steps for
        with ForkServers(late_steps=False) as servers:
            result = grade_notebook(
                notebook,
                args.assignment,
                student_id="student" if args.student is None else args.student,
                seed=seed,
                device=device,
                limits=options.limits(),
                course_root=course_dir,
                isolation=level,
                own_numbers_for=options.own_numbers_for(numbers_for or None),
                servers=servers,
            )
    except Exception as exc:  # the grader could not run: not the student's fault
        print(f"error: grading could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.results:
        stage = Stage.INSTRUCTOR
        if args.student_view:  # what the student may read now (Gradescope)
            try:
                due = parse_due_date(args.due_date or options.due_date)
            except ValueError as exc:
                print(f"error: the due date is not an ISO date-time: {exc}", file=sys.stderr)
                return 2
            stage = student_stage(due, options.grades_published)
            if due is None:
                print("warning: due date unknown: feedback as before it", file=sys.stderr)
        write_results_json(result, args.results, stage)
    if args.junit:
        write_junit(result, args.junit)
    if not args.quiet:
        print(format_table(result))
    for problem in result.problems:
        print(f"grader problem: {problem}", file=sys.stderr)
    return 0


def _release(args: argparse.Namespace) -> int:
    from .release import generate_release

    generate_release(Path(args.course_dir), args.assignment or None)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(Path(args.course_dir), seed=args.seed)


def _lab(args: argparse.Namespace) -> int:
    from .lab import LabOptions, run_lab

    jupyter_args = [a for a in args.jupyter_args if a != "--"]
    return run_lab(
        LabOptions(
            course_dir=Path(args.course_dir),
            port=args.port,
            open_browser=not args.no_browser,
            exchange=Path(args.exchange) if args.exchange else None,
            jupyter_args=tuple(jupyter_args),
        )
    )


def _check(args: argparse.Namespace) -> int:
    from .assignments import ASSIGNMENTS
    from .config import Grader, load_config
    from .notebook.cells import NotebookError
    from .selfcheck import UnusableNotebook, infer_assignment, self_check

    notebook = Path(args.notebook)
    if not notebook.is_file():
        print(f"error: no such notebook: {notebook}", file=sys.stderr)
        return 2
    try:
        assignment = args.assignment or infer_assignment(notebook)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if _unknown_assignment(assignment):
        return 2
    course = Path(args.course_dir)
    if not ASSIGNMENTS[assignment].release_path(course).is_file():
        print(
            f"error: {course} has no release/{assignment}/ notebook to take the visible "
            "checks from; pass --course-dir (the course's public release)",
            file=sys.stderr,
        )
        return 2
    config = course / "nbgrader_config.py"
    try:
        limits = Grader(config=load_config(config if config.is_file() else None)).limits()
        report = self_check(notebook, assignment, limits=limits, course_root=course)
    except UnusableNotebook as exc:  # one sentence, and CI sees the failure
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except NotebookError as exc:
        print(f"error: the release notebook cannot be read: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the sandbox could not run: not the student's fault
        print(f"error: the self-check could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    marks = "✓✗·"
    try:
        marks.encode(sys.stdout.encoding or "ascii")
        unicode = True
    except (UnicodeEncodeError, LookupError):
        unicode = False
    print(report.format(unicode=unicode))
    return 1 if report.failed else 0  # so a CI job turns red


def _gradescope(args: argparse.Namespace) -> int:
    from .packaging.gradescope import build_gradescope_zip

    if _unknown_assignment(args.assignment):
        return 2
    try:
        path = build_gradescope_zip(args.assignment, args.output, Path(args.course_dir))
    except (FileNotFoundError, OSError) as exc:
        print(f"error: cannot build the Gradescope zip: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it as the autograder of {args.assignment} on Gradescope")
    return 0


def _public_release(args: argparse.Namespace) -> int:
    from .packaging.public import LeakError, build_public_tree

    try:
        dest = build_public_tree(args.dest, Path(args.course_dir))
    except (ValueError, FileNotFoundError, LeakError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote the public release tree (no hidden checks, no references) to {dest}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .reporters.report import ReportError, run_report

    try:
        report, written = run_report(
            args.assignment,
            Path(args.course_dir),
            args.output,
            title=args.title,
            canvas_assignment_id=args.canvas_assignment_id,
        )
    except (ReportError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{len(report.submitted)} submissions of {args.assignment}; wrote:")
    for path in written:
        print(f"  {path}")
    return 0


def _fork_servers(options, args: argparse.Namespace):
    """The batch's :class:`~autograder.sandbox.servers.ForkServers`, with a server started
    ahead for a local batch before this process imports torch, nbgrader and the checks:
    its own imports then run alongside. CUDA batches and Dask clusters start theirs where
    they run."""
    import os

    from .sandbox.isolation import IsolationUnavailable
    from .sandbox.servers import ForkServers
    from .sandbox.spawn import server_environment
    from .sandbox.warm import torch_has_cuda

    # a batch of one has no later fork to take the server's idle-time steps for
    late = _submissions_at_most(Path(args.course_dir), args.assignment, args.student, 2) > 1
    servers = ForkServers(late_steps=late)
    cuda = options.device == "cuda" or (options.device == "auto" and torch_has_cuda())
    if args.scheduler or cuda:
        return servers
    try:
        level = options.isolation_level(allow_weaker=args.allow_weaker_isolation or None)
    except IsolationUnavailable:
        return servers  # the batch says so
    servers.start_ahead(level, server_environment(level), args.workers or os.cpu_count() or 1)
    return servers


def _submissions_at_most(course: Path, assignments: list[str], students, limit: int) -> int:
    """How many submission folders the batch may grade, counted up to ``limit`` (from the
    folder names alone: this runs before anything is read)."""
    found = 0
    wanted = set(students or ())
    try:
        entries = sorted((course / "submitted").iterdir())
    except OSError:
        return 0
    for entry in entries:
        if wanted and entry.name not in wanted:
            continue
        found += sum((entry / a).is_dir() for a in assignments)
        if found >= limit:
            break
    return found


def _autograde(args: argparse.Namespace) -> int:
    from .batch.stopping import STOPPER, BatchStopped

    with STOPPER.handling():  # SIGINT and SIGTERM: a summary, never a traceback
        try:
            STOPPER.check()  # (one held since the process began: see __main__)
            return _run_autograde(args)
        except BatchStopped as stop:  # before grading began (the batch reports its own)
            STOPPER.stopped()
            return _stopped_before_grading(args, stop)


def _run_autograde(args: argparse.Namespace) -> int:
    from .config import Grader, load_config
    from .sandbox.isolation import IsolationUnavailable

    if any(_unknown_assignment(a) for a in args.assignment):
        return 2
    course = Path(args.course_dir).resolve()
    config_path = course / "nbgrader_config.py"
    for assignment in args.assignment:
        if not (course / "source" / assignment).is_dir():
            print(f"error: {course} has no source/{assignment}/", file=sys.stderr)
            return 2
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        options = Grader(config=load_config(config_path if config_path.is_file() else None))
    except Exception as exc:
        print(f"error: cannot load config {config_path}: {exc}", file=sys.stderr)
        return 2
    if args.device:
        options.device = args.device
    if args.seed is not None:
        options.seed = args.seed
    servers = _fork_servers(options, args)
    try:
        gc.disable()  # importing torch, nbformat, pytest and the checks: no garbage worth a walk
        try:
            from .batch.run import BatchError, autograde, format_summary, write_summary_json
        finally:
            gc.enable()
        try:
            summary = autograde(
                course,
                args.assignment,
                options,
                workers=args.workers,
                students=args.student,
                force=args.force,
                scheduler=args.scheduler,
                db_url=args.db_url,
                allow_weaker=args.allow_weaker_isolation or None,
                progress=not args.no_progress,
                servers=servers,
            )
        except IsolationUnavailable as exc:
            print(f"error: refusing to grade: {exc}", file=sys.stderr)
            return 1
        except BatchError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_status
    finally:
        servers.close()
    print(format_summary(summary))
    if args.json:
        try:
            write_summary_json(summary, Path(args.json))
        except OSError as exc:
            print(f"error: could not write the summary to {args.json}: {exc}", file=sys.stderr)
            return summary.exit_status or 1
    return summary.exit_status


def _stopped_before_grading(args: argparse.Namespace, stop) -> int:
    """A batch stopped before it began: say so (and in ``--json``), nothing was changed."""
    import json

    reason = f"{stop.reason} before grading began"
    print(f"0 graded: {reason}; nothing was changed, run the same command again")
    if args.json:
        summary = {"assignments": args.assignment, "stopped_by": reason, "graded": 0,
                   "unchanged": 0, "failed": 0, "submissions": []}  # fmt: skip
        try:
            Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
        except OSError as exc:
            print(f"error: could not write the summary to {args.json}: {exc}", file=sys.stderr)
    return stop.exit_status


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``python -m autograder --help``)."""
    from .assignments import REPO_ROOT

    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade one notebook with the hidden checks")
    grade.add_argument("notebook", help="the student's .ipynb")
    grade.add_argument("--assignment", required=True, help="assignment id, e.g. ps2-descent")
    grade.add_argument("--results", help="write Gradescope-style results.json here")
    grade.add_argument("--junit", help="write JUnit XML here")
    grade.add_argument(
        "--device",
        choices=["cpu", "cuda", "auto"],
        help="where references run and inputs live (default: config, else auto)",
    )
    grade.add_argument(
        "--seed",
        type=int,
        help="run seed (default: config, else the one the course records for the assignment)",
    )
    grade.add_argument(
        "--student",
        help="student id: seeds their inputs and picks their own numbers for the hand-computed "
        "items (default: none, the published numbers)",
    )
    grade.add_argument(
        "--numbers-for",
        metavar="ID",
        help="grade the hand-computed items on this student id's own numbers instead "
        "('' for the published numbers; default: --student)",
    )
    grade.add_argument(
        "--config",
        help="nbgrader_config.py to read Grader options from "
        "(default: ./nbgrader_config.py if present)",
    )
    grade.add_argument(
        "--course-dir",
        default=str(REPO_ROOT),
        help="course root holding source/ (default: this repository)",
    )
    grade.add_argument(
        "--isolation",
        choices=["full", "userns", "process"],
        help="minimum sandbox isolation (default: config, else full)",
    )
    grade.add_argument(
        "--allow-weaker-isolation",
        action="store_true",
        help="grade at the best level this host allows, even below --isolation",
    )
    grade.add_argument(
        "--student-view",
        action="store_true",
        help="--results as the student may read it now (hidden inputs and expected answers "
        "only after the due date); default: everything, for the instructor and CI",
    )
    grade.add_argument(
        "--due-date",
        metavar="ISO",
        help="the due date for --student-view (default: c.Grader.due_date; unknown: before it)",
    )
    grade.add_argument("--quiet", action="store_true", help="no table on stdout")
    grade.set_defaults(func=_grade)

    batch = sub.add_parser(
        "autograde",
        help="grade every submitted/*/ASSIGNMENT like nbgrader autograde, in parallel",
        description="Grade every submission of one or more assignments into nbgrader's "
        "gradebook and autograded/ (late penalties included), on all cores or a Dask cluster. "
        "Several assignments share the workers (start-up is paid once). Submissions "
        "unchanged since they were last graded are skipped unless --force. Exit status: 0 "
        "when every submission was graded, 1 when some could not be, 2 for bad usage.",
    )
    batch.add_argument(
        "assignment", nargs="+", help="assignment ids, e.g. ps2-descent (one or more)"
    )
    batch.add_argument(
        "--course-dir", default=".", help="nbgrader course root (default: the current directory)"
    )
    batch.add_argument(
        "--workers", type=int, help="parallel grading processes (default: every core)"
    )
    batch.add_argument(
        "--student", nargs="+", metavar="ID", help="only these students (default: all)"
    )
    batch.add_argument(
        "--force", action="store_true", help="regrade submissions that have not changed"
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to grade on, e.g. tcp://10.0.0.5:8786 (default: local workers)",
    )
    batch.add_argument(
        "--db-url", help="gradebook URL (default: the config's, e.g. sqlite:///gradebook.db)"
    )
    batch.add_argument("--device", choices=["cpu", "cuda", "auto"])
    batch.add_argument("--seed", type=int, help="run seed (default: config, else kept per course)")
    batch.add_argument(
        "--allow-weaker-isolation",
        action="store_true",
        help="grade at the best level this host allows, even below the configured one",
    )
    batch.add_argument("--json", help="write the run's summary (per submission) here")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.set_defaults(func=_autograde)

    release = sub.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    release.add_argument("assignment", nargs="*", help="assignment ids (default: all)")
    release.add_argument("--course-dir", default=str(REPO_ROOT))
    release.set_defaults(func=_release)

    demo = sub.add_parser("demo", help="grade a demo course end to end with nbgrader")
    demo.add_argument(
        "--course-dir",
        default="demo-course",
        help="where to build the demo course (replaced if it exists)",
    )
    demo.add_argument("--seed", type=int, default=2026, help="run seed for the hidden checks")
    demo.set_defaults(func=_demo)

    lab = sub.add_parser(
        "lab",
        help="JupyterLab on the course with nbgrader's formgrader and assignment list",
        description="Start JupyterLab 4 on 127.0.0.1 in the course directory with "
        "nbgrader's server extensions enabled (nothing is installed or configured "
        "globally). Options after -- go to jupyter lab as they are.",
    )
    lab.add_argument(
        "--course-dir",
        default=str(REPO_ROOT),
        help="nbgrader course root with nbgrader_config.py (default: this repository)",
    )
    lab.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default 8888)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    lab.add_argument("--exchange", help="nbgrader exchange directory (created if missing)")
    lab.add_argument("jupyter_args", nargs="*", help="after --: further jupyter lab options")
    lab.set_defaults(func=_lab)
    check = sub.add_parser(
        "check", help="self-check: run a notebook's visible checks (never the hidden ones)"
    )
    check.add_argument("notebook", help="your .ipynb")
    check.add_argument(
        "--assignment", help="assignment id (default: from the notebook's file name)"
    )
    check.add_argument(
        "--course-dir",
        default=str(REPO_ROOT),
        help="course root holding release/ with the visible checks (default: this repository)",
    )
    check.set_defaults(func=_check)

    gradescope = sub.add_parser("gradescope", help="build a Gradescope autograder zip")
    gradescope.add_argument("assignment", help="assignment id, e.g. ps2-descent")
    gradescope.add_argument(
        "-o", "--output", help="zip to write (default: build/gradescope-<assignment>.zip)"
    )
    gradescope.add_argument("--course-dir", default=str(REPO_ROOT))
    gradescope.set_defaults(func=_gradescope)

    public = sub.add_parser(
        "public-release",
        help="write the public tree student repositories install (no hidden checks)",
    )
    public.add_argument("dest", help="directory to fill, e.g. a checkout of the public repo")
    public.add_argument("--course-dir", default=str(REPO_ROOT))
    public.set_defaults(func=_public_release)

    report = sub.add_parser(
        "report",
        help="instructor report of an assignment: HTML page with charts, LMS grades.csv",
    )
    report.add_argument("assignment", help="assignment id, e.g. ps2-descent")
    report.add_argument(
        "--course-dir", default=".", help="nbgrader course root (default: the current directory)"
    )
    report.add_argument(
        "--output", help="folder to write into (default: <course-dir>/reports/<assignment>/)"
    )
    report.add_argument("--title", help="assignment title in the page and CSV (default: its id)")
    report.add_argument(
        "--canvas-assignment-id",
        help="Canvas id of an existing assignment, so the CSV column is 'Title (id)'",
    )
    report.set_defaults(func=_report)

    return parser


#: Commands that need the hidden checks or the instructor's notebooks (not in the public tree).
INSTRUCTOR_ONLY = frozenset(
    {"grade", "autograde", "release", "demo", "gradescope", "public-release", "report"}
)


def _is_public_tree() -> bool:
    """Whether this is the public student tree (built without the hidden checks)."""
    import importlib.util

    return importlib.util.find_spec("autograder.checks") is None


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command in INSTRUCTOR_ONLY and _is_public_tree():
        print(
            f"error: `python -m autograder {args.command}` is for instructors: this is the "
            "public student release, where `check` runs your notebook's visible tests "
            "(see README.md)",
            file=sys.stderr,
        )
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

"""``python -m autograder``: grade one notebook (CI), build the release, run the demo.

Exit status of ``grade``: 0 whenever grading completed, whatever the score
(a broken or malformed notebook is graded as zero with messages); 2 for bad
usage or configuration; 1 when grading itself could not run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _grade(args: argparse.Namespace) -> int:
    from .assignments import ASSIGNMENTS
    from .config import Grader, load_config
    from .engine import grade_notebook
    from .reporters import format_table, write_junit, write_results_json

    if args.assignment not in ASSIGNMENTS:
        print(
            f"error: unknown assignment {args.assignment!r}; known: {', '.join(ASSIGNMENTS)}",
            file=sys.stderr,
        )
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
    seed = args.seed if args.seed is not None else options.seed
    try:
        result = grade_notebook(
            notebook,
            args.assignment,
            student_id=args.student,
            seed=seed,
            device=device,
            limits=options.limits(),
            course_root=Path(args.course_dir).resolve(),
        )
    except Exception as exc:  # the grader could not run: not the student's fault
        print(f"error: grading could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.results:
        write_results_json(result, args.results)
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
    grade.add_argument("--seed", type=int, help="run seed (default: config, else fresh)")
    grade.add_argument("--student", default="student", help="student id (seeds their inputs)")
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
    grade.add_argument("--quiet", action="store_true", help="no table on stdout")
    grade.set_defaults(func=_grade)

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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

"""Cost of the sandbox per submission: each isolation level side by side, medians of N runs.

    python benchmarks/sandbox_overhead.py [--runs 7] [--assignment ps2-descent]

For every level this host allows (``process`` is the unsandboxed baseline: a
plain subprocess with rlimits), it measures

* ``start``: starting the student process until it is ready (torch imported),
* ``grade``: grading the model-answer notebook end to end (cells + hidden checks),

and prints the median, min and max, and each level's overhead against
``process``. Runs alternate between levels so drift hits all of them alike.
"""

from __future__ import annotations

import argparse
import statistics
import time

from autograder.assignments import get_assignment
from autograder.engine import grade_notebook
from autograder.notebook.cells import fill_solutions, read_notebook
from autograder.sandbox.isolation import Level, detect
from autograder.sandbox.runner import Cell, StudentProcess


def time_start(level: Level) -> float:
    t = time.perf_counter()
    with StudentProcess([Cell("noop", "pass")], level=level) as sp:
        sp.run_cells()
        return time.perf_counter() - t


def time_grade(level: Level, nb, assignment_id: str) -> float:
    t = time.perf_counter()
    result = grade_notebook(nb, assignment_id, seed=1, device="cpu", isolation=level)
    assert result.score == result.max_score, "the model answer should get full marks"
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--assignment", default="ps2-descent")
    args = parser.parse_args()
    best = detect().best
    levels = [lvl for lvl in (Level.PROCESS, Level.USERNS, Level.FULL) if lvl <= best]
    if best is Level.FULL:  # as root, userns is available too when the kernel allows it
        levels = [Level.PROCESS, Level.FULL]
    source = read_notebook(get_assignment(args.assignment).source_path())
    nb = fill_solutions(source, source)  # the model answers, solution markers removed
    samples: dict[tuple[str, Level], list[float]] = {}
    time_grade(levels[0], nb, args.assignment)  # warm the page cache and pytest's imports
    for _ in range(args.runs):
        for level in levels:
            samples.setdefault(("start", level), []).append(time_start(level))
            samples.setdefault(("grade", level), []).append(time_grade(level, nb, args.assignment))
    print(
        f"host: best isolation {best.name.lower()} ({detect().detail}); {args.runs} runs each; "
        f"assignment {args.assignment} (model answers)"
    )
    print(f"{'what':<7}{'level':<9}{'median s':>10}{'min':>8}{'max':>8}{'overhead':>12}")
    for what in ("start", "grade"):
        base = statistics.median(samples[(what, Level.PROCESS)])
        for level in levels:
            xs = samples[(what, level)]
            med = statistics.median(xs)
            over = "baseline" if level is Level.PROCESS else f"{med - base:+.3f} s"
            print(
                f"{what:<7}{level.name.lower():<9}{med:>10.3f}{min(xs):>8.3f}{max(xs):>8.3f}"
                f"{over:>12}"
            )


if __name__ == "__main__":
    main()

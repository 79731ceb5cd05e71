"""The demo course: release, three sample submissions, nbgrader autograde, a score table.

``python -m autograder demo`` builds ``demo-course/`` from this repository's
``source/`` and ``nbgrader_config.py``, generates the release with nbgrader,
writes three submissions per assignment in nbgrader's ``submitted/`` layout,

* ``reference``: the release notebook with the model answers filled in,
* ``blank``: the release notebook as students receive it,
* ``mistakes``: the model answers with a few classic mistakes,

autogrades them with ``nbgrader autograde`` (our sandboxed engine in place of
``Execute``, SQLite gradebook) and prints each student's score per question
from the gradebook. It exits non-zero if the reference does not earn every
autograded point or the blank one earns any.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

from .assignments import ASSIGNMENTS, REPO_ROOT
from .notebook.cells import cells_by_grade_id, fill_solutions, read_notebook
from .release import run_nbgrader
from .sandbox.isolation import Level, detect

STUDENTS = ("reference", "blank", "mistakes")

#: Deliberate mistakes of the "mistakes" student: assignment → grade_id → cell code.
MISTAKES: dict[str, dict[str, str]] = {
    "ps1-gradients": {
        # the direction is not normalised
        "directional_derivative": (
            "def directional_derivative(f, point, direction):\n"
            "    p = point.detach().clone().requires_grad_(True)\n"
            "    f(p).backward()\n"
            "    return p.grad @ direction\n"
        ),
        # degrees passed straight to cos and sin
        "unit_vector": (
            "import math\nimport torch\n\n"
            "def unit_vector(angle_deg):\n"
            "    return torch.tensor([math.cos(angle_deg), math.sin(angle_deg)],"
            " dtype=torch.float64)\n"
        ),
    },
    "ps2-descent": {
        # the step adds the derivative
        "grad_descent": (
            "import math\n\n"
            "def grad_descent(x_start, n, delta=0.1):\n"
            "    x = float(x_start)\n"
            "    for _ in range(n):\n"
            "        x = x + delta * (x - math.exp(-x))\n"
            "    return x\n"
        ),
        "GOOD_DELTA": "GOOD_DELTA = 0.1\n",
    },
    "ps3-critical-points": {
        # the full Hessian where ½H belongs (the old D2L misprint)
        "quadratic_approximation": (
            "import torch\n\n"
            "def quadratic_approximation(f, point):\n"
            "    x0 = point.detach().clone()\n"
            "    p = x0.clone().requires_grad_(True)\n"
            "    f0 = f(p)\n"
            "    (g,) = torch.autograd.grad(f0, p)\n"
            "    H = torch.autograd.functional.hessian(f, x0)\n"
            "    f0 = f0.detach()\n\n"
            "    def q(x):\n"
            "        d = x - x0\n"
            "        return f0 + g @ d + d @ H @ d\n\n"
            "    return q\n"
        ),
        "D2L5_CHOICE": 'D2L5_CHOICE = "a"\n',
    },
    "ps4-backprop": {
        # 2Ax is the gradient only for a symmetric A
        "grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n",
    },
}


def make_submissions(course: Path) -> None:
    """Write ``submitted/<student>/<assignment>/<notebook>.ipynb`` for the three students."""
    for a in ASSIGNMENTS.values():
        release = read_notebook(a.release_path(course))
        reference = fill_solutions(release, read_notebook(a.source_path(course)))
        mistakes = copy.deepcopy(reference)
        cells = cells_by_grade_id(mistakes)
        for gid, code in MISTAKES[a.id].items():
            cells[gid].source = code
        for student, nb in zip(STUDENTS, (reference, release, mistakes), strict=True):
            folder = course / "submitted" / student / a.id
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / a.filename)
            (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")


def build_course(course: Path, seed: int) -> None:
    """A fresh course directory: source/, the config with a fixed seed, the release."""
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "source", course / "source")
    config = (REPO_ROOT / "nbgrader_config.py").read_text()
    config += "\n# demo: a fixed seed so the demo prints the same table every run\n"
    config += f"c.Grader.seed = {seed}\n"
    # the sample submissions carry the model answers, those of the published numbers:
    # graded as by a grader that knows no student ids (see autograder/own_numbers.py)
    config += "c.Grader.own_numbers = False\n"
    support = detect()
    print(f"Sandbox isolation on this host: {support.best.describe()}")
    if support.best is not Level.FULL:
        print(f"  ({support.detail}; for level full: {support.fix})")
        print("  The demo grades only its own sample submissions, so it accepts this level.")
        config += "c.Grader.allow_weaker_isolation = True  # demo: our own sample submissions\n"
    (course / "nbgrader_config.py").write_text(config)
    for a in ASSIGNMENTS.values():
        run_nbgrader(course, "generate_assignment", a.id, "--force")


def score_table(course: Path) -> tuple[str, bool]:
    """Per assignment, each question's autograded score per student, from the gradebook."""
    from .nbgrader.gradebook import notebook_grades

    lines: list[str] = []
    ok = True
    width = 26
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    for a in ASSIGNMENTS.values():
        header = f"{a.id:<{width}}" + "".join(f"{s:>11}" for s in STUDENTS) + f"{'max':>7}"
        lines += ["", header, "-" * len(header)]
        rows: dict[str, dict[str, float | None]] = {}
        maxima: dict[str, float] = {}
        manual: set[str] = set()
        for student in STUDENTS:
            for grade in notebook_grades(db_url, a.notebook, a.id, student):
                name = grade.name.removeprefix("test_")
                maxima[name] = grade.max_score
                if grade.manual:
                    manual.add(name)
                rows.setdefault(name, {})[student] = grade.auto_score
        totals = dict.fromkeys(STUDENTS, 0.0)
        for name in [*a.graded_names, *sorted(manual)]:
            cells = ""
            for student in STUDENTS:
                score = rows.get(name, {}).get(student)
                if name in manual:
                    cells += f"{'manual':>11}"
                    continue
                score = float(score or 0.0)
                totals[student] += score
                cells += f"{score:>11g}"
            lines.append(f"{name:<{width}}{cells}{maxima.get(name, 0):>7g}")
        auto_max = sum(v for k, v in maxima.items() if k not in manual)
        lines.append("-" * len(header))
        lines.append(
            f"{'autograded total':<{width}}"
            + "".join(f"{totals[s]:>11g}" for s in STUDENTS)
            + f"{auto_max:>7g}"
        )
        if totals["reference"] != auto_max or totals["blank"] != 0:
            ok = False
    return "\n".join(lines), ok


def run_demo(course: Path, seed: int = 2026) -> int:
    """Build, submit, autograde and report; returns the exit status."""
    course = course.resolve()
    print(f"Building the demo course in {course} ...")
    build_course(course, seed)
    make_submissions(course)
    for a in ASSIGNMENTS.values():
        print(f"nbgrader autograde {a.id} (students: {', '.join(STUDENTS)}) ...", flush=True)
        run_nbgrader(course, "autograde", a.id, "--force")
    table, ok = score_table(course)
    print(table)
    print()
    if ok:
        print("Demo OK: the reference earned every autograded point, the blank notebook none.")
        return 0
    print("Demo FAILED: the reference lost points or the blank notebook earned some.")
    return 1

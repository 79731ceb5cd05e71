"""Descent pictures: the student's path from their own function, the reference's, a PNG."""

from __future__ import annotations

import io
from collections import OrderedDict

import matplotlib.image
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from autograder.assignments.ps2_descent import pictures
from autograder.assignments.ps2_descent.pictures import (
    QUESTIONS,
    DescentPaths,
    as_point,
    collect_feedback_figures,
    collect_paths,
    display_data_output,
    render_png,
)
from autograder.checks.compare import CheckFailure
from autograder.checks.student import Student
from autograder.notebook.cells import cells_by_grade_id
from autograder.sandbox.limits import Limits
from autograder.sandbox.runner import Cell, StudentProcess
from tests.checks.conftest import model_submission

CPU = torch.device("cpu")
NAMES = ("grad_descent", "multi_grad_descent", "gradient_descent")
MAX_PNG_BYTES = 60 * 1024

ADDS_DERIVATIVE = (
    "import math\n\n"
    "def grad_descent(x_start, n, delta=0.1):\n"
    "    x = float(x_start)\n"
    "    for _ in range(n):\n"
    "        x = x + delta * (x - math.exp(-x))\n"
    "    return x\n"
)
ADDS_GRADIENT_2D = (
    "import torch\n\n"
    "def multi_grad_descent(x_start, y_start, n, delta=0.1):\n"
    "    p = torch.tensor([float(x_start), float(y_start)], dtype=torch.float64)\n"
    "    for _ in range(n):\n"
    "        q = p.clone().requires_grad_(True)\n"
    "        f = 2 * q[0]**2 + 4 * q[1]**2 + torch.exp(-3 * q[0]) + 3 * torch.exp(-2 * q[1])\n"
    "        (g,) = torch.autograd.grad(f, q)\n"
    "        p = (p + delta * g).detach()\n"
    "    return float(p[0]), float(p[1])\n"
)
ONE_STEP_TOO_MANY = (
    "import torch\n\n"
    "def gradient_descent(f, x0, lr, steps):\n"
    "    x = x0.detach().clone()\n"
    "    for _ in range(steps + 1):\n"
    "        xv = x.clone().requires_grad_(True)\n"
    "        (g,) = torch.autograd.grad(f(xv), xv)\n"
    "        x = (x - lr * g).detach()\n"
    "    return x\n"
)


def model_cells() -> list[Cell]:
    """The notebook's imports and the model answers of the three descent functions."""
    cells = cells_by_grade_id(model_submission("ps2-descent"))
    return [Cell("intro-imports", cells["intro-imports"].source)] + [
        Cell(name, cells[name].source) for name in NAMES
    ]


@pytest.fixture(scope="module")
def correct():
    with StudentProcess(model_cells()) as process:
        process.run_cells()
        yield Student(process)


@pytest.fixture(scope="module")
def wrong():
    cells = [
        Cell("grad_descent", ADDS_DERIVATIVE),
        Cell("multi_grad_descent", ADDS_GRADIENT_2D),
        Cell("gradient_descent", ONE_STEP_TOO_MANY),
    ]
    with StudentProcess(cells) as process:
        process.run_cells()
        yield Student(process)


def decode_png(png: bytes):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return matplotlib.image.imread(io.BytesIO(png), format="png")


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_function_follows_the_reference(correct, name):
    paths = collect_paths(QUESTIONS[name], correct, CPU)
    assert paths is not None and paths.note == ""
    assert len(paths.student) == len(paths.reference) == QUESTIONS[name].steps + 1
    tol = 1e-5 if name == "gradient_descent" else 1e-9  # float32 start, as in the text
    for mine, theirs in zip(paths.student, paths.reference, strict=True):
        assert mine == pytest.approx(theirs, abs=tol)


def test_the_reference_paths_are_the_ones_the_text_states():
    grad = QUESTIONS["grad_descent"].reference(15)
    assert grad[0] == (-1.0,) and grad[1][0] == pytest.approx(-1 - 0.1 * (-1 - 2.718281828459045))
    multi = QUESTIONS["multi_grad_descent"].reference(10)
    assert multi[0] == (0.0, 0.0) and multi[1] == pytest.approx((0.3, 0.6))
    general = QUESTIONS["gradient_descent"].reference(12)
    assert general[0] == (4.0, -1.0) and general[1] == pytest.approx((2.5, -1.4), abs=1e-6)


def test_a_step_that_adds_the_derivative_runs_away_and_stops_with_a_note(wrong):
    paths = collect_paths(QUESTIONS["grad_descent"], wrong, CPU)
    assert paths is not None
    assert paths.student[0] == paths.reference[0] == (-1.0,)
    assert paths.student[1][0] < -1.0 < paths.reference[1][0]  # downhill is to the right
    # it overflows in math.exp after a few steps: the path stops there and says why
    assert 1 < len(paths.student) < len(paths.reference)
    assert "OverflowError" in paths.note and f"n = {len(paths.student)}" in paths.note


def test_wrong_2d_paths_differ_from_the_reference(wrong):
    multi = collect_paths(QUESTIONS["multi_grad_descent"], wrong, CPU)
    assert multi is not None and multi.student[1] == pytest.approx((-0.3, -0.6))
    assert multi.reference[1] == pytest.approx((0.3, 0.6))
    general = collect_paths(QUESTIONS["gradient_descent"], wrong, CPU)
    assert general is not None and general.note == ""
    # one step too many: the student's n-th point is the reference's (n+1)-th
    assert general.student[0] != pytest.approx(general.reference[0])
    assert general.student[0] == pytest.approx(general.reference[1], abs=1e-6)


@pytest.mark.parametrize("which", ["correct", "wrong"])
def test_every_descent_name_gets_a_small_readable_png(request, which):
    student = request.getfixturevalue(which)
    problems: list[str] = []
    figures = collect_feedback_figures("ps2-descent", student, CPU, problems=problems)
    assert problems == []
    assert set(figures) == set(NAMES)
    for png in figures.values():
        image = decode_png(png)
        assert image.shape[:2] == (320, 400)
        assert len(png) <= MAX_PNG_BYTES
        assert image.std() > 0.05  # not a blank canvas


def test_other_assignments_get_no_pictures(correct):
    assert collect_feedback_figures("ps1-gradients", correct, CPU) == {}


def test_odd_answers_stop_the_path_and_stubs_or_missing_names_give_no_picture():
    cells = [
        Cell("imports", "import math"),
        Cell(
            "grad_descent",
            "def grad_descent(x_start, n, delta=0.1):\n"
            "    return float(x_start) if n < 2 else ('x', n) if n < 4 else math.nan\n",
        ),
        Cell(
            "multi_grad_descent",
            "def multi_grad_descent(x_start, y_start, n, delta=0.1):\n"
            "    raise NotImplementedError()",
        ),
        Cell("gradient_descent", "gradient_descent = 3"),
    ]
    with StudentProcess(cells) as process:
        process.run_cells()
        student = Student(process)
        paths = collect_paths(QUESTIONS["grad_descent"], student, CPU)
        problems: list[str] = []
        figures = collect_feedback_figures("ps2-descent", student, CPU, problems=problems)
    assert paths is not None and len(paths.student) == 2
    assert "n = 2" in paths.note and "not a point" in paths.note
    assert set(figures) == {"grad_descent"} and problems == []


def test_a_hanging_function_stops_all_pictures_after_one_time_limit():
    cells = [
        Cell(
            "grad_descent",
            "def grad_descent(x_start, n, delta=0.1):\n    while True:\n        pass",
        ),
        Cell(
            "multi_grad_descent", "def multi_grad_descent(x, y, n, delta=0.1):\n    return (x, y)"
        ),
    ]
    limits = Limits(call_timeout=0.5, submission_timeout=60.0)
    with StudentProcess(cells, limits) as process:
        process.run_cells()
        figures = collect_feedback_figures("ps2-descent", Student(process), CPU)
        assert len(process.incidents) == 1  # one time limit, not one per question
    assert figures == {}


HANGS_FROM_THREE_STEPS = (
    "def grad_descent(x_start, n, delta=0.1):\n"
    "    while n >= 3:\n"
    "        pass\n"
    "    return float(x_start) - 0.1 * n\n"
)
MULTI_AT_THE_START = "def multi_grad_descent(x, y, n, delta=0.1):\n    return (x, y)"


def test_a_call_that_hangs_on_a_pictures_input_costs_the_budget_not_the_call_limit():
    cells = [Cell("grad_descent", HANGS_FROM_THREE_STEPS)]
    limits = Limits(call_timeout=30.0, submission_timeout=120.0)
    with StudentProcess(cells, limits) as process:
        process.run_cells()
        student = Student(process)
        figures = collect_feedback_figures("ps2-descent", student, CPU, budget_s=0.5)
        paths = collect_paths(QUESTIONS["grad_descent"], student, CPU, deadline=0.0)
        incidents = list(process.incidents)
    assert set(figures) == {"grad_descent"}  # the start and two steps, then the budget ran out
    assert len(incidents) == 1, incidents
    assert "(for its feedback picture): time limit of 0.5 s" in incidents[0], incidents
    assert "call time limit" not in incidents[0]  # the grader's limit, not the call's
    assert paths is None  # a spent budget: no call at all


def test_a_name_whose_checks_ran_past_the_call_limit_gets_no_picture():
    cells = [Cell("grad_descent", HANGS_FROM_THREE_STEPS), Cell("multi", MULTI_AT_THE_START)]
    limits = Limits(call_timeout=0.5, submission_timeout=60.0)
    with StudentProcess(cells, limits) as process:
        process.run_cells()
        student = Student(process)
        with pytest.raises(CheckFailure, match="time limit"):
            student.call("grad_descent", -1.0, 100)  # as a check does
        assert process.timed_out == {"grad_descent"}
        before = len(process.incidents)
        figures = collect_feedback_figures("ps2-descent", student, CPU)
        assert len(process.incidents) == before  # no second wait for the same hang
    assert set(figures) == {"multi_grad_descent"}


def test_as_point_accepts_numbers_tensors_and_tuples_only():
    assert as_point(0.5, 1) == (0.5,) and as_point(torch.tensor([1.0, 2.0]), 2) == (1.0, 2.0)
    assert as_point((1, torch.tensor(2.0)), 2) == (1.0, 2.0)
    for bad, dim in [(True, 1), ("0.5", 1), ((1.0,), 2), (torch.zeros(3), 2), (None, 1)]:
        assert as_point(bad, dim) is None


def test_far_away_points_are_clipped_and_text_is_not_parsed_as_math():
    paths = DescentPaths(
        "multi_grad_descent",
        "multi_grad_descent(0, 0, n)",
        "f(x, y) = 2x² + 4y² + e^(−3x) + 3e^(−2y)",
        [(0.0, 0.0), (0.3, 0.6), (0.3, 0.3)],
        [(0.0, 0.0), (-0.3, -0.6), (-1e30, 1e30)],
        note="Stopped at n = 3: it raised ValueError: $x_1$ {bad} \\frac",
    )
    png = render_png(paths, QUESTIONS["multi_grad_descent"].f)
    assert decode_png(png).shape[:2] == (320, 400) and len(png) <= MAX_PNG_BYTES


def student_paths(name: str, points, note: str = "") -> DescentPaths:
    q = QUESTIONS[name]
    return DescentPaths(name, q.call, q.objective, q.reference(q.steps), list(points), note)


@pytest.fixture
def no_backgrounds(monkeypatch):
    """An empty background cache for this test."""
    monkeypatch.setattr(pictures, "_BACKGROUNDS", OrderedDict())
    return pictures._BACKGROUNDS


@pytest.mark.parametrize("name", NAMES)
def test_pictures_on_one_kept_background_leave_nothing_behind(name, no_backgrounds):
    """Students whose paths fit the same window share one background, and each picture
    starts from its pixels: nothing of one student's picture is in the next."""
    reference = QUESTIONS[name].reference(QUESTIONS[name].steps)
    follows = student_paths(name, reference)
    # the reference's own points, backwards and cut short: the same window, another path
    other = student_paths(name, reference[::-1][:5], note="Stopped at n = 5: it raised E.")
    f = QUESTIONS[name].f
    first = render_png(follows, f)
    second = render_png(other, f)
    assert len(no_backgrounds) == 1
    assert second != first and render_png(follows, f) == first
    (background,) = no_backgrounds.values()
    assert len(background.ax.lines) == 2 + (name == "grad_descent")  # reference, start (, f)
    assert background.ax.get_legend() is None and background.figure.texts == []
    no_backgrounds.clear()
    assert render_png(follows, f) == first  # a background drawn anew: the same picture


@pytest.mark.parametrize("name", NAMES)
def test_a_picture_is_what_a_full_drawing_of_the_figure_gives(name, no_backgrounds, monkeypatch):
    """Drawing only the student's part on the kept pixels gives the bytes matplotlib's own
    drawing of the whole figure gives (same z-order, legend place, notes, clipping)."""
    reference = QUESTIONS[name].reference(QUESTIONS[name].steps)
    far = [tuple(v + 50.0 * n for v in p) for n, p in enumerate(reference[:4])]
    wrong = student_paths(name, far, note="Stopped at n = 4: the answer is not finite.")
    f = QUESTIONS[name].f
    for paths in (student_paths(name, reference), wrong):
        kept = render_png(paths, f)
        with monkeypatch.context() as m:  # the whole figure, as savefig would draw it
            m.setattr(FigureCanvasAgg, "restore_region", lambda canvas, _: canvas.draw())
            m.setattr(Axes, "draw_artist", lambda *_: None)
            m.setattr(Figure, "draw_artist", lambda *_: None)
            full = render_png(paths, f)
        assert decode_png(kept).shape == decode_png(full).shape
        assert kept == full


def test_display_data_output_carries_the_png_as_base64():
    import base64

    output = display_data_output(b"\x89PNG fake", "grad_descent")
    assert output.output_type == "display_data"
    assert base64.b64decode(output.data["image/png"]) == b"\x89PNG fake"
    assert "grad_descent" in output.data["text/plain"]


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_gradient_descent_path_with_a_cuda_start_point(correct):
    paths = collect_paths(QUESTIONS["gradient_descent"], correct, torch.device("cuda"))
    assert paths is not None and paths.note == ""
    assert paths.student[1] == pytest.approx((2.5, -1.4), abs=1e-6)

"""Hidden checks of ps2-descent: the model answer earns everything, wrong ones lose."""

from __future__ import annotations

import pytest

from autograder.assignments.ps2_descent.reference import steps_by_hand
from autograder.own_numbers import DIFFERS, MATCHES, NOT_STATED, numbers_for
from tests.checks.conftest import assert_lost, own_answers

A = "ps2-descent"

# Two wrong submissions: every graded name wrong, each in a different way.
WRONG_1 = {
    "STEPS_SCALED": "STEPS_SCALED = [(1.6, 2.1), (2.45, 2.26)]",  # adds the gradient
    "STEPS_UNSCALED": "STEPS_UNSCALED = [(0.4, 1.9), (0.05, 1.86)]",  # the δ = 0.1 steps
    "grad_descent": (
        "import math\n"
        "def grad_descent(x_start, n, delta=0.1):\n"
        "    x = x_start\n"
        "    for _ in range(n + 1):\n"
        "        x = x - delta * (x - math.exp(-x))\n"
        "    return x\n"
    ),
    "multi_grad_descent": (
        "import math\n"
        "def multi_grad_descent(x_start, y_start, n, delta=0.1):\n"
        "    x, y = x_start, y_start\n"
        "    for _ in range(n - 1):\n"
        "        x, y = (x - delta * (4*x - 3*math.exp(-3*x)),\n"
        "                y - delta * (8*y - 6*math.exp(-2*y)))\n"
        "    return x, y\n"
    ),
    "gradient_descent": (
        "import torch\n"
        "def gradient_descent(f, x0, lr, steps):\n"
        "    x = x0.detach().clone().double()\n"
        "    for _ in range(steps):\n"
        "        x.requires_grad_(True)\n"
        "        g, = torch.autograd.grad(f(x), x)\n"
        "        x = (x - lr * g).detach()\n"
        "    return x\n"
    ),
    "GOOD_DELTA": "GOOD_DELTA = 0.1",
}
WRONG_2 = {
    "STEPS_SCALED": "STEPS_SCALED = [(0.4, 1.86), (0.05, 1.9)]",
    "STEPS_UNSCALED": "STEPS_UNSCALED = [(-5, 1), (14, 6), (0, 0)]",
    "grad_descent": (
        "import math\n"
        "def grad_descent(x_start, n, delta=0.1):\n"
        "    x = x_start\n"
        "    for _ in range(n):\n"
        "        x = x - delta * (x + math.exp(-x))\n"
        "    return x\n"
    ),
    "multi_grad_descent": (
        "import torch\n"
        "def multi_grad_descent(x_start, y_start, n, delta=0.1):\n"
        "    x = torch.tensor(float(x_start)); y = torch.tensor(float(y_start))\n"
        "    for _ in range(n):\n"
        "        x, y = (x - delta * (4*x - 3*torch.exp(-3*x)),\n"
        "                y - delta * (8*y - 6*torch.exp(-2*y)))\n"
        "    return float(x), float(y)\n"
    ),
    "gradient_descent": (
        "import torch\n"
        "def gradient_descent(f, x0, lr, steps):\n"
        "    x = x0.detach().clone()\n"
        "    for _ in range(steps):\n"
        "        x.requires_grad_(True)\n"
        "        g, = torch.autograd.grad(f(x), x)\n"
        "        x = (x + lr * g).detach()\n"
        "    return x\n"
    ),
    "GOOD_DELTA": "GOOD_DELTA = 1.5",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("STEPS_SCALED", "adds the gradient"),
        ("STEPS_UNSCALED", "δ = 0.1 steps"),
        ("grad_descent", "one step too many"),
        ("multi_grad_descent", "one step too few"),
        ("gradient_descent", "float64 for a float32 input"),
        ("GOOD_DELTA", "not within 1e-8"),
    ],
)
def test_first_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_1), name, misconception)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("STEPS_SCALED", None),
        ("STEPS_UNSCALED", "has 3 entries"),
        ("grad_descent", "the wrong derivative"),
        ("multi_grad_descent", "compute in float64"),
        ("gradient_descent", "adds the gradient"),
        ("GOOD_DELTA", "diverges"),
    ],
)
def test_second_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_2), name, misconception)


@pytest.mark.slow
def test_wrong_names_do_not_cost_the_others(grade):
    result = grade(A, {"grad_descent": WRONG_1["grad_descent"]})
    for entry in result.names:
        if entry.name != "grad_descent":
            assert entry.score == entry.max_score, entry.feedback


# --------------------------------------------------------------------------- own numbers
# alice and frank draw different start points, neither the published (1, 2).
OWN = ("STEPS_SCALED", "STEPS_UNSCALED")


def _only_own_lost(result, lost: bool) -> None:
    for entry in result.names:
        full = entry.score == entry.max_score
        assert full is not (lost and entry.name in OWN), (entry.name, entry.feedback)


def test_the_two_students_start_from_different_points():
    alice, frank = numbers_for("alice"), numbers_for("frank")
    assert len({alice.start, frank.start, (1, 2)}) == 3
    assert steps_by_hand(alice.start, "0.1") != steps_by_hand(frank.start, "0.1")


@pytest.mark.slow
@pytest.mark.parametrize("student", ["alice", "frank"])
def test_each_student_is_graded_on_their_own_numbers(grade, student):
    result = grade(A, own_answers(A, student), student=student, claim=student)
    _only_own_lost(result, lost=False)
    assert result.id_check.status == MATCHES and result.notes == []


@pytest.mark.slow
def test_another_student_s_answers_lose_the_hand_computed_marks(grade):
    """alice's notebook handed in by frank: his numbers, her answers, a note for the instructor."""
    result = grade(A, own_answers(A, "alice"), student="frank", claim="alice")
    _only_own_lost(result, lost=True)
    for name in OWN:
        assert_lost(result, name, "this notebook shows for the student id it states ('alice')")
    assert result.id_check.status == DIFFERS
    assert any("'alice'" in n and "'frank'" in n and "Instructor" in n for n in result.notes)


@pytest.mark.slow
def test_the_published_answers_under_an_id_are_named_as_such(grade):
    """The reading's answers (the model answers) from a notebook that states no id."""
    result = grade(A, student="frank")
    _only_own_lost(result, lost=True)
    for name in OWN:
        assert_lost(result, name, "the published start point (1, 2)")
    assert result.id_check.status == NOT_STATED
    assert any("does not state a STUDENT_ID" in n for n in result.notes)


@pytest.mark.slow
def test_without_a_student_id_the_published_numbers_hold(grade):
    result = grade(A, claim="alice")  # the grader knows no id; the notebook states one
    _only_own_lost(result, lost=False)
    assert any("grader was given no student id" in n for n in result.notes)


@pytest.mark.parametrize("momentum", [0.5, 0.9])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_momentum_mistake_is_what_torch_optim_sgd_computes(momentum, dtype):
    """The written-out heavy-ball descent (the optimizer's first step imports torch._dynamo
    into the grader) takes torch.optim.SGD's steps."""
    import torch

    from autograder.assignments.ps2_descent.checks import _momentum

    dtype = getattr(torch, dtype)

    def f(x):
        return (x[0] - 1) ** 2 + 3 * x[1] ** 2 + torch.sin(x[0] * x[1])

    x0 = torch.tensor([0.3, -0.8], dtype=dtype)
    x = x0.clone().requires_grad_(True)
    opt = torch.optim.SGD([x], lr=0.05, momentum=momentum)
    for _ in range(7):
        opt.zero_grad()
        f(x).backward()
        opt.step()
    mine = _momentum(f, x0, 0.05, 7, momentum)
    assert mine.dtype == dtype
    torch.testing.assert_close(mine, x.detach())


def test_random_starts_of_multi_grad_descent_keep_the_reference_finite():
    """The hidden random starts never make descent overflow: a correct answer can only
    match a finite reference (``expect_numbers`` refuses NaN), so such a draw would cost
    every student the point. Without the redraw, a few of these seeds draw one."""
    import math

    import torch

    from autograder.assignments.ps2_descent import reference as ref
    from autograder.assignments.ps2_descent.checks import multi_random_start

    def plain_draw(rng):  # the same ranges, no redraw
        x0, y0 = (round(float(v), 3) for v in torch.empty(2).uniform_(-1.5, 3.0, generator=rng))
        n = int(torch.randint(1, 15, (), generator=rng))
        delta = round(float(torch.empty(()).uniform_(0.02, 0.15, generator=rng)), 3)
        return x0, y0, n, delta

    def finite(start):
        return all(math.isfinite(v) for v in ref.multi_grad_descent(*start))

    plain_overflows = 0
    for seed in range(600):
        plain, guarded = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)
        for _ in range(3):
            start = multi_random_start(guarded)
            assert finite(start), (seed, start)
            plain_overflows += not finite(plain_draw(plain))
    assert plain_overflows > 0  # the ranges alone do allow it: the redraw is what holds


def test_the_student_whose_draw_overflowed_gets_full_marks(grade):
    """Found by the 600-submission benchmark: student s0058 of a run seeded 1 drew a start
    on which descent overflows, and a correct multi_grad_descent lost a point."""
    result = grade("ps2-descent", own_answers("ps2-descent", "s0058"), seed=1, student="s0058")
    entry = result.by_name()["multi_grad_descent"]
    assert entry.score == entry.max_score, entry.feedback

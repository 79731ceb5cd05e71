"""Hidden checks for ps2-descent: gradient descent in one and many variables.

Each check is bound to one graded name with its points; the points of a
name's checks add up to its test cell's points in the notebook. Known wrong
answers are computed beside the right one so the feedback can name them.
"""

from __future__ import annotations

import math
from functools import partial

import torch

from autograder.checks import (
    CheckFailure,
    TestFunction,
    expect_number,
    expect_numbers,
    expect_tensor,
    graded,
)
from autograder.checks.compare import show
from autograder.own_numbers import OTHER_STUDENT, PUBLISHED, PUBLISHED_ANSWERS, OwnNumbers
from autograder.reference import ps2_descent as ref

# --------------------------------------------------------------------------- wrong answers
ADDS_DERIVATIVE = "a step that adds the derivative instead of subtracting it"
SEQUENTIAL = "x updated before y's gradient was taken (the update must be simultaneous)"


def _steps_by_hand(start, delta: float, sign: float = 1.0, sequential: bool = False):
    """Two descent steps on 2x² + xy from ``start``, optionally with a classic slip."""
    (x, y), points = (float(v) for v in start), []
    for _ in range(2):
        gx = 4 * x + y
        new_x = x - sign * delta * gx
        gy = new_x if sequential else x
        x, y = new_x, y - sign * delta * gy
        points.append((x, y))
    return points


def _grad_descent_variant(x: float, n: int, delta: float, derivative) -> float:
    for _ in range(n):
        x = x - delta * derivative(x)
    return x


def _multi_variant(x: float, y: float, n: int, delta: float, sign: float = 1.0):
    for _ in range(n):
        x, y = (
            x - sign * delta * (4 * x - 3 * math.exp(-3 * x)),
            y - sign * delta * (8 * y - 6 * math.exp(-2 * y)),
        )
    return x, y


def _off_by_one(fn, n: int, *args) -> dict[str, object]:
    return {
        "one step too many (the loop ran n + 1 times)": fn(n + 1, *args),
        "one step too few (the loop ran n - 1 times)": fn(n - 1, *args) if n > 0 else None,
    }


# --------------------------------------------------------------------------- STEPS_*
# Each student starts from their own point (x₀, y₀) (autograder.own_numbers; the
# published one is (1, 2)), so an answer copied from the text or from another
# student is named as such rather than as a slip of the arithmetic.
DELTAS = {"STEPS_SCALED": (ref.DELTA_SCALED, "0.1"), "STEPS_UNSCALED": (ref.DELTA_UNSCALED, "1")}


def _steps_mistakes(name: str, numbers: OwnNumbers) -> dict[str, object]:
    delta, _ = DELTAS[name]
    other = "STEPS_UNSCALED" if name == "STEPS_SCALED" else "STEPS_SCALED"
    start = numbers.start
    mistakes: dict[str, object] = {}
    claimed = numbers.claimed
    if claimed is not None and not claimed.published and claimed.start != start:
        mistakes[_copied_from(claimed, start)] = ref.steps_by_hand(claimed.start, delta)
    if start != PUBLISHED.start:
        mistakes[_published(start)] = ref.steps_by_hand(PUBLISHED.start, delta)
    mistakes.update(
        {
            "a step that adds the gradient instead of subtracting it": _steps_by_hand(
                start, float(delta), -1
            ),
            SEQUENTIAL: _steps_by_hand(start, float(delta), sequential=True),
            (
                "the gradient not scaled by δ = 0.1 (these are the δ = 1 steps)"
                if name == "STEPS_SCALED"
                else "the δ = 0.1 steps (this part uses δ = 1)"
            ): ref.steps_by_hand(start, DELTAS[other][0]),
        }
    )
    return mistakes


def _copied_from(claimed: OwnNumbers, start) -> str:
    return (
        f"the steps from the start point {claimed.start} that this notebook shows for the "
        f"student id it states ({claimed.student_id!r}), not from your own start point {start}"
    )


def _published(start) -> str:
    return (
        f"the steps from the published start point {PUBLISHED.start} of the text, not from "
        f"your own start point {start}"
    )


def _check_steps(student, numbers: OwnNumbers, name: str) -> None:
    delta, delta_text = DELTAS[name]
    x0, y0 = numbers.start
    try:
        expect_numbers(
            student.get(name),
            ref.steps_by_hand(numbers.start, delta),
            f"{name} (two steps with δ = {delta_text} from your start point (x₀, y₀) = "
            f"({x0}, {y0}))",
            mistakes=lambda: _steps_mistakes(name, numbers),
            rtol=1e-6,
            atol=1e-9,
        )
    except CheckFailure as exc:
        # the message names this student's numbers; the report counts one misconception
        claimed = numbers.claimed
        labels = {_published(numbers.start): PUBLISHED_ANSWERS}
        if claimed is not None:
            labels[_copied_from(claimed, numbers.start)] = OTHER_STUDENT
        if exc.misconception in labels:
            raise CheckFailure(str(exc), misconception=labels[exc.misconception]) from None
        raise


@graded("STEPS_SCALED", points=1)
def test_steps_scaled(student, numbers):
    _check_steps(student, numbers, "STEPS_SCALED")


@graded("STEPS_UNSCALED", points=1)
def test_steps_unscaled(student, numbers):
    _check_steps(student, numbers, "STEPS_UNSCALED")


# --------------------------------------------------------------------------- grad_descent
def _grad_descent_mistakes(x0: float, n: int, delta: float) -> dict[str, object]:
    def run(derivative):
        try:
            return _grad_descent_variant(x0, n, delta, derivative)
        except OverflowError:
            return None

    mistakes = {
        ADDS_DERIVATIVE: run(lambda x: -(x - math.exp(-x))),
        "the wrong derivative: d/dx e^(−x) is −e^(−x), so f′(x) = x − e^(−x)": run(
            lambda x: x + math.exp(-x)
        ),
        "a step by the function value f(x) instead of its derivative f′(x)": run(
            lambda x: 0.5 * x * x + math.exp(-x)
        ),
    }
    mistakes.update(_off_by_one(lambda k: ref.grad_descent(x0, k, delta), n))
    return mistakes


def _check_grad_descent(student, x0: float, n: int, delta: float, what: str) -> None:
    """One call of grad_descent, compared with the reference and the known mistakes.

    A step that adds the derivative runs away from the minimum until e^(−x)
    overflows; when the student's code dies of that same overflow, say so.
    """
    try:
        got = student.call("grad_descent", x0, n, delta)
    except CheckFailure as exc:
        if "OverflowError" in str(exc) and _adds_derivative_overflows(x0, n, delta):
            raise CheckFailure(
                f"{what}: your code raised OverflowError. The iterates ran away from the "
                f"minimum until e^(−x) overflowed; this looks like {ADDS_DERIVATIVE}.",
                misconception=ADDS_DERIVATIVE,
            ) from None
        raise
    expect_number(
        got,
        ref.grad_descent(x0, n, delta),
        what,
        mistakes=lambda: _grad_descent_mistakes(x0, n, delta),
        rtol=1e-9,
    )


def _adds_derivative_overflows(x0: float, n: int, delta: float) -> bool:
    try:
        _grad_descent_variant(x0, n, delta, lambda x: -(x - math.exp(-x)))
    except OverflowError:
        return True
    return False


@graded("grad_descent", points=1)
def test_grad_descent_text_example(student):
    _check_grad_descent(student, -1.0, 100, 0.1, "grad_descent(-1, 100)")


@graded("grad_descent", points=1)
def test_grad_descent_random_starts(student, rng):
    for _ in range(3):
        x0 = round(float(torch.empty(()).uniform_(-2.0, 3.0, generator=rng)), 3)
        n = int(torch.randint(1, 12, (), generator=rng))
        delta = round(float(torch.empty(()).uniform_(0.05, 0.6, generator=rng)), 3)
        _check_grad_descent(student, x0, n, delta, f"grad_descent({x0}, {n}, {delta})")


# --------------------------------------------------------------------------- multi_grad_descent
def _multi_mistakes(x0: float, y0: float, n: int, delta: float) -> dict[str, object]:
    mistakes: dict[str, object] = {}
    try:
        mistakes["a step that adds the gradient instead of subtracting it"] = _multi_variant(
            x0, y0, n, delta, sign=-1.0
        )
    except OverflowError:
        pass
    mistakes.update(_off_by_one(lambda k: ref.multi_grad_descent(x0, y0, k, delta), n))
    return mistakes


def _overflowed_in_float32(got: object) -> bool:
    """A non-finite answer where float64 gives a finite one: float32's range ran out."""
    return isinstance(got, tuple | list) and any(
        isinstance(v, float) and not math.isfinite(v) for v in got
    )


@graded("multi_grad_descent", points=1)
def test_multi_grad_descent_text_examples(student):
    for n in (1, 100):
        got = student.call("multi_grad_descent", 14.0, -53.0, n)
        if _overflowed_in_float32(got):
            raise CheckFailure(
                f"multi_grad_descent(14, -53, {n}): is {show(got)}, expected "
                f"{show(ref.multi_grad_descent(14.0, -53.0, n))}. The first step reaches "
                "y ≈ 6.5·10^45, beyond float32's range (3.4·10^38): compute in float64.",
                misconception="float32 overflow: compute in float64",
            )
        expect_numbers(
            got,
            ref.multi_grad_descent(14.0, -53.0, n),
            f"multi_grad_descent(14, -53, {n})",
            mistakes=partial(_multi_mistakes, 14.0, -53.0, n, 0.1),
            rtol=1e-6,
        )


@graded("multi_grad_descent", points=1)
def test_multi_grad_descent_random_starts(student, rng):
    for _ in range(3):
        x0, y0 = (round(float(v), 3) for v in torch.empty(2).uniform_(-1.5, 3.0, generator=rng))
        n = int(torch.randint(1, 15, (), generator=rng))
        delta = round(float(torch.empty(()).uniform_(0.02, 0.15, generator=rng)), 3)
        expect_numbers(
            student.call("multi_grad_descent", x0, y0, n, delta),
            ref.multi_grad_descent(x0, y0, n, delta),
            f"multi_grad_descent({x0}, {y0}, {n}, {delta})",
            mistakes=partial(_multi_mistakes, x0, y0, n, delta),
            rtol=1e-6,
        )


# --------------------------------------------------------------------------- gradient_descent
BOWL = TestFunction(
    "f(x) = Σ (i+1)·(x_i − 1)²",
    "def f(x):\n"
    "    w = torch.arange(1, x.shape[0] + 1, dtype=x.dtype, device=x.device)\n"
    "    return (w * (x - 1) ** 2).sum()\n",
)
ROSENBROCK = TestFunction(
    "f(x, y) = (1 − x)² + 5(y − x²)²",
    "def f(p):\n    return (1 - p[0]) ** 2 + 5 * (p[1] - p[0] ** 2) ** 2\n",
)


def _descent_mistakes(fn: TestFunction, x0: torch.Tensor, lr: float, steps: int):
    f = fn.local()
    path = ref.gradient_descent_path(f, x0, lr, steps + 1)
    return {
        "one step too many (the loop ran steps + 1 times)": path[steps + 1],
        "one step too few (the loop ran steps - 1 times)": path[steps - 1] if steps else None,
        "a step that adds the gradient instead of subtracting it": ref.gradient_descent(
            f, x0, -lr, steps
        ),
        "the answer returned in float64 for a float32 input (keep the input's dtype)": path[
            steps
        ].to(torch.float64)
        if x0.dtype == torch.float32
        else None,
        "the answer returned on the CPU for a CUDA input (keep the input's device)": path[
            steps
        ].cpu()
        if x0.device.type == "cuda"
        else None,
    }


@graded("gradient_descent", points=1)
def test_gradient_descent_rosenbrock_float64(student, rng, device):
    x0 = (torch.rand(2, generator=rng, dtype=torch.float64) * 2 - 1).to(device)
    for steps in (1, 5):
        expect_tensor(
            student.call("gradient_descent", ROSENBROCK, x0, 0.01, steps),
            ref.gradient_descent(ROSENBROCK.local(), x0, 0.01, steps),
            f"gradient_descent({ROSENBROCK.label}, x0={x0.tolist()}, lr=0.01, steps={steps})",
            mistakes=partial(_descent_mistakes, ROSENBROCK, x0, 0.01, steps),
        )


@graded("gradient_descent", points=1)
def test_gradient_descent_bowl_float32(student, rng, device):
    for length in (1, 4):
        x0 = torch.randn(length, generator=rng).to(device)
        expect_tensor(
            student.call("gradient_descent", BOWL, x0, 0.1, 7),
            ref.gradient_descent(BOWL.local(), x0, 0.1, 7),
            f"gradient_descent({BOWL.label}, x0 of length {length} (float32), lr=0.1, steps=7)",
            mistakes=partial(_descent_mistakes, BOWL, x0, 0.1, 7),
        )


@graded("gradient_descent", points=1)
def test_gradient_descent_zero_steps(student, rng, device):
    x0 = torch.randn(3, generator=rng, dtype=torch.float64).to(device)
    expect_tensor(
        student.call("gradient_descent", BOWL, x0, 0.1, 0),
        x0,
        "gradient_descent(f, x0, lr=0.1, steps=0) (zero steps return the start)",
        mistakes=lambda: {
            "one step too many (the loop ran steps + 1 times)": ref.gradient_descent(
                BOWL.local(), x0, 0.1, 1
            )
        },
    )


# --------------------------------------------------------------------------- GOOD_DELTA
@graded("GOOD_DELTA", points=1)
def test_good_delta_converges(student):
    delta = student.get("GOOD_DELTA")
    expect_number(delta, delta if isinstance(delta, int | float) else 0.0, "GOOD_DELTA")
    try:
        reached = ref.reaches_minimum(float(delta))
    except OverflowError:
        reached = False
    if not reached:
        hint = (
            "it diverges: the steps overshoot the minimum more and more"
            if not 0 < delta <= 1.27
            else "it does not get within 1e-8 of x* within 30 steps"
        )
        raise CheckFailure(
            f"GOOD_DELTA = {delta}: from x = −1, grad_descent(−1, 30, {delta}) is not within "
            f"1e-8 of the minimiser x* ≈ 0.567143; {hint}.",
            misconception="default step size (too slow)" if delta == 0.1 else None,
        )

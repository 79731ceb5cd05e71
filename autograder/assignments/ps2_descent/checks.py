"""Hidden checks for ps2-descent: gradient descent in one and many variables.

Each check is bound to one graded name with its points; the points of a
name's checks add up to its test cell's points in the notebook. Known wrong
answers are computed beside the right one so the feedback can name them.
"""

from __future__ import annotations

import math
from functools import partial

import torch

from autograder.assignments.ps2_descent import reference as ref
from autograder.checks import (
    CheckFailure,
    TestFunction,
    expect_number,
    expect_numbers,
    expect_tensor,
    graded,
)
from autograder.checks.compare import AnyOf, current_call, show
from autograder.own_numbers import OTHER_STUDENT, PUBLISHED, PUBLISHED_ANSWERS, OwnNumbers

# --------------------------------------------------------------------------- wrong answers
ADDS_DERIVATIVE = "a step that adds the derivative instead of subtracting it"
INT_START = "the start returned unconverted: with n = 0 an int start must still come back a float"
SEQUENTIAL = "x updated before y's gradient was taken (the update must be simultaneous)"
STEPS_START = (
    "the start point (x₀, y₀) listed as the first point: the list holds the points after the "
    "first and after the second step"
)
STEPS_DX = "∂f/∂x taken as 4x: differentiating xy by x leaves y, so ∂f/∂x = 4x + y"
STEPS_DY = "∂f/∂y taken as y: differentiating xy by y leaves x"
STEPS_REUSED = (
    "the gradient of the start reused for the second step: take the gradient again at the new point"
)
STEPS_ROUNDED = "points rounded (to one decimal or to whole numbers): give them exactly"
DELTA_IGNORED = "the step size δ ignored (0.1 every time): use the delta that is passed in"
TENSORS_ACCUMULATE = (
    "gradients that were never zeroed: .grad accumulates over backward() calls, so each "
    "step used the sum of all gradients so far (zero .grad every step, or use "
    "torch.autograd.grad)"
)


def _steps_by_hand(
    start,
    delta: float,
    sign: float = 1.0,
    sequential: bool = False,
    dx_slip: bool = False,
    dy_slip: bool = False,
    reuse: bool = False,
):
    """Two descent steps on 2x² + xy from ``start``, optionally with a classic slip."""
    (x, y), points = (float(v) for v in start), []
    first = None
    for _ in range(2):
        gx = 4 * x + (0 if dx_slip else y)
        if reuse and first is not None:
            gx = first[0]
        new_x = x - sign * delta * gx
        gy = y if dy_slip else new_x if sequential else x
        if reuse and first is not None:
            gy = first[1]
        first = first or (gx, gy)
        x, y = new_x, y - sign * delta * gy
        points.append((x, y))
    return points


def _differ(points, others) -> bool:
    """Whether two lists of points differ by more than rounding."""
    return any(
        not math.isclose(a, b, abs_tol=1e-9)
        for p, q in zip(points, others, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def _half_up(value: float, digits: int) -> float:
    return math.floor(round(value, 9) * 10**digits + 0.5) / 10**digits


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
    right = ref.steps_by_hand(start, delta)
    d = float(delta)

    def rounded(digits: int, which: tuple[int, ...]):  # the points numbered in ``which``
        return [
            tuple(_half_up(c, digits) for c in point) if i in which else point
            for i, point in enumerate(right)
        ]

    roundings = (rounded(n, which) for n in (0, 1) for which in ((0,), (1,), (0, 1)))
    mistakes.update(
        {
            "a step that adds the gradient instead of subtracting it": _steps_by_hand(start, d, -1),
            SEQUENTIAL: _steps_by_hand(start, d, sequential=True),
            (
                "the gradient not scaled by δ = 0.1 (these are the δ = 1 steps)"
                if name == "STEPS_SCALED"
                else "the δ = 0.1 steps (this part uses δ = 1)"
            ): ref.steps_by_hand(start, DELTAS[other][0]),
            STEPS_START: [tuple(float(v) for v in start), right[0]],
            STEPS_DX: _steps_by_hand(start, d, dx_slip=True),
            STEPS_DY: _steps_by_hand(start, d, dy_slip=True),
            STEPS_REUSED: _steps_by_hand(start, d, reuse=True),
            STEPS_ROUNDED: AnyOf(tuple(r for r in roundings if _differ(r, right))),
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
            raise exc.named(labels[exc.misconception]) from None
        raise


@graded("STEPS_SCALED", points=1)
def test_steps_scaled(student, numbers):
    _check_steps(student, numbers, "STEPS_SCALED")


@graded("STEPS_UNSCALED", points=1)
def test_steps_unscaled(student, numbers):
    _check_steps(student, numbers, "STEPS_UNSCALED")


# --------------------------------------------------------------------------- grad_descent
GD_EARLY_STOP = (
    "a loop that stops early once the derivative (or the step) is small: take exactly n steps"
)
GD_FLOAT32 = (
    "the iteration computed in float32 (torch.tensor's default dtype): its rounding, about "
    "1e-7, shows in the answer; compute with Python floats (or float64)"
)
GD_F_VALUE = "the value f(x) at the last iterate instead of the point x itself"
GD_RECURSION = (
    "a recursion with one call per step: Python's recursion limit (about 1000 calls) stops "
    "it for many steps; use a loop"
)
#: Tolerances students stop at.
STOP_TOLS = (1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12)


def _early_stop(x0: float, n: int, delta: float, tol: float, on_step: bool) -> float:
    x = float(x0)
    for _ in range(n):
        g = x - math.exp(-x)
        if not on_step and abs(g) < tol:
            break
        new = x - delta * g
        if on_step and abs(new - x) < tol:
            return new
        x = new
    return x


def _float32_descent(x0: float, n: int, delta: float) -> float:
    x = torch.tensor(float(x0))
    for _ in range(n):
        x = x - delta * (x - torch.exp(-x))
    return x.item()


def _grad_descent_mistakes(x0: float, n: int, delta: float) -> dict[str, object]:
    def run(derivative):
        try:
            return _grad_descent_variant(x0, n, delta, derivative)
        except OverflowError:
            return None

    right = ref.grad_descent(x0, n, delta)
    stops = tuple(_early_stop(x0, n, delta, t, s) for t in STOP_TOLS for s in (False, True))

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
    mistakes[DELTA_IGNORED] = ref.grad_descent(x0, n, 0.1) if delta != 0.1 else None
    mistakes[GD_EARLY_STOP] = AnyOf(tuple(v for v in stops if v != right))
    mistakes[GD_FLOAT32] = _float32_descent(x0, n, delta)
    mistakes[GD_F_VALUE] = ref.f_1d(right)
    return mistakes


def _check_grad_descent(
    student, x0: float, n: int, delta: float | None, what: str, as_float: bool = False
) -> None:
    """One call of grad_descent, compared with the reference and the known mistakes.

    ``delta=None`` leaves it out of the call (the default 0.1 must be used).
    ``as_float``: the answer must be a Python float (an int start with n = 0).
    A step that adds the derivative runs away from the minimum until e^(−x)
    overflows; when the student's code dies of that same overflow, say so.
    """
    args = (x0, n) if delta is None else (x0, n, delta)
    delta = 0.1 if delta is None else delta
    try:
        got = student.call("grad_descent", *args)
    except CheckFailure as exc:
        if "OverflowError" in str(exc) and _adds_derivative_overflows(x0, n, delta):
            # the wrong derivative x + e^(−x) runs away too: then the overflow names neither
            named = not _wrong_derivative_overflows(x0, n, delta)
            ran_away = (
                ": your code raised OverflowError. The iterates ran away from the minimum "
                "until e^(−x) overflowed"
            )
            raise CheckFailure(
                f"{what}{ran_away}" + (f"; this looks like {ADDS_DERIVATIVE}." if named else "."),
                misconception=ADDS_DERIVATIVE if named else None,
                brief=f"{current_call('grad_descent')}{ran_away}.",
            ) from None
        if "RecursionError" in str(exc):
            raise CheckFailure(
                f"{str(exc).rstrip('.')}. This looks like {GD_RECURSION}.",
                misconception=GD_RECURSION,
                brief=exc.brief,
            ) from None
        raise
    if as_float and isinstance(got, int) and not isinstance(got, bool):
        raise CheckFailure(
            f"{what}: is {got!r}, an int; grad_descent returns a Python float. This looks like "
            f"{INT_START}.",
            brief=f"{current_call('grad_descent')}: is an int, not a Python float.",
            misconception=INT_START,
        )
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


def _wrong_derivative_overflows(x0: float, n: int, delta: float) -> bool:
    try:
        _grad_descent_variant(x0, n, delta, lambda x: x + math.exp(-x))
    except OverflowError:
        return True
    return False


@graded("grad_descent", points=1)
def test_grad_descent_text_example(student):
    # as the text calls it: with the default step size
    _check_grad_descent(student, -1, 100, None, "grad_descent(-1, 100)")
    # no step from an int start still returns a float; and many steps (a loop, not recursion)
    _check_grad_descent(student, 2, 0, None, "grad_descent(2, 0)", as_float=True)
    _check_grad_descent(student, -1.0, 5000, 0.01, "grad_descent(-1.0, 5000, 0.01)")


@graded("grad_descent", points=1)
def test_grad_descent_random_starts(student, rng):
    for _ in range(3):
        x0 = round(float(torch.empty(()).uniform_(-2.0, 3.0, generator=rng)), 3)
        n = int(torch.randint(1, 12, (), generator=rng))
        delta = round(float(torch.empty(()).uniform_(0.05, 0.6, generator=rng)), 3)
        _check_grad_descent(student, x0, n, delta, f"grad_descent({x0}, {n}, {delta})")


# --------------------------------------------------------------------------- multi_grad_descent
MULTI_SWAPPED = "the coordinates returned in the wrong order: the answer is (x, y)"
MULTI_DY = "the term 4y² differentiated as if it were 8y (4 * y * 2 for 4 * y**2): ∂(4y²)/∂y = 8y"


def _multi_accumulating(x: float, y: float, n: int, delta: float):
    """multi_grad_descent whose gradients are never zeroed (each step: the sum so far)."""
    sx = sy = 0.0
    for _ in range(n):
        sx += 4 * x - 3 * math.exp(-3 * x)
        sy += 8 * y - 6 * math.exp(-2 * y)
        x, y = x - delta * sx, y - delta * sy
    return x, y


def _multi_dy_slip(x: float, y: float, n: int, delta: float):
    for _ in range(n):
        x, y = x - delta * (4 * x - 3 * math.exp(-3 * x)), y - delta * (8 - 6 * math.exp(-2 * y))
    return x, y


def _multi_mistakes(x0: float, y0: float, n: int, delta: float) -> dict[str, object]:
    mistakes: dict[str, object] = {}
    try:
        mistakes["a step that adds the gradient instead of subtracting it"] = _multi_variant(
            x0, y0, n, delta, sign=-1.0
        )
    except OverflowError:
        pass
    mistakes.update(_off_by_one(lambda k: ref.multi_grad_descent(x0, y0, k, delta), n))
    right = ref.multi_grad_descent(x0, y0, n, delta)
    mistakes[MULTI_SWAPPED] = right[::-1]
    mistakes[DELTA_IGNORED] = ref.multi_grad_descent(x0, y0, n, 0.1) if delta != 0.1 else None
    for description, variant in (
        (TENSORS_ACCUMULATE, _multi_accumulating),
        (MULTI_DY, _multi_dy_slip),
    ):
        try:
            mistakes[description] = variant(x0, y0, n, delta)
        except OverflowError:
            pass
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
        # float32 overflows in the very first step: a later overflow has another cause
        if n == 1 and _overflowed_in_float32(got):
            raise CheckFailure(
                f"multi_grad_descent(14, -53, {n}): is {show(got)}, expected "
                f"{show(ref.multi_grad_descent(14.0, -53.0, n))}. The first step reaches "
                "y ≈ 6.5·10^45, beyond float32's range (3.4·10^38): compute in float64.",
                misconception="float32 overflow: compute in float64",
                brief=f"{current_call('multi_grad_descent')}: an entry is not finite (inf or "
                "NaN): float32's range ran out; compute in float64.",
            )
        expect_numbers(
            got,
            ref.multi_grad_descent(14.0, -53.0, n),
            f"multi_grad_descent(14, -53, {n})",
            mistakes=partial(_multi_mistakes, 14.0, -53.0, n, 0.1),
            rtol=1e-6,
        )


def multi_random_start(rng: torch.Generator) -> tuple[float, float, int, float]:
    """A start, step count and step size for multi_grad_descent on which descent stays
    finite: from a start low on the steep 3e^(−2y) wall a large step overshoots, and a few
    steps later every answer, the reference's too, has overflowed to inf and then NaN
    (a draw in a few hundred). Such a draw is drawn again."""
    while True:
        x0, y0 = (round(float(v), 3) for v in torch.empty(2).uniform_(-1.5, 3.0, generator=rng))
        n = int(torch.randint(1, 15, (), generator=rng))
        delta = round(float(torch.empty(()).uniform_(0.02, 0.15, generator=rng)), 3)
        if all(math.isfinite(v) for v in ref.multi_grad_descent(x0, y0, n, delta)):
            return x0, y0, n, delta


@graded("multi_grad_descent", points=1)
def test_multi_grad_descent_random_starts(student, rng):
    for _ in range(3):
        x0, y0, n, delta = multi_random_start(rng)
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


DESCENT_NORMALISED = (
    "a step of fixed length lr (the gradient divided by its norm): the update is "
    "x − lr·∇f(x), whose length shrinks with the gradient"
)
DESCENT_PATH = "the whole path of iterates (one row per step) instead of the last point"
DESCENT_MOMENTUM = (
    "momentum in the update (torch.optim.SGD with momentum=...): gradient descent is the "
    "plain update x ← x − lr·∇f(x)"
)
#: Momentum values students give torch.optim.SGD.
MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)


def _descent_variant(f, x0: torch.Tensor, lr: float, steps: int, how: str) -> torch.Tensor:
    """gradient_descent with one classic slip (``how``: accumulate, normalise)."""
    x = x0.detach().clone()
    total = torch.zeros_like(x)
    for _ in range(steps):
        v = x.clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(f(v), v)
        if how == "accumulate":
            total = total + g
            g = total
        elif how == "normalise":
            g = g / torch.linalg.vector_norm(g)
        x = (x - lr * g).detach()
    return x


def _momentum(f, x0: torch.Tensor, lr: float, steps: int, momentum: float) -> torch.Tensor:
    """Descent with heavy-ball momentum as ``torch.optim.SGD(momentum=m)`` steps it: the
    velocity starts as the first gradient, then ``v = m v + g`` and ``x = x - lr v``.

    Written out rather than run through the optimizer, whose first step imports
    ``torch._dynamo`` into the grader.
    """
    x, v = x0.detach().clone(), None
    for _ in range(steps):
        leaf = x.clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(f(leaf), leaf)
        v = g if v is None else momentum * v + g
        x = (x - lr * v).detach()
    return x


def _descent_mistakes(fn: TestFunction, x0: torch.Tensor, lr: float, steps: int):
    f = fn.local()
    path = ref.gradient_descent_path(f, x0, lr, steps + 1)
    return {
        "one step too many (the loop ran steps + 1 times)": path[steps + 1],
        "one step too few (the loop ran steps - 1 times)": path[steps - 1] if steps else None,
        "a step that adds the gradient instead of subtracting it": ref.gradient_descent(
            f, x0, -lr, steps
        ),
        TENSORS_ACCUMULATE: _descent_variant(f, x0, lr, steps, "accumulate") if steps > 1 else None,
        DESCENT_NORMALISED: _descent_variant(f, x0, lr, steps, "normalise") if steps else None,
        DESCENT_PATH: path[: steps + 1],
        DESCENT_MOMENTUM: AnyOf(tuple(_momentum(f, x0, lr, steps, m) for m in MOMENTA))
        if steps > 1
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
DELTA_DIVERGES = (
    "a step size so large that the iteration diverges: each step overshoots x* by more than "
    "the distance it started from"
)
DELTA_SMALL = (
    "a step size too small: the iterates creep towards x* from one side and are still more "
    "than 1e-8 away after 30 steps; a larger δ converges faster"
)
DELTA_OVERSHOOTS = (
    "a step size so large that the iterates overshoot x* and swing around it, converging "
    "slowly; a somewhat smaller δ converges faster"
)


def _step_size_mistake(delta: float) -> str | None:
    """Why a step size fails: by the rate |1 − δ f″(x*)| at which the error shrinks."""
    if delta == 0.1:
        return "default step size (too slow)"
    curvature = 1 + math.exp(-ref.X_STAR_1D)  # f″(x*)
    if not 0 < delta < 2 / curvature:
        return DELTA_DIVERGES
    return DELTA_SMALL if delta * curvature < 1 else DELTA_OVERSHOOTS


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
        why = _step_size_mistake(float(delta))
        # the student's own constant and the text's x*: nothing hidden
        text = (
            f"GOOD_DELTA = {delta}: from x = −1, grad_descent(−1, 30, {delta}) is not within "
            f"1e-8 of the minimiser x* ≈ 0.567143; {hint}"
        )
        raise CheckFailure(
            text + (f". This looks like {why}." if why else "."),
            misconception=why,
            brief=f"{text}.",
        )

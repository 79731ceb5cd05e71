"""Hidden checks for ps1-gradients: partial derivatives, gradients, directional derivatives.

Each check is bound to one graded name with its points; the points of a
name's checks add up to its test cell's points in the notebook. Known wrong
answers are computed beside the right one so the feedback can name them.
Random inputs are drawn with ``rng`` on the CPU, rounded to two decimals (so
the feedback shows them exactly), then moved to ``device``.
"""

from __future__ import annotations

import math

import pytest
import torch

from autograder.assignments.ps1_gradients import reference as ref
from autograder.checks import (
    CheckFailure,
    TestFunction,
    expect_equal,
    expect_number,
    expect_tensor,
    expect_tensors,
    graded,
)
from autograder.checks.common import FD_STEPS, call_brief
from autograder.checks.compare import (
    AnyOf,
    accept_form,
    calling,
    current_call,
    kind_of,
    show,
    tensor_problem,
)
from autograder.checks.student import brief_call
from autograder.sandbox.limits import StudentError

DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]

# --------------------------------------------------------------------------- test functions
F_EXAMPLE = TestFunction(
    "f(x, y) = 2x² + xy",
    "def f(p):\n    return 2 * p[0] ** 2 + p[0] * p[1]\n",
)
F_ONE = TestFunction("f(x) = x³ − 2x", "def f(p):\n    return (p ** 3 - 2 * p).sum()\n")
F_CUBIC = TestFunction(
    "f(x, y) = 4xy + y³",
    "def f(p):\n    return 4 * p[0] * p[1] + p[1] ** 3\n",
)
F_LSE = TestFunction(
    "f(x, y) = log(eˣ + eʸ)",
    "def f(p):\n    return torch.logsumexp(p, 0)\n",
)
F_GAUSS = TestFunction(
    "f(x, y) = x·e^(−x² − y²)",
    "def f(p):\n    return p[0] * torch.exp(-p[0] ** 2 - p[1] ** 2)\n",
)
F_WAVE = TestFunction(
    "f(x, y) = sin(x)·cos(2y) + 0.3xy²",
    "def f(p):\n    return torch.sin(p[0]) * torch.cos(2 * p[1]) + 0.3 * p[0] * p[1] ** 2\n",
)
# Not elementwise: on a stacked grid of points these give one number (or fail), not one per
# point, so a gradient_field that calls f once on the whole grid is caught.
F_SOFT_NORM = TestFunction(
    "f(x, y) = √(1 + x² + y²)",
    "def f(p):\n    return torch.sqrt(1 + (p ** 2).sum())\n",
)
F_QUADRATIC_FORM = TestFunction(
    "f(p) = pᵀAp with A = [[2, 1], [0, 3]]",
    "def f(p):\n"
    "    A = torch.tensor([[2.0, 1.0], [0.0, 3.0]], dtype=p.dtype, device=p.device)\n"
    "    return p @ A @ p\n",
)
F_MIX = TestFunction(
    "f(x) = Σᵢ sin(xᵢ)·xᵢ₊₁ + Σᵢ xᵢ³/3",
    "def f(p):\n    return (torch.sin(p[:-1]) * p[1:]).sum() + (p ** 3).sum() / 3\n",
)


def _draw(rng, shape, low, high, dtype, device) -> torch.Tensor:
    """Uniform values in [low, high), rounded to two decimals, as ``dtype`` on ``device``."""
    t = torch.empty(shape, dtype=torch.float64).uniform_(low, high, generator=rng)
    return (torch.round(t * 100) / 100 + 0.0).to(dtype=dtype, device=device)  # + 0.0: no -0


def _dt(t: torch.Tensor) -> str:
    return str(t.dtype).removeprefix("torch.")


def _arg(t: torch.Tensor) -> str:
    """A tensor argument for a message: its values (or shape) and dtype."""
    if t.numel() > 6:
        return f"a {_dt(t)} tensor of shape {tuple(t.shape)}"
    return f"{show(t)} ({_dt(t)})"


def _no_grad(f, p: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return f(p.detach().clone())


def _finite_differences(f, point: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The forward and central difference quotients of ``f`` at ``point`` for every step in
    :data:`FD_STEPS`, in the point's dtype: what a student gets who approximates the
    gradient instead of taking it."""
    p = point.detach()
    out = []
    with torch.no_grad():
        base = f(p.clone())
        for h in FD_STEPS:
            steps = torch.eye(p.numel(), dtype=p.dtype, device=p.device) * h
            ahead = torch.stack([f(p + e) for e in steps])
            behind = torch.stack([f(p - e) for e in steps])
            out.append(((ahead - base) / h).reshape(p.shape))
            out.append(((ahead - behind) / (2 * h)).reshape(p.shape))
    return tuple(out)


def _named_error(exc: CheckFailure, sign: str, mistake: str) -> CheckFailure:
    """``exc`` (the student's code raised) with ``mistake`` named when its text has ``sign``."""
    text = str(exc)
    if exc.misconception is not None or sign not in text:
        return exc
    return CheckFailure(
        f"{text} This looks like {mistake}.", misconception=mistake, brief=exc.brief
    )


def _expect_finite(got, expected, what: str, names: tuple[str, ...], mistake: str) -> None:
    """Name ``mistake`` when an answer holds NaN or ±inf where the reference is finite."""
    parts = got if isinstance(got, tuple | list) else (got,)
    wanted = expected if isinstance(expected, tuple) else (expected,)
    for name, g, e in zip(names, parts, wanted, strict=False):
        if isinstance(g, torch.Tensor) and g.is_floating_point() and not torch.isfinite(g).all():
            label = f"{name} " if len(names) > 1 else ""
            raise CheckFailure(
                f"{what}: {label}is {show(g)}, expected {show(e)}. This looks like {mistake}.",
                misconception=mistake,
                brief=f"{call_brief(what)}: {label}contains NaN or inf.",
            )


# --------------------------------------------------------------------------- partials
PARTIAL_NAMES = ("df_dx", "df_dy", "df_dz")
PARTIALS_SWAPPED = "∂f/∂x and ∂f/∂y swapped (∂f/∂x = 4x − 3y, ∂f/∂y = −3x)"
PARTIALS_SIGN = "a wrong sign: −3xy differentiates to −3y (by x) and to −3x (by y)"
PARTIALS_POWER = "the power rule slipped: ∂(2x²)/∂x = 4x and ∂(z³)/∂z = 3z²"
PARTIALS_DFDY_Y = (
    "∂(−3xy)/∂y taken as −3y: differentiating by y leaves the other factor of the product"
)
MISSING_BROADCAST = (
    "a missing broadcast: every partial must have the common broadcast shape of x, y and z "
    "(torch.broadcast_tensors), even ∂f/∂y = −3x, which depends on x alone"
)


def _slips(right: tuple, *options: tuple) -> AnyOf:
    """Every combination of the entries' ``options`` (one tuple per partial, the right one
    first) but the right answer: one slip or several of the same kind."""
    combos = [()]
    for choices in options:
        combos = [c + (o,) for c in combos for o in choices]
    return AnyOf(tuple(c for c in combos if any(a is not b for a, b in zip(c, right, strict=True))))


def _partials_mistakes(x, y, z) -> dict[str, object]:
    xb, yb, zb = torch.broadcast_tensors(x, y, z)
    dx, dy, dz = 4 * xb - 3 * yb, -3 * xb, 3 * zb**2
    right = (dx, dy, dz)
    return {
        PARTIALS_SWAPPED: (dy, dx, dz),
        PARTIALS_SIGN: _slips(right, (dx, 4 * xb + 3 * yb), (dy, 3 * xb), (dz,)),
        PARTIALS_POWER: _slips(right, (dx, 2 * xb - 3 * yb), (dy,), (dz, zb**2, 3 * zb)),
        PARTIALS_DFDY_Y: (dx, -3 * yb, dz),
    }


def _broadcasts_to(g: torch.Tensor, f: torch.Tensor) -> bool:
    """Whether ``g`` (of some shape) broadcast to ``f``'s shape has ``f``'s values."""
    try:
        wide = torch.broadcast_to(g, f.shape)
    except RuntimeError:
        return False
    return tensor_problem(wide, f) is None


def _check_broadcast(got, x, y, z, what: str) -> None:
    """Name the missing broadcast: some partial keeps the shape of its own formula (or of
    one input), though broadcast it has the right values."""
    if not isinstance(got, tuple | list) or len(got) != 3:
        return
    full = ref.partials(x, y, z)
    if all(isinstance(g, torch.Tensor) for g in got) and any(
        g.shape != f.shape for g, f in zip(got, full, strict=True)
    ):
        matches = all(_broadcasts_to(g, f) for g, f in zip(got, full, strict=True))
        if matches:
            name, g, f = next(
                (n, g, f)
                for n, g, f in zip(PARTIAL_NAMES, got, full, strict=True)
                if g.shape != f.shape
            )
            raise CheckFailure(
                f"{what}: {name} has shape {tuple(g.shape)}, expected {tuple(f.shape)}. "
                f"This looks like {MISSING_BROADCAST}.",
                misconception=MISSING_BROADCAST,
                brief=f"{call_brief(what)}: {name} has shape {tuple(g.shape)}, expected "
                f"{tuple(f.shape)}.",
            )


def _expect_partials(student, x, y, z, what: str) -> None:
    got = student.call("partials", x, y, z)
    _check_broadcast(got, x, y, z, what)
    expect_tensors(
        got,
        ref.partials(x, y, z),
        what,
        PARTIAL_NAMES,
        mistakes=lambda: _partials_mistakes(x, y, z),
    )


@graded("partials", points=0.5)
def test_partials_text_formula(student, device):
    x = torch.tensor([1.0, -2.0, 0.5, 3.0], dtype=torch.float64, device=device)
    y = torch.tensor([2.0, 3.0, -1.0, 0.0], dtype=torch.float64, device=device)
    z = torch.tensor([3.0, 0.0, -2.0, 1.5], dtype=torch.float64, device=device)
    got = student.call("partials", x, y, z)
    expect_tensors(
        got,
        (4 * x - 3 * y, -3 * x, 3 * z**2),
        f"partials(x={_arg(x)}, y={_arg(y)}, z={_arg(z)})",
        PARTIAL_NAMES,
        mistakes=lambda: _partials_mistakes(x, y, z),
    )


@graded("partials", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_random(student, rng, device, dtype):
    x, y, z = (_draw(rng, (5,), -3.0, 3.0, dtype, device) for _ in range(3))
    _expect_partials(student, x, y, z, f"partials(x={_arg(x)}, y={_arg(y)}, z={_arg(z)})")


@graded("partials", points=0.5)
def test_partials_broadcast(student, rng, device):
    x = _draw(rng, (2, 1, 1), -3.0, 3.0, torch.float64, device)
    y = _draw(rng, (3, 1), -3.0, 3.0, torch.float64, device)
    z = _draw(rng, (), -3.0, 3.0, torch.float64, device)
    what = (
        f"partials(x of shape {tuple(x.shape)}, y of shape {tuple(y.shape)}, "
        f"z of shape {tuple(z.shape)}) (float64; the broadcast shape is (2, 3, 1))"
    )
    _expect_partials(student, x, y, z, what)


# --------------------------------------------------------------------------- PARTIALS_DEPEND_ON
DEPEND_MISTAKES: dict[str, dict[str, object]] = {
    "x": {
        "including z in ∂f/∂x's dependencies: z³ has no x, so it drops out of ∂f/∂x = 4x − 3y": {
            "x",
            "y",
            "z",
        },
        "leaving y out: differentiating −3xy by x leaves −3y": {"x"},
        "leaving x out: differentiating 2x² by x leaves 4x": {"y"},
    },
    "y": {
        "including y in ∂f/∂y's dependencies: differentiating −3xy by y leaves −3x, "
        "with no y in it": {"x", "y"},
        "the variable differentiated by, not the variables left in ∂f/∂y = −3x": {"y"},
        "all the variables of f, not those left in ∂f/∂y = −3x": {"x", "y", "z"},
    },
    "z": {
        "all the variables of f, not those left in ∂f/∂z = 3z²": {"x", "y", "z"},
        "an empty set: ∂f/∂z = 3z² still depends on z": set(),
    },
}
DEPEND_MISTAKES["y"]["an empty set: ∂f/∂y = −3x is not a constant, it still depends on x"] = set()
DEPEND_KEYS = (
    "the partials' names as keys: the keys are the variables 'x', 'y' and 'z' (the entry "
    "'x' holds the variables ∂f/∂x depends on)"
)
DEPEND_LIST = "a list (or tuple) where a set is asked: write the variables in braces, {'x', 'y'}"
DEPEND_STRING = (
    "a string of letters where a set of variable names is asked: write {'x', 'y'}, not 'xy'"
)


@graded("PARTIALS_DEPEND_ON", points=1)
def test_partials_depend_on(student):
    got = student.get("PARTIALS_DEPEND_ON")
    if not isinstance(got, dict):
        message = (
            "PARTIALS_DEPEND_ON should be a dict {'x': {...}, 'y': {...}, 'z': {...}} of sets, "
            f"but is {kind_of(got)}."
        )
        raise CheckFailure(message, brief=message)
    if set(got) != {"x", "y", "z"}:
        named = len(got) == 3 and {str(k).strip()[-1:] for k in got} == {"x", "y", "z"}
        keys = (
            f"PARTIALS_DEPEND_ON has the keys {show(set(got))}, expected exactly 'x', 'y' and "
            "'z' (one per partial ∂f/∂x, ∂f/∂y, ∂f/∂z)"
        )
        raise CheckFailure(
            keys + (f". This looks like {DEPEND_KEYS}." if named else "."),
            misconception=DEPEND_KEYS if named else None,
            brief=f"{keys}.",
        )
    for key in ("x", "y", "z"):
        value, what = got[key], f"PARTIALS_DEPEND_ON['{key}']"
        form = (
            DEPEND_LIST
            if isinstance(value, list | tuple)
            else DEPEND_STRING
            if isinstance(value, str) and value and set(value) <= {"x", "y", "z", ",", " "}
            else None
        )
        if form is not None:
            text = (
                f"{what} (the variables ∂f/∂{key} depends on) should be a set but is "
                f"{kind_of(value)} ({show(value)})"
            )
            raise CheckFailure(
                f"{text}. This looks like {form}.", misconception=form, brief=f"{text}."
            )
    for key in ("x", "y", "z"):
        expect_equal(
            got[key],
            ref.PARTIALS_DEPEND_ON[key],
            f"PARTIALS_DEPEND_ON['{key}'] (the variables ∂f/∂{key} depends on)",
            mistakes=DEPEND_MISTAKES[key],
        )


# --------------------------------------------------------------------------- gradient
GRAD_NEGATIVE = "the negative gradient (a sign slip)"
GRAD_SQUEEZED = "a squeezed answer: the gradient at a point of shape (1,) has shape (1,), not ()"
GRAD_REVERSED = "the components in the wrong order"
GRAD_TUPLE = (
    "the 1-tuple that torch.autograd.grad returns instead of the tensor inside it: unpack it, "
    "(g,) = torch.autograd.grad(...)"
)
FINITE_DIFFERENCES = (
    "finite differences instead of the exact derivative: a difference quotient with a step h "
    "is off by a term of order h (or h²); use autograd (torch.autograd.grad)"
)


def _gradient_mistakes(fn: TestFunction, point: torch.Tensor) -> dict[str, object]:
    f = fn.local()
    g = ref.gradient(f, point)
    return {
        GRAD_NEGATIVE: -g,
        GRAD_REVERSED: g.flip(0) if point.numel() > 1 else None,
        GRAD_SQUEEZED: g.reshape(()) if point.numel() == 1 else None,
        GRAD_TUPLE: (g,),
        FINITE_DIFFERENCES: AnyOf(_finite_differences(f, point)),
    }


def _expect_gradient(student, fn: TestFunction, point: torch.Tensor, expected=None) -> None:
    expect_tensor(
        student.call("gradient", fn, point),
        ref.gradient(fn.local(), point) if expected is None else expected,
        f"gradient({fn.label}, point={_arg(point)})",
        mistakes=lambda: _gradient_mistakes(fn, point),
    )


@graded("gradient", points=0.5)
def test_gradient_text_example(student, device):
    point = torch.tensor([1.0, 2.0], device=device)
    # called twice on the same tensor, as a training loop would: the answer must not change
    expect_tensor(
        student.call_twice("gradient", F_EXAMPLE, point),
        torch.tensor([6.0, 1.0], device=device),
        f"gradient({F_EXAMPLE.label}, point={_arg(point)})",
        mistakes=lambda: _gradient_mistakes(F_EXAMPLE, point),
    )


@graded("gradient", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_random(student, rng, device, dtype):
    _expect_gradient(student, F_MIX, _draw(rng, (4,), -2.0, 2.0, dtype, device))


@graded("gradient", points=0.5)
def test_gradient_two_variables(student, rng, device):
    for fn in (F_GAUSS, F_LSE):
        _expect_gradient(student, fn, _draw(rng, (2,), -1.5, 1.5, torch.float64, device))
    # one variable: the gradient of a point of shape (1,) has shape (1,), not ()
    _expect_gradient(student, F_ONE, _draw(rng, (1,), -1.5, 1.5, torch.float64, device))
    # a point that requires grad, as a model's parameter does: the gradient still comes back
    # (and the guard sees any .grad the call leaves on it)
    point = _draw(rng, (2,), -1.5, 1.5, torch.float64, device).requires_grad_(True)
    _expect_gradient(student, F_GAUSS, point, ref.gradient(F_GAUSS.local(), point.detach()))


# --------------------------------------------------------------------------- directional_derivative
NOT_NORMALISED = (
    "a direction that was not normalised: the slope is u · ∇f with the unit vector "
    "u = d / ‖d‖, not d · ∇f"
)
DIVIDED_BY_SQUARE = "d · ∇f divided by ‖d‖² instead of ‖d‖"
L1_NORMALISED = (
    "a direction divided by its L1 norm Σ|dᵢ|: a unit vector has Euclidean length "
    "‖d‖₂ = √(Σdᵢ²) = 1"
)
GRADIENT_NORMALISED = (
    "the gradient normalised instead of the direction: the slope is u · ∇f with u = d / ‖d‖ "
    "and ∇f as it is"
)
ASSERT_ZERO = (
    "an assert where an exception is asked: a zero direction must raise ValueError "
    "(raise ValueError(...)), not AssertionError"
)
ZERO_DIVISION = (
    "a division by the zero length left to Python (ZeroDivisionError): test for the zero "
    "vector first and raise ValueError yourself"
)
ZERO_DIRECTION = "a zero direction divided by its zero length instead of raising ValueError"
NOT_ZERO = (
    "a test for the zero vector that also catches nonzero vectors (a tolerance such as "
    "torch.allclose's, or a sum of components that cancel): test ‖d‖ == 0 exactly"
)
#: Guards students put on a norm before dividing by it (F.normalize's is 1e-12).
EPSILONS = (1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)
EPS_GUARD = (
    "an ε guarding the division (v / (‖v‖ + ε), or F.normalize's floor on ‖v‖): short nonzero "
    "vectors come out wrong; test for the zero vector exactly instead"
)


def _dd_mistakes(fn: TestFunction, point, direction) -> dict[str, object]:
    f = fn.local()
    g = ref.gradient(f, point)
    d = direction.to(point.dtype)
    dot = (d * g).sum()
    norm = torch.linalg.vector_norm(d)
    return {
        NOT_NORMALISED: dot,
        DIVIDED_BY_SQUARE: dot / norm**2,
        EPS_GUARD: AnyOf(tuple(dot / (norm + eps) for eps in EPSILONS)),
        L1_NORMALISED: dot / d.abs().sum(),
        GRADIENT_NORMALISED: dot / torch.linalg.vector_norm(g),
    }


def _expect_dd(student, fn: TestFunction, point, direction, expected=None) -> None:
    expect_tensor(
        student.call("directional_derivative", fn, point, direction),
        ref.directional_derivative(fn.local(), point, direction) if expected is None else expected,
        f"directional_derivative({fn.label}, point={_arg(point)}, direction={_arg(direction)})",
        mistakes=lambda: _dd_mistakes(fn, point, direction),
    )


@graded("directional_derivative", points=0.5)
def test_directional_derivative_text_example(student, device):
    point = torch.tensor([1.0, 2.0], dtype=torch.float64, device=device)
    direction = torch.tensor([3.0, 4.0], dtype=torch.float64, device=device)
    # ∇f(1, 2) = (6, 1) and u = (0.6, 0.8): 4.4.
    expected = torch.tensor(4.4, dtype=torch.float64, device=device)
    _expect_dd(student, F_EXAMPLE, point, direction, expected)


@graded("directional_derivative", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_directional_derivative_random(student, rng, device, dtype):
    point = _draw(rng, (3,), -2.0, 2.0, dtype, device)
    direction = _draw(rng, (3,), -3.0, 3.0, dtype, device)
    while float(torch.linalg.vector_norm(direction.double())) < 0.5:
        direction = _draw(rng, (3,), -3.0, 3.0, dtype, device)
    _expect_dd(student, F_MIX, point, direction)


@graded("directional_derivative", points=0.25)
def test_directional_derivative_zero_direction(student, device):
    student.function("directional_derivative")
    point = torch.tensor([1.0, 2.0], dtype=torch.float64, device=device)
    zero = torch.zeros(2, dtype=torch.float64, device=device)
    what = f"directional_derivative({F_EXAMPLE.label}, point={_arg(point)}, direction={_arg(zero)})"
    calling(brief_call("directional_derivative", (F_EXAMPLE, point, zero), {}))
    try:
        got = student.process.call("directional_derivative", F_EXAMPLE.remote(), point, zero)
    except StudentError as exc:
        if exc.kind == "exception" and exc.type_name == "ValueError":
            return
        if exc.kind == "exception" and exc.type_name != "NotImplementedError":
            named = {"AssertionError": ASSERT_ZERO, "ZeroDivisionError": ZERO_DIVISION}.get(
                exc.type_name
            )
            raise CheckFailure(
                f"{what} raised {exc.type_name}, expected ValueError (a zero vector has no "
                "direction)" + (f". This looks like {named}." if named else "."),
                misconception=named,
                brief=f"{current_call('directional_derivative')} with a zero direction raised "
                f"{exc.type_name}, expected ValueError (a zero vector has no direction).",
            ) from None
        raise student._failure("directional_derivative", what, exc) from None
    nan = isinstance(got, torch.Tensor) and got.is_floating_point() and torch.isnan(got).any()
    raise CheckFailure(
        f"{what} returned {show(got)} instead of raising ValueError (a zero vector has no "
        "direction)" + (f". This looks like {ZERO_DIRECTION}." if nan else "."),
        misconception=ZERO_DIRECTION if nan else None,
        brief=f"{current_call('directional_derivative')} with a zero direction returned "
        f"{kind_of(got)} instead of raising ValueError (a zero vector has no direction).",
    )


@graded("directional_derivative", points=0.25)
def test_directional_derivative_short_and_cancelling_directions(student, device):
    # only the zero vector has no direction: a short one, or one whose components cancel, has
    point = torch.tensor([1.0, 2.0], dtype=torch.float64, device=device)
    for d in ([3e-9, 4e-9], [1.0, -1.0], [-2.5, 2.5]):
        direction = torch.tensor(d, dtype=torch.float64, device=device)
        try:
            _expect_dd(student, F_EXAMPLE, point, direction)
        except CheckFailure as exc:
            if "raised ValueError" in str(exc):
                raise CheckFailure(
                    f"directional_derivative({F_EXAMPLE.label}, point={_arg(point)}, "
                    f"direction={_arg(direction)}) raised ValueError, but this direction is not "
                    f"zero. This looks like {NOT_ZERO}.",
                    misconception=NOT_ZERO,
                    brief=f"{current_call('directional_derivative')} raised ValueError, but this "
                    "direction is not zero.",
                ) from None
            raise


# --------------------------------------------------------------------------- unit_vector
DEGREES = "degrees passed to cos/sin without conversion to radians (θ · π / 180)"
SIN_COS = "the components in the wrong order: the unit vector is [cos θ, sin θ]"
FLOAT32_UNIT = "a tensor in torch's default dtype float32: build it with dtype=torch.float64"
CLOCKWISE = (
    "the angle measured clockwise, [cos θ, −sin θ]: angles turn counter-clockwise from the "
    "positive x axis"
)
PI_APPROX = "an approximation of π (such as 3.14): use math.pi, or math.radians"
FLOAT32_TRIG = (
    "cos and sin computed in float32 and only then converted to float64: the values keep "
    "float32's rounding; compute in float64 from the start"
)
#: Values of π students type instead of math.pi.
PI_VALUES = (3.14, 3.142, 3.1416, 3.14159, 22 / 7)


def _unit_mistakes(angle: float) -> dict[str, object]:
    right = ref.unit_vector(angle)
    rad32 = torch.deg2rad(torch.tensor(float(angle)))
    return {
        DEGREES: torch.tensor([math.cos(angle), math.sin(angle)], dtype=torch.float64),
        SIN_COS: right.flip(0),
        CLOCKWISE: right * torch.tensor([1.0, -1.0], dtype=torch.float64),
        PI_APPROX: AnyOf(
            tuple(
                torch.tensor([math.cos(r), math.sin(r)], dtype=torch.float64)
                for r in (angle / 180 * pi for pi in PI_VALUES)
            )
        ),
        FLOAT32_TRIG: AnyOf(
            (
                torch.stack([torch.cos(rad32), torch.sin(rad32)]).to(torch.float64),
                right.to(torch.float32).to(torch.float64),
            )
        ),
    }


def _expect_unit(student, angle, expected: torch.Tensor) -> None:
    got = student.call("unit_vector", angle)
    what = f"unit_vector({angle})"
    if (
        isinstance(got, torch.Tensor)
        and got.is_floating_point()
        and got.dtype != torch.float64
        and tuple(got.shape) == (2,)
    ):
        values_right = torch.allclose(got.cpu().double(), expected, rtol=1e-3, atol=1e-4)
        problem = (
            f"has dtype {got.dtype}, expected torch.float64 (unit_vector always returns a "
            "float64 tensor)"
        )
        raise CheckFailure(
            f"{what}: {problem}" + (f". This looks like {FLOAT32_UNIT}." if values_right else "."),
            misconception=FLOAT32_UNIT if values_right else None,
            brief=f"{call_brief(what)}: {problem}.",
        )
    expect_tensor(got, expected, what, mistakes=lambda: _unit_mistakes(float(angle)))


@graded("unit_vector", points=0.5)
def test_unit_vector_150_degrees(student):
    _expect_unit(student, 150, torch.tensor([-math.sqrt(3.0) / 2, 0.5], dtype=torch.float64))


@graded("unit_vector", points=0.5)
def test_unit_vector_random_angles(student, rng):
    angles = [int(a) for a in torch.randint(-400, 400, (3,), generator=rng)]
    angles.append(round(float(torch.empty(()).uniform_(0.0, 360.0, generator=rng)), 2))
    for angle in angles:
        _expect_unit(student, angle, ref.unit_vector(angle))


# --------------------------------------------------------------------------- slope_150
SLOPE_UNNORMALISED = (
    "a direction that was not normalised: (−√3, 1) has length 2; use the unit vector (−√3/2, 1/2)"
)
SLOPE_WRONG_ANGLE = "the direction of 30° (√3/2, 1/2) instead of 150° (−√3/2, 1/2)"
SLOPE_SWAPPED = (
    "the components paired the wrong way round (∇f = (4y, 4x + 3y²) swapped, or the direction "
    "taken as (sin 150°, cos 150°)): the slope is cos 150° · ∂f/∂x + sin 150° · ∂f/∂y"
)
SLOPE_DROPS_4X = "the 4x of ∂(4xy)/∂y left out: ∂f/∂y = 4x + 3y²"
SLOPE_POWER = "the power rule slipped: ∂(y³)/∂y = 3y², so ∂f/∂y = 4x + 3y²"
SLOPE_FLOAT32 = (
    "the direction stored in a float32 tensor (torch.tensor's default dtype): cos 150° and "
    "sin 150° keep float32's rounding; compute in the input's dtype"
)


def _slope_mistakes(x, y) -> dict[str, object]:
    gx, gy = 4 * y, 4 * x + 3 * y**2
    c, s = -math.sqrt(3.0) / 2, 0.5
    right = ref.slope_150(x, y)
    t = math.radians(150)
    c32, s32 = (float(v) for v in torch.tensor([math.cos(t), math.sin(t)]))
    return {
        DEGREES: math.cos(150.0) * gx + math.sin(150.0) * gy,
        SLOPE_UNNORMALISED: 2 * right,
        SLOPE_WRONG_ANGLE: -c * gx + s * gy,
        SLOPE_SWAPPED: c * gy + s * gx,
        SLOPE_DROPS_4X: c * gx + s * 3 * y**2,
        SLOPE_POWER: c * gx + s * (4 * x + y**2),
        SLOPE_FLOAT32: c32 * gx + s32 * gy if x.dtype == torch.float64 else None,
    }


def _expect_slope(student, x, y, what: str, expected=None) -> None:
    expect_tensor(
        student.call("slope_150", x, y),
        ref.slope_150(x, y) if expected is None else expected,
        what,
        mistakes=lambda: _slope_mistakes(x, y),
    )


@graded("slope_150", points=0.5)
def test_slope_150_text_formula(student, device):
    x = torch.tensor([1.0, 0.0, -1.5, 2.0], dtype=torch.float64, device=device)
    y = torch.tensor([2.0, 0.0, 0.5, -3.0], dtype=torch.float64, device=device)
    expected = 2 * x - 2 * math.sqrt(3.0) * y + 1.5 * y**2
    _expect_slope(student, x, y, f"slope_150(x={_arg(x)}, y={_arg(y)})", expected)


@graded("slope_150", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_slope_150_random(student, rng, device, dtype):
    x, y = (_draw(rng, (6,), -3.0, 3.0, dtype, device) for _ in range(2))
    _expect_slope(student, x, y, f"slope_150(x={_arg(x)}, y={_arg(y)})")


@graded("slope_150", points=0.5)
def test_slope_150_broadcast(student, rng, device):
    x = _draw(rng, (3, 1), -3.0, 3.0, torch.float64, device)
    y = _draw(rng, (5,), -3.0, 3.0, torch.float64, device)
    what = "slope_150(x of shape (3, 1), y of shape (5,)) (float64; the broadcast shape is (3, 5))"
    _expect_slope(student, x, y, what)


# --------------------------------------------------------------------------- steepest_ascent
STEEP_NAMES = ("u", "rate")
NOT_UNIT = (
    "the gradient itself as the direction: u must be the unit vector ∇f / ‖∇f‖₂ "
    "(only the direction of ∇f counts, its length is the rate)"
)
RATE_SQUARED = "the slope ‖∇f‖₂² (that is ∇f · ∇f; along u = ∇f / ‖∇f‖₂ the slope is ‖∇f‖₂)"
DESCENT = "the direction of steepest descent −∇f / ‖∇f‖₂; f grows fastest along +∇f"
RATE_L1 = (
    "the slope as Σᵢ |∂f/∂xᵢ| (the 1-norm of ∇f): along the unit vector u = ∇f / ‖∇f‖₂ "
    "the slope u · ∇f is the Euclidean length ‖∇f‖₂"
)
RATE_NUMBER = (
    "the rate returned as a Python number (with .item() or float()): it must be a 0-d "
    "tensor of the point's dtype and device"
)
MAX_NORM = (
    "∇f divided by its largest component max |∂f/∂xᵢ| (the max norm): a unit vector has "
    "Euclidean length 1, so divide by ‖∇f‖₂"
)
ZERO_GRADIENT = "∇f divided by its zero length (0/0 is NaN) instead of raising ValueError"
NO_STEEPEST = (
    "a direction returned where ∇f = 0: every direction has slope 0 there, so there is no "
    "steepest one (raise ValueError)"
)


def _steep_mistakes(fn: TestFunction, point) -> dict[str, object]:
    g = ref.gradient(fn.local(), point)
    norm = torch.linalg.vector_norm(g)
    u = g / norm
    one_norm = g.abs().sum()
    largest = g.abs().max()
    # with a single nonzero component the max norm is the Euclidean one: nothing to tell apart
    by_largest = (
        None
        if torch.isclose(largest, norm, rtol=1e-6, atol=0)
        else AnyOf(((g / largest, largest), (g / largest, norm)))
    )
    return {
        NOT_UNIT: (g, norm),
        f"{NOT_UNIT}, and {RATE_SQUARED}": (g, norm**2),
        RATE_SQUARED: (u, norm**2),
        DESCENT: (-u, norm),
        f"{DESCENT} (with the slope along it, −‖∇f‖₂)": (-u, -norm),
        RATE_L1: (u, one_norm),
        MAX_NORM: by_largest,
    }


def _expect_steep(student, fn: TestFunction, point, expected=None) -> None:
    what = f"steepest_ascent({fn.label}, point={_arg(point)})"
    # the brackets are incidental: a list [u, rate] is graded as the tuple, with a remark
    got = accept_form(
        student.call("steepest_ascent", fn, point), tuple, "The answer of steepest_ascent"
    )
    if (
        isinstance(got, tuple | list)
        and len(got) == 2
        and isinstance(got[1], int | float)
        and not isinstance(got[1], bool)
    ):
        raise CheckFailure(
            f"{what}: rate is {kind_of(got[1])} ({show(got[1])}), expected a 0-d tensor. "
            f"This looks like {RATE_NUMBER}.",
            misconception=RATE_NUMBER,
            brief=f"{call_brief(what)}: rate is {kind_of(got[1])}, expected a 0-d tensor.",
        )
    expect_tensors(
        got,
        ref.steepest_ascent(fn.local(), point) if expected is None else expected,
        what,
        STEEP_NAMES,
        mistakes=lambda: _steep_mistakes(fn, point),
    )


@graded("steepest_ascent", points=0.5)
def test_steepest_ascent_text_example(student, device):
    for dtype in (torch.float32, torch.float64):
        point = torch.tensor([1.0, 2.0], dtype=dtype, device=device)
        # ∇f(1, 2) = (6, 1): u = (6, 1) / √37 and the slope along it is √37.
        root = math.sqrt(37.0)
        expected = (
            torch.tensor([6 / root, 1 / root], dtype=dtype, device=device),
            torch.tensor(root, dtype=dtype, device=device),
        )
        _expect_steep(student, F_EXAMPLE, point, expected)


@graded("steepest_ascent", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_steepest_ascent_random(student, rng, device, dtype):
    _expect_steep(student, F_MIX, _draw(rng, (4,), -2.0, 2.0, dtype, device))
    _expect_steep(student, F_WAVE, _draw(rng, (2,), -1.5, 1.5, dtype, device))


@graded("steepest_ascent", points=0.5)
def test_steepest_ascent_zero_gradient(student, device):
    student.function("steepest_ascent")
    point = torch.zeros(2, dtype=torch.float64, device=device)  # ∇(2x² + xy)(0, 0) = (0, 0)
    what = f"steepest_ascent({F_EXAMPLE.label}, point={_arg(point)}) (∇f = 0 there)"
    calling(brief_call("steepest_ascent", (F_EXAMPLE, point), {}))
    try:
        got = student.process.call("steepest_ascent", F_EXAMPLE.remote(), point)
    except StudentError as exc:
        if exc.kind == "exception" and exc.type_name == "ValueError":
            return
        if exc.kind == "exception" and exc.type_name != "NotImplementedError":
            raise CheckFailure(
                f"{what} raised {exc.type_name}, expected ValueError (where ∇f = 0 no "
                "direction is steepest).",
                brief=f"{current_call('steepest_ascent')} at a point where ∇f = 0 raised "
                f"{exc.type_name}, expected ValueError (where ∇f = 0 no direction is steepest).",
            ) from None
        raise student._failure("steepest_ascent", what, exc) from None
    parts = got if isinstance(got, tuple | list) else (got,)
    nan = any(
        isinstance(t, torch.Tensor) and t.is_floating_point() and torch.isnan(t).any()
        for t in parts
    )
    mistake = ZERO_GRADIENT if nan else NO_STEEPEST
    raise CheckFailure(
        f"{what} returned {show(got)} instead of raising ValueError. This looks like {mistake}.",
        misconception=mistake,
        brief=f"{current_call('steepest_ascent')} at a point where ∇f = 0 returned "
        f"{kind_of(got)} instead of raising ValueError.",
    )


# --------------------------------------------------------------------------- linear_approximation
F_ONLY = "f(point) only: the linear approximation adds eps · ∇f(point) to f(point)"
EPS_SIGN = (
    "the wrong sign of eps: this is f(point) − eps · ∇f(point), the approximation is "
    "f(point) + eps · ∇f(point)"
)
EXACT = "the exact value f(point + eps) instead of the approximation f(point) + eps · ∇f(point)"
STEP_ONLY = "eps · ∇f(point) alone, without f(point)"
DOT_WITH_POINT = "∇f(point) · point instead of ∇f(point) · eps: the step taken is eps"
SHIFTED_GRADIENT = (
    "the gradient taken at point + eps instead of at point: the approximation uses only "
    "what is known at point, f(point) + eps · ∇f(point)"
)
EPS_NORMALISED = "eps normalised like a direction: eps is the step itself, and its length matters"


def _linear_mistakes(fn: TestFunction, point, eps) -> dict[str, object]:
    f = fn.local()
    value = _no_grad(f, point)
    step = (eps * ref.gradient(f, point)).sum()
    grad = ref.gradient(f, point)
    return {
        F_ONLY: value,
        EPS_SIGN: value - step,
        EXACT: _no_grad(f, point + eps),
        STEP_ONLY: step,
        DOT_WITH_POINT: value + (point * grad).sum(),
        SHIFTED_GRADIENT: value + (eps * ref.gradient(f, point + eps)).sum(),
        EPS_NORMALISED: value + (eps * grad).sum() / torch.linalg.vector_norm(eps),
    }


def _expect_linear(student, fn: TestFunction, point, eps) -> None:
    expect_tensor(
        student.call("linear_approximation", fn, point, eps),
        ref.linear_approximation(fn.local(), point, eps),
        f"linear_approximation({fn.label}, point={_arg(point)}, eps={_arg(eps)})",
        mistakes=lambda: _linear_mistakes(fn, point, eps),
    )


@graded("linear_approximation", points=0.5)
def test_linear_approximation_text_example(student, device):
    # log(eˣ + eʸ) at (0, log 2) with eps = (0.01, −0.03): 1.0819 (the true value is 1.0821).
    point = torch.tensor([0.0, math.log(2.0)], dtype=torch.float64, device=device)
    eps = torch.tensor([0.01, -0.03], dtype=torch.float64, device=device)
    got = student.call("linear_approximation", F_LSE, point, eps)
    what = f"linear_approximation({F_LSE.label}, point=tensor([0, log 2]), eps={_arg(eps)})"
    expected = torch.tensor(math.log(3.0) + (0.01 - 0.06) / 3, dtype=torch.float64, device=device)
    expect_tensor(got, expected, what, mistakes=lambda: _linear_mistakes(F_LSE, point, eps))


@graded("linear_approximation", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_approximation_random(student, rng, device, dtype):
    point = _draw(rng, (3,), -2.0, 2.0, dtype, device)
    eps = _draw(rng, (3,), -0.3, 0.3, dtype, device)
    _expect_linear(student, F_MIX, point, eps)


@graded("linear_approximation", points=0.5)
def test_linear_approximation_two_variables(student, rng, device):
    point = _draw(rng, (2,), -2.0, 2.0, torch.float64, device)
    eps = _draw(rng, (2,), -0.5, 0.5, torch.float64, device)
    _expect_linear(student, F_CUBIC, point, eps)


# --------------------------------------------------------------------------- logsumexp_grad
LSE_NAMES = ("dL_dx", "dL_dy")
LSE_OVERFLOW = (
    "an overflowing log-sum-exp: the naive eˣ / (eˣ + eʸ) turns into inf / inf (or, far below "
    "zero, 0 / 0) = NaN; write it as sigmoid(x − y) (or subtract max(x, y) before "
    "exponentiating)"
)
LSE_SWAPPED = "the two components swapped: ∂L/∂x = eˣ / (eˣ + eʸ)"
LSE_UNNORMALISED = "the exponentials (eˣ, eʸ) without dividing by eˣ + eʸ"
LSE_GLOBAL_MAX = (
    "one maximum subtracted for the whole batch: pairs far below it underflow to 0 / 0 = NaN; "
    "subtract each pair's own max(x, y) (torch.maximum)"
)
LSE_SHIFT_ONE = (
    "a shift by x (or by y) alone: e^(y − x) still overflows when y is far above x; subtract "
    "max(x, y), the larger of the two"
)
LSE_SHIFT_ABS = (
    "a shift by max(|x|, |y|): when both are far below zero both exponentials underflow to "
    "0 / 0 = NaN; subtract max(x, y), not the largest magnitude"
)
LSE_NO_BROADCAST = (
    "x and y stacked without broadcasting them first: torch.stack needs equal shapes, so "
    "broadcast them (torch.broadcast_tensors) before stacking"
)


LSE_CLAMPED = (
    "inputs clamped before exponentiating: right while |x| and |y| stay below the clamp, "
    "wrong when both are large (the clamp makes them equal); use sigmoid(x − y), or "
    "subtract max(x, y) before exponentiating"
)
#: Clamp bounds students pick to keep exp finite (float32 overflows past 88.7, float64 past 709.8).
CLAMPS = (10.0, 20.0, 30.0, 50.0, 80.0, 88.0, 100.0, 500.0, 700.0)


def _lse_mistakes(x, y) -> dict[str, object]:
    gx, gy = ref.logsumexp_grad(x, y)
    ex, ey = torch.broadcast_tensors(torch.exp(x), torch.exp(y))
    clamped = (ref.logsumexp_grad(x.clamp(-c, c), y.clamp(-c, c)) for c in CLAMPS)
    return {
        LSE_SWAPPED: (gy, gx),
        LSE_UNNORMALISED: (ex, ey),
        LSE_CLAMPED: AnyOf(tuple(clamped)),
    }


def _shifted_lse(x, y, shift) -> tuple[torch.Tensor, torch.Tensor]:
    """eˣ / (eˣ + eʸ) and eʸ / (eˣ + eʸ) with both exponents shifted by ``shift``."""
    ex, ey = torch.broadcast_tensors(torch.exp(x - shift), torch.exp(y - shift))
    return ex / (ex + ey), ey / (ex + ey)


def _same_with_nan(got, wanted: tuple) -> bool:
    """Whether ``got`` has NaN exactly where ``wanted`` has and equals it elsewhere."""
    if not isinstance(got, tuple | list) or len(got) != len(wanted):
        return False
    for g, w in zip(got, wanted, strict=True):
        if not isinstance(g, torch.Tensor) or (g.shape, g.dtype, g.device) != (
            w.shape,
            w.dtype,
            w.device,
        ):
            return False
        nan = torch.isnan(w)
        if not torch.equal(torch.isnan(g), nan) or tensor_problem(g[~nan], w[~nan]) is not None:
            return False
    return True


#: The classic wrong shifts before exponentiating: (mistake, the shift for inputs x, y).
LSE_SHIFTS = (
    (LSE_GLOBAL_MAX, lambda x, y: torch.maximum(x.amax(), y.amax())),
    (LSE_SHIFT_ONE, lambda x, y: x),
    (LSE_SHIFT_ONE, lambda x, y: y),
    (LSE_SHIFT_ABS, lambda x, y: torch.maximum(x.abs(), y.abs())),
)


def _call_lse(student, x, y):
    try:
        return student.call("logsumexp_grad", x, y)
    except CheckFailure as exc:
        sign = "stack expects each tensor to be equal size"
        raise _named_error(exc, sign, LSE_NO_BROADCAST) from None


def _expect_lse_cases(student, cases: list[tuple]) -> None:
    """``cases``: (x, y, what, expected or None). Every call first, then the first wrong
    answer judged: a NaN answer names a wrong shift only when that shift gives the
    student's answers in every case (with NaN in the same places) and no other shift of
    another kind does; otherwise it is the overflow in general."""
    answers = [_call_lse(student, x, y) for x, y, _, _ in cases]
    fitting = [
        (mistake, shift)
        for mistake, shift in LSE_SHIFTS
        if all(
            _same_with_nan(got, _shifted_lse(x, y, shift(x, y)))
            for got, (x, y, _, _) in zip(answers, cases, strict=True)
        )
    ]
    for got, (x, y, what, expected) in zip(answers, cases, strict=True):
        calling(brief_call("logsumexp_grad", (x, y), {}))  # the call judged, not the last made
        expected = ref.logsumexp_grad(x, y) if expected is None else expected
        named = {
            mistake
            for mistake, shift in fitting
            if any(torch.isnan(w).any() for w in _shifted_lse(x, y, shift(x, y)))
        }
        shift_mistake = named.pop() if len(named) == 1 else LSE_OVERFLOW
        _expect_finite(got, expected, what, LSE_NAMES, shift_mistake)
        expect_tensors(
            got, expected, what, LSE_NAMES, mistakes=lambda x=x, y=y: _lse_mistakes(x, y)
        )


def _expect_lse(student, x, y, what: str, expected=None) -> None:
    _expect_lse_cases(student, [(x, y, what, expected)])


@graded("logsumexp_grad", points=0.5)
def test_logsumexp_grad_huge_inputs(student, device):
    cases = []
    for dtype, big in ((torch.float64, 1000.0), (torch.float32, 100.0)):
        x = torch.tensor([big, 0.0, big, -big], dtype=dtype, device=device)
        y = torch.tensor([0.0, big, big, -big], dtype=dtype, device=device)
        expected = (
            torch.tensor([1.0, 0.0, 0.5, 0.5], dtype=dtype, device=device),
            torch.tensor([0.0, 1.0, 0.5, 0.5], dtype=dtype, device=device),
        )
        cases.append((x, y, f"logsumexp_grad(x={_arg(x)}, y={_arg(y)})", expected))
    # Both inputs large and a small step apart, past float64's and float32's overflow (and
    # far below zero, where eˣ underflows): here a clamp would make x and y equal.
    for dtype, near in ((torch.float64, (1000.0, 750.0, -1000.0)), (torch.float32, (95.0, -120.0))):
        x = torch.tensor([v + d for v in near for d in (1.0, -0.5)], dtype=dtype, device=device)
        y = torch.tensor([v for v in near for _ in (1.0, -0.5)], dtype=dtype, device=device)
        cases.append((x, y, f"logsumexp_grad(x={_arg(x)}, y={_arg(y)})", None))
    # A batch far below zero on its own: its largest entry is a safe shift for every pair,
    # max(|x|, |y|) is not (a shift by the batch's maximum and one by the largest magnitude
    # are told apart here)
    x = torch.tensor([-1000.0, -1001.0, -999.5], dtype=torch.float64, device=device)
    y = torch.tensor([-1001.0, -1000.0, -1000.0], dtype=torch.float64, device=device)
    cases.append((x, y, f"logsumexp_grad(x={_arg(x)}, y={_arg(y)})", None))
    _expect_lse_cases(student, cases)


@graded("logsumexp_grad", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_random(student, rng, device, dtype):
    x, y = (_draw(rng, (5,), -4.0, 4.0, dtype, device) for _ in range(2))
    _expect_lse(student, x, y, f"logsumexp_grad(x={_arg(x)}, y={_arg(y)})")


@graded("logsumexp_grad", points=0.5)
def test_logsumexp_grad_broadcast(student, rng, device):
    x = _draw(rng, (4, 1), -4.0, 4.0, torch.float64, device)
    y = _draw(rng, (3,), -4.0, 4.0, torch.float64, device)
    what = (
        "logsumexp_grad(x of shape (4, 1), y of shape (3,)) "
        "(float64; the broadcast shape is (4, 3))"
    )
    _expect_lse(student, x, y, what)


# --------------------------------------------------------------------------- LSE_GRAD_SUM
@graded("LSE_GRAD_SUM", points=1)
def test_lse_grad_sum(student):
    expect_number(
        student.get("LSE_GRAD_SUM"),
        float(ref.LSE_GRAD_SUM),
        "LSE_GRAD_SUM",
        mistakes=lambda: {
            "components that cancel: both are positive (σ(x − y) and σ(y − x))": 0,
            "each component counted as 1: each is a fraction eˣ / (eˣ + eʸ) of the whole": 2,
            "a single component at x = y (1/2), not the sum of both": 0.5,
        },
    )


# --------------------------------------------------------------------- grad_beta_x, grad_x_beta
WRT_BETA = "the gradient with respect to β (which is x), not with respect to x"
VALUE_NOT_GRADIENT = "the value βᵀx itself instead of its gradient"
X_NOT_BETA = "x instead of β: ∂(xᵀβ)/∂x is β, exactly like ∂(βᵀx)/∂x"
ROW_VECTOR = "β as a (1, n) row vector (transposed) instead of a 1-D tensor shaped like x"
FACTOR_TWO = "2β, as for the quadratic xᵀx: βᵀx is linear in x, so no factor 2 appears"
DIVIDES_BY_X = (
    "a formula that divides by x (NaN where x has a zero entry): the gradient of a linear "
    "function needs no division"
)


def _expect_beta_gradient(student, name: str, rng, device, dtype, extra) -> None:
    beta = _draw(rng, (5,), -3.0, 3.0, dtype, device)
    x = _draw(rng, (5,), -3.0, 3.0, dtype, device)
    x[2] = 0.0  # the gradient does not depend on x: a formula that divides by x breaks here
    expected = (ref.grad_beta_x if name == "grad_beta_x" else ref.grad_x_beta)(beta, x)
    got = student.call_twice(name, beta, x)  # the same tensors twice: no state between calls
    what = f"{name}(beta={_arg(beta)}, x={_arg(x)})"
    if (
        isinstance(got, torch.Tensor)
        and (got.shape, got.dtype, got.device) == (expected.shape, expected.dtype, x.device)
        and torch.equal(torch.isnan(got), x == 0)
        and tensor_problem(got[x != 0], expected[x != 0]) is None
    ):
        raise CheckFailure(
            f"{what}: is {show(got)}, expected {show(expected)} (NaN where x is 0). "
            f"This looks like {DIVIDES_BY_X}.",
            misconception=DIVIDES_BY_X,
            brief=f"{call_brief(what)}: contains NaN.",
        )
    expect_tensor(got, expected, what, mistakes=lambda: extra(beta, x))


@graded("grad_beta_x", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_beta_x_random(student, rng, device, dtype):
    _expect_beta_gradient(
        student,
        "grad_beta_x",
        rng,
        device,
        dtype,
        lambda beta, x: {WRT_BETA: x, VALUE_NOT_GRADIENT: beta @ x, FACTOR_TWO: 2 * beta},
    )


@graded("grad_x_beta", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_x_beta_random(student, rng, device, dtype):
    _expect_beta_gradient(
        student,
        "grad_x_beta",
        rng,
        device,
        dtype,
        lambda beta, x: {
            X_NOT_BETA: x,
            ROW_VECTOR: beta.reshape(1, -1),
            VALUE_NOT_GRADIENT: x @ beta,
        },
    )


# --------------------------------------------------------------------------- grad_l2_norm
NAN_AT_ZERO = (
    "NaN at v = 0: v / ‖v‖₂ divides 0 by 0 there; return zeros at v = 0 "
    "(the subgradient PyTorch uses)"
)
NORM_SQUARED = "v divided by ‖v‖₂² instead of ‖v‖₂"
HALF_SQUARE = "v itself, the gradient of ½‖v‖₂², not of ‖v‖₂"
DOUBLE_V = "2v, the gradient of ‖v‖₂² (the square root was left out)"
NORM_L1 = "v divided by its L1 norm Σ|vᵢ| instead of the Euclidean norm ‖v‖₂"
SIGN_OF_V = (
    "sign(v), the derivative of |vᵢ| one component at a time: ‖v‖₂ = √(Σvᵢ²) is not a sum of |vᵢ|"
)


def _norm_mistakes(v) -> dict[str, object]:
    norm = torch.linalg.vector_norm(v)
    guarded = [v / (norm + eps) for eps in EPSILONS] + [v / norm.clamp_min(eps) for eps in EPSILONS]
    return {
        NORM_SQUARED: v / norm**2 if bool(norm > 0) else None,
        HALF_SQUARE: v,
        DOUBLE_V: 2 * v,
        EPS_GUARD: AnyOf(tuple(guarded)),
        NOT_ZERO: torch.zeros_like(v) if bool(norm > 0) else None,
        NORM_L1: v / v.abs().sum() if bool(norm > 0) else None,
        SIGN_OF_V: torch.sign(v),
    }


def _expect_norm_gradient(student, v, expected=None) -> None:
    expected = ref.grad_l2_norm(v) if expected is None else expected
    what = f"grad_l2_norm({_arg(v)})"
    got = student.call("grad_l2_norm", v)
    _expect_finite(got, expected, what, ("the gradient",), NAN_AT_ZERO)
    expect_tensor(got, expected, what, mistakes=lambda: _norm_mistakes(v))


@graded("grad_l2_norm", points=0.5)
def test_grad_l2_norm_text_example(student, device):
    v = torch.tensor([3.0, 4.0], device=device)
    _expect_norm_gradient(student, v, torch.tensor([0.6, 0.8], device=device))


@graded("grad_l2_norm", points=0.5)
def test_grad_l2_norm_at_zero(student, device):
    for dtype, n in ((torch.float64, 3), (torch.float32, 5)):
        v = torch.zeros(n, dtype=dtype, device=device)
        _expect_norm_gradient(student, v, torch.zeros_like(v))
    # near zero is not zero: short vectors and vectors whose entries cancel have a direction
    for values in ([3e-7, 4e-7], [3e-14, -4e-14], [2.0, -2.0], [1.5, 0.0, -1.5]):
        v = torch.tensor(values, dtype=torch.float64, device=device)
        _expect_norm_gradient(student, v)


@graded("grad_l2_norm", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_l2_norm_random(student, rng, device, dtype):
    n = int(torch.randint(2, 7, (), generator=rng))
    v = _draw(rng, (n,), -5.0, 5.0, dtype, device)
    while not bool(v.abs().amax() > 0):
        v = _draw(rng, (n,), -5.0, 5.0, dtype, device)
    _expect_norm_gradient(student, v)


# --------------------------------------------------------------------------- gradient_field
FIELD_NAMES = ("U", "V")
FIELD_SWAPPED = "U and V swapped: U is ∂f/∂x and V is ∂f/∂y at every grid point"


def _grid(rng, n: int, m: int, dtype, device, indexing: str):
    a, c = (round(float(v), 1) for v in torch.empty(2).uniform_(-2.0, -0.5, generator=rng))
    b, d = (round(float(v), 1) for v in torch.empty(2).uniform_(0.5, 2.0, generator=rng))
    xs = torch.linspace(a, b, n, dtype=dtype, device=device)
    ys = torch.linspace(c, d, m, dtype=dtype, device=device)
    X, Y = torch.meshgrid(xs, ys, indexing=indexing)
    text = (
        f"the grid X, Y = torch.meshgrid(torch.linspace({a}, {b}, {n}), "
        f"torch.linspace({c}, {d}, {m}), indexing='{indexing}') ({_dt(X)})"
    )
    return X, Y, text


FIELD_STACKED = (
    "f called once on the whole stacked grid: that is right only when f works elementwise; "
    "f takes one point [x, y], so evaluate it point by point (a loop, or torch.func.vmap)"
)


def _stacked_field(f, X, Y) -> tuple[torch.Tensor, torch.Tensor] | None:
    """What ``f`` applied once to the stacked grid [X, Y] gives, as a student would take it."""
    P = torch.stack([X, Y]).detach().clone().requires_grad_(True)
    try:
        with torch.enable_grad():
            (g,) = torch.autograd.grad(f(P).sum(), P)
    except RuntimeError:  # f cannot even run on the stack (p @ A @ p)
        return None
    return g[0], g[1]


FIELD_FLAT = "U and V flattened to 1-D: return them in the shape of X (reshape them back)"
FIELD_EXAMPLE = (
    "the gradient of the notebook's example 2x² + xy, whatever f is: differentiate the f that "
    "is passed in"
)
FIELD_TRANSPOSED = (
    "U and V transposed (a grid rebuilt with the other indexing, 'ij' for 'xy'): evaluate at "
    "the points (X[i, j], Y[i, j]) and keep X's shape"
)


def _field_by_differences(f, X, Y) -> AnyOf:
    """U and V by finite differences (every step and both quotients) at each grid point."""
    points = torch.stack([X.reshape(-1), Y.reshape(-1)], 1)
    per_point = [_finite_differences(f, p) for p in points]
    return AnyOf(
        tuple(
            (
                torch.stack([d[k][0] for d in per_point]).reshape(X.shape),
                torch.stack([d[k][1] for d in per_point]).reshape(X.shape),
            )
            for k in range(len(per_point[0]))
        )
    )


def _field_mistakes(fn: TestFunction, f, X, Y, U, V) -> dict[str, object]:
    return {
        FIELD_SWAPPED: (V, U),
        FIELD_STACKED: _stacked_field(f, X, Y),
        FIELD_FLAT: (U.reshape(-1), V.reshape(-1)),
        FIELD_EXAMPLE: (4 * X + Y, X) if fn is not F_EXAMPLE else None,
        FIELD_TRANSPOSED: (U.mT, V.mT),
        FINITE_DIFFERENCES: _field_by_differences(f, X, Y),
    }


def _expect_field(student, fn: TestFunction, X, Y, grid_text: str, expected=None) -> None:
    f = fn.local()
    expected = ref.gradient_field(f, X, Y) if expected is None else expected
    U, V = expected
    expect_tensors(
        student.call("gradient_field", fn, X, Y),
        expected,
        f"gradient_field({fn.label}, X, Y) on {grid_text}",
        FIELD_NAMES,
        mistakes=lambda: _field_mistakes(fn, f, X, Y, U, V),
    )


@graded("gradient_field", points=0.5)
def test_gradient_field_text_example(student, device):
    xs = torch.linspace(-3.0, 3.0, 7, device=device)
    ys = torch.linspace(-2.0, 2.0, 3, device=device)
    X, Y = torch.meshgrid(xs, ys, indexing="xy")
    text = (
        "the grid X, Y = torch.meshgrid(torch.linspace(-3, 3, 7), torch.linspace(-2, 2, 3), "
        "indexing='xy') (float32)"
    )
    _expect_field(student, F_EXAMPLE, X, Y, text, (4 * X + Y, X.clone()))


@graded("gradient_field", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_field_random(student, rng, device, dtype):
    fn, indexing = (F_WAVE, "ij") if dtype == torch.float64 else (F_GAUSS, "xy")
    n, m = (int(k) for k in torch.randint(3, 7, (2,), generator=rng))
    X, Y, text = _grid(rng, n, m, dtype, device, indexing)
    _expect_field(student, fn, X, Y, text)


@graded("gradient_field", points=0.5)
def test_gradient_field_not_elementwise(student, rng, device):
    # f of a whole point (a norm, a quadratic form): right only point by point
    for fn, indexing in ((F_SOFT_NORM, "xy"), (F_QUADRATIC_FORM, "ij")):
        n, m = (int(k) for k in torch.randint(3, 6, (2,), generator=rng))
        X, Y, text = _grid(rng, n, m, torch.float64, device, indexing)
        _expect_field(student, fn, X, Y, text)

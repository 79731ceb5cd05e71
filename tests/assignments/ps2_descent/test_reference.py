"""Tests of the ps2-descent reference solutions against the facts in EXERCISES.md."""

from __future__ import annotations

import math

import pytest
import torch

from autograder.assignments.ps2_descent import reference as ref
from autograder.own_numbers import START_POINTS

FLOAT_DTYPES = [torch.float32, torch.float64]


def _is_float_pair(p: object) -> bool:
    return isinstance(p, tuple) and len(p) == 2 and all(type(v) is float for v in p)


def _grad_f_steps(x: float, y: float) -> tuple[float, float]:
    """Closed-form gradient of f = 2x² + xy."""
    return 4 * x + y, x


def _grad_f_2d(x: float, y: float) -> tuple[float, float]:
    """Closed-form gradient of f = 2x² + 4y² + e^(−3x) + 3e^(−2y)."""
    return 4 * x - 3 * math.exp(-3 * x), 8 * y - 6 * math.exp(-2 * y)


# ---------------------------------------------------------------------------
# STEPS_SCALED / STEPS_UNSCALED
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("STEPS_SCALED", [(0.4, 1.9), (0.05, 1.86)]),
        ("STEPS_UNSCALED", [(-5.0, 1.0), (14.0, 6.0)]),
    ],
)
def test_steps_contract_values(name: str, expected: list[tuple[float, float]]) -> None:
    steps = getattr(ref, name)
    assert isinstance(steps, list) and len(steps) == 2
    assert all(_is_float_pair(p) for p in steps), f"{name} must hold tuples of Python floats"
    for got, want in zip(steps, expected, strict=True):
        assert got == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize(("name", "delta"), [("STEPS_SCALED", 0.1), ("STEPS_UNSCALED", 1.0)])
def test_steps_match_hand_gradient(name: str, delta: float) -> None:
    x, y = 1.0, 2.0
    for got in getattr(ref, name):
        gx, gy = _grad_f_steps(x, y)
        x, y = x - delta * gx, y - delta * gy
        assert got == pytest.approx((x, y), abs=1e-12)


@pytest.mark.parametrize(("name", "delta"), [("STEPS_SCALED", 0.1), ("STEPS_UNSCALED", 1.0)])
def test_steps_match_autograd_path(name: str, delta: float) -> None:
    path = ref.gradient_descent_path(
        ref.f_steps, torch.tensor([1.0, 2.0], dtype=torch.float64), delta, 2
    )
    got = torch.tensor(getattr(ref, name), dtype=torch.float64)
    torch.testing.assert_close(path[1:], got, rtol=0, atol=1e-12)


def test_steps_objective_values() -> None:
    def f(x: float, y: float) -> float:
        return 2 * x**2 + x * y

    scaled = [f(*p) for p in [(1.0, 2.0), *ref.STEPS_SCALED]]
    unscaled = [f(*p) for p in [(1.0, 2.0), *ref.STEPS_UNSCALED]]
    assert scaled[0] > scaled[1] > scaled[2], "delta = 0.1 must decrease f"
    assert unscaled == pytest.approx([4.0, 45.0, 476.0]), "delta = 1 overshoots: 4 -> 45 -> 476"


# ---------------------------------------------------------------------------
# Objectives and the 1-D minimiser
# ---------------------------------------------------------------------------


def test_x_star_is_fixed_point_of_exp_minus_x() -> None:
    assert ref.X_STAR_1D == pytest.approx(math.exp(-ref.X_STAR_1D), abs=1e-15)
    assert abs(ref.df_1d(ref.X_STAR_1D)) < 1e-15
    # independent: Newton on g(x) = x - e^(-x)
    x = 0.0
    for _ in range(50):
        x -= (x - math.exp(-x)) / (1 + math.exp(-x))
    assert ref.X_STAR_1D == pytest.approx(x, abs=1e-15)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_objectives_tensor_and_float_agree(dtype: torch.dtype) -> None:
    g = torch.Generator().manual_seed(0)
    xs = torch.randn(6, generator=g, dtype=torch.float64).to(dtype)
    ys = torch.randn(6, generator=g, dtype=torch.float64).to(dtype)
    for fn, args in [(ref.f_1d, (xs,)), (ref.df_1d, (xs,)), (ref.f_2d, (xs, ys))]:
        out = fn(*args)
        assert isinstance(out, torch.Tensor) and out.dtype == dtype and out.shape == xs.shape
        floats = [fn(*(float(a[i]) for a in args)) for i in range(6)]
        assert all(type(v) is float for v in floats)
        tol = 1e-5 if dtype == torch.float32 else 1e-12
        torch.testing.assert_close(out, torch.tensor(floats, dtype=dtype), rtol=tol, atol=tol)
    # mixed tensor / float arguments
    torch.testing.assert_close(ref.f_2d(xs, 0.5), ref.f_2d(xs, torch.full_like(xs, 0.5)))
    torch.testing.assert_close(ref.f_2d(0.5, ys), ref.f_2d(torch.full_like(ys, 0.5), ys))


def test_objective_derivatives_match_autograd() -> None:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(8, generator=g, dtype=torch.float64, requires_grad=True)
    y = torch.randn(8, generator=g, dtype=torch.float64, requires_grad=True)
    (dx,) = torch.autograd.grad(ref.f_1d(x).sum(), x)
    torch.testing.assert_close(dx, ref.df_1d(x.detach()))
    gx, gy = torch.autograd.grad(ref.f_2d(x, y).sum(), (x, y))
    want = [_grad_f_2d(float(a), float(b)) for a, b in zip(x.detach(), y.detach(), strict=True)]
    torch.testing.assert_close(gx, torch.tensor([w[0] for w in want], dtype=torch.float64))
    torch.testing.assert_close(gy, torch.tensor([w[1] for w in want], dtype=torch.float64))
    p = torch.tensor([0.7, -1.3], dtype=torch.float64, requires_grad=True)
    (gp,) = torch.autograd.grad(ref.f_steps(p), p)
    torch.testing.assert_close(gp, torch.tensor(_grad_f_steps(0.7, -1.3), dtype=torch.float64))


# ---------------------------------------------------------------------------
# grad_descent
# ---------------------------------------------------------------------------


def test_grad_descent_contract_value() -> None:
    out = ref.grad_descent(-1, 100)
    assert type(out) is float
    assert out == pytest.approx(0.567143, abs=1e-6)
    assert out == pytest.approx(ref.X_STAR_1D, abs=1e-7)


def test_grad_descent_small_cases_by_hand() -> None:
    assert ref.grad_descent(0, 1) == pytest.approx(0.1, abs=1e-15)  # 0 - 0.1*(0 - 1)
    x1 = -1 - 0.1 * (-1 - math.e)
    assert ref.grad_descent(-1, 1) == pytest.approx(x1, abs=1e-15)
    assert ref.grad_descent(-1, 2) == pytest.approx(x1 - 0.1 * (x1 - math.exp(-x1)), abs=1e-15)


@pytest.mark.parametrize("start", [-1, 0.3, 5, 2.5])
def test_grad_descent_zero_steps_returns_start_as_float(start: float) -> None:
    out = ref.grad_descent(start, 0)
    assert type(out) is float and out == float(start)


def test_grad_descent_default_delta_and_exact_step_count() -> None:
    assert ref.grad_descent(-1, 7) == ref.grad_descent(-1, 7, 0.1)
    assert ref.grad_descent(-1, 7) != ref.grad_descent(-1, 8)
    x = -1.0
    for n in range(12):
        assert ref.grad_descent(-1, n, 0.37) == x
        x = x - 0.37 * (x - math.exp(-x))


def test_grad_descent_matches_autograd_on_random_inputs() -> None:
    g = torch.Generator().manual_seed(2)
    for _ in range(10):
        start = float(torch.empty(()).uniform_(-3, 3, generator=g))
        delta = float(torch.empty(()).uniform_(0.05, 0.9, generator=g))
        n = int(torch.randint(0, 25, (), generator=g))
        via_autograd = ref.gradient_descent(
            lambda v: ref.f_1d(v).sum(), torch.tensor([start], dtype=torch.float64), delta, n
        )
        assert ref.grad_descent(start, n, delta) == pytest.approx(float(via_autograd[0]), abs=1e-12)


def test_grad_descent_converges_from_anywhere_with_small_delta() -> None:
    for start in [-3.0, -1.0, 0.0, 4.0, 10.0]:
        assert ref.grad_descent(start, 2000, 0.1) == pytest.approx(ref.X_STAR_1D, abs=1e-13)


def test_grad_descent_rejects_bad_step_counts() -> None:
    with pytest.raises(ValueError):
        ref.grad_descent(-1, -1)
    with pytest.raises(TypeError):
        ref.grad_descent(-1, 2.5)


# ---------------------------------------------------------------------------
# multi_grad_descent
# ---------------------------------------------------------------------------


def test_multi_grad_descent_contract_values() -> None:
    out = ref.multi_grad_descent(14, -53, 100)
    assert _is_float_pair(out)
    assert out == pytest.approx((0.302578, 0.362931), abs=1e-6)
    one = ref.multi_grad_descent(14, -53, 1)
    assert _is_float_pair(one)
    assert one[0] == pytest.approx(8.4, rel=1e-12)
    assert one[1] == pytest.approx(6.5068e45, rel=1e-4)
    assert one[1] == pytest.approx(-53 + 42.4 + 0.6 * math.exp(106), rel=1e-12)


def test_multi_grad_descent_float32_would_overflow() -> None:
    """Why the reference works in float64: e^106 is beyond the float32 range."""
    y32 = torch.tensor(-53.0, dtype=torch.float32, requires_grad=True)
    (g,) = torch.autograd.grad(3 * torch.exp(-2 * y32), y32)
    assert not torch.isfinite(g)
    assert math.isfinite(ref.multi_grad_descent(14, -53, 1)[1])


def test_multi_grad_descent_matches_closed_form_simultaneous_loop() -> None:
    g = torch.Generator().manual_seed(3)
    for _ in range(10):
        x0, y0 = (float(v) for v in torch.empty(2).uniform_(-2, 3, generator=g))
        delta = float(torch.empty(()).uniform_(0.01, 0.12, generator=g))
        n = int(torch.randint(0, 40, (), generator=g))
        x, y = x0, y0
        for _ in range(n):
            gx, gy = _grad_f_2d(x, y)
            x, y = x - delta * gx, y - delta * gy
        assert ref.multi_grad_descent(x0, y0, n, delta) == pytest.approx((x, y), abs=1e-12)


def test_multi_grad_descent_zero_steps_default_delta_and_limit() -> None:
    assert ref.multi_grad_descent(1, 2, 0) == (1.0, 2.0)
    assert _is_float_pair(ref.multi_grad_descent(1, 2, 0))
    assert ref.multi_grad_descent(0.5, -0.5, 9) == ref.multi_grad_descent(0.5, -0.5, 9, 0.1)
    x, y = ref.multi_grad_descent(14, -53, 1000)
    gx, gy = _grad_f_2d(x, y)
    assert abs(gx) < 1e-12 and abs(gy) < 1e-12, "the limit is the stationary point"
    with pytest.raises(ValueError):
        ref.multi_grad_descent(0, 0, -3)


# ---------------------------------------------------------------------------
# gradient_descent / gradient_descent_path
# ---------------------------------------------------------------------------


def _random_quadratic(d: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    m = torch.randn(d, d, generator=g, dtype=torch.float64)
    a = m @ m.T / d + torch.eye(d, dtype=torch.float64)
    b = torch.randn(d, generator=g, dtype=torch.float64)
    return a, b


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("d", [1, 2, 5])
def test_gradient_descent_quadratic_closed_form(dtype: torch.dtype, d: int) -> None:
    """For f = ½xᵀAx − bᵀx the iterates are x_k = x* + (I − lr·A)^k (x0 − x*)."""
    a, b = _random_quadratic(d, seed=10 + d)
    x_star = torch.linalg.solve(a, b)
    x0 = torch.randn(d, generator=torch.Generator().manual_seed(d), dtype=torch.float64)
    lr, steps = 0.1, 15
    want = x_star + torch.linalg.matrix_power(torch.eye(d, dtype=torch.float64) - lr * a, steps) @ (
        x0 - x_star
    )
    a_t, b_t = a.to(dtype), b.to(dtype)
    out = ref.gradient_descent(lambda x: 0.5 * x @ a_t @ x - b_t @ x, x0.to(dtype), lr, steps)
    assert out.dtype == dtype and out.shape == (d,) and out.device == x0.device
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    torch.testing.assert_close(out, want.to(dtype), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_descent_exact_iterate_sequence(dtype: torch.dtype) -> None:
    def f(v: torch.Tensor) -> torch.Tensor:
        return (torch.sin(v) * v**2).sum() + v.prod()

    x0 = torch.tensor([0.3, -0.8, 1.1, 0.05], dtype=dtype)
    x, lr = x0.clone(), 0.07
    for k in range(9):
        assert torch.equal(ref.gradient_descent(f, x0, lr, k), x), f"differs after {k} steps"
        xg = x.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(f(xg), xg)
        x = (x - lr * grad).detach()
    path = ref.gradient_descent_path(f, x0, lr, 8)
    assert path.shape == (9, 4) and path.dtype == dtype
    for k in range(9):
        assert torch.equal(path[k], ref.gradient_descent(f, x0, lr, k))


def test_gradient_descent_one_step_matches_finite_differences() -> None:
    g = torch.Generator().manual_seed(4)
    w = torch.randn(3, generator=g, dtype=torch.float64)

    def f(v: torch.Tensor) -> torch.Tensor:
        return torch.log1p(torch.exp(v @ w)) + (v**4).sum() / 4

    for _ in range(5):
        x0 = torch.randn(3, generator=g, dtype=torch.float64)
        h = 1e-6
        fd = torch.stack(
            [(f(x0 + h * e) - f(x0 - h * e)) / (2 * h) for e in torch.eye(3, dtype=torch.float64)]
        )
        torch.testing.assert_close(
            ref.gradient_descent(f, x0, 0.2, 1), x0 - 0.2 * fd, rtol=0, atol=1e-8
        )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_descent_contract_examples(dtype: torch.dtype) -> None:
    x0 = torch.tensor([1.0, 2.0], dtype=dtype)
    tol = 1e-6 if dtype == torch.float32 else 1e-12
    for name, lr in [("STEPS_SCALED", 0.1), ("STEPS_UNSCALED", 1.0)]:
        for k, p in enumerate(getattr(ref, name), start=1):
            out = ref.gradient_descent(ref.f_steps, x0, lr, k)
            torch.testing.assert_close(out, torch.tensor(p, dtype=dtype), rtol=tol, atol=tol)
    x0 = torch.tensor([14.0, -53.0], dtype=torch.float64)
    out = ref.gradient_descent(lambda p: ref.f_2d(p[0], p[1]), x0, 0.1, 100)
    assert tuple(out.tolist()) == pytest.approx((0.302578, 0.362931), abs=1e-6)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_descent_leaves_input_alone(dtype: torch.dtype) -> None:
    x0 = torch.tensor([0.5, -1.5, 2.0], dtype=dtype)
    before = x0.clone()
    out = ref.gradient_descent(lambda v: (v**2).sum(), x0, 0.1, 5)
    assert torch.equal(x0, before), "x0 was modified in place"
    assert not x0.requires_grad and x0.grad is None
    assert not out.requires_grad and out.grad_fn is None
    zero = ref.gradient_descent(lambda v: (v**2).sum(), x0, 0.1, 0)
    assert torch.equal(zero, x0) and zero.data_ptr() != x0.data_ptr(), "steps=0 returns a copy"
    zero.add_(1.0)
    assert torch.equal(x0, before)


def test_gradient_descent_accepts_requires_grad_and_no_grad_context() -> None:
    x0 = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    want = x0.detach() * 0.9**3  # f = ½‖x‖² contracts by (1 − lr) per step
    out = ref.gradient_descent(lambda v: 0.5 * (v**2).sum(), x0, 0.1, 3)
    torch.testing.assert_close(out, want)
    assert x0.grad is None and not out.requires_grad
    with torch.no_grad():
        out2 = ref.gradient_descent(lambda v: 0.5 * (v**2).sum(), x0, 0.1, 3)
    torch.testing.assert_close(out2, want)
    # a non-leaf x0 that is part of a graph
    y0 = x0 * 1.0
    torch.testing.assert_close(ref.gradient_descent(lambda v: 0.5 * (v**2).sum(), y0, 0.1, 3), want)


def test_gradient_descent_constant_objective_and_errors() -> None:
    x0 = torch.tensor([1.0, 2.0])
    assert torch.equal(ref.gradient_descent(lambda v: torch.tensor(3.0), x0, 0.1, 4), x0)
    assert torch.equal(ref.gradient_descent(lambda v: v[0] * 0 + 1, x0, 0.1, 4), x0)
    with pytest.raises(ValueError):
        ref.gradient_descent(lambda v: (v**2).sum(), x0, 0.1, -1)
    with pytest.raises(ValueError):
        ref.gradient_descent(lambda v: v**2, x0, 0.1, 1)  # not a scalar


# ---------------------------------------------------------------------------
# GOOD_DELTA and the step-size scan
# ---------------------------------------------------------------------------


def test_good_delta_contract() -> None:
    assert type(ref.GOOD_DELTA) is float
    assert 0.29 <= ref.GOOD_DELTA <= 0.97
    assert abs(ref.grad_descent(-1, 30, ref.GOOD_DELTA) - 0.5671432904097838) < 1e-8
    assert ref.reaches_minimum(ref.GOOD_DELTA)


def test_admissible_delta_range_by_scan() -> None:
    lo, hi = ref.good_delta_range()
    assert lo == pytest.approx(0.29, abs=0.01) and hi == pytest.approx(0.97, abs=0.01)
    assert lo <= ref.GOOD_DELTA <= hi
    grid = [k / 1000 for k in range(1, 2001)]
    good = [d for d in grid if ref.reaches_minimum(d)]
    assert good == [d for d in grid if good[0] <= d <= good[-1]], (
        "the admissible set is an interval"
    )
    assert not ref.reaches_minimum(0.28) and not ref.reaches_minimum(0.98)
    assert not ref.reaches_minimum(0.1)  # too slow: 30 steps are not enough
    assert not ref.reaches_minimum(1.9)  # diverges (overflow is caught)


def test_good_delta_range_rejects_hopeless_grid() -> None:
    with pytest.raises(ValueError):
        ref.good_delta_range([0.01, 0.02])


def test_contraction_factor_explains_the_range() -> None:
    """Near x* the error shrinks by |1 − δ f''(x*)|; δ = 1/f''(x*) is fastest."""
    f2 = 1 + math.exp(-ref.X_STAR_1D)
    best = 1 / f2
    assert ref.reaches_minimum(best)
    assert abs(ref.grad_descent(-1, 30, best) - ref.X_STAR_1D) < 1e-14


# ---------------------------------------------------------------------------
# CUDA
# ---------------------------------------------------------------------------


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_cuda_device_preserved(dtype: torch.dtype) -> None:
    dev = torch.device("cuda")
    x0 = torch.tensor([1.0, 2.0], dtype=dtype, device=dev)
    out = ref.gradient_descent(ref.f_steps, x0, 0.1, 2)
    assert out.device.type == "cuda" and out.dtype == dtype
    torch.testing.assert_close(
        out.cpu(), torch.tensor([0.05, 1.86], dtype=dtype), rtol=1e-6, atol=1e-6
    )
    path = ref.gradient_descent_path(lambda p: ref.f_2d(p[0], p[1]), x0, 0.1, 3)
    assert path.device.type == "cuda" and path.dtype == dtype and path.shape == (4, 2)
    cpu_path = ref.gradient_descent_path(lambda p: ref.f_2d(p[0], p[1]), x0.cpu(), 0.1, 3)
    torch.testing.assert_close(path.cpu(), cpu_path)
    xs = torch.linspace(-1, 1, 5, dtype=dtype, device=dev)
    for out in (ref.f_1d(xs), ref.df_1d(xs), ref.f_2d(xs, 0.3)):
        assert out.device.type == "cuda" and out.dtype == dtype


# ---------------------------------------------------------------------------
# Each student's own start point (autograder.own_numbers)
# ---------------------------------------------------------------------------


def test_published_steps_come_from_steps_by_hand():
    assert ref.steps_by_hand((1, 2), ref.DELTA_SCALED) == [(0.4, 1.9), (0.05, 1.86)]
    assert ref.steps_by_hand((1, 2), "0.1") == ref.STEPS_SCALED
    assert ref.steps_by_hand((1, 2), 1) == ref.STEPS_UNSCALED


@pytest.mark.parametrize("start", START_POINTS)
def test_steps_by_hand_from_every_start_point(start):
    """Exact steps agree with float arithmetic; δ = 0.1 lowers f, δ = 1 raises it (the
    notebook's sanity checks hold for every start point a student can draw)."""
    f = lambda x, y: 2 * x * x + x * y  # noqa: E731
    for delta, rising in ((0.1, False), (1.0, True)):
        exact = ref.steps_by_hand(start, "0.1" if delta == 0.1 else 1)
        x, y = map(float, start)
        values = [f(x, y)]
        for i in range(2):
            x, y = x - delta * (4 * x + y), y - delta * x
            assert exact[i] == pytest.approx((x, y), rel=1e-12, abs=1e-12)
            values.append(f(*exact[i]))
        assert values == sorted(values, reverse=not rising)


def test_steps_by_hand_wants_an_exact_step():
    with pytest.raises(TypeError):
        ref.steps_by_hand((1, 2), 0.1)

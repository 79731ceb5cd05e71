"""Tests of the ps3-critical-points reference against the facts of the contract.

Every fact quoted for ``ps3-critical-points`` in ``shared/EXERCISES.md`` is
checked here, together with the general rules (dtype and device preserved,
inputs untouched, no ``requires_grad`` needed) and independent cross-checks
(closed forms, finite differences, ``torch.autograd.functional.hessian``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from autograder.assignments.ps3_critical_points import reference as ref
from autograder.own_numbers import OPTION_ORDERS, ROOT_PAIRS

DTYPES = [torch.float32, torch.float64]
ATOL = {torch.float32: 1e-5, torch.float64: 1e-12}
RTOL = {torch.float32: 1e-5, torch.float64: 1e-10}


def is_python_number(value: object) -> bool:
    """True for a plain int or float (bool does not count)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def poly(x: torch.Tensor) -> torch.Tensor:
    """f(x) = 3x^4 - 4x^3 - 12x^2, the one-variable function of the assignment."""
    return 3 * x**4 - 4 * x**3 - 12 * x**2


def d2l4(v: torch.Tensor) -> torch.Tensor:
    """f(x, y) = x^2 y + x y^2 (D2L 22.4 exercise 4)."""
    return v[0] ** 2 * v[1] + v[0] * v[1] ** 2


def bump(v: torch.Tensor) -> torch.Tensor:
    """f(x, y) = x exp(-x^2 - y^2), the quadratic-approximation example."""
    return v[0] * torch.exp(-(v[0] ** 2) - v[1] ** 2)


def bump_q_closed_form(v: torch.Tensor) -> torch.Tensor:
    """The correct quadratic approximation of ``bump`` at (-1, 0)."""
    x, y = v[..., 0], v[..., 1]
    return math.exp(-1) * (-1 - (x + 1) + (x + 1) ** 2 + y**2)


def smooth(v: torch.Tensor) -> torch.Tensor:
    """A non-polynomial test function of any dimension with a dense Hessian."""
    return torch.sin(v).dot(v.roll(1)) + 0.25 * (v**2).sum() ** 2 + torch.exp(0.3 * v).sum()


def three_kinds(v: torch.Tensor) -> torch.Tensor:
    """f(x, y) = x^3 - 3x + y^3 - 3y: min at (1, 1), max at (-1, -1), saddles else."""
    return v[0] ** 3 - 3 * v[0] + v[1] ** 3 - 3 * v[1]


def autograd_grad(f, point: torch.Tensor) -> torch.Tensor:
    """Gradient with plain autograd, for cross-checks."""
    x = point.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return g


def random_spd(d: int, dtype: torch.dtype, gen: torch.Generator) -> torch.Tensor:
    """A random symmetric positive definite matrix."""
    m = torch.randn(d, d, dtype=torch.float64, generator=gen)
    return (m @ m.T + d * torch.eye(d, dtype=torch.float64)).to(dtype)


# ---------------------------------------------------------------- constants


def test_critical_points_value_and_type():
    assert ref.CRITICAL_POINTS == [-1, 0, 2]
    assert isinstance(ref.CRITICAL_POINTS, list)
    assert all(is_python_number(c) for c in ref.CRITICAL_POINTS)
    assert ref.CRITICAL_POINTS == sorted(ref.CRITICAL_POINTS)


def test_critical_points_are_the_roots_of_the_derivative():
    # f'(x) = 12x^3 - 12x^2 - 24x; numpy's root finder is an independent check.
    roots = np.sort(np.roots([12.0, -12.0, -24.0, 0.0]).real)
    np.testing.assert_allclose(roots, ref.CRITICAL_POINTS, atol=1e-12)
    for c in ref.CRITICAL_POINTS:
        g = autograd_grad(lambda v: poly(v).sum(), torch.tensor([float(c)], dtype=torch.float64))
        assert g.abs().item() < 1e-12


def test_global_min_value_and_type():
    assert ref.GLOBAL_MIN == (2, -32)
    assert isinstance(ref.GLOBAL_MIN, tuple) and len(ref.GLOBAL_MIN) == 2
    assert all(is_python_number(c) for c in ref.GLOBAL_MIN)
    x, fx = ref.GLOBAL_MIN
    assert x in ref.CRITICAL_POINTS
    assert poly(torch.tensor(float(x), dtype=torch.float64)).item() == fx


def test_global_min_beats_a_dense_grid():
    grid = torch.linspace(-10, 10, 200_001, dtype=torch.float64)
    values = poly(grid)
    assert values.min().item() >= ref.GLOBAL_MIN[1] - 1e-9
    assert grid[values.argmin()].item() == pytest.approx(ref.GLOBAL_MIN[0], abs=1e-3)


def test_d2l4_critical_points_value_and_type():
    assert ref.D2L4_CRITICAL_POINTS == [(0, 0)]
    assert all(isinstance(p, tuple) and len(p) == 2 for p in ref.D2L4_CRITICAL_POINTS)
    assert all(is_python_number(c) for p in ref.D2L4_CRITICAL_POINTS for c in p)


def test_d2l4_gradient_vanishes_only_at_the_origin():
    for p in ref.D2L4_CRITICAL_POINTS:
        g = autograd_grad(d2l4, torch.tensor(p, dtype=torch.float64))
        assert torch.count_nonzero(g) == 0
    # grad f = (y(2x + y), x(x + 2y)); away from the origin it does not vanish.
    t = torch.linspace(-2, 2, 401, dtype=torch.float64)
    X, Y = torch.meshgrid(t, t, indexing="ij")
    gx, gy = Y * (2 * X + Y), X * (X + 2 * Y)
    far = X**2 + Y**2 > 0.05**2
    assert (gx**2 + gy**2)[far].min().item() > 0


def test_d2l4_origin_is_neither():
    assert ref.D2L4_ORIGIN_KIND == "neither"
    # f(x, x) = 2x^3 takes both signs arbitrarily close to the origin ...
    for t in (1e-1, 1e-3, 1e-6):
        for s in (t, -t):
            v = torch.tensor([s, s], dtype=torch.float64)
            assert d2l4(v).item() == pytest.approx(2 * s**3, rel=1e-12)
        assert d2l4(torch.tensor([t, t])).item() > 0 > d2l4(torch.tensor([-t, -t])).item()
    # ... while the Hessian test there is inconclusive (zero Hessian).
    h = ref.hessian(d2l4, torch.zeros(2, dtype=torch.float64))
    assert torch.count_nonzero(h) == 0
    assert ref.classify_critical_point(h) == "degenerate"


def test_d2l5_choice():
    assert ref.D2L5_CHOICE == "b"
    # Illustration: g = (x - 1)^2 + y^2, h = (x + 1)^2 + 3y^2, f = g + h is
    # critical at the origin, where grad g = -grad h != 0 (so not option a/c).
    g = lambda v: (v[0] - 1) ** 2 + v[1] ** 2  # noqa: E731
    h = lambda v: (v[0] + 1) ** 2 + 3 * v[1] ** 2  # noqa: E731
    o = torch.zeros(2, dtype=torch.float64)
    assert torch.count_nonzero(autograd_grad(lambda v: g(v) + h(v), o)) == 0
    gg, gh = autograd_grad(g, o), autograd_grad(h, o)
    torch.testing.assert_close(gg, -gh)
    assert gg.norm() > 0


# ------------------------------------------------------------------ hessian


@pytest.mark.parametrize("dtype", DTYPES)
def test_hessian_of_bump_at_contract_point(dtype):
    point = torch.tensor([-1.0, 0.0], dtype=dtype)
    h = ref.hessian(bump, point)
    expected = 2 * math.exp(-1) * torch.eye(2, dtype=dtype)
    assert h.shape == (2, 2) and h.dtype == dtype and h.device == point.device
    torch.testing.assert_close(h, expected, atol=ATOL[dtype], rtol=RTOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_hessian_of_quadratic_form_is_a_plus_a_transpose(dtype):
    gen = torch.Generator().manual_seed(0)
    for d in (1, 2, 5):
        a = torch.randn(d, d, generator=gen, dtype=torch.float64).to(dtype)
        b = torch.randn(d, generator=gen, dtype=torch.float64).to(dtype)
        x = torch.randn(d, generator=gen, dtype=torch.float64).to(dtype)
        h = ref.hessian(lambda v, a=a, b=b: v @ a @ v + b @ v + 3.0, x)
        torch.testing.assert_close(h, a + a.T, atol=10 * ATOL[dtype], rtol=10 * RTOL[dtype])


@pytest.mark.parametrize("seed", range(4))
def test_hessian_matches_functional_hessian_and_finite_differences(seed):
    gen = torch.Generator().manual_seed(seed)
    d = 2 + seed
    x = torch.randn(d, generator=gen, dtype=torch.float64)
    h = ref.hessian(smooth, x)
    torch.testing.assert_close(h, torch.autograd.functional.hessian(smooth, x))
    # Central differences of the autograd gradient, column by column.
    eps = 1e-6
    fd = torch.stack(
        [
            (autograd_grad(smooth, x + eps * e) - autograd_grad(smooth, x - eps * e)) / (2 * eps)
            for e in torch.eye(d, dtype=torch.float64)
        ]
    )
    torch.testing.assert_close(h, fd, atol=1e-7, rtol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
def test_hessian_properties(dtype):
    x = torch.tensor([0.3, -1.2, 2.0], dtype=dtype)
    before = x.clone()
    h = ref.hessian(smooth, x)
    assert h.shape == (3, 3)
    assert h.dtype == dtype and h.device == x.device
    assert torch.equal(h, h.T), "the Hessian must be exactly symmetric"
    assert not h.requires_grad
    assert torch.equal(x, before) and not x.requires_grad and x.grad is None


def test_hessian_accepts_point_that_requires_grad_and_runs_under_no_grad():
    x = torch.tensor([0.5, -0.25], dtype=torch.float64, requires_grad=True)
    h1 = ref.hessian(smooth, x)
    with torch.no_grad():
        h2 = ref.hessian(smooth, x.detach())
    torch.testing.assert_close(h1, h2)
    assert x.grad is None


def test_hessian_of_affine_and_constant_functions_is_zero():
    x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    assert torch.count_nonzero(ref.hessian(lambda v: 2 * v.sum() + 1, x)) == 0
    assert torch.count_nonzero(ref.hessian(lambda v: torch.tensor(3.0), x)) == 0
    h = ref.hessian(lambda v: v[0] ** 2 + v[1], x)  # one row constant in x
    torch.testing.assert_close(h, torch.diag(torch.tensor([2.0, 0.0, 0.0], dtype=torch.float64)))


def test_hessian_rejects_bad_points():
    with pytest.raises(ValueError):
        ref.hessian(smooth, torch.zeros(2, 2))
    with pytest.raises(ValueError):
        ref.hessian(smooth, torch.tensor(1.0))
    with pytest.raises(ValueError):
        ref.hessian(lambda v: v * 2, torch.zeros(3))


# --------------------------------------------------- classify_critical_point


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("eigenvalues", "kind"),
    [
        ([1.0, 2.0], "minimum"),
        ([3.0], "minimum"),
        ([-1.0, -0.5, -4.0], "maximum"),
        ([-2.0], "maximum"),
        ([1.0, -1.0], "saddle"),
        ([1.0, -1.0, 0.0], "saddle"),  # contract: one > tol and one < -tol suffice
        ([2.0, 0.0], "degenerate"),
        ([-2.0, 0.0], "degenerate"),
        ([0.0, 0.0], "degenerate"),
        ([0.0], "degenerate"),
        ([1.0, 1e-9], "degenerate"),  # below the default tol counts as zero
        ([-1.0, -1e-9], "degenerate"),
    ],
)
def test_classify_from_eigenvalues(dtype, eigenvalues, kind):
    gen = torch.Generator().manual_seed(len(eigenvalues))
    d = len(eigenvalues)
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=gen, dtype=torch.float64))
    diag = torch.diag(torch.tensor(eigenvalues, dtype=torch.float64))
    assert ref.classify_critical_point(diag.to(dtype)) == kind
    # The same spectrum in a rotated basis: the answer must not change.
    rotated = q @ diag @ q.T
    rotated = 0.5 * (rotated + rotated.T)
    if dtype == torch.float64:
        assert ref.classify_critical_point(rotated) == kind
    elif all(e == 0.0 or abs(e) > 1e-3 for e in eigenvalues):
        # float32 rounding leaves ~1e-7 where a zero eigenvalue was.
        assert ref.classify_critical_point(rotated.to(dtype), tol=1e-5) == kind


def test_classify_tol_argument():
    h = torch.diag(torch.tensor([1.0, 1e-3], dtype=torch.float64))
    assert ref.classify_critical_point(h) == "minimum"
    assert ref.classify_critical_point(h, tol=1e-2) == "degenerate"
    assert ref.classify_critical_point(-h, tol=1e-2) == "degenerate"
    s = torch.diag(torch.tensor([1.0, -1e-3], dtype=torch.float64))
    assert ref.classify_critical_point(s) == "saddle"
    assert ref.classify_critical_point(s, tol=1e-2) == "degenerate"


def test_classify_uses_eigenvalues_not_diagonal():
    # Positive diagonal, but eigenvalues 3 and -1: a saddle.
    assert ref.classify_critical_point(torch.tensor([[1.0, 2.0], [2.0, 1.0]])) == "saddle"
    # Negative off-diagonal entries, but eigenvalues 1 and 3: a minimum.
    assert ref.classify_critical_point(torch.tensor([[2.0, -1.0], [-1.0, 2.0]])) == "minimum"


def test_classify_does_not_modify_input_and_accepts_grad_tensors():
    h = torch.tensor([[2.0, 1.0], [1.0, -3.0]], dtype=torch.float64, requires_grad=True)
    before = h.detach().clone()
    assert ref.classify_critical_point(h) == "saddle"
    assert torch.equal(h.detach(), before)


def test_classify_min_max_saddle_of_three_kinds():
    expected = {(1, 1): "minimum", (-1, -1): "maximum", (1, -1): "saddle", (-1, 1): "saddle"}
    for (a, b), kind in expected.items():
        p = torch.tensor([float(a), float(b)], dtype=torch.float64)
        assert torch.count_nonzero(autograd_grad(three_kinds, p)) == 0
        h = ref.hessian(three_kinds, p)
        torch.testing.assert_close(h, torch.diag(6 * p))
        assert ref.classify_critical_point(h) == kind


def test_classify_rejects_non_square():
    with pytest.raises(ValueError):
        ref.classify_critical_point(torch.zeros(2, 3))
    with pytest.raises(ValueError):
        ref.classify_critical_point(torch.zeros(3))


# --------------------------------------------------- quadratic_approximation


@pytest.mark.parametrize("dtype", DTYPES)
def test_quadratic_approximation_contract_example(dtype):
    point = torch.tensor([-1.0, 0.0], dtype=dtype)
    q = ref.quadratic_approximation(bump, point)
    gen = torch.Generator().manual_seed(1)
    for _ in range(20):
        x = (point.double() + torch.randn(2, generator=gen, dtype=torch.float64)).to(dtype)
        value = q(x)
        assert value.shape == () and value.dtype == dtype and value.device == point.device
        torch.testing.assert_close(
            value, bump_q_closed_form(x), atol=10 * ATOL[dtype], rtol=10 * RTOL[dtype]
        )
    # Spot values: q(x0) = -1/e; q(0, 0) = e^-1 (-1 - 1 + 1) = -1/e; q(-1, 1) = 0.
    e1 = math.exp(-1)
    assert q(point).item() == pytest.approx(-e1, rel=1e-6)
    assert q(torch.tensor([0.0, 0.0], dtype=dtype)).item() == pytest.approx(-e1, rel=1e-6)
    assert q(torch.tensor([-1.0, 1.0], dtype=dtype)).item() == pytest.approx(0.0, abs=1e-6)


def test_quadratic_approximation_rejects_the_misprint():
    # An older D2L printing has 2(x+1)^2 + 2y^2; the correct q differs from it.
    q = ref.quadratic_approximation(bump, torch.tensor([-1.0, 0.0], dtype=torch.float64))
    x = torch.tensor([-0.5, 0.5], dtype=torch.float64)
    misprint = math.exp(-1) * (-1 - 0.5 + 2 * 0.25 + 2 * 0.25)
    correct = math.exp(-1) * (-1 - 0.5 + 0.25 + 0.25)
    assert q(x).item() == pytest.approx(correct, rel=1e-12)
    assert abs(q(x).item() - misprint) > 0.1


def test_quadratic_approximation_calls_f_once_and_q_never():
    calls = []

    def counted(v):
        calls.append(1)
        return smooth(v)

    x0 = torch.tensor([0.1, 0.2, -0.3], dtype=torch.float64)
    q = ref.quadratic_approximation(counted, x0)
    assert len(calls) == 1
    for _ in range(3):
        q(x0 + 0.1)
    assert len(calls) == 1


@pytest.mark.parametrize("seed", range(3))
def test_quadratic_approximation_taylor_properties(seed):
    gen = torch.Generator().manual_seed(10 + seed)
    d = 3
    x0 = torch.randn(d, generator=gen, dtype=torch.float64)
    q = ref.quadratic_approximation(smooth, x0)
    # Matches value, gradient and Hessian of f at x0.
    assert q(x0).item() == pytest.approx(smooth(x0).item(), rel=1e-12)
    torch.testing.assert_close(autograd_grad(q, x0), autograd_grad(smooth, x0))
    torch.testing.assert_close(
        torch.autograd.functional.hessian(q, x0), torch.autograd.functional.hessian(smooth, x0)
    )
    # The error is third order: halving the step divides it by about 8.
    u = torch.randn(d, generator=gen, dtype=torch.float64)
    errors = [abs(smooth(x0 + t * u).item() - q(x0 + t * u).item()) for t in (1e-2, 5e-3)]
    assert 5 < errors[0] / errors[1] < 11


@pytest.mark.parametrize("dtype", DTYPES)
def test_quadratic_approximation_is_exact_for_quadratics(dtype):
    gen = torch.Generator().manual_seed(3)
    a = random_spd(4, torch.float64, gen)
    b = torch.randn(4, generator=gen, dtype=torch.float64)

    def f(v):
        return 0.5 * v @ a.to(v.dtype) @ v - b.to(v.dtype) @ v + 2.0

    x0 = torch.randn(4, generator=gen, dtype=torch.float64).to(dtype)
    q = ref.quadratic_approximation(f, x0)
    for _ in range(5):
        x = torch.randn(4, generator=gen, dtype=torch.float64).to(dtype)
        torch.testing.assert_close(q(x), f(x), atol=100 * ATOL[dtype], rtol=100 * RTOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_quadratic_approximation_properties(dtype):
    x0 = torch.tensor([-1.0, 0.0], dtype=dtype)
    before = x0.clone()
    q = ref.quadratic_approximation(bump, x0)
    assert callable(q)
    assert torch.equal(x0, before) and not x0.requires_grad
    x = torch.tensor([-0.8, 0.1], dtype=dtype)
    x_before = x.clone()
    value = q(x)
    assert value.shape == () and value.dtype == dtype
    assert torch.equal(x, x_before)
    # A batch of points gives one value per point.
    batch = torch.stack([x, x0, x + 1])
    values = q(batch)
    assert values.shape == (3,)
    torch.testing.assert_close(values[0], value)
    # Changing the original point afterwards does not change q.
    x0.add_(5.0)
    torch.testing.assert_close(q(x), value)


# -------------------------------------------------------------- newton_step


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(3))
def test_newton_step_minimises_a_quadratic_in_one_step(dtype, seed):
    gen = torch.Generator().manual_seed(20 + seed)
    d = 2 + seed
    a = random_spd(d, torch.float64, gen)
    b = torch.randn(d, generator=gen, dtype=torch.float64)

    def f(v):
        return 0.5 * v @ a.to(v.dtype) @ v - b.to(v.dtype) @ v

    x = (10 * torch.randn(d, generator=gen, dtype=torch.float64)).to(dtype)
    before = x.clone()
    new = ref.newton_step(f, x)
    assert new.shape == x.shape and new.dtype == dtype and new.device == x.device
    assert not new.requires_grad
    assert torch.equal(x, before)
    minimiser = torch.linalg.solve(a, b).to(dtype)
    torch.testing.assert_close(new, minimiser, atol=1e3 * ATOL[dtype], rtol=1e2 * RTOL[dtype])
    # The gradient vanishes at the new point.
    assert autograd_grad(f, new.double()).abs().max().item() < 1e3 * ATOL[dtype]


def test_newton_step_one_dimensional_closed_form():
    # f(x) = 3(x - 2)^2 + 1: x - f'(x)/f''(x) = x - 6(x - 2)/6 = 2 from anywhere.
    for start in (-7.0, 0.0, 2.0, 13.5):
        new = ref.newton_step(lambda v: 3 * (v[0] - 2) ** 2 + 1, torch.tensor([start]))
        assert new.tolist() == pytest.approx([2.0], abs=1e-6)


def test_newton_step_general_formula_and_quadratic_convergence():
    # f(x) = x^2/2 + e^-x: x_new = x - (x - e^-x)/(1 + e^-x); converges to W(1).
    f = lambda v: 0.5 * v[0] ** 2 + torch.exp(-v[0])  # noqa: E731
    x = torch.tensor([-1.0], dtype=torch.float64)
    expected = -1.0 - (-1.0 - math.e) / (1.0 + math.e)
    x = ref.newton_step(f, x)
    assert x.item() == pytest.approx(expected, rel=1e-14)
    for _ in range(5):
        x = ref.newton_step(f, x)
    assert x.item() == pytest.approx(0.5671432904097838, abs=1e-14)


def test_newton_step_matches_explicit_formula_on_non_quadratic():
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(3, generator=gen, dtype=torch.float64)
    g = autograd_grad(smooth, x)
    h = torch.autograd.functional.hessian(smooth, x)
    torch.testing.assert_close(ref.newton_step(smooth, x), x - torch.linalg.inv(h) @ g)


def test_newton_step_does_not_use_an_explicit_inverse(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("use torch.linalg.solve, not an explicit inverse")

    monkeypatch.setattr(torch.linalg, "inv", forbidden)
    monkeypatch.setattr(torch, "inverse", forbidden)
    x = torch.tensor([1.0, 2.0], dtype=torch.float64)
    ref.newton_step(three_kinds, x)


def test_newton_step_singular_hessian_raises():
    with pytest.raises(torch.linalg.LinAlgError):
        ref.newton_step(d2l4, torch.zeros(2, dtype=torch.float64))


# --------------------------------------------------------------------- CUDA


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("dtype", DTYPES)
def test_cuda_device_preserved(dtype):
    device = torch.device("cuda")
    point = torch.tensor([-1.0, 0.0], dtype=dtype, device=device)
    h = ref.hessian(bump, point)
    assert h.device.type == "cuda" and h.dtype == dtype
    torch.testing.assert_close(
        h.cpu(), 2 * math.exp(-1) * torch.eye(2, dtype=dtype), atol=1e-5, rtol=1e-5
    )
    assert ref.classify_critical_point(h) == "minimum"
    q = ref.quadratic_approximation(bump, point)
    x = torch.tensor([-0.5, 0.5], dtype=dtype, device=device)
    value = q(x)
    assert value.device.type == "cuda" and value.dtype == dtype and value.shape == ()
    torch.testing.assert_close(value.cpu(), bump_q_closed_form(x).cpu())
    a = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=dtype, device=device)
    b = torch.tensor([1.0, -1.0], dtype=dtype, device=device)
    new = ref.newton_step(lambda v: 0.5 * v @ a @ v - b @ v, point)
    assert new.device.type == "cuda" and new.dtype == dtype
    torch.testing.assert_close(new, torch.linalg.solve(a, b))


# ---------------------------------------------------------------------------
# Each student's own polynomial and option order (autograder.own_numbers)
# ---------------------------------------------------------------------------


def test_the_published_polynomial_is_the_contract_s():
    assert ref.quartic_coefficients(ref.PUBLISHED_ROOTS) == (3, -4, -12)
    assert ref.CRITICAL_POINTS == [-1, 0, 2] and ref.GLOBAL_MIN == (2, -32)


@pytest.mark.parametrize("roots", ROOT_PAIRS)
def test_every_drawn_polynomial_has_critical_points_0_a_b_and_one_global_minimum(roots):
    a, b = roots
    c4, c3, c2 = ref.quartic_coefficients(roots)
    for x in ref.critical_points(roots):
        assert 4 * c4 * x**3 + 3 * c3 * x**2 + 2 * c2 * x == 0
    assert ref.critical_points(roots) == [a, 0, b]
    x, fx = ref.global_min(roots)
    assert fx == ref.quartic(roots, x) and fx < 0
    others = [ref.quartic(roots, c) for c in ref.critical_points(roots) if c != x]
    assert all(v > fx for v in others), "the global minimum is unique"
    # a dense grid never goes below it (f grows like 3x⁴ far away)
    grid = np.linspace(-6, 6, 24001)
    assert (3 * grid**4 + c3 * grid**3 + c2 * grid**2).min() >= fx - 1e-9


def test_the_two_minima_tie_exactly_when_the_roots_have_equal_size():
    """f(a) − f(b) = (b² − a²)(a − b)²: the contract's |a| ≠ |b| is exactly the tie excluded."""
    for a in range(-9, 0):
        for b in range(1, 10):
            tie = ref.quartic((a, b), a) == ref.quartic((a, b), b)
            assert tie is (abs(a) == abs(b)), (a, b)
            if tie:
                with pytest.raises(ValueError):
                    ref.global_min((a, b))
            else:
                assert ref.global_min((a, b))[0] == (a if abs(a) > abs(b) else b)


def test_d2l5_choice_names_option_b_in_every_order():
    for order in OPTION_ORDERS:
        letter = ref.d2l5_choice(order)
        assert order["abcd".index(letter)] == "b"
    assert ref.d2l5_choice(("a", "b", "c", "d")) == ref.D2L5_CHOICE == "b"

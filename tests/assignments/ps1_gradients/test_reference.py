"""Tests of the ps1-gradients reference solutions against the contract's facts.

Each reference fact of ``shared/EXERCISES.md`` (ps1-gradients) is checked with
the figure quoted there, then cross-checked independently (closed forms
against autograd, autograd against central finite differences) on seeded
random inputs, and the tensor rules are checked: dtype, shape and device kept,
inputs untouched, no ``requires_grad`` needed.
"""

from __future__ import annotations

import math

import pytest
import torch

from autograder.assignments.ps1_gradients import reference as ref

DTYPES = [torch.float32, torch.float64]


def tol(dtype: torch.dtype) -> dict[str, float]:
    """Tolerances for ``torch.testing.assert_close`` fitting the dtype."""
    return (
        {"rtol": 1e-5, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-10}
    )


def f_quad(p: torch.Tensor) -> torch.Tensor:
    """f(x, y) = 2x² + xy, the contract's running example."""
    return 2 * p[0] ** 2 + p[0] * p[1]


def f_lse(p: torch.Tensor) -> torch.Tensor:
    """f(x, y) = log(eˣ + eʸ), written naively."""
    return torch.log(torch.exp(p[0]) + torch.exp(p[1]))


def f_cubic(p: torch.Tensor) -> torch.Tensor:
    """f(x, y) = 4xy + y³."""
    return 4 * p[0] * p[1] + p[1] ** 3


def f_wavy(p: torch.Tensor) -> torch.Tensor:
    """A non-polynomial function of any number of variables."""
    return torch.sin(p).sum() + (p**2).sum() * torch.exp(-0.1 * p[0]) + p.prod()


def central_diff(f, point: torch.Tensor, h: float = 1e-6) -> torch.Tensor:
    """Central finite-difference gradient, in float64."""
    p = point.detach().to(torch.float64)
    out = torch.empty_like(p)
    for i in range(p.numel()):
        e = torch.zeros_like(p)
        e[i] = h
        out[i] = (f(p + e) - f(p - e)) / (2 * h)
    return out


def rng(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape: int, seed: int, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    return torch.randn(*shape, generator=rng(seed), dtype=torch.float64).to(dtype)


# ---------------------------------------------------------------- partials


def f_xyz(x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    return 2 * x**2 - 3 * x * y + z**3


@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_reference_fact(dtype: torch.dtype) -> None:
    x = torch.tensor([1.0, -2.0, 0.5], dtype=dtype)
    y = torch.tensor([2.0, 3.0, -1.0], dtype=dtype)
    z = torch.tensor([3.0, 0.0, -2.0], dtype=dtype)
    dx, dy, dz = ref.partials(x, y, z)
    torch.testing.assert_close(dx, 4 * x - 3 * y, **tol(dtype))
    torch.testing.assert_close(dy, -3 * x, **tol(dtype))
    torch.testing.assert_close(dz, 3 * z**2, **tol(dtype))
    assert [float(t[0]) for t in (dx, dy, dz)] == [-2.0, -3.0, 27.0]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_match_autograd(seed: int, dtype: torch.dtype) -> None:
    x, y, z = (randn(5, seed=seed + 10 * k, dtype=dtype) for k in range(3))
    xs, ys, zs = (t.clone().requires_grad_(True) for t in (x, y, z))
    gx, gy, gz = torch.autograd.grad(f_xyz(xs, ys, zs).sum(), (xs, ys, zs))
    for got, want in zip(ref.partials(x, y, z), (gx, gy, gz), strict=True):
        assert got.dtype == dtype
        assert not got.requires_grad
        torch.testing.assert_close(got, want, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_broadcast_and_inputs_untouched(dtype: torch.dtype) -> None:
    x = randn(4, 1, seed=3, dtype=dtype)
    y = randn(3, seed=4, dtype=dtype)
    z = torch.tensor(2.0, dtype=dtype)
    copies = [t.clone() for t in (x, y, z)]
    out = ref.partials(x, y, z)
    assert isinstance(out, tuple) and len(out) == 3
    for t in out:
        assert t.shape == (4, 3)
        assert t.dtype == dtype
    torch.testing.assert_close(out[1], (-3 * x).expand(4, 3))
    torch.testing.assert_close(out[2], torch.full((4, 3), 12.0, dtype=dtype))
    for t, c in zip((x, y, z), copies, strict=True):
        assert torch.equal(t, c)


def test_partials_accepts_requires_grad_inputs() -> None:
    x, y, z = (torch.tensor([1.0, 2.0], requires_grad=True) for _ in range(3))
    dx, dy, dz = ref.partials(x, y, z)
    assert torch.equal(dx, torch.tensor([1.0, 2.0]))
    assert x.grad is None


def test_partials_depend_on_fact() -> None:
    assert ref.PARTIALS_DEPEND_ON == {"x": {"x", "y"}, "y": {"x"}, "z": {"z"}}
    assert all(type(v) is set for v in ref.PARTIALS_DEPEND_ON.values())


def test_partials_depend_on_matches_perturbation() -> None:
    """Independent check: a partial depends on a variable iff nudging it changes the partial."""
    names = ("x", "y", "z")
    base = [torch.tensor(0.7, dtype=torch.float64), torch.tensor(-1.3, dtype=torch.float64)]
    base.append(torch.tensor(0.4, dtype=torch.float64))
    found: dict[str, set[str]] = {n: set() for n in names}
    before = ref.partials(*base)
    for j, var in enumerate(names):
        moved = list(base)
        moved[j] = moved[j] + 0.5
        after = ref.partials(*moved)
        for i, partial in enumerate(names):
            if not torch.equal(before[i], after[i]):
                found[partial].add(var)
    assert found == ref.PARTIALS_DEPEND_ON


# ---------------------------------------------------------------- gradient


@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_reference_fact(dtype: torch.dtype) -> None:
    point = torch.tensor([1.0, 2.0], dtype=dtype)
    g = ref.gradient(f_quad, point)
    torch.testing.assert_close(g, torch.tensor([6.0, 1.0], dtype=dtype))
    assert g.dtype == dtype and g.shape == point.shape and g.device == point.device
    assert not g.requires_grad
    assert not point.requires_grad and point.grad is None
    assert torch.equal(point, torch.tensor([1.0, 2.0], dtype=dtype))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_matches_finite_differences(seed: int, dtype: torch.dtype) -> None:
    point = randn(4, seed=seed, dtype=dtype)
    g = ref.gradient(f_wavy, point)
    fd = central_diff(f_wavy, point)
    assert g.dtype == dtype and g.shape == (4,)
    rtol = 1e-3 if dtype == torch.float32 else 1e-6
    torch.testing.assert_close(g.to(torch.float64), fd, rtol=rtol, atol=rtol)


def test_gradient_input_with_requires_grad_and_no_grad_mode() -> None:
    point = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        g = ref.gradient(f_quad, point)
    torch.testing.assert_close(g, torch.tensor([6.0, 1.0]))
    assert point.grad is None


def test_gradient_constant_function_is_zero() -> None:
    g = ref.gradient(
        lambda p: torch.tensor(3.0, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    )
    assert torch.equal(g, torch.zeros(3, dtype=torch.float64))
    g = ref.gradient(lambda p: p[0] * 2, torch.ones(3))
    assert torch.equal(g, torch.tensor([2.0, 0.0, 0.0]))


# ---------------------------------------------------------------- directional derivative


@pytest.mark.parametrize("dtype", DTYPES)
def test_directional_derivative_is_u_dot_grad(dtype: torch.dtype) -> None:
    point = torch.tensor([1.0, 2.0], dtype=dtype)
    d = torch.tensor([3.0, 4.0], dtype=dtype)
    out = ref.directional_derivative(f_quad, point, d)
    assert out.shape == () and out.dtype == dtype
    torch.testing.assert_close(out, torch.tensor(0.6 * 6 + 0.8 * 1, dtype=dtype), **tol(dtype))
    # Only the direction matters, not the length.
    torch.testing.assert_close(ref.directional_derivative(f_quad, point, 10 * d), out, **tol(dtype))
    assert torch.equal(d, torch.tensor([3.0, 4.0], dtype=dtype))


def test_directional_derivative_45_degrees_worked_example() -> None:
    """f = 4xy + y³ at (1, 2) along 45°: (4y + 4x + 3y²)/√2 = 24/√2."""
    point = torch.tensor([1.0, 2.0], dtype=torch.float64)
    out = ref.directional_derivative(f_cubic, point, torch.tensor([1.0, 1.0], dtype=torch.float64))
    assert math.isclose(float(out), 24 / math.sqrt(2), rel_tol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_directional_derivative_matches_finite_difference(seed: int) -> None:
    point = randn(3, seed=seed)
    d = randn(3, seed=seed + 100)
    u = d / d.norm()
    h = 1e-6
    fd = (f_wavy(point + h * u) - f_wavy(point - h * u)) / (2 * h)
    out = ref.directional_derivative(f_wavy, point, d)
    assert math.isclose(float(out), float(fd), rel_tol=1e-6, abs_tol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_directional_derivative_zero_direction_raises(dtype: torch.dtype) -> None:
    with pytest.raises(ValueError):
        ref.directional_derivative(f_quad, torch.ones(2, dtype=dtype), torch.zeros(2, dtype=dtype))


# ---------------------------------------------------------------- unit vector and 150°


def test_unit_vector_reference_fact() -> None:
    u = ref.unit_vector(150)
    assert u.dtype == torch.float64 and u.shape == (2,) and u.device.type == "cpu"
    torch.testing.assert_close(
        u, torch.tensor([-math.sqrt(3) / 2, 0.5], dtype=torch.float64), rtol=0, atol=1e-15
    )


@pytest.mark.parametrize(
    ("angle", "expected"),
    [(0, (1.0, 0.0)), (90, (0.0, 1.0)), (180, (-1.0, 0.0)), (45.0, (0.5**0.5, 0.5**0.5)),
     (-90, (0.0, -1.0)), (450, (0.0, 1.0))],
)  # fmt: skip
def test_unit_vector_known_angles(angle: float, expected: tuple[float, float]) -> None:
    torch.testing.assert_close(
        ref.unit_vector(angle), torch.tensor(expected, dtype=torch.float64), rtol=0, atol=1e-15
    )


def test_unit_vector_has_length_one() -> None:
    for angle in torch.linspace(-720, 720, 37).tolist():
        assert math.isclose(float(ref.unit_vector(angle).norm()), 1.0, rel_tol=1e-15)


@pytest.mark.parametrize("dtype", DTYPES)
def test_slope_150_closed_form(dtype: torch.dtype) -> None:
    x = torch.tensor([0.0, 1.0, -2.0, 0.5], dtype=dtype)
    y = torch.tensor([0.0, 2.0, 1.0, -3.0], dtype=dtype)
    out = ref.slope_150(x, y)
    assert out.dtype == dtype and out.shape == (4,)
    want = 2 * x - 2 * math.sqrt(3) * y + 1.5 * y**2
    torch.testing.assert_close(out, want, **tol(dtype))
    assert float(out[0]) == 0.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_slope_150_matches_autograd(seed: int) -> None:
    point = randn(2, seed=seed)
    want = ref.directional_derivative(f_cubic, point, ref.unit_vector(150))
    got = ref.slope_150(point[0], point[1])
    torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)


def test_slope_150_broadcasts() -> None:
    X, Y = torch.meshgrid(torch.linspace(-1, 1, 5), torch.linspace(-2, 2, 3), indexing="ij")
    assert ref.slope_150(X, Y).shape == (5, 3)
    assert ref.slope_150(torch.zeros(4, 1), torch.zeros(3)).shape == (4, 3)


# ---------------------------------------------------------------- linear approximation


def test_linear_approximation_reference_fact() -> None:
    point = torch.tensor([0.0, math.log(2)], dtype=torch.float64)
    eps = torch.tensor([0.01, -0.03], dtype=torch.float64)
    approx = ref.linear_approximation(f_lse, point, eps)
    true = f_lse(point + eps)
    assert approx.shape == () and approx.dtype == torch.float64
    assert round(float(approx), 4) == 1.0819
    assert round(float(true), 4) == 1.0821
    # By hand: log 3 + (0.01, -0.03) · (1/3, 2/3).
    assert math.isclose(float(approx), math.log(3) - 0.05 / 3, rel_tol=1e-14)


def test_linear_approximation_float32() -> None:
    point = torch.tensor([0.0, math.log(2)])
    eps = torch.tensor([0.01, -0.03])
    approx = ref.linear_approximation(f_lse, point, eps)
    assert approx.dtype == torch.float32 and approx.shape == ()
    assert abs(float(approx) - 1.0819) < 5e-5
    assert torch.equal(point, torch.tensor([0.0, math.log(2)]))
    assert torch.equal(eps, torch.tensor([0.01, -0.03]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_approximation_exact_for_affine(dtype: torch.dtype) -> None:
    a = torch.tensor([1.5, -2.0, 0.25], dtype=dtype)

    def affine(p: torch.Tensor) -> torch.Tensor:
        return (a * p).sum() + 3

    point = randn(3, seed=7, dtype=dtype)
    eps = randn(3, seed=8, dtype=dtype)
    out = ref.linear_approximation(affine, point, eps)
    torch.testing.assert_close(out, affine(point + eps), **tol(dtype))
    assert not out.requires_grad


def test_linear_approximation_error_is_second_order() -> None:
    point = randn(3, seed=11)
    direction = randn(3, seed=12)
    errors = []
    for h in (1e-1, 1e-2, 1e-3):
        eps = h * direction
        errors.append(
            abs(float(ref.linear_approximation(f_wavy, point, eps) - f_wavy(point + eps)))
        )
    # Shrinking the step 10x shrinks the error about 100x.
    assert 50 < errors[0] / errors[1] < 200
    assert 50 < errors[1] / errors[2] < 200


# ---------------------------------------------------------------- log-sum-exp


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_huge_inputs(dtype: torch.dtype) -> None:
    gx, gy = ref.logsumexp_grad(torch.tensor(1000.0, dtype=dtype), torch.tensor(0.0, dtype=dtype))
    assert gx.dtype == dtype and gy.dtype == dtype
    assert float(gx) == 1.0 and float(gy) == 0.0
    gx, gy = ref.logsumexp_grad(
        torch.tensor(-1000.0, dtype=dtype), torch.tensor(-1000.0, dtype=dtype)
    )
    assert float(gx) == 0.5 and float(gy) == 0.5
    gx, gy = ref.logsumexp_grad(torch.tensor([0.0, 1e4]), torch.tensor([2000.0, 1e4 + 1]))
    assert torch.isfinite(gx).all() and torch.isfinite(gy).all()
    torch.testing.assert_close(gy[1], torch.sigmoid(torch.tensor(1.0)))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_matches_autograd(seed: int, dtype: torch.dtype) -> None:
    x = 5 * randn(6, seed=seed, dtype=dtype)
    y = 5 * randn(6, seed=seed + 50, dtype=dtype)
    x0, y0 = x.clone(), y.clone()
    xs, ys = x.clone().requires_grad_(True), y.clone().requires_grad_(True)
    L = torch.logsumexp(torch.stack([xs, ys]), dim=0).sum()
    wx, wy = torch.autograd.grad(L, (xs, ys))
    gx, gy = ref.logsumexp_grad(x, y)
    torch.testing.assert_close(gx, wx, **tol(dtype))
    torch.testing.assert_close(gy, wy, **tol(dtype))
    torch.testing.assert_close(gx + gy, torch.ones_like(x), **tol(dtype))
    assert torch.equal(x, x0) and torch.equal(y, y0)


def test_logsumexp_grad_is_softmax_and_broadcasts() -> None:
    x = randn(3, 1, seed=5)
    y = randn(4, seed=6)
    gx, gy = ref.logsumexp_grad(x, y)
    assert isinstance(gx, torch.Tensor) and isinstance(gy, torch.Tensor)
    assert gx.shape == gy.shape == (3, 4)
    soft = torch.softmax(torch.stack(torch.broadcast_tensors(x, y)), dim=0)
    torch.testing.assert_close(gx, soft[0])
    torch.testing.assert_close(gy, soft[1])


def test_lse_grad_sum_fact() -> None:
    assert ref.LSE_GRAD_SUM == 1
    assert isinstance(ref.LSE_GRAD_SUM, int | float)
    gx, gy = ref.logsumexp_grad(
        torch.tensor(0.3, dtype=torch.float64), torch.tensor(-2.0, dtype=torch.float64)
    )
    assert math.isclose(float(gx + gy), ref.LSE_GRAD_SUM, rel_tol=1e-15)


# ---------------------------------------------------------------- beta^T x


@pytest.mark.parametrize("fn", [ref.grad_beta_x, ref.grad_x_beta])
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_beta_is_beta(fn, dtype: torch.dtype) -> None:
    beta = randn(5, seed=21, dtype=dtype)
    x = randn(5, seed=22, dtype=dtype)
    b0, x0 = beta.clone(), x.clone()
    out = fn(beta, x)
    assert out is not beta and out is not x
    assert out.data_ptr() != beta.data_ptr()
    assert out.dtype == dtype and out.shape == (5,)
    assert torch.equal(out, beta)
    assert torch.equal(beta, b0) and torch.equal(x, x0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grad_beta_matches_autograd(seed: int) -> None:
    beta = randn(4, seed=seed)
    x = randn(4, seed=seed + 30)
    xs = x.clone().requires_grad_(True)
    (g1,) = torch.autograd.grad(beta @ xs, xs)
    (g2,) = torch.autograd.grad(xs @ beta, xs)
    torch.testing.assert_close(ref.grad_beta_x(beta, x), g1)
    torch.testing.assert_close(ref.grad_x_beta(beta, x), g2)


def test_grad_beta_result_is_independent_of_beta() -> None:
    beta = torch.tensor([1.0, 2.0], requires_grad=True)
    out = ref.grad_beta_x(beta, torch.zeros(2))
    assert not out.requires_grad
    out.add_(1)
    assert torch.equal(beta.detach(), torch.tensor([1.0, 2.0]))


# ---------------------------------------------------------------- l2 norm


@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_l2_norm_fact(dtype: torch.dtype) -> None:
    v = torch.tensor([3.0, 4.0], dtype=dtype)
    out = ref.grad_l2_norm(v)
    torch.testing.assert_close(out, torch.tensor([0.6, 0.8], dtype=dtype), **tol(dtype))
    assert out.dtype == dtype and out.shape == (2,)
    assert torch.equal(v, torch.tensor([3.0, 4.0], dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_l2_norm_zero_vector(dtype: torch.dtype) -> None:
    out = ref.grad_l2_norm(torch.zeros(4, dtype=dtype))
    assert out.dtype == dtype
    assert torch.equal(out, torch.zeros(4, dtype=dtype))
    assert not torch.isnan(out).any()


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_l2_norm_matches_autograd(seed: int, dtype: torch.dtype) -> None:
    v = randn(6, seed=seed, dtype=dtype)
    vs = v.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(torch.sqrt((vs**2).sum()), vs)
    out = ref.grad_l2_norm(v)
    torch.testing.assert_close(out, g, **tol(dtype))
    torch.testing.assert_close(out, v / v.norm(), **tol(dtype))


def test_grad_l2_norm_extreme_magnitudes() -> None:
    for scale in (1e30, 1e-30):
        out = ref.grad_l2_norm(torch.tensor([scale, scale]))
        torch.testing.assert_close(out, torch.full((2,), 0.5**0.5))
    out = ref.grad_l2_norm(torch.tensor([0.0, -5.0, 0.0], dtype=torch.float64))
    assert torch.equal(out, torch.tensor([0.0, -1.0, 0.0], dtype=torch.float64))


# ---------------------------------------------------------------- gradient field


@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_field_reference_fact(dtype: torch.dtype) -> None:
    xs = torch.linspace(-2, 2, 5, dtype=dtype)
    ys = torch.linspace(-1, 3, 4, dtype=dtype)
    X, Y = torch.meshgrid(xs, ys, indexing="xy")
    X0, Y0 = X.clone(), Y.clone()
    U, V = ref.gradient_field(f_quad, X, Y)
    assert U.shape == V.shape == X.shape == (4, 5)
    assert U.dtype == V.dtype == dtype
    torch.testing.assert_close(U, 4 * X + Y, **tol(dtype))
    torch.testing.assert_close(V, X, **tol(dtype))
    assert torch.equal(X, X0) and torch.equal(Y, Y0)
    assert not U.requires_grad and not V.requires_grad


@pytest.mark.parametrize("indexing", ["xy", "ij"])
def test_gradient_field_matches_pointwise_gradient(indexing: str) -> None:
    X, Y = torch.meshgrid(
        torch.linspace(-1, 1, 3, dtype=torch.float64),
        torch.linspace(0, 2, 4, dtype=torch.float64),
        indexing=indexing,
    )
    U, V = ref.gradient_field(f_wavy, X, Y)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            p = torch.stack([X[i, j], Y[i, j]])
            fd = central_diff(f_wavy, p)
            assert math.isclose(float(U[i, j]), float(fd[0]), rel_tol=1e-6, abs_tol=1e-6)
            assert math.isclose(float(V[i, j]), float(fd[1]), rel_tol=1e-6, abs_tol=1e-6)


def test_gradient_field_constant_function_and_mismatch() -> None:
    X, Y = torch.meshgrid(torch.arange(3.0), torch.arange(2.0), indexing="xy")
    U, V = ref.gradient_field(lambda p: torch.tensor(1.0), X, Y)
    assert torch.equal(U, torch.zeros_like(X)) and torch.equal(V, torch.zeros_like(X))
    with pytest.raises(ValueError):
        ref.gradient_field(f_quad, X, Y[:1])


# ---------------------------------------------------------------- CUDA


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("dtype", DTYPES)
def test_device_preserved_on_cuda(dtype: torch.dtype) -> None:
    dev = torch.device("cuda")

    def on(*values: float) -> torch.Tensor:
        return torch.tensor(values, dtype=dtype, device=dev)

    for t in ref.partials(on(1.0, 2.0), on(3.0, 4.0), on(5.0, 6.0)):
        assert t.device.type == "cuda" and t.dtype == dtype
    g = ref.gradient(f_quad, on(1.0, 2.0))
    assert g.device.type == "cuda" and g.dtype == dtype
    torch.testing.assert_close(g.cpu(), torch.tensor([6.0, 1.0], dtype=dtype))
    dd = ref.directional_derivative(f_quad, on(1.0, 2.0), on(3.0, 4.0))
    assert dd.device.type == "cuda" and dd.dtype == dtype
    with pytest.raises(ValueError):
        ref.directional_derivative(f_quad, on(1.0, 2.0), on(0.0, 0.0))
    s = ref.slope_150(on(1.0), on(2.0))
    assert s.device.type == "cuda" and s.dtype == dtype
    la = ref.linear_approximation(f_lse, on(0.0, math.log(2)), on(0.01, -0.03))
    assert la.device.type == "cuda" and la.dtype == dtype
    assert abs(float(la) - 1.0819) < 5e-5
    for t in ref.logsumexp_grad(on(1000.0), on(0.0)):
        assert t.device.type == "cuda" and t.dtype == dtype
    for fn in (ref.grad_beta_x, ref.grad_x_beta):
        b = fn(on(1.0, 2.0), on(3.0, 4.0))
        assert b.device.type == "cuda" and b.dtype == dtype
    for v in (on(3.0, 4.0), on(0.0, 0.0)):
        n = ref.grad_l2_norm(v)
        assert n.device.type == "cuda" and n.dtype == dtype and not torch.isnan(n).any()
    X, Y = torch.meshgrid(on(-1.0, 0.0, 1.0), on(0.0, 2.0), indexing="xy")
    U, V = ref.gradient_field(f_quad, X, Y)
    assert U.device.type == V.device.type == "cuda" and U.dtype == V.dtype == dtype
    torch.testing.assert_close(U, 4 * X + Y)
    torch.testing.assert_close(V, X)


# --------------------------------------------------------------------------- steepest_ascent
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_steepest_ascent_contract_example(dtype):
    u, rate = ref.steepest_ascent(
        lambda p: 2 * p[0] ** 2 + p[0] * p[1], torch.tensor([1.0, 2.0], dtype=dtype)
    )
    root = math.sqrt(37)
    assert u.dtype == rate.dtype == dtype and u.shape == (2,) and rate.shape == ()
    torch.testing.assert_close(u, torch.tensor([6 / root, 1 / root], dtype=dtype))
    torch.testing.assert_close(rate, torch.tensor(root, dtype=dtype))


def test_steepest_ascent_is_steepest_and_its_rate_the_slope():
    def f(p):
        return torch.sin(p[0]) * p[1] + p[2] ** 3 - p[0] * p[2]

    point = torch.tensor([0.3, -1.2, 0.8], dtype=torch.float64)
    before = point.clone()
    u, rate = ref.steepest_ascent(f, point)
    assert torch.equal(point, before) and not point.requires_grad
    assert abs(float(torch.linalg.vector_norm(u)) - 1) < 1e-12
    assert float(ref.directional_derivative(f, point, u)) == pytest.approx(float(rate), rel=1e-12)
    gen = torch.Generator().manual_seed(3)
    for d in torch.randn(300, 3, generator=gen, dtype=torch.float64):
        assert float(ref.directional_derivative(f, point, d)) <= float(rate) + 1e-12


def test_steepest_ascent_raises_where_the_gradient_is_zero():
    with pytest.raises(ValueError):
        ref.steepest_ascent(lambda p: (p**2).sum(), torch.zeros(3, dtype=torch.float64))
    with pytest.raises(ValueError):
        ref.steepest_ascent(lambda p: torch.tensor(1.0, dtype=p.dtype), torch.ones(2))

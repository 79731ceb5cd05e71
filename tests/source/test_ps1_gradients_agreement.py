"""The ps1-gradients notebook's model answers agree with the reference module.

Each solution of ``source/ps1-gradients/gradients.ipynb`` is run (through the
``notebook_answers`` fixture) on the contract's example inputs and on seeded
random inputs, in float32 and float64, and compared with
``autograder.assignments.ps1_gradients.reference``.
"""

from __future__ import annotations

import math

import pytest
import torch

from autograder.assignments.ps1_gradients import reference as ref

ASSIGNMENT = "ps1-gradients"
DTYPES = [torch.float32, torch.float64]
SEEDS = [0, 1, 2]


@pytest.fixture
def ns(notebook_answers) -> dict:
    return notebook_answers(ASSIGNMENT)


def tol(dtype: torch.dtype) -> dict[str, float]:
    return (
        {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-12}
    )


def randn(*shape: int, seed: int, dtype: torch.dtype) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype)


def same(got, want, dtype: torch.dtype) -> None:
    """Tensors, or tuples of tensors, equal in shape, dtype and value."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            same(g, w, dtype)
        return
    assert isinstance(got, torch.Tensor)
    assert got.shape == want.shape
    assert got.dtype == want.dtype == dtype
    assert got.device == want.device
    torch.testing.assert_close(got, want, **tol(dtype))


FUNCTIONS = {
    "quad": lambda p: 2 * p[0] ** 2 + p[0] * p[1],
    "cubic": lambda p: 4 * p[0] * p[1] + p[1] ** 3,
    "lse": lambda p: torch.log(torch.exp(p[0]) + torch.exp(p[1])),
    "wavy": lambda p: torch.sin(p).sum() + (p**2).sum() * torch.exp(-0.1 * p[0]) + p.prod(),
}


def test_notebook_defines_every_graded_name(ns: dict) -> None:
    for name in ref.__all__:
        assert name in ns, f"the notebook does not define {name}"


def test_constants_equal(ns: dict) -> None:
    assert ns["PARTIALS_DEPEND_ON"] == ref.PARTIALS_DEPEND_ON
    assert ns["LSE_GRAD_SUM"] == ref.LSE_GRAD_SUM


@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_agree(ns: dict, dtype: torch.dtype) -> None:
    cases = [
        (
            torch.tensor([1.0, -2.0, 0.5]),
            torch.tensor([2.0, 3.0, -1.0]),
            torch.tensor([3.0, 0.0, -2.0]),
        ),
        (torch.zeros(4, 1), torch.ones(3), torch.tensor(2.0)),
    ]
    cases += [
        (
            randn(5, seed=s, dtype=dtype),
            randn(5, seed=s + 1, dtype=dtype),
            randn(1, seed=s + 2, dtype=dtype),
        )
        for s in SEEDS
    ]
    for x, y, z in cases:
        x, y, z = x.to(dtype), y.to(dtype), z.to(dtype)
        same(ns["partials"](x, y, z), ref.partials(x, y, z), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_gradient_agrees(ns: dict, dtype: torch.dtype, fname: str) -> None:
    f = FUNCTIONS[fname]
    points = [torch.tensor([1.0, 2.0], dtype=dtype), randn(4, seed=9, dtype=dtype)]
    points += [randn(2, seed=s, dtype=dtype) for s in SEEDS]
    for p in points:
        same(ns["gradient"](f, p), ref.gradient(f, p), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_directional_derivative_agrees(ns: dict, dtype: torch.dtype, fname: str) -> None:
    f = FUNCTIONS[fname]
    pairs = [
        (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])),
        (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0])),
    ]
    pairs += [(randn(2, seed=s, dtype=dtype), randn(2, seed=s + 10, dtype=dtype)) for s in SEEDS]
    for p, d in pairs:
        p, d = p.to(dtype), d.to(dtype)
        same(ns["directional_derivative"](f, p, d), ref.directional_derivative(f, p, d), dtype)
    with pytest.raises(ValueError):
        ns["directional_derivative"](f, torch.ones(2, dtype=dtype), torch.zeros(2, dtype=dtype))


def test_unit_vector_agrees(ns: dict) -> None:
    for angle in [0, 45, 90, 150, 180, -30, 270.5, 720]:
        got, want = ns["unit_vector"](angle), ref.unit_vector(angle)
        assert got.dtype == want.dtype == torch.float64 and got.device.type == "cpu"
        assert torch.equal(got, want)


@pytest.mark.parametrize("dtype", DTYPES)
def test_slope_150_agrees(ns: dict, dtype: torch.dtype) -> None:
    cases = [
        (torch.tensor([1.0, 0.0]), torch.tensor([2.0, 0.0])),
        (torch.zeros(4, 1), torch.ones(3)),
    ]
    cases += [(randn(6, seed=s, dtype=dtype), randn(6, seed=s + 5, dtype=dtype)) for s in SEEDS]
    for x, y in cases:
        x, y = x.to(dtype), y.to(dtype)
        same(ns["slope_150"](x, y), ref.slope_150(x, y), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_linear_approximation_agrees(ns: dict, dtype: torch.dtype, fname: str) -> None:
    f = FUNCTIONS[fname]
    pairs = [(torch.tensor([0.0, math.log(2)]), torch.tensor([0.01, -0.03]))]
    pairs += [
        (randn(2, seed=s, dtype=dtype), 0.1 * randn(2, seed=s + 20, dtype=dtype)) for s in SEEDS
    ]
    for p, e in pairs:
        p, e = p.to(dtype), e.to(dtype)
        same(ns["linear_approximation"](f, p, e), ref.linear_approximation(f, p, e), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_linear_approximation_contract_figure(ns: dict, dtype: torch.dtype) -> None:
    p = torch.tensor([0.0, math.log(2)], dtype=dtype)
    e = torch.tensor([0.01, -0.03], dtype=dtype)
    assert abs(float(ns["linear_approximation"](FUNCTIONS["lse"], p, e)) - 1.0819) < 5e-5


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_grad_agrees(ns: dict, dtype: torch.dtype) -> None:
    cases = [
        (torch.tensor(1000.0), torch.tensor(0.0)),
        (torch.tensor([0.0, -1000.0, 1e4]), torch.tensor([math.log(2), -1000.0, 1e4 - 2])),
        (torch.zeros(4, 1), torch.ones(3)),
    ]
    cases += [
        (10 * randn(7, seed=s, dtype=dtype), 10 * randn(7, seed=s + 3, dtype=dtype)) for s in SEEDS
    ]
    for x, y in cases:
        x, y = x.to(dtype), y.to(dtype)
        same(ns["logsumexp_grad"](x, y), ref.logsumexp_grad(x, y), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["grad_beta_x", "grad_x_beta"])
def test_grad_beta_agrees(ns: dict, dtype: torch.dtype, name: str) -> None:
    for s in SEEDS:
        beta, x = randn(5, seed=s, dtype=dtype), randn(5, seed=s + 7, dtype=dtype)
        got = ns[name](beta, x)
        same(got, getattr(ref, name)(beta, x), dtype)
        assert got is not beta and got.data_ptr() != beta.data_ptr()


@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_l2_norm_agrees(ns: dict, dtype: torch.dtype) -> None:
    cases = [
        torch.tensor([3.0, 4.0]),
        torch.zeros(3),
        torch.tensor([0.0, -5.0, 0.0]),
        torch.tensor([1e30, 1e30]),
    ]
    cases += [randn(6, seed=s, dtype=dtype) for s in SEEDS]
    for v in cases:
        v = v.to(dtype)
        same(ns["grad_l2_norm"](v), ref.grad_l2_norm(v), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", sorted(FUNCTIONS))
def test_gradient_field_agrees(ns: dict, dtype: torch.dtype, fname: str) -> None:
    f = FUNCTIONS[fname]
    grids = [
        torch.meshgrid(
            torch.linspace(-2, 2, 5, dtype=dtype),
            torch.linspace(-1, 3, 4, dtype=dtype),
            indexing="xy",
        ),
        torch.meshgrid(randn(3, seed=1, dtype=dtype), randn(2, seed=2, dtype=dtype), indexing="ij"),
    ]
    for X, Y in grids:
        same(ns["gradient_field"](f, X, Y), ref.gradient_field(f, X, Y), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["quad", "cubic", "lse", "wavy"])
def test_steepest_ascent_agrees(ns: dict, dtype: torch.dtype, name: str) -> None:
    f = FUNCTIONS[name]
    gen = torch.Generator().manual_seed(5)
    for _ in range(3):
        point = (torch.rand(2, generator=gen, dtype=torch.float64) * 4 - 2).to(dtype)
        got, want = ns["steepest_ascent"](f, point), ref.steepest_ascent(f, point)
        for g, w in zip(got, want, strict=True):
            assert g.dtype == dtype and g.shape == w.shape
            torch.testing.assert_close(g, w)
    with pytest.raises(ValueError):
        ns["steepest_ascent"](lambda p: (p**2).sum(), torch.zeros(2, dtype=dtype))

"""The ps4-backprop source notebook's model answers agree with the reference module."""

from __future__ import annotations

import pytest
import torch

from autograder.assignments.ps4_backprop import reference as ref

ASSIGNMENT = "ps4-backprop"
DTYPES = [torch.float32, torch.float64]
SEEDS = [0, 1, 2]
POINT = (-1.0, 0.0, -2.0, 1.0)
KEYS = ("f", "w", "x", "y", "z")


def _tol(dtype: torch.dtype) -> dict[str, float]:
    return (
        {"rtol": 1e-5, "atol": 1e-4} if dtype == torch.float32 else {"rtol": 1e-12, "atol": 1e-10}
    )


def _inputs(dtype: torch.dtype, seed: int | None) -> list[torch.Tensor]:
    if seed is None:
        return [torch.tensor(v, dtype=dtype) for v in POINT]
    gen = torch.Generator().manual_seed(seed)
    return [(torch.rand(6, generator=gen, dtype=torch.float64) * 2 - 1).to(dtype) for _ in range(4)]


def _rand(shape, dtype, seed):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype)


@pytest.fixture
def ns(notebook_answers):
    return notebook_answers(ASSIGNMENT)


def test_notebook_defines_every_graded_name(ns):
    for name in ref.__all__:
        assert name in ns, name
        assert callable(ns[name]) is callable(getattr(ref, name)), name
    assert ns["REVERSE_MODE_SWEEPS"] == ref.REVERSE_MODE_SWEEPS


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_f_chain(ns, dtype, seed):
    args = _inputs(dtype, seed)
    torch.testing.assert_close(ns["f_chain"](*args), ref.f_chain(*args), **_tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_forward_df_dw(ns, dtype, seed):
    args = _inputs(dtype, seed)
    got, want = ns["forward_df_dw"](*args), ref.forward_df_dw(*args)
    assert isinstance(got, tuple) and len(got) == 2
    for g, w in zip(got, want, strict=True):
        assert g.dtype == dtype and g.shape == w.shape
        torch.testing.assert_close(g, w, **_tol(dtype))


@pytest.mark.parametrize("name", ["backprop", "autograd_partials"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_partials_dicts(ns, name, dtype, seed):
    args = _inputs(dtype, seed)
    got, want = ns[name](*args), getattr(ref, name)(*args)
    assert set(got) == set(KEYS)
    for key in KEYS:
        assert got[key].dtype == dtype and got[key].shape == want[key].shape
        torch.testing.assert_close(got[key], want[key], **_tol(dtype))


def test_hand_written_accept_python_floats(ns):
    assert ns["forward_df_dw"](*POINT) == ref.forward_df_dw(*POINT) == (1024.0, -4096.0)
    assert ns["backprop"](*POINT) == ref.backprop(*POINT)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_grad_quadratic_form(ns, dtype, seed):
    A, x = _rand((4, 4), dtype, seed), _rand((4,), dtype, seed + 10)
    got = ns["grad_quadratic_form"](A, x)
    assert got.dtype == dtype
    torch.testing.assert_close(got, ref.grad_quadratic_form(A, x), **_tol(dtype))


def test_grad_quadratic_form_text_example(ns):
    A, x = torch.tensor([[1.0, 2.0], [0.0, 3.0]]), torch.tensor([1.0, -1.0])
    assert ns["grad_quadratic_form"](A, x).tolist() == ref.grad_quadratic_form(A, x).tolist()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_grad_factorization(ns, dtype, seed):
    X, U, V = (
        _rand((5, 4), dtype, seed),
        _rand((5, 2), dtype, seed + 1),
        _rand((2, 4), dtype, seed + 2),
    )
    got = ns["grad_factorization"](X, U, V)
    assert got.dtype == dtype and got.shape == (2, 4)
    torch.testing.assert_close(got, ref.grad_factorization(X, U, V), **_tol(dtype))


def _F(v):
    return torch.stack([torch.sin(v[0] * v[1]), v[1] ** 2 - v[2], torch.exp(v[0]) * v[2]])


def _g(y):
    return torch.logsumexp(y, 0) + y[0] * y[2]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_jacobian_and_chain_rule_grad(ns, dtype, seed):
    x = _rand((3,), dtype, seed)
    J = ns["jacobian"](_F, x)
    assert J.dtype == dtype and J.shape == (3, 3)
    torch.testing.assert_close(J, ref.jacobian(_F, x), **_tol(dtype))
    wide = ns["jacobian"](lambda v: _F(v)[:2], x)
    torch.testing.assert_close(wide, ref.jacobian(lambda v: _F(v)[:2], x), **_tol(dtype))
    got = ns["chain_rule_grad"](_F, _g, x)
    assert got.dtype == dtype and got.shape == (3,)
    torch.testing.assert_close(got, ref.chain_rule_grad(_F, _g, x), **_tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_grad_least_squares_and_factorization_u(ns, dtype, seed):
    A, x, b = _rand((5, 3), dtype, seed), _rand((3,), dtype, seed + 1), _rand((5,), dtype, seed + 2)
    got = ns["grad_least_squares"](A, x, b)
    assert got.dtype == dtype and got.shape == (3,)
    torch.testing.assert_close(got, ref.grad_least_squares(A, x, b), **_tol(dtype))
    X, U, V = (
        _rand((5, 4), dtype, seed),
        _rand((5, 2), dtype, seed + 1),
        _rand((2, 4), dtype, seed + 2),
    )
    got = ns["grad_factorization_U"](X, U, V)
    assert got.dtype == dtype and got.shape == (5, 2)
    torch.testing.assert_close(got, ref.grad_factorization_U(X, U, V), **_tol(dtype))

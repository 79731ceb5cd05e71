"""The ps2-descent source notebook's model answers agree with the reference module."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch

from autograder.assignments.ps2_descent import reference as ref

ASSIGNMENT = "ps2-descent"
FLOAT_DTYPES = [torch.float32, torch.float64]


@pytest.fixture
def ns(notebook_answers: Callable[[str], dict]) -> dict:
    return notebook_answers(ASSIGNMENT)


@pytest.mark.parametrize("name", ["STEPS_SCALED", "STEPS_UNSCALED", "GOOD_DELTA"])
def test_constants_equal(ns: dict, name: str) -> None:
    assert ns[name] == getattr(ref, name)
    assert type(ns[name]) is type(getattr(ref, name))


def test_steps_are_tuples_of_floats(ns: dict) -> None:
    for name in ("STEPS_SCALED", "STEPS_UNSCALED"):
        for p in ns[name]:
            assert isinstance(p, tuple) and all(type(v) is float for v in p)


def _grad_descent_cases() -> list[tuple[float, int, float]]:
    g = torch.Generator().manual_seed(20)
    cases: list[tuple[float, int, float]] = [(-1, 100, 0.1), (-1, 0, 0.1), (0, 1, 0.1)]
    cases.append((-1, 30, ref.GOOD_DELTA))
    for _ in range(8):
        start = float(torch.empty(()).uniform_(-3, 4, generator=g))
        n = int(torch.randint(0, 60, (), generator=g))
        delta = float(torch.empty(()).uniform_(0.01, 1.0, generator=g))
        cases.append((start, n, delta))
    return cases


@pytest.mark.parametrize(("start", "n", "delta"), _grad_descent_cases())
def test_grad_descent_agrees(ns: dict, start: float, n: int, delta: float) -> None:
    got = ns["grad_descent"](start, n, delta)
    assert type(got) is float
    assert got == pytest.approx(ref.grad_descent(start, n, delta), rel=1e-13, abs=1e-13)


def test_grad_descent_default_delta_and_errors(ns: dict) -> None:
    assert ns["grad_descent"](-1, 100) == pytest.approx(ref.grad_descent(-1, 100), abs=1e-14)
    with pytest.raises(ValueError):
        ns["grad_descent"](-1, -2)


def _multi_cases() -> list[tuple[float, float, int, float]]:
    g = torch.Generator().manual_seed(21)
    cases: list[tuple[float, float, int, float]] = [
        (14, -53, 100, 0.1),
        (14, -53, 1, 0.1),
        (14, -53, 0, 0.1),
    ]
    for _ in range(8):
        x, y = (float(v) for v in torch.empty(2).uniform_(-3, 5, generator=g))
        n = int(torch.randint(0, 50, (), generator=g))
        delta = float(torch.empty(()).uniform_(0.01, 0.12, generator=g))
        cases.append((x, y, n, delta))
    return cases


@pytest.mark.parametrize(("x", "y", "n", "delta"), _multi_cases())
def test_multi_grad_descent_agrees(ns: dict, x: float, y: float, n: int, delta: float) -> None:
    got = ns["multi_grad_descent"](x, y, n, delta)
    want = ref.multi_grad_descent(x, y, n, delta)
    assert isinstance(got, tuple) and all(type(v) is float for v in got)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_multi_grad_descent_default_delta(ns: dict) -> None:
    assert ns["multi_grad_descent"](14, -53, 100) == pytest.approx(
        ref.multi_grad_descent(14, -53, 100), abs=1e-12
    )


def _objectives() -> list[tuple[str, Callable[[torch.Tensor], torch.Tensor], int]]:
    def quartic(v: torch.Tensor) -> torch.Tensor:
        return (v**4).sum() / 4 + torch.sin(v).sum() + v.prod()

    def logistic(v: torch.Tensor) -> torch.Tensor:
        w = torch.linspace(-1, 1, v.numel(), dtype=v.dtype, device=v.device)
        return torch.log1p(torch.exp(-(v @ w))) + 0.5 * (v**2).sum()

    return [
        ("f_steps", ref.f_steps, 2),
        ("f_2d", lambda p: ref.f_2d(p[0], p[1]), 2),
        ("f_1d", lambda v: ref.f_1d(v).sum(), 1),
        ("quartic", quartic, 5),
        ("logistic", logistic, 7),
    ]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize(("label", "f", "d"), _objectives())
def test_gradient_descent_agrees(
    ns: dict,
    dtype: torch.dtype,
    label: str,
    f: Callable[[torch.Tensor], torch.Tensor],
    d: int,
) -> None:
    g = torch.Generator().manual_seed(22 + d)
    tol = 1e-5 if dtype == torch.float32 else 1e-12
    for steps in (0, 1, 7):
        x0 = (0.5 * torch.randn(d, generator=g, dtype=torch.float64)).to(dtype)
        before = x0.clone()
        got = ns["gradient_descent"](f, x0, 0.05, steps)
        want = ref.gradient_descent(f, x0, 0.05, steps)
        assert torch.equal(x0, before), f"{label}: the notebook answer modified x0"
        assert got.dtype == dtype and got.shape == x0.shape and got.device == x0.device
        assert not got.requires_grad
        torch.testing.assert_close(got, want, rtol=tol, atol=tol, msg=label)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_descent_contract_examples(ns: dict, dtype: torch.dtype) -> None:
    x0 = torch.tensor([1.0, 2.0], dtype=dtype)
    tol = 1e-6 if dtype == torch.float32 else 1e-12
    for lr in (0.1, 1.0):
        for steps in (1, 2):
            torch.testing.assert_close(
                ns["gradient_descent"](ref.f_steps, x0, lr, steps),
                ref.gradient_descent(ref.f_steps, x0, lr, steps),
                rtol=tol,
                atol=tol,
            )
    with pytest.raises(ValueError):
        ns["gradient_descent"](ref.f_steps, x0, 0.1, -1)


def test_notebook_good_delta_works_with_notebook_grad_descent(ns: dict) -> None:
    x = ns["grad_descent"](-1, 30, ns["GOOD_DELTA"])
    assert abs(x - ref.X_STAR_1D) < 1e-8
    assert math.isclose(x, ref.grad_descent(-1, 30, ref.GOOD_DELTA), abs_tol=1e-15)


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_descent_agrees_on_cuda(ns: dict, dtype: torch.dtype) -> None:
    x0 = torch.tensor([0.3, -0.7], dtype=dtype, device="cuda")
    got = ns["gradient_descent"](lambda p: ref.f_2d(p[0], p[1]), x0, 0.1, 5)
    want = ref.gradient_descent(lambda p: ref.f_2d(p[0], p[1]), x0, 0.1, 5)
    assert got.device.type == "cuda" and got.dtype == dtype
    torch.testing.assert_close(got, want)

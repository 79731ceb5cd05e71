"""The ps3-critical-points source notebook agrees with the reference module.

The notebook's model answers (run through the ``notebook_answers`` fixture)
are compared with ``autograder.assignments.ps3_critical_points.reference`` on the contract's
example inputs and on seeded random inputs, in float32 and float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch

from autograder.assignments.ps3_critical_points import reference as ref

ASSIGNMENT = "ps3-critical-points"
DTYPES = [torch.float32, torch.float64]
TOL = {torch.float32: {"atol": 1e-5, "rtol": 1e-5}, torch.float64: {"atol": 1e-12, "rtol": 1e-10}}
CONSTANTS = [
    "CRITICAL_POINTS",
    "GLOBAL_MIN",
    "D2L4_CRITICAL_POINTS",
    "D2L4_ORIGIN_KIND",
    "D2L5_CHOICE",
]


def bump(v: torch.Tensor) -> torch.Tensor:
    """x exp(-x^2 - y^2), the contract's quadratic-approximation example."""
    return v[0] * torch.exp(-(v[0] ** 2) - v[1] ** 2)


def d2l4(v: torch.Tensor) -> torch.Tensor:
    """x^2 y + x y^2 (D2L 22.4 exercise 4)."""
    return v[0] ** 2 * v[1] + v[0] * v[1] ** 2


def three_kinds(v: torch.Tensor) -> torch.Tensor:
    """x^3 - 3x + y^3 - 3y: a minimum, a maximum and two saddles."""
    return v[0] ** 3 - 3 * v[0] + v[1] ** 3 - 3 * v[1]


def smooth(v: torch.Tensor) -> torch.Tensor:
    """A non-polynomial function of any dimension with a dense Hessian."""
    return torch.sin(v).dot(v.roll(1)) + 0.25 * (v**2).sum() ** 2 + torch.exp(0.3 * v).sum()


def linear(v: torch.Tensor) -> torch.Tensor:
    """An affine function: zero Hessian."""
    return 2.0 * v.sum() + 1.0


FUNCTIONS: dict[str, tuple[Callable[[torch.Tensor], torch.Tensor], int]] = {
    "bump": (bump, 2),
    "d2l4": (d2l4, 2),
    "three_kinds": (three_kinds, 2),
    "smooth3": (smooth, 3),
    "smooth5": (smooth, 5),
    "linear": (linear, 3),
}


@pytest.fixture
def ns(notebook_answers) -> dict:
    """The source notebook's globals."""
    return notebook_answers(ASSIGNMENT)


def sample_points(d: int, dtype: torch.dtype, seed: int, n: int = 3) -> list[torch.Tensor]:
    """Seeded random points (float64 draws cast to ``dtype``)."""
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(d, generator=gen, dtype=torch.float64).to(dtype) for _ in range(n)]


def assert_same_tensor(got: torch.Tensor, want: torch.Tensor, dtype: torch.dtype) -> None:
    """Shape, dtype, device, then values within the dtype's tolerance."""
    assert isinstance(got, torch.Tensor)
    assert got.shape == want.shape, f"shape {tuple(got.shape)} != {tuple(want.shape)}"
    assert got.dtype == want.dtype == dtype
    assert got.device == want.device
    scale = max(1.0, float(want.abs().max())) if want.numel() else 1.0
    torch.testing.assert_close(got, want, atol=TOL[dtype]["atol"] * scale, rtol=TOL[dtype]["rtol"])


@pytest.mark.parametrize("name", CONSTANTS)
def test_constants_agree(ns, name):
    assert ns[name] == getattr(ref, name)
    assert type(ns[name]) is type(getattr(ref, name))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", list(FUNCTIONS))
def test_hessian_agrees(ns, dtype, fname):
    f, d = FUNCTIONS[fname]
    points = sample_points(d, dtype, seed=list(FUNCTIONS).index(fname))
    if d == 2:
        points += [torch.tensor(p, dtype=dtype) for p in ([-1.0, 0.0], [0.0, 0.0], [1.0, -1.0])]
    for p in points:
        before = p.clone()
        assert_same_tensor(ns["hessian"](f, p), ref.hessian(f, p), dtype)
        assert torch.equal(p, before)


@pytest.mark.parametrize("dtype", DTYPES)
def test_classify_agrees(ns, dtype):
    gen = torch.Generator().manual_seed(5)
    spectra = [
        [1.0, 2.0],
        [-1.0, -0.5, -3.0],
        [1.0, -1.0],
        [1.0, -1.0, 0.0],
        [2.0, 0.0],
        [-2.0, 0.0],
        [0.0, 0.0, 0.0],
        [1.0, 1e-9],
        [4.0],
        [-4.0],
    ]
    for eigenvalues in spectra:
        diag = torch.diag(torch.tensor(eigenvalues, dtype=torch.float64))
        q, _ = torch.linalg.qr(torch.randn(len(eigenvalues), len(eigenvalues), generator=gen))
        rotated = q.double() @ diag @ q.double().T
        for h in (diag, 0.5 * (rotated + rotated.T)):
            h = h.to(dtype)
            for tol in (1e-8, 1e-5, 1e-2):
                assert ns["classify_critical_point"](h, tol=tol) == ref.classify_critical_point(
                    h, tol=tol
                )
            assert ns["classify_critical_point"](h) == ref.classify_critical_point(h)
    for _ in range(10):  # random symmetric matrices
        m = torch.randn(3, 3, generator=gen, dtype=torch.float64)
        h = (m + m.T).to(dtype)
        assert ns["classify_critical_point"](h) == ref.classify_critical_point(h)
    for p in ([1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]):
        h = ref.hessian(three_kinds, torch.tensor(p, dtype=dtype))
        assert ns["classify_critical_point"](h) == ref.classify_critical_point(h)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fname", list(FUNCTIONS))
def test_quadratic_approximation_agrees(ns, dtype, fname):
    f, d = FUNCTIONS[fname]
    centres = sample_points(d, dtype, seed=7 + list(FUNCTIONS).index(fname), n=2)
    if fname == "bump":
        centres.append(torch.tensor([-1.0, 0.0], dtype=dtype))
    for x0 in centres:
        q_nb, q_ref = ns["quadratic_approximation"](f, x0), ref.quadratic_approximation(f, x0)
        for x in [x0, *sample_points(d, dtype, seed=11, n=4)]:
            assert_same_tensor(q_nb(x), q_ref(x), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_quadratic_approximation_contract_example(ns, dtype):
    q = ns["quadratic_approximation"](bump, torch.tensor([-1.0, 0.0], dtype=dtype))
    for x, y in ((-0.5, 0.5), (-1.3, 0.2), (0.0, 0.0), (-2.0, -1.0)):
        want = math.exp(-1) * (-1 - (x + 1) + (x + 1) ** 2 + y**2)
        got = q(torch.tensor([x, y], dtype=dtype))
        assert got.dtype == dtype and got.shape == ()
        assert got.item() == pytest.approx(want, abs=10 * TOL[dtype]["atol"])


def test_notebook_q_does_not_call_f(ns):
    calls = []

    def counted(v):
        calls.append(1)
        return smooth(v)

    q = ns["quadratic_approximation"](counted, torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64))
    n = len(calls)
    q(torch.tensor([0.0, 0.0, 0.0], dtype=torch.float64))
    assert len(calls) == n


@pytest.mark.parametrize("dtype", DTYPES)
def test_newton_step_agrees(ns, dtype):
    gen = torch.Generator().manual_seed(9)
    for d in (1, 2, 4):
        m = torch.randn(d, d, generator=gen, dtype=torch.float64)
        a = m @ m.T + d * torch.eye(d, dtype=torch.float64)
        b = torch.randn(d, generator=gen, dtype=torch.float64)

        def quad(v, a=a, b=b):
            return 0.5 * v @ a.to(v.dtype) @ v - b.to(v.dtype) @ v

        for x in sample_points(d, dtype, seed=d, n=2):
            before = x.clone()
            got, want = ns["newton_step"](quad, x), ref.newton_step(quad, x)
            assert_same_tensor(got, want, dtype)
            assert torch.equal(x, before)
    for f, points in (
        (smooth, sample_points(3, dtype, seed=21)),
        (
            three_kinds,
            [torch.tensor([2.0, -0.5], dtype=dtype), torch.tensor([0.5, 3.0], dtype=dtype)],
        ),
        (bump, [torch.tensor([-1.0, 0.3], dtype=dtype)]),
    ):
        for x in points:
            got, want = ns["newton_step"](f, x), ref.newton_step(f, x)
            assert got.dtype == want.dtype == dtype and got.shape == want.shape
            # A step solves a linear system; allow for its conditioning in float32.
            torch.testing.assert_close(got, want, atol=100 * TOL[dtype]["atol"], rtol=1e-4)

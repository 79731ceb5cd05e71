"""Tests of the ps4-backprop reference solutions against the contract's facts."""

from __future__ import annotations

import pytest
import torch

from autograder.assignments.ps4_backprop import reference as ref

DTYPES = [torch.float32, torch.float64]
POINT = (-1.0, 0.0, -2.0, 1.0)
KEYS = {"f", "w", "x", "y", "z"}
HAND_WRITTEN = [ref.forward_df_dw, ref.backprop]


def _point(dtype: torch.dtype, device: str = "cpu") -> list[torch.Tensor]:
    return [torch.tensor(v, dtype=dtype, device=device) for v in POINT]


def _batch(
    dtype: torch.dtype, n: int = 7, seed: int = 0, device: str = "cpu"
) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return [
        (torch.rand(n, generator=gen, dtype=torch.float64) * 2 - 1).to(dtype=dtype, device=device)
        for _ in range(4)
    ]


def _closed_form(w, x, y, z):
    """Independent closed form: u + v = 2(a² + b²), so f = 4(a² + b²)²."""
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    s = a**2 + b**2
    f = 4 * s**2
    # df/dw = 8 s (2a da/dw + 2b db/dw), da/dw = 2(w+x+y+z), db/dw = 2(w+x-y-z)
    ga = 8 * s * 2 * a * 2 * (w + x + y + z)
    gb = 8 * s * 2 * b * 2 * (w + x - y - z)
    return {"f": f, "w": ga + gb, "x": ga + gb, "y": ga - gb, "z": ga - gb}


def _finite_differences(w, x, y, z, h: float = 1e-6):
    """Central differences of f_chain in float64, one input at a time."""
    args = [t.to(torch.float64) for t in (w, x, y, z)]
    out = {}
    for i, name in enumerate("wxyz"):
        plus = list(args)
        minus = list(args)
        plus[i] = args[i] + h
        minus[i] = args[i] - h
        out[name] = (ref.f_chain(*plus) - ref.f_chain(*minus)) / (2 * h)
    return out


def _tol(dtype: torch.dtype) -> dict[str, float]:
    return {"rtol": 1e-4, "atol": 1e-3} if dtype == torch.float32 else {"rtol": 1e-10, "atol": 1e-9}


# --- the contract's point: f = 1024, every partial -4096 ---------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_f_chain_at_point(dtype):
    f = ref.f_chain(*_point(dtype))
    assert f.dtype == dtype
    assert f.item() == 1024.0
    assert ref.f_chain(*POINT) == 1024.0


@pytest.mark.parametrize("dtype", DTYPES)
def test_forward_df_dw_at_point(dtype):
    result = ref.forward_df_dw(*_point(dtype))
    assert isinstance(result, tuple) and len(result) == 2
    f, df_dw = result
    assert f.dtype == dtype and df_dw.dtype == dtype
    assert f.shape == () and df_dw.shape == ()
    assert f.item() == 1024.0
    assert df_dw.item() == -4096.0


def test_forward_df_dw_python_floats():
    f, df_dw = ref.forward_df_dw(*POINT)
    assert isinstance(f, float) and isinstance(df_dw, float)
    assert (f, df_dw) == (1024.0, -4096.0)


@pytest.mark.parametrize("fn", [ref.backprop, ref.autograd_partials])
@pytest.mark.parametrize("dtype", DTYPES)
def test_partials_at_point(fn, dtype):
    out = fn(*_point(dtype))
    assert isinstance(out, dict)
    assert set(out) == KEYS
    assert out["f"].item() == 1024.0
    for name in "wxyz":
        assert out[name].dtype == dtype
        assert out[name].shape == ()
        assert out[name].item() == -4096.0, name


def test_backprop_python_floats():
    out = ref.backprop(*POINT)
    assert set(out) == KEYS
    assert out == {"f": 1024.0, "w": -4096.0, "x": -4096.0, "y": -4096.0, "z": -4096.0}
    assert all(isinstance(v, float) for v in out.values())


def test_autograd_partials_python_floats():
    out = ref.autograd_partials(*POINT)
    assert all(out[k].dtype == torch.float64 for k in KEYS)
    assert out["f"].item() == 1024.0
    assert all(out[k].item() == -4096.0 for k in "wxyz")


# --- batches, cross-checks ---------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_three_ways_agree_with_closed_form(dtype, seed):
    args = _batch(dtype, seed=seed)
    expected = _closed_form(*[t.to(torch.float64) for t in args])
    fwd_f, fwd_dw = ref.forward_df_dw(*args)
    back = ref.backprop(*args)
    auto = ref.autograd_partials(*args)
    tol = _tol(dtype)
    for out in (back, auto):
        for key in KEYS:
            assert out[key].dtype == dtype and out[key].shape == (7,)
            torch.testing.assert_close(out[key].to(torch.float64), expected[key], **tol)
    assert fwd_f.dtype == dtype and fwd_dw.dtype == dtype and fwd_dw.shape == (7,)
    torch.testing.assert_close(fwd_f.to(torch.float64), expected["f"], **tol)
    torch.testing.assert_close(fwd_dw.to(torch.float64), expected["w"], **tol)


@pytest.mark.parametrize("seed", [3, 4])
def test_backprop_matches_finite_differences(seed):
    args = _batch(torch.float64, seed=seed)
    fd = _finite_differences(*args)
    back = ref.backprop(*args)
    _, df_dw = ref.forward_df_dw(*args)
    for name in "wxyz":
        torch.testing.assert_close(back[name], fd[name], rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(df_dw, fd["w"], rtol=1e-6, atol=1e-6)


def test_partials_are_not_all_equal_in_general():
    # Away from b = 0 the partials differ (w, x share one value, y, z another).
    args = [torch.tensor(v, dtype=torch.float64) for v in (0.3, 0.1, -0.2, 0.4)]
    out = ref.backprop(*args)
    assert torch.equal(out["w"], out["x"]) and torch.equal(out["y"], out["z"])
    assert not torch.allclose(out["w"], out["y"])
    assert torch.allclose(ref.autograd_partials(*args)["y"], out["y"], rtol=1e-12, atol=0)


def test_f_values_match_f_chain():
    args = _batch(torch.float64, seed=5)
    f = ref.f_chain(*args)
    assert torch.equal(ref.forward_df_dw(*args)[0], f)
    assert torch.equal(ref.backprop(*args)["f"], f)
    torch.testing.assert_close(ref.autograd_partials(*args)["f"], f, rtol=0, atol=0)


def test_autograd_broadcasts_scalar_with_batch():
    w, x, y, z = _batch(torch.float64, n=5, seed=6)
    w0 = w[0].clone()
    auto = ref.autograd_partials(w0, x, y, z)
    back = ref.backprop(w0, x, y, z)
    for key in KEYS:
        assert auto[key].shape == (5,)
        torch.testing.assert_close(auto[key], back[key], rtol=1e-12, atol=1e-12)


# --- hand-written means no autograd --------------------------------------------------------


@pytest.mark.parametrize("fn", HAND_WRITTEN)
def test_hand_written_do_not_use_autograd(fn, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("autograd was used")

    monkeypatch.setattr(torch.autograd, "backward", forbidden)
    monkeypatch.setattr(torch.autograd, "grad", forbidden)
    with torch.no_grad():
        out = fn(*_batch(torch.float64))
    assert out is not None
    # and the guard really catches autograd:
    with pytest.raises(AssertionError, match="autograd was used"):
        ref.autograd_partials(*_point(torch.float64))


def test_autograd_partials_works_under_no_grad():
    with torch.no_grad():
        out = ref.autograd_partials(*_point(torch.float32))
    assert out["w"].item() == -4096.0


# --- inputs: not modified, no requires_grad needed, untouched .grad ------------------------


@pytest.mark.parametrize("fn", [ref.forward_df_dw, ref.backprop, ref.autograd_partials])
def test_inputs_not_modified(fn):
    args = _batch(torch.float64, seed=7)
    copies = [t.clone() for t in args]
    fn(*args)
    for t, c in zip(args, copies, strict=True):
        assert torch.equal(t, c)
        assert not t.requires_grad and t.grad is None


def test_autograd_partials_outputs_detached_and_inputs_grad_untouched():
    args = [t.requires_grad_(True) for t in _batch(torch.float64, seed=8)]
    out = ref.autograd_partials(*args)
    for key in KEYS:
        assert not out[key].requires_grad
        assert out[key].grad_fn is None
    assert all(t.grad is None for t in args)


def test_autograd_partials_rejects_integer_inputs():
    with pytest.raises(TypeError):
        ref.autograd_partials(*[torch.tensor(int(v)) for v in POINT])


# --- grad_quadratic_form -----------------------------------------------------------------


def _rand(shape, dtype, seed, device="cpu"):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=gen, dtype=torch.float64).to(dtype=dtype, device=device)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grad_quadratic_form_against_autograd(dtype, seed):
    A = _rand((4, 4), dtype, seed)
    x = _rand((4,), dtype, seed + 100)
    A0, x0 = A.clone(), x.clone()
    g = ref.grad_quadratic_form(A, x)
    assert g.dtype == dtype and g.shape == (4,)
    assert torch.equal(A, A0) and torch.equal(x, x0)
    xl = x.detach().clone().requires_grad_(True)
    (xl @ A @ xl).backward()
    torch.testing.assert_close(g, xl.grad)
    torch.testing.assert_close(g, (A + A.T) @ x)


def test_grad_quadratic_form_finite_differences_and_symmetry():
    A = _rand((3, 3), torch.float64, 5)
    x = _rand((3,), torch.float64, 6)
    g = ref.grad_quadratic_form(A, x)
    h = 1e-6
    eye = torch.eye(3, dtype=torch.float64)

    def q(v):
        return v @ A @ v

    fd = torch.stack([(q(x + h * e) - q(x - h * e)) / (2 * h) for e in eye])
    torch.testing.assert_close(g, fd, rtol=1e-7, atol=1e-7)
    # A is not symmetric, so the naive 2 A x is wrong ...
    assert not torch.allclose(g, 2 * A @ x)
    # ... but it is right for a symmetric matrix.
    S = A + A.T
    torch.testing.assert_close(ref.grad_quadratic_form(S, x), 2 * S @ x)


def test_grad_quadratic_form_small_example():
    A = torch.tensor([[1.0, 2.0], [0.0, 3.0]])
    x = torch.tensor([1.0, -1.0])
    # A + A^T = [[2, 2], [2, 6]] -> (0, -4)
    assert ref.grad_quadratic_form(A, x).tolist() == [0.0, -4.0]


def test_grad_quadratic_form_bad_shapes():
    with pytest.raises(ValueError):
        ref.grad_quadratic_form(torch.zeros(2, 3), torch.zeros(3))
    with pytest.raises(ValueError):
        ref.grad_quadratic_form(torch.zeros(3, 3), torch.zeros(2))


# --- grad_factorization ------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grad_factorization_against_autograd(dtype, seed):
    m, n, k = 5, 4, 2
    X, U, V = (
        _rand((m, n), dtype, seed),
        _rand((m, k), dtype, seed + 1),
        _rand((k, n), dtype, seed + 2),
    )
    copies = [t.clone() for t in (X, U, V)]
    g = ref.grad_factorization(X, U, V)
    assert g.dtype == dtype and g.shape == (k, n)
    for t, c in zip((X, U, V), copies, strict=True):
        assert torch.equal(t, c)
    Vl = V.detach().clone().requires_grad_(True)
    ((X - U @ Vl) ** 2).sum().backward()
    torch.testing.assert_close(g, Vl.grad)
    torch.testing.assert_close(g, -2 * U.T @ (X - U @ V))


def test_grad_factorization_finite_differences():
    X, U, V = (
        _rand((3, 4), torch.float64, 9),
        _rand((3, 2), torch.float64, 10),
        _rand((2, 4), torch.float64, 11),
    )

    def loss(Vm):
        return ((X - U @ Vm) ** 2).sum()

    g = ref.grad_factorization(X, U, V)
    h = 1e-6
    fd = torch.zeros_like(V)
    for i in range(2):
        for j in range(4):
            E = torch.zeros_like(V)
            E[i, j] = h
            fd[i, j] = (loss(V + E) - loss(V - E)) / (2 * h)
    torch.testing.assert_close(g, fd, rtol=1e-6, atol=1e-6)


def test_grad_factorization_zero_at_exact_fit_and_sign():
    U = _rand((4, 2), torch.float64, 12)
    V = _rand((2, 3), torch.float64, 13)
    assert torch.allclose(
        ref.grad_factorization(U @ V, U, V), torch.zeros(2, 3, dtype=torch.float64)
    )
    # One scalar example: X = [[3]], U = [[1]], V = [[1]] -> -2 * 1 * (3 - 1) = -4.
    g = ref.grad_factorization(torch.tensor([[3.0]]), torch.tensor([[1.0]]), torch.tensor([[1.0]]))
    assert g.tolist() == [[-4.0]]


def test_grad_factorization_bad_shapes():
    with pytest.raises(ValueError):
        ref.grad_factorization(torch.zeros(3, 4), torch.zeros(3, 2), torch.zeros(3, 4))
    with pytest.raises(ValueError):
        ref.grad_factorization(torch.zeros(3, 4), torch.zeros(2, 2), torch.zeros(2, 4))


# --- CUDA: device preservation -----------------------------------------------------------


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("dtype", DTYPES)
def test_cuda_device_preserved(dtype):
    dev = "cuda"
    point = _point(dtype, dev)
    f, df_dw = ref.forward_df_dw(*point)
    assert f.device.type == dev and df_dw.device.type == dev and df_dw.dtype == dtype
    assert (f.item(), df_dw.item()) == (1024.0, -4096.0)
    for fn in (ref.backprop, ref.autograd_partials):
        out = fn(*point)
        for key in KEYS:
            assert out[key].device.type == dev and out[key].dtype == dtype
        assert all(out[k].item() == -4096.0 for k in "wxyz")
    batch = _batch(dtype, seed=1, device=dev)
    back, auto = ref.backprop(*batch), ref.autograd_partials(*batch)
    for key in KEYS:
        torch.testing.assert_close(back[key], auto[key], **_tol(dtype))
    A, x = _rand((3, 3), dtype, 0, dev), _rand((3,), dtype, 1, dev)
    g = ref.grad_quadratic_form(A, x)
    assert g.device.type == dev and g.dtype == dtype
    X, U, V = (
        _rand((4, 3), dtype, 2, dev),
        _rand((4, 2), dtype, 3, dev),
        _rand((2, 3), dtype, 4, dev),
    )
    gv = ref.grad_factorization(X, U, V)
    assert gv.device.type == dev and gv.dtype == dtype and gv.shape == (2, 3)


# --------------------------------------------------------------------------- contract additions
def _F(v):
    return torch.stack([v[0] * v[1], torch.sin(v[0])])


def test_reverse_mode_sweeps_is_the_contract_s():
    assert ref.REVERSE_MODE_SWEEPS == {"forward": 1_000_000, "reverse": 1}


@pytest.mark.parametrize("dtype", DTYPES)
def test_jacobian_contract_example(dtype):
    J = ref.jacobian(_F, torch.tensor([1.0, 2.0], dtype=dtype))
    expected = torch.tensor([[2.0, 1.0], [torch.cos(torch.tensor(1.0)).item(), 0.0]], dtype=dtype)
    assert J.dtype == dtype and J.shape == (2, 2)
    torch.testing.assert_close(J, expected)


@pytest.mark.parametrize(("n", "m"), [(3, 2), (2, 4), (3, 3), (1, 1)])
def test_jacobian_agrees_with_torch_and_leaves_x_alone(n, m):
    W = _rand((m, n), torch.float64, n + m, "cpu")

    def F(v):
        return torch.tanh(W @ v) * v.sum() + (W @ v) ** 2

    x = _rand((n,), torch.float64, 7, "cpu")
    before = x.clone()
    J = ref.jacobian(F, x)
    torch.testing.assert_close(J, torch.autograd.functional.jacobian(F, x))
    assert J.shape == (m, n) and not J.requires_grad
    assert torch.equal(x, before) and not x.requires_grad


def test_jacobian_row_of_an_output_that_does_not_depend_on_x_is_zero():
    def F(v):
        return torch.stack([v[0] ** 2 * v[1], torch.full((), 2.0, dtype=v.dtype)])

    J = ref.jacobian(F, torch.tensor([1.5, -0.5], dtype=torch.float64))
    torch.testing.assert_close(J, torch.tensor([[-1.5, 2.25], [0.0, 0.0]], dtype=torch.float64))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("n", "m"), [(2, 2), (3, 2), (2, 4)])
def test_chain_rule_grad_equals_autograd_through_the_composition(dtype, n, m):
    W = _rand((m, n), torch.float64, 3 * n + m, "cpu").to(dtype)

    def F(v):
        return torch.sin(W @ v) + (W @ v) ** 2

    def g(y):
        return torch.logsumexp(y, 0) + y[0] * y[-1]

    x = _rand((n,), dtype, 11, "cpu")
    xl = x.clone().requires_grad_(True)
    (want,) = torch.autograd.grad(g(F(xl)), xl)
    got = ref.chain_rule_grad(F, g, x)
    assert got.dtype == dtype and got.shape == (n,) and not x.requires_grad
    torch.testing.assert_close(got, want, **_tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_least_squares_and_factorization_u_equal_autograd(dtype):
    A, x, b = (_rand(s, dtype, i, "cpu") for i, s in enumerate(((5, 3), (3,), (5,))))
    xl = x.clone().requires_grad_(True)
    ((A @ xl - b) ** 2).sum().backward()
    torch.testing.assert_close(ref.grad_least_squares(A, x, b), xl.grad, **_tol(dtype))
    best = torch.linalg.lstsq(A.double(), b.double().unsqueeze(1)).solution.squeeze(1)
    zero = ref.grad_least_squares(A.double(), best, b.double())
    torch.testing.assert_close(zero, torch.zeros(3, dtype=torch.float64), atol=1e-10, rtol=0)
    X, U, V = (_rand(s, dtype, 10 + i, "cpu") for i, s in enumerate(((4, 3), (4, 2), (2, 3))))
    Ul = U.clone().requires_grad_(True)
    ((X - Ul @ V) ** 2).sum().backward()
    gu = ref.grad_factorization_U(X, U, V)
    assert gu.shape == U.shape and gu.dtype == dtype
    torch.testing.assert_close(gu, Ul.grad, **_tol(dtype))
    with pytest.raises(ValueError):
        ref.grad_factorization_U(X, U.T, V)
    with pytest.raises(ValueError):
        ref.grad_least_squares(A, b, x)

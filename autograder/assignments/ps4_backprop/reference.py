"""Reference solutions for ps4-backprop: the multivariate chain rule and backpropagation.

The assignment works through one computational graph (the example of D2L 22.4,
"Multivariable Calculus")::

    a = (w + x + y + z)**2        b = (w + x - y - z)**2
    u = (a + b)**2                v = (a - b)**2
    f = (u + v)**2

and differentiates it three ways: forward mode (carry d/dw alongside every
value, one pass per input), a hand-written backward pass (carry df/d(node) from
the output back to the inputs, one pass for all four partials) and torch
autograd. At (w, x, y, z) = (-1, 0, -2, 1) all three give f = 1024 and every
partial -4096. Counting sweeps shows why training uses the backward pass
(``REVERSE_MODE_SWEEPS``); Jacobians give the chain rule in vector form
(``jacobian``, ``chain_rule_grad``: grad (g o F)(x) = J_F(x)^T grad g(F(x))).
It ends with matrix-calculus gradients: d(x^T A x)/dx = (A + A^T) x,
d||A x - b||^2/dx = 2 A^T (A x - b), and d||X - U V||_F^2 with respect to V,
-2 U^T (X - U V), and to U, -2 (X - U V) V^T.

The hand-written functions (:func:`f_chain`, :func:`forward_df_dw`,
:func:`backprop`) use only elementwise arithmetic, so they accept tensors of a
common (broadcastable) shape, on any device and of any floating dtype, and
plain Python floats as well; they never touch autograd.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

Number = torch.Tensor | float

__all__ = [
    "REVERSE_MODE_SWEEPS",
    "f_chain",
    "forward_df_dw",
    "backprop",
    "autograd_partials",
    "jacobian",
    "chain_rule_grad",
    "grad_quadratic_form",
    "grad_least_squares",
    "grad_factorization",
    "grad_factorization_U",
]

#: Sweeps for the full gradient of a loss L: R^1000000 -> R. Forward mode carries
#: one input direction per sweep, so it needs one sweep per input; the backward
#: pass carries one output's adjoints per sweep, and L has one output.
REVERSE_MODE_SWEEPS: dict[str, int] = {"forward": 1_000_000, "reverse": 1}


def f_chain(w: Number, x: Number, y: Number, z: Number) -> Number:
    """The function of the computational graph, evaluated elementwise.

    ``f = (u + v)**2`` with ``u = (a + b)**2``, ``v = (a - b)**2``,
    ``a = (w + x + y + z)**2`` and ``b = (w + x - y - z)**2``.

    Parameters
    ----------
    w, x, y, z : Tensor or float
        Inputs of a common (broadcastable) shape, or plain Python floats.

    Returns
    -------
    Tensor or float
        ``f`` elementwise, of the inputs' dtype and device (a float for float
        inputs). At ``(-1, 0, -2, 1)`` it is 1024.
    """
    a = (w + x + y + z) ** 2
    b = (w + x - y - z) ** 2
    u = (a + b) ** 2
    v = (a - b) ** 2
    return (u + v) ** 2


def forward_df_dw(w: Number, x: Number, y: Number, z: Number) -> tuple[Number, Number]:
    """``f`` and ``df/dw`` by the forward-mode chain rule, written out by hand.

    Every node carries its value and its derivative with respect to ``w``;
    each derivative comes from the single-step partials of that node and the
    derivatives of its parents (no autograd):

    ``da/dw = 2(w + x + y + z)``, ``db/dw = 2(w + x - y - z)``,
    ``du/dw = 2(a + b)(da/dw + db/dw)``, ``dv/dw = 2(a - b)(da/dw - db/dw)``,
    ``df/dw = 2(u + v)(du/dw + dv/dw)``.

    Parameters
    ----------
    w, x, y, z : Tensor or float
        Inputs of a common (broadcastable) shape (0-d or a 1-D batch), any
        floating dtype and device, or plain Python floats.

    Returns
    -------
    tuple
        ``(f, df_dw)``, elementwise, of the inputs' dtype and device (floats
        for float inputs). At ``(-1, 0, -2, 1)`` it is ``(1024, -4096)``.
    """
    s_plus = w + x + y + z
    s_minus = w + x - y - z
    a = s_plus**2
    b = s_minus**2
    da_dw = 2 * s_plus  # d(s+)/dw = 1
    db_dw = 2 * s_minus  # d(s-)/dw = 1
    u = (a + b) ** 2
    v = (a - b) ** 2
    du_dw = 2 * (a + b) * (da_dw + db_dw)
    dv_dw = 2 * (a - b) * (da_dw - db_dw)
    f = (u + v) ** 2
    df_dw = 2 * (u + v) * (du_dw + dv_dw)
    return f, df_dw


def backprop(w: Number, x: Number, y: Number, z: Number) -> dict[str, Number]:
    """``f`` and its four partials by a hand-written backward pass (no autograd).

    The forward pass stores the intermediates ``a, b, u, v``. The backward pass
    then starts from ``df/df = 1`` and walks the graph from the output to the
    inputs, each adjoint the sum over a node's children of (child's adjoint)
    times (single-step partial):

    ``df/du = df/dv = 2(u + v)``,
    ``df/da = df/du * 2(a + b) + df/dv * 2(a - b)``,
    ``df/db = df/du * 2(a + b) - df/dv * 2(a - b)``,
    ``df/dw = df/dx = df/da * 2(w + x + y + z) + df/db * 2(w + x - y - z)``,
    ``df/dy = df/dz = df/da * 2(w + x + y + z) - df/db * 2(w + x - y - z)``.

    Parameters
    ----------
    w, x, y, z : Tensor or float
        Inputs of a common (broadcastable) shape (0-d or a 1-D batch), any
        floating dtype and device, or plain Python floats.

    Returns
    -------
    dict
        Keys ``"f", "w", "x", "y", "z"``: ``f`` and ``df/dw, df/dx, df/dy,
        df/dz`` elementwise, of the inputs' dtype and device (floats for float
        inputs). At ``(-1, 0, -2, 1)``: ``f = 1024`` and every partial -4096.
    """
    # Forward pass: compute and keep every intermediate.
    s_plus = w + x + y + z
    s_minus = w + x - y - z
    a = s_plus**2
    b = s_minus**2
    u = (a + b) ** 2
    v = (a - b) ** 2
    f = (u + v) ** 2

    # Backward pass: adjoints from the output (df/df = 1) to the inputs.
    df_du = 2 * (u + v)
    df_dv = 2 * (u + v)
    df_da = df_du * 2 * (a + b) + df_dv * 2 * (a - b)
    df_db = df_du * 2 * (a + b) - df_dv * 2 * (a - b)
    df_ds_plus = df_da * 2 * s_plus
    df_ds_minus = df_db * 2 * s_minus
    df_dw = df_ds_plus + df_ds_minus  # w enters s+ and s- with sign +1
    df_dx = df_ds_plus + df_ds_minus  # so does x
    df_dy = df_ds_plus - df_ds_minus  # y enters s+ with +1 and s- with -1
    df_dz = df_ds_plus - df_ds_minus  # so does z
    return {"f": f, "w": df_dw, "x": df_dx, "y": df_dy, "z": df_dz}


def _leaves(*values: Number) -> list[torch.Tensor]:
    """Fresh leaf tensors (requires_grad) of a common shape, dtype and device."""
    like = next((v for v in values if isinstance(v, torch.Tensor)), None)
    dtype = like.dtype if like is not None else torch.float64
    device = like.device if like is not None else None
    tensors = [
        v if isinstance(v, torch.Tensor) else torch.as_tensor(v, dtype=dtype, device=device)
        for v in values
    ]
    for t in tensors:
        if not t.is_floating_point():
            raise TypeError(f"inputs must be floating point, got {t.dtype}")
    return [t.detach().clone().requires_grad_(True) for t in torch.broadcast_tensors(*tensors)]


def autograd_partials(
    w: torch.Tensor, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor
) -> dict[str, torch.Tensor]:
    """``f`` and its four partials computed with torch autograd.

    The inputs are detached, cloned (broadcast to a common shape) and marked
    ``requires_grad``; ``f`` is built from them and ``f.sum().backward()`` fills
    their ``.grad``. Since ``f`` acts elementwise, the gradient of the sum with
    respect to each batch element is that element's own partial derivative.

    Parameters
    ----------
    w, x, y, z : Tensor
        Inputs of a common shape (0-d or a 1-D batch), float32 or float64, any
        device. They are not modified and need not require gradients. (Python
        floats are accepted too and become float64 tensors.)

    Returns
    -------
    dict
        Keys ``"f", "w", "x", "y", "z"``: detached tensors of the inputs' dtype,
        device and (broadcast) shape.

    Raises
    ------
    TypeError
        If an input is not floating point.
    """
    leaves = _leaves(w, x, y, z)
    with torch.enable_grad():
        f = f_chain(*leaves)
        f.sum().backward()
    out = {"f": f.detach()}
    for name, leaf in zip("wxyz", leaves, strict=True):
        out[name] = leaf.grad.detach()
    return out


def jacobian(F: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The Jacobian of ``F: R^n -> R^m`` at ``x``, one backward pass per output.

    Row ``i`` is the gradient of the output ``F(x)[i]``: ``J[i, j] = dF_i/dx_j``.
    Each row is one reverse-mode sweep (``torch.autograd.grad`` of ``F(x)[i]``,
    keeping the graph for the next row), so the cost grows with ``m``.

    Parameters
    ----------
    F : callable
        Maps a 1-D tensor of length n to a 1-D tensor of length m, built from
        torch operations.
    x : Tensor
        1-D floating tensor of length n; not modified, needs no requires_grad.

    Returns
    -------
    Tensor
        Shape ``(m, n)``, dtype and device of ``x``, detached. Rows of outputs
        that do not depend on ``x`` are zero.

    Raises
    ------
    ValueError
        If ``x`` or ``F(x)`` is not 1-D.
    """
    if x.dim() != 1:
        raise ValueError(f"x must be 1-D, got shape {tuple(x.shape)}")
    leaf = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        y = F(leaf)
        if not isinstance(y, torch.Tensor) or y.dim() != 1:
            raise ValueError("F must return a 1-D tensor")
        rows = []
        for i in range(y.shape[0]):
            if y.requires_grad:
                (row,) = torch.autograd.grad(y[i], leaf, retain_graph=True, materialize_grads=True)
            else:  # F does not depend on x at all
                row = torch.zeros_like(leaf)
            rows.append(row.detach())
    if not rows:
        return torch.zeros(0, x.shape[0], dtype=x.dtype, device=x.device)
    return torch.stack(rows)


def chain_rule_grad(
    F: Callable[[torch.Tensor], torch.Tensor],
    g: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
) -> torch.Tensor:
    """The gradient of ``g(F(x))`` by the chain rule in vector form.

    ``d(g o F)/dx_k = sum_i dg/dy_i (F(x)) * dF_i/dx_k``, that is
    ``J_F(x)^T grad g(F(x))``: the Jacobian of ``F`` (:func:`jacobian`) times
    the gradient of ``g`` at ``y = F(x)`` (autograd on ``g`` alone).

    Parameters
    ----------
    F : callable
        Maps a 1-D tensor of length n to a 1-D tensor of length m.
    g : callable
        Maps a 1-D tensor of length m to a 0-d tensor.
    x : Tensor
        1-D floating tensor of length n; not modified.

    Returns
    -------
    Tensor
        Shape ``(n,)``, dtype and device of ``x``, detached; equal to autograd
        through ``g(F(x))``.
    """
    J = jacobian(F, x)
    with torch.no_grad():
        y = F(x.detach())
    leaf = y.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        value = g(leaf)
        if isinstance(value, torch.Tensor) and value.requires_grad:
            (grad_g,) = torch.autograd.grad(value, leaf, materialize_grads=True)
        else:  # g does not depend on its argument
            grad_g = torch.zeros_like(leaf)
    return J.T @ grad_g.detach()


def grad_quadratic_form(A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Gradient of the quadratic form ``x^T A x`` with respect to ``x``.

    In index notation ``x^T A x = sum_ij x_i A_ij x_j``, so
    ``d/dx_k = sum_j A_kj x_j + sum_i x_i A_ik``, that is ``(A + A^T) x``
    (``2 A x`` only when ``A`` is symmetric).

    Parameters
    ----------
    A : Tensor
        Square matrix of shape ``(d, d)``, not necessarily symmetric.
    x : Tensor
        Vector of shape ``(d,)``, same dtype and device as ``A``.

    Returns
    -------
    Tensor
        ``(A + A^T) x`` of shape ``(d,)``, dtype and device of ``x``.

    Raises
    ------
    ValueError
        If ``A`` is not square or ``x`` is not a vector of matching length.
    """
    if A.dim() != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {tuple(A.shape)}")
    if x.dim() != 1 or x.shape[0] != A.shape[0]:
        raise ValueError(f"x must have shape ({A.shape[0]},), got {tuple(x.shape)}")
    return A @ x + A.T @ x


def grad_factorization(X: torch.Tensor, U: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """Gradient of ``||X - U V||_F^2`` with respect to ``V``.

    With ``R = X - U V``, ``||R||_F^2 = sum_ab R_ab^2`` and
    ``dR_ab / dV_kl = -U_ak [b == l]``, so the gradient is ``-2 U^T (X - U V)``.

    Parameters
    ----------
    X : Tensor
        Data matrix of shape ``(m, n)``.
    U : Tensor
        Factor of shape ``(m, k)``.
    V : Tensor
        Factor of shape ``(k, n)``.

    Returns
    -------
    Tensor
        ``-2 U^T (X - U V)``, shape ``(k, n)`` (that of ``V``), dtype and device
        of the inputs.

    Raises
    ------
    ValueError
        If the shapes do not fit ``X (m, n)``, ``U (m, k)``, ``V (k, n)``.
    """
    _check_factors(X, U, V)
    return -2 * U.T @ (X - U @ V)


def _check_factors(X: torch.Tensor, U: torch.Tensor, V: torch.Tensor) -> None:
    """ValueError unless the shapes are X (m, n), U (m, k), V (k, n)."""
    if X.dim() != 2 or U.dim() != 2 or V.dim() != 2:
        raise ValueError("X, U and V must all be matrices")
    (m, n), (m_u, k), (k_v, n_v) = X.shape, U.shape, V.shape
    if m_u != m or k_v != k or n_v != n:
        raise ValueError(
            f"shapes do not fit X (m, n), U (m, k), V (k, n): "
            f"{tuple(X.shape)}, {tuple(U.shape)}, {tuple(V.shape)}"
        )


def grad_factorization_U(X: torch.Tensor, U: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """Gradient of ``||X - U V||_F^2`` with respect to ``U``.

    With ``R = X - U V``, ``dR_ab / dU_kl = -[a == k] V_lb``, so
    ``dL/dU_kl = sum_b 2 R_kb (-V_lb)``: the gradient is ``-2 (X - U V) V^T``.

    Parameters
    ----------
    X : Tensor
        Data matrix of shape ``(m, n)``.
    U : Tensor
        Factor of shape ``(m, k)``.
    V : Tensor
        Factor of shape ``(k, n)``.

    Returns
    -------
    Tensor
        ``-2 (X - U V) V^T``, shape ``(m, k)`` (that of ``U``), dtype and
        device of the inputs.

    Raises
    ------
    ValueError
        If the shapes do not fit ``X (m, n)``, ``U (m, k)``, ``V (k, n)``.
    """
    _check_factors(X, U, V)
    return -2 * (X - U @ V) @ V.T


def grad_least_squares(A: torch.Tensor, x: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Gradient of ``||A x - b||_2^2`` with respect to ``x``.

    ``||A x - b||^2 = x^T A^T A x - 2 b^T A x + b^T b``; the quadratic form
    with the symmetric ``A^T A`` gives ``2 A^T A x`` and the linear term
    ``-2 A^T b``, so the gradient is ``2 A^T (A x - b)``.

    Parameters
    ----------
    A : Tensor
        Matrix of shape ``(m, n)``.
    x : Tensor
        Vector of shape ``(n,)``.
    b : Tensor
        Vector of shape ``(m,)``.

    Returns
    -------
    Tensor
        ``2 A^T (A x - b)``, shape ``(n,)``, dtype and device of ``x``.

    Raises
    ------
    ValueError
        If the shapes do not fit ``A (m, n)``, ``x (n,)``, ``b (m,)``.
    """
    if A.dim() != 2 or x.dim() != 1 or b.dim() != 1:
        raise ValueError("A must be a matrix, x and b vectors")
    if A.shape[1] != x.shape[0] or A.shape[0] != b.shape[0]:
        raise ValueError(
            f"shapes do not fit A (m, n), x (n,), b (m,): "
            f"{tuple(A.shape)}, {tuple(x.shape)}, {tuple(b.shape)}"
        )
    return 2 * A.T @ (A @ x - b)

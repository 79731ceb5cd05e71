"""Reference solutions for ``ps1-gradients`` (notebook ``gradients.ipynb``).

The assignment covers the first half of the multivariable-calculus chapter:

* partial derivatives, by hand and with autograd (``partials``,
  ``PARTIALS_DEPEND_ON``);
* the gradient as the vector of partials (``gradient``);
* directional derivatives, :math:`D_u f = u \\cdot \\nabla f` with ``u`` a unit
  vector (``directional_derivative``, ``unit_vector``, ``slope_150``), and the
  direction of steepest ascent with its slope (``steepest_ascent``);
* the linear approximation :math:`f(x + \\epsilon) \\approx f(x) + \\epsilon
  \\cdot \\nabla f(x)` (``linear_approximation``);
* three exercises of D2L 22.4: the gradient of log-sum-exp (``logsumexp_grad``,
  ``LSE_GRAD_SUM``), of :math:`\\beta^\\top x` and :math:`x^\\top \\beta`
  (``grad_beta_x``, ``grad_x_beta``) and of the Euclidean norm
  (``grad_l2_norm``);
* the gradient as a vector field drawn over the contours of ``f``
  (``gradient_field``).

Every function that takes tensors works for float32 and float64 on any
device, returns results of the input's dtype and device, never modifies its
inputs and never needs ``requires_grad=True`` on them. A callable ``f`` maps a
1-D tensor to a 0-d tensor built from torch operations.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

__all__ = [
    "LSE_GRAD_SUM",
    "PARTIALS_DEPEND_ON",
    "directional_derivative",
    "grad_beta_x",
    "grad_l2_norm",
    "grad_x_beta",
    "gradient",
    "gradient_field",
    "linear_approximation",
    "logsumexp_grad",
    "partials",
    "slope_150",
    "steepest_ascent",
    "unit_vector",
]

ScalarFn = Callable[[torch.Tensor], torch.Tensor]

#: Which variables each partial of f(x, y, z) = 2x² − 3xy + z³ depends on:
#: ∂f/∂x = 4x − 3y, ∂f/∂y = −3x, ∂f/∂z = 3z².
PARTIALS_DEPEND_ON: dict[str, set[str]] = {"x": {"x", "y"}, "y": {"x"}, "z": {"z"}}

#: Sum of the components of ∇ log(eˣ + eʸ) (D2L 22.4 ex. 3): the softmax sums to 1.
LSE_GRAD_SUM = 1


def partials(
    x: torch.Tensor, y: torch.Tensor, z: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Partial derivatives of f(x, y, z) = 2x² − 3xy + z³, elementwise.

    Math: ∂f/∂x = 4x − 3y, ∂f/∂y = −3x, ∂f/∂z = 3z².

    Parameters
    ----------
    x, y, z : torch.Tensor
        Broadcastable tensors of the same floating dtype and device.

    Returns
    -------
    tuple of torch.Tensor
        ``(df_dx, df_dy, df_dz)``, each of the common broadcast shape of
        ``x``, ``y``, ``z`` (even ``df_dy``, which depends on ``x`` alone),
        in the inputs' dtype and device.
    """
    xb, yb, zb = torch.broadcast_tensors(x.detach(), y.detach(), z.detach())
    df_dx = 4 * xb - 3 * yb
    df_dy = -3 * xb
    df_dz = 3 * zb**2
    return df_dx, df_dy, df_dz


def gradient(f: ScalarFn, point: torch.Tensor) -> torch.Tensor:
    """Gradient of ``f`` at ``point``, computed with autograd.

    Math: ∇f(p) = (∂f/∂p₁, …, ∂f/∂p_d).

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor, built from torch operations.
    point : torch.Tensor
        1-D floating tensor where the gradient is taken; not modified.

    Returns
    -------
    torch.Tensor
        ∇f(point), with the shape, dtype and device of ``point``, detached
        from any graph. Zeros when ``f`` does not depend on its argument.
    """
    p = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        value = f(p)
        if not (isinstance(value, torch.Tensor) and value.requires_grad):
            return torch.zeros_like(point).detach()
        (grad,) = torch.autograd.grad(value, p, allow_unused=True)
    if grad is None:
        return torch.zeros_like(point).detach()
    return grad.detach()


def directional_derivative(
    f: ScalarFn, point: torch.Tensor, direction: torch.Tensor
) -> torch.Tensor:
    """Slope of ``f`` at ``point`` along ``direction``.

    Math: D_u f(p) = u · ∇f(p) with u = d / ‖d‖₂, so only the direction of
    ``d`` matters, not its length.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor, built from torch operations.
    point : torch.Tensor
        1-D floating tensor; not modified.
    direction : torch.Tensor
        Tensor of the same shape as ``point``, of any nonzero length; it is
        converted to ``point``'s dtype and device.

    Returns
    -------
    torch.Tensor
        0-d tensor of ``point``'s dtype and device.

    Raises
    ------
    ValueError
        If ``direction`` is the zero vector (it has no direction).
    """
    d = torch.as_tensor(direction).detach().to(dtype=point.dtype, device=point.device)
    norm = torch.linalg.vector_norm(d)
    if not bool(norm > 0):
        raise ValueError("direction must be a nonzero vector")
    u = d / norm
    return (u * gradient(f, point)).sum()


def steepest_ascent(f: ScalarFn, point: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The unit direction in which ``f`` grows fastest at ``point``, and that growth rate.

    Math: D_u f = u · ∇f = ‖∇f‖ cos φ for a unit u at angle φ to ∇f
    (Cauchy–Schwarz), largest for φ = 0: u = ∇f / ‖∇f‖₂, where the slope is
    ‖∇f‖₂. Where ∇f = 0 every direction has slope 0, so there is no steepest one.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor, built from torch operations.
    point : torch.Tensor
        1-D floating tensor; not modified.

    Returns
    -------
    tuple of torch.Tensor
        ``(u, rate)``: u shaped like ``point`` with ‖u‖₂ = 1, and the 0-d slope
        along it, both of ``point``'s dtype and device.

    Raises
    ------
    ValueError
        Where ∇f(point) is the zero vector.
    """
    g = gradient(f, point)
    rate = torch.linalg.vector_norm(g)
    if not bool(rate > 0):
        raise ValueError("the gradient is zero here: no direction of steepest ascent")
    return g / rate, rate


def unit_vector(angle_deg: float) -> torch.Tensor:
    """Unit vector at ``angle_deg`` degrees counter-clockwise from the +x axis.

    Math: u(θ) = (cos θ, sin θ) with θ = angle_deg · π / 180.

    Parameters
    ----------
    angle_deg : float
        Angle in degrees (a Python number).

    Returns
    -------
    torch.Tensor
        float64 CPU tensor of shape (2,); e.g. 150° gives [−√3/2, 1/2].
    """
    theta = math.radians(float(angle_deg))
    return torch.tensor([math.cos(theta), math.sin(theta)], dtype=torch.float64)


def slope_150(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Derivative of f(x, y) = 4xy + y³ along the 150° direction, elementwise.

    Math: ∇f = (4y, 4x + 3y²) and u = (−√3/2, 1/2), so
    D_u f = −2√3·y + 2x + 1.5y² = 2x − 2√3·y + 1.5y².

    Parameters
    ----------
    x, y : torch.Tensor
        Broadcastable tensors of the same floating dtype and device.

    Returns
    -------
    torch.Tensor
        The slope at every (x, y), of the broadcast shape, dtype and device.
    """
    return 2 * x - 2 * math.sqrt(3.0) * y + 1.5 * y**2


def linear_approximation(f: ScalarFn, point: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """First-order (tangent-plane) approximation of ``f(point + eps)``.

    Math: f(x + ε) ≈ f(x) + ε · ∇f(x).

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor, built from torch operations.
    point : torch.Tensor
        1-D floating tensor x; not modified.
    eps : torch.Tensor
        1-D tensor ε of the same shape, dtype and device as ``point``.

    Returns
    -------
    torch.Tensor
        0-d tensor of ``point``'s dtype and device. For
        f = log(eˣ + eʸ) at (0, log 2) with ε = (0.01, −0.03) it is 1.0819
        (the true value f(x + ε) is 1.0821).
    """
    with torch.no_grad():
        value = f(point.detach().clone())
    grad = gradient(f, point)
    step = torch.as_tensor(eps).detach().to(dtype=point.dtype, device=point.device)
    return (value + (step * grad).sum()).detach()


def logsumexp_grad(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Gradient of L(x, y) = log(eˣ + eʸ), elementwise and overflow-free.

    Math: ∂L/∂x = eˣ / (eˣ + eʸ) = σ(x − y) and ∂L/∂y = σ(y − x), the
    softmax of (x, y), where σ is the logistic sigmoid. Written with σ of
    the difference, no exponential of a huge number is ever formed, so
    x = 1000, y = 0 gives (1, 0) rather than NaN.

    Parameters
    ----------
    x, y : torch.Tensor
        Broadcastable tensors of the same floating dtype and device.

    Returns
    -------
    tuple of torch.Tensor
        ``(dL_dx, dL_dy)``, each of the broadcast shape, dtype and device;
        the two components sum to 1.
    """
    diff = x.detach() - y.detach()
    return torch.sigmoid(diff), torch.sigmoid(-diff)


def grad_beta_x(beta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Gradient of βᵀx with respect to x (D2L 22.4 ex. 1).

    Math: βᵀx = Σᵢ βᵢxᵢ, so ∂(βᵀx)/∂xᵢ = βᵢ and the gradient is β.

    Parameters
    ----------
    beta, x : torch.Tensor
        1-D tensors of the same length, dtype and device.

    Returns
    -------
    torch.Tensor
        A new tensor equal to ``beta`` (never ``beta`` itself).
    """
    return beta.detach().clone()


def grad_x_beta(beta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Gradient of xᵀβ with respect to x (D2L 22.4 ex. 1).

    Math: xᵀβ is a scalar, equal to its transpose βᵀx = Σᵢ βᵢxᵢ, so its
    gradient is also β.

    Parameters
    ----------
    beta, x : torch.Tensor
        1-D tensors of the same length, dtype and device.

    Returns
    -------
    torch.Tensor
        A new tensor equal to ``beta`` (never ``beta`` itself).
    """
    return beta.detach().clone()


def grad_l2_norm(v: torch.Tensor) -> torch.Tensor:
    """Gradient of the Euclidean norm ‖v‖₂ (D2L 22.4 ex. 2).

    Math: ∂‖v‖₂/∂v = v / ‖v‖₂ for v ≠ 0. At v = 0 the norm has no gradient
    (it has a corner); we return zeros, the subgradient PyTorch also uses.
    The vector is first scaled by its largest magnitude so that neither the
    squares overflow (float32 near 1e20) nor underflow (near 1e-20).

    Parameters
    ----------
    v : torch.Tensor
        1-D floating tensor; not modified.

    Returns
    -------
    torch.Tensor
        v / ‖v‖₂ (zeros at v = 0, never NaN), of ``v``'s shape, dtype and device.
    """
    v = v.detach()
    scale = v.abs().amax() if v.numel() > 0 else torch.zeros((), dtype=v.dtype, device=v.device)
    one = torch.ones((), dtype=v.dtype, device=v.device)
    w = v / torch.where(scale > 0, scale, one)
    norm = torch.linalg.vector_norm(w)
    return w / torch.where(norm > 0, norm, one)


def gradient_field(
    f: ScalarFn, X: torch.Tensor, Y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Gradient of f(x, y) at every point of a grid, for a quiver plot.

    Math: (U, V)[i, j] = ∇f(X[i, j], Y[i, j]) = (∂f/∂x, ∂f/∂y) there; e.g.
    f = 2x² + xy gives (4X + Y, X).

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor ``[x, y]`` to a 0-d tensor, built from torch
        operations, e.g. ``lambda p: 2 * p[0] ** 2 + p[0] * p[1]``.
    X, Y : torch.Tensor
        Grid coordinates of the same shape (as from ``torch.meshgrid``),
        dtype and device; not modified.

    Returns
    -------
    tuple of torch.Tensor
        ``(U, V)``, each with the shape, dtype and device of ``X``.
    """
    if X.shape != Y.shape:
        raise ValueError(
            f"X and Y must have the same shape, got {tuple(X.shape)} and {tuple(Y.shape)}"
        )
    points = torch.stack([X.detach().reshape(-1), Y.detach().reshape(-1)], dim=1)
    points = points.clone().requires_grad_(True)
    grads = None
    with torch.enable_grad():
        # Each value depends only on its own row of ``points``, so the
        # gradient of their sum holds every point's gradient: one backward pass.
        total = torch.zeros((), dtype=X.dtype, device=X.device)
        for p in points.unbind(0):
            total = total + f(p)
        if total.requires_grad:
            (grads,) = torch.autograd.grad(total, points, allow_unused=True)
    if grads is None:
        grads = torch.zeros_like(points)
    grads = grads.detach()
    U = grads[:, 0].reshape(X.shape).clone()
    V = grads[:, 1].reshape(X.shape).clone()
    return U, V

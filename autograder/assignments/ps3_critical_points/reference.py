"""Reference solutions for ``ps3-critical-points`` (notebook ``critical_points``).

The assignment is about the second-order picture of a function:

* critical points of a one-variable polynomial (f'(x) = 0) and its global
  minimum, found by hand;
* critical points of a two-variable function (grad f = 0), D2L 22.4 exercise 4,
  where the second-order test is inconclusive and a restriction to a line
  decides;
* the Hessian computed with autograd and the eigenvalue test that classifies a
  critical point as a minimum, maximum, saddle or degenerate point;
* the quadratic (second-order Taylor) approximation and the Newton step that
  jumps to the stationary point of that approximation;
* D2L 22.4 exercise 5: at a critical point of f = g + h the gradients of g and
  h cancel.

Every function here is plain PyTorch: it works for float32 and float64 on the
device of its inputs, returns results of the input's dtype and device, never
modifies its inputs and does not need ``requires_grad=True`` on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

__all__ = [
    "CRITICAL_POINTS",
    "GLOBAL_MIN",
    "D2L4_CRITICAL_POINTS",
    "D2L4_ORIGIN_KIND",
    "D2L5_CHOICE",
    "critical_points",
    "d2l5_choice",
    "global_min",
    "quartic",
    "quartic_coefficients",
    "hessian",
    "classify_critical_point",
    "quadratic_approximation",
    "newton_step",
]

ScalarFunction = Callable[[torch.Tensor], torch.Tensor]


def quartic_coefficients(roots: tuple[int, int]) -> tuple[int, int, int]:
    """Coefficients ``(3, c3, c2)`` of f(x) = 3x⁴ + c3·x³ + c2·x² for the roots ``(a, b)``.

    f(x) = 3x⁴ − 4(a + b)x³ + 6ab·x² has f′(x) = 12x³ − 12(a + b)x² + 12ab·x
    = 12x(x − a)(x − b): its critical points are 0, a and b. Each student's
    notebook shows the expanded f for their own ``(a, b)``
    (:mod:`autograder.own_numbers`; the published pair (−1, 2) gives
    3x⁴ − 4x³ − 12x²).
    """
    a, b = roots
    return 3, -4 * (a + b), 6 * a * b


def quartic(roots: tuple[int, int], x: float) -> float:
    """f(x) = 3x⁴ − 4(a + b)x³ + 6ab·x² for the roots ``(a, b)`` (exact for integers)."""
    c4, c3, c2 = quartic_coefficients(roots)
    return c4 * x**4 + c3 * x**3 + c2 * x**2


def critical_points(roots: tuple[int, int]) -> list[int]:
    """The sorted critical points ``[a, 0, b]`` of that f (a < 0 < b)."""
    return sorted((roots[0], 0, roots[1]))


def global_min(roots: tuple[int, int]) -> tuple[int, int]:
    """``(x, f(x))`` at the global minimum of that f.

    f(0) = 0 is a local maximum (f″(0) = 12ab < 0) and a, b are local minima
    with f(a) = a³(2b − a) < 0 and f(b) = b³(2a − b) < 0. Their difference
    f(a) − f(b) = (b² − a²)(a − b)² vanishes only for |a| = |b|, which the
    contract excludes, so the global minimum is unique: at whichever of a, b
    is larger in absolute value (f → +∞ as |x| → ∞, so it is attained).

    Raises
    ------
    ValueError
        For ``|a| = |b|`` (two global minima) or roots not of opposite signs.
    """
    a, b = roots
    if not a < 0 < b:
        raise ValueError(f"expected roots a < 0 < b, got {roots}")
    if abs(a) == abs(b):
        raise ValueError(f"|a| = |b| for {roots}: f has two global minima, the item is ill-posed")
    x = a if abs(a) > abs(b) else b
    return x, quartic(roots, x)


#: The published roots (no student id): f(x) = 3x⁴ − 4x³ − 12x².
PUBLISHED_ROOTS: tuple[int, int] = (-1, 2)

# f(x) = 3x^4 - 4x^3 - 12x^2 has f'(x) = 12x^3 - 12x^2 - 24x = 12x(x + 1)(x - 2).
CRITICAL_POINTS: list[int] = critical_points(PUBLISHED_ROOTS)

# f(-1) = -5, f(0) = 0, f(2) = -32, and f -> +inf as |x| -> inf, so the
# global minimum is at x = 2 with value -32.
GLOBAL_MIN: tuple[int, int] = global_min(PUBLISHED_ROOTS)

# f(x, y) = x^2 y + x y^2: grad f = (y(2x + y), x(x + 2y)); both vanish only at
# the origin (y = 0 forces x = 0, and y = -2x gives -3x^2 = 0).
D2L4_CRITICAL_POINTS: list[tuple[int, int]] = [(0, 0)]

# The Hessian at the origin is the zero matrix (inconclusive), but along the
# diagonal f(x, x) = 2x^3 changes sign at 0, so the origin is neither a
# minimum nor a maximum.
D2L4_ORIGIN_KIND: str = "neither"

# D2L 22.4 exercise 5: grad f = grad g + grad h = 0 means grad g = -grad h.
# That is option (b) of the contract; each student's notebook letters the four
# options in its own order (autograder.own_numbers), see d2l5_choice.
D2L5_CHOICE: str = "b"


def d2l5_choice(order: tuple[str, ...]) -> str:
    """The letter that names the contract's option (b) when the letters a, b, c, d show
    the contract's options ``order[0]``, ..., ``order[3]``."""
    return "abcd"[order.index(D2L5_CHOICE)]


def _value_grad_hessian(
    f: ScalarFunction, point: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Value, gradient and Hessian of ``f`` at ``point`` from one call of ``f``.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor (a one-element tensor is accepted).
    point : torch.Tensor
        1-D floating-point tensor of length d.

    Returns
    -------
    tuple of torch.Tensor
        ``(f(x0), grad f(x0), H(x0))``: a 0-d tensor, a tensor of shape (d,) and
        a symmetric tensor of shape (d, d), all detached and of ``point``'s
        dtype and device.

    Raises
    ------
    ValueError
        If ``point`` is not a 1-D floating-point tensor or ``f`` does not return
        a single number.
    """
    if not isinstance(point, torch.Tensor) or point.ndim != 1:
        raise ValueError("point must be a 1-D tensor")
    if not point.is_floating_point():
        raise ValueError("point must be a floating-point tensor (float32 or float64)")
    d = point.shape[0]
    x = point.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        y = f(x)
        if not isinstance(y, torch.Tensor) or y.numel() != 1:
            raise ValueError("f must return a 0-d tensor (a single number)")
        y = y.reshape(())
        zeros_h = torch.zeros(d, d, dtype=point.dtype, device=point.device)
        if not y.requires_grad:  # f does not depend on x at all
            value = y.detach().to(dtype=point.dtype, device=point.device)
            return value, torch.zeros_like(point), zeros_h
        (g,) = torch.autograd.grad(y, x, create_graph=True, materialize_grads=True)
        if not g.requires_grad:  # f is affine in x: the Hessian vanishes
            return y.detach(), g.detach(), zeros_h
        rows = []
        for i in range(d):
            (row,) = torch.autograd.grad(g[i], x, retain_graph=True, materialize_grads=True)
            rows.append(row.detach())
    h = torch.stack(rows) if rows else zeros_h
    # Mixed partials agree mathematically; average away rounding differences.
    h = 0.5 * (h + h.T)
    return y.detach(), g.detach(), h


def hessian(f: ScalarFunction, point: torch.Tensor) -> torch.Tensor:
    """Hessian matrix of ``f`` at ``point``, computed with autograd.

    Math: ``H[i, j] = d^2 f / (dx_i dx_j)`` evaluated at ``point``; it is
    obtained by differentiating each component of the gradient (computed with
    ``create_graph=True``) once more.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor built from torch operations.
    point : torch.Tensor
        1-D floating-point tensor of length d; it is not modified and need not
        require grad.

    Returns
    -------
    torch.Tensor
        Symmetric tensor of shape (d, d), of ``point``'s dtype and device, not
        attached to any autograd graph.

    Raises
    ------
    ValueError
        If ``point`` is not a 1-D floating-point tensor or ``f`` does not return
        a single number.
    """
    _, _, h = _value_grad_hessian(f, point)
    return h


def classify_critical_point(H: torch.Tensor, tol: float = 1e-8) -> str:
    """Classify a critical point from the eigenvalues of its Hessian.

    Math (second-derivative test): with the eigenvalues λ of the symmetric H,
    all λ > tol gives a minimum, all λ < -tol a maximum, some λ > tol together
    with some λ < -tol a saddle, and anything else (an eigenvalue within tol of
    zero and no pair of opposite signs) is degenerate: the test says nothing.

    Parameters
    ----------
    H : torch.Tensor
        Square (d, d) floating-point tensor, d >= 1, assumed symmetric (it is
        symmetrised as (H + Hᵀ)/2 before the eigenvalues are taken).
    tol : float, optional
        Eigenvalues with absolute value <= tol count as zero. Default 1e-8.

    Returns
    -------
    str
        One of ``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"``.

    Raises
    ------
    ValueError
        If ``H`` is not a non-empty square matrix.
    """
    if not isinstance(H, torch.Tensor) or H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError("H must be a square 2-D tensor")
    if H.shape[0] == 0:
        raise ValueError("H must not be empty")
    h = H.detach()
    if not h.is_floating_point():
        h = h.to(torch.get_default_dtype())
    eigenvalues = torch.linalg.eigvalsh(0.5 * (h + h.T))
    positive = bool((eigenvalues > tol).any())
    negative = bool((eigenvalues < -tol).any())
    if bool((eigenvalues > tol).all()):
        return "minimum"
    if bool((eigenvalues < -tol).all()):
        return "maximum"
    if positive and negative:
        return "saddle"
    return "degenerate"


def quadratic_approximation(
    f: ScalarFunction, point: torch.Tensor
) -> Callable[[torch.Tensor], torch.Tensor]:
    """Second-order Taylor approximation of ``f`` around ``point``.

    Math: q(x) = f(x0) + ∇f(x0)·(x − x0) + ½ (x − x0)ᵀ H(x0) (x − x0).
    f(x0), ∇f(x0) and H(x0) are computed once, here, from a single call of
    ``f``; the returned ``q`` never calls ``f``.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor built from torch operations.
    point : torch.Tensor
        The expansion point x0, a 1-D floating-point tensor of length d.

    Returns
    -------
    callable
        ``q(x)``: for a tensor ``x`` of shape (d,) (``point``'s dtype and
        device) returns a 0-d tensor. A batch of shape (..., d) gives shape
        (...). ``q`` is differentiable in ``x``.

    Raises
    ------
    ValueError
        If ``point`` is not a 1-D floating-point tensor or ``f`` does not return
        a single number; ``q`` raises it when the last dimension of ``x`` is
        not d.
    """
    f0, g, h = _value_grad_hessian(f, point)
    x0 = point.detach().clone()
    d = x0.shape[0]

    def q(x: torch.Tensor | Sequence[float]) -> torch.Tensor:
        """Evaluate the quadratic approximation at ``x`` (shape (d,) or (..., d))."""
        x = torch.as_tensor(x, dtype=x0.dtype, device=x0.device)
        if x.ndim == 0 or x.shape[-1] != d:
            raise ValueError(f"x must have last dimension {d}")
        delta = x - x0
        linear = delta @ g
        curvature = ((delta @ h) * delta).sum(dim=-1)
        return f0 + linear + 0.5 * curvature

    return q


def newton_step(f: ScalarFunction, x: torch.Tensor) -> torch.Tensor:
    """One Newton step for minimising ``f``, starting from ``x``.

    Math: x_new = x − H(x)⁻¹ ∇f(x), the stationary point of the quadratic
    approximation of f at x; the linear system H s = ∇f(x) is solved with
    ``torch.linalg.solve`` (no explicit inverse). For a quadratic with positive
    definite Hessian, x_new is the exact minimiser.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor built from torch operations.
    x : torch.Tensor
        Current point, a 1-D floating-point tensor; it is not modified.

    Returns
    -------
    torch.Tensor
        The new point, same shape, dtype and device as ``x``, detached.

    Raises
    ------
    ValueError
        If ``x`` is not a 1-D floating-point tensor or ``f`` does not return a
        single number.
    torch.linalg.LinAlgError
        If the Hessian at ``x`` is singular.
    """
    _, g, h = _value_grad_hessian(f, x)
    step = torch.linalg.solve(h, g)
    return x.detach() - step

"""Reference solutions for ``ps2-descent``: gradient descent in one and many variables.

The assignment (notebook ``source/ps2-descent/descent.ipynb``) covers

* the gradient-descent update :math:`x \\leftarrow x - \\delta \\nabla f(x)`, done by
  hand for :math:`f(x, y) = 2x^2 + xy` from each student's own start point
  (:func:`steps_by_hand`; the published one is :math:`(1, 2)`) with a good step
  size (``STEPS_SCALED``, :math:`\\delta = 0.1`) and a far too large one
  (``STEPS_UNSCALED``, :math:`\\delta = 1`);
* descent in one variable on :math:`f(x) = \\tfrac12 x^2 + e^{-x}` with the
  derivative written out (``grad_descent``), and a step size that converges
  fast (``GOOD_DELTA``);
* simultaneous descent in two variables on
  :math:`f(x, y) = 2x^2 + 4y^2 + e^{-3x} + 3e^{-2y}` with autograd gradients
  (``multi_grad_descent``);
* a general, dtype- and device-preserving descent loop on tensors
  (``gradient_descent``).

Besides the graded names the module exposes the objectives (``f_steps``,
``f_1d``, ``f_2d``), the 1-D derivative (``df_1d``), the 1-D minimiser
(``X_STAR_1D``), the whole iterate sequence (``gradient_descent_path``) and a
scan of the admissible step sizes (``good_delta_range``), so that the hidden
checks and the tests can reuse them.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from fractions import Fraction

import torch
from torch import Tensor

__all__ = [
    "GOOD_DELTA",
    "DELTA_SCALED",
    "DELTA_UNSCALED",
    "STEPS_SCALED",
    "STEPS_UNSCALED",
    "X_STAR_1D",
    "df_1d",
    "f_1d",
    "f_2d",
    "f_steps",
    "good_delta_range",
    "grad_descent",
    "gradient_descent",
    "gradient_descent_path",
    "multi_grad_descent",
    "reaches_minimum",
    "steps_by_hand",
]

# ---------------------------------------------------------------------------
# Objectives
# ---------------------------------------------------------------------------


def f_steps(p: Tensor) -> Tensor:
    """The objective of ``STEPS_SCALED`` / ``STEPS_UNSCALED`` in callable form.

    Math: :math:`f(x, y) = 2x^2 + xy`, with :math:`\\nabla f = (4x + y, x)`.
    It has a saddle point at the origin (Hessian eigenvalues :math:`2 \\pm \\sqrt5`)
    and no minimum.

    Parameters
    ----------
    p : Tensor
        1-D tensor ``[x, y]`` of length 2.

    Returns
    -------
    Tensor
        0-d tensor of ``p``'s dtype and device.
    """
    x, y = p[0], p[1]
    return 2 * x**2 + x * y


def f_1d(x: Tensor | float) -> Tensor | float:
    """The 1-D objective of ``grad_descent``, elementwise.

    Math: :math:`f(x) = \\tfrac12 x^2 + e^{-x}`, strictly convex
    (:math:`f''(x) = 1 + e^{-x} > 0`), minimised at :math:`x^* = W(1)`.

    Parameters
    ----------
    x : Tensor or float
        Point(s) at which to evaluate.

    Returns
    -------
    Tensor or float
        A tensor of ``x``'s shape, dtype and device for a tensor input, else a
        Python float.
    """
    if isinstance(x, Tensor):
        return 0.5 * x**2 + torch.exp(-x)
    x = float(x)
    return 0.5 * x * x + math.exp(-x)


def df_1d(x: Tensor | float) -> Tensor | float:
    """Derivative of :func:`f_1d`, elementwise.

    Math: :math:`f'(x) = x - e^{-x}`.

    Parameters
    ----------
    x : Tensor or float
        Point(s) at which to evaluate.

    Returns
    -------
    Tensor or float
        A tensor of ``x``'s shape, dtype and device for a tensor input, else a
        Python float.
    """
    if isinstance(x, Tensor):
        return x - torch.exp(-x)
    x = float(x)
    return x - math.exp(-x)


def f_2d(x: Tensor | float, y: Tensor | float) -> Tensor | float:
    """The 2-D objective of ``multi_grad_descent``, elementwise.

    Math: :math:`f(x, y) = 2x^2 + 4y^2 + e^{-3x} + 3e^{-2y}`, with
    :math:`\\nabla f = (4x - 3e^{-3x},\\ 8y - 6e^{-2y})`. It is separable and
    strictly convex. For the callable convention of :func:`gradient_descent`
    use ``lambda p: f_2d(p[0], p[1])``.

    Parameters
    ----------
    x, y : Tensor or float
        Coordinates (broadcastable tensors, or Python numbers).

    Returns
    -------
    Tensor or float
        A tensor (broadcast shape, dtype and device of the inputs) if either
        input is a tensor, else a Python float.
    """
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        like = x if isinstance(x, Tensor) else y
        x = torch.as_tensor(x, dtype=like.dtype, device=like.device)
        y = torch.as_tensor(y, dtype=like.dtype, device=like.device)
        return 2 * x**2 + 4 * y**2 + torch.exp(-3 * x) + 3 * torch.exp(-2 * y)
    x, y = float(x), float(y)
    return 2 * x * x + 4 * y * y + math.exp(-3 * x) + 3 * math.exp(-2 * y)


#: Minimiser of :func:`f_1d`: the solution of :math:`x = e^{-x}`, i.e. the
#: omega constant :math:`W(1)` (Lambert W at 1).
X_STAR_1D: float = 0.5671432904097838

# ---------------------------------------------------------------------------
# Graded names
# ---------------------------------------------------------------------------


def steps_by_hand(start: tuple[int, int], delta: Fraction | int | str) -> list[tuple[float, float]]:
    """Two gradient-descent steps on f(x, y) = 2x² + xy, in exact arithmetic.

    This is what ``STEPS_SCALED`` (δ = 1/10) and ``STEPS_UNSCALED`` (δ = 1)
    ask a student to work out by hand, from their own start point
    (:mod:`autograder.own_numbers`; the published one is (1, 2)). Each step
    uses the gradient ∇f(x, y) = (4x + y, x) at the *old* point.

    Parameters
    ----------
    start : tuple of int
        ``(x₀, y₀)``.
    delta : Fraction, int or str
        The step size, exactly (``"0.1"`` or ``Fraction(1, 10)``; a float
        such as 0.1 is not exactly a tenth, so it is refused).

    Returns
    -------
    list of tuple of float
        ``[(x₁, y₁), (x₂, y₂)]``: the exact values rounded once to floats.
    """
    if isinstance(delta, float):
        raise TypeError("give delta exactly, as a Fraction, an int or a str such as '0.1'")
    step = Fraction(delta)
    x, y = Fraction(start[0]), Fraction(start[1])
    points = []
    for _ in range(2):
        x, y = x - step * (4 * x + y), y - step * x
        points.append((float(x), float(y)))
    return points


#: The step sizes of ``STEPS_SCALED`` and ``STEPS_UNSCALED``, exactly.
DELTA_SCALED = Fraction(1, 10)
DELTA_UNSCALED = Fraction(1)

#: Two gradient-descent points for f = 2x² + xy from the published start (1, 2) with δ = 0.1.
#: ∇f(1, 2) = (6, 1) → (0.4, 1.9); ∇f(0.4, 1.9) = (3.5, 0.4) → (0.05, 1.86).
STEPS_SCALED: list[tuple[float, float]] = steps_by_hand((1, 2), DELTA_SCALED)

#: The same two points with δ = 1: the steps overshoot and f grows (4 → 45 → 476).
#: ∇f(1, 2) = (6, 1) → (−5, 1); ∇f(−5, 1) = (−19, −5) → (14, 6).
STEPS_UNSCALED: list[tuple[float, float]] = steps_by_hand((1, 2), DELTA_UNSCALED)


def _check_steps(n: int, name: str = "n") -> int:
    """Validate a step count: a non-negative integer (``bool`` excluded)."""
    if isinstance(n, bool):
        raise TypeError(f"{name} must be an int, got bool")
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(n).__name__}") from None
    if n < 0:
        raise ValueError(f"{name} must be >= 0, got {n}")
    return n


def grad_descent(x_start: float, n: int, delta: float = 0.1) -> float:
    """Gradient descent in one variable on :math:`f(x) = \\tfrac12 x^2 + e^{-x}`.

    Math: exactly ``n`` steps of :math:`x \\leftarrow x - \\delta\\,(x - e^{-x})`,
    since :math:`f'(x) = x - e^{-x}`. The iterates approach
    :math:`x^* = W(1) \\approx 0.567143` for :math:`0 < \\delta \\lesssim 1.27`.

    Parameters
    ----------
    x_start : float
        Starting point (any real number; ints and 0-d tensors are converted).
    n : int
        Number of steps, ``n >= 0``; ``n = 0`` returns ``float(x_start)``.
    delta : float, optional
        Step size :math:`\\delta` (default 0.1).

    Returns
    -------
    float
        The point after ``n`` steps, as a Python float (double precision).

    Raises
    ------
    ValueError
        If ``n`` is negative.
    TypeError
        If ``n`` is not an integer.
    OverflowError
        If the iteration diverges so far that :math:`e^{-x}` overflows
        (a far too large ``delta``).
    """
    n = _check_steps(n)
    x = float(x_start)
    delta = float(delta)
    for _ in range(n):
        x = x - delta * (x - math.exp(-x))
    return x


def _descent_step(f: Callable[[Tensor], Tensor], x: Tensor, lr: float) -> Tensor:
    """One step :math:`x - lr \\nabla f(x)` with autograd; returns a detached tensor."""
    with torch.enable_grad():
        xg = x.detach().requires_grad_(True)
        value = f(xg)
        if not isinstance(value, Tensor) or value.numel() != 1:
            raise ValueError("f must return a tensor with a single element (a 0-d tensor)")
        if value.requires_grad:
            (grad,) = torch.autograd.grad(value.reshape(()), xg, allow_unused=True)
        else:  # f does not depend on x at all
            grad = None
    if grad is None:
        grad = torch.zeros_like(x)
    return (x - lr * grad).detach()


def gradient_descent_path(
    f: Callable[[Tensor], Tensor], x0: Tensor, lr: float, steps: int
) -> Tensor:
    """All iterates of gradient descent, ``x0`` included.

    Math: :math:`x_0 = x0,\\ x_{k+1} = x_k - lr\\,\\nabla f(x_k)` for
    :math:`k = 0, \\dots, steps - 1`, gradients by autograd.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor built from torch operations.
    x0 : Tensor
        Starting point, a 1-D tensor (not modified).
    lr : float
        Step size.
    steps : int
        Number of steps, ``steps >= 0``.

    Returns
    -------
    Tensor
        Shape ``(steps + 1, *x0.shape)``, ``x0``'s dtype and device, detached;
        row ``k`` is :math:`x_k` (bitwise the same as :func:`gradient_descent`
        after ``k`` steps).

    Raises
    ------
    ValueError
        If ``steps`` is negative or ``f`` does not return a single-element tensor.
    """
    steps = _check_steps(steps, "steps")
    x = x0.detach().clone()
    path = [x]
    for _ in range(steps):
        x = _descent_step(f, x, lr)
        path.append(x)
    return torch.stack(path)


def gradient_descent(f: Callable[[Tensor], Tensor], x0: Tensor, lr: float, steps: int) -> Tensor:
    """General gradient descent on a 1-D tensor, gradients by autograd.

    Math: exactly ``steps`` iterations of :math:`x \\leftarrow x - lr\\,\\nabla f(x)`
    starting from ``x0``.

    Parameters
    ----------
    f : callable
        Maps a 1-D tensor to a 0-d tensor built from torch operations.
    x0 : Tensor
        Starting point, a 1-D tensor of any length and floating dtype; it is
        neither modified nor required to have ``requires_grad=True``.
    lr : float
        Step size (learning rate).
    steps : int
        Number of iterations, ``steps >= 0``; ``steps = 0`` returns a copy of ``x0``.

    Returns
    -------
    Tensor
        The final point: a new, detached tensor of ``x0``'s shape, dtype and device.

    Raises
    ------
    ValueError
        If ``steps`` is negative or ``f`` does not return a single-element tensor.
    TypeError
        If ``steps`` is not an integer.
    """
    steps = _check_steps(steps, "steps")
    x = x0.detach().clone()
    for _ in range(steps):
        x = _descent_step(f, x, lr)
    return x


def multi_grad_descent(
    x_start: float, y_start: float, n: int, delta: float = 0.1
) -> tuple[float, float]:
    """Simultaneous gradient descent on :math:`f(x, y) = 2x^2 + 4y^2 + e^{-3x} + 3e^{-2y}`.

    Math: exactly ``n`` steps of
    :math:`(x, y) \\leftarrow (x, y) - \\delta\\,\\nabla f(x, y)` with both partial
    derivatives taken at the *old* point (simultaneous update), computed with
    torch autograd in float64. Float64 is needed: from :math:`(14, -53)` the
    first step gives :math:`y \\approx 0.6\\,e^{106} \\approx 6.5068\\times10^{45}`,
    beyond the float32 range.

    Parameters
    ----------
    x_start, y_start : float
        Starting point.
    n : int
        Number of steps, ``n >= 0``; ``n = 0`` returns the start as floats.
    delta : float, optional
        Step size :math:`\\delta` (default 0.1).

    Returns
    -------
    tuple of float
        ``(x, y)`` after ``n`` steps, as Python floats.

    Raises
    ------
    ValueError
        If ``n`` is negative.
    TypeError
        If ``n`` is not an integer.
    """
    n = _check_steps(n)
    p0 = torch.tensor([float(x_start), float(y_start)], dtype=torch.float64)
    p = gradient_descent(lambda p: f_2d(p[0], p[1]), p0, float(delta), n)
    return float(p[0]), float(p[1])


#: A step size with which ``grad_descent(-1, 30, GOOD_DELTA)`` is within 1e-8 of
#: ``X_STAR_1D``. Near x* the error is multiplied by |1 − δ f''(x*)| per step,
#: f''(x*) = 1 + x* ≈ 1.567, so δ ≈ 1/1.567 ≈ 0.64 is fastest; the admissible
#: range from x = −1 is about [0.29, 0.97] (see ``good_delta_range``).
GOOD_DELTA: float = 0.6

# ---------------------------------------------------------------------------
# Step-size scan
# ---------------------------------------------------------------------------


def reaches_minimum(delta: float, x_start: float = -1.0, n: int = 30, tol: float = 1e-8) -> bool:
    """Whether ``grad_descent(x_start, n, delta)`` ends within ``tol`` of ``X_STAR_1D``.

    Math: :math:`|x_n - x^*| < tol`. A diverging run (overflow) counts as ``False``.

    Parameters
    ----------
    delta : float
        Step size to test.
    x_start : float, optional
        Starting point (default -1).
    n : int, optional
        Number of steps (default 30).
    tol : float, optional
        Tolerance (default 1e-8).

    Returns
    -------
    bool
    """
    try:
        x = grad_descent(x_start, n, delta)
    except OverflowError:
        return False
    return math.isfinite(x) and abs(x - X_STAR_1D) < tol


def good_delta_range(
    deltas: Sequence[float] | None = None,
    x_start: float = -1.0,
    n: int = 30,
    tol: float = 1e-8,
) -> tuple[float, float]:
    """Smallest and largest admissible step size on a grid.

    Math: the extremes of :math:`\\{\\delta : |x_n(\\delta) - x^*| < tol\\}` over
    the grid, where :math:`x_n(\\delta)` = ``grad_descent(x_start, n, delta)``.
    With the defaults (grid 0.0001, 0.0002, ..., 2.0) this gives about
    (0.2896, 0.9769), and every grid point in between is admissible.

    Parameters
    ----------
    deltas : sequence of float, optional
        Step sizes to scan; default ``k / 10000`` for ``k = 1, ..., 20000``.
    x_start, n, tol
        As in :func:`reaches_minimum`.

    Returns
    -------
    tuple of float
        ``(lo, hi)``, the smallest and largest admissible grid values.

    Raises
    ------
    ValueError
        If no grid value is admissible.
    """
    if deltas is None:
        deltas = [k / 10000 for k in range(1, 20001)]
    good = [d for d in deltas if reaches_minimum(d, x_start, n, tol)]
    if not good:
        raise ValueError("no step size on the grid reaches the minimiser")
    return min(good), max(good)

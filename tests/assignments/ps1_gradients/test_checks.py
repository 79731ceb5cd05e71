"""Hidden checks of ps1-gradients: the model answer earns everything, wrong ones lose."""

from __future__ import annotations

import pytest

from tests.checks.conftest import assert_lost

A = "ps1-gradients"

# Two wrong submissions: every graded name wrong, each in a different way.
WRONG_1 = {
    "partials": (
        "import torch\n"
        "def partials(x, y, z):\n"
        "    x, y, z = torch.broadcast_tensors(x, y, z)\n"
        "    return -3 * x, 4 * x - 3 * y, 3 * z**2\n"
    ),
    "PARTIALS_DEPEND_ON": 'PARTIALS_DEPEND_ON = {"x": {"x", "y", "z"}, "y": {"x"}, "z": {"z"}}',
    "gradient": (
        "import torch\n"
        "def gradient(f, point):\n"
        "    p = point.detach().double().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    return g\n"
    ),
    "directional_derivative": (
        "import torch\n"
        "def directional_derivative(f, point, direction):\n"
        "    if not bool(direction.norm() > 0):\n"
        "        raise ValueError('zero direction')\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    return (direction * g).sum()\n"
    ),
    "unit_vector": (
        "import math, torch\n"
        "def unit_vector(angle_deg):\n"
        "    return torch.tensor([math.cos(angle_deg), math.sin(angle_deg)], dtype=torch.float64)\n"
    ),
    "slope_150": (
        "import math\n"
        "def slope_150(x, y):\n"
        "    return math.cos(150) * 4 * y + math.sin(150) * (4 * x + 3 * y**2)\n"
    ),
    "linear_approximation": (
        "import torch\n"
        "def linear_approximation(f, point, eps):\n"
        "    with torch.no_grad():\n"
        "        return f(point.clone())\n"
    ),
    "logsumexp_grad": (
        "import torch\n"
        "def logsumexp_grad(x, y):\n"
        "    ex, ey = torch.exp(x), torch.exp(y)\n"
        "    return ex / (ex + ey), ey / (ex + ey)\n"
    ),
    "LSE_GRAD_SUM": "LSE_GRAD_SUM = 0",
    "grad_beta_x": "def grad_beta_x(beta, x):\n    return x.clone()\n",
    "grad_x_beta": "def grad_x_beta(beta, x):\n    return x.clone()\n",
    "grad_l2_norm": "def grad_l2_norm(v):\n    return v / v.norm()\n",
    "gradient_field": (
        "import torch\n"
        "def gradient_field(f, X, Y):\n"
        "    U = torch.empty_like(X)\n"
        "    V = torch.empty_like(Y)\n"
        "    for idx in torch.cartesian_prod(*(torch.arange(n) for n in X.shape)):\n"
        "        i = tuple(int(k) for k in idx)\n"
        "        p = torch.stack([X[i], Y[i]]).detach().requires_grad_(True)\n"
        "        (g,) = torch.autograd.grad(f(p), p)\n"
        "        U[i], V[i] = g[1], g[0]\n"
        "    return U, V\n"
    ),
    "steepest_ascent": (  # the gradient itself, and no ValueError where it is zero
        "import torch\n"
        "def steepest_ascent(f, point):\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    return g, torch.linalg.vector_norm(g)\n"
    ),
}
WRONG_2 = {
    "partials": "def partials(x, y, z):\n    return 4 * x - 3 * y, -3 * x, 3 * z**2\n",
    "PARTIALS_DEPEND_ON": 'PARTIALS_DEPEND_ON = {"x": {"x", "y"}, "y": {"x", "y"}, "z": {"z"}}',
    "gradient": (
        "import torch\n"
        "def gradient(f, point):\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    return -g\n"
    ),
    "directional_derivative": (
        "import torch\n"
        "def directional_derivative(f, point, direction):\n"
        "    u = direction / direction.norm()\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    return (u * g).sum()\n"
    ),
    "unit_vector": (
        "import math, torch\n"
        "def unit_vector(angle_deg):\n"
        "    t = math.radians(angle_deg)\n"
        "    return torch.tensor([math.cos(t), math.sin(t)])\n"
    ),
    "slope_150": (
        "import math\ndef slope_150(x, y):\n    return -math.sqrt(3) * 4 * y + (4 * x + 3 * y**2)\n"
    ),
    "linear_approximation": (
        "import torch\n"
        "def linear_approximation(f, point, eps):\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    value = f(p)\n"
        "    (g,) = torch.autograd.grad(value, p)\n"
        "    return (value - (eps * g).sum()).detach()\n"
    ),
    "logsumexp_grad": (
        "import torch\n"
        "def logsumexp_grad(x, y):\n"
        "    d = x - y\n"
        "    return torch.sigmoid(-d), torch.sigmoid(d)\n"
    ),
    "LSE_GRAD_SUM": "import torch\nLSE_GRAD_SUM = torch.tensor(1.0)",
    "grad_beta_x": "def grad_beta_x(beta, x):\n    return beta @ x\n",
    "grad_x_beta": "def grad_x_beta(beta, x):\n    return beta.reshape(1, -1).clone()\n",
    "grad_l2_norm": (
        "import torch\n"
        "def grad_l2_norm(v):\n"
        "    n = (v**2).sum()\n"
        "    return v / n if n > 0 else torch.zeros_like(v)\n"
    ),
    "gradient_field": (
        "import torch\n"
        "def gradient_field(f, X, Y):\n"
        "    P = torch.stack([X.reshape(-1), Y.reshape(-1)], 1).double().requires_grad_(True)\n"
        "    total = sum(f(p) for p in P.unbind(0))\n"
        "    (g,) = torch.autograd.grad(total, P)\n"
        "    return g[:, 0].reshape(X.shape), g[:, 1].reshape(X.shape)\n"
    ),
    "steepest_ascent": (  # the squared length as the rate, and 0/0 where the gradient is zero
        "import torch\n"
        "def steepest_ascent(f, point):\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    n = torch.linalg.vector_norm(g)\n"
        "    return g / n, n**2\n"
    ),
}
# More ways to get steepest_ascent wrong, alone (the other names keep the model answers).
STEEPEST_DESCENT = (
    "import torch\n"
    "def steepest_ascent(f, point):\n"
    "    p = point.detach().clone().requires_grad_(True)\n"
    "    (g,) = torch.autograd.grad(f(p), p)\n"
    "    n = torch.linalg.vector_norm(g)\n"
    "    if n == 0:\n"
    "        raise ValueError('no steepest direction')\n"
    "    return -g / n, n\n"
)
STEEPEST_NUMBER = (
    "import torch\n"
    "def steepest_ascent(f, point):\n"
    "    p = point.detach().clone().requires_grad_(True)\n"
    "    (g,) = torch.autograd.grad(f(p), p)\n"
    "    n = torch.linalg.vector_norm(g)\n"
    "    if n == 0:\n"
    "        raise ValueError('no steepest direction')\n"
    "    return g / n, n.item()\n"
)
STEEPEST_ONE_NORM = (
    "import torch\n"
    "def steepest_ascent(f, point):\n"
    "    p = point.detach().clone().requires_grad_(True)\n"
    "    (g,) = torch.autograd.grad(f(p), p)\n"
    "    n = torch.linalg.vector_norm(g)\n"
    "    if n == 0:\n"
    "        raise ValueError('no steepest direction')\n"
    "    return g / n, g.abs().sum()\n"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("partials", "∂f/∂x and ∂f/∂y swapped"),
        ("PARTIALS_DEPEND_ON", "including z in ∂f/∂x"),
        ("gradient", "float64 for a float32 input"),
        ("directional_derivative", "not normalised"),
        ("unit_vector", "without conversion to radians"),
        ("slope_150", "without conversion to radians"),
        ("linear_approximation", "f(point) only"),
        ("logsumexp_grad", "overflowing log-sum-exp"),
        ("LSE_GRAD_SUM", "components that cancel"),
        ("grad_beta_x", "with respect to β"),
        ("grad_x_beta", "x instead of β"),
        ("grad_l2_norm", "NaN at v = 0"),
        ("gradient_field", "U and V swapped"),
        ("steepest_ascent", "the gradient itself as the direction"),
    ],
)
def test_first_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_1), name, misconception)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("partials", "missing broadcast"),
        ("PARTIALS_DEPEND_ON", "including y in ∂f/∂y"),
        ("gradient", "negative gradient"),
        ("directional_derivative", "instead of raising ValueError"),
        ("unit_vector", "default dtype float32"),
        ("slope_150", "not normalised"),
        ("linear_approximation", "wrong sign of eps"),
        ("logsumexp_grad", "two components swapped"),
        ("LSE_GRAD_SUM", "Python number"),
        ("grad_beta_x", "value βᵀx itself"),
        ("grad_x_beta", "row vector"),
        ("grad_l2_norm", "divided by ‖v‖₂²"),
        ("gradient_field", "float64 for a float32 input"),
        ("steepest_ascent", "the slope ‖∇f‖₂²"),
    ],
)
def test_second_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_2), name, misconception)


@pytest.mark.slow
def test_wrong_names_do_not_cost_the_others(grade):
    wrong = ("gradient", "logsumexp_grad")
    result = grade(A, {name: WRONG_1[name] for name in wrong})
    for entry in result.names:
        if entry.name in wrong:
            assert entry.score < entry.max_score, entry.feedback
        else:
            assert entry.score == entry.max_score, entry.feedback


@pytest.mark.slow
@pytest.mark.parametrize(
    ("submission", "misconception"),
    [
        ("WRONG_1", "there is no steepest one (raise ValueError)"),
        ("WRONG_2", "∇f divided by its zero length"),
        ("STEEPEST_DESCENT", "the direction of steepest descent"),
        ("STEEPEST_NUMBER", "the rate returned as a Python number"),
        ("STEEPEST_ONE_NORM", "the 1-norm of ∇f"),
    ],
)
def test_steepest_ascent_misconceptions_are_named(grade, submission, misconception):
    code = globals()[submission]
    code = code["steepest_ascent"] if isinstance(code, dict) else code
    result = grade(A, {"steepest_ascent": code})
    assert_lost(result, "steepest_ascent")
    # the feedback shows three messages at most: look at every failed check
    named = [c.misconception or "" for c in result.by_name()["steepest_ascent"].checks]
    assert any(misconception in m for m in named), named
    others = [e for e in result.names if e.name != "steepest_ascent"]
    assert all(e.score == e.max_score for e in others), [e.feedback for e in others]

"""Hidden checks of ps4-backprop: the model answer earns everything, wrong ones lose."""

from __future__ import annotations

import pytest

from tests.checks.conftest import assert_lost

A = "ps4-backprop"

# Two wrong submissions: every graded name wrong, each in a different way.
WRONG_1 = {
    "forward_df_dw": (  # only the path through u
        "def forward_df_dw(w, x, y, z):\n"
        "    s_plus, s_minus = w + x + y + z, w + x - y - z\n"
        "    a, da_dw = s_plus**2, 2 * s_plus\n"
        "    b, db_dw = s_minus**2, 2 * s_minus\n"
        "    u, du_dw = (a + b) ** 2, 2 * (a + b) * (da_dw + db_dw)\n"
        "    v = (a - b) ** 2\n"
        "    return (u + v) ** 2, 2 * (u + v) * du_dw\n"
    ),
    "backprop": (  # y and z treated like w and x: right at (-1, 0, -2, 1), wrong elsewhere
        "def backprop(w, x, y, z):\n"
        "    s_plus, s_minus = w + x + y + z, w + x - y - z\n"
        "    a, b = s_plus**2, s_minus**2\n"
        "    u, v = (a + b) ** 2, (a - b) ** 2\n"
        "    u_bar = v_bar = 2 * (u + v)\n"
        "    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)\n"
        "    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)\n"
        "    g = a_bar * 2 * s_plus + b_bar * 2 * s_minus\n"
        "    return {'f': (u + v) ** 2, 'w': g, 'x': g, 'y': g, 'z': g}\n"
    ),
    "autograd_partials": (  # Python numbers instead of tensors
        "import torch\n"
        "def autograd_partials(w, x, y, z):\n"
        "    leaves = [t.detach().clone().requires_grad_(True) for t in (w, x, y, z)]\n"
        "    f = f_chain(*leaves)\n"
        "    f.backward()\n"
        "    out = {'f': f.item()}\n"
        "    for name, leaf in zip('wxyz', leaves):\n"
        "        out[name] = leaf.grad.item()\n"
        "    return out\n"
    ),
    "grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return 2 * A @ x\n",
    "grad_factorization": "def grad_factorization(X, U, V):\n    return 2 * U.T @ (X - U @ V)\n",
    "REVERSE_MODE_SWEEPS": 'REVERSE_MODE_SWEEPS = {"forward": 1, "reverse": 1_000_000}\n',
    "jacobian": (  # the transpose: columns are the outputs' gradients
        "import torch\n"
        "def jacobian(F, x):\n"
        "    leaf = x.detach().clone().requires_grad_(True)\n"
        "    y = F(leaf)\n"
        "    rows = [torch.autograd.grad(y[i], leaf, retain_graph=True)[0]\n"
        "            for i in range(y.shape[0])]\n"
        "    return torch.stack(rows, dim=1)\n"
    ),
    "chain_rule_grad": (  # J_F times grad g, without the transpose
        "import torch\n"
        "def chain_rule_grad(F, g, x):\n"
        "    J = torch.autograd.functional.jacobian(F, x)\n"
        "    y = F(x).detach().requires_grad_(True)\n"
        "    (gg,) = torch.autograd.grad(g(y), y)\n"
        "    return J @ gg\n"
    ),
    "grad_least_squares": "def grad_least_squares(A, x, b):\n    return A.T @ (A @ x - b)\n",
    "grad_factorization_U": (
        "def grad_factorization_U(X, U, V):\n    return 2 * (X - U @ V) @ V.T\n"
    ),
}
WRONG_2 = {
    "forward_df_dw": (  # da/dw and db/dw taken as 1
        "def forward_df_dw(w, x, y, z):\n"
        "    a, da_dw = (w + x + y + z) ** 2, 1.0\n"
        "    b, db_dw = (w + x - y - z) ** 2, 1.0\n"
        "    u, du_dw = (a + b) ** 2, 2 * (a + b) * (da_dw + db_dw)\n"
        "    v, dv_dw = (a - b) ** 2, 2 * (a - b) * (da_dw - db_dw)\n"
        "    return (u + v) ** 2, 2 * (u + v) * (du_dw + dv_dw)\n"
    ),
    "backprop": (  # right numbers, wrong keys
        "def backprop(w, x, y, z):\n"
        "    s_plus, s_minus = w + x + y + z, w + x - y - z\n"
        "    a, b = s_plus**2, s_minus**2\n"
        "    u, v = (a + b) ** 2, (a - b) ** 2\n"
        "    u_bar = v_bar = 2 * (u + v)\n"
        "    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)\n"
        "    b_bar = u_bar * 2 * (a + b) - v_bar * 2 * (a - b)\n"
        "    p, q = a_bar * 2 * s_plus, b_bar * 2 * s_minus\n"
        "    return {'f': (u + v) ** 2, 'df_dw': p + q, 'df_dx': p + q,\n"
        "            'df_dy': p - q, 'df_dz': p - q}\n"
    ),
    "autograd_partials": (  # computed (and returned) in float64 whatever the input
        "import torch\n"
        "def autograd_partials(w, x, y, z):\n"
        "    leaves = [t.detach().double().requires_grad_(True) for t in (w, x, y, z)]\n"
        "    with torch.enable_grad():\n"
        "        f = f_chain(*leaves)\n"
        "        f.sum().backward()\n"
        "    return {'f': f.detach(), **{k: t.grad for k, t in zip('wxyz', leaves)}}\n"
    ),
    "grad_quadratic_form": "def grad_quadratic_form(A, x):\n    return A.T @ x\n",
    "grad_factorization": ("def grad_factorization(X, U, V):\n    return -2 * (X - U @ V).T @ U\n"),
    "REVERSE_MODE_SWEEPS": 'REVERSE_MODE_SWEEPS = {"forward": 1_000_000, "reverse": 2}\n',
    "jacobian": (  # .grad accumulates over the rows
        "import torch\n"
        "def jacobian(F, x):\n"
        "    leaf = x.detach().clone().requires_grad_(True)\n"
        "    y = F(leaf)\n"
        "    rows = []\n"
        "    for i in range(y.shape[0]):\n"
        "        y[i].backward(retain_graph=True)\n"
        "        rows.append(leaf.grad.clone())\n"
        "    return torch.stack(rows)\n"
    ),
    "chain_rule_grad": (  # grad g taken at x instead of at F(x)
        "import torch\n"
        "def chain_rule_grad(F, g, x):\n"
        "    J = torch.autograd.functional.jacobian(F, x)\n"
        "    xl = x.detach().clone().requires_grad_(True)\n"
        "    (gg,) = torch.autograd.grad(g(xl), xl)\n"
        "    return J.T @ gg\n"
    ),
    "grad_least_squares": "def grad_least_squares(A, x, b):\n    return 2 * (A @ x - b)\n",
    "grad_factorization_U": (
        "def grad_factorization_U(X, U, V):\n    return -2 * U.T @ (X - U @ V)\n"
    ),
}
# A third submission: the new names wrong once more, in other ways.
WRONG_3 = {
    "jacobian": (  # one backward pass of the sum of the outputs
        "import torch\n"
        "def jacobian(F, x):\n"
        "    leaf = x.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(F(leaf).sum(), leaf)\n"
        "    return g\n"
    ),
    "chain_rule_grad": (  # g left out: the column sums of J
        "import torch\n"
        "def chain_rule_grad(F, g, x):\n"
        "    return torch.autograd.functional.jacobian(F, x).sum(dim=0)\n"
    ),
    "grad_least_squares": "def grad_least_squares(A, x, b):\n    return 2 * A.T @ (b - A @ x)\n",
    "grad_factorization_U": "def grad_factorization_U(X, U, V):\n    return -2 * X @ V.T\n",
    "REVERSE_MODE_SWEEPS": 'REVERSE_MODE_SWEEPS = {"forward": 1_000_000, "reverse": 1_000_000}\n',
}
# Right values still attached to the graph: the docstring asks for detached tensors.
ATTACHED = (
    "import torch\n"
    "def autograd_partials(w, x, y, z):\n"
    "    leaves = [t.detach().clone().requires_grad_(True) for t in (w, x, y, z)]\n"
    "    f = f_chain(*leaves)\n"
    "    grads = torch.autograd.grad(f.sum(), leaves, create_graph=True)\n"
    "    return {'f': f, **dict(zip('wxyz', grads))}\n"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("forward_df_dw", "only the path through u"),
        ("backprop", "b depends on −y − z"),
        ("autograd_partials", "Python numbers"),
        ("grad_quadratic_form", "only for a symmetric A"),
        ("grad_factorization", "the sign is wrong"),
        ("REVERSE_MODE_SWEEPS", "the two modes swapped"),
        ("jacobian", "the transpose of the Jacobian"),
        ("chain_rule_grad", "J_F ∇g instead of J_Fᵀ ∇g"),
        ("grad_least_squares", "the factor 2 from differentiating the square is missing"),
        ("grad_factorization_U", "the sign is wrong"),
    ],
)
def test_first_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_1), name, misconception)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("forward_df_dw", "∂a/∂w treated as 1"),
        ("backprop", "wrong keys"),
        ("autograd_partials", "float64 for a float32 input"),
        ("grad_quadratic_form", "only Aᵀx"),
        ("grad_factorization", "transpose of the gradient"),
        ("REVERSE_MODE_SWEEPS", "the forward evaluation counted as a reverse sweep"),
        ("jacobian", "rows that add up the earlier rows"),
        ("chain_rule_grad", "∇g taken at x instead of at y = F(x)"),
        ("grad_least_squares", "the gradient with respect to the residual"),
        ("grad_factorization_U", "the gradient with respect to V, not U"),
    ],
)
def test_second_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_2), name, misconception)


@pytest.mark.slow
def test_backprop_y_z_slip_passes_the_contract_point_only(grade):
    checks = {c.check: c for c in grade(A, WRONG_1).by_name()["backprop"].checks}
    assert checks["test_backprop_contract_point"].passed
    assert not checks["test_backprop_random_points[float64]"].passed


@pytest.mark.slow
def test_wrong_names_do_not_cost_the_others(grade):
    result = grade(
        A,
        {"grad_quadratic_form": WRONG_1["grad_quadratic_form"], "autograd_partials": ATTACHED},
    )
    assert result.problems == []
    for entry in result.names:
        if entry.name not in ("grad_quadratic_form", "autograd_partials"):
            assert entry.score == entry.max_score, entry.feedback
    assert_lost(result, "grad_quadratic_form", "only for a symmetric A")
    assert_lost(result, "autograd_partials", "still attached to the autograd graph")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("jacobian", "the gradient of the sum of the outputs"),
        ("chain_rule_grad", "the gradient of ΣᵢFᵢ"),
        ("grad_least_squares", "the sign is wrong"),
        ("grad_factorization_U", "the UV term of the residual X − UV is missing"),
        ("REVERSE_MODE_SWEEPS", "one reverse sweep per input"),
    ],
)
def test_third_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_3), name, misconception)

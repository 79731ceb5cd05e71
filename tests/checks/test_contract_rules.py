"""The contract's rules for every item, as the boundary and the shared comparison enforce them.

Each wrong submission here breaks one rule of "Conventions that hold for every
item" (``shared/EXERCISES.md``) and is otherwise right, so only the rule can
cost it marks; it must lose them with a message that names the problem. Then
the mistakes that vanish at easy inputs (a ``gradient_field`` that calls ``f``
once on the stacked grid, a ``logsumexp_grad`` that clamps) and incidental
forms that are accepted with a note.
"""

from __future__ import annotations

import pytest

from tests.checks.conftest import assert_lost

IN_PLACE = "modified an input in place"
REQUIRES_GRAD = "left requires_grad=True on"
GRAD_LEFT = "left a .grad on"

# (assignment, name, code, what the feedback must say)
BROKEN_RULES = [
    (
        "ps1-gradients",
        "grad_l2_norm",
        "import torch\n"
        "def grad_l2_norm(v):\n"
        "    n = torch.linalg.vector_norm(v)\n"
        "    if n == 0:\n"
        "        return torch.zeros_like(v)\n"
        "    v /= n\n"
        "    return v\n",
        "modified `v` in place",
    ),
    (
        "ps1-gradients",
        "linear_approximation",
        "import torch\n"
        "def linear_approximation(f, point, eps):\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    value = f(p)\n"
        "    (g,) = torch.autograd.grad(value, p)\n"
        "    eps *= g  # reuse the buffer\n"
        "    return (value + eps.sum()).detach()\n",
        "modified `eps` in place",
    ),
    (
        "ps1-gradients",
        "gradient",
        "def gradient(f, point):\n"
        "    point.requires_grad_(True)\n"
        "    f(point).backward()\n"
        "    return point.grad.detach().clone()\n",
        "left requires_grad=True on `point`",
    ),
    (
        "ps1-gradients",
        "grad_x_beta",
        "def grad_x_beta(beta, x):\n"
        "    x.requires_grad_(True)\n"
        "    (x @ beta).backward()\n"
        "    g = x.grad.clone()\n"
        "    x.requires_grad_(False)\n"
        "    return g\n",
        "left a .grad on `x`",
    ),
    (
        "ps2-descent",
        "gradient_descent",
        "import torch\n"
        "def gradient_descent(f, x0, lr, steps):\n"
        "    x = x0\n"
        "    for _ in range(steps):\n"
        "        x_ = x.detach().requires_grad_(True)\n"
        "        (g,) = torch.autograd.grad(f(x_), x_)\n"
        "        with torch.no_grad():\n"
        "            x -= lr * g\n"
        "    return x.clone()\n",
        "modified `x0` in place",
    ),
    (
        "ps3-critical-points",
        "newton_step",
        "import torch\n"
        "def newton_step(f, x):\n"
        "    H = torch.autograd.functional.hessian(f, x)\n"
        "    p = x.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    x.sub_(torch.linalg.solve(H, g))\n"
        "    return x.clone()\n",
        "modified `x` in place",
    ),
    (
        "ps4-backprop",
        "grad_quadratic_form",
        "def grad_quadratic_form(A, x):\n"
        "    A[:] = (A + A.T) / 2  # symmetrise: then the gradient is 2Ax\n"
        "    return 2 * A @ x\n",
        "modified `A` in place",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("assignment", "name", "code", "phrase"),
    BROKEN_RULES,
    ids=[f"{a}:{n}" for a, n, _, _ in BROKEN_RULES],
)
def test_a_broken_contract_rule_loses_marks_with_the_argument_named(
    grade, assignment, name, code, phrase
):
    result = grade(assignment, {name: code})
    assert_lost(result, name, phrase)
    misconceptions = result.by_name()[name].misconceptions
    assert any(m.startswith(("modified", "left")) for m in misconceptions), misconceptions
    others = [n for n in result.names if n.name != name]
    assert all(n.score == n.max_score for n in others)  # the rest of the model answer


@pytest.mark.slow
def test_state_kept_between_calls_loses_marks(grade):
    code = (
        "import torch\n"
        "_seen = {}\n"
        "def gradient(f, point):\n"
        "    key = tuple(point.tolist())\n"
        "    p = point.detach().clone().requires_grad_(True)\n"
        "    (g,) = torch.autograd.grad(f(p), p)\n"
        "    _seen[key] = _seen.get(key, 0) + 1\n"
        "    return g * _seen[key]  # a running total, as a stateful optimiser would\n"
    )
    assert_lost(grade("ps1-gradients", {"gradient": code}), "gradient", "state kept between calls")


@pytest.mark.slow
def test_a_dtype_slip_is_named_by_the_shared_comparison(grade):
    code = (
        "import torch\n"
        "def grad_quadratic_form(A, x):\n"
        "    A, x = A.double(), x.double()\n"
        "    return (A + A.T) @ x\n"
    )
    result = grade("ps4-backprop", {"grad_quadratic_form": code})
    assert_lost(result, "grad_quadratic_form", "returned in float64 for a float32 input")


# ---------------------------------------------------------------- mistakes that vanish
STACKED_FIELD = (
    "import torch\n"
    "def gradient_field(f, X, Y):\n"
    "    P = torch.stack([X, Y]).detach().clone().requires_grad_(True)\n"
    "    f(P).sum().backward()\n"
    "    return P.grad[0].clone(), P.grad[1].clone()\n"
)
CLAMPED_LSE = (
    "import torch\n"
    "def logsumexp_grad(x, y):\n"
    "    x, y = torch.broadcast_tensors(x.clamp(-50, 50), y.clamp(-50, 50))\n"
    "    ex, ey = torch.exp(x), torch.exp(y)\n"
    "    return ex / (ex + ey), ey / (ex + ey)\n"
)


@pytest.mark.slow
def test_mistakes_right_at_easy_inputs_lose_marks_at_the_hidden_ones(grade):
    result = grade(
        "ps1-gradients", {"gradient_field": STACKED_FIELD, "logsumexp_grad": CLAMPED_LSE}
    )
    assert_lost(result, "gradient_field", "f called once on the whole stacked grid")
    assert_lost(result, "logsumexp_grad", "inputs clamped before exponentiating")
    # and each is right where the notebook's own examples look
    field = result.by_name()["gradient_field"]
    assert any(c.passed for c in field.checks if c.check == "test_gradient_field_text_example")
    lse = result.by_name()["logsumexp_grad"]
    assert all(c.passed for c in lse.checks if c.check.startswith("test_logsumexp_grad_random"))


# ---------------------------------------------------------------- incidental forms
@pytest.mark.slow
def test_an_incidental_form_is_accepted_with_a_note(grade):
    result = grade(
        "ps3-critical-points",
        {
            "CRITICAL_POINTS": "CRITICAL_POINTS = (-1, 0, 2)",
            "GLOBAL_MIN": "GLOBAL_MIN = [2, -32]",
            "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = [[0, 0]]",
        },
    )
    by_name = result.by_name()
    for name in ("CRITICAL_POINTS", "GLOBAL_MIN", "D2L4_CRITICAL_POINTS"):
        entry = by_name[name]
        assert entry.score == entry.max_score, entry.feedback
        assert entry.remarks and "accepted" in entry.feedback, entry.feedback
    assert "is a tuple (...) where the text asks for a list" in by_name["CRITICAL_POINTS"].feedback


@pytest.mark.slow
def test_a_wrong_answer_in_an_accepted_form_still_loses(grade):
    result = grade("ps3-critical-points", {"CRITICAL_POINTS": "CRITICAL_POINTS = (-1, 2)"})
    assert_lost(result, "CRITICAL_POINTS", "missing critical point")

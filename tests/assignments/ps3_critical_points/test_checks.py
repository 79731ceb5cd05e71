"""Hidden checks of ps3-critical-points: the model answer earns everything, wrong ones lose."""

from __future__ import annotations

import pytest

from autograder.assignments.ps3_critical_points import reference as ref
from autograder.own_numbers import DIFFERS, MATCHES, numbers_for
from tests.checks.conftest import assert_lost, own_answers

A = "ps3-critical-points"

# The model's Hessian by two passes of autograd, reused by the wrong answers below.
_HESSIAN = (
    "import torch\n"
    "def _value_grad_hessian(f, point):\n"
    "    d = point.shape[0]\n"
    "    x = point.detach().clone().requires_grad_(True)\n"
    "    with torch.enable_grad():\n"
    "        y = f(x).reshape(())\n"
    "        g, = torch.autograd.grad(y, x, create_graph=True, materialize_grads=True)\n"
    "        if not g.requires_grad:\n"
    "            H = torch.zeros(d, d, dtype=point.dtype, device=point.device)\n"
    "        else:\n"
    "            H = torch.stack([torch.autograd.grad(g[i], x, retain_graph=True,\n"
    "                             materialize_grads=True)[0] for i in range(d)]).detach()\n"
    "    return y.detach(), g.detach(), H\n"
)
_CLASSIFY = (
    "import torch\n"
    "def classify_critical_point(H, tol=1e-8):\n"
    "    e = torch.linalg.eigvalsh(H)\n"
    "    if bool((e > {pos}).all()):\n"
    "        return {minimum!r}\n"
    "    if bool((e < -{pos}).all()):\n"
    "        return {maximum!r}\n"
    "    if bool((e > {pos}).any()) and bool((e < -{pos}).any()):\n"
    "        return 'saddle'\n"
    "    return 'degenerate'\n"
)

# Two wrong submissions: every graded name wrong, each in a different way.
WRONG_1 = {
    "CRITICAL_POINTS": "CRITICAL_POINTS = [-1, 2]",  # divided f' by x
    "GLOBAL_MIN": "GLOBAL_MIN = (-1, -5)",  # the other local minimum
    "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = [(0, 0), (1, -2)]",  # only df/dx = 0
    "D2L4_ORIGIN_KIND": 'D2L4_ORIGIN_KIND = "minimum"',
    "hessian": _HESSIAN
    + "def hessian(f, point):\n"
    + "    return torch.diag(torch.diagonal(_value_grad_hessian(f, point)[2]))\n",
    "classify_critical_point": _CLASSIFY.format(pos=0, minimum="minimum", maximum="maximum"),
    "quadratic_approximation": _HESSIAN
    + "def quadratic_approximation(f, point):\n"
    + "    x0 = point.detach().clone()\n"
    + "    f0, g, H = _value_grad_hessian(f, x0)\n"
    + "    def q(x):\n"
    + "        d = x - x0\n"
    + "        return f0 + d @ g + d @ H @ d\n"  # the D2L misprint: no 1/2
    + "    return q\n",
    "newton_step": _HESSIAN
    + "def newton_step(f, x):\n"
    + "    _, g, H = _value_grad_hessian(f, x)\n"
    + "    return x.detach() + torch.linalg.solve(H, g)\n",
    "D2L5_CHOICE": 'D2L5_CHOICE = "a"',
}
WRONG_2 = {
    "CRITICAL_POINTS": "CRITICAL_POINTS = [2, 0, -1]",
    "GLOBAL_MIN": "GLOBAL_MIN = (-32, 2)",
    "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = (0, 0)",
    "D2L4_ORIGIN_KIND": 'D2L4_ORIGIN_KIND = "saddle"',
    "hessian": _HESSIAN
    + "def hessian(f, point):\n"
    + "    return torch.triu(_value_grad_hessian(f, point)[2])\n",
    "classify_critical_point": _CLASSIFY.format(pos="tol", minimum="maximum", maximum="minimum"),
    "quadratic_approximation": _HESSIAN
    + "def quadratic_approximation(f, point):\n"
    + "    x0 = point.detach().clone()\n"
    + "    f0, g, H = _value_grad_hessian(f, x0)\n"
    + "    return lambda x: f0 + 0.5 * (x - x0) @ H @ (x - x0)\n",
    "newton_step": _HESSIAN
    + "def newton_step(f, x):\n"
    + "    _, g, H = _value_grad_hessian(f, x)\n"
    + "    return x.detach() - g / torch.diagonal(H)\n",
    "D2L5_CHOICE": 'D2L5_CHOICE = "d"',
}
# Right values, wrong dtype: float64 answers for float32 inputs.
HESSIAN_FLOAT64 = (
    _HESSIAN + "def hessian(f, point):\n" + "    return _value_grad_hessian(f, point.double())[2]\n"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("CRITICAL_POINTS", "x = 0 is lost"),
        ("GLOBAL_MIN", "the local minimum at x = −1"),
        ("D2L4_CRITICAL_POINTS", "only one partial derivative vanishes"),
        ("D2L4_ORIGIN_KIND", "f(x, x) = 2x³ is negative"),
        ("hessian", "only the diagonal"),
        ("classify_critical_point", "the tolerance ignored"),
        ("quadratic_approximation", "the full Hessian where ½H belongs"),
        ("newton_step", "added instead of subtracted"),
        ("D2L5_CHOICE", "sufficient for ∇f = 0 but not necessary"),
    ],
)
def test_first_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_1), name, misconception)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "misconception"),
    [
        ("CRITICAL_POINTS", "not sorted"),
        ("GLOBAL_MIN", "in the wrong order"),
        ("D2L4_CRITICAL_POINTS", "a single point instead of a list"),
        ("D2L4_ORIGIN_KIND", "not one of the allowed answers"),
        ("hessian", "not symmetric"),
        ("classify_critical_point", "minimum and maximum mixed up"),
        ("quadratic_approximation", "a missing gradient term"),
        ("newton_step", "divided by the diagonal of H"),
        ("D2L5_CHOICE", "option (d)"),
    ],
)
def test_second_wrong_submission_loses_points(grade, name, misconception):
    assert_lost(grade(A, WRONG_2), name, misconception)


@pytest.mark.slow
def test_wrong_names_do_not_cost_the_others(grade):
    result = grade(A, {"hessian": HESSIAN_FLOAT64})
    assert_lost(result, "hessian", "float64 for a float32 input")
    for entry in result.names:
        if entry.name != "hessian":
            assert entry.score == entry.max_score, entry.feedback


# --------------------------------------------------------------------------- own numbers
OWN = ("CRITICAL_POINTS", "GLOBAL_MIN", "D2L5_CHOICE")


def test_the_two_students_get_different_polynomials_and_letters():
    alice, frank = numbers_for("alice"), numbers_for("frank")
    assert len({alice.roots, frank.roots, (-1, 2)}) == 3
    letters = {ref.d2l5_choice(n.d2l5_order) for n in (alice, frank)} | {"b"}
    assert len(letters) == 3


@pytest.mark.slow
@pytest.mark.parametrize("student", ["alice", "frank"])
def test_each_student_is_graded_on_their_own_numbers(grade, student):
    result = grade(A, own_answers(A, student), student=student, claim=student)
    for entry in result.names:
        assert entry.score == entry.max_score, entry.feedback
    assert result.id_check.status == MATCHES and result.notes == []


@pytest.mark.slow
def test_another_student_s_answers_lose_the_hand_computed_marks(grade):
    result = grade(A, own_answers(A, "alice"), student="frank", claim="alice")
    for entry in result.names:
        assert (entry.score == entry.max_score) is (entry.name not in OWN), entry.feedback
    for name in OWN:
        assert_lost(result, name, "for the student id it states ('alice')")
    assert result.id_check.status == DIFFERS
    assert any("'alice'" in n and "'frank'" in n for n in result.notes)


@pytest.mark.slow
def test_the_published_answers_under_an_id_are_named_as_such(grade):
    result = grade(A, student="frank", claim="frank")
    for name, words in (
        ("CRITICAL_POINTS", "the published polynomial"),
        ("GLOBAL_MIN", "the published polynomial"),
        ("D2L5_CHOICE", "the letter of the published order"),
    ):
        assert_lost(result, name, words)

"""What a student reads of a failed check before the due date (its brief) hides what it must.

A check's full message names the call with its hidden inputs and the expected answer; its
brief (``CheckOutcome.brief``, autograder/visibility.py) must give neither, nor the
student's own answer at a hidden input, nor the named mistake (the feedback adds that
itself where the check's policy allows). It keeps the harmless guidance: the kinds,
dtypes and shapes of the inputs, the type and keys of the answer, a student's own
hand-computed constant, what to fix.

The wrong submissions of tests/assignments/*/test_checks.py are graded (cached with those tests),
with a few more that reach the checks' own sentences they leave out.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

import pytest

from autograder.checks import plugin
from autograder.checks.plugin import CheckOutcome
from tests.assignments.ps1_gradients import test_checks as PS1
from tests.assignments.ps2_descent import test_checks as PS2
from tests.assignments.ps3_critical_points import test_checks as PS3
from tests.assignments.ps4_backprop import test_checks as PS4
from tests.checks.conftest import grade_submission

MODULES = ("ps1_gradients", "ps2_descent", "ps3_critical_points", "ps4_backprop")

# --------------------------------------------------------------------------- more wrong answers
_DIRECTION = (
    "import torch\n"
    "def directional_derivative(f, point, direction):\n"
    "    {guard}\n"
    "    p = point.detach().clone().requires_grad_(True)\n"
    "    (g,) = torch.autograd.grad(f(p), p)\n"
    "    return (direction / torch.linalg.vector_norm(direction) * g).sum()\n"
)
_STEEPEST_ASSERT = (
    "import torch\n"
    "def steepest_ascent(f, point):\n"
    "    p = point.detach().clone().requires_grad_(True)\n"
    "    (g,) = torch.autograd.grad(f(p), p)\n"
    "    n = torch.linalg.vector_norm(g)\n"
    "    assert n > 0, 'zero gradient'\n"
    "    return g / n, n\n"
)
PS1_MORE = {
    "ps1-a": {
        "PARTIALS_DEPEND_ON": 'PARTIALS_DEPEND_ON = [{"x", "y"}, {"x"}, {"z"}]',
        "directional_derivative": _DIRECTION.format(
            guard="assert bool(direction.norm() > 0), 'zero direction'"
        ),
        "steepest_ascent": _STEEPEST_ASSERT,
        "grad_beta_x": "def grad_beta_x(beta, x):\n    return beta * x / x\n",
        "logsumexp_grad": (  # stacks x and y without broadcasting them
            "import torch\n"
            "def logsumexp_grad(x, y):\n"
            "    s = torch.softmax(torch.stack([x, y]), dim=0)\n"
            "    return s[0], s[1]\n"
        ),
    },
    "ps1-b": {
        "PARTIALS_DEPEND_ON": (
            'PARTIALS_DEPEND_ON = {"df_dx": {"x", "y"}, "df_dy": {"x"}, "df_dz": {"z"}}'
        ),
        "directional_derivative": _DIRECTION.format(
            guard="if torch.allclose(direction, torch.zeros_like(direction)):\n"
            "        raise ValueError('zero direction')"
        ),
        "steepest_ascent": PS1.STEEPEST_NUMBER,
    },
    "ps1-c": {"PARTIALS_DEPEND_ON": 'PARTIALS_DEPEND_ON = {"x": ["x", "y"], "y": ["x"], "z": "z"}'},
}
_H = PS3._HESSIAN
PS3_MORE = {
    "ps3-a": {
        "CRITICAL_POINTS": "CRITICAL_POINTS = {-1, 0, 2}",
        "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = {(0, 0)}",
        "D2L4_ORIGIN_KIND": 'D2L4_ORIGIN_KIND = "Neither"',
        "classify_critical_point": (
            "def classify_critical_point(H, tol=1e-8):\n    return H.shape[0]\n"
        ),
        "hessian": (  # a linear gradient entry has no graph: autograd refuses it
            "import torch\n"
            "def hessian(f, point):\n"
            "    x = point.detach().clone().requires_grad_(True)\n"
            "    with torch.enable_grad():\n"
            "        (g,) = torch.autograd.grad(f(x), x, create_graph=True)\n"
            "        rows = [torch.autograd.grad(g[i], x, retain_graph=True)[0]\n"
            "                for i in range(x.numel())]\n"
            "    return torch.stack(rows).detach()\n"
        ),
        "newton_step": _H
        + "def newton_step(f, x):\n"
        + "    _, g, H = _value_grad_hessian(f, x)\n"
        + "    L = torch.linalg.cholesky(H)\n"
        + "    return x.detach() - torch.cholesky_solve(g.unsqueeze(-1), L).squeeze(-1)\n",
        "quadratic_approximation": "def quadratic_approximation(f, point):\n    return f(point)\n",
    },
    "ps3-b": {
        "CRITICAL_POINTS": "CRITICAL_POINTS = [(-1, -5), (0, 0), (2, -32)]",
        "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = []",
        "D2L4_ORIGIN_KIND": "D2L4_ORIGIN_KIND = 0",
        "classify_critical_point": PS3._CLASSIFY.format(
            pos="tol", minimum="Minimum", maximum="maximum"
        ),
        "hessian": _H
        + "def hessian(f, point):\n"
        + "    H = _value_grad_hessian(f, point)[2]\n"
        + "    return H + torch.triu(torch.ones_like(H), diagonal=1)\n",
        "newton_step": _H  # the 2 × 2 inverse written out
        + "def newton_step(f, x):\n"
        + "    _, g, H = _value_grad_hessian(f, x)\n"
        + "    a, b, c, d = H[0, 0], H[0, 1], H[1, 0], H[1, 1]\n"
        + "    inv = torch.stack([torch.stack([d, -b]), torch.stack([-c, a])]) / (a * d - b * c)\n"
        + "    return x.detach() - inv @ g\n",
        "D2L5_CHOICE": "D2L5_CHOICE = 5",
    },
    "ps3-c": {
        "CRITICAL_POINTS": "CRITICAL_POINTS = [-1, 0, 1, 2]",
        "D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = [0]",
        "D2L4_ORIGIN_KIND": 'D2L4_ORIGIN_KIND = "flat"',
    },
    "ps3-d": {
        "CRITICAL_POINTS": "CRITICAL_POINTS = [-1, 0, 0, 2]",
        "D2L4_CRITICAL_POINTS": 'D2L4_CRITICAL_POINTS = [(0, "0")]',
    },
    "ps3-e": {"D2L4_CRITICAL_POINTS": "D2L4_CRITICAL_POINTS = [(0, 0), (0, 0)]"},
}
_FORWARD = (
    "import torch\n"
    "def forward_df_dw(w, x, y, z):\n"
    "    a, b = (w + x + y + z) ** 2, (w + x - y - z) ** 2\n"
    "    da, db = 2 * (w + x + y + z), 2 * (w + x - y - z)\n"
    "    u, v = (a + b) ** 2, (a - b) ** 2\n"
    "    f = (u + v) ** 2\n"
    "    d = 2 * (u + v) * (2 * (a + b) * (da + db) + 2 * (a - b) * (da - db))\n"
    "    {end}\n"
)
_BACKPROP = (
    "import torch\n"
    "def backprop(w, x, y, z):\n"
    "    s_plus, s_minus = w + x + y + z, w + x - y - z\n"
    "    a, b = s_plus**2, s_minus**2\n"
    "    u, v = (a + b) ** 2, (a - b) ** 2\n"
    "    a_bar = 2 * (u + v) * 2 * (a + b) + 2 * (u + v) * 2 * (a - b)\n"
    "    b_bar = 2 * (u + v) * 2 * (a + b) - 2 * (u + v) * 2 * (a - b)\n"
    "    p, q = a_bar * 2 * s_plus, b_bar * 2 * s_minus\n"
    "    {end}\n"
)
_DICT = "{'f': (u + v) ** 2, 'w': p + q, 'x': p + q, 'y': p - q, 'z': p - q}"
PS4_MORE = {
    "ps4-a": {
        "forward_df_dw": _FORWARD.format(end="return {'f': f, 'df_dw': d}"),
        "backprop": (  # autograd, which fails on Python floats inside torch.no_grad()
            "import torch\n"
            "def backprop(w, x, y, z):\n"
            "    leaves = [torch.as_tensor(t).detach().clone().requires_grad_(True)\n"
            "              for t in (w, x, y, z)]\n"
            "    f = f_chain(*leaves)\n"
            "    f.sum().backward()\n"
            "    return {'f': f.detach(), **{k: t.grad for k, t in zip('wxyz', leaves)}}\n"
        ),
        "REVERSE_MODE_SWEEPS": "REVERSE_MODE_SWEEPS = (1_000_000, 1)\n",
    },
    "ps4-b": {  # right on tensors, not on Python floats
        "forward_df_dw": _FORWARD.format(
            end="return (f, d) if isinstance(w, torch.Tensor) else None"
        ),
        "backprop": _BACKPROP.format(
            end=f"return {_DICT} if isinstance(w, torch.Tensor) else [p, q]"
        ),
        "REVERSE_MODE_SWEEPS": 'REVERSE_MODE_SWEEPS = {"forward": "1e6", "reverse": 1}\n',
    },
    "ps4-c": {
        "forward_df_dw": _FORWARD.format(end="return float(f), float(d)"),
        "backprop": _BACKPROP.format(end="return (u + v) ** 2, p + q, p + q, p - q, p - q"),
        "REVERSE_MODE_SWEEPS": 'REVERSE_MODE_SWEEPS = {"forward": 3, "reverse": 3}\n',
    },
}

#: label → (assignment, replacements, keyword arguments of grade_submission)
SUBMISSIONS = {
    **{f"ps1-{w}": (PS1.A, getattr(PS1, w), {}) for w in ("WRONG_1", "WRONG_2")},
    **{label: (PS1.A, code, {}) for label, code in PS1_MORE.items()},
    **{f"ps2-{w}": (PS2.A, getattr(PS2, w), {}) for w in ("WRONG_1", "WRONG_2")},
    # the published answers from a student with numbers of their own (a renamed mistake)
    "ps2-published": (PS2.A, {}, {"student": "frank"}),
    **{f"ps3-{w}": (PS3.A, getattr(PS3, w), {}) for w in ("WRONG_1", "WRONG_2")},
    **{label: (PS3.A, code, {}) for label, code in PS3_MORE.items()},
    "ps3-published": (PS3.A, {}, {"student": "frank", "claim": "frank"}),
    **{f"ps4-{w}": (PS4.A, getattr(PS4, w), {}) for w in ("WRONG_1", "WRONG_2", "WRONG_3")},
    **{label: (PS4.A, code, {}) for label, code in PS4_MORE.items()},
}


def failed(label: str) -> list[CheckOutcome]:
    assignment, replacements, kwargs = SUBMISSIONS[label]
    result = grade_submission(assignment, replacements, **kwargs)
    return [c for entry in result.names for c in entry.checks if not c.passed]


# --------------------------------------------------------------------------- what may not show
#: A number as messages write it (not the digits of a name such as float64 or x₀).
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?!\w|\.\d)")
#: Numbers of the grader's own making that a brief may repeat.
GENERIC = re.compile(r"\(line \d+ of your cell\)")
#: A message about a call (of the student's function at hidden inputs), not a constant.
CALL = re.compile(r"(?:Calling )?[a-z_]\w*\(")
#: The expected answer, to the end of its sentence.
EXPECTED = re.compile(r"\bexpected\b(.*?)(?:\. |$)", re.S)
#: A string the student's function returned.
RETURNED_STRING = re.compile(r"\b(?:is|returned) ('[^']*'|\"[^\"]*\")")


def values(text: str) -> set[float]:
    """The numbers in ``text`` that could be an input's or an answer's value: all but the
    small whole numbers that shapes, indices, counts and lengths are made of."""
    out = set()
    for token in NUMBER.findall(GENERIC.sub("", text)):
        v = abs(float(token.replace("−", "-")))
        if v != int(v) or v >= 10:
            out.add(v)
    return out


def leaks(outcome: CheckOutcome) -> list[str]:
    """What the brief of a failed check gives away that it may not (empty: nothing)."""
    brief, found = outcome.brief, []
    if re.search(r"this looks like", brief, re.IGNORECASE):
        found.append("it names the mistake (the feedback adds that itself)")
    if outcome.misconception and outcome.misconception in brief:
        found.append(f"it names the mistake {outcome.misconception!r}")
    main = re.split(r"[.;] [Tt]his looks like ", outcome.message, maxsplit=1)[0]
    hidden = set().union(*(values(m.group(1)) for m in EXPECTED.finditer(main)))
    if CALL.match(main):  # the call's inputs, and the student's answer at them
        hidden |= values(main)
        found += [f"it shows the answer {s}" for s in RETURNED_STRING.findall(main) if s in brief]
    shown = values(brief) & hidden
    if shown:
        found.append(f"it shows the hidden numbers {sorted(shown)}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("label", list(SUBMISSIONS))
def test_no_brief_gives_away_inputs_answers_or_the_mistake(label):
    outcomes = failed(label)
    assert outcomes, f"{label} fails no check"
    bad = [(o.check, o.brief, problem) for o in outcomes for problem in leaks(o)]
    assert bad == []


def test_the_leak_check_can_fail():
    def outcome(message: str, brief: str, misconception: str | None = None) -> CheckOutcome:
        return CheckOutcome("t", "n", 1.0, False, message, misconception, brief=brief)

    call = "grad_descent(-1.25, 7, 0.3): is 0.51, expected 0.56"
    hidden_call = "grad_descent(a float, an int, a float)"
    constant = "GLOBAL_MIN (of your f(x) = 3x⁴ − 4x³ − 12x²): entry [1] is -20, expected -32"
    fine = [
        outcome(f"{call}.", f"{hidden_call}: is not the expected value."),
        outcome(f"{constant}.", "GLOBAL_MIN: entry [1] is -20."),  # the student's own constant
        outcome(
            "classify_critical_point(H) for H = [[1.5, 0]]: is 'Minimum'.",
            "classify_critical_point(a float64 tensor of shape (1, 1)): returned a str.",
        ),
    ]
    wrong = [
        outcome(f"{call}.", f"{hidden_call}: is 0.51."),  # the answer at a hidden input
        outcome(f"{call}.", "grad_descent(-1.25, 7, 0.3): not the expected answer."),
        outcome(f"{constant}.", "GLOBAL_MIN: entry [1] should be -32."),
        outcome(f"{call}. This looks like a slip.", f"{hidden_call}: this looks like a slip."),
        outcome(f"{call}. This looks like a slip.", f"{hidden_call}: a slip.", "a slip"),
        outcome(
            "classify_critical_point(H) for H = [[1.5, 0]]: is 'Minimum'.",
            "classify_critical_point(a float64 tensor of shape (1, 1)): is 'Minimum'.",
        ),
    ]
    assert [leaks(o) for o in fine] == [[], [], []]
    assert all(leaks(o) for o in wrong), [leaks(o) for o in wrong]


@pytest.mark.slow
def test_a_full_message_as_brief_would_be_caught():
    outcomes = [o for label in ("ps1-WRONG_1", "ps4-WRONG_1") for o in failed(label)]
    with_values = [o for o in outcomes if CALL.match(o.message) and values(o.message)]
    assert len(with_values) >= 10
    assert all(leaks(replace(o, brief=o.message)) for o in with_values)


# --------------------------------------------------------------------------- what does show
GUIDANCE = [
    (
        "ps1-a",
        "PARTIALS_DEPEND_ON",
        "should be a dict {'x': {...}, 'y': {...}, 'z': {...}} of sets, but is a list",
    ),
    (
        "ps1-b",
        "PARTIALS_DEPEND_ON",
        "PARTIALS_DEPEND_ON has the keys {'df_dx', 'df_dy', 'df_dz'}, expected exactly "
        "'x', 'y' and 'z'",
    ),
    (
        "ps1-c",
        "PARTIALS_DEPEND_ON",
        "PARTIALS_DEPEND_ON['x'] (the variables ∂f/∂x depends on) should be a set but "
        "is a list (['x', 'y'])",
    ),
    (
        "ps1-a",
        "directional_derivative",
        "a float64 tensor of shape (2,)) with a zero direction raised AssertionError, "
        "expected ValueError",
    ),
    (
        "ps1-WRONG_2",
        "directional_derivative",
        "with a zero direction returned a torch.Tensor instead of raising ValueError",
    ),
    (
        "ps1-b",
        "directional_derivative",
        "a float64 tensor of shape (2,)) raised ValueError, but this direction is not zero",
    ),
    (
        "ps1-WRONG_2",
        "unit_vector",
        "unit_vector(an int): has dtype torch.float32, expected torch.float64",
    ),
    ("ps1-b", "steepest_ascent", "rate is a float, expected a 0-d tensor"),
    (
        "ps1-a",
        "steepest_ascent",
        "at a point where ∇f = 0 raised AssertionError, expected ValueError",
    ),
    ("ps1-WRONG_2", "partials", "df_dy has shape (2, 1, 1), expected (2, 3, 1)"),
    (
        "ps1-WRONG_1",
        "logsumexp_grad",
        "logsumexp_grad(a float64 tensor of shape (4,), a float64 tensor of shape "
        "(4,)): dL_dx contains NaN or inf",
    ),
    ("ps1-a", "grad_beta_x", "a float64 tensor of shape (5,)): contains NaN"),
    (
        "ps2-WRONG_2",
        "GOOD_DELTA",
        "GOOD_DELTA = 1.5: from x = −1, grad_descent(−1, 30, 1.5) is not within 1e-8 of"
        " the minimiser x* ≈ 0.567143; it diverges",
    ),
    (
        "ps2-WRONG_2",
        "multi_grad_descent",
        "multi_grad_descent(a float, a float, an int): an entry is not finite (inf or NaN)",
    ),
    ("ps3-WRONG_1", "CRITICAL_POINTS", "has 2 entries, but f has more critical points"),
    ("ps3-WRONG_2", "CRITICAL_POINTS", "= [2, 0, -1] is not sorted in increasing order"),
    (
        "ps3-a",
        "CRITICAL_POINTS",
        "should be a list of Python numbers, e.g. [x1, x2, ...], but is a set",
    ),
    ("ps3-d", "CRITICAL_POINTS", "lists the point 0 more than once"),
    ("ps3-c", "CRITICAL_POINTS", "contains 1, which is not a critical point: f′(1) = -24 ≠ 0"),
    (
        "ps3-WRONG_2",
        "D2L4_CRITICAL_POINTS",
        "should be a list of points [(x1, y1), ...] but is the single tuple (0, 0)",
    ),
    ("ps3-e", "D2L4_CRITICAL_POINTS", "lists the same critical point 2 times"),
    ("ps3-WRONG_2", "D2L4_ORIGIN_KIND", "is 'saddle', which is not one of the allowed answers"),
    ("ps3-a", "D2L4_ORIGIN_KIND", "is 'Neither', which is not one of the allowed answers"),
    (
        "ps3-b",
        "D2L4_ORIGIN_KIND",
        'should be a str (one of "minimum", "maximum", "neither") but is an int',
    ),
    (
        "ps3-a",
        "classify_critical_point",
        "classify_critical_point(a float32 tensor of shape (2, 2)): should be a str",
    ),
    ("ps3-b", "classify_critical_point", "returned a str that is not one of the allowed answers"),
    ("ps3-b", "hessian", "It is not symmetric, but H[i, j] = ∂²f/∂xᵢ∂xⱼ must equal H[j, i]"),
    ("ps3-a", "hessian", "failed: it raised RuntimeError"),
    (
        "ps3-a",
        "quadratic_approximation",
        "should return a function q (define `def q(x): ...` inside and `return q`), but"
        " it returned a torch.Tensor",
    ),
    ("ps3-b", "newton_step", "It is right at a 2-D point"),
    (
        "ps4-WRONG_2",
        "backprop",
        "the dict has the keys 'f', 'df_dw', 'df_dx', 'df_dy', 'df_dz'; expected "
        "exactly 'f', 'w', 'x', 'y', 'z'",
    ),
    ("ps4-WRONG_1", "autograd_partials", "the value for 'f' is a float, expected a torch.Tensor"),
    ("ps4-WRONG_1", "forward_df_dw", "df_dw has values that differ from the expected ones"),
    (
        "ps4-c",
        "backprop",
        'should return a dict with the keys "f", "w", "x", "y", "z" but returned a tuple',
    ),
    ("ps4-c", "forward_df_dw", "f is a float, expected a torch.Tensor"),
    (
        "ps4-a",
        "forward_df_dw",
        "should return a tuple (f, df_dw) of two tensors but returned a dict",
    ),
    (
        "ps4-b",
        "forward_df_dw",
        "inside torch.no_grad(): should return a tuple (f, df_dw) but returned a NoneType",
    ),
    ("ps4-b", "backprop", "should return the dict of f, w, x, y, z but returned a list"),
    (
        "ps4-a",
        "REVERSE_MODE_SWEEPS",
        'should be a dict {"forward": ..., "reverse": ...} but is a tuple',
    ),
    (
        "ps4-b",
        "REVERSE_MODE_SWEEPS",
        "REVERSE_MODE_SWEEPS (sweeps for the whole gradient of L: R^1000000 → "
        "R)['forward'] should be a Python number (a count of sweeps) but is a str",
    ),
    (
        "ps4-WRONG_2",
        "REVERSE_MODE_SWEEPS",
        "is {'forward': 1000000, 'reverse': 2}, which is not right",
    ),
    ("ps4-c", "REVERSE_MODE_SWEEPS", "is {'forward': 3, 'reverse': 3}, which is not right"),
    ("ps3-c", "D2L4_ORIGIN_KIND", "is 'flat', which is not one of the allowed answers"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("label", "name", "phrase"), GUIDANCE)
def test_briefs_keep_the_harmless_guidance(label, name, phrase):
    briefs = [o.brief for o in failed(label) if o.name == name]
    assert briefs, f"{name} passed in {label}"
    assert any(phrase in b for b in briefs), briefs


@pytest.mark.slow
@pytest.mark.parametrize(
    ("label", "name", "call"),
    [
        ("ps3-a", "hessian", "Calling hessian(a function f, a float32 tensor of shape (2,))"),
        ("ps3-a", "newton_step", "Calling newton_step(a function f, a float64 tensor of shape"),
        ("ps4-a", "backprop", "Calling backprop(a float, a float, a float, a float) inside"),
        ("ps1-a", "logsumexp_grad", "Calling logsumexp_grad(a float64 tensor of shape (4, 1)"),
    ],
)
def test_a_renamed_failure_keeps_its_brief(label, name, call):
    """A check that names the mistake of a failed call keeps the call's brief."""
    outcomes = [o for o in failed(label) if o.name == name and o.misconception]
    assert outcomes, f"{name} names no mistake in {label}"
    assert any(o.brief.startswith(call) for o in outcomes), [o.brief for o in outcomes]


# --------------------------------------------------------------------------- every sentence
@pytest.mark.parametrize("module", MODULES)
def test_every_sentence_of_a_check_has_its_brief(module):
    """A check that writes its own sentence says what a student may read before the due
    date too (``brief=None`` where nothing but the fallback is harmless)."""
    tree = ast.parse(plugin.checks_path(module).read_text(encoding="utf-8"))
    missing = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "CheckFailure"
        and "brief" not in {k.arg for k in node.keywords}
    ]
    assert missing == [], f"CheckFailure without brief= at lines {missing}"


def test_keys_that_could_carry_a_value_are_only_counted():
    from autograder.assignments.ps4_backprop.checks import _keys_brief

    keys = {"f": 0, "df_dw": 0, "w0.37": 0, 1.5: 0}
    assert _keys_brief(keys) == "'f', 'df_dw', 2 other keys"
    assert _keys_brief({}) == "none"

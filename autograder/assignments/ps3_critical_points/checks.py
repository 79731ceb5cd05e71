"""Hidden checks for ps3-critical-points: critical points, Hessians and Newton's method.

Each check is bound to one graded name with its points; the points of a
name's checks add up to its test cell's points in the notebook. Known wrong
answers are computed beside the right one so the feedback can name them.
"""

from __future__ import annotations

import math

import torch

from autograder.assignments.ps3_critical_points import reference as ref
from autograder.checks import (
    CheckFailure,
    TestFunction,
    expect_numbers,
    expect_tensor,
    graded,
)
from autograder.checks.common import FD_STEPS
from autograder.checks.compare import (
    AnyOf,
    accept_form,
    calling,
    current_call,
    kind_of,
    tensor_problem,
    tolerance,
)
from autograder.checks.student import brief_call
from autograder.own_numbers import (
    D2L5_OPTIONS,
    OTHER_STUDENT,
    PUBLISHED,
    PUBLISHED_ANSWERS,
    OwnNumbers,
)
from autograder.sandbox.protocol import RemoteCallable
from autograder.visibility import CHOICE


# --------------------------------------------------------------------------- shared helpers
def _vec(t: torch.Tensor) -> str:
    """A short, readable vector for a message: [0.25, -1.3]."""
    return "[" + ", ".join(f"{float(v):.6g}" for v in t.detach().cpu().reshape(-1)) + "]"


def _round(t: torch.Tensor, digits: int = 3) -> torch.Tensor:
    """Random inputs with few digits, so messages show them exactly."""
    return torch.round(t * 10**digits) / 10**digits


def _value_grad(f, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """f(x) and ∇f(x) by autograd, detached, in x's dtype and device."""
    v = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        y = f(v)
        (g,) = torch.autograd.grad(y, v, allow_unused=True, materialize_grads=True)
    return y.detach(), g.detach()


def _not_a_number(value: object) -> str | None:
    """Why ``value`` is not a plain Python number (None when it is)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = (
            " (use float(...) or .item() to turn a tensor into a number)"
            if isinstance(value, torch.Tensor)
            else ""
        )
        return f"should be a Python number but is {kind_of(value)}{hint}"
    if not math.isfinite(value):
        return f"is {value}"
    return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _expect_word(
    got: object,
    expected: str,
    what: str,
    allowed: tuple[str, ...],
    mistakes: dict[str, str] | None = None,
    reveal: bool = True,
    call: str | None = None,
) -> None:
    """Fail unless ``got`` is the string ``expected``; name known wrong answers.

    ``reveal=False`` (for answers worked out by hand) keeps the right answer
    out of the message unless a mistake's description gives the reason.
    ``call``: the brief form of ``what`` when it is a call at hidden inputs (its
    answer is then not shown before the due date either); None for a constant.
    """
    choices = ", ".join(f'"{a}"' for a in allowed)
    if not isinstance(got, str):
        problem = f"should be a str (one of {choices}) but is {kind_of(got)}"
        raise CheckFailure(f"{what}: {problem}.", brief=f"{call or what}: {problem}.")
    if got == expected:
        return
    # Before the due date only whether the answer is one of the allowed strings: an answer
    # right but for its case or brackets is told like any other string outside them, and
    # one of them that is wrong only by the fallback "not the expected answer".
    exactly = "(lower case, no spaces or brackets)"
    if got in allowed:
        brief = None
    elif call is None:
        brief = (
            f"{what}: is {got!r}, which is not one of the allowed answers {choices}: write "
            f"exactly one of them {exactly}."
        )
    else:
        brief = (
            f"{call}: returned a str that is not one of the allowed answers {choices}: return "
            f"exactly one of them {exactly}."
        )
    normalised = got.strip().strip("()").strip().lower()
    if normalised == expected:
        raise CheckFailure(
            f"{what}: is {got!r}; write the answer exactly as one of {choices} "
            "(lower case, no spaces or brackets).",
            misconception="the answer not written exactly as one of the allowed strings",
            brief=brief,
        )
    described = (mistakes or {}).get(got) or (mistakes or {}).get(normalised)
    outside = "" if got in allowed else f" ({got!r} is not one of the allowed answers {choices})"
    wanted = f", expected {expected!r}" if reveal else ", which is not right"
    if described:
        raise CheckFailure(
            f"{what}: is {got!r}{wanted}{outside}. This looks like {described}.",
            misconception=described,
            brief=brief,
        )
    raise CheckFailure(f"{what}: is {got!r}{wanted}{outside}.", brief=brief)


# --------------------------------------------------------------------------- CRITICAL_POINTS
# f(x) = 3x⁴ − 4(a + b)x³ + 6ab·x² with each student's own roots (a, b)
# (autograder.own_numbers; the published pair (−1, 2) gives 3x⁴ − 4x³ − 12x²).
def _poly(coefficients: tuple[int, ...], powers: tuple[int, ...], var: str = "x") -> str:
    """'3x⁴ − 4x³ − 12x²' from integer coefficients and their powers."""
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    text = ""
    for c, k in zip(coefficients, powers, strict=True):
        if c == 0:
            continue
        mono = (var + str(k).translate(sup) if k > 1 else var) if k else ""
        size = "" if abs(c) == 1 and k else str(abs(c))
        sign = ("−" if c < 0 else "") if not text else (" − " if c < 0 else " + ")
        text += f"{sign}{size}{mono}"
    return text or "0"


def _f_text(roots: tuple[int, int]) -> str:
    return "f(x) = " + _poly(ref.quartic_coefficients(roots), (4, 3, 2))


def _f_prime_text(roots: tuple[int, int]) -> str:
    a, b = roots
    return "f′(x) = 12x(" + _poly((1, -(a + b), a * b), (2, 1, 0)) + ")"


def _minus(value: float) -> str:
    """A number as the text writes it, with a minus sign: −32."""
    return str(value).replace("-", "−")


def _f(roots: tuple[int, int], x: float) -> float:
    return ref.quartic(roots, x)


def _f_prime(roots: tuple[int, int], x: float) -> float:
    c4, c3, c2 = ref.quartic_coefficients(roots)
    return 4 * c4 * x**3 + 3 * c3 * x**2 + 2 * c2 * x


def _nonzero_zeros_of_f(roots: tuple[int, int]) -> tuple[float, ...]:
    """The nonzero zeros of f = x²(c₄x² + c₃x + c₂): those of the quadratic factor."""
    c4, c3, c2 = ref.quartic_coefficients(roots)
    disc = c3 * c3 - 4 * c4 * c2
    if disc < 0:
        return ()
    return tuple((-c3 + sign * math.sqrt(disc)) / (2 * c4) for sign in (-1, 1))


def _is_root_of_f(roots: tuple[int, int], x: float) -> bool:
    """A nonzero zero of f, exact or rounded (to three decimals or more)."""
    exact = 1e-9 < abs(x) < 1e6 and abs(_f(roots, x)) < 1e-6 * (1 + x**4)
    return exact or any(abs(x - r) < 1e-3 for r in _nonzero_zeros_of_f(roots))


CP_NUMPY = "a numpy array instead of a list of Python numbers (use .tolist(), or write the list)"
CP_PAIRS = "pairs (x, f(x)) instead of the locations x alone: list only the x values"
CP_SIGNS = (
    "roots with their signs flipped: a root r gives the factor (x − r), not (x + r); check each "
    "root by putting it into f′"
)


def _copied(numbers, answer, expected) -> tuple[str, str] | None:
    """(why, its stable name) when ``expected`` is ``answer`` for other numbers: those the
    notebook showed, or the text's. The sentence names this student's polynomials, the
    name does not, so the report counts the mistake once across students."""
    claimed = numbers.claimed
    if claimed is not None and not claimed.published:
        if claimed.roots != numbers.roots and answer(claimed.roots) == expected:
            why = (
                f"the answer for the polynomial {_f_text(claimed.roots)} that this notebook "
                f"shows for the student id it states ({claimed.student_id!r}), not for your own "
                f"{_f_text(numbers.roots)}"
            )
            return why, OTHER_STUDENT
    if numbers.roots != PUBLISHED.roots and answer(PUBLISHED.roots) == expected:
        why = (
            f"the answer for the published polynomial {_f_text(PUBLISHED.roots)} of the text, "
            f"not for your own {_f_text(numbers.roots)}"
        )
        return why, PUBLISHED_ANSWERS
    return None


def _relabelled(exc: CheckFailure, labels: dict[str, str]) -> CheckFailure:
    """``exc`` with the stable name of its misconception when the description is per student."""
    if exc.misconception in labels:
        return exc.named(labels[exc.misconception])
    return exc


@graded("CRITICAL_POINTS", points=1)
def test_critical_points(student, numbers):
    got = accept_form(student.get("CRITICAL_POINTS"), list, "CRITICAL_POINTS")
    roots = numbers.roots
    expected = ref.critical_points(roots)
    what = f"CRITICAL_POINTS (of your {_f_text(roots)})"
    if not isinstance(got, list):
        numpy = type(got).__module__ == "numpy"
        # the student's own numbers and constant (their polynomial, their answer): no hidden
        # input here, so the briefs of this check keep them and leave out only the answer
        text = (
            f"{what} should be a list of Python numbers, e.g. [x1, x2, ...], but is {kind_of(got)}"
        )
        raise CheckFailure(
            text + (f". This looks like {CP_NUMPY}." if numpy else "."),
            misconception=CP_NUMPY if numpy else None,
            brief=f"{text}.",
        )
    for i, c in enumerate(got):
        problem = _not_a_number(c)
        if problem is not None:
            pairs = all(
                isinstance(p, tuple | list) and len(p) == 2 and _not_a_number(p[0]) is None
                for p in got
            ) and any(_close(p[0], r) for p in got for r in expected)
            raise CheckFailure(
                f"{what}: entry [{i}] {problem}"
                + (f". This looks like {CP_PAIRS}." if pairs else "."),
                misconception=CP_PAIRS if pairs else None,
                brief=f"{what}: entry [{i}] {problem}.",
            )
    copied = _copied(numbers, ref.critical_points, [float(c) for c in got])
    if copied is not None and not all(any(_close(c, r) for r in expected) for c in got):
        raise CheckFailure(
            f"{what} is {got}, which are not the critical points of your f. This looks like "
            f"{copied[0]}.",
            misconception=copied[1],
            brief=f"{what} is {got}, which are not the critical points of your f.",
        )
    for c in got:
        if not any(_close(c, r) for r in expected):
            slope = f"f′({c}) = {_f_prime(roots, c):.6g} ≠ 0" if abs(c) < 1e6 else "f′ ≠ 0 there"
            if _is_root_of_f(roots, c):
                why = "a zero of f instead of a zero of f′ (critical points solve f′(x) = 0)"
            elif any(_close(-c, r) for r in expected if r != 0):
                why = CP_SIGNS
            elif any(_close(c, _f(roots, r)) for r in expected):
                why = "a function value f(x) instead of a location x where f′(x) = 0"
            else:
                why = "a point that is not a critical point"
            raise CheckFailure(
                f"{what} contains {c}, which is not a critical point: {slope}. "
                f"This looks like {why}.",
                misconception=why,
                brief=f"{what} contains {c}, which is not a critical point: {slope}.",
            )
    for r in expected:
        if sum(_close(c, r) for c in got) > 1:
            twice = next(c for c in got if _close(c, r))  # as the student wrote it
            raise CheckFailure(
                f"{what} lists the point {r} more than once: list each critical point once.",
                misconception="a critical point listed twice",
                brief=f"{what} lists the point {twice} more than once: list each critical "
                "point once.",
            )
    found = sum(any(_close(c, r) for c in got) for r in expected)
    if found < len(expected):
        if not any(_close(c, 0) for c in got):
            why = (
                f"a missing critical point: x = 0 is lost when {_f_prime_text(roots)} is "
                "divided by x; the factor x gives a root too"
            )
            name = "a missing critical point: x = 0 is lost when f′ is divided by x"
        else:
            why = name = "a missing critical point: factor f′(x) completely and take every root"
        raise CheckFailure(
            f"{what} has {len(got)} entries, but f has more critical points. "
            f"This looks like {why}.",
            misconception=name,
            brief=f"{what} has {len(got)} entries, but f has more critical points.",
        )
    if got != sorted(got):
        raise CheckFailure(
            f"{what} = {got} has the right points but is not sorted in increasing "
            "order. This looks like a list that is not sorted (use sorted(...)).",
            misconception="a list that is not sorted",
            brief=f"{what} = {got} is not sorted in increasing order (use sorted(...)).",
        )
    expect_numbers(got, expected, what)


# --------------------------------------------------------------------------- GLOBAL_MIN
def _global_min_mistakes(numbers) -> tuple[dict[str, object], dict[str, str]]:
    """Known wrong answers by description, and the stable names of per-student descriptions."""
    roots = numbers.roots
    x, fx = ref.global_min(roots)
    other = roots[0] if x == roots[1] else roots[1]
    mistakes: dict[str, object] = {}
    labels: dict[str, str] = {}
    for shown in (numbers.claimed, PUBLISHED):
        if shown is None or shown.roots == roots:
            continue
        copied = _copied(numbers, ref.global_min, ref.global_min(shown.roots))
        if copied is not None and copied[0] not in mistakes:
            mistakes[copied[0]] = ref.global_min(shown.roots)
            labels[copied[0]] = copied[1]
    o, fo, m, fm = (_minus(v) for v in (other, _f(roots, other), x, fx))
    named = {
        f"the local minimum at x = {o} (f({o}) = {fo}), but f({m}) = {fm} is lower: "
        "compare f at all critical points and take the smallest": (
            (other, _f(roots, other)),
            "the other local minimum, not the lowest: compare f at all critical points",
        ),
        f"the local maximum at x = 0 (f″(0) = {_minus(12 * roots[0] * roots[1])} < 0)": (
            (0, 0),
            "the local maximum at x = 0",
        ),
        f"f′({m}) = 0 instead of the value f({m})": ((x, 0), "f′(x) = 0 instead of the value f(x)"),
    }
    for description, (wrong, label) in named.items():
        mistakes[description] = wrong
        labels[description] = label
    mistakes["(f(x), x) in the wrong order: GLOBAL_MIN is (x, f(x))"] = (fx, x)
    mistakes["only the location x: GLOBAL_MIN is the pair (x, f(x))"] = x
    mistakes["f(x) worked out without the coefficient 3 of 3x⁴: recompute f at the minimum"] = (
        x,
        fx - 2 * x**4,
    )
    mistakes["the sign of f(x) dropped: f is negative at its global minimum"] = (x, -fx)
    return mistakes, labels


@graded("GLOBAL_MIN", points=1)
def test_global_min(student, numbers):
    got = student.get("GLOBAL_MIN")
    what = f"GLOBAL_MIN (of your {_f_text(numbers.roots)})"
    got = accept_form(got, tuple, "GLOBAL_MIN")
    mistakes, labels = _global_min_mistakes(numbers)
    try:
        expect_numbers(got, ref.global_min(numbers.roots), what, mistakes=mistakes)
    except CheckFailure as exc:
        raise _relabelled(exc, labels) from None


# --------------------------------------------------------------------------- D2L4_*
def _d2l4_grad(x: float, y: float) -> tuple[float, float]:
    """∇(x²y + xy²) = (2xy + y², x² + 2xy)."""
    return 2 * x * y + y * y, x * x + 2 * x * y


@graded("D2L4_CRITICAL_POINTS", points=1)
def test_d2l4_critical_points(student):
    got = student.get("D2L4_CRITICAL_POINTS")
    name = "D2L4_CRITICAL_POINTS"
    if isinstance(got, tuple) and len(got) == 2 and all(_not_a_number(c) is None for c in got):
        raise CheckFailure(
            f"{name} should be a list of points [(x1, y1), ...] but is the single tuple "
            f"{got}. This looks like a single point instead of a list of points "
            "(put it in square brackets).",
            misconception="a single point instead of a list of points",
            brief=f"{name} should be a list of points [(x1, y1), ...] but is the single tuple "
            f"{got}.",
        )
    got = accept_form(got, list, name)
    if not isinstance(got, list):
        message = f"{name} should be a list of tuples (x, y) but is {kind_of(got)}."
        raise CheckFailure(message, brief=message)
    got = [accept_form(p, tuple, f"{name}[{i}]") for i, p in enumerate(got)]
    if not got:
        raise CheckFailure(
            f"{name} is empty. This looks like a missing critical point.",
            misconception="a missing critical point",
            brief=f"{name} is empty.",
        )
    for i, p in enumerate(got):
        if not isinstance(p, tuple) or len(p) != 2:
            shape = f" of length {len(p)}" if isinstance(p, tuple | list) else ""
            message = (
                f"{name}: entry [{i}] should be a tuple (x, y) of two Python numbers but is "
                f"{kind_of(p)}{shape}."
            )
            raise CheckFailure(message, brief=message)
        for c in p:
            problem = _not_a_number(c)
            if problem is not None:
                message = f"{name}: entry [{i}] = {p!r}: the coordinate {problem}."
                raise CheckFailure(message, brief=message)
    for p in got:
        if not (_close(p[0], 0) and _close(p[1], 0)):
            gx, gy = _d2l4_grad(float(p[0]), float(p[1]))
            grad = f"∇f{p} = ({gx:.6g}, {gy:.6g})"
            x, y = float(p[0]), float(p[1])
            if _close(gx, 0) or _close(gy, 0):
                why = (
                    "a point where only one partial derivative vanishes (a critical point "
                    "needs ∂f/∂x = 0 and ∂f/∂y = 0 at the same time)"
                )
            elif _close(x * x * y + x * y * y, 0):
                why = (
                    "a zero of f instead of a zero of ∇f: f(x, y) = xy(x + y) vanishes on the "
                    "axes and on the line x = −y, but critical points solve ∇f = 0"
                )
            else:
                why = "a point that is not a critical point"
            text = (
                f"{name} contains {p}, which is not a critical point of f(x, y) = x²y + xy²: {grad}"
            )
            raise CheckFailure(
                f"{text}. This looks like {why}.", misconception=why, brief=f"{text}."
            )
    if len(got) > 1:
        message = f"{name} lists the same critical point {len(got)} times: list each point once."
        raise CheckFailure(message, misconception="a critical point listed twice", brief=message)
    expect_numbers(got, ref.D2L4_CRITICAL_POINTS, name)


# few options: the score and the mistakes only after the due date, or resubmitting finds the
# answer (autograder/visibility.py)
@graded("D2L4_ORIGIN_KIND", points=1, policy=CHOICE)
def test_d2l4_origin_kind(student):
    allowed = ("minimum", "maximum", "neither")
    outside = (
        "an answer outside the allowed ones: this exercise asks only whether the origin is a "
        "minimum, a maximum or neither, so the answer must be one of those three words"
    )
    _expect_word(
        student.get("D2L4_ORIGIN_KIND"),
        ref.D2L4_ORIGIN_KIND,
        "D2L4_ORIGIN_KIND",
        allowed,
        mistakes={
            "minimum": "calling the origin a minimum, but along the diagonal f(x, x) = 2x³ is "
            "negative for x < 0, below f(0, 0) = 0",
            "maximum": "calling the origin a maximum, but along the diagonal f(x, x) = 2x³ is "
            "positive for x > 0, above f(0, 0) = 0",
            "saddle": outside,
            "saddle point": outside,
            "degenerate": outside,
        },
        reveal=False,
    )


# --------------------------------------------------------------------------- hessian
def _quadratic_function(rng: torch.Generator, d: int, constant: bool = False) -> TestFunction:
    """½xᵀAx + bᵀx (+ c) with a random symmetric A; the numbers are in the label."""
    a = _round(torch.randn(d, d, generator=rng, dtype=torch.float64), 2)
    a = torch.triu(a) + torch.triu(a, 1).T
    b = _round(torch.randn(d, generator=rng, dtype=torch.float64), 2)
    c = float(_round(torch.randn((), generator=rng, dtype=torch.float64), 2)) if constant else 0
    a_text, b_text = repr(a.tolist()), repr(b.tolist())
    return TestFunction(
        f"f(x) = ½xᵀAx + bᵀx{' + c' if constant else ''} with A = {a_text}, b = {b_text}"
        + (f", c = {c}" if constant else ""),
        "def f(p):\n"
        f"    A = torch.tensor({a_text}, dtype=p.dtype, device=p.device)\n"
        f"    b = torch.tensor({b_text}, dtype=p.dtype, device=p.device)\n"
        f"    return 0.5 * p @ A @ p + b @ p + {c!r}\n",
    )


def _spd_quadratic_function(rng: torch.Generator, d: int) -> TestFunction:
    """½xᵀAx − bᵀx with a random symmetric positive definite A (minimiser A⁻¹b)."""
    m = _round(torch.randn(d, d, generator=rng, dtype=torch.float64), 1)
    a = m @ m.T + d * torch.eye(d, dtype=torch.float64)
    b = _round(torch.randn(d, generator=rng, dtype=torch.float64), 2)
    a_text, b_text = repr(_round(a, 2).tolist()), repr(b.tolist())
    return TestFunction(
        f"f(x) = ½xᵀAx − bᵀx with A = {a_text}, b = {b_text}",
        "def f(p):\n"
        f"    A = torch.tensor({a_text}, dtype=p.dtype, device=p.device)\n"
        f"    b = torch.tensor({b_text}, dtype=p.dtype, device=p.device)\n"
        "    return 0.5 * p @ A @ p - b @ p\n",
    )


BUMP = TestFunction(
    "f(x, y) = x·e^(−x²−y²)",
    "def f(p):\n    return p[0] * torch.exp(-p[0] ** 2 - p[1] ** 2)\n",
)
WAVY = TestFunction(
    "f(x, y, z) = sin(xy) + e^y·z² + x³z",
    "def f(p):\n"
    "    x, y, z = p[0], p[1], p[2]\n"
    "    return torch.sin(x * y) + torch.exp(y) * z ** 2 + x ** 3 * z\n",
)
CUBIC = TestFunction(
    "g(x, y) = x³ − 3x + y²",
    "def f(p):\n    return p[0] ** 3 - 3 * p[0] + p[1] ** 2\n",
)
COUPLED = TestFunction(
    "f(x, y) = x²y + sin(x + 2y)",
    "def f(p):\n    return p[0] ** 2 * p[1] + torch.sin(p[0] + 2 * p[1])\n",
)
LINEAR = TestFunction("f(x, y) = 2x − 3y", "def f(p):\n    return 2 * p[0] - 3 * p[1]\n")
PARTLY_LINEAR = TestFunction(
    "f(x, y, z) = x²y + 3z", "def f(p):\n    return p[0] ** 2 * p[1] + 3 * p[2]\n"
)
QUARTIC_1D = TestFunction("f(x) = x⁴ − 2x", "def f(p):\n    return p[0] ** 4 - 2 * p[0]\n")


NOT_SYMMETRIC = "a Hessian that is not symmetric"
HESSIAN_DIFFERENCES = (
    "finite differences of the gradient instead of exact second derivatives: a difference "
    "quotient with a step h is off by a term of order h (or h²); differentiate the gradient "
    "with autograd"
)
HESSIAN_TWO_ROWS = (
    "only the first two rows (a Hessian written out for 2-D points): build one row per "
    "coordinate, for a point of any length"
)
HESSIAN_LINEAR = (
    "a gradient entry that does not depend on x (a linear term) left unhandled: "
    "torch.autograd.grad refuses it, yet its row of the Hessian is simply zero (pass "
    "allow_unused=True and materialize_grads=True, or use torch.autograd.functional.hessian)"
)


def _hessian_by_differences(f, point: torch.Tensor) -> AnyOf:
    """Forward and central differences of the gradient, as columns or as rows."""
    _, g0 = _value_grad(f, point)
    out = []
    for h in FD_STEPS:
        steps = torch.eye(point.numel(), dtype=point.dtype, device=point.device) * h
        ahead = torch.stack([_value_grad(f, point + e)[1] for e in steps])
        behind = torch.stack([_value_grad(f, point - e)[1] for e in steps])
        for rows in ((ahead - g0) / h, (ahead - behind) / (2 * h)):
            out += [rows, rows.T]
    return AnyOf(tuple(out))


def _hessian_mistakes(fn: TestFunction, point: torch.Tensor, expected: torch.Tensor):
    _, g = _value_grad(fn.local(), point)
    return {
        "only the diagonal (the pure second derivatives ∂²f/∂xᵢ²): the mixed partials "
        "∂²f/∂xᵢ∂xⱼ are missing": torch.diag(torch.diagonal(expected)),
        "the row sums H·1 on the diagonal: the gradient of ∇f.sum() is H·1, not H; "
        "differentiate each component ∇f[i] separately": torch.diag(expected.sum(dim=1)),
        "only the upper triangle filled in (H[j, i] must equal H[i, j]: "
        f"{NOT_SYMMETRIC})": torch.triu(expected),
        "only the lower triangle filled in (H[i, j] must equal H[j, i]: "
        f"{NOT_SYMMETRIC})": torch.tril(expected),
        "the outer product ∇f ∇fᵀ of the gradient instead of the second derivatives": torch.outer(
            g, g
        ),
        HESSIAN_DIFFERENCES: _hessian_by_differences(fn.local(), point),
        HESSIAN_TWO_ROWS: expected[:2] if point.numel() > 2 else None,
    }


def _expect_hessian(student, fn: TestFunction, point: torch.Tensor) -> None:
    expected = ref.hessian(fn.local(), point)
    try:
        got = student.call("hessian", fn, point)
    except CheckFailure as exc:
        if fn in (LINEAR, PARTLY_LINEAR) and exc.misconception is None:
            if "does not require grad" in str(exc) or "not have been used" in str(exc):
                raise CheckFailure(
                    f"{str(exc).rstrip('.')}. This looks like {HESSIAN_LINEAR}.",
                    misconception=HESSIAN_LINEAR,
                    brief=exc.brief,
                ) from None
        raise
    what = f"hessian({fn.label}, point={_vec(point)} ({str(point.dtype).removeprefix('torch.')}))"
    rtol, atol = tolerance(point.dtype)
    try:
        expect_tensor(
            got,
            expected,
            what,
            lambda: _hessian_mistakes(fn, point, expected),
            rtol=rtol,
            atol=atol,
        )
    except CheckFailure as exc:
        asymmetric = (
            exc.misconception is None
            and isinstance(got, torch.Tensor)
            and got.shape == expected.shape
            and got.is_floating_point()
            and not torch.isnan(got).any()
            and not torch.allclose(got, got.T, rtol=rtol, atol=atol)
        )
        if not asymmetric:
            raise
        symmetric = (
            "It is not symmetric, but H[i, j] = ∂²f/∂xᵢ∂xⱼ must equal H[j, i] (the order of "
            "differentiation does not matter)."
        )
        raise CheckFailure(
            f"{str(exc).rstrip('.')}. {symmetric} This looks like {NOT_SYMMETRIC}.",
            misconception=NOT_SYMMETRIC,
            brief=f"{exc.brief.rstrip('.')}. {symmetric}" if exc.brief else None,
        ) from None


@graded("hessian", points=0.5)
def test_hessian_quadratic_float64(student, rng, device):
    fn = _quadratic_function(rng, 3)
    point = _round(torch.randn(3, generator=rng, dtype=torch.float64)).to(device)
    _expect_hessian(student, fn, point)


@graded("hessian", points=0.5)
def test_hessian_nonpolynomial_float64(student, rng, device):
    for _ in range(2):
        point = _round(torch.empty(3, dtype=torch.float64).uniform_(-1.5, 1.5, generator=rng))
        _expect_hessian(student, WAVY, point.to(device))


@graded("hessian", points=0.5)
def test_hessian_float32(student, rng, device):
    for fn in (CUBIC, COUPLED):
        point = _round(torch.empty(2).uniform_(-2.0, 2.0, generator=rng))
        _expect_hessian(student, fn, point.to(device))


@graded("hessian", points=0.5)
def test_hessian_linear_parts_and_one_variable(student, rng, device):
    _expect_hessian(student, LINEAR, _round(torch.randn(2, generator=rng)).to(device))
    point = _round(torch.randn(3, generator=rng, dtype=torch.float64)).to(device)
    _expect_hessian(student, PARTLY_LINEAR, point)
    _expect_hessian(student, QUARTIC_1D, _round(torch.randn(1, generator=rng)).to(device))


# --------------------------------------------------------------------------- classify
KINDS = ("minimum", "maximum", "saddle", "degenerate")


def _classify_with(
    eigenvalues: list[float],
    tol: float,
    *,
    strict=True,
    zero_first=False,
    inclusive=False,
    loose_max=False,
    loose_min=False,
):
    """The second-derivative test with a knob for each classic slip."""
    if zero_first and any(abs(e) <= tol for e in eigenvalues):
        return "degenerate"
    if inclusive:  # |λ| = tol counted as nonzero
        positive, negative = [e >= tol for e in eigenvalues], [e <= -tol for e in eigenvalues]
    else:
        positive, negative = [e > tol for e in eigenvalues], [e < -tol for e in eigenvalues]
    if all(positive) or (not strict and all(e >= -tol for e in eigenvalues)):
        return "minimum"  # not strict: a semidefinite H (λ ≥ 0) taken for a minimum
    if loose_min and all(e > -tol for e in eigenvalues):
        return "minimum"  # one-sided: the minimum tested with λ > −tol
    if all(negative) or (not strict and all(e <= tol for e in eigenvalues)):
        return "maximum"
    if loose_max and all(e < tol for e in eigenvalues):
        return "maximum"  # one-sided: the maximum tested with λ < tol
    if any(positive) and any(negative):
        return "saddle"
    return "degenerate"


def _determinant_trace(h: torch.Tensor, tol: float) -> str:
    """The 2 × 2 test (det < 0: saddle; det > 0: the sign of the trace) on any size."""
    det, trace = float(torch.linalg.det(h)), float(torch.trace(h))
    if det < -tol:
        return "saddle"
    if det > tol:
        return "minimum" if trace > 0 else "maximum"
    return "degenerate"


def _swapped(right: str) -> str:
    return {"minimum": "maximum", "maximum": "minimum"}.get(right, right)


ONE_SIDED = (
    "a zero eigenvalue counted as negative (or positive) on one side: a maximum needs every "
    "λ < −tol, not λ < tol (and a minimum every λ > tol)"
)

#: The classic slips of the second-derivative test: (description, answer(h, eig, tol, right)).
CLASSIFY_SLIPS = [
    (
        "minimum and maximum mixed up: all eigenvalues > 0 means the function curves up in "
        "every direction, a minimum",
        lambda h, eig, tol, right: _swapped(right),
    ),
    (
        "the tolerance ignored: an eigenvalue with |λ| ≤ tol (such as 1e-12) counts as zero, "
        "not as positive or negative",
        lambda h, eig, tol, right: _classify_with(eig, 0.0),
    ),
    (
        "a zero eigenvalue counted as positive or negative (all λ ≥ 0 is not enough for a "
        "minimum: use λ > tol)",
        lambda h, eig, tol, right: _classify_with(eig, tol, strict=False),
    ),
    (ONE_SIDED, lambda h, eig, tol, right: _classify_with(eig, tol, loose_max=True)),
    (ONE_SIDED, lambda h, eig, tol, right: _classify_with(eig, tol, loose_min=True)),
    (
        "every point that is neither a minimum nor a maximum called a saddle (a zero "
        "eigenvalue with no eigenvalues of opposite signs is degenerate)",
        lambda h, eig, tol, right: right if right != "degenerate" else "saddle",
    ),
    (
        "a zero eigenvalue made it degenerate although one eigenvalue > tol and one < −tol "
        "already make a saddle",
        lambda h, eig, tol, right: _classify_with(eig, tol, zero_first=True),
    ),
    (
        "the diagonal entries used instead of the eigenvalues (a positive diagonal does not "
        "make H positive definite: [[1, 2], [2, 1]] has eigenvalues 3 and −1)",
        lambda h, eig, tol, right: _classify_with(torch.diagonal(h).tolist(), tol),
    ),
    (
        "an eigenvalue equal to tol counted as nonzero: |λ| ≤ tol counts as zero, so the "
        "test is λ > tol, not λ ≥ tol",
        lambda h, eig, tol, right: _classify_with(eig, tol, inclusive=True),
    ),
    (
        "tol taken relative to the largest eigenvalue: tol is an absolute threshold on |λ|",
        lambda h, eig, tol, right: _classify_with(
            eig, tol * max((abs(e) for e in eig), default=0.0)
        ),
    ),
    (
        "the determinant and trace test of a 2 × 2 Hessian used on a larger one: beyond 2 × 2 "
        "a positive determinant does not make H definite; use the signs of all eigenvalues",
        lambda h, eig, tol, right: _determinant_trace(h, tol),
    ),
]

#: Labels that are not among the four allowed strings, and what they say.
CLASSIFY_LABELS = {
    "saddle point": "the label 'saddle point' where the exact string 'saddle' is asked",
    "saddlepoint": "the label 'saddlepoint' where the exact string 'saddle' is asked",
    "min": "an abbreviated label: write 'minimum', exactly",
    "max": "an abbreviated label: write 'maximum', exactly",
}


def _slip_answers(H: torch.Tensor, tol: float) -> list[str]:
    """The answer of every slip of :data:`CLASSIFY_SLIPS` at H, in order."""
    h = H.detach().to("cpu", torch.float64)
    eig = torch.linalg.eigvalsh(0.5 * (h + h.T)).tolist()
    right = ref.classify_critical_point(h, tol)
    return [slip(h, eig, tol, right) for _, slip in CLASSIFY_SLIPS]


def _classify_mistakes(H: torch.Tensor, tol: float, fitting: set[int]) -> dict[str, str]:
    """Wrong answer → the slip that gives it at H, among the slips numbered in ``fitting``
    (an answer that two of them give for different reasons names neither)."""
    right = ref.classify_critical_point(H.detach().to("cpu", torch.float64), tol)
    found: dict[str, set[str]] = {}
    for i, answer in enumerate(_slip_answers(H, tol)):
        if i in fitting and answer != right:
            found.setdefault(answer, set()).add(CLASSIFY_SLIPS[i][0])
    mistakes: dict[str, str] = dict(CLASSIFY_LABELS)
    for answer, descriptions in found.items():
        if len(descriptions) == 1:
            mistakes.setdefault(answer, descriptions.pop())
    return mistakes


def _classification_text(H: torch.Tensor, tol: float | None) -> str:
    eig = torch.linalg.eigvalsh(H.detach().to("cpu", torch.float64)).tolist()
    shown = ", ".join(f"{e:.3g}" for e in eig)
    args = "" if tol is None else f", tol={tol}"
    what = (
        f"classify_critical_point(H{args}) for the {H.shape[0]}×{H.shape[0]} "
        f"{str(H.dtype).removeprefix('torch.')} matrix H with eigenvalues [{shown}]"
    )
    if H.shape[0] <= 2:
        what += f", H = {H.detach().cpu().tolist()}"
    return what


def _expect_classifications(student, cases: list[tuple[torch.Tensor, float | None]]) -> None:
    """Classify every case, then judge the first wrong one.

    A slip is named only when it gives the student's answer in every case of the check, and
    no other such slip gives the same wrong word: at one matrix several slips give the same
    word (an eigenvalue equal to tol is "positive" both to a test that ignores tol and to
    one that uses λ ≥ tol); across the cases the student's answers tell them apart.
    """
    answers = []
    for H, tol in cases:
        answers.append(
            student.call("classify_critical_point", H)
            if tol is None
            else student.call("classify_critical_point", H, tol=tol)
        )
    used = [(H, 1e-8 if tol is None else tol) for H, tol in cases]
    per_case = [_slip_answers(H, t) for H, t in used]
    fitting = {
        i
        for i in range(len(CLASSIFY_SLIPS))
        if all(a == slips[i] for a, slips in zip(answers, per_case, strict=True))
    }
    for (H, tol), (_, tol_used), got in zip(cases, used, answers, strict=True):
        expected = ref.classify_critical_point(H, tol_used)
        if got == expected:
            continue
        # the call judged (every case was called first): what a fallback brief names too
        calling(brief_call("classify_critical_point", (H,), {} if tol is None else {"tol": tol}))
        _expect_word(
            got,
            expected,
            _classification_text(H, tol),
            KINDS,
            _classify_mistakes(H, tol_used, fitting),
            call=current_call("classify_critical_point"),
        )


def _rotated(rng: torch.Generator, eigenvalues: list[float]) -> torch.Tensor:
    """Q diag(λ) Qᵀ in float64 for a random orthogonal Q: known eigenvalues, full matrix."""
    d = len(eigenvalues)
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=rng, dtype=torch.float64))
    h = q @ torch.diag(torch.tensor(eigenvalues, dtype=torch.float64)) @ q.T
    return 0.5 * (h + h.T)


@graded("classify_critical_point", points=0.5)
def test_classify_text_cases(student, device):
    cases = [
        torch.diag(torch.tensor([1.0, 2.0])),
        torch.diag(torch.tensor([-1.0, -3.0], dtype=torch.float64)),
        torch.tensor([[1.0, 2.0], [2.0, 1.0]]),  # positive diagonal, eigenvalues 3 and −1
        torch.zeros(2, 2, dtype=torch.float64),
    ]
    # The four critical points (±1, ±1) of h(x, y) = x³ − 3x + y³ − 3y: H = diag(6x, 6y).
    cases += [
        torch.diag(torch.tensor([6.0 * x, 6.0 * y], dtype=torch.float64))
        for x, y in ((1, 1), (-1, -1), (1, -1), (-1, 1))
    ]
    _expect_classifications(student, [(H.to(device), None) for H in cases])


@graded("classify_critical_point", points=0.5)
def test_classify_random_hessians(student, rng, device):
    cases = []
    for signs, dtype in (
        ((1, 1, 1), torch.float64),
        ((-1, -1, -1, -1), torch.float32),
        ((1, -1, 1), torch.float64),
        ((-1, 1, -1, -1), torch.float32),
        ((1, 1, -1, 1), torch.float64),
    ):
        size = torch.empty(len(signs), dtype=torch.float64).uniform_(0.5, 3.0, generator=rng)
        H = _rotated(rng, [s * float(m) for s, m in zip(signs, size, strict=True)])
        cases.append((H.to(dtype).to(device), None))
    _expect_classifications(student, cases)


@graded("classify_critical_point", points=0.5)
def test_classify_zero_eigenvalues(student, rng, device):
    cases = [
        torch.diag(torch.tensor([2.0, 0.0], dtype=torch.float64)),  # degenerate, not a minimum
        torch.diag(torch.tensor([0.0, -1.5], dtype=torch.float64)),
        torch.diag(torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64)),  # still a saddle
        torch.tensor([[3.0]]),
        torch.tensor([[-2.0]], dtype=torch.float64),
        torch.tensor([[0.0]]),
        torch.zeros(3, 3),
        _rotated(rng, [2.0, 0.0, 1.0]),
    ]
    _expect_classifications(student, [(H.to(device), None) for H in cases])


@graded("classify_critical_point", points=0.5)
def test_classify_tolerance(student, rng, device):
    f64 = torch.float64
    default_tol = [
        torch.diag(torch.tensor([1.0, 1e-12], dtype=f64)),
        torch.diag(torch.tensor([-2.0, -1e-12], dtype=f64)),
        torch.diag(torch.tensor([1.0, -1e-12], dtype=f64)),
        _rotated(rng, [3.0, 1e-12, 2.0]),
    ]
    cases = [(H.to(device), None) for H in default_tol]
    for values, tol in (([1.0, 1e-3], 1e-2), ([1.0, 1e-3], 1e-4), ([-0.5, 0.05], 0.1)):
        cases.append((torch.diag(torch.tensor(values, dtype=f64)).to(device), tol))
    # |λ| = tol exactly counts as zero (binary fractions: the eigenvalues are exact), and tol
    # is absolute: a large eigenvalue does not make a small one above tol count as zero
    for values, tol in (([0.25, 2.0], 0.25), ([-0.25, -1.0], 0.25), ([1e4, 1e-5], 1e-8)):
        cases.append((torch.diag(torch.tensor(values, dtype=f64)).to(device), tol))
    _expect_classifications(student, cases)


# ----------------------------------------------------------------- quadratic_approximation
MISPRINT = (
    "the full Hessian where ½H belongs: the curvature term is ½ δᵀHδ with δ = x − x₀, "
    "not δᵀHδ (the old D2L misprint 2(x+1)² + 2y² makes this slip)"
)


def _q_mistakes(fn: TestFunction, x0: torch.Tensor, x: torch.Tensor) -> dict[str, object]:
    f = fn.local()
    f0, g = _value_grad(f, x0)
    h = ref.hessian(f, x0)
    delta = x - x0
    linear = delta @ g
    curvature = delta @ h @ delta
    return {
        MISPRINT: f0 + linear + curvature,
        "a missing gradient term ∇f(x₀)·(x − x₀)": f0 + 0.5 * curvature,
        "the gradient term with the wrong sign (δ = x − x₀, not x₀ − x)": f0
        - linear
        + 0.5 * curvature,
        "a missing constant term f(x₀)": linear + 0.5 * curvature,
        "the linear approximation only (the ½(x − x₀)ᵀH(x − x₀) term is missing)": f0 + linear,
        "f(x) itself instead of its quadratic approximation around x₀": f(x).detach(),
        "only the diagonal of the Hessian: the mixed terms ∂²f/∂xᵢ∂xⱼ δᵢδⱼ are missing from "
        "½ δᵀHδ": f0 + linear + 0.5 * (delta * torch.diagonal(h) * delta).sum(),
        "½ in front of the gradient term too: only the curvature term has the ½": f0
        + 0.5 * linear
        + 0.5 * curvature,
        "x in place of x − x₀ in the gradient and Hessian terms: the expansion is in powers "
        "of δ = x − x₀": f0 + x @ g + 0.5 * (x @ h @ x),
    }


def _distance(got: object, want: torch.Tensor) -> float:
    """|got − want| for comparable tensors (so the worst point is shown), else +∞."""
    if not isinstance(got, torch.Tensor) or got.shape != want.shape:
        return math.inf
    if not got.is_floating_point() or got.device.type != want.device.type:
        return math.inf
    return float((got.to(torch.float64) - want.to(torch.float64)).abs().max())


def _expect_quadratic(student, fn: TestFunction, x0: torch.Tensor, points, expected=None):
    """Evaluate the student's q at ``points`` and compare with the reference q."""
    dtype = str(x0.dtype).removeprefix("torch.")
    call = f"quadratic_approximation({fn.label}, point={_vec(x0)} ({dtype}))"
    q = student.call("quadratic_approximation", fn, x0)
    if not isinstance(q, RemoteCallable):
        raise CheckFailure(
            f"{call} should return a function q (define `def q(x): ...` inside and "
            f"`return q`), but it returned {kind_of(q)}.",
            misconception="a value instead of a function",
            brief=f"{current_call('quadratic_approximation')} should return a function q "
            f"(define `def q(x): ...` inside and `return q`), but it returned {kind_of(q)}.",
        )
    ref_q = ref.quadratic_approximation(fn.local(), x0)
    rtol, atol = tolerance(x0.dtype)
    answers = [student.call_returned(q, "quadratic_approximation", x) for x in points]
    wants = [ref_q(x) if expected is None else expected[i] for i, x in enumerate(points)]
    failing = [
        i
        for i, (a, w) in enumerate(zip(answers, wants, strict=True))
        if tensor_problem(a, w, rtol, atol) is not None
    ]
    if not failing:
        return
    # A wrong q can agree with two slips at one point (at (−0.5, 0.5) the misprint and a
    # missing gradient term give the same number): name only a slip that fits every point.
    per_point = [_q_mistakes(fn, x0, x) for x in points]
    # Show the point where the answer is furthest off, so the difference is visible.
    i = max(failing, key=lambda k: _distance(answers[k], wants[k]))
    expect_tensor(
        answers[i],
        wants[i],
        f"q({_vec(points[i])}) for q = {call}",
        mistakes=lambda: {
            description: wrong
            for description, wrong in per_point[i].items()
            if all(
                m[description] is not None and tensor_problem(a, m[description], rtol, atol) is None
                for a, m in zip(answers, per_point, strict=True)
            )
        },
        rtol=rtol,
        atol=atol,
    )
    raise AssertionError("unreachable: a failing point passed")


def _near_and_far(rng: torch.Generator, x0: torch.Tensor, near: int = 2, far: int = 2):
    """Points further from x0 (where the terms separate) and close to it (where q ≈ f)."""
    d = x0.shape[0]
    steps = [torch.randn(d, generator=rng, dtype=torch.float64) for _ in range(far)]
    steps += [0.05 * torch.randn(d, generator=rng, dtype=torch.float64) for _ in range(near)]
    return [_round(x0.cpu().to(torch.float64) + s).to(x0.dtype).to(x0.device) for s in steps]


@graded("quadratic_approximation", points=1)
def test_quadratic_text_example(student, rng, device):
    x0 = torch.tensor([-1.0, 0.0], dtype=torch.float64, device=device)
    points = [
        torch.tensor(p, dtype=torch.float64, device=device)
        for p in ([-0.5, 0.5], [-1.3, 0.2], [0.0, 0.0], [-2.0, -1.0])
    ] + _near_and_far(rng, x0)
    # D2L 22.4 (corrected): q(x, y) = e⁻¹(−1 − (x+1) + (x+1)² + y²).
    text = [math.exp(-1) * (-1 - (p[0] + 1) + (p[0] + 1) ** 2 + p[1] ** 2) for p in points]
    _expect_quadratic(student, BUMP, x0, points, expected=text)


@graded("quadratic_approximation", points=1)
def test_quadratic_random_float64(student, rng, device):
    x0 = _round(torch.empty(3, dtype=torch.float64).uniform_(-1.2, 1.2, generator=rng))
    x0 = x0.to(device)
    _expect_quadratic(student, WAVY, x0, _near_and_far(rng, x0))


@graded("quadratic_approximation", points=0.5)
def test_quadratic_float32(student, rng, device):
    x0 = _round(torch.empty(2).uniform_(-1.5, 1.5, generator=rng)).to(device)
    _expect_quadratic(student, COUPLED, x0, _near_and_far(rng, x0, near=1))


@graded("quadratic_approximation", points=0.5)
def test_quadratic_exact_for_a_quadratic(student, rng, device):
    fn = _quadratic_function(rng, 4, constant=True)
    x0 = _round(torch.randn(4, generator=rng, dtype=torch.float64)).to(device)
    points = _near_and_far(rng, x0, near=0, far=3)
    f = fn.local()
    # For a quadratic f, q equals f everywhere.
    _expect_quadratic(student, fn, x0, points, expected=[f(x).detach() for x in points])


# --------------------------------------------------------------------------- newton_step
CONVEX = TestFunction(
    "f(x, y, z) = eˣ + eʸ + eᶻ + (x − y)² + (y − 2z)²",
    "def f(p):\n"
    "    x, y, z = p[0], p[1], p[2]\n"
    "    return torch.exp(x) + torch.exp(y) + torch.exp(z) + (x - y) ** 2 + (y - 2 * z) ** 2\n",
)
CONVEX_2D = TestFunction(
    "f(x, y) = eˣ + x² + xy + y²",
    "def f(p):\n    return torch.exp(p[0]) + p[0] ** 2 + p[0] * p[1] + p[1] ** 2\n",
)
PARABOLA = TestFunction("f(x) = 3(x − 2)² + 1", "def f(p):\n    return 3 * (p[0] - 2) ** 2 + 1\n")
CUBIC_SADDLES = TestFunction(
    "f(x, y) = x³ − 3x + y³ − 3y + xy",
    "def f(p):\n    return p[0] ** 3 - 3 * p[0] + p[1] ** 3 - 3 * p[1] + p[0] * p[1]\n",
)


NEWTON_STEP_ONLY = "the step H⁻¹∇f itself instead of the new point x − H⁻¹∇f"
NEWTON_CHOLESKY = (
    "a solver that assumes a positive definite Hessian (Cholesky): at a saddle or a maximum H "
    "is indefinite; solve H s = ∇f with torch.linalg.solve"
)
NEWTON_2D = (
    "a Newton step written out for 2-D points only (the 2 × 2 inverse formula): solve "
    "H s = ∇f with torch.linalg.solve, for a point of any length"
)


def _works_in_2d(student, like: torch.Tensor) -> bool:
    """Whether the student's newton_step is right at a 2-D point (like ``like``)."""
    p = torch.tensor([0.3, -0.4], dtype=like.dtype, device=like.device)
    try:
        got = student.call("newton_step", CONVEX_2D, p)
    except CheckFailure:
        return False
    rtol, atol = tolerance(like.dtype)
    return tensor_problem(got, ref.newton_step(CONVEX_2D.local(), p), rtol, atol) is None


def _newton_mistakes(fn: TestFunction, x: torch.Tensor, expected: torch.Tensor):
    f = fn.local()
    _, g = _value_grad(f, x)
    h = ref.hessian(f, x)
    step = torch.linalg.solve(h, g)
    return {
        "the Newton step added instead of subtracted (x + H⁻¹∇f; the update is x − H⁻¹∇f)": x
        + step,
        "∇f divided by the diagonal of H, which ignores the mixed second derivatives "
        "(solve H s = ∇f with the whole Hessian)": x - g / torch.diagonal(h),
        "a plain gradient step x − ∇f (the Hessian is missing)": x - g,
        "H∇f instead of H⁻¹∇f (solve the linear system H s = ∇f instead of multiplying)": x - h @ g,
        NEWTON_STEP_ONLY: step,
    }


def _expect_newton(student, fn: TestFunction, x: torch.Tensor, expected=None) -> None:
    expected = ref.newton_step(fn.local(), x) if expected is None else expected
    rtol, atol = tolerance(x.dtype)
    try:
        got = student.call("newton_step", fn, x)
    except CheckFailure as exc:
        text = str(exc).rstrip(".")
        if exc.misconception is None and text.startswith("Calling"):
            if "cholesky" in text.lower() or "not positive-definite" in text:
                raise CheckFailure(
                    f"{text}. This looks like {NEWTON_CHOLESKY}.",
                    misconception=NEWTON_CHOLESKY,
                    brief=exc.brief,
                ) from None
            if x.numel() != 2 and _works_in_2d(student, x):
                raise CheckFailure(
                    f"{text}. It is right at a 2-D point. This looks like {NEWTON_2D}.",
                    misconception=NEWTON_2D,
                    brief=f"{exc.brief.rstrip('.')}. It is right at a 2-D point."
                    if exc.brief
                    else None,
                ) from None
        raise
    expect_tensor(
        got,
        expected,
        f"newton_step({fn.label}, x={_vec(x)} ({str(x.dtype).removeprefix('torch.')}))",
        mistakes=lambda: _newton_mistakes(fn, x, expected),
        rtol=rtol,
        atol=atol,
    )


@graded("newton_step", points=0.5)
def test_newton_quadratic_in_one_step(student, rng, device):
    fn = _spd_quadratic_function(rng, 3)
    x = _round(torch.randn(3, generator=rng, dtype=torch.float64) * 2).to(device)
    _expect_newton(student, fn, x)


@graded("newton_step", points=0.5)
def test_newton_convex_float64(student, rng, device):
    for _ in range(2):
        x = _round(torch.empty(3, dtype=torch.float64).uniform_(-1.0, 1.0, generator=rng))
        _expect_newton(student, CONVEX, x.to(device))


@graded("newton_step", points=0.5)
def test_newton_float32(student, rng, device):
    x = _round(torch.empty(1).uniform_(-6.0, 6.0, generator=rng)).to(device)
    # One step on the parabola lands on its minimiser x = 2.
    _expect_newton(student, PARABOLA, x, expected=torch.full_like(x, 2.0))
    x = _round(torch.empty(2).uniform_(-1.0, 1.0, generator=rng)).to(device)
    _expect_newton(student, CONVEX_2D, x)


@graded("newton_step", points=0.5)
def test_newton_indefinite_hessian(student, rng, device):
    # Away from the axes H = [[6x, 1], [1, 6y]] is far from singular (|36xy| ≥ 9).
    magnitude = torch.empty(2, dtype=torch.float64).uniform_(0.5, 2.0, generator=rng)
    signs = torch.tensor([1.0, -1.0], dtype=torch.float64)
    x = _round(magnitude * signs)
    _expect_newton(student, CUBIC_SADDLES, x.to(device))


# --------------------------------------------------------------------------- D2L5_CHOICE
# Each student's notebook letters the four options in its own order
# (autograder.own_numbers), so the right letter differs between students.
D2L5_WHY_NOT = {
    "a": "both gradients zero is sufficient for ∇f = 0 but not necessary (only their sum has "
    "to vanish)",
    "c": "∇g = ∇h gives ∇f = 2∇g, which vanishes only when both gradients are zero",
    "d": "g = −h everywhere is sufficient but not necessary; ∇f = 0 at one point says nothing "
    "about the values of g and h elsewhere",
}


def _option(numbers: OwnNumbers, letter: str) -> str:
    return D2L5_OPTIONS[numbers.d2l5_order["abcd".index(letter)]]


def _d2l5_mistakes(numbers: OwnNumbers) -> tuple[dict[str, str], dict[str, str]]:
    """Wrong letters with their description, and the descriptions' stable names."""
    mistakes: dict[str, str] = {}
    labels: dict[str, str] = {}
    right = ref.d2l5_choice(numbers.d2l5_order)
    claimed = numbers.claimed
    if claimed is not None and not claimed.published:
        shown = ref.d2l5_choice(claimed.d2l5_order)
        if shown != right:
            mistakes[shown] = (
                f"the letter of the right option in the order this notebook shows for the "
                f"student id it states ({claimed.student_id!r}); in your own order "
                f'"{shown}" is "{_option(numbers, shown)}"'
            )
            labels[mistakes[shown]] = OTHER_STUDENT
    if right != PUBLISHED.letter_of(ref.D2L5_CHOICE) and "b" not in mistakes:
        mistakes["b"] = (
            f"the letter of the published order of the text; in your notebook the options are "
            f'lettered in your own order, and "b" is "{_option(numbers, "b")}"'
        )
        labels[mistakes["b"]] = PUBLISHED_ANSWERS
    for option, why in D2L5_WHY_NOT.items():
        letter = numbers.letter_of(option)
        if letter not in mistakes:
            mistakes[letter] = f'option ({letter}) "{D2L5_OPTIONS[option]}": {why}'
            labels[mistakes[letter]] = f'the option "{D2L5_OPTIONS[option]}"'
    return mistakes, labels


@graded("D2L5_CHOICE", points=1, policy=CHOICE)  # (as D2L4_ORIGIN_KIND)
def test_d2l5_choice(student, numbers):
    order = ", ".join(f"{k}) {_option(numbers, k)}" for k in "abcd")
    mistakes, labels = _d2l5_mistakes(numbers)
    try:
        _expect_word(
            student.get("D2L5_CHOICE"),
            ref.d2l5_choice(numbers.d2l5_order),
            f"D2L5_CHOICE (your options: {order})",
            ("a", "b", "c", "d"),
            mistakes=mistakes,
            reveal=False,
        )
    except CheckFailure as exc:
        raise _relabelled(exc, labels) from None

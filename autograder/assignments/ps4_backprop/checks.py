"""Hidden checks for ps4-backprop: the chain rule, backpropagation, Jacobians, matrix calculus.

Each check is bound to one graded name with its points; the points of a
name's checks add up to its test cell's points in the notebook. Known wrong
answers are computed beside the right one so the feedback can name them.

The layered function is f = (u + v)², u = (a + b)², v = (a − b)²,
a = (w + x + y + z)², b = (w + x − y − z)². At the contract point
(−1, 0, −2, 1) b = 0, so slips in the b branch or in the signs of the y and z
partials only show at other points: the random checks catch those.

References are computed in float64 on ``device`` and cast to the input's
dtype. Partial derivatives can be small differences of large terms, so their
tolerance scales with the size of those terms (see :func:`_partials_scale`).
"""

from __future__ import annotations

import math
import re

import pytest
import torch

from autograder.assignments.ps4_backprop import reference as ref
from autograder.checks import (
    CheckFailure,
    TestFunction,
    expect_number,
    expect_tensor,
    graded,
)
from autograder.checks.common import FD_STEPS, call_brief
from autograder.checks.compare import (
    AnyOf,
    Problem,
    accept_form,
    brief_of,
    current_call,
    kind_of,
    rule_broken,
    show,
    tensor_problem,
    tolerance,
)

POINT = (-1.0, 0.0, -2.0, 1.0)
KEYS = ("f", "w", "x", "y", "z")
DTYPES = (torch.float32, torch.float64)
DTYPE_IDS = ("float32", "float64")

# --------------------------------------------------------------------------- misconceptions
USES_AUTOGRAD = (
    "autograd used where the exercise asks for the chain rule by hand: it fails inside "
    "torch.no_grad() and on plain Python floats"
)
#: What autograd says when a hand-written pass leans on it under torch.no_grad() or on floats.
AUTOGRAD_SIGNS = (
    "does not require grad",
    "does not have a grad_fn",
    "requires_grad_",
    "grad can be implicitly created",
)
ONLY_U = (
    "a chain rule that follows only the path through u: f depends on a and b through "
    "both u and v, so every derivative must add the contributions of both paths"
)
DROP_B = (
    "a chain rule that leaves out the path through b: every input reaches f through "
    "both a and b, so add the contributions of both"
)
DA_ONE = (
    "∂a/∂w treated as 1: a = (w + x + y + z)², so ∂a/∂w = 2(w + x + y + z) "
    "(and ∂b/∂w = 2(w + x − y − z))"
)
V_SIGN = "a wrong sign for ∂v/∂b: v = (a − b)², so ∂v/∂b = −2(a − b)"
NO_OUTER = "the factor ∂f/∂u = ∂f/∂v = 2(u + v) left out of the chain"
SWAPPED = "the tuple in the wrong order (it should be (f, df_dw))"
YZ_LIKE_W = (
    "the y and z partials computed like those of w and x: b depends on −y − z, so "
    "∂b/∂y = ∂b/∂z = −2(w + x − y − z) and df/dy = ā·2(w + x + y + z) − b̄·2(w + x − y − z)"
)
YZ_FLIPPED = (
    "the minus sign on the wrong term of the y and z partials: a depends on +y + z and "
    "b depends on −y − z, so df/dy = ā·2(w + x + y + z) − b̄·2(w + x − y − z)"
)
NUMBERS = (
    "values turned into Python numbers (with .item() or float()): every value of the "
    "dict must be a tensor of the inputs' shape, dtype and device"
)
NUMBERS_PAIR = (
    "values turned into Python numbers (with .item() or float()): f and df_dw must be "
    "tensors of the inputs' shape, dtype and device"
)
WRONG_KEYS = 'a dict with the wrong keys (use exactly "f", "w", "x", "y", "z")'
NOT_A_DICT = 'the results returned as a sequence instead of a dict keyed by "f", "w", "x", "y", "z"'
F_SUMMED = "f summed over the batch: return f for every batch element (only backpropagate the sum)"
DOUBLED = (
    "partials that are twice too large: .grad accumulates, so a second backward() "
    "(or reusing the leaves) adds the gradient again"
)
TWO_AX = "2Ax, which is the gradient only for a symmetric A; in general it is (A + Aᵀ)x"
ONLY_AX = "only Ax: the product rule gives two terms, Ax + Aᵀx"
ONLY_ATX = "only Aᵀx: the product rule gives two terms, Ax + Aᵀx"
TWO_ATX = "2Aᵀx, which is the gradient only for a symmetric A; in general it is (A + Aᵀ)x"
FACT_SIGN = "+2Uᵀ(X − UV): the sign is wrong (d(X − UV)/dV brings a minus sign)"
FACT_HALF = "−Uᵀ(X − UV): the factor 2 from differentiating the square is missing"
FACT_TRANSPOSED = "the transpose of the gradient (it must have the shape of V, k × n)"
FACT_WRT_U = "−2(X − UV)Vᵀ, the gradient with respect to U, not V"
FACT_RIGHT_U = "−2(X − UV)Uᵀ: Uᵀ belongs on the left, −2Uᵀ(X − UV)"
FACT_NO_T = "−2U(X − UV): U must be transposed, −2Uᵀ(X − UV)"
FACT_NO_UV = "−2UᵀX: the UV term of the residual X − UV is missing"
FACT_MEAN = (
    "the gradient of the mean of the squared entries (divided by their number): the loss is "
    "the sum ‖X − UV‖², with no division"
)
QUAD_VALUE = "the value xᵀAx itself instead of its gradient"
QUAD_2X2 = (
    "a gradient written out entry by entry for 2 × 2 matrices only: use matrix operations, "
    "which work for any size"
)
HALF_POWER = (
    "the factor 2 of the power rule dropped in ∂u and ∂v: ∂(s²) = 2s·∂s at every squaring "
    "(u = (a + b)², v = (a − b)²)"
)
DB_SIGN = (
    "a minus sign on ∂b/∂w: w enters b = (w + x − y − z)² with a plus, so "
    "∂b/∂w = +2(w + x − y − z); only y and z bring a minus"
)
Z_LIKE_W = (
    "the z partial computed like that of w: z enters b with a minus, exactly like y, so "
    "df/dz = df/dy = ā·2(w + x + y + z) − b̄·2(w + x − y − z)"
)
DW_EVERYWHERE = (
    "df/dw copied to every input: differentiate f with respect to each of w, x, y and z "
    "(y and z enter b with a minus, so their partials differ from df/dw)"
)
NOT_SUMMED = (
    "backward() on a batch of f values: autograd needs one number to start from; "
    "backpropagate f.sum() (each f[i] depends only on its own inputs, so the partials stay "
    "per element)"
)


# --------------------------------------------------------------------------- helpers
def _draw(rng: torch.Generator, shape: tuple[int, ...]) -> torch.Tensor:
    """Uniform in [−1, 1], rounded to 2 decimals so messages stay readable (float64, CPU)."""
    return torch.round((torch.rand(shape, generator=rng, dtype=torch.float64) * 2 - 1) * 100) / 100


def _inputs(rng: torch.Generator, shape: tuple[int, ...], dtype, device) -> list[torch.Tensor]:
    return [_draw(rng, shape).to(dtype).to(device) for _ in range(4)]


def _point(dtype, device) -> list[torch.Tensor]:
    return [torch.tensor(v, dtype=dtype).to(device) for v in POINT]


def _call_text(name: str, args: list[torch.Tensor]) -> str:
    inner = ", ".join(f"{n}={show(t)}" for n, t in zip("wxyz", args, strict=True))
    return f"{name}({inner}) with {str(args[0].dtype).removeprefix('torch.')} inputs"


def _keys_brief(keys) -> str:
    """The keys of a dict answer for a brief: names are shown; any other key (a number, a
    string with digits: it could carry an input's value back) is only counted."""
    names = [show(k) for k in keys if isinstance(k, str) and re.fullmatch(r"[A-Za-z_]{1,20}", k)]
    others = len(keys) - len(names)
    if others:
        names.append(f"{others} other key{'s' if others > 1 else ''}")
    return ", ".join(names) or "none"


def _wide(args: list[torch.Tensor]) -> list[torch.Tensor]:
    return [t.detach().to(torch.float64) for t in args]


def _partials_scale(args: list[torch.Tensor]) -> float:
    """Size of the terms that make up the partials: 16(u + v)(|s₊|³ + |s₋|³), largest entry."""
    w, x, y, z = _wide(args)
    s_plus, s_minus = w + x + y + z, w + x - y - z
    uv = 2 * (s_plus**4 + s_minus**4)
    return float((16 * uv * (s_plus.abs() ** 3 + s_minus.abs() ** 3)).max())


def _tolerances(args: list[torch.Tensor], names: tuple[str, ...]) -> dict[str, tuple]:
    """(rtol, atol) per entry: f relative, partials relative to the size of their terms."""
    rtol, atol = tolerance(args[0].dtype)
    scale_atol = max(atol, rtol * _partials_scale(args))
    return {n: (rtol, atol if n == "f" else scale_atol) for n in names}


def _entries_problem(
    got: dict, expected: dict[str, torch.Tensor], tols: dict[str, tuple], label: str
) -> str | None:
    """Why the named entries of ``got`` are not those of ``expected`` (None when they are)."""
    for name, e in expected.items():
        problem = tensor_problem(got[name], e, *tols[name])
        if problem is not None:
            entry = label.format(name)
            return Problem(f"{entry} {problem}", f"{entry} {brief_of(problem)}")
    return None


def _fail_entries(
    what: str,
    problem: str,
    got: dict,
    expected: dict[str, torch.Tensor],
    tols: dict[str, tuple],
    mistakes: dict[str, dict | None],
) -> None:
    brief = f"{call_brief(what)}: {brief_of(problem)}."
    rule = rule_broken(got, expected)
    if rule is not None:
        raise CheckFailure(
            f"{what}: {problem}. This looks like {rule}.", misconception=rule, brief=brief
        )
    for description, wrong in mistakes.items():
        if wrong is not None and _entries_problem(got, wrong, tols, "{}") is None:
            raise CheckFailure(
                f"{what}: {problem}. This looks like {description}.",
                misconception=description,
                brief=brief,
            )
    raise CheckFailure(f"{what}: {problem}.", brief=brief)


def _cast(values: dict[str, torch.Tensor], like: torch.Tensor) -> dict[str, torch.Tensor]:
    return {k: v.to(like.dtype) for k, v in values.items()}


def _format_mistakes(
    expected: dict[str, torch.Tensor], variants: dict[str, dict[str, torch.Tensor]]
) -> dict[str, dict | None]:
    """Variants computed in float64, cast like ``expected``; those that differ from it and
    from every other variant."""
    like = next(iter(expected.values()))
    tols = {k: (0.0, 0.0) for k in expected}
    wrongs = {description: _cast(variant, like) for description, variant in variants.items()}
    mistakes: dict[str, dict | None] = {}
    for description, wrong in wrongs.items():
        # a slip that changes nothing at this input cannot be told apart: leave it out; nor
        # can two slips that give the same answer here (at the contract point, b = 0 makes
        # several coincide): the other inputs tell them apart
        same = any(
            other != description and _entries_problem(wrong, o, tols, "{}") is None
            for other, o in wrongs.items()
        )
        if not same and _entries_problem(wrong, expected, tols, "{}") is not None:
            mistakes[description] = wrong
    return mistakes


# --------------------------------------------------------------------------- the chain
def _forward_variant(
    w,
    x,
    y,
    z,
    *,
    da_one=False,
    drop_b=False,
    only_u=False,
    v_sign=False,
    no_outer=False,
    half_power=False,
    db_sign=False,
):
    """forward_df_dw with one classic slip (float64 arithmetic on the given tensors)."""
    s_plus, s_minus = w + x + y + z, w + x - y - z
    a, b = s_plus**2, s_minus**2
    da = torch.ones_like(s_plus) if da_one else 2 * s_plus
    db = torch.ones_like(s_minus) if da_one else 2 * s_minus
    if drop_b:
        db = torch.zeros_like(db)
    if db_sign:
        db = -db
    u, v = (a + b) ** 2, (a - b) ** 2
    power = 1 if half_power else 2
    du = power * (a + b) * (da + db)
    dv = power * (a - b) * ((da + db) if v_sign else (da - db))
    if only_u:
        dv = torch.zeros_like(dv)
    outer = 1.0 if no_outer else 2 * (u + v)
    return (u + v) ** 2, outer * (du + dv)


def _backprop_variant(
    w, x, y, z, *, da_one=False, drop_b=False, only_u=False, v_sign=False, yz=None
):
    """backprop with one classic slip (float64 arithmetic on the given tensors)."""
    s_plus, s_minus = w + x + y + z, w + x - y - z
    a, b = s_plus**2, s_minus**2
    u, v = (a + b) ** 2, (a - b) ** 2
    u_bar = v_bar = 2 * (u + v)
    if only_u:
        v_bar = torch.zeros_like(v_bar)
    a_bar = u_bar * 2 * (a + b) + v_bar * 2 * (a - b)
    b_bar = u_bar * 2 * (a + b) + (1 if v_sign else -1) * v_bar * 2 * (a - b)
    from_a = a_bar * (1 if da_one else 2 * s_plus)
    from_b = b_bar * (1 if da_one else 2 * s_minus)
    if drop_b:
        from_b = torch.zeros_like(from_b)
    dw = from_a + from_b
    dy = {None: from_a - from_b, "like_w": from_a + from_b, "flipped": from_b - from_a}
    if yz == "z_like_w":
        return {"f": (u + v) ** 2, "w": dw, "x": dw, "y": dy[None], "z": dw}
    return {"f": (u + v) ** 2, "w": dw, "x": dw, "y": dy[yz], "z": dy[yz]}


def _forward_expected(args):
    f, d = ref.forward_df_dw(*_wide(args))
    return {"f": f.to(args[0].dtype), "df_dw": d.to(args[0].dtype)}


def _forward_mistakes(args, expected):
    wide = _wide(args)
    variants = {
        ONLY_U: _forward_variant(*wide, only_u=True),
        DA_ONE: _forward_variant(*wide, da_one=True),
        DROP_B: _forward_variant(*wide, drop_b=True),
        V_SIGN: _forward_variant(*wide, v_sign=True),
        NO_OUTER: _forward_variant(*wide, no_outer=True),
        HALF_POWER: _forward_variant(*wide, half_power=True),
        DB_SIGN: _forward_variant(*wide, db_sign=True),
    }
    variants = {d: {"f": f, "df_dw": g} for d, (f, g) in variants.items()}
    mistakes = _format_mistakes(expected, variants)
    swapped = {"f": expected["df_dw"], "df_dw": expected["f"]}
    return {SWAPPED: swapped, **mistakes}


def _check_forward(student, args: list[torch.Tensor]) -> None:
    what = _call_text("forward_df_dw", args)
    got = accept_form(student.call("forward_df_dw", *args), tuple, "The answer of forward_df_dw")
    if not isinstance(got, tuple | list) or len(got) != 2:
        length = f" of length {len(got)}" if isinstance(got, tuple | list) else ""
        problem = (
            f"should return a tuple (f, df_dw) of two tensors but returned {kind_of(got)}{length}"
        )
        raise CheckFailure(f"{what}: {problem}.", brief=f"{call_brief(what)}: {problem}.")
    got = {"f": got[0], "df_dw": got[1]}
    numbers = [k for k, v in got.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    if numbers:
        raise CheckFailure(
            f"{what}: {numbers[0]} is {kind_of(got[numbers[0]])} ({show(got[numbers[0]])}), "
            f"expected a torch.Tensor. This looks like {NUMBERS_PAIR}.",
            misconception=NUMBERS_PAIR,
            brief=f"{call_brief(what)}: {numbers[0]} is {kind_of(got[numbers[0]])}, expected a "
            "torch.Tensor.",
        )
    expected = _forward_expected(args)
    tols = _tolerances(args, ("f", "df_dw"))
    problem = _entries_problem(got, expected, tols, "{}")
    if problem is not None:
        _fail_entries(what, problem, got, expected, tols, _forward_mistakes(args, expected))


def _check_partials_dict(
    student, name: str, args: list[torch.Tensor], expected: dict, mistakes: dict
) -> None:
    """The dict of f and the four partials: type, keys, tensors, values."""
    what = _call_text(name, args)
    got = student.call(name, *args)
    if not isinstance(got, dict):
        sequence = isinstance(got, tuple | list)
        problem = (
            'should return a dict with the keys "f", "w", "x", "y", "z" but returned '
            f"{kind_of(got)}"
        )
        raise CheckFailure(
            f"{what}: {problem}" + (f". This looks like {NOT_A_DICT}." if sequence else "."),
            misconception=NOT_A_DICT if sequence else None,
            brief=f"{call_brief(what)}: {problem}.",
        )
    if set(got) != set(KEYS):
        keys = ", ".join(show(k) for k in got) or "none"
        raise CheckFailure(
            f"{what}: the dict has the keys {keys}; expected exactly 'f', 'w', 'x', 'y', 'z'. "
            f"This looks like {WRONG_KEYS}.",
            misconception=WRONG_KEYS,
            brief=f"{call_brief(what)}: the dict has the keys {_keys_brief(got)}; expected exactly "
            "'f', 'w', 'x', 'y', 'z'.",
        )
    numbers = [k for k in KEYS if isinstance(got[k], int | float) and not isinstance(got[k], bool)]
    if numbers:
        raise CheckFailure(
            f"{what}: the value for {show(numbers[0])} is {kind_of(got[numbers[0]])} "
            f"({show(got[numbers[0]])}), expected a torch.Tensor. This looks like {NUMBERS}.",
            misconception=NUMBERS,
            brief=f"{call_brief(what)}: the value for {show(numbers[0])} is "
            f"{kind_of(got[numbers[0]])}, expected a torch.Tensor.",
        )
    tols = _tolerances(args, KEYS)
    problem = _entries_problem(got, expected, tols, "the value for '{}'")
    if problem is not None:
        _fail_entries(what, problem, got, expected, tols, mistakes)


def _backprop_expected(args):
    return _cast(ref.backprop(*_wide(args)), args[0])


def _backprop_mistakes(args, expected):
    wide = _wide(args)
    variants = {
        YZ_LIKE_W: _backprop_variant(*wide, yz="like_w"),
        YZ_FLIPPED: _backprop_variant(*wide, yz="flipped"),
        Z_LIKE_W: _backprop_variant(*wide, yz="z_like_w"),
        ONLY_U: _backprop_variant(*wide, only_u=True),
        DROP_B: _backprop_variant(*wide, drop_b=True),
        DA_ONE: _backprop_variant(*wide, da_one=True),
        V_SIGN: _backprop_variant(*wide, v_sign=True),
    }
    return _format_mistakes(expected, variants)


def _check_backprop(student, args):
    expected = _backprop_expected(args)
    _check_partials_dict(student, "backprop", args, expected, _backprop_mistakes(args, expected))


def _autograd_mistakes(args, expected):
    wide = _wide(args)
    exact = ref.backprop(*wide)
    variants = {
        DOUBLED: {k: v if k == "f" else 2 * v for k, v in exact.items()},
        DW_EVERYWHERE: {k: v if k == "f" else exact["w"] for k, v in exact.items()},
    }
    if exact["f"].dim() > 0:
        variants[F_SUMMED] = {**exact, "f": exact["f"].sum()}
    return _format_mistakes(expected, variants)


def _check_python_floats(student, name: str) -> None:
    """The contract point as plain Python floats, inside torch.no_grad() (as the notebook's
    own test calls it): a pass written by hand needs no autograd and takes floats."""
    what = f"{name}(-1.0, 0.0, -2.0, 1.0) with Python floats, inside torch.no_grad()"
    try:
        got = student.call_without_grad(name, *POINT)
    except CheckFailure as exc:
        if any(sign in str(exc) for sign in AUTOGRAD_SIGNS):
            raise CheckFailure(
                f"{what}: {str(exc).split(': ', 1)[-1]} This looks like {USES_AUTOGRAD}.",
                misconception=USES_AUTOGRAD,
                brief=exc.brief,
            ) from None
        raise
    if name == "forward_df_dw":
        if not isinstance(got, tuple | list) or len(got) != 2:
            problem = f"should return a tuple (f, df_dw) but returned {kind_of(got)}"
            raise CheckFailure(f"{what}: {problem}.", brief=f"{current_call(name)}: {problem}.")
        got, wanted = {"f": got[0], "df_dw": got[1]}, {"f": 1024.0, "df_dw": -4096.0}
    else:
        if not isinstance(got, dict) or set(got) != set(KEYS):
            keys = f" with the keys {_keys_brief(got)}" if isinstance(got, dict) else ""
            raise CheckFailure(
                f"{what}: should return the dict of f, w, x, y, z but returned {show(got)}.",
                brief=f"{current_call(name)}: should return the dict of f, w, x, y, z but "
                f"returned {kind_of(got)}{keys}.",
            )
        wanted = {"f": 1024.0, "w": -4096.0, "x": -4096.0, "y": -4096.0, "z": -4096.0}
    for key, want in wanted.items():
        value = got[key]
        if isinstance(value, torch.Tensor) and value.dim() == 0 and value.is_floating_point():
            value = float(value)  # a 0-d tensor is as good as a float here
        expect_number(value, want, f"{what}: the value for {key!r}")


def _check_autograd(student, args):
    expected = _cast(ref.autograd_partials(*_wide(args)), args[0])
    mistakes = _autograd_mistakes(args, expected)
    try:
        _check_partials_dict(student, "autograd_partials", args, expected, mistakes)
    except CheckFailure as exc:
        sign = "grad can be implicitly created only for scalar outputs"
        if exc.misconception is None and sign in str(exc) and args[0].dim() > 0:
            raise CheckFailure(
                f"{str(exc).rstrip('.')}. This looks like {NOT_SUMMED}.",
                misconception=NOT_SUMMED,
                brief=exc.brief,
            ) from None
        raise


# --------------------------------------------------------------------------- forward_df_dw
@graded("forward_df_dw", points=1)
def test_forward_df_dw_contract_point(student, device):
    for dtype in (torch.float64, torch.float32):
        _check_forward(student, _point(dtype, device))
    _check_python_floats(student, "forward_df_dw")


@graded("forward_df_dw", points=1)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_forward_df_dw_random_points(student, rng, device, dtype):
    _check_forward(student, _inputs(rng, (5,), dtype, device))
    _check_forward(student, _inputs(rng, (), dtype, device))


# --------------------------------------------------------------------------- backprop
@graded("backprop", points=1)
def test_backprop_contract_point(student, device):
    for dtype in (torch.float64, torch.float32):
        _check_backprop(student, _point(dtype, device))
    _check_python_floats(student, "backprop")


@graded("backprop", points=1.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_backprop_random_points(student, rng, device, dtype):
    _check_backprop(student, _inputs(rng, (5,), dtype, device))
    _check_backprop(student, _inputs(rng, (), dtype, device))


# --------------------------------------------------------------------------- autograd_partials
@graded("autograd_partials", points=1)
def test_autograd_partials_contract_point(student, device):
    for dtype in (torch.float64, torch.float32):
        _check_autograd(student, _point(dtype, device))
    # inputs that require grad (a model's parameters): the partials still come back, and the
    # guard sees any .grad the call leaves on them
    _check_autograd(student, [t.requires_grad_(True) for t in _point(torch.float64, device)])


@graded("autograd_partials", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_autograd_partials_random_points(student, rng, device, dtype):
    _check_autograd(student, _inputs(rng, (5,), dtype, device))
    _check_autograd(student, _inputs(rng, (), dtype, device))


# --------------------------------------------------------------------------- REVERSE_MODE_SWEEPS
SWEEP_KEYS = {"forward", "reverse"}
SWEEP_MISTAKES = {
    (1, 1_000_000): "the two modes swapped: a forward sweep follows one input direction, so the "
    "gradient needs one per input; a reverse sweep carries one output's adjoints, and L has one "
    "output",
    (1_000_000, 1_000_000): "one reverse sweep per input: the backward pass gives the adjoints "
    "of all inputs at once, so one sweep per output (L has one) is enough",
    (1, 1): "a single forward sweep: one forward sweep gives the derivative along one input "
    "direction only, so the full gradient needs one per input",
    (1_000_000, 2): "the forward evaluation counted as a reverse sweep: one backward sweep "
    "(after evaluating L once) gives all the partials",
    (1_000_000, 0): "no reverse sweep at all: the backward pass is one sweep",
    (2_000_000, 1): "two sweeps per input for forward mode: one sweep carries the value and "
    "its derivative together",
    (1_000, 1): "a thousand forward sweeps: L: R^1000000 → R has a million inputs (10⁶, not "
    "10³), and forward mode needs one sweep per input",
}
SWEEP_WRONG_KEYS = 'a dict with the wrong keys (use exactly "forward" and "reverse")'


@graded("REVERSE_MODE_SWEEPS", points=1)
def test_reverse_mode_sweeps(student):
    got = student.get("REVERSE_MODE_SWEEPS")
    what = "REVERSE_MODE_SWEEPS (sweeps for the whole gradient of L: R^1000000 → R)"
    if not isinstance(got, dict) or set(got) != SWEEP_KEYS:
        keys = f" with the keys {show(set(got))}" if isinstance(got, dict) else ""
        named = SWEEP_WRONG_KEYS if isinstance(got, dict) else None
        # the student's own constant: no hidden input, the briefs keep it
        text = (
            f'{what} should be a dict {{"forward": ..., "reverse": ...}} but is '
            f"{kind_of(got)}{keys}"
        )
        raise CheckFailure(
            text + (f". This looks like {named}." if named else "."),
            misconception=named,
            brief=f"{text}.",
        )
    for key in ("forward", "reverse"):
        if isinstance(got[key], bool) or not isinstance(got[key], int | float):
            message = (
                f"{what}[{key!r}] should be a Python number (a count of sweeps) but is "
                f"{kind_of(got[key])}."
            )
            raise CheckFailure(message, brief=message)
    pair = (got["forward"], got["reverse"])
    expected = (ref.REVERSE_MODE_SWEEPS["forward"], ref.REVERSE_MODE_SWEEPS["reverse"])
    if pair == expected:
        return
    described = SWEEP_MISTAKES.get(pair)
    message = f"{what}: is {show(got)}, which is not right"
    if described:
        raise CheckFailure(
            f"{message}. This looks like {described}.",
            misconception=described,
            brief=f"{message}.",
        )
    raise CheckFailure(f"{message}.", brief=f"{message}.")


# --------------------------------------------------------------------------- jacobian
F_CONTRACT = TestFunction(
    "F(x) = [x₀x₁, sin x₀]",
    "def f(x):\n    return torch.stack([x[0] * x[1], torch.sin(x[0])])\n",
)
F_WIDE = TestFunction(  # R³ → R²
    "F(x) = [x₀² x₂ + sin x₁, e^(x₁) − x₀ x₂]",
    "def f(x):\n"
    "    return torch.stack([x[0] ** 2 * x[2] + torch.sin(x[1]), torch.exp(x[1]) - x[0] * x[2]])\n",
)
F_TALL = TestFunction(  # R² → R⁴
    "F(x) = [x₀ + x₁, x₀ x₁, x₀², cos(x₀ − x₁)]",
    "def f(x):\n"
    "    return torch.stack([x[0] + x[1], x[0] * x[1], x[0] ** 2, torch.cos(x[0] - x[1])])\n",
)
F_SQUARE = TestFunction(  # R³ → R³, far from symmetric
    "F(x) = [x₀ x₁, x₁ + x₂³, e^(x₀) x₂]",
    "def f(x):\n    return torch.stack([x[0] * x[1], x[1] + x[2] ** 3, torch.exp(x[0]) * x[2]])\n",
)
F_ONE_INPUT = TestFunction(  # R¹ → R³: the Jacobian is a single column, (3, 1)
    "F(x) = [x₀², sin x₀, e^(x₀)]",
    "def f(x):\n    return torch.stack([x[0] ** 2, torch.sin(x[0]), torch.exp(x[0])])\n",
)
F_ONE_OUTPUT = TestFunction(  # R³ → R¹: the Jacobian is a single row, (1, 3)
    "F(x) = [x₀ x₁ + sin x₂]",
    "def f(x):\n    return torch.stack([x[0] * x[1] + torch.sin(x[2])])\n",
)
F_CONSTANT_ROW = TestFunction(  # the second output does not depend on x
    "F(x) = [x₀² x₁, 2]",
    "def f(x):\n"
    "    two = torch.full((), 2.0, dtype=x.dtype, device=x.device)\n"
    "    return torch.stack([x[0] ** 2 * x[1], two])\n",
)

JAC_TRANSPOSED = (
    "the transpose of the Jacobian: row i must be the gradient of the output Fᵢ "
    "(shape m × n for F: Rⁿ → Rᵐ)"
)
JAC_SUM = (
    "the gradient of the sum of the outputs (one backward pass of F(x).sum()): that adds the "
    "rows together; each output Fᵢ needs its own backward pass for its own row"
)
JAC_SUM_ROWS = (
    "every row the gradient of F(x).sum(): each output Fᵢ needs its own backward pass, not "
    "one pass of the sum"
)
JAC_ACCUMULATED = (
    "rows that add up the earlier rows: .grad accumulates over backward() calls, so each row "
    "must start from zero (or use torch.autograd.grad)"
)
JAC_SQUARE = (
    "a Jacobian sized n × n, one row per input: it has one row per output Fᵢ, so it is m × n "
    "for F: Rⁿ → Rᵐ"
)
JAC_SQUEEZED = (
    "a squeezed answer: the Jacobian of F: Rⁿ → Rᵐ has shape (m, n) even when m = 1 (a single "
    "row) or n = 1 (a single column); do not squeeze it"
)
FINITE_DIFFERENCES = (
    "finite differences instead of the exact derivative: a difference quotient with a step h "
    "is off by a term of order h (or h²); use autograd"
)


def _by_differences(F, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The forward and central difference quotients of ``F`` (vector- or scalar-valued) at
    ``x`` for every step in :data:`FD_STEPS`, in x's dtype: the Jacobian (a gradient for a
    scalar F) that a student gets who approximates it instead of taking it, column by column."""
    p = x.detach()
    out = []
    with torch.no_grad():
        base = F(p.clone())
        for h in FD_STEPS:
            steps = torch.eye(p.numel(), dtype=p.dtype, device=p.device) * h
            ahead = torch.stack([F(p + e) for e in steps], dim=-1)
            behind = torch.stack([F(p - e) for e in steps], dim=-1)
            out.append((ahead - base.unsqueeze(-1)) / h)
            out.append((ahead - behind) / (2 * h))
    return tuple(out)


def _not_right(candidates, expected: torch.Tensor) -> AnyOf | None:
    """The candidates that the check would not accept as ``expected`` (None if none is left):
    a difference quotient with a small step can be right within the tolerance."""
    rtol, atol = tolerance(expected.dtype)
    left = tuple(
        c.to(expected.dtype)
        for c in candidates
        if c.shape != expected.shape
        or not torch.allclose(c.to(expected.dtype), expected, rtol=rtol, atol=atol)
    )
    return AnyOf(left) if left else None


def _jacobian_mistakes(fn: TestFunction, x: torch.Tensor, expected: torch.Tensor) -> dict:
    summed = expected.sum(dim=0)
    m, n = expected.shape
    mistakes = {
        JAC_TRANSPOSED: expected.T,
        JAC_SUM: summed,
        JAC_SUM_ROWS: summed.expand_as(expected).clone(),
        JAC_ACCUMULATED: expected.cumsum(dim=0),
    }
    if m > n:  # n × n: only the first n outputs' rows
        mistakes[JAC_SQUARE] = expected[:n]
    elif m < n:  # n × n: the m rows, then rows of zeros never filled in
        mistakes[JAC_SQUARE] = torch.cat([expected, expected.new_zeros(n - m, n)])
    if m == 1 or n == 1:
        mistakes[JAC_SQUEEZED] = expected.squeeze()
    mistakes = _unambiguous(_distinct(mistakes, expected))
    differences = _not_right(_by_differences(fn.local(), x), expected)
    if differences is not None:
        mistakes[FINITE_DIFFERENCES] = differences
    return mistakes


def _unambiguous(mistakes: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The mistakes that no other one matches at this input: two slips that give the same
    answer here (at m = 1 a squeezed Jacobian is the gradient of the sum of the outputs)
    cannot be told apart; the other inputs of the check tell them apart."""

    def same(a: torch.Tensor, b: torch.Tensor) -> bool:
        return a.shape == b.shape and bool(torch.equal(a, b))

    return {
        d: w
        for d, w in mistakes.items()
        if not any(same(w, o) for other, o in mistakes.items() if other != d)
    }


def _expect_jacobian(student, fn: TestFunction, x: torch.Tensor, expected=None) -> None:
    expected = ref.jacobian(fn.local(), x) if expected is None else expected
    expect_tensor(
        student.call("jacobian", fn, x),
        expected,
        f"jacobian({fn.label}, x={_mat(x)}) with {str(x.dtype).removeprefix('torch.')} x",
        mistakes=lambda: _jacobian_mistakes(fn, x, expected),
    )


@graded("jacobian", points=1)
def test_jacobian_contract_example(student, device):
    for dtype in (torch.float64, torch.float32):
        x = torch.tensor([1.0, 2.0], dtype=dtype, device=device)
        expected = torch.tensor([[2.0, 1.0], [math.cos(1.0), 0.0]], dtype=dtype, device=device)
        _expect_jacobian(student, F_CONTRACT, x, expected)


@graded("jacobian", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_jacobian_random(student, rng, device, dtype):
    wide, tall = (_draw(rng, (n,)).to(dtype).to(device) for n in (3, 2))
    # the tall F first: a Jacobian sized n × n gives its first rows there (and fails on the wide)
    _expect_jacobian(student, F_TALL, tall)
    _expect_jacobian(student, F_WIDE, wide)
    # a single input, then a single output: the Jacobian keeps its dimension of size 1
    # (n = 1 first: at m = 1 a squeezed answer is also the gradient of the sum of the outputs)
    _expect_jacobian(student, F_ONE_INPUT, _draw(rng, (1,)).to(dtype).to(device))
    _expect_jacobian(student, F_ONE_OUTPUT, _draw(rng, (3,)).to(dtype).to(device))


@graded("jacobian", points=0.5)
def test_jacobian_square(student, rng, device):
    _expect_jacobian(student, F_SQUARE, _draw(rng, (3,)).to(device))


@graded("jacobian", points=0.5)
def test_jacobian_output_not_depending_on_x(student, rng, device):
    _expect_jacobian(student, F_CONSTANT_ROW, _draw(rng, (2,)).to(device))


# --------------------------------------------------------------------------- chain_rule_grad
G_CONTRACT = TestFunction("g(y) = y₀² + 3y₁", "def f(y):\n    return y[0] ** 2 + 3 * y[1]\n")
G_SOFT = TestFunction(
    "g(y) = log(Σᵢ e^(yᵢ)) + y₀ y₁",
    "def f(y):\n    return torch.logsumexp(y, 0) + y[0] * y[1]\n",
)
G_CUBIC = TestFunction(
    "g(y) = y₀³ − y₁ y₂ + sin y₂",
    "def f(y):\n    return y[0] ** 3 - y[1] * y[2] + torch.sin(y[2])\n",
)
G_FOUR = TestFunction(
    "g(y) = y₀³ − y₁ y₂ + sin y₃",
    "def f(y):\n    return y[0] ** 3 - y[1] * y[2] + torch.sin(y[3])\n",
)

CHAIN_NO_T = (
    "J_F ∇g instead of J_Fᵀ ∇g: component k of ∇(g∘F) sums over the outputs i of "
    "∂g/∂yᵢ · ∂Fᵢ/∂xₖ, that is column k of J_F against ∇g"
)
CHAIN_AT_X = "∇g taken at x instead of at y = F(x): the chain rule evaluates g's gradient at F(x)"
CHAIN_NO_G = (
    "Σᵢ ∂Fᵢ/∂xₖ, the gradient of ΣᵢFᵢ: each output's row of J_F must be weighted by "
    "∂g/∂yᵢ at y = F(x)"
)
CHAIN_NO_J = "∇g(F(x)) alone: the Jacobian of F, the inner function, is missing from the chain"
CHAIN_ELEMENTWISE = (
    "the diagonal of J_F times ∇g elementwise: every output Fᵢ may depend on every xₖ, so "
    "use the whole Jacobian, J_Fᵀ ∇g"
)


def _chain_mistakes(F: TestFunction, g: TestFunction, x: torch.Tensor) -> dict:
    f_local, g_local = F.local(), g.local()
    J = ref.jacobian(f_local, x)
    y = f_local(x).detach()
    grad_g = _grad(g_local, y)
    mistakes = {
        CHAIN_NO_G: J.sum(dim=0),
        CHAIN_NO_J: grad_g,
    }
    if J.shape[0] == J.shape[1]:
        mistakes[CHAIN_NO_T] = J @ grad_g
        mistakes[CHAIN_AT_X] = J.T @ _grad(g_local, x)
        mistakes[CHAIN_ELEMENTWISE] = torch.diagonal(J) * grad_g
    return mistakes


def _grad(fn, y: torch.Tensor) -> torch.Tensor:
    leaf = y.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (grad,) = torch.autograd.grad(fn(leaf), leaf, materialize_grads=True)
    return grad.detach()


def _chain_by_differences(F: TestFunction, g: TestFunction, x: torch.Tensor) -> tuple:
    """What difference quotients give in place of exact derivatives: for ∇g (with J_F by
    autograd), for J_F (with ∇g by autograd), or for g∘F as a whole."""
    f_local, g_local = F.local(), g.local()
    J = ref.jacobian(f_local, x)
    with torch.no_grad():
        y = f_local(x.detach())
    grad_g = _grad(g_local, y)
    return (
        *(J.T @ d for d in _by_differences(g_local, y)),
        *(d.T @ grad_g for d in _by_differences(f_local, x)),
        *_by_differences(lambda v: g_local(f_local(v)), x),
    )


def _expect_chain(student, F: TestFunction, g: TestFunction, x: torch.Tensor) -> None:
    expected = ref.chain_rule_grad(F.local(), g.local(), x)

    def mistakes() -> dict:
        named = _distinct(_chain_mistakes(F, g, x), expected)
        differences = _not_right(_chain_by_differences(F, g, x), expected)
        if differences is not None:
            named[FINITE_DIFFERENCES] = differences
        return named

    expect_tensor(
        student.call("chain_rule_grad", F, g, x),
        expected,
        f"chain_rule_grad({F.label}, {g.label}, x={_mat(x)}) with "
        f"{str(x.dtype).removeprefix('torch.')} x",
        mistakes=mistakes,
    )


@graded("chain_rule_grad", points=1)
def test_chain_rule_grad_example(student, device):
    for dtype in (torch.float64, torch.float32):
        x = torch.tensor([1.0, 2.0], dtype=dtype, device=device)
        _expect_chain(student, F_CONTRACT, G_CONTRACT, x)


@graded("chain_rule_grad", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_chain_rule_grad_random(student, rng, device, dtype):
    _expect_chain(student, F_WIDE, G_SOFT, _draw(rng, (3,)).to(dtype).to(device))
    _expect_chain(student, F_TALL, G_FOUR, _draw(rng, (2,)).to(dtype).to(device))


@graded("chain_rule_grad", points=1)
def test_chain_rule_grad_square(student, rng, device):
    for _ in range(2):
        _expect_chain(student, F_SQUARE, G_CUBIC, _draw(rng, (3,)).to(device))


# --------------------------------------------------------------------------- matrix calculus
def _matrix(rng: torch.Generator, *shape: int) -> torch.Tensor:
    """Standard normal entries rounded to 2 decimals (float64, CPU)."""
    return torch.round(torch.randn(shape, generator=rng, dtype=torch.float64) * 100) / 100


def _mat(t: torch.Tensor) -> str:
    """Every entry of a small matrix or vector, so the student can rerun the case."""

    def fmt(v):
        return "[" + ", ".join(fmt(e) for e in v) + "]" if isinstance(v, list) else f"{v:.4g}"

    return fmt(t.detach().cpu().tolist())


def _distinct(mistakes: dict[str, torch.Tensor], expected: torch.Tensor) -> dict:
    """Wrong answers cast like ``expected``, leaving out those equal to it at this input."""
    out = {}
    for description, wrong in mistakes.items():
        wrong = wrong.to(expected.dtype)
        if wrong.shape != expected.shape or not torch.equal(wrong, expected):
            out[description] = wrong
    return out


def _check_quadratic(student, A: torch.Tensor, x: torch.Tensor) -> None:
    A64, x64 = A.to(torch.float64), x.to(torch.float64)
    rtol, atol = tolerance(x.dtype)
    scale = float(((A64.abs() + A64.abs().T) @ x64.abs()).max())
    mistakes = {
        TWO_AX: 2 * A64 @ x64,
        ONLY_AX: A64 @ x64,
        ONLY_ATX: A64.T @ x64,
        TWO_ATX: 2 * A64.T @ x64,
        QUAD_VALUE: x64 @ A64 @ x64,
    }
    if x.shape[0] > 2:
        mistakes[QUAD_2X2] = (A64 + A64.T)[:2, :2] @ x64[:2]
    expected = ref.grad_quadratic_form(A64, x64).to(x.dtype)
    mistakes = _distinct(mistakes, expected)
    expect_tensor(
        student.call("grad_quadratic_form", A, x),
        expected,
        f"grad_quadratic_form(A={_mat(A)}, x={_mat(x)}) with "
        f"{str(x.dtype).removeprefix('torch.')} inputs",
        mistakes=mistakes,
        rtol=rtol,
        atol=max(atol, rtol * scale),
    )


@graded("grad_quadratic_form", points=1)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_grad_quadratic_form_non_symmetric(student, rng, device, dtype):
    if dtype == torch.float32:  # the notebook's example: (A + Aᵀ)x = (0, −4)
        A = torch.tensor([[1.0, 2.0], [0.0, 3.0]])
        _check_quadratic(student, A.to(device), torch.tensor([1.0, -1.0]).to(device))
    for d in (3, 5):
        A = _matrix(rng, d, d)
        A[0, 1] += 1.0  # never symmetric, so 2Ax and (A + Aᵀ)x differ
        x = _matrix(rng, d)
        _check_quadratic(student, A.to(dtype).to(device), x.to(dtype).to(device))


# --------------------------------------------------------------------------- grad_least_squares
LS_NO_TWO = "Aᵀ(Ax − b): the factor 2 from differentiating the square is missing"
LS_SIGN = "2Aᵀ(b − Ax): the sign is wrong (the residual is Ax − b, and d(Ax − b)/dx = A)"
LS_NO_AT = (
    "2(Ax − b), the gradient with respect to the residual r = Ax − b (shape of b): the "
    "chain rule multiplies it by Aᵀ"
)
LS_A_NOT_AT = "2A(Ax − b): the chain rule brings Aᵀ, not A (the gradient has the shape of x)"
LS_NO_B = "2AᵀAx: the −2Aᵀb term (from −2bᵀAx) is missing"
LS_HALF_B = "2AᵀAx − Aᵀb: the cross term −2bᵀAx differentiates to −2Aᵀb"
LS_MEAN = (
    "the gradient of the mean of the squared residuals (divided by m): the loss is the sum "
    "‖Ax − b‖², with no division"
)
LS_BROADCAST = (
    "Ax made a column (m, 1) while b stays of shape (m,): the subtraction broadcasts to an "
    "m × m matrix; keep the residual Ax − b a vector of shape (m,)"
)


def _check_least_squares(student, A, x, b, note: str = "") -> None:
    A64, x64, b64 = (t.to(torch.float64) for t in (A, x, b))
    r = A64 @ x64 - b64
    rtol, atol = tolerance(x.dtype)
    scale = float((2 * A64.abs().T @ (A64.abs() @ x64.abs() + b64.abs())).max())
    mistakes = {
        LS_NO_TWO: A64.T @ r,
        LS_SIGN: -2 * A64.T @ r,
        LS_NO_AT: 2 * r,
        LS_NO_B: 2 * A64.T @ A64 @ x64,
        LS_HALF_B: 2 * A64.T @ A64 @ x64 - A64.T @ b64,
        LS_BROADCAST: 2 * A64.T @ ((A64 @ x64).unsqueeze(1) - b64),
    }
    if A.shape[0] > 1:
        mistakes[LS_MEAN] = 2 * A64.T @ r / A.shape[0]
    if A.shape[0] == A.shape[1]:
        mistakes[LS_A_NOT_AT] = 2 * A64 @ r
    expected = ref.grad_least_squares(A64, x64, b64).to(x.dtype)
    mistakes = _distinct(mistakes, expected)
    expect_tensor(
        student.call("grad_least_squares", A, x, b),
        expected,
        f"grad_least_squares(A={_mat(A)}, x={_mat(x)}, b={_mat(b)}) with "
        f"{str(x.dtype).removeprefix('torch.')} inputs{note}",
        mistakes=mistakes,
        rtol=rtol,
        atol=max(atol, rtol * scale),
    )


@graded("grad_least_squares", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_grad_least_squares_random(student, rng, device, dtype):
    for m, n in ((4, 2), (2, 3)):
        A, x, b = _matrix(rng, m, n), _matrix(rng, n), _matrix(rng, m)
        _check_least_squares(student, *(t.to(dtype).to(device) for t in (A, x, b)))


@graded("grad_least_squares", points=0.5)
def test_grad_least_squares_square(student, rng, device):
    A = _matrix(rng, 3, 3)
    A[0, 2] += 1.0  # never symmetric, so A and Aᵀ give different answers
    x, b = _matrix(rng, 3), _matrix(rng, 3)
    _check_least_squares(student, *(t.to(device) for t in (A, x, b)))


@graded("grad_least_squares", points=0.5)
def test_grad_least_squares_vanishes_at_exact_fit(student, rng, device):
    A, x = _matrix(rng, 5, 3), _matrix(rng, 3)
    note = " (b = Ax exactly, so the gradient is zero)"
    _check_least_squares(student, *(t.to(device) for t in (A, x, A @ x)), note=note)


# --------------------------------------------------------------------------- grad_factorization
def _check_factorization(student, X, U, V, square: bool = False, note: str = "") -> None:
    X64, U64, V64 = (t.to(torch.float64) for t in (X, U, V))
    R = X64 - U64 @ V64
    rtol, atol = tolerance(X.dtype)
    scale = float((2 * U64.abs().T @ (X64.abs() + U64.abs() @ V64.abs())).max())
    expected = ref.grad_factorization(X64, U64, V64)
    mistakes = {
        FACT_SIGN: -expected,
        FACT_HALF: expected / 2,
        FACT_TRANSPOSED: expected.T,
        FACT_WRT_U: -2 * R @ V64.T,
        FACT_NO_UV: -2 * U64.T @ X64,
        FACT_MEAN: expected / X64.numel(),
    }
    if square:
        mistakes[FACT_RIGHT_U] = -2 * R @ U64.T
        mistakes[FACT_NO_T] = -2 * U64 @ R
    expected = expected.to(X.dtype)
    mistakes = _distinct(mistakes, expected)
    expect_tensor(
        student.call("grad_factorization", X, U, V),
        expected,
        f"grad_factorization(X={_mat(X)}, U={_mat(U)}, V={_mat(V)}) with "
        f"{str(X.dtype).removeprefix('torch.')} inputs{note}",
        mistakes=mistakes,
        rtol=rtol,
        atol=max(atol, rtol * scale),
    )


def _factors(rng, m: int, n: int, k: int, dtype, device) -> list[torch.Tensor]:
    return [_matrix(rng, *s).to(dtype).to(device) for s in ((m, n), (m, k), (k, n))]


@graded("grad_factorization", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_grad_factorization_random(student, rng, device, dtype):
    for m, n, k in ((4, 3, 2), (2, 5, 3)):
        _check_factorization(student, *_factors(rng, m, n, k, dtype, device))


@graded("grad_factorization", points=0.5)
def test_grad_factorization_square(student, rng, device):
    _check_factorization(student, *_factors(rng, 3, 3, 3, torch.float64, device), square=True)


@graded("grad_factorization", points=0.5)
def test_grad_factorization_vanishes_at_exact_fit(student, rng, device):
    _, U, V = _factors(rng, 4, 3, 2, torch.float64, device)
    _check_factorization(student, U @ V, U, V, note=" (X = UV exactly, so the gradient is zero)")


# --------------------------------------------------------------------------- grad_factorization_U
FACT_U_SIGN = "+2(X − UV)Vᵀ: the sign is wrong (d(X − UV)/dU brings a minus sign)"
FACT_U_HALF = "−(X − UV)Vᵀ: the factor 2 from differentiating the square is missing"
FACT_U_TRANSPOSED = "the transpose of the gradient (it must have the shape of U, m × k)"
FACT_U_WRT_V = "−2Uᵀ(X − UV), the gradient with respect to V, not U"
FACT_U_LEFT_V = "−2Vᵀ(X − UV): Vᵀ belongs on the right, −2(X − UV)Vᵀ"
FACT_U_NO_T = "−2(X − UV)V: V must be transposed, −2(X − UV)Vᵀ"
FACT_U_NO_UV = "−2XVᵀ: the UV term of the residual X − UV is missing"


def _check_factorization_u(student, X, U, V, square: bool = False, note: str = "") -> None:
    X64, U64, V64 = (t.to(torch.float64) for t in (X, U, V))
    R = X64 - U64 @ V64
    rtol, atol = tolerance(X.dtype)
    scale = float((2 * (X64.abs() + U64.abs() @ V64.abs()) @ V64.abs().T).max())
    expected = ref.grad_factorization_U(X64, U64, V64)
    mistakes = {
        FACT_U_SIGN: -expected,
        FACT_U_HALF: expected / 2,
        FACT_U_TRANSPOSED: expected.T,
        FACT_U_WRT_V: -2 * U64.T @ R,
        FACT_U_NO_UV: -2 * X64 @ V64.T,
        FACT_MEAN: expected / X64.numel(),
    }
    if square:
        mistakes[FACT_U_NO_T] = -2 * R @ V64
        mistakes[FACT_U_LEFT_V] = -2 * V64.T @ R
    expected = expected.to(X.dtype)
    mistakes = _distinct(mistakes, expected)
    expect_tensor(
        student.call("grad_factorization_U", X, U, V),
        expected,
        f"grad_factorization_U(X={_mat(X)}, U={_mat(U)}, V={_mat(V)}) with "
        f"{str(X.dtype).removeprefix('torch.')} inputs{note}",
        mistakes=mistakes,
        rtol=rtol,
        atol=max(atol, rtol * scale),
    )


@graded("grad_factorization_U", points=0.5)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_grad_factorization_u_random(student, rng, device, dtype):
    for m, n, k in ((4, 3, 2), (2, 5, 3)):
        _check_factorization_u(student, *_factors(rng, m, n, k, dtype, device))


@graded("grad_factorization_U", points=0.5)
def test_grad_factorization_u_square(student, rng, device):
    _check_factorization_u(student, *_factors(rng, 3, 3, 3, torch.float64, device), square=True)


@graded("grad_factorization_U", points=0.5)
def test_grad_factorization_u_vanishes_at_exact_fit(student, rng, device):
    _, U, V = _factors(rng, 4, 3, 2, torch.float64, device)
    note = " (X = UV exactly, so the gradient is zero)"
    _check_factorization_u(student, U @ V, U, V, note=note)

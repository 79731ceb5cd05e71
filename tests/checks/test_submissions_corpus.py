"""The student-submission corpus is well formed (it grades nothing)."""

from __future__ import annotations

import ast
import re
from collections import Counter

import pytest

from tests.checks.submissions import ROOT, VERDICTS, Variant, load, parse_header

# Every graded name of the contract (shared/EXERCISES.md, with its "Additions"), with the
# parameter list of the functions as the notebooks and the contract write them.
CONTRACT: dict[str, dict[str, str | None]] = {
    "ps1-gradients": {
        "partials": "x, y, z",
        "PARTIALS_DEPEND_ON": None,
        "gradient": "f, point",
        "directional_derivative": "f, point, direction",
        "unit_vector": "angle_deg",
        "slope_150": "x, y",
        "linear_approximation": "f, point, eps",
        "logsumexp_grad": "x, y",
        "LSE_GRAD_SUM": None,
        "grad_beta_x": "beta, x",
        "grad_x_beta": "beta, x",
        "grad_l2_norm": "v",
        "gradient_field": "f, X, Y",
        "steepest_ascent": "f, point",
    },
    "ps2-descent": {
        "STEPS_SCALED": None,
        "STEPS_UNSCALED": None,
        "grad_descent": "x_start, n, delta=0.1",
        "multi_grad_descent": "x_start, y_start, n, delta=0.1",
        "gradient_descent": "f, x0, lr, steps",
        "GOOD_DELTA": None,
    },
    "ps3-critical-points": {
        "CRITICAL_POINTS": None,
        "GLOBAL_MIN": None,
        "D2L4_CRITICAL_POINTS": None,
        "D2L4_ORIGIN_KIND": None,
        "hessian": "f, point",
        "classify_critical_point": "H, tol=1e-08",
        "quadratic_approximation": "f, point",
        "newton_step": "f, x",
        "D2L5_CHOICE": None,
    },
    "ps4-backprop": {
        "forward_df_dw": "w, x, y, z",
        "backprop": "w, x, y, z",
        "autograd_partials": "w, x, y, z",
        "grad_quadratic_form": "A, x",
        "grad_factorization": "X, U, V",
        "jacobian": "F, x",
        "chain_rule_grad": "F, g, x",
        "grad_factorization_U": "X, U, V",
        "grad_least_squares": "A, x, b",
        "REVERSE_MODE_SWEEPS": None,
    },
}

VARIANTS = load()
IDS = [f"{v.assignment}/{v.name}/{v.variant}" for v in VARIANTS]


def _tree(variant: Variant) -> ast.Module | None:
    try:
        return ast.parse(variant.code)
    except SyntaxError:
        return None


def test_loader_is_sorted_and_stable():
    assert VARIANTS, "the corpus is empty"
    keys = [(v.assignment, v.name, v.variant) for v in VARIANTS]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert [(v.assignment, v.name, v.variant) for v in load()] == keys
    assert load("ps2-descent") == [v for v in VARIANTS if v.assignment == "ps2-descent"]


def test_folders_are_exactly_the_contract_names():
    on_disk = {
        a.name: {n.name for n in a.iterdir() if n.is_dir() and not n.name.startswith(".")}
        for a in ROOT.iterdir()
        if a.is_dir() and not a.name.startswith(("_", "."))
    }
    assert on_disk == {a: set(names) for a, names in CONTRACT.items()}
    stray = [
        p
        for p in ROOT.glob("*/*/*")
        if p.suffix != ".py" and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
    ]
    assert not stray, f"files that are not variants: {stray}"


def test_the_course_names_are_all_in_the_contract():
    from autograder.assignments import get_assignment

    for assignment, names in CONTRACT.items():
        missing = set(get_assignment(assignment).graded_names) - set(names)
        assert not missing, f"{assignment}: graded names without a corpus folder: {missing}"


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_header(variant: Variant):
    lines = variant.code.splitlines()
    assert lines[0].startswith("# verdict:"), "the header must come first"
    fields = parse_header(variant.code)
    assert variant.verdict in VERDICTS
    assert variant.variant.startswith(variant.verdict + "_"), "the stem starts with the verdict"
    assert variant.style, "every variant names its style"
    if variant.verdict == "wrong":
        assert variant.mistake and variant.differs_on
    if variant.verdict == "correct":
        assert "mistake" not in fields and "differs-on" not in fields
    if variant.verdict != "wrong":
        assert "differs-on" not in fields


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_parses_and_defines_the_name(variant: Variant):
    tree = _tree(variant)
    if tree is None:
        assert variant.verdict == "broken", "only broken variants may have a syntax error"
        assert variant.variant.startswith("broken_syntax"), "ruff.toml excludes broken_syntax*.py"
        return
    assert not variant.variant.startswith("broken_syntax"), "broken_syntax*.py must not parse"
    expected = CONTRACT[variant.assignment][variant.name]
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == variant.name]
    assigned = [
        n
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))
        and any(
            isinstance(t, ast.Name) and t.id == variant.name
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    if expected is None:
        assert assigned and not defs, f"{variant.name} must be assigned at top level"
    else:
        assert len(defs) == 1 and not assigned, f"def {variant.name}(...) exactly once"
        if variant.verdict != "broken":  # a broken variant may have a wrong signature
            assert ast.unparse(defs[0].args) == expected


@pytest.mark.parametrize(
    ("assignment", "name"), [(a, n) for a, names in CONTRACT.items() for n in names]
)
def test_every_name_has_enough_variants(assignment: str, name: str):
    counts = Counter(v.verdict for v in VARIANTS if (v.assignment, v.name) == (assignment, name))
    assert counts["correct"] >= 2, counts
    assert counts["wrong"] >= 3, counts


def test_few_hung_variants():
    # each hung variant costs a timeout whenever the corpus is graded
    assert 1 <= sum(v.verdict == "hung" for v in VARIANTS) <= 4


def test_readme_counts_are_current():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for assignment in CONTRACT:
        counts = Counter(v.verdict for v in VARIANTS if v.assignment == assignment)
        row = [counts[k] for k in VERDICTS]
        pattern = rf"^\| {re.escape(assignment)} \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$"
        match = re.search(pattern, text, flags=re.MULTILINE)
        assert match, f"README.md has no counts row for {assignment}"
        assert [int(g) for g in match.groups()] == [*row, sum(row)], assignment

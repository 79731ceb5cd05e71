"""Grade the corpus with the real engine: how each variant fares, and what the feedback names.

The variants of an assignment are packed into few notebooks: notebook ``k``
holds the ``k``-th variant of every graded name (the model answer where a name
has fewer), so one sandbox run grades many variants and each name is scored
by its own checks alone. ``python -m tests.checks.submissions.grading`` prints
the table the README's figures come from: per assignment, how many wrong
variants lose marks, and how many get a message that names their mistake (their
``expect`` label in ``labels.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

from autograder.assignments import ASSIGNMENTS, get_assignment
from autograder.engine import grade_notebook
from autograder.results import NameResult
from autograder.sandbox.limits import Limits

from . import Variant, load
from .labels import EXPECT

#: Short limits: hung variants cost seconds, not minutes (none of the others comes close).
LIMITS = Limits(cell_timeout=5.0, call_timeout=5.0, submission_timeout=240.0)


@dataclass(frozen=True)
class Graded:
    """One variant's grade: its name's result in the notebook that held it."""

    variant: Variant
    result: NameResult

    @property
    def full_marks(self) -> bool:
        return self.result.score == self.result.max_score

    @property
    def named(self) -> list[str]:
        """The misconceptions the feedback names."""
        return self.result.misconceptions

    @property
    def names_its_mistake(self) -> bool:
        """Whether the feedback names the mistake the corpus says it makes (labels.py)."""
        expected = EXPECT.get(
            f"{self.variant.assignment}/{self.variant.name}/{self.variant.variant}"
        )
        if not expected:
            return False
        text = self.result.feedback
        return any(phrase in text for phrase in expected)


BINDS = re.compile(r"^(?:def\s+(\w+)|(\w+)\s*=|from\s+\S+\s+import\s+(.+)|import\s+(.+))", re.M)


def binds(code: str) -> set[str]:
    """The top-level names a cell binds (defs, assignments, imports)."""
    names: set[str] = set()
    for d, a, froms, imports in BINDS.findall(code):
        names.update(n for n in (d, a) if n)
        for part in (froms or imports).replace("(", "").replace(")", "").split(","):
            words = part.split()
            if words:
                names.add(words[-1].split(".")[0])
    return names


def packed(assignment: str) -> list[dict[str, Variant]]:
    """The corpus of ``assignment`` as notebooks: name → variant, one dict per notebook.

    A variant that binds another graded name (``from torch.func import hessian``
    in a ``newton_step``) would change that name's grade: it gets a notebook of
    its own, so every variant is graded alone with the model answers.
    """
    graded = set(get_assignment(assignment).graded_names)
    by_name: dict[str, list[Variant]] = defaultdict(list)
    alone: list[dict[str, Variant]] = []
    for v in load(assignment):
        if v.name not in graded:  # names the notebooks do not have yet are left for later
            continue
        if binds(v.code) & (graded - {v.name}):
            alone.append({v.name: v})
        else:
            by_name[v.name].append(v)
    depth = max((len(vs) for vs in by_name.values()), default=0)
    return [{n: vs[k] for n, vs in by_name.items() if k < len(vs)} for k in range(depth)] + alone


def grade_corpus(assignment: str, seed: int = 2026) -> list[Graded]:
    """Every corpus variant of ``assignment`` that the notebook grades, graded."""
    from tests.checks.conftest import model_submission

    out = []
    for notebook in packed(assignment):
        nb = model_submission(assignment, {n: v.code for n, v in notebook.items()})
        result = grade_notebook(nb, assignment, seed=seed, device="cpu", limits=LIMITS)
        by_name = result.by_name()
        out += [Graded(v, by_name[n]) for n, v in notebook.items()]
    return out


def table(graded: list[Graded]) -> list[str]:
    """Per assignment: right answers with full marks, wrong ones that lose, mistakes named."""
    rows = [
        "| assignment | right, full marks | wrong, broken or hung, lose marks | wrong whose "
        "mistake the feedback names |",
        "|---|---|---|---|",
    ]
    for assignment in sorted({g.variant.assignment for g in graded}):
        mine = [g for g in graded if g.variant.assignment == assignment]
        right = [g for g in mine if g.variant.verdict == "correct"]
        bad = [g for g in mine if g.variant.verdict != "correct"]
        wrong = [g for g in mine if g.variant.verdict == "wrong"]
        named = [g for g in wrong if g.names_its_mistake]
        rows.append(
            f"| {assignment} | {sum(g.full_marks for g in right)} of {len(right)} | "
            f"{sum(not g.full_marks for g in bad)} of {len(bad)} | {len(named)} of {len(wrong)} "
            f"({100 * len(named) / max(len(wrong), 1):.0f} %) |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", nargs="*", default=list(ASSIGNMENTS))
    parser.add_argument("--details", action="store_true", help="every variant that disagrees")
    args = parser.parse_args(argv)
    graded = [g for a in args.assignment for g in grade_corpus(a)]
    print("\n".join(table(graded)))
    if args.details:
        for g in graded:
            v = g.variant
            wrong_kept = v.verdict != "correct" and g.full_marks
            right_lost = v.verdict == "correct" and not g.full_marks
            unnamed = v.verdict == "wrong" and not g.full_marks and not g.names_its_mistake
            if wrong_kept or right_lost or unnamed:
                what = "KEPT" if wrong_kept else "LOST" if right_lost else "UNNAMED"
                print(f"\n{what} {v.assignment}/{v.name}/{v.variant}: {v.mistake or v.style}")
                print("   named:", g.named)
                print("   " + g.result.feedback.replace("\n", "\n   ")[:1500])
    return 0


if __name__ == "__main__":
    sys.exit(main())

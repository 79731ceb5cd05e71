"""Submissions as students write them: whole notebooks composed from the independent corpus.

``tests/checks/submissions/`` holds, for every graded name, answers written
from the course contract alone by someone who never read the checks: right
ones in many idioms (per-step ``torch.autograd.grad`` loops, ``torch.func``,
``.backward()`` with manual zeroing, NumPy, plain ``math``, slow but right
ones), wrong ones, broken ones and hung ones. :func:`plan_mix` composes one
notebook per student from them with a seeded RNG, so any two runs with the
same seed and size grade the same submissions::

    plan = plan_mix(24, ["ps2-descent"], seed=1)
    text = notebook_text(plan[0], releases, sources)

How a student is composed (:class:`MixRates`, the defaults):

* whole-notebook kinds, by quota (``round(rate * N)``, at least one of each
  when N >= :data:`EVERY_KIND_FROM`): the blank release handed in (2 %), a
  file that is not valid JSON (1 %), another assignment's notebook saved
  under this one's name (1 %);
* one answer that never returns (hung), by quota (1 %: 0 of 24, 1 of 100,
  6 of 600): a ``hung_*`` variant of a name that has one (ps3 has none, so
  its students are never the hung ones). A notebook that hangs hangs in its
  own visible test cells, and nbgrader's Validate, before it is handed in:
  few students hand one in. It costs stock nbgrader its ``Execute`` timeout
  per cell that calls it, and us the call time limit once (in the cell or
  the check that calls it first), then 1 s per later call;
* every other answer independently: wrong 15 %, broken 4 % (a syntax error,
  a missing default, a name error, ...), else right; each variant drawn
  uniformly among the corpus's variants of that name and verdict;
* late: 10 % of the students (by quota), independent of the rest.

Variants that bind another graded name (``from torch.func import hessian`` in a
``newton_step`` cell) are left out: in a whole notebook they would replace
that name's answer too (``tests/checks/submissions/grading.py`` grades them
alone for the same reason). A student whose every answer is right must get
full marks; one with any answer that the corpus labels wrong, broken or hung
must lose marks, unless ``labels.py`` lists it as accepted on purpose
(:func:`expected_full_marks`).
"""

from __future__ import annotations

import copy
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import nbformat

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, Assignment
from autograder.notebook.cells import cells_by_grade_id, fill_solutions

if str(REPO_ROOT) not in sys.path:  # the corpus lives in the tests package
    sys.path.insert(0, str(REPO_ROOT))

from tests.checks.submissions import Variant, load  # noqa: E402
from tests.checks.submissions.grading import binds  # noqa: E402
from tests.checks.submissions.labels import ACCEPTED, DISAGREE  # noqa: E402

#: From this many students on, every whole-notebook kind occurs at least once.
EVERY_KIND_FROM = 20
#: The whole-notebook kinds, besides a notebook of answers.
WHOLE_KINDS = ("blank", "invalid-json", "other-assignment")


@dataclass(frozen=True)
class MixRates:
    """How often each kind of submission and answer occurs (see the module docstring)."""

    wrong: float = 0.15  # per answer
    broken: float = 0.04  # per answer
    hung: float = 0.01  # per submission: one answer never returns
    blank: float = 0.02  # per submission
    invalid_json: float = 0.01
    other_assignment: float = 0.01
    late: float = 0.10

    def whole(self, kind: str) -> float:
        """The rate of a whole-notebook kind (:data:`WHOLE_KINDS`)."""
        return getattr(self, kind.replace("-", "_"))


@dataclass(frozen=True)
class MixSubmission:
    """One composed submission.

    Attributes
    ----------
    student, assignment : str
        Who hands it in, for which assignment.
    kind : str
        ``answers`` (a notebook of corpus answers) or one of :data:`WHOLE_KINDS`.
    late : bool
        Handed in after the due date.
    answers : tuple of (graded name, variant stem)
        For ``answers``: the corpus variant in each solution cell.
    """

    student: str
    assignment: str
    kind: str
    late: bool
    answers: tuple[tuple[str, str], ...] = field(default=())

    def verdicts(self) -> Counter:
        """How many answers of each verdict (``correct``, ``wrong``, ``broken``, ``hung``)."""
        return Counter(stem.split("_", 1)[0] for _, stem in self.answers)

    @property
    def label(self) -> str:
        """``all right``, ``2 wrong, 1 hung``, ``blank``, ...: for the printed mix."""
        if self.kind != "answers":
            return self.kind
        bad = {v: n for v, n in sorted(self.verdicts().items()) if v != "correct"}
        return " + ".join(f"{n} {v}" for v, n in bad.items()) or "all right"


def _quota(rate: float, n: int, at_least_one: bool) -> int:
    count = int(rate * n + 0.5)
    return max(count, 1) if at_least_one and rate > 0 else count


def usable_variants(a: Assignment) -> dict[str, dict[str, list[Variant]]]:
    """Per graded name and verdict, the corpus variants a whole notebook can hold."""
    graded = set(a.graded_names)
    out: dict[str, dict[str, list[Variant]]] = {n: {} for n in a.graded_names}
    for v in load(a.id):
        if v.name in graded and not binds(v.code) & (graded - {v.name}):
            out[v.name].setdefault(v.verdict, []).append(v)
    return out


def plan_mix(
    n: int, assignment_ids: Sequence[str], seed: int = 1, rates: MixRates | None = None
) -> list[MixSubmission]:
    """``n`` submissions, round-robin over ``assignment_ids``, composed with a seeded RNG."""
    rates = rates or MixRates()
    ids = list(assignment_ids)
    rng = random.Random(f"realistic-mix:{seed}:{n}:{','.join(ids)}")
    pools = {a: usable_variants(ASSIGNMENTS[a]) for a in ids}
    width = max(4, len(str(n)))
    assignment_of = [ids[i % len(ids)] for i in range(n)]
    every = n >= EVERY_KIND_FROM
    order = list(range(n))
    rng.shuffle(order)
    whole: dict[int, str] = {}
    for kind in WHOLE_KINDS:
        for _ in range(_quota(rates.whole(kind), n, every)):
            if order:
                whole[order.pop()] = kind
    can_hang = [i for i in order if any("hung" in p for p in pools[assignment_of[i]].values())]
    hung = set(can_hang[: _quota(rates.hung, n, False)])
    late_order = list(range(n))
    rng.shuffle(late_order)
    late = set(late_order[: _quota(rates.late, n, False)])
    plan = []
    for i in range(n):
        a = assignment_of[i]
        student = f"s{i + 1:0{width}d}"
        if i in whole:
            plan.append(MixSubmission(student, a, whole[i], i in late))
            continue
        pool = pools[a]
        hung_name = (
            rng.choice(sorted(k for k, p in pool.items() if "hung" in p)) if i in hung else None
        )
        answers = []
        for name in ASSIGNMENTS[a].graded_names:
            if name == hung_name:
                verdict = "hung"
            else:
                draw = rng.random()
                verdict = (
                    "wrong" if draw < rates.wrong
                    else "broken" if draw < rates.wrong + rates.broken
                    else "correct"
                )  # fmt: skip
                if verdict not in pool[name]:
                    verdict = "correct"
            answers.append((name, rng.choice(pool[name][verdict]).variant))
        plan.append(MixSubmission(student, a, "answers", i in late, tuple(answers)))
    return plan


def notebook_text(
    sub: MixSubmission,
    releases: dict[str, nbformat.NotebookNode],
    sources: dict[str, nbformat.NotebookNode],
) -> str:
    """The notebook file ``sub`` hands in (for ``invalid-json``: text that is not JSON)."""
    a = sub.assignment
    if sub.kind == "blank":
        return nbformat.writes(releases[a])
    if sub.kind == "invalid-json":
        text = nbformat.writes(fill_solutions(releases[a], sources[a]))
        return text[: len(text) // 3]
    if sub.kind == "other-assignment":
        ids = list(ASSIGNMENTS)
        other = ids[(ids.index(a) + 1) % len(ids)]
        return nbformat.writes(fill_solutions(releases[other], sources[other]))
    nb = copy.deepcopy(fill_solutions(releases[a], sources[a]))
    cells = cells_by_grade_id(nb)
    corpus = {(v.name, v.variant): v for v in load(a)}
    for name, stem in sub.answers:
        cells[name].source = corpus[(name, stem)].code
    return nbformat.writes(nb)


def expected_full_marks(sub: MixSubmission) -> bool | None:
    """Whether ``sub`` must get full marks (True), must lose marks (False), or either (None:
    only answers the labels accept on purpose are off)."""
    if sub.kind != "answers":
        return False
    off = [(n, s) for n, s in sub.answers if not s.startswith("correct")]
    if not off:
        return True
    if all(f"{sub.assignment}/{n}/{s}" in DISAGREE | ACCEPTED for n, s in off):
        return None
    return False


def describe_mix(plan: list[MixSubmission], rates: MixRates) -> list[str]:
    """Lines that say what the mix is: the rates, the kinds, the answers' verdicts."""
    kinds = Counter(p.kind for p in plan)
    verdicts: Counter = Counter()
    for p in plan:
        verdicts.update(p.verdicts())
    labels = Counter(p.label for p in plan)
    hung = sorted(
        {f"{p.assignment}/{n}/{s}" for p in plan for n, s in p.answers if s.startswith("hung")}
    )
    variants = {(p.assignment, n, s) for p in plan for n, s in p.answers}
    lines = [
        f"mix (benchmarks/realistic_mix.py): per answer wrong {rates.wrong:.0%}, broken "
        f"{rates.broken:.0%}; per submission hung {rates.hung:.0%}, blank {rates.blank:.0%}, "
        f"invalid JSON {rates.invalid_json:.0%}, another assignment's notebook "
        f"{rates.other_assignment:.0%}, late {rates.late:.0%} (at least one of each "
        f"whole-notebook kind from {EVERY_KIND_FROM} students)",
        "  submissions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        + f"; late {sum(p.late for p in plan)}",
        "  answers: "
        + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
        + f" ({len(variants)} distinct corpus variants)",
        "  per submission: " + ", ".join(f"{k} {v}" for k, v in labels.most_common()),
    ]
    if hung:
        lines.append("  hung answers: " + ", ".join(hung))
    return lines

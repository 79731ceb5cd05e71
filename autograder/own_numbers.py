"""Each student's own numbers for the hand-computed items (contract, "Additions").

Answers worked out by hand (``STEPS_SCALED``, ``STEPS_UNSCALED``,
``CRITICAL_POINTS``, ``GLOBAL_MIN``, ``D2L5_CHOICE``) would be the same for
everyone, and printed in the source texts, if the numbers they start from were.
So those numbers are drawn per student, as a deterministic function of the
student id, which the notebook itself computes and prints (the student types
their id into ``STUDENT_ID``) and the grader computes again from the id it
knows (nbgrader's student id, ``grade --student``). Without an id the
contract's published numbers hold.

The derivation, which the notebooks repeat in plain Python (``hashlib`` only)
and ``tests/source/test_own_numbers_agreement.py`` proves equal to this module:

1. the id is normalised: ``str(id)``, surrounding whitespace removed, then
   ``str.casefold()`` (so ``" JDoe "`` and ``"jdoe"`` are the same student);
   the empty id means "no id" and gives the published numbers;
2. for an item called ``item`` with ``n`` possible values, the SHA-256 digest
   of the UTF-8 text ``"<item>:<normalised id>"`` is read as a big-endian
   integer from its first 8 bytes and taken modulo ``n`` (the bias of that
   modulo is below 10⁻¹⁷ for these ``n``);
3. that index picks from a list in a fixed, documented order:

   ==================== ============================== =====================================
   item                 values                          published (no id)
   ==================== ============================== =====================================
   ``ps2-start``        ``(x₀, y₀)`` for x₀ in          ``(1, 2)``
                        (−3, −2, −1, 1, 2, 3), then y₀
                        in the same order (36 pairs)
   ``ps3-quartic``      ``(a, b)`` for a in (−3, −2,    ``(−1, 2)``
                        −1), then b in (1, 2, 3), with
                        ``|a| ≠ |b|`` (6 pairs); the
                        notebook lists them as the
                        coefficients (c₃, c₂) =
                        (−4(a + b), 6ab) of its
                        f(x) = 3x⁴ + c₃x³ + c₂x², so
                        the roots stay to be found
   ``ps3-d2l5-order``   the 24 orders of the options    ``("a", "b", "c", "d")``
                        ``"abcd"``, as
                        ``itertools.permutations``
                        lists them
   ==================== ============================== =====================================

A drawn value may equal the published one (the start point for 1 student in
36, say); the contract allows it, and the grader then simply expects the
published answer.

Why ``|a| ≠ |b|``: f(x) = 3x⁴ − 4(a + b)x³ + 6ab·x² has f(a) − f(b) =
(b² − a²)(a − b)², so its two local minima a and b tie exactly when
|a| = |b|; excluding those pairs (the contract does) leaves a unique global
minimum, at whichever of a and b is larger in absolute value
(:func:`autograder.assignments.ps3_critical_points.reference.global_min`).
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

#: The variable a notebook sets to the id it claims (the student types it in).
CLAIM_VARIABLE = "STUDENT_ID"

START_ITEM = "ps2-start"
ROOTS_ITEM = "ps3-quartic"
ORDER_ITEM = "ps3-d2l5-order"

#: Start points of the two descent steps: integers in [−3, 3], neither 0.
START_POINTS: tuple[tuple[int, int], ...] = tuple(
    (x, y) for x in (-3, -2, -1, 1, 2, 3) for y in (-3, -2, -1, 1, 2, 3)
)
#: Roots a < 0 < b of f′ besides 0, |a|, |b| ≤ 3, |a| ≠ |b| (no tie between the two minima).
ROOT_PAIRS: tuple[tuple[int, int], ...] = tuple(
    (a, b) for a in (-3, -2, -1) for b in (1, 2, 3) if abs(a) != abs(b)
)
#: Which of the contract's options (a)–(d) each letter a, b, c, d shows.
OPTION_ORDERS: tuple[tuple[str, ...], ...] = tuple(itertools.permutations("abcd"))

#: The options of D2L5_CHOICE, keyed by their letter in the contract.
D2L5_OPTIONS: dict[str, str] = {
    "a": "∇g and ∇h are both zero",
    "b": "∇g = −∇h: the two gradients have equal length and opposite directions",
    "c": "∇g = ∇h",
    "d": "g = −h everywhere",
}


def normalise_id(student_id: object) -> str:
    """The id as the numbers see it: ``str``, stripped, case-folded ('' for None)."""
    if student_id is None:
        return ""
    return str(student_id).strip().casefold()


def draw(student_id: object, item: str, n: int) -> int:
    """An index in ``range(n)`` for ``item`` from the student id (see the module docstring)."""
    key = f"{item}:{normalise_id(student_id)}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % n


@dataclass(frozen=True)
class OwnNumbers:
    """The numbers one student's hand-computed items start from.

    Attributes
    ----------
    student_id : str or None
        The normalised id they come from; None for the published numbers.
    start : tuple of int
        ``(x₀, y₀)``, the start of ``STEPS_SCALED`` and ``STEPS_UNSCALED``.
    roots : tuple of int
        ``(a, b)``: ``CRITICAL_POINTS`` and ``GLOBAL_MIN`` are about
        f(x) = 3x⁴ − 4(a + b)x³ + 6ab·x².
    d2l5_order : tuple of str
        For the letters a, b, c, d in turn, the contract's option shown there.
    claimed : OwnNumbers or None
        When the notebook showed other numbers (it states another id, or none
        while the grader knows one): those numbers, so the checks can say that
        an answer fits them. None otherwise.
    """

    student_id: str | None
    start: tuple[int, int]
    roots: tuple[int, int]
    d2l5_order: tuple[str, ...]
    claimed: OwnNumbers | None = None

    @property
    def published(self) -> bool:
        """True for the contract's published numbers (no student id)."""
        return self.student_id is None

    def letter_of(self, option: str) -> str:
        """The letter under which this student's notebook shows the contract's ``option``."""
        return "abcd"[self.d2l5_order.index(option)]

    def whose(self) -> str:
        """'your own numbers (id ...)' or 'the published numbers', for messages."""
        if self.student_id is None:
            return "the published numbers (no student id)"
        return f"the numbers of student id {self.student_id!r}"


PUBLISHED = OwnNumbers(None, (1, 2), (-1, 2), ("a", "b", "c", "d"))


def numbers_for(student_id: object) -> OwnNumbers:
    """The own numbers of ``student_id``; the published ones for None or an empty id."""
    key = normalise_id(student_id)
    if not key:
        return PUBLISHED
    return OwnNumbers(
        key,
        START_POINTS[draw(key, START_ITEM, len(START_POINTS))],
        ROOT_PAIRS[draw(key, ROOTS_ITEM, len(ROOT_PAIRS))],
        OPTION_ORDERS[draw(key, ORDER_ITEM, len(OPTION_ORDERS))],
    )


#: Stable names of the two ways to answer on someone else's numbers, for the report (the
#: feedback itself says which numbers; those differ from student to student).
OTHER_STUDENT = "answers worked out for the numbers of the student id the notebook states"
PUBLISHED_ANSWERS = "answers worked out for the published numbers, not the student's own"


# --------------------------------------------------------------------------- the claim
MATCHES = "matches"
DIFFERS = "differs"
NOT_STATED = "not stated"
NO_ID_GIVEN = "no id given"


@dataclass(frozen=True)
class IdCheck:
    """The id a notebook claims against the id the grader knows for its submitter.

    Attributes
    ----------
    submitter : str or None
        The grader's id of the student who handed the notebook in (normalised);
        None when the grader was given none.
    claimed : str or None
        ``STUDENT_ID`` as the notebook set it (normalised); None when it is
        empty, missing or not a string or int.
    detail : str
        What the notebook held when ``claimed`` is None for a reason other
        than an empty string (e.g. "STUDENT_ID is not defined").
    """

    submitter: str | None
    claimed: str | None
    detail: str = ""

    @property
    def status(self) -> str:
        """One of ``matches``, ``differs``, ``not stated``, ``no id given``."""
        if self.submitter is None:
            return NO_ID_GIVEN
        if self.claimed is None:
            return NOT_STATED
        return MATCHES if self.claimed == self.submitter else DIFFERS

    @property
    def flagged(self) -> bool:
        """True when the instructor should look: the notebook showed other numbers."""
        return self.status in (DIFFERS, NOT_STATED)

    def shown(self) -> OwnNumbers:
        """The numbers the notebook showed its student."""
        return numbers_for(self.claimed)

    def note(self, items: tuple[str, ...]) -> str | None:
        """A sentence for the student and the instructor (None when nothing is wrong)."""
        graded = ", ".join(items)
        status = self.status
        if status == DIFFERS:
            return (
                f"Student id: this notebook states {CLAIM_VARIABLE} = {self.claimed!r}, but it "
                f"was handed in by {self.submitter!r}. The hand-computed answers ({graded}) "
                f"were graded on the own numbers of {self.submitter!r}, not on the numbers the "
                f"notebook showed for {self.claimed!r}. Instructor: please check this submission."
            )
        if status == NOT_STATED:
            why = f" ({self.detail})" if self.detail else ""
            return (
                f"Student id: this notebook does not state a {CLAIM_VARIABLE}{why}, so it "
                f"showed the published numbers; the hand-computed answers ({graded}) were "
                f"graded on the own numbers of {self.submitter!r}, who handed it in."
            )
        if status == NO_ID_GIVEN and self.claimed is not None:
            return (
                f"Student id: the grader was given no student id, so the hand-computed "
                f"answers ({graded}) were graded on the published numbers; the notebook "
                f"states {CLAIM_VARIABLE} = {self.claimed!r} (grade with --student "
                f"{self.claimed!r} to use that student's numbers)."
            )
        return None


def read_claim(value: object, missing: bool = False) -> tuple[str | None, str]:
    """``(claimed id, detail)`` from the value of ``STUDENT_ID`` in the student's process.

    Parameters
    ----------
    value : object
        The decoded value (a str, an int, ``...``, or anything else).
    missing : bool
        True when the name is not defined (or could not be read).
    """
    if missing:
        return None, f"{CLAIM_VARIABLE} is not defined"
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, f"{CLAIM_VARIABLE} is not a string"
    key = normalise_id(value)
    return (key or None), ""

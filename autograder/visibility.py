"""What a student may see of a hidden check, and when (like Gradescope's test visibility).

Each hidden check has a :class:`Policy`: separately for its score, its failing
input, the expected answer and the named mistake, one of Gradescope's four
:class:`Visibility` values. A :class:`Stage` says where the feedback is read:
before the due date, after it, once grades are published, or by the
instructor (who always sees everything, in formgrader and the report). The
defaults keep an assignment reusable: a check's inputs and expected answers
only after the due date (before it, a failed call is told with the kinds,
dtypes and shapes of its inputs, and the mistake it looks like); a multiple
choice's score and mistakes only after the due date too, so resubmitting
cannot harvest the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum, StrEnum


class Visibility(StrEnum):
    """When a part of a check's feedback is shown (Gradescope's names)."""

    VISIBLE = "visible"
    AFTER_DUE_DATE = "after_due_date"
    AFTER_PUBLISHED = "after_published"
    HIDDEN = "hidden"

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


class Stage(IntEnum):
    """Where feedback is read: each stage shows what its rank allows."""

    BEFORE_DUE = 0
    AFTER_DUE = 1
    PUBLISHED = 2
    INSTRUCTOR = 3

    def shows(self, visibility: Visibility) -> bool:
        """Whether this stage may show a part of the given visibility."""
        return self >= visibility.rank


@dataclass(frozen=True)
class Policy:
    """A check's visibility, part by part."""

    score: Visibility = Visibility.VISIBLE
    inputs: Visibility = Visibility.AFTER_DUE_DATE
    expected: Visibility = Visibility.AFTER_DUE_DATE
    mistake: Visibility = Visibility.VISIBLE

    def details(self) -> Visibility:
        """When the whole message (inputs and expected answer together) may be shown."""
        return max(self.inputs, self.expected, key=lambda v: v.rank)


#: Functions and hand-computed answers: inputs and expected answers after the due date.
DEFAULT = Policy()
#: Multiple choice (and other answers with few options): nothing but "answered" before it.
CHOICE = Policy(
    score=Visibility.AFTER_DUE_DATE,
    inputs=Visibility.VISIBLE,
    expected=Visibility.AFTER_DUE_DATE,
    mistake=Visibility.AFTER_DUE_DATE,
)


#: The stages a student reads feedback at, by the name of the Gradescope visibility they show.
STUDENT_STAGES = {
    Visibility.VISIBLE: Stage.BEFORE_DUE,
    Visibility.AFTER_DUE_DATE: Stage.AFTER_DUE,
    Visibility.AFTER_PUBLISHED: Stage.PUBLISHED,
}


def parse_due_date(text: str | None) -> datetime | None:
    """An ISO 8601 date-time (Gradescope's, nbgrader's, a config's) as an aware UTC time;
    None for none. A time without a zone is read as UTC, as nbgrader stores them."""
    if not text:
        return None
    when = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def student_stage(
    due: datetime | None, published: bool = False, now: datetime | None = None
) -> Stage:
    """What a student may read now: after the due date, or before it. An unknown due date
    counts as before it: the grader never shows what it cannot be sure is due."""
    if published and due is not None:
        return Stage.PUBLISHED
    now = now or datetime.now(UTC)
    if due is None:
        return Stage.BEFORE_DUE
    due = due.replace(tzinfo=UTC) if due.tzinfo is None else due
    return Stage.AFTER_DUE if now >= due else Stage.BEFORE_DUE

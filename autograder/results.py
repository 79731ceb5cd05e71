"""Typed results of grading one submission."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .checks.plugin import CheckOutcome
from .own_numbers import IdCheck
from .visibility import Stage


def feedback_text(name: str, checks: list[CheckOutcome], remarks: list[str], stage: Stage) -> str:
    """One feedback text for a graded name: how many checks passed, the first three
    distinct failures (as ``stage`` may show them), and the notes."""
    failed = [c for c in checks if not c.passed]
    if not all(stage.shows(c.policy.score) for c in checks):
        lines = [f"{name}: answered; whether it is right is shown after the due date."]
    elif not failed:
        lines = [f"{name}: all {len(checks)} checks passed."]
    else:
        lines = [f"{name}: {len(checks) - len(failed)} of {len(checks)} checks passed."]
        told = list(dict.fromkeys(c.text(stage) for c in failed))
        lines += [f"- {text}" for text in told[:3]]
    lines += [f"Note: {n}" for n in remarks]
    return "\n".join(lines)


@dataclass
class NameResult:
    """Score and feedback for one graded name (one nbgrader test cell)."""

    name: str
    score: float
    max_score: float
    feedback: str
    checks: list[CheckOutcome] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # told to the student, never scored

    def score_shown(self, stage: Stage) -> bool:
        """Whether the score may be shown at ``stage`` (each check's policy allows it)."""
        return all(stage.shows(c.policy.score) for c in self.checks)

    def feedback_at(self, stage: Stage) -> str:
        """The feedback as it may be read at ``stage`` (``feedback`` is the instructor's)."""
        if not self.checks:
            return self.feedback  # not graded: says why, and nothing hidden
        return feedback_text(self.name, self.checks, self.remarks, stage)

    @property
    def misconceptions(self) -> list[str]:
        """Named mistakes recognised in the failed checks, without repeats."""
        seen: list[str] = []
        for c in self.checks:
            if c.misconception and c.misconception not in seen:
                seen.append(c.misconception)
        return seen


@dataclass
class GradingResult:
    """Everything the reporters need about one graded notebook.

    ``notes`` are notebook-level messages for the student (an unreadable
    notebook, cells that failed, a student id that does not match); ``problems``
    are grader-side faults for the operator, never shown to students.
    ``device_rule`` says how the rule "answers on the input's device" was
    graded: ``scored`` (on a GPU, for points), ``reported`` (checked on a GPU,
    told, no points) or ``unchecked`` (no GPU pass); ``device_note`` says it in
    a sentence. ``id_check`` compares the id the notebook states with the
    submitter's, for assignments with hand-computed items on each student's
    own numbers.
    """

    assignment: str
    notebook: str
    student: str
    seed: int
    student_seed: int
    device: str
    names: list[NameResult]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    incidents: list[str] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)  # graded name → base64 PNG
    device_rule: str = "unchecked"
    device_note: str = ""
    id_check: IdCheck | None = None

    @property
    def score(self) -> float:
        return round(sum(n.score for n in self.names), 6)

    @property
    def max_score(self) -> float:
        return round(sum(n.max_score for n in self.names), 6)

    def by_name(self) -> dict[str, NameResult]:
        return {n.name: n for n in self.names}

    def to_dict(self) -> dict:
        """Plain data (JSON-ready), stable for the same submission and seed."""
        out = asdict(self)
        out.pop("figures")  # pictures go into the feedback notebook, not the data
        for entry, result in zip(out["names"], self.names, strict=True):
            entry["misconceptions"] = result.misconceptions
        out["score"], out["max_score"] = self.score, self.max_score
        if self.id_check is not None:
            out["id_check"]["status"] = self.id_check.status
        return out

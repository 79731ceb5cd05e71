"""The engine's options as traitlets, so ``nbgrader_config.py`` drives nbgrader and us.

Set them as ``c.Grader.<option>`` in ``nbgrader_config.py``; the nbgrader
preprocessor inherits them, and ``python -m autograder grade`` reads the same
file (``--config``), its own flags winning.
"""

from __future__ import annotations

from pathlib import Path

from traitlets import Bool, CaselessStrEnum, Float, Int, Unicode
from traitlets.config import Config, Configurable, PyFileConfigLoader

from .sandbox.isolation import Level, select_level
from .sandbox.limits import Limits


class Grader(Configurable):
    """Options of the sandboxed grading engine."""

    device = CaselessStrEnum(
        ["cpu", "cuda", "auto"],
        default_value="auto",
        help="Where references run and student inputs live: cpu, cuda, or auto (cuda if any).",
    ).tag(config=True)
    seed = Int(
        None,
        allow_none=True,
        help="Run seed for the randomised inputs (default: a fresh one per run, recorded).",
    ).tag(config=True)
    cell_timeout = Float(30.0, help="Seconds one notebook cell may run.").tag(config=True)
    call_timeout = Float(
        10.0,
        help="Seconds one call of a graded function may run (a hidden check's call, or one "
        "made by a cell of the notebook).",
    ).tag(config=True)
    submission_timeout = Float(300.0, help="Seconds for a whole submission.").tag(config=True)
    memory_mb = Int(4096, help="Address-space limit of the student process (MiB).").tag(config=True)
    cpu_seconds = Int(600, help="CPU-time limit of the student process (s).").tag(config=True)
    processes = Int(64, help="Processes + threads the student process may run.").tag(config=True)
    storage_mb = Int(
        256,
        min=1,
        help="Files one submission may write, in MiB: its home, /tmp and /dev/shm together "
        "(a tmpfs of this size per submission, with namespaces; see SECURITY.md).",
    ).tag(config=True)
    storage_files = Int(
        16384, min=16, help="How many files and folders one submission may make."
    ).tag(config=True)
    gradebook_retry_seconds = Float(
        60.0,
        min=0.0,
        help="How long a batch retries a gradebook it cannot use (a PostgreSQL restart, a "
        "dropped connection, a locked SQLite file) before it stops, saying why.",
    ).tag(config=True)
    isolation = CaselessStrEnum(
        ["full", "userns", "process"],
        default_value="full",
        help="Minimum isolation level to grade at (see SECURITY.md); grading refuses to run "
        "on a host that cannot give it unless allow_weaker_isolation is set.",
    ).tag(config=True)
    allow_weaker_isolation = Bool(
        False, help="Grade at the best level this host allows even if weaker than `isolation`."
    ).tag(config=True)
    due_date = Unicode(
        None,
        allow_none=True,
        help="ISO 8601 due date for `grade --student-view` (Gradescope's run_autograder passes "
        "the assignment's own): before it, feedback hides the hidden checks' inputs and "
        "expected answers (autograder/visibility.py). nbgrader's feedback uses the gradebook's.",
    ).tag(config=True)
    grades_published = Bool(
        False,
        help="Whether grades are published: feedback may then show what checks keep "
        "'after_published'.",
    ).tag(config=True)
    own_numbers = Bool(
        True,
        help="Grade the hand-computed items (STEPS_*, CRITICAL_POINTS, GLOBAL_MIN, "
        "D2L5_CHOICE) on each student's own numbers, drawn from the student id nbgrader "
        "knows (see autograder/own_numbers.py); False grades everyone on the published "
        "numbers, as a grader that knows no student id does.",
    ).tag(config=True)

    def own_numbers_for(self, student_id: str | None) -> str | None:
        """The id whose own numbers to grade on: ``student_id``, or None when switched off."""
        return student_id if self.own_numbers else None

    def limits(self) -> Limits:
        """The sandbox limits these options describe."""
        return Limits(
            cell_timeout=self.cell_timeout,
            call_timeout=self.call_timeout,
            submission_timeout=self.submission_timeout,
            memory_mb=self.memory_mb,
            cpu_seconds=self.cpu_seconds,
            processes=self.processes,
            storage_mb=self.storage_mb,
            storage_files=self.storage_files,
        )

    def isolation_level(self, allow_weaker: bool | None = None) -> Level:
        """The level to grade at here, or :class:`IsolationUnavailable` with the fix."""
        allow = self.allow_weaker_isolation if allow_weaker is None else allow_weaker
        return select_level(self.isolation, allow_weaker=allow)


def load_config(path: str | Path | None) -> Config:
    """Load an ``nbgrader_config.py``-style file (an empty Config when there is none)."""
    if path is None:
        return Config()
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"config file {path} does not exist")
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()

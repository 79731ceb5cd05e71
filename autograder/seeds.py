"""The run seed of an assignment: one place for every grading path.

Every way of grading (``nbgrader autograde`` with the sandboxed preprocessor,
``python -m autograder autograde``, ``python -m autograder grade`` and the
Gradescope ``run_autograder``) takes its run seed from :func:`run_seed`:
the configured one (``c.Grader.seed`` or ``--seed``), else the seed recorded
for the assignment in the course, ``.autograder/<assignment>.seed``, drawn
once, the first time anything grades that assignment. Each student's inputs
come from the run seed and the student id (:func:`student_seed`), and both
are recorded in the results, so a regrade on any path draws the same inputs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

#: Where the course keeps the grader's own state (nbgrader's folders stay nbgrader's).
STATE_DIR = ".autograder"


def derive_seed(*parts: object) -> int:
    """A 63-bit seed from any parts, stable across runs, machines and paths."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def student_seed(seed: int, student_id: str) -> int:
    """The seed of one student's inputs: the run seed and the student id, nothing else."""
    return derive_seed(seed, student_id)


def seed_path(course: Path, assignment_id: str) -> Path:
    """The file that records an assignment's run seed in a course."""
    return Path(course) / STATE_DIR / f"{assignment_id}.seed"


def recorded_seed(course: Path, assignment_id: str) -> int | None:
    """The seed recorded for ``assignment_id`` in ``course``, or None (none yet, or unreadable)."""
    try:
        return int(seed_path(course, assignment_id).read_text().strip())
    except (OSError, ValueError):
        return None


def run_seed(course: Path, assignment_id: str, configured: int | None = None) -> int:
    """The run seed: ``configured`` if given, else the course's recorded one, made once.

    Two processes that start at once agree: the file is created exclusively
    and the loser reads the winner's seed.

    Raises
    ------
    OSError
        When no seed is configured or recorded and the course cannot record one
        (a read-only course directory): pass a seed instead.
    """
    if configured is not None:
        return int(configured)
    seed = recorded_seed(course, assignment_id)
    if seed is not None:
        return seed
    path = seed_path(course, assignment_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    drawn = secrets.randbits(32)
    # written whole under another name, then linked into place: a reader never sees it
    # half-written, and of two processes drawing at once the first link wins for both
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(f"{drawn}\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        seed = recorded_seed(course, assignment_id)
        if seed is None:
            raise OSError(f"{path} holds no seed; delete it or pass --seed") from None
        return seed
    finally:
        tmp.unlink(missing_ok=True)
    return drawn

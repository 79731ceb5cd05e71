"""Building release/ from source/ with ``nbgrader generate_assignment``.

nbgrader strips the solutions (``### BEGIN SOLUTION`` regions, written answers)
and records checksums; the result is committed so students and outside
graders can fetch it, and ``tests/test_release.py`` fails when it is stale.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .assignments import ASSIGNMENTS


def nbgrader_env() -> dict[str, str]:
    """Environment for nbgrader subprocesses: this interpreter's bin first (for alembic)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(course_dir: Path, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course_dir``; raises with nbgrader's log on failure."""
    proc = subprocess.run(
        # -P: never put the course directory (which holds student files) on sys.path
        [sys.executable, "-P", "-m", "nbgrader", *args],
        cwd=course_dir,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
    )
    if not quiet:
        sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stderr[-4000:]}")
    return proc


def generate_release(course_dir: Path, assignment_ids: list[str] | None = None) -> None:
    """Regenerate ``release/<id>/`` for the given (default: all) assignments."""
    for assignment_id in assignment_ids or list(ASSIGNMENTS):
        run_nbgrader(course_dir, "generate_assignment", assignment_id, "--force")
        print(f"released {assignment_id} -> {course_dir / 'release' / assignment_id}")

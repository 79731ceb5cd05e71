"""The registry and the assignments' folders: one folder per assignment, found from its id."""

from __future__ import annotations

import subprocess
import sys

from autograder.assignments import ASSIGNMENTS, ASSIGNMENTS_DIR, REPO_ROOT, get_assignment

PROBE = """
import sys
import autograder.assignments
print(sorted(m for m in sys.modules if m.startswith(("autograder", "torch", "numpy", "pytest"))))
"""


def test_importing_the_registry_imports_no_checks_reference_or_torch():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['autograder', 'autograder.assignments']"


def test_every_assignment_has_its_folder_with_checks_and_reference():
    assert ASSIGNMENTS_DIR == REPO_ROOT / "autograder" / "assignments"
    folders = {p.name for p in ASSIGNMENTS_DIR.iterdir() if (p / "__init__.py").is_file()}
    assert folders == {a.module for a in ASSIGNMENTS.values()}
    for a in ASSIGNMENTS.values():
        assert a.folder == ASSIGNMENTS_DIR / a.module
        assert a.package == f"autograder.assignments.{a.module}"
        assert a.checks_path.is_file() and (a.folder / "reference.py").is_file()


def test_only_ps2_has_pictures():
    pictures = {a.id: a.pictures for a in ASSIGNMENTS.values() if a.pictures}
    assert pictures == {"ps2-descent": "autograder.assignments.ps2_descent.pictures"}
    assert get_assignment("ps1-gradients").pictures is None

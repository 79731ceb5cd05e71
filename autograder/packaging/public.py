"""The public release tree that student repositories install the self-check from.

``python -m autograder public-release DIR`` fills ``DIR`` (a checkout of the
course's public repository) with::

    autograder/     this package WITHOUT checks/ (the checks' shared machinery) and
                    without every assignment's checks.py (its hidden checks),
                    reference.py (its reference solutions) and pictures.py
                    (drawn with the reference); assignments/ keeps the registry
    release/        the student notebooks, whose visible test cells ``check`` runs
    pyproject.toml, nbgrader_config.py, and README.md for students
                    (``student_readme.md``: setup and ``check``, nothing for instructors)

Commit it, tag it, and point the student workflow
(``ci-templates/github/student-selfcheck.yml``) at the tag. Only
``python -m autograder check`` works from this tree; ``grade`` needs the
hidden checks and stays in the instructor's private repository. Before it
returns, the builder looks through the tree for anything hidden and fails if
it finds some.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

from ..assignments import REPO_ROOT
from .tree import PACKAGE_DIR, tree_files

#: Package subdirectories students must never get.
HIDDEN_PACKAGES = frozenset({"checks"})
#: Package files students must never get (patterns relative to the package): each
#: assignment's hidden checks, its reference, and its pictures, which call the reference.
HIDDEN_MODULES = (
    "assignments/*/checks.py",
    "assignments/*/reference.py",
    "assignments/*/pictures.py",
)
COURSE_FILES = ("pyproject.toml", "README.md", "nbgrader_config.py")
#: What the leak check looks for (glob patterns), kept apart from what the copy skips.
HIDDEN_PATHS = (
    "autograder/checks",
    "autograder/assignments/*/checks.py",
    "autograder/assignments/*/reference.py",
    "autograder/assignments/*/pictures.py",
    "source",
)
#: Markers of instructor-only content in notebooks (model answers, hidden tests).
HIDDEN_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")
#: The README of the public tree, for students (the course's README is the instructor's).
STUDENT_README = Path(__file__).with_name("student_readme.md")
#: What the builder owns in the destination (replaced on every build).
MANAGED = ("autograder", "release", *COURSE_FILES)


class LeakError(RuntimeError):
    """The public tree would hold something hidden."""


def find_leaks(root: Path) -> list[str]:
    """Paths under ``root`` that must not be public (an empty list when clean)."""
    leaks = [p.relative_to(root).as_posix() for hidden in HIDDEN_PATHS for p in root.glob(hidden)]
    for path in root.rglob("*.ipynb"):
        if ".git" in path.relative_to(root).parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(m in text for m in HIDDEN_MARKERS):
            leaks.append(str(path.relative_to(root)))
    return sorted(set(leaks))


def build_public_tree(dest: str | Path, course_root: Path = REPO_ROOT) -> Path:
    """Write the public release tree into ``dest``.

    Only the paths in :data:`MANAGED` are replaced; anything else in ``dest``
    (``.git``, a LICENSE, its own workflows) is left alone.

    Parameters
    ----------
    dest : str or Path
        Directory to fill (created when missing); never the course root itself.
    course_root : Path
        Course directory with ``release/``, ``pyproject.toml``, ``README.md``.

    Returns
    -------
    Path
        ``dest``.

    Raises
    ------
    ValueError
        When ``dest`` is the course root or one of its parents.
    FileNotFoundError
        When the course root lacks ``release/`` or a course file.
    LeakError
        When the finished tree holds hidden checks, references or model answers.
    """
    dest, course_root = Path(dest).resolve(), Path(course_root).resolve()
    if dest == course_root or dest in course_root.parents:
        raise ValueError(f"refusing to write the public tree over the course at {dest}")
    release = course_root / "release"
    needed = [release, *(course_root / f for f in COURSE_FILES)]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise FileNotFoundError(f"the course root lacks {', '.join(missing)}")
    dest.mkdir(parents=True, exist_ok=True)
    for name in MANAGED:
        target = dest / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for rel in tree_files(PACKAGE_DIR, skip_dirs=HIDDEN_PACKAGES):
        if not any(fnmatch.fnmatchcase(rel.as_posix(), hidden) for hidden in HIDDEN_MODULES):
            _copy(PACKAGE_DIR / rel, dest / "autograder" / rel)
    for rel in tree_files(release):
        _copy(release / rel, dest / "release" / rel)
    for name in COURSE_FILES:
        if name == "README.md":  # students get their own: no instructor-only commands
            (dest / name).write_text(STUDENT_README.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            _copy(course_root / name, dest / name)
    leaks = find_leaks(dest)
    if leaks:
        raise LeakError(f"the public tree at {dest} holds hidden material: {', '.join(leaks)}")
    return dest


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)

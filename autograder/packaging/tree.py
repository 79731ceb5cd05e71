"""Which files of the package and the course a bundle carries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

#: The package directory these modules are part of.
PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: Never bundled: caches and editor leftovers.
JUNK_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache"})
JUNK_SUFFIXES = (".pyc", ".pyo")


def tree_files(root: Path, skip_dirs: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Files under ``root`` (sorted, relative to ``root``), without caches.

    Parameters
    ----------
    root : Path
        Directory to walk.
    skip_dirs : frozenset of str
        Paths relative to ``root`` (``"checks"``) of subdirectories to leave out.
    """
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in JUNK_DIRS for part in rel.parts) or path.name.endswith(JUNK_SUFFIXES):
            continue
        if any(rel == Path(s) or Path(s) in rel.parents for s in skip_dirs):
            continue
        if path.is_file():
            yield rel

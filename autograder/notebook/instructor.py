"""The instructor's notebook: parsed once per process and version, shared, read-only.

Every way of grading needs ``source/<assignment>/<notebook>.ipynb``: the graded cells'
roles, ids and points come from it, never from the submission. A batch worker gets
it as text (in each :class:`~autograder.batch.jobs.Job`); nbgrader's preprocessors,
``grade`` and Gradescope read it from the course. Both ways come here, and one cache
keyed by the text serves them: a file is read again only when its size or
modification time changes, and parsed again only when its text does.

The notebook returned is shared: its users read it and copy what they put into a
submission.
"""

from __future__ import annotations

import functools
from pathlib import Path

from nbformat import NotebookNode

from .cells import NotebookError, parse_notebook


@functools.lru_cache(maxsize=8)
def parse_instructor(text: str) -> NotebookNode:
    """The instructor's notebook from its text (parsed once per text and process)."""
    return parse_notebook(text, name="the instructor's notebook")


def read_instructor(path: str | Path) -> NotebookNode:
    """The instructor's notebook at ``path`` (read once per version of the file).

    Raises
    ------
    NotebookError
        When the file is missing, unreadable or not a notebook.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise NotebookError(f"cannot read {path}: {exc}") from None
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read(path: str, size: int, mtime_ns: int) -> NotebookNode:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotebookError(f"cannot read {path}: {exc}") from None
    try:
        return parse_instructor(text)
    except NotebookError as exc:  # name the file, not "the instructor's notebook"
        raise NotebookError(str(exc).replace("the instructor's notebook", path, 1)) from None

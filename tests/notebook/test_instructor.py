"""The instructor's notebook: one way in, parsed once per process and version."""

from __future__ import annotations

import os

import pytest

from autograder.assignments import REPO_ROOT, get_assignment
from autograder.notebook.cells import NotebookError
from autograder.notebook.instructor import parse_instructor, read_instructor

A = get_assignment("ps2-descent")


def test_the_batch_and_nbgrader_share_one_parse():
    """A worker parses the job's text, nbgrader's preprocessors read the file: one object."""
    from autograder.nbgrader.sanitize import source_notebook

    path = A.source_path(REPO_ROOT)
    from_text = parse_instructor(path.read_text(encoding="utf-8"))
    assert read_instructor(path) is from_text
    assert source_notebook(A.id) is from_text


def test_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "source.ipynb"
    text = A.source_path(REPO_ROOT).read_text(encoding="utf-8")
    path.write_text(text)
    first = read_instructor(path)
    assert read_instructor(path) is first
    changed = text.replace("gradient", "Gradient", 1)
    assert changed != text
    path.write_text(changed)
    os.utime(path, ns=(1, 1))  # a new version even within the file system's clock tick
    again = read_instructor(path)
    assert again is not first and again == parse_instructor(changed)


@pytest.mark.parametrize(
    "content, says", [(None, "cannot read"), ("{", "is not valid JSON"), ("[]", "not a Jupyter")]
)
def test_an_unreadable_instructor_notebook_is_named(tmp_path, content, says):
    path = tmp_path / "source.ipynb"
    if content is not None:
        path.write_text(content)
    with pytest.raises(NotebookError) as raised:
        read_instructor(path)
    assert says in str(raised.value) and str(path) in str(raised.value)

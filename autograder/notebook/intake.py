"""The way in for a student's file: read it, tell what it is, repair what can be repaired.

Students upload what they have: a notebook edited by hand or by another tool,
a notebook of another assignment, an HTML export, a screenshot, an empty
file. :func:`load_submission` turns any of them into either a well-formed
nbformat-4 notebook with a list of notes naming every cell that could not be
read as it was, or a :class:`NotebookError` with one sentence saying what the
file is. :func:`belongs_to` tells which assignment a notebook is the
notebook of, so a wrong file gets one clear message instead of a page of
"not defined".

Instructor notebooks are read strictly by :mod:`~autograder.notebook.instructor`;
this module is for what students hand in.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from ..assignments import ASSIGNMENTS, Assignment
from .cells import NotebookError

#: Leading bytes of files students upload instead of a notebook, and what to call them.
SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (unpack it and submit the .ipynb inside)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
)
CELL_TYPES = ("code", "markdown", "raw")
DEFINED = re.compile(r"^(?:def\s+([A-Za-z_]\w*)\s*\(|([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=))", re.M)


class WrongAssignment(NotebookError):
    """The notebook is another assignment's (``belongs_to`` says whose)."""

    def __init__(self, expected: Assignment, belongs_to: Assignment) -> None:
        owner = belongs_to.id + ("'" if belongs_to.id.endswith("s") else "'s")
        super().__init__(
            f"this is {owner} notebook ({belongs_to.filename}); this assignment "
            f"({expected.id}) expects {expected.filename}. Nothing was graded: submit "
            f"{expected.filename}."
        )
        self.expected, self.belongs_to = expected, belongs_to


@dataclass
class Submission:
    """A student's notebook as the grader can use it.

    Attributes
    ----------
    notebook : NotebookNode
        A well-formed nbformat-4 notebook.
    notes : list of str
        For the student: every cell that was not readable as it was, and what
        was done with it (left out, read as empty, its metadata dropped).
    """

    notebook: NotebookNode
    notes: list[str] = field(default_factory=list)


def what_file(data: bytes) -> str | None:
    """What a file that is not a notebook is (None when it may be one)."""
    if not data.strip():
        return "an empty file"
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page (an export of a notebook?)"
    return None


def load_submission(path_or_text: str | Path | bytes, name: str = "the notebook") -> Submission:
    """Read a student's notebook from a path (``Path``), text (``str``) or bytes.

    Raises
    ------
    NotebookError
        With one sentence for the student, when the file is missing, is not a
        notebook at all, or is JSON that no repair makes a notebook.
    """
    if isinstance(path_or_text, Path):
        try:
            data = path_or_text.read_bytes()
        except OSError as exc:
            raise NotebookError(f"cannot read {path_or_text.name}: {exc.strerror}") from None
        name = path_or_text.name
    else:
        data = path_or_text.encode() if isinstance(path_or_text, str) else path_or_text
    kind = what_file(data)
    if kind is not None:
        raise NotebookError(f"{name} is {kind}, not a Jupyter notebook (.ipynb)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotebookError(f"{name} is not a text file, so not a Jupyter notebook") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = (
            " (it looks like Python source: submit the .ipynb notebook, not a .py export)"
            if DEFINED.search(text)
            else ""
        )
        where = f"line {exc.lineno}, column {exc.colno}"  # json's messages may end in " at"
        where = f"{exc.msg} {where}" if exc.msg.endswith(" at") else f"{exc.msg} at {where}"
        raise NotebookError(f"{name} is not valid JSON ({where}){hint}") from None
    return repair(raw, name)


def repair(raw: object, name: str = "the notebook", validate: bool = True) -> Submission:
    """A well-formed nbformat-4 notebook from parsed JSON, and what was repaired.

    ``validate=False`` skips the schema check of the whole notebook (for one
    nbformat has already read): every cell still gets a text source and a
    known type, which is what grading needs.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        raise NotebookError(f"{name} is JSON but not a Jupyter notebook (no list of cells)")
    if raw.get("nbformat", 4) != 4 or "worksheets" in raw:
        return _converted(raw, name)
    notes: list[str] = []
    cells = []
    for index, cell in enumerate(raw["cells"], start=1):
        fixed = _repair_cell(cell, index, notes)
        if fixed is not None:
            cells.append(fixed)
    minor = raw.get("nbformat_minor")
    minor = minor if type(minor) is int and 0 <= minor <= 5 else 5
    if minor >= 5:  # cell ids are required from 4.5 on: unique, of the allowed characters
        seen: set[str] = set()
        for index, cell in enumerate(cells, start=1):
            if cell.get("id") in seen or "id" not in cell:
                cell["id"] = f"cell-{index}"
            seen.add(cell["id"])
    else:
        for cell in cells:
            cell.pop("id", None)
    metadata = raw.get("metadata")
    notebook = {
        "nbformat": 4,
        "nbformat_minor": minor,
        "metadata": metadata if isinstance(metadata, dict) else {},
        "cells": cells,
    }
    if validate and not _valid(notebook):  # other tools' metadata, of wrong types: ours only
        notes.append("Metadata of the notebook or its cells breaks the notebook format: dropped.")
        notebook["metadata"] = {}
        for cell in cells:
            cell["metadata"] = {k: v for k, v in cell["metadata"].items() if k == "nbgrader"}
    with warnings.catch_warnings():  # nbformat warns about what was just repaired
        warnings.simplefilter("ignore")
        return Submission(nbformat.from_dict(notebook), notes)


def _valid(notebook: dict) -> bool:
    try:
        nbformat.validate(notebook, version=4)
    except nbformat.ValidationError:
        return False
    return True


def _converted(raw: dict, name: str) -> Submission:
    """An older (or newer) notebook format, through nbformat's own converters."""
    version = raw.get("nbformat", "?")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(raw), as_version=4)
        again = repair(json.loads(nbformat.writes(nb)), name)
    except Exception as exc:  # nbformat raises many types for notebooks it cannot convert
        raise NotebookError(
            f"{name} is a notebook of format {str(version)[:20]!r}, which cannot be read ({exc})"
        ) from None
    return Submission(
        again.notebook, [f"{name} was converted from format {version}.", *again.notes]
    )


def _text(value: object) -> str | None:
    """A cell source or output text as one string (a list of strings joined), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return None


def _repair_cell(cell: object, index: int, notes: list[str]) -> dict | None:
    """Cell ``index`` as a well-formed v4 cell, or None when nothing of it can be used."""
    where = f"Cell {index}"
    if not isinstance(cell, dict):
        notes.append(f"{where} is not a cell (it is a {type(cell).__name__}): left out.")
        return None
    cell_type = cell.get("cell_type")
    source = _text(cell.get("source", None))
    if "source" not in cell:
        notes.append(f"{where} has no source: read as empty.")
        source = ""
    elif source is None:
        notes.append(
            f"{where}'s source is not text (it is a {type(cell['source']).__name__}): "
            "read as empty."
        )
        source = ""
    metadata = cell.get("metadata", {})
    if not isinstance(metadata, dict):
        notes.append(f"{where}'s metadata is not a mapping: dropped.")
        metadata = {}
    metadata = {**metadata}
    if "nbgrader" in metadata and not _nbgrader_ok(metadata["nbgrader"]):
        notes.append(f"{where}'s nbgrader metadata is malformed: dropped (the cell is your own).")
        del metadata["nbgrader"]
    if cell_type not in CELL_TYPES:
        notes.append(f"{where} has an unknown type {str(cell_type)[:40]!r}: kept as text, not run.")
        cell_type = "raw"
        metadata.pop("nbgrader", None)
    out = {"cell_type": cell_type, "metadata": metadata, "source": source}
    if isinstance(cell.get("id"), str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cell["id"]):
        out["id"] = cell["id"]
    if cell_type == "code":
        count = cell.get("execution_count")
        out["execution_count"] = count if type(count) is int else None
        out["outputs"] = []  # never read: the grader runs the cells itself
    elif isinstance(cell.get("attachments"), dict):
        out["attachments"] = cell["attachments"]
    return out


def _nbgrader_ok(meta: object) -> bool:
    """Whether nbgrader metadata has the types nbgrader's schema needs."""
    if not isinstance(meta, dict):
        return False
    if "grade_id" in meta and not isinstance(meta["grade_id"], str):
        return False
    for flag in ("grade", "solution", "locked", "task"):
        if flag in meta and not isinstance(meta[flag], bool):
            return False
    points = meta.get("points", 0)
    return isinstance(points, int | float) and not isinstance(points, bool) and points >= 0


def as_submission(notebook: str | Path | NotebookNode | Submission) -> Submission:
    """Whatever the engine is given, as a :class:`Submission` (a path is read and repaired;
    a notebook another reader made is checked cell by cell)."""
    if isinstance(notebook, Submission):
        return notebook
    if isinstance(notebook, NotebookNode):
        return repair(notebook, validate=False)
    return load_submission(Path(notebook))


# --------------------------------------------------------------------------- whose notebook
def graded_names_in(nb: NotebookNode) -> set[str]:
    """The names a notebook answers: its solution cells' grade_ids and what its code defines.

    Test cells are left out: nbgrader puts the instructor's test cells back into
    any notebook it grades, so they say nothing about whose notebook it is.
    """
    found: set[str] = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not isinstance(meta, dict) or (meta.get("grade") and not meta.get("solution")):
            continue
        if meta.get("solution") and isinstance(meta.get("grade_id"), str):
            found.add(meta["grade_id"])
        if cell.cell_type == "code":
            found.update(a or b for a, b in DEFINED.findall(str(cell.source)))
    return found


def belongs_to(nb: NotebookNode) -> Assignment | None:
    """The assignment whose graded names the notebook has the most of (None: none of any)."""
    names = graded_names_in(nb)
    counts = {a.id: len(names & set(a.graded_names)) for a in ASSIGNMENTS.values()}
    best = max(counts, key=counts.get)
    return ASSIGNMENTS[best] if counts[best] else None


def check_assignment(nb: NotebookNode, expected: Assignment) -> None:
    """Raise :class:`WrongAssignment` when ``nb`` is plainly another assignment's notebook:
    it has none of ``expected``'s graded names and at least two of another's."""
    names = graded_names_in(nb)
    if names & set(expected.graded_names):
        return
    other = belongs_to(nb)
    if other is not None and other.id != expected.id and len(names & set(other.graded_names)) > 1:
        raise WrongAssignment(expected, other)

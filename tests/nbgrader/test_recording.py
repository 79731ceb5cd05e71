"""The adapters to nbgrader's private seams (``autograder.nbgrader.recording``): the same
answers as nbgrader's own code, only faster."""

from __future__ import annotations

import jsonschema
import pytest
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3

from autograder.nbgrader.recording import _SchemaCache, fast_metadata_validation, shared_engines

SCHEMA = MetadataValidatorV3().schema
GOOD = {"grade": True, "grade_id": "test_x", "locked": True, "points": 2.0, "schema_version": 3,
        "solution": False, "task": False}  # fmt: skip
BAD = [
    {**GOOD, "points": "two"},  # wrong type
    {k: v for k, v in GOOD.items() if k != "solution"},  # missing key
    {**GOOD, "schema_version": "3", "locked": "yes"},  # two errors: the same best match
]


def test_valid_metadata_passes():
    _SchemaCache().validate(GOOD, SCHEMA)
    jsonschema.validate(GOOD, SCHEMA)


@pytest.mark.parametrize("metadata", BAD)
def test_invalid_metadata_gets_jsonschemas_own_error(metadata):
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validate(metadata, SCHEMA)
    cache = _SchemaCache()
    for _ in range(2):  # compiled once, same answer every time
        with pytest.raises(jsonschema.ValidationError) as ours:
            cache.validate(metadata, SCHEMA)
        assert ours.value.message == theirs.value.message
        assert list(ours.value.path) == list(theirs.value.path)


def test_nbgrader_uses_the_cache_only_inside_the_context():
    from nbgrader.nbgraderformat import common

    original = common.jsonschema
    with fast_metadata_validation():
        assert isinstance(common.jsonschema, _SchemaCache)
        with pytest.raises(jsonschema.ValidationError):
            MetadataValidatorV3().validate_cell(_cell(BAD[0]))
        first = common.jsonschema
    assert common.jsonschema is original
    with fast_metadata_validation():  # the next submission: schemas compiled already
        assert common.jsonschema is first and first._checks


def _cell(metadata):
    from nbformat.v4 import new_code_cell

    return new_code_cell("x = 1", metadata={"nbgrader": metadata})


def test_gradebook_sessions_share_one_engine_and_still_work(tmp_path, alembic_on_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with shared_engines():
        with Gradebook(url) as first:
            first.add_student("ada")
            engine = first.engine
        with Gradebook(url) as second:  # after close (dispose): same engine, new connection
            assert second.engine is engine
            assert [s.id for s in second.students] == ["ada"]
            second.add_student("bob")
    with Gradebook(url) as outside:
        assert outside.engine is not engine
        assert sorted(s.id for s in outside.students) == ["ada", "bob"]


def test_graded_cells_are_the_ones_nbgrader_finds(tmp_path, alembic_on_path):
    from nbgrader.api import MissingEntry

    from tests.gradebook import NB, A, make_gradebook, released

    url = f"sqlite:///{make_gradebook(tmp_path)}"
    original = Gradebook.find_graded_cell
    graded = [c.metadata["nbgrader"] for c in released().cells]
    names = [m["grade_id"] for m in graded if m["grade"] or m["task"]]
    assert "task" in names and "essay" in names  # a task cell and a grade cell
    with shared_engines(), Gradebook(url) as gb:
        assert Gradebook.find_graded_cell is not original
        for name in names:
            cell = gb.find_graded_cell(name, NB, A)
            assert cell is original(gb, name, NB, A)
            assert (cell.name, type(cell).__name__) == (
                name,
                "TaskCell" if name == "task" else "GradeCell",
            )
        with pytest.raises(MissingEntry):
            gb.find_graded_cell("answer", NB, A)  # a solution cell only: not graded
    assert Gradebook.find_graded_cell is original


def test_what_the_gradebook_logs_while_recording_goes_into_the_recordings_log(capsys):
    """nbgrader's gradebook logs a database error (a full disk met mid-write) with its
    traceback to tornado's application log; while recording, that goes into the
    recording's own log, read when it fails, never to the batch's stderr (the full-disk
    fault test found such a traceback)."""
    import io
    import logging

    from nbgrader import api

    from autograder.nbgrader.recording import GRADEBOOK_LOGGER, _gradebook_log_into

    assert api.app_log.name == GRADEBOOK_LOGGER  # the logger nbgrader.api reports to
    buffer = io.StringIO()
    before = list(api.app_log.handlers), api.app_log.propagate
    with _gradebook_log_into(logging.StreamHandler(buffer)):
        try:
            raise OSError(28, "No space left on device")
        except OSError as e:
            api.app_log.exception("Rolling back session due to database error %s", e)
    assert "Rolling back session" in buffer.getvalue() and "Traceback" in buffer.getvalue()
    assert capsys.readouterr().err == ""
    assert (list(api.app_log.handlers), api.app_log.propagate) == before

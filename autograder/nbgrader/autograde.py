"""``OnePassAutograde``: nbgrader's ``Autograde``, each notebook converted once, not twice.

Stock ``Autograde`` converts every submitted notebook twice: its sanitising
preprocessors (``ClearOutput``, ``OverwriteCells``, ...) write
``autograded/<student>/<assignment>/<notebook>.ipynb``, which is then read
back for the autograding ones (``Execute``, here ``SandboxedGrade``, then
``SaveAutoGrades``, ``AssignLatePenalties``, ...). The notebook in between is
never used for anything else. This converter runs the same preprocessors in
the same order in one conversion, with the resources the second one would
have had (``metadata.path`` is the autograded folder) and
``NBGRADER_EXECUTION=autograde``, and writes the notebook once: no second round of
nbconvert and nbformat work (reading, validating, copying, writing) for the
same notebook and gradebook rows. It saves the grades with
:class:`~autograder.nbgrader.save_grades.BatchedSaveAutoGrades` (nbgrader's
``SaveAutoGrades`` with fewer queries and one commit; a course that configures
its own subclass keeps it). ``python -m autograder autograde`` records
with it; ``tests/batch/test_run.py`` compares what it writes with stock
``nbgrader autograde``.
"""

from __future__ import annotations

import os

from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.preprocessors import SaveAutoGrades
from traitlets.utils.importstring import import_item

from .preprocessor import GRADED_EARLIER, RESULT
from .save_grades import BatchedSaveAutoGrades


class OnePassAutograde(Autograde):
    """``Autograde`` with the sanitising and autograding conversions done as one.

    Attributes
    ----------
    graded_earlier : tuple[str, GradingResult] or None
        A grade of this converter's one submission made before (by a batch worker):
        the digest of the cells it ran and the result. It reaches ``SandboxedGrade``
        in the notebook's resources (``preprocessor.GRADED_EARLIER``), which uses it
        where nbgrader's sanitised notebook runs the same cells.
    recorded : GradingResult or None
        The result ``SandboxedGrade`` wrote into the last notebook converted (the
        earlier grade, or its own where nbgrader's notebook runs other cells): what
        the gradebook holds, for the batch's summary.
    """

    graded_earlier = None
    recorded = None

    def convert_single_notebook(self, notebook_filename: str) -> None:
        self.log.info("Sanitizing and autograding %s", notebook_filename)
        self.exporter._preprocessors = []
        for preprocessor in [*self.sanitize_preprocessors, *self.autograde_preprocessors]:
            if _named(preprocessor) is SaveAutoGrades:  # the same rows, fewer queries, one commit
                preprocessor = BatchedSaveAutoGrades
            self.exporter.register_preprocessor(preprocessor)
        resources = self.init_single_notebook_resources(notebook_filename)
        if self.graded_earlier is not None:
            resources[GRADED_EARLIER] = self.graded_earlier
        info = resources["nbgrader"]
        resources["metadata"] = {
            "name": os.path.splitext(os.path.basename(notebook_filename))[0],
            "path": self._format_dest(info["assignment"], info["student"]),
        }
        with (
            utils.setenv(NBGRADER_EXECUTION="autograde"),
            open(notebook_filename, encoding="utf-8") as stream,
        ):
            output, resources = self.exporter.from_file(stream, resources=resources)
        self.recorded = resources.get(RESULT)
        self.write_single_notebook(output, resources)


def _named(preprocessor):
    """A preprocessor class, given as configured (the class or its dotted name)."""
    return import_item(preprocessor) if isinstance(preprocessor, str) else preprocessor

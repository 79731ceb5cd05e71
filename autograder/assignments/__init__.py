"""The assignments of the course and their graded names; each assignment's folder.

This mirrors ``shared/EXERCISES.md``, the contract with instructors and outside
graders: assignment ids, notebook names and graded names are never renamed.

Everything one assignment's grading needs lives in its folder,
``autograder/assignments/<module>/`` (``ps2_descent`` for ``ps2-descent``)::

    checks.py      its hidden checks (pytest functions with points and feedback)
    reference.py   its reference solutions, in plain PyTorch
    pictures.py    optional: pictures for its feedback (``collect_feedback_figures``)

What all assignments share is in :mod:`autograder.checks`. Importing this
registry imports none of those modules (the public student tree has none of
them, and the batch imports the registry before torch).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
#: The folder of the assignments' folders (this package).
ASSIGNMENTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Assignment:
    """One nbgrader assignment: one notebook with its graded names.

    Attributes
    ----------
    id : str
        nbgrader assignment id, e.g. ``"ps1-gradients"``.
    notebook : str
        Notebook name without ``.ipynb``, e.g. ``"gradients"``.
    graded_names : tuple of str
        Every autograded name, in notebook order (the contract's names; where
        its "Additions" go in a notebook is the authors' choice). Its solution cell has
        ``grade_id == name`` and its test cell ``grade_id == "test_" + name``.
    manual_cells : tuple of str
        ``grade_id`` of the manually graded (written-answer) cells.
    own_numbers : tuple of str
        The graded names worked out by hand from each student's own numbers
        (contract, "Additions"; :mod:`autograder.own_numbers`). The notebook of
        an assignment with any states the id it was made for in ``STUDENT_ID``.
    """

    id: str
    notebook: str
    graded_names: tuple[str, ...]
    manual_cells: tuple[str, ...] = ()
    own_numbers: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        """Notebook file name, e.g. ``"gradients.ipynb"``."""
        return f"{self.notebook}.ipynb"

    @property
    def module(self) -> str:
        """Python-safe name of the assignment's folder, e.g. ``"ps2_descent"``."""
        return self.id.replace("-", "_")

    @property
    def package(self) -> str:
        """The assignment's folder as a package, e.g. ``"autograder.assignments.ps2_descent"``."""
        return f"{__name__}.{self.module}"

    @property
    def folder(self) -> Path:
        """The assignment's folder: ``checks.py``, ``reference.py``, maybe ``pictures.py``."""
        return ASSIGNMENTS_DIR / self.module

    @property
    def checks_path(self) -> Path:
        """The file of its hidden checks."""
        return self.folder / "checks.py"

    @property
    def pictures(self) -> str | None:
        """The module that draws its feedback's pictures, None when it has none."""
        return f"{self.package}.pictures" if (self.folder / "pictures.py").is_file() else None

    def source_path(self, course_root: Path = REPO_ROOT) -> Path:
        """Path of the instructor notebook under ``source/``."""
        return course_root / "source" / self.id / self.filename

    def release_path(self, course_root: Path = REPO_ROOT) -> Path:
        """Path of the student notebook under ``release/``."""
        return course_root / "release" / self.id / self.filename


ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a
    for a in (
        Assignment(
            id="ps1-gradients",
            notebook="gradients",
            graded_names=(
                "partials",
                "PARTIALS_DEPEND_ON",
                "gradient",
                "directional_derivative",
                "unit_vector",
                "slope_150",
                "steepest_ascent",
                "linear_approximation",
                "logsumexp_grad",
                "LSE_GRAD_SUM",
                "grad_beta_x",
                "grad_x_beta",
                "grad_l2_norm",
                "gradient_field",
            ),
            manual_cells=("explain_grad_beta",),
        ),
        Assignment(
            id="ps2-descent",
            notebook="descent",
            graded_names=(
                "STEPS_SCALED",
                "STEPS_UNSCALED",
                "grad_descent",
                "multi_grad_descent",
                "gradient_descent",
                "GOOD_DELTA",
            ),
            own_numbers=("STEPS_SCALED", "STEPS_UNSCALED"),
        ),
        Assignment(
            id="ps3-critical-points",
            notebook="critical_points",
            graded_names=(
                "CRITICAL_POINTS",
                "GLOBAL_MIN",
                "D2L4_CRITICAL_POINTS",
                "D2L4_ORIGIN_KIND",
                "hessian",
                "classify_critical_point",
                "quadratic_approximation",
                "newton_step",
                "D2L5_CHOICE",
            ),
            manual_cells=("explain_d2l4", "explain_d2l5"),
            own_numbers=("CRITICAL_POINTS", "GLOBAL_MIN", "D2L5_CHOICE"),
        ),
        Assignment(
            id="ps4-backprop",
            notebook="backprop",
            graded_names=(
                "forward_df_dw",
                "backprop",
                "autograd_partials",
                "REVERSE_MODE_SWEEPS",
                "jacobian",
                "chain_rule_grad",
                "grad_quadratic_form",
                "grad_least_squares",
                "grad_factorization",
                "grad_factorization_U",
            ),
            manual_cells=("explain_reverse_mode",),
        ),
    )
}


def get_assignment(assignment_id: str) -> Assignment:
    """Look up an assignment by id, with a clear error for an unknown one."""
    try:
        return ASSIGNMENTS[assignment_id]
    except KeyError:
        known = ", ".join(sorted(ASSIGNMENTS))
        raise KeyError(f"unknown assignment {assignment_id!r}; known: {known}") from None

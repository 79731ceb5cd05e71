"""nbgrader configuration for the multivariable-calculus course.

One file drives nbgrader and our grading engine: the ``SandboxedGrade``
preprocessor replaces nbgrader's ``Execute`` in ``nbgrader autograde``, and its
options (device, seed, limits) are traitlets set here or on the command line
(``--SandboxedGrade.device=cuda``). Run nbgrader from the course root (this
directory) so ``source/``, ``release/``, ``submitted/`` and ``gradebook.db``
resolve here.
"""

import os

import autograder.nbgrader  # noqa: F401  (quiets nbgrader's harmless SQLAlchemy warnings)
from autograder.page_templates import template_dirs

c = get_config()  # noqa: F821  (provided by traitlets when this file is loaded)

# --- the course -------------------------------------------------------------------
c.CourseDirectory.course_id = "mvcalc-dl"
# the folder of this file, absolute (nbgrader warns about a relative root on every command)
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# *.results.json: the grader's per-submission results beside autograded notebooks; they stay
# with the instructor (generate_feedback would otherwise copy them to students).
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "*.results.json",
]
# Embedded SQLite gradebook by default; for many graders at once use PostgreSQL, e.g.
# c.CourseDirectory.db_url = "postgresql://grader@localhost/mvcalc"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"


# --- creating the student version --------------------------------------------------
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearHiddenTests.enforce_metadata = True
# Rubrics of the written answers are ``### BEGIN MARK SCHEME`` regions in the locked,
# read-only prompt cell above each answer (not in nbgrader's "task" cells, which would
# add a second graded item per answer). nbgrader saves that cell's full source in the
# gradebook before removing the region from the release, and restores it into every
# autograded notebook, so formgrader shows the rubric right above the student's answer.
# nbgrader only checks that regions sit in task cells; tests/source/test_source_notebooks.py
# checks instead that each sits in a locked markdown cell right before its answer.
c.ClearMarkScheme.enforce_metadata = False
c.GenerateAssignment.create_assignment = True

# --- execution (validate, and stock autograde if the engine is switched off) ----------
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
c.Validator.ignore_checksums = False

# --- autograding with the sandboxed engine -----------------------------------------
# SandboxedGrade runs the student's cells in a separate, limited process and scores
# each test cell from the hidden checks (autograder/assignments/*/checks.py); the rest of nbgrader's
# pipeline (gradebook, late penalties, formgrader, feedback) is unchanged.
# RestoreInstructorCells first: graded cells are the instructor's whatever the submission's
# metadata says (SECURITY.md); then nbgrader's own sanitising as usual.
c.Autograde.sanitize_preprocessors = [
    "autograder.nbgrader.sanitize.RestoreInstructorCells",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.nbgrader.preprocessor.SandboxedGrade",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Grader.device = "auto"  # cpu | cuda | auto
c.Grader.cell_timeout = 30.0  # seconds per cell
c.Grader.call_timeout = 10.0  # seconds per call of a graded function (checks' and cells')
c.Grader.submission_timeout = 300.0  # seconds for the whole notebook
c.Grader.memory_mb = 4096  # address-space limit of the student process
c.Grader.processes = 64  # processes + threads of the student process
c.Grader.storage_mb = 256  # files of one submission: home, /tmp and /dev/shm together
c.Grader.storage_files = 16384  # files and folders of one submission
c.Grader.gradebook_retry_seconds = 60.0  # a gradebook that cannot be used: retried this long
# Minimum sandbox isolation (SECURITY.md): full (root + bubblewrap), userns (unprivileged
# bubblewrap) or process. Grading refuses to run below it unless you also set
# c.Grader.allow_weaker_isolation = True (or pass --allow-weaker-isolation).
c.Grader.isolation = "full"
# c.Grader.seed = 1234  # fix the run seed (default: a fresh one per run, recorded)
# Hand-computed items (STEPS_*, CRITICAL_POINTS, GLOBAL_MIN, D2L5_CHOICE) are graded on
# each student's own numbers, drawn from their nbgrader student id (autograder/own_numbers.py);
# False grades everyone on the published numbers.
c.Grader.own_numbers = True

# --- feedback for students ---------------------------------------------------------
# generate_feedback shows what a student may read now (autograder/visibility.py): before the
# due date no hidden input or expected answer; a summary at the top; math without a network.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.nbgrader.feedback.StudentView",
]
# our "feedback" template first (the page's layout), nbgrader's templates after it
c.HTMLExporter.extra_template_basedirs = template_dirs()
# c.Grader.grades_published = True  # feedback then also shows what checks keep 'after_published'

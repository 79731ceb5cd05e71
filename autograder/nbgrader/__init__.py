"""The nbgrader front end, configured in ``nbgrader_config.py``.

``sanitize.RestoreInstructorCells``  graded cells are the instructor's (first sanitiser);
``preprocessor.SandboxedGrade``      replaces ``Execute``: grades with the hidden checks.
"""

import warnings

# nbgrader 0.9.6 builds gradebook rows the SQLAlchemy 1.x way (a new submission reaches the
# session through a backref, then is added explicitly); SQLAlchemy 2 warns (SAWarning) at
# each such autoflush, nine times on a first autograde, though every row is written (the
# gradebook tests compare them with nbgrader's own). nbgrader_config.py imports this
# package, so the filter is in place before any nbgrader command opens the gradebook. It
# matches the message alone: naming SQLAlchemy's warning class would import SQLAlchemy
# into every command's start-up.
warnings.filterwarnings(
    "ignore", message=r"Object of type <\w+> not in session, add operation along"
)

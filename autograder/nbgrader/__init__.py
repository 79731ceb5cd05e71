"""The nbgrader front end, configured in ``nbgrader_config.py``.

``sanitize.RestoreInstructorCells``  graded cells are the instructor's (first sanitiser);
``preprocessor.SandboxedGrade``      replaces ``Execute``: grades with the hidden checks.
"""

import warnings

from sqlalchemy.exc import SAWarning

# nbgrader 0.9.6 builds gradebook rows the SQLAlchemy 1.x way (a new submission reaches the
# session through a backref, then is added explicitly); SQLAlchemy 2 warns at each such
# autoflush, nine times on a first autograde, though every row is written (the gradebook
# tests compare them with nbgrader's own). nbgrader imports this package before it opens
# the gradebook, so the filter is in place for every nbgrader command of the course.
warnings.filterwarnings(
    "ignore",
    message=r"Object of type <\w+> not in session, add operation along",
    category=SAWarning,
)

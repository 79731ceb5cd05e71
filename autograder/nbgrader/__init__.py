"""The nbgrader front end, configured in ``nbgrader_config.py``.

``sanitize.RestoreInstructorCells``  graded cells are the instructor's (first sanitiser);
``preprocessor.SandboxedGrade``      replaces ``Execute``: grades with the hidden checks.
"""

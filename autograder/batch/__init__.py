"""Batch autograding: every submission of an assignment, in parallel or on a Dask cluster.

``jobs`` (stage 1: plan and grade, plain data in and out) → ``record`` (stage 2:
nbgrader writes the gradebook and ``autograded/``) → ``run`` (executors,
progress, summary; ``python -m autograder autograde``).
"""

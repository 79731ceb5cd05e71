"""Sandboxed, PyTorch-checked autograder for the multivariable-calculus chapter.

The pipeline, one subpackage per stage:

``reference``  plain PyTorch reference solutions for every graded name;
``notebook``   reading instructor and student notebooks (cells, roles, points);
``sandbox``    running the student's cells in a separate, limited process;
``checks``     hidden pytest checks that compare student answers with references;
``reporters``  results.json (Gradescope schema), JUnit XML, console tables;
``nbgrader``   the nbgrader front end (a preprocessor in place of ``Execute``);
``cli``        ``python -m autograder ...``.
"""

__version__ = "0.1.0"

"""Packaging the grader for other places it runs.

``gradescope``  the Gradescope autograder zip (``setup.sh``, ``run_autograder``,
               the package source and the assignment's instructor notebook);
``public``     the public release tree for student repositories: the package
               without the hidden checks and references, plus ``release/``.

The GitHub Actions workflow templates that use them are in ``ci-templates/``;
``docs/ci.md`` explains all of it.
"""

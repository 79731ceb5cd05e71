"""The assignments' tests grade submissions with the fixture of ``tests/checks/conftest.py``."""

from tests.checks.conftest import grade  # noqa: F401 (a fixture: pytest finds it by name)

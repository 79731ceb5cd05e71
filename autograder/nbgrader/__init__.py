"""The nbgrader front end: ``SandboxedGrade`` replaces ``Execute`` in ``nbgrader autograde``."""

"""Running student code in a separate, limited process.

``protocol``  plain-data messages across the boundary (no pickle, ever);
``worker``    the student-side program: runs cells, answers calls;
``runner``    the grader-side handle: starts, limits, talks to and kills workers.
"""

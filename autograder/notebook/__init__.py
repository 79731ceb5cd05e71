"""Reading instructor and student notebooks: cells, their nbgrader roles, points."""

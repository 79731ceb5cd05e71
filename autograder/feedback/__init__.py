"""Extra feedback for students, made while the sandbox is alive: pictures of their answers.

``descent_paths``  the student's gradient-descent path against the reference path
on the graph or contour plot of f, for the three descent questions of ps2-descent.

Everything here runs in the grader; students get only the rendered PNG images,
made from inputs already stated in the notebook text.
"""

from .descent_paths import collect_feedback_figures, display_data_output

__all__ = ["collect_feedback_figures", "display_data_output"]

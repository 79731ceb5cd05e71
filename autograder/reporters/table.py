"""A plain-text score table for the terminal."""

from __future__ import annotations

from ..results import GradingResult


def format_table(result: GradingResult, feedback: bool = True) -> str:
    """Score per graded name, the total, and (optionally) the feedback of lost points."""
    width = max([len(n.name) for n in result.names] + [10])
    lines = [
        f"{result.assignment} / {result.notebook}.ipynb  student={result.student}  "
        f"seed={result.seed}  device={result.device}",
        f"{'name':<{width}}  {'score':>6}  {'max':>5}",
        "-" * (width + 15),
    ]
    for n in result.names:
        mark = "" if n.score == n.max_score else "  ✗"
        lines.append(f"{n.name:<{width}}  {n.score:>6g}  {n.max_score:>5g}{mark}")
    lines.append("-" * (width + 15))
    lines.append(f"{'total':<{width}}  {result.score:>6g}  {result.max_score:>5g}")
    if result.notes:
        lines += ["", *result.notes]
    if result.device_note:
        lines += ["", result.device_note]
    if feedback:
        lost = [n for n in result.names if n.score < n.max_score]
        if lost:
            lines += ["", "Feedback:"]
            lines += [n.feedback for n in lost]
    return "\n".join(lines)

"""The instructor report's charts, drawn with matplotlib's Agg canvas into PNG bytes.

No pyplot state is used (each chart is its own ``Figure``), so charts can be
drawn from any thread or process without a display, and the PNGs carry no
timestamp or software version (same data, same bytes).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 90


def figure_png(fig: Figure) -> bytes:
    """A figure as PNG bytes, without metadata that changes between runs."""
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def score_histogram(totals: Sequence[float], max_score: float, title: str) -> bytes:
    """Histogram of total scores on ``[0, max_score]``, with the mean and median marked.

    Parameters
    ----------
    totals : sequence of float
        One total per submission (may be empty).
    max_score : float
        Points possible; sets the axis and the bins (one per point up to 40 points).
    title : str
        Chart title.

    Returns
    -------
    bytes
        PNG image.
    """
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.add_subplot()
    top = max(float(max_score), max(totals, default=0.0), 1.0)
    if top <= 40:
        edges = np.arange(0.0, np.floor(top) + 2.0) - 0.5
    else:
        edges = np.linspace(0.0, top, 21)
    if totals:
        ax.hist(totals, bins=edges, color="tab:blue", edgecolor="white")
        mean, median = float(np.mean(totals)), float(np.median(totals))
        ax.axvline(mean, color="tab:red", linestyle="--", label=f"mean {mean:.3g}")
        ax.axvline(median, color="tab:green", linestyle=":", label=f"median {median:.3g}")
        ax.legend(fontsize=8, loc="best")
    else:
        ax.text(0.5, 0.5, "no submissions", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(f"total score (of {max_score:g})")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=10, parse_math=False)
    fig.tight_layout()
    return figure_png(fig)


def per_name_chart(
    names: Sequence[str], mean_percent: Sequence[float], full_marks_percent: Sequence[float]
) -> bytes:
    """Horizontal bars per graded name: mean score and full-marks rate, both in percent.

    Parameters
    ----------
    names : sequence of str
        Graded names, top to bottom.
    mean_percent, full_marks_percent : sequence of float
        Mean score as a percentage of the name's points, and the share of
        graded submissions with full marks (NaN where nothing is graded yet).

    Returns
    -------
    bytes
        PNG image.
    """
    height = 1.2 + 0.32 * max(len(names), 1)
    fig = Figure(figsize=(6.4, height))
    ax = fig.add_subplot()
    y = np.arange(len(names))
    ax.barh(y - 0.2, np.nan_to_num(mean_percent), 0.4, label="mean score", color="tab:blue")
    ax.barh(y + 0.2, np.nan_to_num(full_marks_percent), 0.4, label="full marks", color="tab:orange")
    ax.set_yticks(y, list(names), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of submissions / of points")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return figure_png(fig)

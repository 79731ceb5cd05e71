"""Pictures for the descent questions: the student's path against the reference path.

For ``ps2-descent`` the feedback of ``grad_descent``, ``multi_grad_descent`` and
``gradient_descent`` gets a small PNG: the iterates of the student's function
and of the reference on the graph of f (one variable) or on its contour plot
(two variables). The student's path is made by calling the student's own
function in the sandbox with ``n = 0, 1, ..., N`` steps (each call returns the
point after ``n`` steps), through the same :class:`~autograder.checks.student.Student`
proxy the hidden checks use, so it must run while the sandbox is alive::

    figures = collect_feedback_figures("ps2-descent", student, device)
    # {"grad_descent": b"\\x89PNG...", ...}; {} for other assignments

Only starting points stated in the notebook text are used, so a picture shows
nothing the student could not compute from the text:

* ``grad_descent``: ``grad_descent(-1, n)`` (Section 3's start) on the graph
  of f(x) = ½x² + e^(−x);
* ``multi_grad_descent``: ``multi_grad_descent(0, 0, n)`` (Section 4's worked
  step from (0, 0)) on the contours of f(x, y) = 2x² + 4y² + e^(−3x) + 3e^(−2y);
* ``gradient_descent``: ``gradient_descent(f, tensor([4., -1.]), 0.1, n)`` with
  f(x, y) = 2x² + xy (Section 1's worked example) on the contours of that f.

A path stops at the first call that fails (an exception, a time limit, an
answer that is not a point, a non-finite value); the picture then says so. If
not even ``n = 0`` can be drawn there is no picture: the written feedback
already says what is wrong. Points far outside the reference's region are
drawn clipped to the border (as crosses). Collecting is bounded by a time
budget (:data:`BUDGET_S` for all the pictures' calls together, each call
within what is left of it) so pictures never cost much grading time; a name
whose checks already ran past the call time limit gets no picture (its
feedback says so, and the same call would spend the budget again). A fault in
this module never breaks grading (it is reported in ``problems`` for the
operator).
"""

from __future__ import annotations

import base64
import functools
import io
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from nbformat import NotebookNode
from nbformat.v4 import new_output

from ...checks.compare import CheckFailure
from ...checks.student import Student, TestFunction
from . import reference as ref

#: Assignment whose descent questions get pictures.
ASSIGNMENT_ID = "ps2-descent"
#: Picture size (inches) and resolution: 400 × 320 pixels, small enough to
#: sit in the feedback page itself.
FIGSIZE = (5.0, 4.0)
DPI = 80
#: Seconds for all the pictures' calls of one submission together. A right answer needs
#: a small fraction of it (a few dozen calls of at most 15 steps each); a function that
#: hangs on the pictures' inputs costs this instead of the call time limit.
BUDGET_S = 3.0
#: How far (in reference-path spans) student points may lie before being clipped.
CLIP_SPANS = 1.5

Point = tuple[float, ...]


@dataclass
class DescentPaths:
    """Two iterate sequences of one descent question, as plain numbers.

    Attributes
    ----------
    name : str
        The graded name, e.g. ``"grad_descent"``.
    call : str
        The calls that made the student's path, e.g. ``"grad_descent(-1, n)"``.
    objective : str
        ``f`` as text, e.g. ``"f(x) = ½x² + e^(−x)"``.
    reference : list of tuple of float
        Reference iterates ``x_0, ..., x_N`` (1 or 2 coordinates each).
    student : list of tuple of float
        The student's iterates ``x_0, ..., x_k`` with ``k <= N``, as far as
        their function answered.
    note : str
        Why the student's path stops early (empty when it is complete).
    """

    name: str
    call: str
    objective: str
    reference: list[Point]
    student: list[Point]
    note: str = ""

    @property
    def dim(self) -> int:
        """1 for a path on the x axis, 2 for a path in the plane."""
        return len(self.reference[0])


@dataclass(frozen=True)
class DescentQuestion:
    """How to draw one graded name: its calls, its reference and its f.

    Attributes
    ----------
    name : str
        Graded name.
    call : str
        The student-side call pattern, for the picture's title.
    objective : str
        ``f`` as text.
    f : callable
        ``f`` on NumPy arrays, elementwise: ``f(x)`` or ``f(x, y)``.
    steps : int
        ``N``: the path has ``N + 1`` points.
    reference : callable
        ``reference(N)`` gives the reference path ``[x_0, ..., x_N]``.
    student_point : callable
        ``student_point(call, device, n)`` calls the student's function for
        ``n`` steps with ``call(name, *args)`` and returns its raw answer.
    """

    name: str
    call: str
    objective: str
    f: Callable[..., np.ndarray]
    steps: int
    reference: Callable[[int], list[Point]]
    student_point: Callable[[Callable[..., Any], torch.device, int], Any] = field(repr=False)


# --------------------------------------------------------------------------- the questions
#: Section 1's worked example, in the form gradient_descent's ``f`` takes.
F_XY = TestFunction("f(x, y) = 2x² + xy", "def f(p):\n    return 2 * p[0] ** 2 + p[0] * p[1]\n")
GD_START = (4.0, -1.0)  # outside the start points drawn for STEPS_* (|x| ≤ 3)
GD_LR = 0.1


def _f_1d(x: np.ndarray) -> np.ndarray:
    return 0.5 * x**2 + np.exp(-x)


def _f_2d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 2 * x**2 + 4 * y**2 + np.exp(-3 * x) + 3 * np.exp(-2 * y)


def _f_xy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 2 * x**2 + x * y


def _gd_start(device: torch.device) -> torch.Tensor:
    return torch.tensor(GD_START, dtype=torch.float32, device=device)


def _gradient_descent_reference(steps: int) -> list[Point]:
    path = ref.gradient_descent_path(F_XY.local(), _gd_start(torch.device("cpu")), GD_LR, steps)
    return [tuple(float(v) for v in row) for row in path]


QUESTIONS: dict[str, DescentQuestion] = {
    q.name: q
    for q in (
        DescentQuestion(
            name="grad_descent",
            call="grad_descent(-1, n)",
            objective="f(x) = ½x² + e^(−x)",
            f=_f_1d,
            steps=15,
            reference=lambda steps: [(ref.grad_descent(-1.0, n),) for n in range(steps + 1)],
            student_point=lambda call, device, n: call("grad_descent", -1.0, n),
        ),
        DescentQuestion(
            name="multi_grad_descent",
            call="multi_grad_descent(0, 0, n)",
            objective="f(x, y) = 2x² + 4y² + e^(−3x) + 3e^(−2y)",
            f=_f_2d,
            steps=10,
            reference=lambda steps: [ref.multi_grad_descent(0.0, 0.0, n) for n in range(steps + 1)],
            student_point=lambda call, device, n: call("multi_grad_descent", 0.0, 0.0, n),
        ),
        DescentQuestion(
            name="gradient_descent",
            call="gradient_descent(f, [4., -1.], 0.1, n)",
            objective="f(x, y) = 2x² + xy",
            f=_f_xy,
            steps=12,
            reference=_gradient_descent_reference,
            student_point=lambda call, device, n: call(
                "gradient_descent", F_XY, _gd_start(device), GD_LR, n
            ),
        ),
    )
}


# --------------------------------------------------------------------------- collecting
def as_point(value: Any, dim: int) -> Point | None:
    """A student's answer as ``dim`` floats, or None when it is not such a point.

    Accepts a number (``dim == 1``), a tensor with ``dim`` elements, or a tuple
    or list of ``dim`` numbers (or 0-d tensors). ``bool`` is not a number here.
    """
    if isinstance(value, torch.Tensor):
        if value.numel() != dim or not (value.is_floating_point() or value.dtype.is_signed):
            return None
        return tuple(float(v) for v in value.detach().to("cpu", torch.float64).reshape(-1))
    if dim == 1 and isinstance(value, int | float) and not isinstance(value, bool):
        return (float(value),)
    if isinstance(value, tuple | list) and len(value) == dim:
        out = []
        for v in value:
            if isinstance(v, torch.Tensor) and v.numel() == 1:
                v = float(v.detach().to("cpu"))
            if not isinstance(v, int | float) or isinstance(v, bool):
                return None
            out.append(float(v))
        return tuple(out)
    return None


def _short(message: str, limit: int = 110) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@functools.cache
def reference_path(question: DescentQuestion) -> tuple[Point, ...]:
    """``question``'s reference path (the same for every student: worked out once)."""
    return tuple(question.reference(question.steps))


def collect_paths(
    question: DescentQuestion,
    student: Student,
    device: torch.device,
    deadline: float | None = None,
) -> DescentPaths | None:
    """The reference path and the student's path for one question.

    Parameters
    ----------
    question : DescentQuestion
        Which graded name, and how to call it.
    student : Student
        The live sandbox proxy.
    device : torch.device
        Where tensor inputs live (``gradient_descent``'s start point).
    deadline : float, optional
        ``time.monotonic()`` value after which no more calls are made; each
        call may run only until then (and never past the call time limit).

    Returns
    -------
    DescentPaths or None
        None when not even the start (``n = 0``) came back as a point: the
        name is missing, still a stub, raises, or returns something else.
    """
    reference = list(reference_path(question))
    dim = len(reference[0])

    def call(name: str, *args: Any) -> Any:
        if deadline is None:
            return student.call(name, *args)
        left = deadline - time.monotonic()
        return student.call_within(left, "for its feedback picture", name, *args)

    points: list[Point] = []
    note = ""
    for n in range(question.steps + 1):
        if deadline is not None and time.monotonic() > deadline:
            note = f"Stopped at n = {n}: the picture's time budget ran out."
            break
        try:
            raw = question.student_point(call, device, n)
        except CheckFailure as exc:
            spent = deadline is not None and time.monotonic() >= deadline
            why = "the picture's time budget ran out." if spent else _short(str(exc))
            note = f"Stopped at n = {n}: {why}"
            break
        point = as_point(raw, dim)
        if point is None:
            note = f"Stopped at n = {n}: the answer is not a point with {dim} coordinate(s)."
            break
        if not all(math.isfinite(v) for v in point):
            note = f"Stopped at n = {n}: the answer is not finite ({', '.join(map(str, point))})."
            break
        points.append(point)
    if not points:
        return None
    return DescentPaths(question.name, question.call, question.objective, reference, points, note)


# --------------------------------------------------------------------------- drawing
def _window(
    ref_values: np.ndarray, student_values: np.ndarray
) -> tuple[float, float, float, float]:
    """Plot limits along one axis, and the clip limits for far-away student points.

    Returns ``(lo, hi, clip_lo, clip_hi)``: the axis range shows the reference
    and the student points within ``CLIP_SPANS`` reference spans of it.
    """
    r_lo, r_hi = float(ref_values.min()), float(ref_values.max())
    span = max(r_hi - r_lo, 0.5)
    clip_lo, clip_hi = r_lo - CLIP_SPANS * span, r_hi + CLIP_SPANS * span
    inside = np.clip(student_values, clip_lo, clip_hi) if student_values.size else ref_values
    lo = min(r_lo, float(inside.min()))
    hi = max(r_hi, float(inside.max()))
    pad = 0.12 * max(hi - lo, 0.5)
    return lo - pad, hi + pad, clip_lo, clip_hi


REFERENCE_STYLE = dict(
    color="tab:green",
    linestyle="--",
    marker="o",
    markersize=7,
    markerfacecolor="none",
    linewidth=1.2,
    label="reference",
)
STUDENT_STYLE = dict(color="tab:red", linestyle="-", marker="o", markersize=3.5, linewidth=1.0)
#: Backgrounds kept per grader process (a correct path, and many wrong ones, share one).
BACKGROUNDS = 8


@dataclass(frozen=True)
class Scene:
    """Everything a picture shows that is not the student's: one background.

    Attributes
    ----------
    f : callable
        ``f`` on NumPy arrays.
    reference : tuple of points
        The reference iterates.
    title : str
        The picture's title (the calls and ``f``).
    xlim, ylim : tuple of float
        The axes' limits (1-D: ``ylim`` is the range of ``f`` over ``xlim``).
    """

    f: Callable[..., np.ndarray]
    reference: tuple[Point, ...]
    title: str
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    @property
    def dim(self) -> int:
        return len(self.reference[0])


class Background:
    """A figure with a scene drawn once, and the pixels to start every student's picture from.

    Drawing the axes, ticks, title, contours and reference path is most of a
    picture's cost and the same for every student whose path fits the same
    window, so it is drawn once per grader process (:func:`background`). Each
    picture then starts from a copy of those pixels and draws only the
    student's path, the legend and the notes on top, in the order (z-order)
    a full drawing would use, so the picture is the one a full drawing gives.
    """

    def __init__(self, scene: Scene) -> None:
        # matplotlib only here, where a picture is drawn: a grader of the other assignments
        # (a batch of one, say) never needs it
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=FIGSIZE, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = ax = self.figure.add_axes((0.15, 0.2, 0.81, 0.68))
        refp = np.asarray(scene.reference, dtype=float)
        f = scene.f
        if scene.dim == 1:
            grid = np.linspace(*scene.xlim, 300)
            ax.plot(grid, f(grid), color="0.55", linewidth=1.2, label=None)
            (self.reference,) = ax.plot(refp[:, 0], f(refp[:, 0]), **REFERENCE_STYLE)
            (self.start,) = ax.plot(refp[0, 0], f(refp[0, 0]), "ks", markersize=6, label="start")
            ax.set_xlabel("x")
            ax.set_ylabel("f(x)")
        else:
            X, Y = np.meshgrid(np.linspace(*scene.xlim, 160), np.linspace(*scene.ylim, 160))
            Z = f(X, Y)
            levels = np.unique(np.quantile(Z, np.linspace(0.03, 0.97, 14)))
            if levels.size >= 2:
                ax.contour(X, Y, Z, levels=levels, colors="0.6", linewidths=0.8)
            (self.reference,) = ax.plot(refp[:, 0], refp[:, 1], **REFERENCE_STYLE)
            (self.start,) = ax.plot(refp[0, 0], refp[0, 1], "ks", markersize=6, label="start")
            ax.set_xlabel("x")
            ax.set_ylabel("y")
        ax.set_xlim(*scene.xlim)
        ax.set_ylim(*scene.ylim)
        ax.set_title(scene.title, fontsize=10, parse_math=False)
        self.canvas.draw()
        self.pixels = self.canvas.copy_from_bbox(self.figure.bbox)

    def render(self, xs: np.ndarray, ys: np.ndarray, outside: np.ndarray, label: str, notes):
        """PNG bytes: the background with the student's path, the legend and ``notes``."""
        import PIL.Image

        ax, added = self.ax, []
        try:
            (line,) = ax.plot(xs, ys, label=label, zorder=5, **STUDENT_STYLE)
            added.append(line)
            if outside.any():  # clipped points as crosses on the border
                (crosses,) = ax.plot(
                    xs[outside], ys[outside], "x", color=STUDENT_STYLE["color"],
                    markersize=9, markeredgewidth=2, zorder=6,
                )  # fmt: skip
                added.append(crosses)
            handles = [self.reference, line, self.start]  # the order they are explained in
            added.append(ax.legend(handles=handles, loc="best", fontsize=8))
            on_axes = sorted(added, key=lambda artist: artist.get_zorder())  # stable, as draw
            if notes:
                added.append(
                    self.figure.text(
                        0.02,
                        0.02,
                        "\n".join(notes),
                        fontsize=7.5,
                        color="tab:red",
                        wrap=True,
                        parse_math=False,
                    )
                )
            self.canvas.restore_region(self.pixels)
            for artist in on_axes:
                ax.draw_artist(artist)
            for artist in added[len(on_axes) :]:
                self.figure.draw_artist(artist)
            # zlib's default level ("optimize" costs more time for a few bytes), and RGB: the
            # figure is opaque, so an alpha channel would say nothing and cost bytes
            pixels = np.asarray(self.canvas.buffer_rgba())[:, :, :3]
            buffer = io.BytesIO()
            PIL.Image.fromarray(np.ascontiguousarray(pixels)).save(
                buffer, format="png", dpi=(DPI, DPI)
            )
            return buffer.getvalue()
        finally:
            for artist in added:
                artist.remove()


_BACKGROUNDS: OrderedDict[Scene, Background] = OrderedDict()
_DRAWING = threading.Lock()  # one picture at a time per process (Dask workers have threads)


def background(scene: Scene) -> Background:
    """The background for ``scene``, drawn on first use and kept (least recently used go)."""
    found = _BACKGROUNDS.get(scene)
    if found is None:
        found = _BACKGROUNDS[scene] = Background(scene)
        while len(_BACKGROUNDS) > BACKGROUNDS:
            _BACKGROUNDS.popitem(last=False)
    _BACKGROUNDS.move_to_end(scene)
    return found


def render_png(paths: DescentPaths, f: Callable[..., np.ndarray]) -> bytes:
    """The picture of two paths on the graph (1-D) or contour plot (2-D) of ``f``.

    Parameters
    ----------
    paths : DescentPaths
        The reference and the student's iterates.
    f : callable
        ``f`` on NumPy arrays, elementwise: ``f(x)`` for 1-D, ``f(x, y)`` for 2-D.

    Returns
    -------
    bytes
        A PNG image of ``FIGSIZE`` inches at ``DPI`` (400 × 320 pixels).
    """
    refp = np.asarray(paths.reference, dtype=float)
    stud = np.asarray(paths.student, dtype=float).reshape(-1, paths.dim)
    lo_x, hi_x, clo_x, chi_x = _window(refp[:, 0], stud[:, 0])
    sx = np.clip(stud[:, 0], clo_x, chi_x)
    outside = sx != stud[:, 0]
    if paths.dim == 1:
        sy = f(sx)
        values = f(np.linspace(lo_x, hi_x, 300))
        lo_y, hi_y = float(values.min()), float(values.max())
        pad = 0.05 * (hi_y - lo_y)  # matplotlib's own margin around the data
        ylim = (lo_y - pad, hi_y + pad)
    else:
        lo_y, hi_y, clo_y, chi_y = _window(refp[:, 1], stud[:, 1])
        sy = np.clip(stud[:, 1], clo_y, chi_y)
        outside = outside | (sy != stud[:, 1])
        ylim = (lo_y, hi_y)
    steps = len(paths.reference) - 1
    scene = Scene(
        f,
        tuple(tuple(p) for p in paths.reference),
        f"{paths.call}, n = 0…{steps}\n{paths.objective}",
        (lo_x, hi_x),
        ylim,
    )
    notes = []
    if outside.any():
        notes.append(f"{int(outside.sum())} of your points lie beyond the border (crosses).")
    if paths.note:
        notes.append(paths.note)
    with _DRAWING:
        return background(scene).render(sx, sy, outside, f"your {paths.name}", notes)


# --------------------------------------------------------------------------- the engine's hook
def collect_feedback_figures(
    assignment_id: str,
    student: Student,
    device: torch.device,
    *,
    budget_s: float = BUDGET_S,
    problems: list[str] | None = None,
) -> dict[str, bytes]:
    """PNG pictures for the graded names of one submission that have them.

    Call it after the hidden checks, while the sandbox is still alive.

    Parameters
    ----------
    assignment_id : str
        Only ``"ps2-descent"`` has pictures; any other gives ``{}``.
    student : Student
        The live sandbox proxy.
    device : torch.device
        Where tensor inputs live.
    budget_s : float, optional
        Wall-clock seconds for all the calls together; each call may run only
        for what is left (never past the call time limit). Once a call hits a
        sandbox limit or its time, or crashes the process (a new entry in
        ``student.process.incidents``), no further pictures are made.
    problems : list of str, optional
        Grader-side faults (a bug here, never the student's) are appended to it.

    Returns
    -------
    dict of str to bytes
        Graded name to PNG bytes; names without a picture are left out.
    """
    if assignment_id != ASSIGNMENT_ID:
        return {}
    deadline = time.monotonic() + budget_s
    incidents_before = len(student.process.incidents)
    figures: dict[str, bytes] = {}
    for name, question in QUESTIONS.items():
        if len(student.process.incidents) > incidents_before:
            break  # a call hit a limit or crashed: spend no more of the student's time
        if name in student.process.timed_out:
            continue  # its checks ran past the call time limit: the same wait, for no score
        try:
            paths = collect_paths(question, student, device, deadline)
            if paths is not None:
                figures[name] = render_png(paths, question.f)
        except Exception as exc:  # a fault in this module must never stop grading
            if problems is not None:
                problems.append(f"descent picture for {name}: {type(exc).__name__}: {exc}")
    return figures


def display_data_output(png: bytes, name: str) -> NotebookNode:
    """A notebook ``display_data`` output showing ``png`` (base64), for a test cell."""
    return new_output(
        "display_data",
        data={
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": f"<picture: your {name} path against the reference path>",
        },
    )

"""Student-side program: runs notebook cells and answers calls from the grader.

Started by :mod:`autograder.sandbox.runner` as ``python -I worker.py IN_FD OUT_FD``
in a scratch directory with a cleared environment. It imports only the
standard library, torch and the sibling ``protocol.py`` (loaded by path), so
none of the grader's checks or references exist in this process. Everything
here may be tampered with by the student code it runs; the grader therefore
trusts nothing it says beyond plain data.
"""

from __future__ import annotations

import io
import math
import os
import re
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protocol  # noqa: E402

sys.path.pop(0)

MAGIC_LINE = re.compile(r"^\s*(%|!)", re.MULTILINE)
ALLOWED_LINE_MAGICS = {"matplotlib", "config"}  # harmless in a headless run: no-ops
MAX_CAPTURE = 64 * 1024
#: How often a running cell's :class:`Watch` looks at what it runs.
WATCH_TICK_S = 0.25


class CellTimeout(BaseException):
    """Raised by the alarm when a cell or call runs past its time; ``function``: the graded
    function whose one call, made by a cell, ran past the call time limit (:class:`Watch`)."""

    def __init__(self, seconds: float, function: str | None = None) -> None:
        super().__init__(seconds)
        self.function = function


class BlockedMagic(RuntimeError):
    """A shell escape or magic that would reach the host."""


class _Shell:
    """Stand-in for ``get_ipython()``: magics that reach the host are refused."""

    def run_line_magic(self, name: str, line: str = "", *args, **kwargs):
        if name in ALLOWED_LINE_MAGICS:
            return None
        raise BlockedMagic(f"%{name} is disabled while grading (it could reach the host)")

    def run_cell_magic(self, name: str, line: str = "", cell: str = "", *args, **kwargs):
        raise BlockedMagic(f"%%{name} is disabled while grading (it could reach the host)")

    def system(self, cmd: str, *args, **kwargs):
        raise BlockedMagic("shell commands (!cmd) are disabled while grading")

    getoutput = system

    def magic(self, line: str):
        raise BlockedMagic("magics are disabled while grading")


class _Capped(io.TextIOBase):
    """A text stream that keeps at most MAX_CAPTURE characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = MAX_CAPTURE - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self) -> str:
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n[... {self.dropped} more characters of output dropped]"
        self.parts, self.size, self.dropped = [], 0, 0
        return out


_ALARM_SECONDS = [0.0]
#: The running cell's :class:`Watch`, if it has one (the alarm then asks it).
_WATCH: list[Watch | None] = [None]


def _on_alarm(signum, frame):
    watch = _WATCH[0]
    if watch is None:
        raise CellTimeout(_ALARM_SECONDS[0])
    watch.look(frame)


def _timed(fn, timeout: float):
    _ALARM_SECONDS[0] = float(timeout)
    signal.setitimer(signal.ITIMER_REAL, max(float(timeout), 0.001))
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class Watch:
    """A cell's time limit, and the call time limit for each call it makes of a graded
    function: a cell that calls a graded function (a worked example) is stopped once that
    one call has run for ``call_seconds``, as the hidden checks' own calls are, instead of
    after the whole cell's time limit.

    The alarm looks at the running code every :data:`WATCH_TICK_S`: the outermost frame
    of a function named in ``graded`` and defined in a cell is one call; it is stopped
    when the same frame has been seen for ``call_seconds`` (so a call is never stopped
    early; at most one tick late). A graded function bound under another name is
    limited by the cell's time limit only.
    """

    def __init__(self, cell_seconds: float, call_seconds: float, graded: frozenset[str]) -> None:
        self.cell_seconds, self.call_seconds, self.graded = cell_seconds, call_seconds, graded
        self.start = time.monotonic()
        self.frame = None  # the call being timed (kept alive: no other frame takes its id)
        self.since = 0.0

    def arm(self) -> None:
        left = self.cell_seconds - (time.monotonic() - self.start)
        signal.setitimer(signal.ITIMER_REAL, max(min(WATCH_TICK_S, left), 0.001))

    def look(self, frame) -> None:
        now = time.monotonic()
        if now - self.start >= self.cell_seconds - 0.001:
            raise CellTimeout(self.cell_seconds)
        outermost = None
        while frame is not None:
            code = frame.f_code
            if code.co_name in self.graded and code.co_filename.startswith("<cell"):
                outermost = frame
            frame = frame.f_back
        if outermost is not self.frame:
            self.frame, self.since = outermost, now
        elif outermost is not None and now - self.since >= self.call_seconds:
            raise CellTimeout(self.call_seconds, outermost.f_code.co_name)
        self.arm()


def _timed_cell(fn, seconds: float, call_seconds: float, graded: frozenset[str]):
    """``fn`` (a cell) under its time limit and, for each call of a graded function it
    makes, the call time limit (:class:`Watch`)."""
    if not graded or call_seconds >= seconds:
        return _timed(fn, seconds)
    watch = Watch(float(seconds), float(call_seconds), graded)
    _WATCH[0] = watch
    watch.arm()
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _WATCH[0] = None


def _error(exc: BaseException, label_prefix: str = "<cell") -> dict:
    if isinstance(exc, CellTimeout):
        seconds = exc.args[0] if exc.args else "?"
        error = {
            "kind": "timeout",
            "type": "Timeout",
            "message": f"ran past its time limit ({seconds:g} s)",
        }
        if exc.function is not None:  # one call of a graded function, made by a cell
            error["message"] = (
                f"ran past its time limit in a call of `{exc.function}` "
                f"({seconds:g} s, the time limit of one call)"
            )
            error["function"], error["limit"] = exc.function, "call"
            return error
        # the outermost function of the student's it was in (a cell that hangs calling
        # `gradient_field` is told so, and that function's later calls get a short limit)
        inside = [
            frame.name
            for frame in traceback.extract_tb(exc.__traceback__)
            if str(frame.filename).startswith(label_prefix) and frame.name != "<module>"
        ]
        if inside and inside[0].isidentifier():
            error["function"] = inside[0][:100]
        return error
    line = cell = None
    if isinstance(exc, SyntaxError) and str(exc.filename or "").startswith(label_prefix):
        line, cell = exc.lineno, str(exc.filename)
    for frame in traceback.extract_tb(exc.__traceback__):
        if str(frame.filename).startswith(label_prefix):  # the deepest frame in a cell wins
            line, cell = frame.lineno, str(frame.filename)
    try:
        message = str(exc)
    except BaseException:  # a student exception whose __str__ raises
        message = ""
    return {
        "kind": "syntax" if isinstance(exc, SyntaxError) else "exception",
        "type": type(exc).__name__[:100],
        "message": message[:500],
        "line": line,
        # which cell that line is in ("<cell grad_descent>" → "grad_descent"): a test cell
        # that calls the student's function fails on a line of the student's cell
        "cell": cell[len(label_prefix) :].strip(" >")[:100] if cell else None,
    }


#: What a call may not change in a tensor argument, as the reply names it (see ``guard``).
PROTECTED = ("values", "shape", "strides", "dtype", "device", "requires_grad", "grad")
#: What an answer may not be (``ArgumentGuard.answer``): attached to a graph, or an input.
ANSWER_RULES = ("attached", "alias")


class ArgumentGuard:
    """What the contract protects in a call's arguments, recorded before and compared after.

    Every tensor the grader passes (also inside tuples, lists and dicts) is
    recorded: its values bit for bit, shape, strides, dtype, device,
    ``requires_grad`` and whether it holds a ``.grad``. After the call, any
    change is reported by argument and by what changed; the grader turns it
    into a failed call. The torch functions used are bound when the worker
    starts, before any student cell can replace them (a student who sets out
    to fool this can; the check is for honest mistakes, the grading itself
    never trusts the worker).
    """

    def __init__(self, torch) -> None:
        self.torch = torch
        self.detach = torch.Tensor.detach
        self.clone = torch.Tensor.clone
        self.equal = torch.equal

    def _bits(self, t):
        """A copy of ``t``'s values that compares bit for bit (NaN equals NaN, -0 is not 0)."""
        torch = self.torch
        copy = self.clone(self.detach(t))
        if copy.is_floating_point() or copy.is_complex():
            size = copy.element_size()
            as_int = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}.get(size)
            if as_int is not None:
                copy = copy.view(as_int)
        return copy

    def _state(self, t) -> tuple:
        with self.torch._C.DisableTorchFunctionSubclass():
            return (
                self._bits(t),
                tuple(t.shape),
                tuple(t.stride()),
                t.dtype,
                t.device,
                bool(t.requires_grad),
                t.grad is not None,
            )

    def record(self, args: tuple, kwargs: dict, names: list[str]) -> list:
        """``(path, tensor, state)`` for every tensor argument, before the call."""
        found: list = []
        for name, value in zip(names, args, strict=False):
            self._walk(value, name, found)
        for key, value in kwargs.items():
            self._walk(value, str(key), found)
        return found

    def _walk(self, value, path: str, found: list, depth: int = 0) -> None:
        if depth > 8:
            return
        if isinstance(value, self.torch.Tensor):
            try:
                found.append((path, value, self._state(value)))
            except Exception:  # a tensor we cannot read is reported by the answer's check
                pass
        elif isinstance(value, tuple | list):
            for i, item in enumerate(value):
                self._walk(item, f"{path}[{i}]", found, depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._walk(item, f"{path}[{key!r}]", found, depth + 1)

    def without_grad(self, call):
        """``call`` run inside ``torch.no_grad()``."""
        no_grad = self.torch.no_grad

        def inside():
            with no_grad():
                return call()

        return inside

    def answer(self, value, recorded: list) -> list[dict]:
        """What the contract forbids in an answer: a tensor still attached to an autograd
        graph (``attached``), or one that is an argument or shares its memory (``alias``)."""
        found: list = []
        self._walk(value, "your answer", found)
        storages = {}
        for path, tensor, _ in recorded:
            ptr = self._storage(tensor)
            if ptr:
                storages.setdefault(ptr, path)
        out = []
        for at, tensor, state in found:
            if state[5]:  # requires_grad
                out.append({"arg": at, "change": "attached"})
            arg = storages.get(self._storage(tensor))
            if arg is not None:
                out.append({"arg": arg, "change": "alias"})
        return out

    def _storage(self, t) -> int:
        """The address of a tensor's memory (0 when it has none to share)."""
        try:
            with self.torch._C.DisableTorchFunctionSubclass():
                return t.untyped_storage().data_ptr() if t.numel() else 0
        except Exception:  # a tensor without storage (meta, a hostile subclass)
            return 0

    def changes(self, recorded: list) -> list[dict]:
        """What the call changed: ``{"arg": path, "change": one of PROTECTED}``."""
        out = []
        for path, tensor, before in recorded:
            try:
                after = self._state(tensor)
            except Exception:  # the student broke the tensor itself (e.g. ``x.set_()``)
                out.append({"arg": path, "change": "values"})
                continue
            bits_b, *meta_b = before
            bits_a, *meta_a = after
            changed = [
                what for what, b, a in zip(PROTECTED[1:], meta_b, meta_a, strict=True) if b != a
            ]
            same_layout = meta_b[:4] == meta_a[:4]  # shape, strides, dtype, device
            if same_layout and not self.equal(bits_b, bits_a):
                changed.insert(0, "values")  # the caller's numbers changed: the worst, told first
            out += [{"arg": path, "change": what} for what in changed]
        return out


def argument_names(target, args: tuple) -> list[str]:
    """The parameter name of each positional argument, as the student's function calls it."""
    import inspect

    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = []
    for i in range(len(args)):
        param = params[i] if i < len(params) else None
        if param is not None and param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            names.append(param.name[:40])
        else:
            names.append(f"argument {i + 1}")
    return names


class Worker:
    """The request loop: one namespace, like one notebook kernel."""

    def __init__(self, rfile, wfile) -> None:
        self.rfile, self.wfile = rfile, wfile
        self.stdout = _Capped()
        self.namespace: dict = {
            "__name__": "__main__",
            "get_ipython": _Shell,
            "display": lambda *a, **k: None,
        }
        self.callables: dict[int, object] = {}
        self.guard: ArgumentGuard | None = None

    # -- plumbing ---------------------------------------------------------------
    def register(self, fn) -> int:
        handle = len(self.callables) + 1
        self.callables[handle] = fn
        return handle

    def decode_args(self, data):
        import torch

        def materialise(value):
            if isinstance(value, protocol.FunctionSource):
                scope = {"torch": torch, "math": math}
                exec(compile(value.source, f"<grader function {value.name}>", "exec"), scope)
                return scope[value.name]
            if isinstance(value, list):
                return [materialise(v) for v in value]
            if isinstance(value, tuple):
                return tuple(materialise(v) for v in value)
            if isinstance(value, dict):
                return {k: materialise(v) for k, v in value.items()}
            return value

        decoded = protocol.decode(data, make_callable=lambda h, n: self.callables[h], as_sent=True)
        return materialise(decoded)

    def transform(self, source: str) -> str:
        if not MAGIC_LINE.search(source):
            return source
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)

    # -- operations -------------------------------------------------------------
    def op_exec(self, msg: dict) -> dict:
        label = str(msg.get("label", "?"))
        try:
            code = compile(self.transform(str(msg["source"])), f"<cell {label}>", "exec")
            _timed_cell(
                lambda: exec(code, self.namespace),
                msg.get("timeout", 30),
                msg.get("call_timeout", math.inf),
                frozenset(msg.get("graded", ())),
            )
            result = {"ok": True}
        except BaseException as exc:  # student code may raise anything, SystemExit too
            result = {"ok": False, "error": _error(exc)}
            if "function" in result["error"] and "limit" not in result["error"]:  # named
                result["error"]["message"] += f" in `{result['error']['function']}`"
        finally:
            plt = sys.modules.get("matplotlib.pyplot")
            if plt is not None:
                plt.close("all")
        result["stdout"] = self.stdout.take()
        return result

    def op_call(self, msg: dict) -> dict:
        if "handle" in msg:
            target = self.callables.get(int(msg["handle"]))
        else:
            target = self.namespace.get(str(msg["name"]))
        if not callable(target):
            return {
                "ok": False,
                "error": {"kind": "missing", "type": "TypeError", "message": "not callable"},
            }
        try:
            args = self.decode_args(msg.get("args", []))
            kwargs = self.decode_args(msg.get("kwargs", {"__dict__": []}))
            recorded = self.guard.record(args, kwargs, argument_names(target, args))
            timeout = msg.get("timeout", 10)
            call = lambda: target(*args, **kwargs)  # noqa: E731
            if msg.get("no_grad"):  # as a caller inside torch.no_grad() would call it
                call = self.guard.without_grad(call)
            value = _timed(call, timeout)
            result = {"ok": True, "value": protocol.encode(value, self.register)}
            changes = self.guard.changes(recorded) + self.guard.answer(value, recorded)
            if changes:
                result["changed"] = changes
            elif msg.get("again"):
                # the same call on the same argument objects: state kept between the two
                # calls (a .grad, a cache) shows up as a different second answer
                again = _timed(call, timeout)
                result["again"] = protocol.encode(again, self.register)
                changes = self.guard.changes(recorded) + self.guard.answer(again, recorded)
                if changes:
                    result["changed"] = changes
        except BaseException as exc:
            result = {"ok": False, "error": _error(exc)}
        result["stdout"] = self.stdout.take()
        return result

    def op_get(self, msg: dict) -> dict:
        name = str(msg["name"])
        if name not in self.namespace:
            return {
                "ok": False,
                "error": {
                    "kind": "missing",
                    "type": "NameError",
                    "message": f"name {name!r} is not defined",
                },
            }
        value = self.namespace[name]
        try:
            return {"ok": True, "value": protocol.encode(value, self.register)}
        except BaseException as exc:
            return {"ok": False, "error": _error(exc)}

    def serve(self) -> None:
        ops = {"exec": self.op_exec, "call": self.op_call, "get": self.op_get}
        while True:
            try:
                msg = protocol.read_frame(self.rfile)
            except EOFError:
                return
            op = msg.get("op")
            if op == "shutdown":
                return
            handler = ops.get(op)
            reply = handler(msg) if handler else {"ok": False, "error": {"kind": "protocol"}}
            reply["id"] = msg.get("id")
            try:
                protocol.write_frame(self.wfile, reply)
            except protocol.ProtocolError as exc:
                protocol.write_frame(
                    self.wfile,
                    {
                        "id": msg.get("id"),
                        "ok": False,
                        "error": {"kind": "output", "type": "OutputTooLarge", "message": str(exc)},
                    },
                )


def preload() -> None:
    """Import what every notebook needs and is slow to load (the fork server does it once).

    The cyclic garbage collector is off while importing: imports make objects by
    the hundred thousand and almost no garbage, and each collection would walk
    all of them.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        _import_preloaded()
    finally:
        if enabled:
            gc.enable()


#: What student code often reaches and torch imports only on first use, in the order the
#: fork server imports them while it has nothing else to do (see ``forkserver.serve``):
#: ``torch.func``'s transforms and the first ``step()`` of a ``torch.optim`` optimizer
#: import ``torch._dynamo`` (and sympy with it), and ``torch.func.hessian`` the JVP
#: decompositions. Imported in every fresh worker, they cost more than all the rest of
#: grading a submission; imported once in the server, each fork shares them.
LATE_IMPORTS = ("sympy", "torch._dynamo", "torch.func", "torch._decomp.decompositions_for_jvp")
#: The last of the server's idle-time steps (:func:`warm_up_late`): one plot drawn.
DRAWING = "a plot drawn once"
#: Everything :func:`warm_up_late` does, one step at a time, in this order.
LATE_STEPS = (*LATE_IMPORTS, DRAWING)


def warm_up_late(step: str) -> bool:
    """One of :data:`LATE_STEPS`, with the cyclic GC off as in :func:`preload`; False when
    it fails (student code that needs it then pays for it itself, as it would without).

    Every notebook of the course plots (``plt.subplots``, contours with labels, legends,
    titles with math) in cells that run for every submission; the first plot of a
    process loads the fonts and fills matplotlib's caches. :data:`DRAWING` draws one such
    plot on a figure of its own and closes it, so pyplot is left without figures, as
    before, and each fork starts with the fonts loaded.
    """
    import gc
    import importlib

    enabled = gc.isenabled()
    gc.disable()
    try:
        if step == DRAWING:
            _draw_once()
        else:
            importlib.import_module(step)
    except Exception:  # noqa: BLE001 (an optional speed-up: never the server's end)
        return False
    finally:
        if enabled:
            gc.enable()
    return True


def _draw_once() -> None:
    """A plot with what the course's notebooks draw, drawn to pixels, then closed."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(1, 2, figsize=(4, 2))
    try:
        grid = np.linspace(-1.0, 1.0, 12)
        x, y = np.meshgrid(grid, grid)
        contours = axes[0].contour(x, y, x**2 + x * y, levels=5, cmap="viridis")
        axes[0].clabel(contours, fontsize=7)
        axes[0].quiver(x[::4, ::4], y[::4, ::4], x[::4, ::4], y[::4, ::4])
        axes[0].plot([0.0, 0.5], [0.0, 0.5], "o-", label="path")
        axes[0].legend(loc="best", fontsize=8)
        axes[0].set_title(r"$f(x, y) = 2x^2 + xy$")
        axes[1].loglog([1.0, 10.0], [1.0, 100.0])
        axes[1].set_xlabel("n")
        fig.colorbar(contours, ax=axes[1])
        fig.canvas.draw()
    finally:
        plt.close("all")


def _import_preloaded() -> None:
    import random  # noqa: F401

    import torch  # noqa: F401

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except ImportError:  # plots are optional for grading
        return
    _defer_tight_layout()


def _defer_tight_layout() -> None:
    """``tight_layout()`` asks for the tight layout when the figure is drawn, not now.

    While grading nothing is shown, so laying out every figure of the notebook
    (the text extents of every tick label) is wasted.
    ``Figure.set_layout_engine("tight")`` is matplotlib's own way to get the
    same layout at draw time, so a figure the student saves still comes out
    laid out. Where the engine cannot be changed (a colorbar made
    under another engine), the layout runs now, as before.
    """
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import TightLayoutEngine

    now = Figure.tight_layout

    def tight_layout(self, *, pad=1.08, h_pad=None, w_pad=None, rect=None):
        try:
            self.set_layout_engine(TightLayoutEngine(pad=pad, h_pad=h_pad, w_pad=w_pad, rect=rect))
        except RuntimeError:
            now(self, pad=pad, h_pad=h_pad, w_pad=w_pad, rect=rect)

    tight_layout.__doc__ = now.__doc__
    Figure.tight_layout = tight_layout


def serve(in_fd: int, out_fd: int) -> None:
    """Seed, say ready, and answer the grader on the two pipe ends until it is done."""
    import random

    import torch

    rfile = os.fdopen(in_fd, "rb")
    wfile = os.fdopen(out_fd, "wb")
    signal.signal(signal.SIGALRM, _on_alarm)
    seed = int(os.environ.get("AUTOGRADER_STUDENT_SEED", "0"))
    random.seed(seed)
    torch.manual_seed(seed)
    worker = Worker(rfile, wfile)
    worker.guard = ArgumentGuard(torch)  # before any student code can replace torch's functions
    sys.stdout = sys.stderr = worker.stdout
    protocol.write_frame(wfile, {"ready": True, "pid": os.getpid()})
    worker.serve()


def main() -> None:
    preload()
    serve(int(sys.argv[1]), int(sys.argv[2]))


if __name__ == "__main__":
    main()

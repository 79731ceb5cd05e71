"""Plain-data messages between the grader and the student process.

Only these values cross the boundary: ``None``, ``bool``, ``int``, ``float``
(NaN and infinities included), ``str``, ``Ellipsis``, and ``tuple``/``list``/
``dict``/``set`` of them, plus tensors as raw bytes with dtype, shape and device.
Everything else the student returns is reported by type name only, so no
student object, method or ``__eq__`` ever reaches the grader. Nothing is
pickled; frames are length-prefixed JSON with a size cap checked before
reading. This module imports only the standard library (and torch lazily), so
the student-side worker can load it by path without the ``autograder`` package.
"""

from __future__ import annotations

import base64
import json
import math
import struct
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO

MAX_FRAME_BYTES = 64 * 1024 * 1024
MAX_TENSOR_ELEMENTS = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_ITEMS = 100_000

#: dtypes allowed across the boundary, with their item sizes in bytes.
TENSOR_DTYPES = {
    "float16": 2,
    "bfloat16": 2,
    "float32": 4,
    "float64": 8,
    "int8": 1,
    "int16": 2,
    "int32": 4,
    "int64": 8,
    "uint8": 1,
    "bool": 1,
}


class ProtocolError(ValueError):
    """A message that is malformed, too large, or holds a forbidden value."""


@dataclass(frozen=True)
class Unsupported:
    """Stand-in for a student value that is not plain data (only its type name)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<object of type {self.type_name}>"


@dataclass(frozen=True)
class RemoteCallable:
    """A callable the student returned; it stays in the student process."""

    handle: int
    name: str

    def __repr__(self) -> str:
        return f"<function {self.name}>"


@dataclass(frozen=True)
class FunctionSource:
    """A callable argument sent to the student as source text (e.g. the ``f`` of ``gradient``).

    ``source`` must define a function called ``name``; it runs in a fresh
    namespace with ``torch`` and ``math`` imported.
    """

    name: str
    source: str

    def __repr__(self) -> str:
        return self.source.strip()


# --------------------------------------------------------------------------- frames
def write_frame(stream: BinaryIO, message: dict) -> None:
    """Write one length-prefixed JSON message."""
    data = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(data) > MAX_FRAME_BYTES:
        raise ProtocolError(f"message of {len(data)} bytes exceeds {MAX_FRAME_BYTES}")
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO, max_bytes: int = MAX_FRAME_BYTES) -> dict:
    """Read one message; the size is checked before the body is read."""
    size = frame_size(_read_exact(stream, 4), max_bytes)
    return parse_frame_body(_read_exact(stream, size))


def frame_size(header: bytes, max_bytes: int = MAX_FRAME_BYTES) -> int:
    """The body size a 4-byte header announces, refused above ``max_bytes``."""
    (size,) = struct.unpack(">I", header)
    if size > max_bytes:
        raise ProtocolError(f"message of {size} bytes exceeds the cap of {max_bytes}")
    return size


def parse_frame_body(body: bytes) -> dict:
    """A message body: a JSON object, or :class:`ProtocolError`."""
    try:
        message = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"message is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------- encode
def encode(value: Any, register_callable=None, _depth: int = 0) -> Any:
    """Turn a value into JSON-safe plain data.

    Parameters
    ----------
    value
        The value to send.
    register_callable : callable, optional
        Student side only: called with a callable result, returns its handle.
        Without it, callables are sent as :class:`Unsupported`.
    """
    if _depth > MAX_DEPTH:
        return {"__unsupported__": "nesting deeper than 32 levels"}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2**63 else {"__bigint__": str(value)}
    if kind is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if value is Ellipsis:
        return {"__ellipsis__": True}
    if kind in (tuple, list, set, frozenset, dict) and len(value) > MAX_ITEMS:
        return {"__unsupported__": f"{kind.__name__} of {len(value)} items"}
    if kind is tuple:
        return {"__tuple__": [encode(v, register_callable, _depth + 1) for v in value]}
    if kind is list:
        return [encode(v, register_callable, _depth + 1) for v in value]
    if kind in (set, frozenset):
        items = [encode(v, register_callable, _depth + 1) for v in value]
        return {"__set__": sorted(items, key=lambda v: json.dumps(v, sort_keys=True))}
    if kind is dict:
        return {
            "__dict__": [
                [encode(k, None, _depth + 1), encode(v, register_callable, _depth + 1)]
                for k, v in value.items()
            ]
        }
    if kind is FunctionSource:
        return {"__fn__": {"name": value.name, "source": value.source}}
    if kind is RemoteCallable:
        return {"__callable__": value.handle, "name": value.name}
    module = getattr(kind, "__module__", "")
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return _encode_tensor(value)
    if module == "numpy" and kind.__name__ == "ndarray":
        return _encode_ndarray(value)
    if module == "numpy" and hasattr(value, "item") and getattr(value, "shape", None) == ():
        return {"__npscalar__": encode(value.item(), None, _depth + 1), "type": kind.__name__}
    if callable(value) and register_callable is not None:
        return {"__callable__": register_callable(value), "name": getattr(value, "__name__", "?")}
    return {"__unsupported__": f"{module}.{kind.__name__}" if module else kind.__name__}


def _encode_tensor(t: Any) -> dict:
    """Raw bytes of a tensor (subclasses included, with their overrides switched off)."""
    import torch

    try:
        with torch._C.DisableTorchFunctionSubclass():
            return _tensor_fields(torch, t)
    except Exception as exc:  # a hostile subclass: report, do not crash the worker
        return {"__unsupported__": f"a tensor that could not be read ({type(exc).__name__})"}


def _tensor_fields(torch: Any, t: Any) -> dict:
    dtype = str(t.dtype).removeprefix("torch.")
    if dtype not in TENSOR_DTYPES or t.is_sparse or t.is_quantized:
        return {"__unsupported__": f"torch.Tensor of dtype {dtype}"}
    if t.numel() > MAX_TENSOR_ELEMENTS:
        return {"__unsupported__": f"torch.Tensor with {t.numel()} elements (too large)"}
    device = t.device.type
    fields: dict = {"requires_grad": bool(t.requires_grad)}
    t = torch.Tensor.detach(t)
    span = strided_span(tuple(t.shape), tuple(t.stride()))
    if not t.is_contiguous() and 0 < span <= MAX_TENSOR_ELEMENTS:
        # the elements the view reads, and how: the other side rebuilds the same layout (a
        # meshgrid's expanded grid stays a view that .view(-1) refuses, as in the notebook)
        flat = t.as_strided((span,), (1,), t.storage_offset())
        fields["stride"] = list(t.stride())
    else:
        flat = t.contiguous().reshape(-1)
    flat = flat.to("cpu").contiguous()
    if dtype == "bfloat16":
        flat = flat.view(torch.int16)
    raw = flat.numpy().tobytes()
    return {
        "__tensor__": base64.b64encode(raw).decode(),
        "dtype": dtype,
        "shape": list(t.shape),
        "device": device,
        **fields,
    }


def strided_span(shape: tuple[int, ...], stride: tuple[int, ...]) -> int:
    """How many consecutive elements a view of ``shape`` and ``stride`` reads (0 if empty)."""
    if any(n == 0 for n in shape):
        return 0
    return 1 + sum((n - 1) * st for n, st in zip(shape, stride, strict=True))


def _encode_ndarray(a: Any) -> dict:
    dtype = str(a.dtype)
    if dtype not in TENSOR_DTYPES or a.size > MAX_TENSOR_ELEMENTS:
        return {"__unsupported__": f"numpy.ndarray of dtype {dtype}"}
    import numpy as np

    raw = np.ascontiguousarray(a).tobytes()
    return {"__ndarray__": base64.b64encode(raw).decode(), "dtype": dtype, "shape": list(a.shape)}


# --------------------------------------------------------------------------- decode
def decode(
    data: Any, make_callable=None, device_map=None, _depth: int = 0, as_sent: bool = False
) -> Any:
    """Rebuild a value from plain data, checking sizes, shapes and dtypes first.

    Parameters
    ----------
    data
        Output of :func:`encode`, as parsed from JSON.
    make_callable : callable, optional
        Maps ``(handle, name)`` to a local stand-in (grader side: a
        :class:`RemoteCallable`; student side: the registered function).
    device_map : callable, optional
        Maps a device type string to the device tensors should land on.
    as_sent : bool
        Student side, for the grader's arguments: tensors keep the memory
        layout (strides) and ``requires_grad`` they were sent with, so the
        student's code sees what a caller in a notebook would pass. Otherwise
        (the grader reading answers) every tensor is a plain contiguous copy.
    """
    if _depth > MAX_DEPTH + 1:
        raise ProtocolError("value nested too deeply")
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        _check_len(data)
        return [decode(v, make_callable, device_map, _depth + 1, as_sent) for v in data]
    if not isinstance(data, dict) or len(data) == 0:
        raise ProtocolError(f"unexpected value {type(data).__name__}")
    if "__tuple__" in data:
        _check_len(data["__tuple__"])
        items = data["__tuple__"]
        return tuple(decode(v, make_callable, device_map, _depth + 1, as_sent) for v in items)
    if "__set__" in data:
        _check_len(data["__set__"])
        items = [decode(v, make_callable, device_map, _depth + 1, as_sent) for v in data["__set__"]]
        try:
            return set(items)
        except TypeError:
            raise ProtocolError("set of unhashable values") from None
    if "__dict__" in data:
        _check_len(data["__dict__"])
        out = {}
        for pair in data["__dict__"]:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProtocolError("malformed dict entry")
            key = decode(pair[0], None, None, _depth + 1)
            try:
                out[key] = decode(pair[1], make_callable, device_map, _depth + 1, as_sent)
            except TypeError:
                raise ProtocolError("dict key is not hashable") from None
        return out
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad special float")
        return float(text)
    if "__bigint__" in data:
        text = str(data["__bigint__"])
        if len(text) > 4000:
            raise ProtocolError("integer too large")
        return int(text)
    if "__ellipsis__" in data:
        return Ellipsis
    if "__unsupported__" in data:
        return Unsupported(str(data["__unsupported__"])[:200])
    if "__npscalar__" in data:
        return decode(data["__npscalar__"], None, None, _depth + 1)
    if "__tensor__" in data:
        return _decode_tensor(data, device_map, as_sent)
    if "__ndarray__" in data:
        return _decode_ndarray(data)
    if "__fn__" in data:
        fn = data["__fn__"]
        return FunctionSource(name=str(fn["name"]), source=str(fn["source"]))
    if "__callable__" in data:
        handle, name = int(data["__callable__"]), str(data.get("name", "?"))[:100]
        return make_callable(handle, name) if make_callable else RemoteCallable(handle, name)
    raise ProtocolError(f"unknown value tag {sorted(data)[:3]}")


def _check_len(items: Any) -> None:
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise ProtocolError("container too large or malformed")


def _checked_buffer(data: dict) -> tuple[bytes, str, tuple[int, ...], tuple[int, ...] | None]:
    """The raw bytes, dtype, shape and (for a strided view) strides of an array message,
    each checked against the others before anything is built from them."""
    dtype = data.get("dtype")
    if dtype not in TENSOR_DTYPES:
        raise ProtocolError(f"dtype {dtype!r} is not allowed")
    shape = data.get("shape")
    if not isinstance(shape, list) or len(shape) > 8:
        raise ProtocolError("bad shape")
    if not all(type(n) is int and 0 <= n <= MAX_TENSOR_ELEMENTS for n in shape):
        raise ProtocolError("bad shape")
    numel = math.prod(shape)
    if numel > MAX_TENSOR_ELEMENTS:
        raise ProtocolError(f"array of {numel} elements exceeds the cap")
    stride = data.get("stride")
    elements = numel
    if stride is not None:
        if not isinstance(stride, list) or len(stride) != len(shape):
            raise ProtocolError("bad strides")
        if not all(type(n) is int and 0 <= n <= MAX_TENSOR_ELEMENTS for n in stride):
            raise ProtocolError("bad strides")
        elements = strided_span(tuple(shape), tuple(stride))
        if elements > MAX_TENSOR_ELEMENTS:
            raise ProtocolError(f"strided array over {elements} elements exceeds the cap")
    expected = elements * TENSOR_DTYPES[dtype]
    payload = data[next(k for k in ("__tensor__", "__ndarray__") if k in data)]
    if not isinstance(payload, str) or len(payload) > 4 * (expected // 3 + 3):
        raise ProtocolError("array payload larger than its shape allows")
    raw = base64.b64decode(payload, validate=True)
    if len(raw) != expected:
        raise ProtocolError(f"array payload has {len(raw)} bytes, shape needs {expected}")
    return raw, dtype, tuple(shape), None if stride is None else tuple(stride)


def _decode_tensor(data: dict, device_map=None, as_sent: bool = False) -> Any:
    import torch

    raw, dtype, shape, stride = _checked_buffer(data)
    storage_dtype = torch.int16 if dtype == "bfloat16" else getattr(torch, dtype)
    t = (
        torch.frombuffer(bytearray(raw), dtype=storage_dtype)
        if raw
        else torch.empty(0, dtype=storage_dtype)
    )
    if dtype == "bfloat16":
        t = t.view(torch.bfloat16)
    device = str(data.get("device", "cpu"))
    if device not in ("cpu", "cuda", "mps", "meta"):
        raise ProtocolError(f"unknown device {device!r}")
    target = device_map(device) if device_map else device
    if stride is not None:  # every index was checked to lie inside the buffer
        t = t.to(target) if target != "cpu" else t
        t = torch.as_strided(t, shape, stride)
        if not as_sent:
            t = t.contiguous()
    else:
        t = t.reshape(shape)
        if target != "cpu":
            t = t.to(target)
    if as_sent and data.get("requires_grad") is True and t.is_floating_point():
        t.requires_grad_(True)
    return t


def _decode_ndarray(data: dict) -> Any:
    import numpy as np

    raw, dtype, shape, _ = _checked_buffer(data)
    if dtype == "bfloat16":
        raise ProtocolError("numpy has no bfloat16")
    return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()

"""The boundary's data format: round trips, caps, and everything it refuses."""

from __future__ import annotations

import base64
import io
import math
import pickle

import numpy as np
import pytest
import torch

from autograder.sandbox import protocol
from autograder.sandbox.protocol import ProtocolError, Unsupported, decode, encode


def roundtrip(value):
    buf = io.BytesIO()
    protocol.write_frame(buf, {"value": encode(value)})
    buf.seek(0)
    return decode(protocol.read_frame(buf)["value"])


@pytest.mark.parametrize(
    "value",
    [None, True, 3, -(2**70), 2.5, "text", (1, 2.0), [1, (2, 3)], {"a": {1, 2}}, {"x", "y"}],
)
def test_plain_values_round_trip(value):
    assert roundtrip(value) == value
    assert type(roundtrip(value)) is type(value)


def test_special_floats_and_ellipsis_round_trip():
    out = roundtrip((math.inf, -math.inf, math.nan, ...))
    assert out[0] == math.inf and out[1] == -math.inf and math.isnan(out[2]) and out[3] is ...


@pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64, torch.bfloat16, torch.int64, torch.bool]
)
def test_tensors_round_trip_exactly(dtype):
    t = (torch.randn(3, 4) * 10).to(dtype)
    out = roundtrip(t)
    assert out.dtype == dtype and out.shape == t.shape and torch.equal(out, t)


def test_zero_d_and_empty_tensors_round_trip():
    assert roundtrip(torch.tensor(2.5)).shape == ()
    assert roundtrip(torch.empty(0, 3)).shape == (0, 3)


def test_student_objects_become_type_names_only():
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    out = roundtrip(AlwaysEqual())
    assert isinstance(out, Unsupported)
    assert out != 1 and out != torch.tensor(1.0)
    assert "AlwaysEqual" in out.type_name


def test_tensor_subclasses_arrive_as_plain_tensors():
    class Sneaky(torch.Tensor):
        def __eq__(self, other):
            return True

    out = roundtrip(torch.tensor([1.0, 2.0]).as_subclass(Sneaky))
    assert type(out) is torch.Tensor


def test_complex_and_object_arrays_are_refused():
    assert isinstance(roundtrip(torch.zeros(2, dtype=torch.complex64)), Unsupported)
    assert isinstance(roundtrip(np.array([object()], dtype=object)), Unsupported)


def _tensor_msg(shape, payload: bytes, dtype="float32"):
    return {
        "__tensor__": base64.b64encode(payload).decode(),
        "dtype": dtype,
        "shape": shape,
        "device": "cpu",
    }


def test_payload_must_match_its_shape():
    with pytest.raises(ProtocolError, match="bytes"):
        decode(_tensor_msg([2, 2], b"\0" * 12))


def test_shape_cap_is_checked_before_decoding():
    with pytest.raises(ProtocolError):
        decode(_tensor_msg([1 << 20, 1 << 20], b"\0" * 4))


def test_unknown_dtype_and_device_are_refused():
    with pytest.raises(ProtocolError, match="dtype"):
        decode(_tensor_msg([1], b"\0" * 8, dtype="object"))
    msg = _tensor_msg([1], b"\0" * 4)
    msg["device"] = "xla"
    with pytest.raises(ProtocolError, match="device"):
        decode(msg)


def test_oversized_frame_is_refused_before_reading_the_body():
    buf = io.BytesIO((protocol.MAX_FRAME_BYTES + 1).to_bytes(4, "big") + b"{}")
    with pytest.raises(ProtocolError, match="exceeds"):
        protocol.read_frame(buf)


def test_pickle_bytes_are_not_a_message():
    payload = pickle.dumps({"score": 100})
    buf = io.BytesIO(len(payload).to_bytes(4, "big") + payload)
    with pytest.raises(ProtocolError):
        protocol.read_frame(buf)


def test_unknown_tags_are_refused():
    with pytest.raises(ProtocolError):
        decode({"__pickle__": "gASV"})

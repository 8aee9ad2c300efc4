"""TFRecord framing and tf.train.Example encoding, checked against TensorFlow itself."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from c4pipe.io import tfrecord
from tests.fixtures.tensorflow_process import in_child, parse_records

_features = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.one_of(
        st.lists(st.binary(max_size=40), min_size=1, max_size=4),
        st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), min_size=1, max_size=6),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(_features)
def test_example_round_trip(features):
    assert tfrecord.decode_example(tfrecord.encode_example(features)) == features


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=10))
def test_record_round_trip(records):
    buffer = io.BytesIO()
    assert tfrecord.write_records(buffer, records) == len(records)
    buffer.seek(0)
    assert list(tfrecord.read_records(buffer)) == records


def test_corruption_is_detected():
    buffer = io.BytesIO()
    tfrecord.write_records(buffer, [b"hello world", b"second"])
    data = bytearray(buffer.getvalue())
    data[14] ^= 1  # inside the first record's data
    with pytest.raises(tfrecord.CorruptRecordError, match="data CRC"):
        list(tfrecord.read_records(io.BytesIO(bytes(data))))
    data = bytearray(buffer.getvalue())
    data[2] ^= 1  # inside the first length
    with pytest.raises(tfrecord.CorruptRecordError, match="length CRC"):
        list(tfrecord.read_records(io.BytesIO(bytes(data))))
    with pytest.raises(tfrecord.CorruptRecordError, match="truncated"):
        list(tfrecord.read_records(io.BytesIO(buffer.getvalue()[:-3])))


def test_numpy_ints_and_empty_int64_features():
    encoded = tfrecord.encode_example({"targets": np.array([1, 2, 3], dtype=np.int32)})
    assert tfrecord.decode_example(encoded) == {"targets": [1, 2, 3]}
    empty = tfrecord.encode_example({"targets": []}, int64_features={"targets"})
    assert empty != tfrecord.encode_example({"targets": []})


def test_tensorflow_reads_our_files(tmp_path):
    path = tmp_path / "data.tfrecord"
    rows = [{"text": [b"caf\xc3\xa9"], "url": [b"http://x/"], "ids": [5, -1, 2**40]}, {"text": [b""], "url": [b"u"], "ids": []}]
    with open(path, "wb") as f:
        tfrecord.write_records(f, (tfrecord.encode_example(r, int64_features={"ids"}) for r in rows))
    features = {"text": "string", "url": "string", "ids": "int64_list"}
    parsed = in_child(parse_records, [path], features)
    assert [p["text"] for p in parsed] == [b"caf\xc3\xa9", b""]
    assert [p["ids"] for p in parsed] == [[5, -1, 2**40], []]

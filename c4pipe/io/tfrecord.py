"""TFRecord files and tf.train.Example messages, without TensorFlow.

The record framing is `uint64 length | uint32 masked_crc32c(length) | data |
uint32 masked_crc32c(data)`, all little-endian. Example protos are hand-encoded: the
schema is tiny and fixed, and this keeps TensorFlow (and protobuf version fights with
apache-beam) out of the pipeline's dependencies. The tests read our files back with
TensorFlow itself.
"""

from __future__ import annotations

import numbers
import struct
from typing import BinaryIO, Collection, Iterable, Iterator, Mapping, Sequence, Union

import google_crc32c

FeatureValue = Union[Sequence[bytes], Sequence[int]]


class CorruptRecordError(ValueError):
    """A record's length or data does not match its CRC, or the file ends mid-record."""


def masked_crc32c(data: bytes) -> int:
    crc = google_crc32c.value(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame_record(data: bytes) -> bytes:
    length = struct.pack("<Q", len(data))
    return b"".join(
        (length, struct.pack("<I", masked_crc32c(length)), data, struct.pack("<I", masked_crc32c(data)))
    )


def write_records(stream: BinaryIO, records: Iterable[bytes]) -> int:
    """Writes framed records to an open binary stream; returns how many."""
    count = 0
    for record in records:
        stream.write(frame_record(record))
        count += 1
    return count


def read_records(stream: BinaryIO, verify: bool = True) -> Iterator[bytes]:
    """Yields the records of a TFRecord stream, checking both CRCs when `verify`."""
    while True:
        header = stream.read(12)
        if not header:
            return
        if len(header) < 12:
            raise CorruptRecordError("truncated record header")
        length_bytes, length_crc = header[:8], struct.unpack("<I", header[8:])[0]
        if verify and masked_crc32c(length_bytes) != length_crc:
            raise CorruptRecordError("length CRC mismatch")
        (length,) = struct.unpack("<Q", length_bytes)
        data = stream.read(length)
        footer = stream.read(4)
        if len(data) < length or len(footer) < 4:
            raise CorruptRecordError("truncated record")
        if verify and masked_crc32c(data) != struct.unpack("<I", footer)[0]:
            raise CorruptRecordError("data CRC mismatch")
        yield data


# --- tf.train.Example encoding (proto3 wire format) ---------------------------------


def varint(value: int) -> bytes:
    """A protobuf varint; negative ints as their 64-bit two's complement."""
    if value < 0:
        value += 1 << 64  # int64 is encoded as its two's complement uint64
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def _encode_feature(values: FeatureValue, int64: bool) -> bytes:
    if int64 or (len(values) and isinstance(values[0], numbers.Integral)):
        packed = b"".join(varint(int(v)) for v in values)
        return field(3, field(1, packed))  # Feature.int64_list, packed Int64List.value
    return field(1, b"".join(field(1, v) for v in values))  # Feature.bytes_list


def encode_example(features: Mapping[str, FeatureValue], int64_features: Collection[str] = ()) -> bytes:
    """Serializes {name: [bytes...] or [int...]} as a tf.train.Example.

    A feature's type follows its values (NumPy integers count as ints); name empty
    int64 features in `int64_features`, since an empty list has no type of its own.
    Map entries are written in the given order: the bytes are deterministic for a
    given mapping, which the byte-identical-output guarantee relies on.
    """
    entries = b"".join(
        field(1, field(1, name.encode("utf-8")) + field(2, _encode_feature(values, name in int64_features)))
        for name, values in features.items()
    )
    return field(1, entries)  # Example.features


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint at `pos` and the position after it."""
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def iter_fields(data: bytes) -> Iterator[tuple[int, int, Union[int, bytes]]]:
    """(field number, wire type, value) of each field of a protobuf message: varints as
    ints, length-delimited and fixed-width fields as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = read_varint(data, pos)
        elif wire_type == 2:
            length, pos = read_varint(data, pos)
            value, pos = data[pos : pos + length], pos + length
        elif wire_type == 5:
            value, pos = data[pos : pos + 4], pos + 4
        elif wire_type == 1:
            value, pos = data[pos : pos + 8], pos + 8
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
        yield number, wire_type, value


def _decode_int64_list(payload: bytes) -> list[int]:
    values: list[int] = []
    for number, wire_type, value in iter_fields(payload):
        if number != 1:
            continue
        if wire_type == 2:  # packed
            pos = 0
            while pos < len(value):
                v, pos = read_varint(value, pos)
                values.append(v - (1 << 64) if v >= 1 << 63 else v)
        else:
            values.append(value - (1 << 64) if value >= 1 << 63 else value)
    return values


def decode_example(data: bytes) -> dict[str, list]:
    """Parses a tf.train.Example into {name: [bytes...] or [int...]} (float lists unsupported)."""
    features: dict[str, list] = {}
    for _, _, features_msg in iter_fields(data):
        for _, _, entry in iter_fields(features_msg):
            name, feature = "", b""
            for number, _, value in iter_fields(entry):
                if number == 1:
                    name = value.decode("utf-8")
                elif number == 2:
                    feature = value
            for kind, _, payload in iter_fields(feature):
                if kind == 1:
                    features[name] = [v for n, _, v in iter_fields(payload) if n == 1]
                elif kind == 3:
                    features[name] = _decode_int64_list(payload)
                else:
                    raise ValueError(f"feature {name!r}: float lists are not supported")
            features.setdefault(name, [])
    return features

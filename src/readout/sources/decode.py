"""Bytes to text: UTF-8 (with or without BOM), else cp1252, else Latin-1."""
from __future__ import annotations

import zlib
from typing import Optional

#: decompressed gzip input larger than this is cut (a guard against gzip bombs)
MAX_GUNZIP_BYTES = 1 << 30


def decode_bytes(data: bytes) -> tuple[str, Optional[str]]:
    """The text of ``data`` and a note when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "decoded as cp1252 (not valid UTF-8)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "decoded as latin-1 (not valid UTF-8)"


def gunzip(data: bytes) -> tuple[bytes, Optional[str]]:
    """The decompressed bytes (all members) and a note when the stream was cut short."""
    out = bytearray()
    while data and len(out) < MAX_GUNZIP_BYTES:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(data, MAX_GUNZIP_BYTES - len(out))
        except zlib.error as exc:
            return bytes(out), f"gzip data corrupt ({exc})"
        if not d.eof:
            note = "gzip data truncated" if len(out) < MAX_GUNZIP_BYTES else "too large"
            return bytes(out), note
        data = d.unused_data.lstrip(b"\x00")
    return bytes(out), None

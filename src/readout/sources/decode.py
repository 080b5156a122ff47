"""Bytes to text: UTF-8 (with or without BOM), else cp1252, else Latin-1."""
from __future__ import annotations

from typing import Optional


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

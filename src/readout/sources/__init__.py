"""Sources: turn paths (or stdin) into ``Article`` objects, one module per input format.

``read_sources`` yields ``Article`` for every article it can read and ``ReadError`` for
every input it cannot, so one bad file never stops a batch.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from readout.model import Article
from readout.sources.decode import decode_bytes
from readout.sources.jsonl import parse_jsonl
from readout.sources.text import parse_text

FORMATS: tuple[str, ...] = ("auto", "text", "jsonl")


@dataclass(frozen=True, kw_only=True)
class ReadError:
    """An input that could not be read: where, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def detect_format(name: str, head: bytes) -> str:
    """Guess the input format from the file name and its first bytes."""
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    return "text"


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield str(child)
        else:
            yield p


def read_sources(
    paths: Iterable[str], input_format: str = "auto"
) -> Iterator[Union[Article, ReadError]]:
    """Every article in ``paths`` (files, directories, ``-`` for stdin), in order."""
    if input_format not in FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose from {', '.join(FORMATS)}")
    for name in _expand(paths):
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            yield ReadError(origin=name, reason=f"cannot read file ({exc.strerror or exc})")
            continue
        origin = "<stdin>" if name == "-" else name
        yield from read_bytes(data, origin=origin, input_format=input_format)


def read_bytes(
    data: bytes, *, origin: str, input_format: str = "auto"
) -> Iterator[Union[Article, ReadError]]:
    """The articles in one input's bytes."""
    fmt = detect_format(origin, data[:512]) if input_format == "auto" else input_format
    if b"\x00" in data[:4096]:
        yield ReadError(origin=origin, reason="binary content (NUL bytes), not text")
        return
    try:
        text, note = decode_bytes(data)
    except UnicodeDecodeError as exc:
        yield ReadError(origin=origin, reason=f"undecodable bytes ({exc.reason} at byte {exc.start})")
        return
    if fmt == "jsonl":
        yield from parse_jsonl(text, origin=origin, make_error=ReadError)
    else:
        article = parse_text(text, origin=origin)
        if note:
            article = Article(**{**article.__dict__, "warnings": [*article.warnings, note]})
        yield article

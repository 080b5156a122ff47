"""Sources: turn paths (or stdin) into ``Article`` objects, one module per input format.

``read_sources`` yields ``Article`` for every article it can read and ``ReadError`` for
every input it cannot, so one bad file never stops a batch. Formats: plain text, JSON
Lines, HTML pages, WARC/ARC archives, RSS/Atom feeds; any of them gzip-compressed;
files, directories (recursively), glob patterns and ``-`` for stdin. ``ingest`` then
extracts each article, skips non-English ones and marks duplicates.
"""
from __future__ import annotations

import glob
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Union

from readout.model import Article
from readout.sources.decode import decode_bytes, gunzip
from readout.sources.jsonl import parse_jsonl
from readout.sources.text import parse_text

if TYPE_CHECKING:
    from readout.dedup import Deduplicator

FORMATS: tuple[str, ...] = ("auto", "text", "jsonl", "html", "warc", "feed")
_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml")
_FEED_EXT = (".rss", ".atom", ".xml", ".rdf")


@dataclass(frozen=True, kw_only=True)
class ReadError:
    """An input that could not be read (``kind`` "error"), was skipped on purpose
    ("skipped": not English, no article in the page) or a note about it ("info")."""

    origin: str
    reason: str
    kind: str = "error"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def _base_name(name: str) -> str:
    name = name.lower()
    return name[:-3] if name.endswith(".gz") else name


def detect_format(name: str, head: bytes) -> str:
    """The input format from the first bytes (content first, then the file name)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = stripped[:2048].lower()
    base = _base_name(name)
    if stripped.startswith(b"WARC/") or stripped.startswith(b"filedesc://"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
            return "feed"
        return "html"
    if base.endswith((".warc", ".arc")):
        return "warc"
    if base.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if base.endswith(_HTML_EXT) and b"<" in lower:
        return "html"
    return "text"


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel):
                    yield str(child)
        elif not path.exists() and glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            yield from _expand(matches) if matches else [p]
        else:
            yield p


def read_sources(
    paths: Iterable[str], input_format: str = "auto"
) -> Iterator[Union[Article, ReadError]]:
    """Every article in ``paths`` (files, directories, globs, ``-`` for stdin), in order."""
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
    fmt = detect_format(origin, data[:4096]) if input_format == "auto" else input_format
    if data[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 4096)
        except zlib.error:
            head = b""  # a damaged stream: gunzip below reads what it can and says so
        if input_format == "auto":
            fmt = detect_format(origin, head)
        if fmt != "warc":  # warcio reads gzip'd archives member by member itself
            data, note = gunzip(data)
            if note:
                yield ReadError(origin=origin, reason=f"{note}; read what was there")
    if fmt == "warc":
        from readout.sources.warc import parse_warc

        yield from parse_warc(data, origin=origin, make_error=ReadError)
        return
    if b"\x00" in data[:4096]:
        yield ReadError(origin=origin, reason="binary content (NUL bytes), not text")
        return
    if fmt == "feed":
        from readout.sources.feed import parse_feed

        yield from parse_feed(data, origin=origin, make_error=ReadError)
        return
    text, note = decode_bytes(data)
    if fmt == "jsonl":
        yield from parse_jsonl(text, origin=origin, make_error=ReadError)
        return
    if fmt == "html":
        from readout.sources.html import declared_charset, parse_html

        charset = declared_charset(data) if note else None
        if charset and charset not in ("utf-8", "utf8"):
            try:
                text, note = data.decode(charset), None
            except (LookupError, UnicodeDecodeError):
                pass
        article = parse_html(text, origin=origin)
    else:
        article = parse_text(text, origin=origin)
    if note:
        article = Article(**{**article.__dict__, "warnings": [*article.warnings, note]})
    yield article


def ingest(
    items: Iterable[Union[Article, ReadError]],
    *,
    dedup: Optional["Deduplicator"] = None,
    english_only: bool = True,
) -> Iterator[Union[Article, ReadError]]:
    """Extract each article (body, metadata, dateline, agency), then drop the empty ones
    (an error each), skip non-English ones (``ReadError`` of kind "skipped") and mark
    duplicates with ``dedup``."""
    from readout.extract import extract_article

    for item in items:
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            article = extract_article(item)
        except Exception as exc:  # one bad page never stops a batch
            yield ReadError(origin=item.origin or "input",
                            reason=f"extraction failed ({type(exc).__name__}: {exc})")
            continue
        where = article.origin or article.id or "input"
        if not article.text:
            what = "no article text found in the page" if item.html is not None else "empty article"
            yield ReadError(origin=where, reason=what)
            continue
        if english_only and article.language not in ("en", None) \
                and not article.language.startswith("en"):
            yield ReadError(origin=where, kind="skipped",
                            reason=f"not English (language {article.language!r}); skipped")
            continue
        yield dedup.mark(article) if dedup is not None else article

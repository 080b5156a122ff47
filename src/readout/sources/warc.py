"""WARC / ARC archives (``.warc``, ``.warc.gz``, ``.arc.gz``) via warcio.

Each HTML response record is one article (url = WARC-Target-URI, date = WARC-Date);
every other record (requests, metadata, non-HTML responses) is skipped and counted.
A truncated or corrupt archive yields the records read so far, then one error.
"""
from __future__ import annotations

import io
from typing import Any, Callable, Iterator

from readout.model import Article
from readout.sources.decode import decode_bytes, gunzip

_HTML_TYPES = ("text/html", "application/xhtml")


def _is_html(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    headers = record.http_headers
    ctype = (headers.get_header("Content-Type") if headers else None) or \
        (record.rec_headers.get_header("Content-Type") or "")
    if headers is not None:
        status = headers.get_statuscode()
        if status and not str(status).startswith("2"):
            return False
    return any(t in ctype.lower() for t in _HTML_TYPES)


def _charset(record: Any) -> str | None:
    headers = record.http_headers
    ctype = (headers.get_header("Content-Type") if headers else "") or ""
    for part in ctype.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def _decode(payload: bytes, charset: str | None) -> str:
    if charset and charset not in ("utf-8", "utf8"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(payload)[0]


def parse_warc(data: bytes, *, origin: str, make_error: Callable[..., Any]) -> Iterator[Any]:
    """Articles for the HTML responses in a WARC/ARC file, then counts and errors."""
    from warcio.archiveiterator import ArchiveIterator

    read = skipped = 0
    last = 0
    try:
        records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        for record in records:
            if not _is_html(record):
                skipped += 1
                last = records.get_record_offset()
                continue
            payload = record.content_stream().read()
            last = records.get_record_offset()
            if getattr(record.raw_stream, "limit", 0):
                raise EOFError(f"record {read + skipped + 1} is cut short")
            url = record.rec_headers.get_header("WARC-Target-URI")
            read += 1
            yield Article(html=_decode(payload, _charset(record)), url=url,
                          origin=f"{origin}#{read + skipped}")
    except Exception as exc:  # warcio raises several kinds on truncated/corrupt input
        yield make_error(origin=origin, reason=(
            f"archive truncated or corrupt after {read + skipped} records "
            f"({type(exc).__name__}: {exc}); {read} articles kept"))
    else:
        note = gunzip(data[last:])[1] if data[:2] == b"\x1f\x8b" else None
        if note:
            yield make_error(origin=origin, reason=(
                f"archive truncated or corrupt after {read + skipped} records ({note}); "
                f"{read} articles kept"))
    if skipped:
        yield make_error(origin=origin, kind="info",
                         reason=f"{read} HTML records read, {skipped} other records skipped")

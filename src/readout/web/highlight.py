"""An article's body cut into segments, each knowing which records cover it: actor mentions,
event triggers, quotes (content and cue), quantities and time expressions. The article page
draws each segment as one ``<span>`` so overlapping and nested records all stay clickable."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

KINDS: tuple[str, ...] = ("actor", "event", "quote", "cue", "quantity", "timex")


@dataclass(frozen=True, kw_only=True)
class Mark:
    """One record's span in the text."""

    start: int
    end: int
    kind: str  # one of KINDS
    ref: str  # the record's key in ``record_index``: A1, E1, Q1, N0, T0


@dataclass(frozen=True, kw_only=True)
class Segment:
    """A stretch of text covered by the same marks (innermost first)."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    refs: tuple[str, ...]


def _span(obj: Optional[dict], n: int) -> Optional[tuple[int, int]]:
    """(start, end) of a dict with int offsets, clamped into the text, or None."""
    if not isinstance(obj, dict):
        return None
    s, e = obj.get("start"), obj.get("end")
    if not isinstance(s, int) or not isinstance(e, int):
        return None
    s, e = max(0, min(s, n)), max(0, min(e, n))
    return (s, e) if s < e else None


def _quote_marks(quote: dict, n: int) -> Iterator[Mark]:
    content = quote.get("content") or {}
    parts = content.get("segments") or []
    spans = [_span({"start": p[0], "end": p[1]}, n) for p in parts
             if isinstance(p, (list, tuple)) and len(p) == 2] or [_span(content, n)]
    for span in spans:
        if span:
            yield Mark(start=span[0], end=span[1], kind="quote", ref=quote.get("id") or "")
    cue = _span(quote.get("cue"), n)
    if cue:
        yield Mark(start=cue[0], end=cue[1], kind="cue", ref=quote.get("id") or "")


def marks(record: dict) -> list[Mark]:
    """Every highlightable span of a readout/1 record (offsets clamped to the text)."""
    n = len(record.get("text") or "")
    out: list[Mark] = []
    for actor in record.get("actors") or []:
        for m in actor.get("mentions") or []:
            span = _span({"start": m[0], "end": m[1]}, n) if len(m) == 2 else None
            if span:
                out.append(Mark(start=span[0], end=span[1], kind="actor", ref=actor.get("id") or ""))
    for ev in record.get("events") or []:
        span = _span(ev.get("trigger"), n)
        if span:
            out.append(Mark(start=span[0], end=span[1], kind="event", ref=ev.get("id") or ""))
    for q in record.get("quotes") or []:
        out.extend(_quote_marks(q, n))
    for i, qty in enumerate(record.get("quantities") or []):
        span = _span(qty, n)
        if span:
            out.append(Mark(start=span[0], end=span[1], kind="quantity", ref=f"N{i}"))
    for i, tx in enumerate(record.get("timexes") or []):
        span = _span(tx, n)
        if span:
            out.append(Mark(start=span[0], end=span[1], kind="timex", ref=f"T{i}"))
    return out


def segments(record: dict) -> list[Segment]:
    """The text cut at every mark boundary; each piece with the marks that cover it."""
    text = record.get("text") or ""
    found = marks(record)
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:]):
        cover = sorted((m for m in found if m.start <= lo and m.end >= hi),
                       key=lambda m: (m.end - m.start, KINDS.index(m.kind)))
        refs = tuple(dict.fromkeys(m.ref for m in cover))
        kinds = tuple(k for k in KINDS if any(m.kind == k for m in cover))
        out.append(Segment(start=lo, end=hi, text=text[lo:hi], kinds=kinds, refs=refs))
    return out


def record_index(record: dict) -> dict[str, dict[str, Any]]:
    """Highlight key → the record it stands for, with its kind: A1 → actor, E1 → event,
    Q1 → quote, N0 → quantity (by position), T0 → time expression."""
    index: dict[str, dict[str, Any]] = {}
    for kind, key in (("actor", "actors"), ("event", "events"), ("quote", "quotes")):
        for item in record.get(key) or []:
            if item.get("id"):
                index[item["id"]] = {"kind": kind, "record": item}
    for i, qty in enumerate(record.get("quantities") or []):
        index[f"N{i}"] = {"kind": "quantity", "record": qty}
    for i, tx in enumerate(record.get("timexes") or []):
        index[f"T{i}"] = {"kind": "timex", "record": tx}
    return index

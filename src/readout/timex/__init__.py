"""Time expressions → TIMEX3 values relative to the publication date.

``find_timexes`` is the pipeline stage. It finds dates, times, durations and sets with the
patterns in ``data/timex/patterns.txt`` (word lists in ``lexicon.json``), keeps the longest
non-overlapping matches and normalizes each against the article's ``published`` date, using
the tense of the governing verb where the calendar alone cannot decide ("on Friday" in a
past-tense sentence is the latest Friday on or before publication; with "will", the next).
Without a publication date, relative expressions are still found, with ``value`` None.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Optional

from spacy.tokens import Doc

from readout.context import StageInput
from readout.model import Timex
from readout.timex.calendar import parse_iso
from readout.timex.normalize import Context, Found
from readout.timex.relative import anchor_day
from readout.timex.tagger import candidates, normalizer, select, trim

__all__ = ["find_timexes", "tag_text"]

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-\d\d){0,2}$")


def _normalize_one(f: Found, ctx: Context, text: str) -> Optional[Timex]:
    try:
        result = normalizer(f.rule)(f, ctx)
    except (KeyError, ValueError, TypeError, AttributeError, OverflowError, IndexError):
        return None
    if result is None:
        return None
    type_, value = result
    start, end = trim(text, f.start, f.end)
    if end <= start:
        return None
    return Timex(text=text[start:end], start=start, end=end, type=type_, value=value, rule=f.rule)


def _sentence_bounds(doc: Optional[Doc], text: str) -> list[tuple[int, int]]:
    if doc is not None and doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(text))]


def _anchor_times(timexes: list[Timex], ctx: Context, doc: Optional[Doc], text: str) -> list[Timex]:
    """Clock times without a day take the day of the nearest dated expression in their sentence."""
    out = list(timexes)
    bounds: Optional[list[tuple[int, int]]] = None  # built only when a clock time needs a day
    for i, t in enumerate(out):
        if ctx.notes.get(str(t.start)) != "needs_day" or not t.value or "T" not in t.value:
            continue
        if bounds is None:
            bounds = _sentence_bounds(doc, text)
        sent = next(((a, b) for a, b in bounds if a <= t.start < b), (0, len(text)))
        days = [(abs(o.start - t.start), anchor_day(o.value)) for o in out
                if o is not t and sent[0] <= o.start < sent[1] and anchor_day(o.value)]
        if days:
            day = min(days, key=lambda x: x[0])[1]
            out[i] = dataclasses.replace(t, value=f"{day.isoformat()}T{t.value.split('T', 1)[1]}")
    return out


def tag_text(text: str, published: Optional[str] = None, doc: Optional[Doc] = None) -> list[Timex]:
    """The time expressions of ``text`` (``doc`` its spaCy parse, for tense; optional)."""
    return _tag(text, published, doc, doc.text if doc is not None else "")


def _tag(text: str, published: Optional[str], doc: Optional[Doc], doc_text: str) -> list[Timex]:
    ctx = Context(dct=parse_iso(published), doc=doc, doc_text=doc_text)
    timexes: list[Timex] = []
    for f in select(candidates(text), text, doc):
        t = _normalize_one(f, ctx, text)
        if t is None:
            continue
        timexes.append(t)
        if t.value and CALENDAR_VALUE.match(t.value) and t.rule != "rel.anaphor":
            ctx.last_date = t.value
    return _anchor_times(timexes, ctx, doc, text)


def find_timexes(inp: StageInput) -> list[Timex]:
    """The article's time expressions, normalized against ``inp.article.published``."""
    text = inp.text
    try:
        return _tag(text, inp.article.published, inp.doc, text)
    except Exception:  # never let one article stop the stage
        return []

"""Expressions relative to the publication date ("last week", "two years ago") and durations."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from readout.timex import calendar as cal
from readout.timex.normalize import Context, Found, Result, _sp, _tense
from readout.timex.numbers import duration, parse_number, unit_code
from readout.timex.periods import reference_quarter

PAST = {"last", "the past", "the last", "previous", "the previous", "this past"}
NEXT = {"next", "the next", "the coming", "this coming", "the following"}
THIS = {"this", "the current", "current"}
BACKWARD = {"ago", "earlier", "before", "back"}
SINGULAR_OK = {"the"}


def _weekend(dct: dt.date, offset: int) -> str:
    saturday = cal.weekday_near(dct, 6, "past") if dct.isoweekday() < 6 else dct
    return cal.week(saturday + dt.timedelta(weeks=offset)) + "-WE"


def norm_rel_unit(f: Found, ctx: Context) -> Result:
    d = _sp(f.g("dir")) or ""
    unit_word = _sp(f.g("unit")) or ""
    code = {"fiscal year": "Y", "calendar year": "Y"}.get(unit_word) or unit_code(unit_word)
    if code is None or d in ("the same", "that", "the first"):
        return None
    if code in ("DE", "CE") and d in ("the past", "past"):
        return "DURATION", duration(1, code)
    offset = -1 if d in PAST else 1 if d in NEXT else 0
    if ctx.dct is None:
        return "DATE", None
    if code == "WE":
        if d == "this past":
            offset = 0 if ctx.dct.isoweekday() >= 6 else -1
        return "DATE", _weekend(ctx.dct, offset)
    return "DATE", cal.at_granularity(cal.shift(ctx.dct, code, offset), code)


ANAPHOR_OFFSET = {"the following": 1, "the previous": -1, "the preceding": -1, "the prior": -1}


def norm_anaphor(f: Found, ctx: Context) -> Result:
    """"the following year", "that day": relative to the last date the article named."""
    ref = ctx.last_date
    code = unit_code(f.g("unit") or "")
    if not ref or code is None:
        return "DATE", None
    parts = ref.split("-")
    need = {"Y": 1, "M": 2, "D": 3}.get(code, 9)
    if len(parts) < need:
        return "DATE", None
    anchor = dt.date(int(parts[0]), int(parts[1]) if need > 1 else 1, int(parts[2]) if need > 2 else 1)
    moved = cal.shift(anchor, code, ANAPHOR_OFFSET.get(_sp(f.g("dir")) or "", 0))
    return "DATE", cal.at_granularity(moved, code)


def norm_the_unit(f: Found, ctx: Context) -> Result:
    code = unit_code(f.g("unit") or "")
    if ctx.dct is None or code is None:
        return "DATE", None
    return "DATE", cal.at_granularity(ctx.dct, code)


def norm_weekend(f: Found, ctx: Context) -> Result:
    if ctx.dct is None:
        return "DATE", None
    offset = 1 if _tense(f, ctx) == "future" and ctx.dct.isoweekday() < 6 else 0
    return "DATE", _weekend(ctx.dct, offset)


def norm_ago(f: Found, ctx: Context) -> Result:
    code = unit_code(f.g("unit") or "")
    d = _sp(f.g("dir")) or ""
    backward = d in BACKWARD
    if f.g("vague") or code is None:
        return "DATE", "PAST_REF" if backward else "FUTURE_REF"
    n = parse_number(f.g("num"))
    if n is None or code in ("S", "MIN", "H"):
        return None
    if ctx.dct is None:
        return "DATE", None
    steps = int(n) if float(n).is_integer() else n
    if code == "Y" and steps == 1 and d in ("ago", "earlier") and _quarter_context(f, ctx):
        year, q = cal.shift_quarter(*reference_quarter(ctx), -4)  # type: ignore[misc]
        return "DATE", cal.quarter(year, q)
    if not isinstance(steps, int):
        return "DATE", None
    moved = cal.shift(ctx.dct, "D" if code == "WE" else code, -steps if backward else steps)
    gran = {"DE": "Y", "CE": "Y", "2W": "W", "WE": "W"}.get(code, code)
    return "DATE", cal.at_granularity(moved, gran)


def _quarter_context(f: Found, ctx: Context) -> bool:
    return ctx.last_quarter is not None and f.start - ctx.last_quarter_at < 1500


def norm_year_ago(f: Found, ctx: Context) -> Result:
    if ctx.dct is None:
        return "DATE", None
    if _quarter_context(f, ctx) or f.g("noun"):
        year, q = cal.shift_quarter(*reference_quarter(ctx), -4)  # type: ignore[misc]
        return "DATE", cal.quarter(year, q)
    return "DATE", f"{ctx.dct.year - 1:04d}"


def norm_year_end(f: Found, ctx: Context) -> Result:
    """"by year-end" → the last day of this year; "since year-end" → of last year."""
    if ctx.dct is None:
        return "DATE", None
    year = ctx.dct.year - 1 if _since(f, ctx) else ctx.dct.year
    return "DATE", f"{year:04d}-12-31"


def _since(f: Found, ctx: Context) -> bool:
    return ctx.doc is not None and bool(re.search(r"\bsince\s+$", ctx.doc_text[max(0, f.start - 8):f.start], re.I))


def norm_duration(f: Found, ctx: Context) -> Result:
    unit = _sp(f.g("unit")) or ""
    code = unit_code(unit)
    if code is None:
        return None
    vague = f.g("vague")
    if vague is not None:
        if vague in SINGULAR_OK and not unit.endswith("s"):
            return None
        if vague == "recent" or (f.g("dir") in ("recent", "in recent") and not f.g("num")):
            return "DURATION", duration(None, code)
        return "DURATION", duration(None, code)
    if f.g("num") is None:
        return "DURATION", duration(None if unit.endswith("s") else 1, code)
    if f.g("num") == "one" and unit == "day" and not f.g("dir") and _someday(f, ctx):
        return "DATE", "FUTURE_REF"  # "Islam will one day be", "he hopes he one day leads"
    n = parse_number(f.g("num0") or f.g("num"))
    if n is None:
        return None
    if "and a half" in (f.g("_text") or "") and float(n).is_integer():
        n += 0.5
    if code == "S" and (f.g("num") or "") in ("a", "an"):
        return None
    return "DURATION", duration(n, code)


def _someday(f: Found, ctx: Context) -> bool:
    """Is "one day" the adverb "someday": after a modal, or right before a present verb?"""
    if ctx.doc is None:
        return False
    span = ctx.doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None or len(span) != 2:
        return False
    before = ctx.doc[span.start - 1] if span.start > 0 else None
    after = ctx.doc[span.end] if span.end < len(ctx.doc) else None
    if before is not None and before.tag_ == "MD":
        return True
    return (span.root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr")
            and after is not None and after.tag_ in ("VB", "VBP", "VBZ")
            and (before is None or before.tag_ != "IN"))


def norm_while(f: Found, ctx: Context) -> Result:
    return "DURATION", "PXX"


def anchor_day(value: Optional[str]) -> Optional[dt.date]:
    """The day of a day-valued TIMEX3 value ("2023-05-24", "2023-05-24TMO"), else None."""
    return cal.parse_iso(value) if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" else None

"""Match → TIMEX3 value. One function per rule kind; each returns (type, value) or None to drop.

``value`` is None when the expression is relative and there is no publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from spacy.tokens import Doc

from readout.timex import calendar as cal
from readout.timex.lexicon import lexicon
from readout.timex.numbers import duration, parse_number, unit_code
from readout.timex.tense import pluperfect_at, tense_at

Result = Optional[tuple[str, Optional[str]]]
PAST_DIRS = {"last", "the past", "the last", "previous", "the previous", "this past"}
NEXT_DIRS = {"next", "the next", "the coming", "this coming", "the following", "coming"}
THIS_DIRS = {"this", "the current", "current", "that"}


@dataclass
class Context:
    """What normalizing one article needs; ``last_quarter`` is updated in text order."""

    dct: Optional[dt.date]
    doc: Optional[Doc]
    last_quarter: Optional[tuple[int, int]] = None
    last_quarter_at: int = -10**9
    last_date: Optional[str] = None  # the last calendar value named ("1995", "1998-10-23")
    notes: dict[str, str] = field(default_factory=dict)
    doc_text: str = ""  # doc.text, built once (spaCy rebuilds it on every access)
    tenses: dict[tuple[int, int], Optional[str]] = field(default_factory=dict)  # _tense by span


@dataclass(frozen=True)
class Found:
    """A candidate match: where, which rule, its named groups."""

    start: int
    end: int
    rule: str
    type: str
    groups: dict[str, Optional[str]]

    def g(self, name: str) -> Optional[str]:
        v = self.groups.get(name)
        return v.lower().strip() if v else None


def _sp(s: Optional[str]) -> Optional[str]:
    return re.sub(r"\s+", " ", s) if s else s


FUTURE_BEFORE = re.compile(r"(?:until|till|through|effective|as (?:soon|early|late) as|no later than|starting|beginning)\s+(?:at\s+|on\s+)?$", re.I)
PAST_BEFORE = re.compile(r"(?:since|as of)\s+(?:at\s+|on\s+)?$", re.I)


UNTIL_BEFORE = re.compile(r"(?:until|till|through)\s+(?:at\s+|on\s+)?$", re.I)


def _tense(f: Found, ctx: Context) -> Optional[str]:
    """"past", "future", "present" or None: cue words just before the span, else the verb.
    "until Thursday" looks ahead unless its verb is pluperfect ("until Thursday they had not").
    Worked out once a span: normalizers ask again ("future" if _ahead(...) else _tense(...))."""
    span = (f.start, f.end)
    if span not in ctx.tenses:
        ctx.tenses[span] = _read_tense(f, ctx)
    return ctx.tenses[span]


def _read_tense(f: Found, ctx: Context) -> Optional[str]:
    if ctx.doc is not None:
        before = ctx.doc_text[max(0, f.start - 30):f.start]
        if FUTURE_BEFORE.search(before):
            if UNTIL_BEFORE.search(before) and pluperfect_at(ctx.doc, f.start, f.end):
                return "past"
            return "future"
        if PAST_BEFORE.search(before):
            return "past"
    return tense_at(ctx.doc, f.start, f.end)


def _ahead(f: Found, ctx: Context) -> bool:
    """Does the expression look ahead: a future verb, or a simple present of a scheduled
    event ("the summit opens on Friday", "the law takes effect in March")?"""
    return _tense(f, ctx) in ("future", "present")


def _month_num(name: str) -> int:
    return lexicon()["months"][name.lower().rstrip(".")]


def _weekday_num(name: str) -> int:
    return lexicon()["weekdays"][name.lower()[:3] if name.lower()[:3] in ("mon", "wed", "fri", "sat", "sun") else name.lower()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 1900 if y > 30 else 2000
    return y


# --- fixed and sets ----------------------------------------------------------------------


def norm_ref(f: Found, ctx: Context) -> Result:
    lex, ref = lexicon(), _sp(f.g("ref")) or ""
    return "DATE", lex["refs"].get(ref) or lex["ref_adjectives"][ref]


def norm_set(f: Found, ctx: Context) -> Result:
    if f.g("set"):
        return "SET", lexicon()["sets"][f.g("set")]  # type: ignore[index]
    if f.g("month"):
        return "SET", f"XXXX-{_month_num(f.g('month')):02d}"  # type: ignore[arg-type]
    if f.g("season"):
        return "SET", "XXXX-" + lexicon()["seasons"][f.g("season")]  # type: ignore[index]
    code = unit_code(f.g("unit") or "")
    if code is None:
        return None
    if code == "WE":
        return "SET", "XXXX-WXX-WE"
    n = parse_number(f.g("num")) or 1.0
    if f.g("other"):
        n *= 2
    return "SET", duration(n, code)


def norm_weekday_set(f: Found, ctx: Context) -> Result:
    pod = lexicon()["parts_of_day"].get(f.g("pod") or "", "")
    return "SET", f"XXXX-WXX-{_weekday_num(f.g('weekday'))}" + (f"T{pod}" if pod else "")  # type: ignore[arg-type]


# --- days and times ----------------------------------------------------------------------

DEICTIC = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
           "tomorrow": 1, "the day after tomorrow": 2}


def _deictic_date(word: str, ctx: Context) -> Optional[dt.date]:
    if ctx.dct is None:
        return None
    return ctx.dct + dt.timedelta(days=DEICTIC[_sp(word)])  # type: ignore[index]


def _weekday_date(f: Found, ctx: Context) -> Optional[dt.date]:
    if f.g("month") and f.g("day"):
        return _explicit_date(f, ctx)
    if ctx.dct is None:
        return None
    wd = _weekday_num(f.g("weekday"))  # type: ignore[arg-type]
    d = _sp(f.g("dir"))
    named = cal.parse_iso(ctx.last_date) if ctx.last_date and len(ctx.last_date) == 10 else None
    if d in ("the previous", "the following") and named is not None:  # from the day last named
        return cal.weekday_near(named, wd, "strict_past" if d == "the previous" else "strict_future")
    if d in ("last", "this past", "the previous"):
        return cal.weekday_near(ctx.dct, wd, "strict_past")
    if d in ("next", "the next", "the following", "this coming", "coming"):
        return cal.weekday_near(ctx.dct, wd, "strict_future")
    if d == "this":
        monday = ctx.dct - dt.timedelta(days=ctx.dct.isoweekday() - 1)
        return monday + dt.timedelta(days=wd - 1)
    text = ctx.doc_text if ctx.doc is not None else ""
    if POSSESSIVE_AFTER.match(text, f.end):  # "Saturday's attack": past, "ahead of Sunday's vote"
        ahead = AHEAD_BEFORE.search(text[max(0, f.start - 20):f.start])
        return cal.weekday_near(ctx.dct, wd, "future" if ahead else "past")
    # news convention: a weekday is the latest one on/before publication, unless the verb
    # is future ("will meet on Friday") or a simple present of schedule ("meet Monday")
    direction = "future" if _ahead(f, ctx) else "past"
    return cal.weekday_near(ctx.dct, wd, direction)


POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
AHEAD_BEFORE = re.compile(r"ahead\s+of\s+$", re.I)


def norm_weekday(f: Found, ctx: Context) -> Result:
    d = _weekday_date(f, ctx)  # "Friday night" → the Friday: news gold mostly dates the day
    return "DATE", d.isoformat() if d else None


def norm_deictic(f: Found, ctx: Context) -> Result:
    d = _deictic_date(f.g("deictic"), ctx)  # type: ignore[arg-type]
    return "DATE", d.isoformat() if d else None


def _clock(text: str) -> Optional[str]:
    t = text.lower().replace(" ", "")
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "24:00"
    m = re.match(r"(\d{1,2})(?::(\d\d))?(a|p)?", t)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and h < 12:
        h += 12
    if m.group(3) == "a" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def norm_time(f: Found, ctx: Context) -> Result:
    lex = lexicon()
    day: Optional[dt.date] = None
    if f.g("weekday"):
        day = _weekday_date(f, ctx)
    elif f.g("deictic"):
        day = _deictic_date(f.g("deictic"), ctx)  # type: ignore[arg-type]
    elif f.g("month") and f.g("day"):
        day = _explicit_date(f, ctx)
    if f.g("clock") or f.g("hour"):
        if f.g("clock"):
            hm = _clock(f.g("clock"))  # type: ignore[arg-type]
        else:
            h = int(parse_number(f.g("hour")) or 0) + (12 if f.g("pod") in ("afternoon", "evening") else 0)
            hm = f"{h:02d}:00"
        if hm is None:
            return None
        ctx.notes[f"{f.start}"] = "needs_day" if day is None else ""
        day = day or ctx.dct
        return "TIME", f"{day.isoformat()}T{hm}" if day else None
    pod = lex["parts_of_day"].get(_sp(f.g("pod")) or "", "NI")
    d = _sp(f.g("dir"))
    if day is None and ctx.dct is not None:
        offset = {"last": -1, "tomorrow": 1, "the next": 1, "the following": 1, "the previous": -1}
        named = cal.parse_iso(ctx.last_date) if ctx.last_date and len(ctx.last_date) == 10 else None
        base = named if d in ("the next", "the following", "the previous") and named else ctx.dct
        day = base + dt.timedelta(days=offset.get(d or "", 0))  # "the next morning": after the day named
        if f.g("pod") == "overnight" and _tense(f, ctx) != "future":
            day = ctx.dct - dt.timedelta(days=1)
    return "TIME", f"{day.isoformat()}T{pod}" if day else None


def norm_holiday(f: Found, ctx: Context) -> Result:
    """"Christmas" → the nearest one (within a month of publication), else the latest one
    (the next one with a future verb); "Easter week" → the ISO week of that Easter."""
    d = _holiday_date(f, ctx)
    if d is None:
        return "DATE", None
    return "DATE", cal.week(d) if f.g("week") else d.isoformat()


HOLIDAY_NEAR_DAYS = 30


def _holiday_date(f: Found, ctx: Context) -> Optional[dt.date]:
    rule = lexicon()["holidays"][_sp(f.g("holiday"))]  # type: ignore[index]
    if f.g("year"):
        return cal.holiday(rule, int(f.g("year")))  # type: ignore[arg-type]
    if ctx.dct is None:
        return None
    dct = ctx.dct
    days = [d for d in (cal.holiday(rule, y) for y in (dct.year - 1, dct.year, dct.year + 1)) if d]
    if not days:
        return None
    d = _sp(f.g("dir"))
    if d in ("next", "this coming"):
        return min((x for x in days if x > dct), default=None)
    if d in ("last", "this past"):
        return max((x for x in days if x < dct), default=None)
    nearest = min(days, key=lambda x: abs((x - dct).days))
    if abs((nearest - dct).days) <= HOLIDAY_NEAR_DAYS or d == "this":
        return nearest
    if _ahead(f, ctx):
        return min((x for x in days if x >= dct), default=None)
    return max((x for x in days if x <= dct), default=None)


KINDS: dict[str, Callable[[Found, Context], Result]] = {}


def _explicit_date(f: Found, ctx: Context) -> Optional[dt.date]:
    mon = int(f.g("mnum")) if f.g("mnum") else _month_num(f.g("month"))  # type: ignore[arg-type]
    dd = _day(f.g("day"))  # type: ignore[arg-type]
    if f.g("year"):
        year = _year(f.g("year"))  # type: ignore[arg-type]
    elif ctx.dct is None:
        return None
    elif f.g("weekday"):
        year = _year_with_weekday(ctx.dct, mon, dd, _weekday_num(f.g("weekday")))  # type: ignore[arg-type]
    elif f.g("dir"):
        direction = "past" if f.g("dir") in ("last", "this past") else "future"
        year = cal.year_for_month_day(ctx.dct, mon, dd, direction if f.g("dir") != "this" else None)
    else:
        year = cal.year_for_month_day(ctx.dct, mon, dd, None)
        nearest = dt.date(year, mon, min(dd, 28) if mon == 2 else dd)
        if abs((nearest - ctx.dct).days) > NEAR_DAYS:
            year = cal.year_for_month_day(ctx.dct, mon, dd, "future" if _ahead(f, ctx) else _tense(f, ctx))
    try:
        return dt.date(year, mon, dd)
    except ValueError:
        return None


NEAR_DAYS = 90


def _year_with_weekday(dct: dt.date, mon: int, dd: int, weekday: int) -> int:
    """The year near dct in which month/day falls on the weekday given with it."""
    for y in (dct.year, dct.year - 1, dct.year + 1):
        try:
            if dt.date(y, mon, dd).isoweekday() == weekday:
                return y
        except ValueError:
            continue
    return cal.year_for_month_day(dct, mon, dd, None)

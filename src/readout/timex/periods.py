"""Calendar periods: explicit dates, months, years, decades, centuries, quarters, seasons."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from readout.timex import calendar as cal
from readout.timex.lexicon import lexicon
from readout.timex.numbers import parse_number
from readout.timex.normalize import (
    Context, Found, Result, _ahead, _explicit_date, _month_num, _sp, _tense, _year,
)

ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                   "fourth": 4, "4th": 4, "final": 4, "last": 4}
REL_YEAR = {"this": 0, "last": -1, "next": 1}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}


def norm_date(f: Found, ctx: Context) -> Result:
    d = _explicit_date(f, ctx)
    if d is None:
        return ("DATE", None) if not f.g("year") else None
    return "DATE", d.isoformat()


def norm_week_of(f: Found, ctx: Context) -> Result:
    d = _explicit_date(f, ctx)
    return "DATE", cal.week(d) if d else None


def norm_month(f: Found, ctx: Context) -> Result:
    mon = _month_num(f.g("month"))  # type: ignore[arg-type]
    if f.g("year"):
        return "DATE", cal.month(int(f.g("year")), mon)  # type: ignore[arg-type]
    if ctx.dct is None:
        return "DATE", None
    d = _sp(f.g("dir"))
    if f.rule == "date.monthrel":
        return "DATE", cal.month(ctx.dct.year + REL_YEAR[d], mon)  # type: ignore[index]
    if d in ("last", "this past", "the previous"):
        year = ctx.dct.year if mon < ctx.dct.month else ctx.dct.year - 1
    elif d in ("next", "this coming", "the following"):
        year = ctx.dct.year if mon > ctx.dct.month else ctx.dct.year + 1
    elif d == "this":
        year = ctx.dct.year
    else:
        year = cal.year_for_month(ctx.dct, mon, None)
        if abs((year * 12 + mon) - (ctx.dct.year * 12 + ctx.dct.month)) > NEAR_MONTHS:
            # "in February": the latest one unless the verb looks ahead
            year = cal.year_for_month(ctx.dct, mon, "future" if _ahead(f, ctx) else "past")
    return "DATE", cal.month(year, mon)


NEAR_MONTHS = 2


def _year_words(text: str) -> Optional[int]:
    """1996 from "nineteen ninety-six", 2003 from "two thousand and three"."""
    words = re.sub(r"\s+", " ", text.lower().replace("-", " ")).replace(" and ", " ").split(" ")
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:])) if words[2:] else 0.0
        return 2000 + int(rest or 0)
    head = parse_number(words[0])
    tail_words = [w for w in words[1:] if w not in ("hundred", "oh")]
    tail = sum(parse_number(w) or 0 for w in tail_words)
    return int(head * 100 + tail) if head else None


def norm_year(f: Found, ctx: Context) -> Result:
    if f.g("yw"):
        y = _year_words(f.g("yw"))  # type: ignore[arg-type]
        return ("DATE", f"{y:04d}") if y else None
    if f.g("yy"):
        y = _year(f.g("yy"))  # type: ignore[arg-type]
    else:
        y = int(f.g("year"))  # type: ignore[arg-type]
    mod = _sp(f.g("mod")) or ""
    for name, code in lexicon()["seasons"].items():
        if mod == f"the {name} of":
            return "DATE", f"{y:04d}-{code}"
    if mod in ("the first half of", "the second half of"):
        return "DATE", f"{y:04d}-H{1 if 'first' in mod else 2}"
    return "DATE", f"{y:04d}"


def norm_decade(f: Found, ctx: Context) -> Result:
    if f.g("decadeword"):
        century = ctx.dct.year // 100 if ctx.dct else 19
        if ctx.dct and century * 100 + DECADE_WORDS[f.g("decadeword")] * 10 > ctx.dct.year:  # type: ignore[index]
            century -= 1
        return "DATE", f"{century:02d}{DECADE_WORDS[f.g('decadeword')]}"  # type: ignore[index]
    text = f.g("decade") or ""
    if text.startswith("'"):
        dec = int(text[1:])
        century = 19 if not ctx.dct or 1900 + dec <= ctx.dct.year - 20 or ctx.dct.year < 2000 else 20
        century = 19 if century == 20 and 2000 + dec > (ctx.dct.year if ctx.dct else 0) else century
        return "DATE", f"{century:02d}{dec // 10}"
    return "DATE", text[:3]


def norm_century(f: Found, ctx: Context) -> Result:
    if f.g("ord"):
        n = lexicon()["ordinals"].get(f.g("ord"))  # type: ignore[arg-type]
        return ("DATE", f"{n - 1:02d}") if n else None
    if ctx.dct is None:
        return "DATE", None
    d = f.g("dir")
    shift = -1 if d in ("last", "previous", "past") else 1 if d == "next" else 0
    if d == "past":
        return "DURATION", "P100Y"
    return "DATE", f"{ctx.dct.year // 100 + shift:02d}"


def _quarter_year(f: Found, ctx: Context, q: int) -> Optional[int]:
    for key in ("year", "qyear", "qyear2"):
        if f.g(key):
            return int(f.g(key))  # type: ignore[arg-type]
    if ctx.dct is None:
        return None
    rel = f.g("rel") or f.g("dir2")
    if rel in REL_YEAR:
        return ctx.dct.year + REL_YEAR[rel]
    if q > cal.quarter_of(ctx.dct) and _tense(f, ctx) == "past":
        return ctx.dct.year - 1
    return ctx.dct.year


def _remember(ctx: Context, f: Found, year: int, q: int) -> None:
    ctx.last_quarter = (year, q)
    ctx.last_quarter_at = f.start


def norm_quarter(f: Found, ctx: Context) -> Result:
    if f.g("qnum"):
        q = int(f.g("qnum")[1])  # type: ignore[index]
    else:
        q = ORDINAL_QUARTER[f.g("ord")]  # type: ignore[index]
    year = _quarter_year(f, ctx, q)
    if year is None:
        return "DATE", None
    if f.g("yago"):  # "the year-earlier third quarter": that quarter a year before
        return "DATE", cal.quarter(year - 1, q)
    _remember(ctx, f, year, q)
    return "DATE", cal.quarter(year, q)


def reference_quarter(ctx: Context) -> Optional[tuple[int, int]]:
    """The quarter the article is about: the last one named, else the last complete one."""
    if ctx.last_quarter:
        return ctx.last_quarter
    if ctx.dct is None:
        return None
    return cal.shift_quarter(ctx.dct.year, cal.quarter_of(ctx.dct), -1)


def norm_years_quarter(f: Found, ctx: Context) -> Result:
    """"last year's quarter": the quarter the article reports, a year earlier."""
    ref = reference_quarter(ctx)
    if ref is None:
        return "DATE", None
    year, q = cal.shift_quarter(*ref, -4 if f.g("rel") == "last" else 0)
    return "DATE", cal.quarter(year, q)


def norm_the_quarter(f: Found, ctx: Context) -> Result:
    which = _sp(f.g("which")) or ""
    text = _sp(f.groups.get("_text") or "") or ""
    lead = text.lower().split(" ")[0]
    if f.g("what") == "period" and not which and not f.g("dir2") and not f.g("pyear"):
        return None
    if not which and lead not in ("the", "this", "last", "next", "its"):
        return None
    if ctx.dct is None:
        return "DATE", None
    cur = (ctx.dct.year, cal.quarter_of(ctx.dct))
    ended = _quarter_ended(f, ctx)
    if f.g("pyear"):
        ref = reference_quarter(ctx)
        return "DATE", cal.quarter(int(f.g("pyear")), ref[1] if ref else cal.quarter_of(ctx.dct))  # type: ignore[arg-type]
    if ended is not None and f.g("what") == "quarter":
        year, q = ended
    elif which in ("current", "this") or lead == "this":
        year, q = cur
    elif which == "next" or lead == "next":
        year, q = cal.shift_quarter(*cur, 1)
    elif which in ("year-ago", "year-earlier", "comparable", "corresponding", "same") or f.g("dir2"):
        ref = reference_quarter(ctx)
        year, q = cal.shift_quarter(*ref, -4)  # type: ignore[misc]
        return "DATE", cal.quarter(year, q)
    elif which in ("previous", "prior", "last", "latest", "most recent", "just-ended", "just ended", "past") or lead == "last":
        year, q = cal.shift_quarter(*cur, -1)
    else:
        year, q = reference_quarter(ctx)  # type: ignore[misc]
    if f.g("what") == "quarter":
        _remember(ctx, f, year, q)
    return "DATE", cal.quarter(year, q)


QUARTER_END = re.compile(r"\s+(?:ended|ending|that ended|which ended|to)\s+([A-Z][a-z]+)\.?\s+(\d{1,2})\b")


def _quarter_ended(f: Found, ctx: Context) -> Optional[tuple[int, int]]:
    """The quarter of "the quarter ended Sept. 30" (the date right after the span)."""
    if ctx.doc is None or ctx.dct is None:
        return None
    m = QUARTER_END.match(ctx.doc_text, f.end)
    if not m or m.group(1).lower() not in lexicon()["months"]:
        return None
    mon = _month_num(m.group(1))
    year = cal.year_for_month_day(ctx.dct, mon, int(m.group(2)), "past")
    return year, cal.quarter_of(dt.date(year, mon, 1))


def norm_half(f: Found, ctx: Context) -> Result:
    h = 1 if f.g("ord") == "first" else 2  # "second", "last"
    if f.g("year"):
        return "DATE", f"{f.g('year')}-H{h}"
    if ctx.dct is None:
        return "DATE", None
    year = ctx.dct.year + REL_YEAR.get(f.g("dir") or "this", 0)
    return "DATE", f"{year:04d}-H{h}"


SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; winter runs Dec-Feb


def _season_span(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day of the season ``code`` of ``year`` (winter: Dec of year to Feb)."""
    start = dt.date(year, SEASON_START[code], 1)
    end = cal.shift(start, "M", 3) - dt.timedelta(days=1)
    return start, end


def season_year(dct: dt.date, code: str, how: str) -> int:
    """The year of the season ``code`` meant from ``dct``.

    how: "last" (the latest one over before dct), "next" (the first one after dct),
    "this" (of the calendar year; winter: the one around dct), "past" (latest begun by dct),
    "future" (the first not over by dct), else the nearest one.
    """
    spans = {y: _season_span(y, code) for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)}
    if how == "last":
        return max(y for y, (a, b) in spans.items() if b < dct)
    if how == "next":
        return min(y for y, (a, b) in spans.items() if a > dct)
    if how == "this":
        return dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    if how == "past":
        return max(y for y, (a, b) in spans.items() if a <= dct)
    if how == "future":
        return min(y for y, (a, b) in spans.items() if b >= dct)
    return min(spans, key=lambda y: abs((spans[y][0] + (spans[y][1] - spans[y][0]) / 2 - dct).days))


SEASON_HOW = {"last": "last", "this past": "last", "the past": "last", "next": "next",
              "this coming": "next", "this": "this", "earlier this": "this", "later this": "this"}


def norm_season(f: Found, ctx: Context) -> Result:
    code = lexicon()["seasons"][f.g("season")]  # type: ignore[index]
    if f.g("year"):
        return "DATE", f"{f.g('year')}-{code}"
    if ctx.dct is None:
        return "DATE", None
    how = SEASON_HOW.get(_sp(f.g("dir")) or "") or _tense(f, ctx) or ""
    return "DATE", f"{season_year(ctx.dct, code, how):04d}-{code}"

"""Calendar arithmetic for TIMEX3 values: weeks, quarters, weekdays, month shifts."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

Date = dt.date


def parse_iso(value: Optional[str]) -> Optional[Date]:
    """The date of an ISO date string (only its first 10 characters), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def day(d: Date) -> str:
    return d.isoformat()


def month(year: int, mon: int) -> str:
    return f"{year:04d}-{mon:02d}"


def week(d: Date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def quarter(year: int, q: int) -> str:
    return f"{year:04d}-Q{q}"


def shift_quarter(year: int, q: int, n: int) -> tuple[int, int]:
    """(year, quarter) n quarters later (n may be negative)."""
    idx = year * 4 + (q - 1) + n
    return idx // 4, idx % 4 + 1


def weekday_near(anchor: Date, weekday: int, direction: str) -> Date:
    """The date of ISO ``weekday`` (1=Monday) nearest ``anchor``.

    direction "past": latest on or before; "future": first on or after;
    "strict_past"/"strict_future": excluding the anchor day itself.
    """
    diff = weekday - anchor.isoweekday()
    if direction in ("past", "strict_past"):
        back = (-diff) % 7
        if back == 0 and direction == "strict_past":
            back = 7
        return anchor - dt.timedelta(days=back)
    ahead = diff % 7
    if ahead == 0 and direction == "strict_future":
        ahead = 7
    return anchor + dt.timedelta(days=ahead)


def year_for_month_day(anchor: Date, mon: int, dday: int, direction: Optional[str]) -> int:
    """The year of month/day: latest on/before anchor ("past"), first on/after ("future"),
    else the nearest one (within half a year)."""
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(y, mon, min(dday, 28 if mon == 2 else dday)))
        except ValueError:
            continue
    if not candidates:
        return anchor.year
    if direction == "past":
        past = [c for c in candidates if c <= anchor]
        return max(past).year if past else anchor.year
    if direction == "future":
        fut = [c for c in candidates if c >= anchor]
        return min(fut).year if fut else anchor.year
    return min(candidates, key=lambda c: abs((c - anchor).days)).year


def year_for_month(anchor: Date, mon: int, direction: Optional[str]) -> int:
    """The year of a month named without one (see ``year_for_month_day``)."""
    if direction == "past":
        return anchor.year if mon <= anchor.month else anchor.year - 1
    if direction == "future":
        return anchor.year if mon >= anchor.month else anchor.year + 1
    if direction == "same":
        return anchor.year
    diff = mon - anchor.month
    if diff > 6:
        return anchor.year - 1
    if diff < -6:
        return anchor.year + 1
    return anchor.year


def shift(anchor: Date, unit: str, n: int) -> Date:
    """anchor moved by n units (Y, M, W, D, Q, DE, CE)."""
    if unit == "Y":
        return anchor + relativedelta(years=n)
    if unit == "M":
        return anchor + relativedelta(months=n)
    if unit == "Q":
        return anchor + relativedelta(months=3 * n)
    if unit == "W":
        return anchor + dt.timedelta(weeks=n)
    if unit == "DE":
        return anchor + relativedelta(years=10 * n)
    if unit == "CE":
        return anchor + relativedelta(years=100 * n)
    return anchor + dt.timedelta(days=n)


def at_granularity(d: Date, unit: str) -> str:
    """The TIMEX3 value of the unit containing d: a year, month, week, quarter, day, ..."""
    if unit in ("Y",):
        return f"{d.year:04d}"
    if unit == "M":
        return month(d.year, d.month)
    if unit == "W":
        return week(d)
    if unit == "Q":
        return quarter(d.year, quarter_of(d))
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    if unit == "WE":
        return week(d) + "-WE"
    return day(d)


def holiday(name: str, year: int) -> Optional[Date]:
    """The date of a holiday in a year: fixed "MM-DD" or a named rule."""
    if name == "thanksgiving":  # fourth Thursday of November
        first = dt.date(year, 11, 1)
        return weekday_near(first, 4, "future") + dt.timedelta(weeks=3)
    if name == "labor":  # first Monday of September
        return weekday_near(dt.date(year, 9, 1), 1, "future")
    if name == "memorial":  # last Monday of May
        return weekday_near(dt.date(year, 5, 31), 1, "past")
    if name == "easter":
        return easter(year)
    if name == "good_friday":
        return easter(year) - dt.timedelta(days=2)
    if name == "easter_monday":
        return easter(year) + dt.timedelta(days=1)
    if name == "us_election":  # the Tuesday after the first Monday of November
        return weekday_near(dt.date(year, 11, 2), 2, "future")
    try:
        mon, dd = (int(x) for x in name.split("-"))
        return dt.date(year, mon, dd)
    except ValueError:
        return None

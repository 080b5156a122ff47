"""Numbers and units in time expressions → TIMEX3 duration values."""
from __future__ import annotations

import re
from typing import Optional

from readout.timex.lexicon import lexicon

# unit code → (TIMEX3 letter, "T" part?, multiplier, smaller unit for fractions, its size)
UNIT_FORMS: dict[str, tuple[str, bool, int]] = {
    "S": ("S", True, 1), "MIN": ("M", True, 1), "H": ("H", True, 1), "D": ("D", False, 1),
    "W": ("W", False, 1), "2W": ("W", False, 2), "M": ("M", False, 1), "Q": ("M", False, 3),
    "Y": ("Y", False, 1), "DE": ("Y", False, 10), "CE": ("Y", False, 100), "L": ("Y", False, 1000),
    "WE": ("D", False, 2),
}
SMALLER: dict[str, tuple[str, int]] = {
    "Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60),
}
MULTIPLIERS = {"hundred", "thousand"}
VAGUE_LETTER: dict[str, str] = {"DE": "DE", "CE": "CE", "L": "L", "Q": "Q", "WE": "WE"}


def unit_code(text: str) -> Optional[str]:
    """The unit code (Y, M, W, D, H, ...) of a unit word."""
    key = re.sub(r"\s+", " ", text.lower().strip())
    return lexicon()["units"].get(key)


def parse_number(text: Optional[str]) -> Optional[float]:
    """The value of a number written in digits, words, "twenty-four", "5 1/2"; else None."""
    if not text:
        return None
    t = re.sub(r"\s+", " ", text.lower().strip())
    half = 0.0
    if t.endswith(" and a half"):
        t, half = t[: -len(" and a half")], 0.5
    words = lexicon()["numbers"]
    if t in words:
        return float(words[t]) + half
    m = re.fullmatch(r"(\d+) (\d)/(\d)", t)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3)) + half
    try:
        return float(t.replace(",", "")) + half
    except ValueError:
        pass
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in words and parts[1] in words:
        if parts[1] in MULTIPLIERS:  # "two thousand", "three hundred"
            return float(words[parts[0]] * words[parts[1]]) + half
        return float(words[parts[0]] + words[parts[1]]) + half
    return None


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration(n: Optional[float], unit: str) -> str:
    """The TIMEX3 duration of n units (n None: unknown, "X")."""
    letter, timed, mult = UNIT_FORMS.get(unit, ("D", False, 1))
    prefix = "PT" if timed else "P"
    if n is None:
        vague = VAGUE_LETTER.get(unit, letter)
        return f"{prefix}X{vague}"
    total = n * mult
    if float(total).is_integer() or unit not in SMALLER:
        return f"{prefix}{_fmt(total)}{letter}"
    whole = int(total)
    small, size = SMALLER[unit]
    rest = round((total - whole) * size)
    s_letter, s_timed, _ = UNIT_FORMS[small]
    head = f"{prefix}{whole}{letter}" if whole else prefix
    if s_timed and not timed:
        return f"{head}T{rest}{s_letter}"
    return f"{head}{rest}{s_letter}"

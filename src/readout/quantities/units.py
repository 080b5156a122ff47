"""Units next to a number: currencies before or after it, measurement units, percent,
temperature and age, compound "per" units, and the text that rules a number out (dates,
times, identifiers)."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional

from readout.quantities.lexicon import lexicon

# one- and two-letter units that need a non-letter after them when written apart
AMBIGUOUS = frozenset({"m", "t", "s", "h", "g", "l", "b", "c", "f", "d", "y", "in", "mi", "min",
                       "ha", "w", "pm", "k", "mt", "cl", "dm", "sec", "deg", "deg.", "rad",
                       "turn", "turns", "point", "points", "mb", "gb", "kb", "tb", "ms", "hr",
                       "C", "F", "K", "MB", "wk", "oz", "yd", "ft", "gal"})
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_AMBIGUOUS_LOWER = frozenset(a.lower() for a in AMBIGUOUS)
_SPACES = re.compile(r"\s+")
_ES_END = re.compile(r"(?:e?s)$")
_S_END = re.compile(r"s$")
_HYPHEN_DIGIT = re.compile(r"-\d")
_TIME_WORD = re.compile(r"\s*(?:earlier|ago|before|later|after)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_GAP = re.compile(r"[ ]?(?:-[ ]?)?")
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?,?\s*$", re.I)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_EXCLUDE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])"  # 2 pm, 2.17pm
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # 14:30
    r"|\b\d+(?:-\d+){2,}\b"  # 1111-2222-3333
    r"|\b(?:1[89]|20)\d\d[-–/]\d{2,4}\b"  # 2013-14
    r"|\b\d+(?:/\d+){2,}\b"  # 5/12/2023
    r"|\b\d+/0+\b"  # 1/0
    r"|\b(?:1[89]|20)\d\d'?s\b"  # 1960s
    r"|\b[A-Za-z]+-\d+[A-Za-z]*\b",  # scp-173, I7-860BOX
    re.I,
)
_A_DIGIT = re.compile(r"\d")
_WORD_RUN = re.compile(r"\w*")
_PER = re.compile(r"[ ]?(?:-[ ]?)?(?:per|/|an?|each)[ ]?(?:-[ ]?)?([A-Za-z]+)\b")
_PER_A_OK = frozenset({"share", "head", "day", "week", "month", "year", "hour", "dozen",
                       "gallon", "barrel", "ton", "tonne", "kilogram", "kg", "pound", "litre",
                       "liter", "person", "night", "minute", "second"})
_PER_WORDS = {"capita": "capita", "head": "head", "share": "share", "person": "person",
              "dozen": "dozen", "annum": "year", "night": "night", "unit": "unit"}
_AGE_AFTER = re.compile(r"[ ]?-?[ ]?(?:old\b|of age\b)", re.I)
_YO_AFTER = re.compile(r"[ ]?(?:yo|y\.o\.|yrs? old)(?![A-Za-z])", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged?|age of)\s*$", re.I)


class UnitMatch(NamedTuple):
    unit: str
    kind: str
    end: int  # where the unit text ends
    scale: float = 1.0


def _alternation(surfaces: list[str], plural: bool, ignorecase: bool) -> str:
    ordered = sorted(surfaces, key=len, reverse=True)
    parts = []
    for s in ordered:
        p = re.escape(s).replace(r"\ ", r"\s?" if len(s) <= 3 else r"\s+")
        if plural and s[-1].isalpha() and len(s) > 2:
            p += r"(?:es|s)?"
        if s[-1].isalnum():
            p += r"(?![A-Za-z0-9])"
        parts.append(p)
    return _by_first_letter(parts, [s[0] for s in ordered], ignorecase)


def _by_first_letter(parts: list[str], firsts: list[str], ignorecase: bool) -> str:
    """``a|b|...`` with the parts opening with the same ASCII letter or digit (either case,
    under ``ignorecase``) written once as that character and the alternation of their
    rests, in their order: a match attempt then tries one group, not ~300 surfaces in turn.
    Parts opening with different characters never match at the same place, so moving a
    part ahead of them changes no match; no grouping at all if some other opening
    character would match an ASCII one (the Kelvin sign matches "k" under re.I)."""
    def key(ch: str) -> str:
        return ch.lower() if ignorecase else ch

    others = {ch for ch in firsts if not (ch.isascii() and ch.isalnum())}
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    flags = re.I if ignorecase else 0
    if any(re.match(re.escape(ch), c, flags) for ch in others for c in letters):
        return "|".join(parts)
    groups: dict[str, list[str]] = {}
    for part, ch in zip(parts, firsts):
        groups.setdefault(key(ch) if ch.isascii() and ch.isalnum() else part, []).append(part)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out += members
        else:
            out.append(members[0][0] + "(?:" + "|".join(m[1:] for m in members) + ")")
    return "|".join(out)


@functools.lru_cache(maxsize=1)
def _suffix_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    ci = [*lex.units, *lex.currency_suffix]
    return (re.compile(_alternation(ci, True, True), re.I),
            re.compile(_alternation(list(lex.units_cased), False, False)))


@functools.lru_cache(maxsize=1)
def _prefix_re() -> re.Pattern[str]:
    ordered = sorted(lexicon().currency_prefix, key=len, reverse=True)
    alt = _by_first_letter([re.escape(s) for s in ordered], [s[0] for s in ordered], True)
    return re.compile(rf"(?:(?<![A-Za-z])|(?<=\d))(m)?({alt})\s?$", re.I)


@functools.lru_cache(maxsize=4096)
def _lookup(surface: str) -> Optional[tuple[str, str]]:
    """(unit, kind) of a matched surface: a unit or a currency (singularizing a plural)."""
    lex = lexicon()
    s = _SPACES.sub(" ", surface)
    for cand in (s, s.lower(), _ES_END.sub("", s.lower()), _S_END.sub("", s.lower())):
        if cand in lex.units_cased:
            e = lex.units_cased[cand]
            return e.unit, e.kind
        if cand in lex.units:
            e = lex.units[cand]
            return e.unit, e.kind
        if cand in lex.currency_suffix:
            return lex.currency_suffix[cand], "money"
    return None


def unit_after(text: str, pos: int, scale: float) -> Optional[UnitMatch]:
    """The unit written right after a number ending at ``pos`` (with an optional hyphen)."""
    m = _GAP.match(text, pos)
    at = m.end() if m else pos
    ci, cased = _suffix_res()
    best = None
    for rx in (cased, ci):
        mm = rx.match(text, at)
        if mm and (best is None or mm.end() > best.end()):
            best = mm
    if best is None:
        return None
    surface = best.group()
    found = _lookup(surface)
    if found is None:
        return None
    unit, kind = found
    glued = best.start() == pos
    if surface.strip().rstrip(".").lower() in _AMBIGUOUS_LOWER and not glued:
        rest = text[best.end():best.end() + 3].lstrip(" ")
        if rest[:1].isalpha() or (rest[:1] in "(" and rest):
            return None
        if surface.strip().lower() == "in" and rest[:1].isalnum():
            return None
    if _HYPHEN_DIGIT.match(text[best.end():best.end() + 2]):
        return None  # L-202: an identifier
    if surface.strip() in ("'", '"') and not glued:
        return None
    if unit == "pound-mass" and scale > 1:
        unit, kind = "GBP", "money"
    return UnitMatch(unit=unit, kind=kind, end=best.end())


def currency_before(text: str, start: int) -> Optional[tuple[str, int, float]]:
    """(ISO code, where the currency starts, scale) for a currency written before ``start``."""
    window = text[max(0, start - 12):start]
    m = _prefix_re().search(window)
    if not m:
        return None
    code = lexicon().currency_prefix.get(m.group(2).lower()) or lexicon().currency_prefix.get(
        m.group(2))
    if code is None:
        return None
    if m.group(2).isalpha() and m.group(2).lower() not in ("rs", "rs.") and not (
            m.group(2).isupper() or window[m.start(2) - 1:m.start(2)] in ("", " ", "(")):
        return None
    scale = 1e6 if m.group(1) and m.group(1) == "M" else 1.0
    if m.group(1) and scale == 1.0:
        return None
    return code, start - len(window) + m.start(), scale


def per_unit(text: str, pos: int) -> Optional[tuple[str, int]]:
    """A "per X" / "a X" / "/X" after a unit: ("share", end) for "$2 a share"."""
    m = _PER.match(text, pos)
    if not m:
        return None
    word = m.group(1)
    sep = text[m.start():m.start(1)].strip(" -").lower()
    after = text[m.end():m.end() + 10].lower()
    if sep in ("a", "an") and (word.lower() not in _PER_A_OK
                               or _TIME_WORD.match(after)):
        return None
    if word.lower() in _PER_WORDS:
        return _PER_WORDS[word.lower()], m.end()
    found = _lookup(word)
    if found is None or found[1] in ("money", "percent"):
        return None
    return found[0], m.end()


def age_after(text: str, pos: int) -> Optional[int]:
    """End of "old" / "of age" after a year/month/week/day unit ending at ``pos``."""
    m = _AGE_AFTER.match(text, pos)
    return m.end() if m else None


def yo_after(text: str, pos: int) -> Optional[int]:
    m = _YO_AFTER.match(text, pos)
    return m.end() if m else None


def age_before(text: str, start: int) -> bool:
    return bool(_AGE_BEFORE.search(text[max(0, start - 12):start]))


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Stretches where digits are times, identifiers or date parts, not quantities.

    The same as ``_EXCLUDE.finditer(text)``, trying the pattern only where a match can
    start: every match holds a digit, and starts at its first digit or, for "scp-173", at
    the start of the word joined to it by a hyphen."""
    out = []
    pos = 0
    while True:
        d = _A_DIGIT.search(text, pos)
        if d is None:
            return out
        at = d.start()
        m = None
        if at - 2 >= pos and text[at - 1] == "-":
            word = at - 1
            while word > pos and _is_word_char(text[word - 1]):
                word -= 1
            m = _EXCLUDE.match(text, word) if word < at - 1 else None
        m = m or _EXCLUDE.match(text, at)
        if m is None:  # no match can start inside the run of word characters holding it
            pos = _WORD_RUN.match(text, at).end()
            continue
        out.append((m.start(), m.end()))
        pos = m.end()


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches (``\\b`` needs a word character on one side only)."""
    return ch.isalnum() or ch == "_"


def is_date_part(text: str, start: int, end: int, value: float) -> bool:
    """A day of the month ("May 19", "1 May") or a year ("in 1988")."""
    if value == int(value) and 1 <= value <= 31:
        if _MONTH_BEFORE.search(text[max(0, start - 12):start]):
            return True
        if _MONTH_AFTER.match(text[end:end + 16]):
            return True
    return False


def is_year(raw: str, value: float) -> bool:
    return bool(_FOUR_DIGITS.fullmatch(raw)) and 1800 <= value <= 2100

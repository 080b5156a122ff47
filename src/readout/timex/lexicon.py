"""The word lists and patterns of the time tagger, loaded once from data/timex/."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from readout.timex.needs import DIGIT, Clause, can_be_empty, first_words, reach, required_factors

DATA = "data/timex"


# A match may not follow one of these characters (a word, an amount, an abbreviation's dot...).
NOT_AFTER = r"\w$£€.'/-"


@dataclass(frozen=True)
class Rule:
    """One pattern line of patterns.txt.

    ``regex`` is the pattern as written (re.I, a lookbehind for NOT_AFTER). ``scan`` is its
    fast twin for the folded text (readout.timex.needs.fold) behind one padding character:
    case-sensitive, so the engine drops an alternative on its first letter, and it consumes
    the character before the match instead of looking behind, so the engine can skip ahead
    to the characters a match may follow instead of trying the pattern at every position.
    A lookahead for the words a match must start with (needs.first_words) rejects most words
    at once. On "\n" + fold(text) it matches exactly where ``regex`` matches ``text``,
    shifted by one.
    """

    name: str  # e.g. "date.mdy"; the part before "." picks the normalizer
    type: str  # DATE | TIME | DURATION | SET
    regex: re.Pattern[str]
    needs: tuple[Clause, ...] = ()  # every match holds a factor of each (needs.required_factors)
    scan: Optional[re.Pattern[str]] = None
    groups: tuple[tuple[str, int], ...] = ()  # (name, number) of each named group
    reach: Optional[int] = None  # needs.reach of ``scan``: None when unbounded

    def match_groups(self, m: re.Match[str], text: str, shift: int = 0) -> dict[str, Optional[str]]:
        """The named groups of a match as they read in ``text``, plus "_text", the whole match;
        ``shift`` is how far the scanned string's offsets run ahead of the text's (1 for
        ``scan``, whose match also covers the character before)."""
        spans = m.regs
        out: dict[str, Optional[str]] = {}
        for name, number in self.groups:
            start, end = spans[number]
            out[name] = text[start - shift:end - shift] if start >= 0 else None
        out["_text"] = text[m.start():m.end() - shift]  # a scan match starts one early too
        return out

    @property
    def kind(self) -> str:
        return self.name.split(".", 1)[0]


def _read(name: str) -> str:
    return resources.files("readout").joinpath(f"{DATA}/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """lexicon.json as a dict."""
    return json.loads(_read("lexicon.json"))


def _alt(words: list[str]) -> str:
    """A regex alternation of words, longest first, spaces as \\s+."""
    return _by_first_letter(sorted(set(words), key=lambda w: (-len(w), w)))


def _by_first_letter(words: list[str]) -> str:
    """``(?:w1|w2|...)`` (spaces as \\s+) with the words that open with the same ASCII
    letter or digit (either case) written as that character and the alternation of their
    rests, in their order: the engine then tries one group where a word may start, not
    every word in turn. Words that open with different characters never match at the same
    place (the patterns are case-insensitive: "M" and "m" are one group), so the order of
    the groups changes no match. A word opening with another character stays whole; none
    is grouped if such a character could match an ASCII one (re.I: the Kelvin sign, "k")."""
    def render(word: str) -> str:
        return re.escape(word).replace(r"\ ", r"\s+")

    ascii_alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    others = {w[0] for w in words if not (w[0].isascii() and w[0].isalnum())}
    if any(re.match(re.escape(ch), c, re.I) for ch in others for c in ascii_alnum):
        return "(?:" + "|".join(map(render, words)) + ")"
    groups: dict[str, list[str]] = {}
    for word in words:
        first = word[0]
        groups.setdefault(first.lower() if first.isascii() and first.isalnum() else word,
                          []).append(word)
    parts = []
    for members in groups.values():
        if len(members) == 1:
            parts.append(render(members[0]))
        else:
            rests = "|".join(render(m)[1:] for m in members)  # the first character, unescaped
            parts.append(f"{members[0][0]}(?:{rests})")
    return "(?:" + "|".join(parts) + ")"


def _macros(lex: dict[str, Any]) -> dict[str, str]:
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    words = [w for w in lex["numbers"]]
    number = (
        r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+\d/\d)?"
        rf"|(?:{ones}|ten)\s+(?:hundred|thousand)"
        rf"|(?:{tens})(?:-|\s+)(?:{ones})|" + _alt(words)[3:-1]
    )
    full = [m for m in lex["months"] if len(m) > 4 or m in ("may", "june", "july")]
    abbrev = [m for m in lex["months"] if m not in full]
    weekdays = [d for d in lex["weekdays"] if len(d) > 3]
    clock = (
        r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b|a\.\s?m\.?|p\.\s?m\.?)"
        r"|\d{1,2}:\d\d|noon|midnight|midday)"
    )
    return {
        "MONTH": f"(?:{_alt(full)}|{_alt(abbrev)}\\.?)",
        "WEEKDAY": _alt(weekdays),
        "NUM": f"(?:{number})",
        "VAGUE": _alt(lex["vague_numbers"]),
        "UNIT": _alt(list(lex["units"])),
        "UNITS": _alt(list(lex["units"])),
        "UNITP": _alt([u for u in lex["units"] if u.endswith(("s", "ia"))]),
        "REFADJ": _alt(list(lex["ref_adjectives"])),
        "APPROX": _alt(lex["modifiers_approx"]),
        "ORD": _alt(list(lex["ordinals"])),
        "SEASON": _alt(list(lex["seasons"])),
        "POD": _alt(list(lex["parts_of_day"])),
        "REF": _alt(list(lex["refs"])),
        "SETWORD": _alt(list(lex["sets"])),
        "HOLIDAY": _alt(list(lex["holidays"])),
        "YEAR": r"(?:1[5-9]\d\d|20\d\d)",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "TZ": r"(?:[ECMP][SD]T|GMT|UTC|local time|\(\d{4} GMT\))",
        "CLOCK": clock,
    }


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The compiled patterns, in file order."""
    lex = lexicon()
    macros = _macros(lex)
    out: list[Rule] = []
    for line in _read("patterns.txt").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, type_, pattern = line.split(None, 2)
        pattern = pattern.strip().replace(" ", r"\s+")
        pattern = re.sub(r"\{([A-Z]+)\}", lambda m: macros[m.group(1)], pattern)
        body = rf"(?:{pattern})(?![\w%$/]|-\w)"
        regex = re.compile(rf"(?<![{NOT_AFTER}]){body}", re.IGNORECASE)
        groups = tuple(sorted(regex.groupindex.items(), key=lambda item: item[1]))
        scan = _scan_twin(body)
        out.append(Rule(name, type_, regex, required_factors(regex.pattern), scan, groups,
                        reach(scan.pattern)))
    return tuple(out)


# Characters of \w written out in the scan's first class, which is the same set with them: the
# engine then finds the letters of the folded text in the class's bitmap, where a lookup of
# \w in the Unicode tables was a third of the cost of skipping a word (the search tests that
# class on every character).
_ASCII_WORD = "a-z0-9_"


def _scan_twin(body: str) -> re.Pattern[str]:
    """Rule.scan for a pattern body: lowercased (only letters change: the patterns use no
    upper-case escapes such as \\S), case-sensitive, after one consumed character."""
    if re.search(r"\\[A-Z]", body):
        raise ValueError(f"upper-case escape in a timex pattern: {body[:60]}")
    lowered = body.lower().replace("(?p<", "(?P<")
    twin = re.compile(rf"[^{_ASCII_WORD}{NOT_AFTER}]" + _start_guard(lowered) + lowered)
    if can_be_empty(body):  # an empty match would stall the scan loop (tagger._scan)
        raise ValueError(f"a timex pattern matches the empty string: {body[:60]}")
    return twin


def _start_guard(body: str) -> str:
    """A lookahead for the words a match of ``body`` must start with, or "" when unknown.
    It changes no match; a pattern opening with optional groups ("the past", "about", a
    number...) fails at most words on this one test instead of on each group in turn."""
    words = first_words(body)
    if not words:
        return ""
    ordered = sorted(words - {DIGIT}, key=lambda w: (-len(w), w))
    parts = [_by_first_letter(ordered)] if ordered else []
    if DIGIT in words:  # (in a lookahead the order of the alternatives changes nothing)
        parts.append(DIGIT)
    return "(?=" + "|".join(parts) + ")"

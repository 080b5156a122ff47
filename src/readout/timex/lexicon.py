"""The word lists and patterns of the time tagger, loaded once from data/timex/."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from readout.timex.needs import required_words

DATA = "data/timex"


@dataclass(frozen=True)
class Rule:
    """One pattern line of patterns.txt."""

    name: str  # e.g. "date.mdy"; the part before "." picks the normalizer
    type: str  # DATE | TIME | DURATION | SET
    regex: re.Pattern[str]
    needs: Optional[frozenset[str]] = None  # one of these (lowercased) occurs in every match

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
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


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
        full = rf"(?<![\w$£€.'/-])(?:{pattern})(?![\w%$/]|-\w)"
        out.append(Rule(name, type_, re.compile(full, re.IGNORECASE), required_words(full)))
    return tuple(out)

"""Which words must occur in a text for a pattern to match it — a cheap pre-filter.

``required_words(pattern)`` reads the parsed regex and returns a set of lowercased strings
such that every match of the (case-insensitive) pattern contains at least one of them, or
None when no such set is found. ``fold(text)`` lowercases a text the way the regex engine
compares letters, so ``word in fold(text)`` is False only if the pattern cannot match.
"""
from __future__ import annotations

import re
from typing import Any, Optional

try:  # Python 3.11+: the parser lives in re._parser
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

Words = Optional[frozenset[str]]
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


def _better(a: Words, b: Words) -> Words:
    """The more selective of two requirements (longer shortest word, then fewer words)."""
    if a is None or not b:
        return a if a else b
    if b is None:
        return a
    key = lambda w: (min(len(x) for x in w), -len(w))  # noqa: E731
    return b if key(b) > key(a) else a


def _item(op: Any, av: Any) -> Words:
    if op is C.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is C.BRANCH:
        branches = [_sequence(b.data) for b in av[1]]
        if any(not b for b in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in REPEATS and av[0] >= 1:
        return _sequence(av[2].data)
    return None


def _sequence(items: list[tuple[Any, Any]]) -> Words:
    best: Words = None
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            best = _better(best, frozenset([run]))
            run = ""
        best = _better(best, _item(op, av))
    if run:
        best = _better(best, frozenset([run]))
    return best


def required_words(pattern: str) -> Words:
    """Strings one of which every match of ``pattern`` (compiled with re.I) contains."""
    try:
        words = _sequence(P.parse(pattern, re.IGNORECASE).data)
    except Exception:  # an unexpected regex shape: no pre-filter
        return None
    if not words or any(not w.isascii() or not w.strip() for w in words):
        return None
    return words


DIGIT = r"\d"  # in first_words: the match may start with a digit
_STOP = (None, None)  # in first_words: the end of a repeated group (no literal runs on past it)


def first_words(pattern: str) -> Words:
    """Strings one of which every match of the case-sensitive ``pattern`` starts with (DIGIT
    standing for any digit), or None when some match may start otherwise."""
    try:
        return _starts(list(P.parse(pattern).data))
    except Exception:  # an unexpected regex shape: no guard
        return None


def _starts(items: list[tuple[Any, Any]]) -> Words:
    run = ""
    for i, (op, av) in enumerate(items):
        if op is C.LITERAL:
            run += chr(av)
            continue
        rest = items[i + 1:]
        if run:  # a literal run, then maybe a group or alternation that extends it
            more = _starts(list(av[-1].data) + rest) if op is C.SUBPATTERN else (
                _union([_starts(list(b.data) + rest) for b in av[1]]) if op is C.BRANCH else None)
            if more is None or DIGIT in more:
                return frozenset([run])
            return frozenset(run + w for w in more)
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: the next item starts the match
            continue
        if op is C.SUBPATTERN:
            return _starts(list(av[-1].data) + rest)
        if op is C.BRANCH:
            return _union([_starts(list(b.data) + rest) for b in av[1]])
        if op in REPEATS and av[2].getwidth()[0] > 0:
            first = _starts(list(av[2].data) + [_STOP])
            return first if av[0] >= 1 else _union([first, _starts(rest)])
        if op is C.IN and av == [(C.CATEGORY, C.CATEGORY_DIGIT)]:
            return frozenset([DIGIT])
        return None  # a class, a stop, an empty repeat...
    return frozenset([run]) if run else None


def _union(parts: list[Words]) -> Words:
    if any(not p for p in parts):
        return None
    return frozenset().union(*parts)  # type: ignore[arg-type]


def can_be_empty(pattern: str) -> bool:
    """Whether ``pattern`` can match the empty string somewhere (its shortest match is empty)."""
    return P.parse(pattern).getwidth()[0] == 0


# Non-ASCII characters that re.IGNORECASE takes for an ASCII letter: "İ" and "ı" for i, the
# long s "ſ" for s and the Kelvin sign for k (tests/test_timex.py derives this from the re module).
FOLD_TABLE: dict[int, str] = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
FOLD_CHARS = tuple(chr(c) for c in FOLD_TABLE)


def ignorecase_letters() -> dict[int, str]:
    """FOLD_TABLE computed from the regex engine (seconds: for tests, not for every run)."""
    chars = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    table: dict[int, str] = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for ch in re.findall(letter, chars, re.IGNORECASE):
            table[ord(ch)] = letter
    return table


def fold(text: str) -> str:
    """``text`` lowercased, with characters the regex engine equates to ASCII letters mapped."""
    low = text.lower()
    if low.isascii() or not any(ch in low for ch in FOLD_CHARS):  # translate is slow: skip it
        return low
    return low.translate(FOLD_TABLE)

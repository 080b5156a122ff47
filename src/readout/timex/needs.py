"""Which words must occur in a text for a pattern to match it — a cheap pre-filter.

``required_factors(pattern)`` reads the parsed regex and returns clauses: sets of lowercased
strings (with a stand-in for "any digit") such that every match of the (case-insensitive)
pattern contains one string of each clause. ``fold(text)`` lowercases a text the way the
regex engine compares letters, so a paragraph of ``fold(text)`` that lacks every string of
some clause holds no match.
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

# In the factors of required_factors: any decimal digit (what \d matches, str.isdecimal()).
ANY_DIGIT = "\0"
Clause = frozenset[str]  # factors, one of which every match contains
_LIMIT = 64  # the most strings an exact set may hold before it is given up
_MAX_CLAUSES = 4

# What is known of the strings a piece of a pattern matches: ``exact``, all of them (each
# free of whitespace), when that set is small, else None; and clauses, each a set of
# factors one of which every match holds as a substring.
_Info = tuple[Optional[frozenset[str]], frozenset[Clause]]
_UNKNOWN: _Info = (None, frozenset())
_EMPTY: _Info = (frozenset([""]), frozenset())


def _as_clause(exact: Optional[frozenset[str]]) -> Optional[Clause]:
    return exact if exact is not None and "" not in exact else None


def _clauses(info: _Info) -> frozenset[Clause]:
    """All the clauses of a piece, its exact set counted as one."""
    own = _as_clause(info[0])
    return info[1] | {own} if own else info[1]


def _quality(clause: Clause) -> tuple[Any, ...]:
    """How selective a clause is: the longer its shortest factor and the fewer its factors,
    the fewer texts hold one (sorted factors break ties, so the choice never varies)."""
    return min(len(f) for f in clause), -len(clause), sorted(clause)


_NO_PREFIX = frozenset([""])


def _seq_info(items: list[tuple[Any, Any]], prefix: frozenset[str] = _NO_PREFIX) -> _Info:
    """A concatenation (after the strings ``prefix``): runs of exact pieces multiply out
    into longer factors. A group or alternation takes the run before it along into each of
    its alternatives ("n(?:ew year|ine)" gives the factors "new", "nine", not "n" and "ew")."""
    run, clauses, exact = prefix, frozenset(), True
    for op, av in items:
        if op is C.SUBPATTERN or op is C.BRANCH:
            part, more = _item_info(op, av, run)  # the run is the start of its strings
            clauses |= more
            if part is not None:
                run = part
                continue
            exact, run = False, _NO_PREFIX  # the run went into the clauses of ``more``
            continue
        part, more = _item_info(op, av)
        clauses |= more
        if part is not None and len(run) * len(part) <= _LIMIT:
            run = frozenset(a + b for a in run for b in part)
            continue
        exact = False
        own = _as_clause(run)
        if own:
            clauses |= {own}
        run = part if part is not None else _NO_PREFIX
    if exact:
        return run, clauses
    return None, _clauses((run, clauses))


def _branch_info(branches: list[Any], prefix: frozenset[str] = _NO_PREFIX) -> _Info:
    infos = [_seq_info(b.data, prefix) for b in branches]
    if all(exact is not None for exact, _ in infos):
        union = frozenset().union(*(exact for exact, _ in infos))  # type: ignore[misc]
        if len(union) <= _LIMIT:
            return union, frozenset()
    best = []
    for info in infos:
        clauses = _clauses(info)
        if not clauses:
            return _UNKNOWN  # this alternative may hold no known factor
        best.append(max(clauses, key=_quality))
    return None, frozenset([frozenset().union(*best)])


def _class_info(items: list[tuple[Any, Any]]) -> _Info:
    """A small class of letters/marks is exact; \\d is ANY_DIGIT; anything else unknown."""
    if items == [(C.CATEGORY, C.CATEGORY_DIGIT)]:
        return frozenset([ANY_DIGIT]), frozenset()
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < 10:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return _UNKNOWN
    folded = {ch.lower() for ch in chars}
    if len(folded) > 10 or not all(ch.isascii() and not ch.isspace() for ch in folded):
        return _UNKNOWN
    return frozenset(folded), frozenset()


def _item_info(op: Any, av: Any, prefix: frozenset[str] = _NO_PREFIX) -> _Info:
    """What is known of one piece; a group or an alternation reads ``prefix`` (the exact
    strings right before it) as the start of its own strings."""
    if op is C.LITERAL:
        ch = chr(av).lower()
        return (frozenset([ch]), frozenset()) if ch.isascii() and not ch.isspace() else _UNKNOWN
    if op is C.IN:
        return _class_info(av)
    if op is C.SUBPATTERN:
        return _seq_info(av[-1].data, prefix)
    if op is C.BRANCH:
        return _branch_info(av[1], prefix)
    if op in REPEATS:
        low, high, body = av
        inner = _seq_info(body.data)
        if inner[0] is not None and high <= 4:
            strings, power = set(), frozenset([""])
            for count in range(1, high + 1):
                power = frozenset(a + b for a in power for b in inner[0])
                if len(power) > _LIMIT:
                    break
                if count >= low:
                    strings |= power
            else:
                if len(strings) < _LIMIT:
                    return frozenset(strings | ({""} if low == 0 else set())), (
                        inner[1] if low else frozenset())
        return (None, _clauses(inner)) if low >= 1 else _UNKNOWN
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: adds no character to the match
        return _EMPTY
    return _UNKNOWN  # any other piece: a wildcard, a back-reference...


def required_factors(pattern: str) -> tuple[Clause, ...]:
    """Clauses that every match of ``pattern`` (compiled with re.I) meets, the most selective
    first: a clause is a set of lower-case factors, one of which occurs in the match (in
    ``fold`` of the text), ANY_DIGIT standing for a decimal digit. Factors hold no
    whitespace, so each occurs inside one whitespace-separated token of the text. Weak
    clauses (a one-character factor) are left out; () when no clause is known."""
    try:
        found = _clauses(_seq_info(P.parse(pattern, re.IGNORECASE).data))
    except Exception:  # an unexpected regex shape: no pre-filter
        return ()
    strong = [c for c in found if min(len(f) for f in c) >= 2]
    return tuple(sorted(strong, key=_quality, reverse=True)[:_MAX_CLAUSES])


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


def reach(pattern: str) -> Optional[int]:
    """The most runs of whitespace that the characters one match attempt of ``pattern`` reads
    (from where it starts, lookaheads included) can touch, or None when unbounded or
    unknown. An attempt starting in one whitespace-separated token of a text reads nothing
    past the token this many tokens on, plus one character (tagger scans windows with it)."""
    try:
        return _runs(P.parse(pattern).data)
    except _Unbounded:
        return None


class _Unbounded(Exception):
    """A piece of a pattern may read any number of whitespace runs (or is not understood)."""


def _class_space(items: list[tuple[Any, Any]]) -> tuple[bool, bool]:
    """Whether a class may match (whitespace, other characters); unsure means True."""
    space = other = False
    for op, av in items:
        if op is C.LITERAL:
            space, other = space or chr(av).isspace(), other or not chr(av).isspace()
        elif op is C.RANGE:
            space = space or any(chr(c).isspace() for c in range(av[0], av[1] + 1))
            other = True
        elif op is C.CATEGORY and av in _NO_SPACE_CATEGORIES:
            other = True
        elif op is C.CATEGORY and av in _SPACE_CATEGORIES:
            space = True
        else:  # a negated class, another category...
            return True, True
    return space, other


_NO_SPACE_CATEGORIES = (C.CATEGORY_DIGIT, C.CATEGORY_WORD, C.CATEGORY_UNI_DIGIT, C.CATEGORY_UNI_WORD)
_SPACE_CATEGORIES = (C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE)


def _one_char(op: Any, av: Any) -> Optional[tuple[bool, bool]]:
    """(may match whitespace, may match something else) for a one-character piece, else None."""
    if op is C.LITERAL:
        return chr(av).isspace(), not chr(av).isspace()
    if op is C.IN:
        return _class_space(av)
    if op in (C.ANY, C.NOT_LITERAL):
        return True, True
    return None


def _runs(items: list[tuple[Any, Any]]) -> int:
    """``reach`` of a sequence: the sum of its pieces' (each piece able to read whitespace
    counts once, however many whitespace characters it reads in one run)."""
    total = 0
    for op, av in items:
        one = _one_char(op, av)
        if one is not None:
            total += one[0]
        elif op is C.SUBPATTERN:
            total += _runs(av[-1].data)
        elif op is C.BRANCH:
            total += max(_runs(b.data) for b in av[1])
        elif op in REPEATS:
            low, high, body = av
            inner = _one_char(*body.data[0]) if len(body.data) == 1 else None
            if inner is not None and not inner[1]:  # whitespace only: one run
                total += inner[0]
                continue
            runs = _runs(body.data)
            if runs and high == C.MAXREPEAT:
                raise _Unbounded
            total += runs * high
        elif op in (C.ASSERT, C.ASSERT_NOT):
            total += _runs(av[1].data) if av[0] == 1 else 0  # a lookbehind reads backwards
        elif op is not C.AT:
            raise _Unbounded
    return total


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

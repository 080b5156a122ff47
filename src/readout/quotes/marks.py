"""Pass 1: quotation marks paired within paragraphs, multi-paragraph quotations joined."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from readout.quotes.lexicon import CLOSE_MARKS, OPEN_MARKS, STRAIGHT

@dataclass
class Marks:
    """One quotation: its segments (each including its quotation marks)."""

    segments: list[tuple[int, int]]
    paragraph: int
    open_end: bool = False  # the last segment runs to the end of its paragraph unclosed

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


_LINE = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of ``text`` as (start, end), stripped of outer whitespace."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def is_headline(text: str, start: int, end: int) -> bool:
    """A short paragraph without closing punctuation (title, subheading)."""
    chunk = text[start:end].rstrip()
    if chunk[:1] in OPEN_MARKS + STRAIGHT:
        return False
    # (``chunk`` ends in a non-space: its last character is the one a "…$" pattern would test)
    return chunk[-1:] not in CLOSING_CHARS and len(chunk.split()) <= 20


CLOSING_CHARS = frozenset(".!?:;\u2026)]\"\u201d\u2019'")  # what ends a sentence-like paragraph


def _opens_at(text: str, i: int, width: int = 1) -> bool:
    """Whether a straight quote (or '') at ``i`` is in opening position."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:,":
        return not after.isspace() or i == 0
    return False


MARK_RE = re.compile("''|[\"\u201c\u201d\u201e\u00ab\u00bb]")


def paragraph_runs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Quotation runs (start, end, closed) of one paragraph; '' counts as a straight quote."""
    runs: list[tuple[int, int, bool]] = []
    open_at: Optional[int] = None
    for m in MARK_RE.finditer(text, start, end):
        i, ch, width = m.start(), m.group()[0], m.end() - m.start()
        if ch in OPEN_MARKS:
            if open_at is not None and i > open_at + 1 and text[open_at] != STRAIGHT:
                runs.append((open_at, i, False))
            # a straight mark left open before curly ones wraps an excerpt ("… “…,” she said.):
            # the curly quotations inside are the quotes
            open_at = i
        elif ch in CLOSE_MARKS:
            if open_at is not None:
                runs.append((open_at, i + 1, True))
                open_at = None
        elif open_at is None:
            if _opens_at(text, i, width) or i == start:
                open_at = i
        elif text[open_at] == STRAIGHT or text.startswith("''", open_at) or width == 1:
            runs.append((open_at, i + width, True))
            open_at = None
    if open_at is not None and end - open_at > 1:
        runs.append((open_at, end, False))
    return [r for r in runs if text[r[0] + 1 : r[1] - 1].strip("' ")]


def find_marks(text: str) -> list[Marks]:
    """Every quotation in the text, multi-paragraph quotations joined."""
    found = MARK_RE.search(text)
    if found is None:
        return []  # no quotation mark at all: no paragraph needs reading
    # the next quotation mark after the paragraphs read (marks stand inside paragraphs: only
    # whitespace is outside them, so the mark is in the first paragraph ending after it)
    at = found.start()
    out: list[Marks] = []
    paras = paragraphs(text)
    for p, (ps, pe) in enumerate(paras):
        if at >= pe:
            continue  # no quotation mark in the paragraph: no runs
        found = MARK_RE.search(text, pe)
        at = len(text) if found is None else found.start()
        if is_headline(text, ps, pe):
            continue
        for s, e, closed in paragraph_runs(text, ps, pe):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.open_end
                and prev.paragraph == p - 1
                and s == ps
            ):
                prev.segments.append((s, e))
                prev.paragraph = p
                prev.open_end = not closed and e == pe
                continue
            out.append(Marks(segments=[(s, e)], paragraph=p, open_end=not closed and e >= pe))
    return out


def para_start_of(text: str, char: int) -> int:
    return text.rfind("\n", 0, char) + 1


def para_end_of(text: str, char: int) -> int:
    k = text.find("\n", char)
    return len(text) if k < 0 else k

"""The tagger scans each rule only near the tokens holding its key clause (tagger._Paragraph
.windows, bounded by needs.reach): on long paragraphs, with any spacing, it finds exactly
what the plain patterns find over the whole paragraph."""
from __future__ import annotations

import random

import pytest

from readout.timex.lexicon import rules
from readout.timex.needs import reach
from readout.timex.tagger import _needs, _Paragraph, candidates

from test_timex_scan import TEXTS, _reference

WORDS = ("the last three years ago since March 3, 2021 at 10:30 a.m. GMT on Monday morning for "
         "two weeks every other month the second quarter of 2022 mid-2020 in the 1990s a "
         "decade-long feud said officials 5% a year Christmas Eve next week this past weekend "
         "about ten days earlier, and (in) 'the '90s' year-end once a week the year-ago period "
         "May he may not 12/03/2021 Q3 2021 tonight yesterday later that same day").split()
SPACES = [" "] * 12 + ["  ", "\t", "\u00a0", " \u2009", "\x0b"]


def _long_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 3)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(20, 160))]
            line = "".join(w + rng.choice(SPACES) for w in words)
            lines.append(rng.choice(["", " ", "\t"]) + line.rstrip() + rng.choice(["", " "]))
        out.append("\n".join(lines))
    return out


@pytest.mark.parametrize("text", _long_texts(40, 11) + [" ".join(TEXTS * 6)])
def test_windows_find_what_the_patterns_find(text):
    got = sorted(((o, f.start, f.end, f.rule, f.groups) for f, o in candidates(text)), key=repr)
    assert got == _reference(text)


def test_long_lines_are_scanned_in_windows_only():
    text = " ".join(["word"] * 100 + ["on", "Monday"] + ["word"] * 100)
    order = next(i for i, r in enumerate(rules()) if r.name == "weekday.plain")
    key = next(cid for cid, filed in _needs().by_clause.items() if any(o == order for o, _ in filed))
    para = _Paragraph(text.lower(), 0, len(text))
    [(first, last, stop)] = para.windows(text.lower(), key, rules()[order].reach)
    assert first <= text.index("on Monday") < text.index("Monday") <= last and stop - first < 120


def test_reach_counts_the_whitespace_runs_a_match_can_read():
    assert reach(r"a\s+b") == 1
    assert reach(r"(?:the\s+)?\d+\s+days(?!\s+old)") == 3
    assert reach(r"(?:a|b\s+c\s+d)\s*e") == 3
    assert reach(r"[-\s]x[-\s]") == 2
    assert reach(r"(?<=for\x20)years") == 0
    assert reach(r"(?:\w+\s+)+end") is None
    assert reach(r"(?:\w+\s+){2}end") == 2

"""The pre-filters and pattern rewrites the time tagger uses for speed change no match
(they exist for speed only): every match meets its rule's clauses, and the grouped
alternations match what the plain ones match."""
from __future__ import annotations

import random
import re

import pytest

from readout.timex.lexicon import _by_first_letter, rules
from readout.timex.needs import ANY_DIGIT, fold, required_factors
from readout.timex.tagger import _paragraphs, _rule_regions

from test_timex_scan import TEXTS  # the scan tests' texts, and more below

MORE = [
    *TEXTS,
    "On 12/03/2021 at 10:30 a.m. GMT, and again at 5pm on March 4, the 1990s' debts came due.",
    "The 2013-14 season, Q4 2022 and the third-quarter results; mid-2020, 'the '90s'.",
    "A two-year-old plan, 3-day talks, a decades-long feud, once a week, every other month.",
    "Christmas Eve, Good Friday, New Year's Day 2024, this past weekend and the year-end.",
]


def _factor_re(factor: str) -> str:
    return "".join(r"\d" if ch == ANY_DIGIT else re.escape(ch) for ch in factor)


@pytest.mark.parametrize("text", MORE)
def test_every_match_meets_the_clauses_of_its_rule(text):
    for rule in rules():
        for m in rule.regex.finditer(text):
            matched = fold(m.group())
            for clause in rule.needs:
                assert any(re.search(_factor_re(f), matched) for f in clause), (rule.name, m.group())


@pytest.mark.parametrize("text", MORE)
def test_only_paragraphs_without_matches_are_skipped(text):
    folded = fold(text)
    if len(folded) != len(text):
        return
    regions = _rule_regions(folded)
    for order, rule in enumerate(rules()):
        for start, end in _paragraphs(text):
            if any(rule.regex.finditer(text, start, end)):
                assert (start, end) in regions[order], rule.name


def test_required_factors_reads_runs_through_groups_and_digits():
    assert required_factors(r"n(?:ew\s+year|ine)") == (frozenset({"year", "nine"}),)
    assert required_factors(r"(?:the\s+)?\d0'?s") == (frozenset({ANY_DIGIT + "0s", ANY_DIGIT + "0's"}),)
    assert required_factors(r"[a-z]+") == ()


def test_grouping_by_first_letter_matches_what_the_plain_alternation_matches():
    rng = random.Random(7)
    for _ in range(200):
        words = ["".join(rng.choice("abAB k") for _ in range(rng.randint(1, 4))).strip() or "a"
                 for _ in range(rng.randint(1, 8))]
        words = sorted(set(words), key=lambda w: (-len(w), w))
        plain = re.compile("(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
                           + r")(?:x|$)", re.I)
        grouped = re.compile(_by_first_letter(words) + r"(?:x|$)", re.I)
        text = "".join(rng.choice("abAB kx\u212a") for _ in range(30))
        for pos in range(len(text)):
            a, b = plain.match(text, pos), grouped.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (words, text, pos)

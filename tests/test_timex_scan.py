"""The fast scan of the time tagger finds exactly what the patterns as written find.

tagger.candidates runs each rule's case-sensitive twin (Rule.scan) over the folded text;
these tests compare it with the plain re.IGNORECASE patterns, paragraph by paragraph.
"""
import re
import string

import pytest

from readout.timex.lexicon import rules
from readout.timex.needs import fold
from readout.timex.tagger import _paragraphs, candidates

TEXTS = [
    "Yesterday the council met. Tomorrow it votes again.",
    "2019 2020 and 2021: three budgets in three years.",
    "The talks ran for the past three weeks and ended on Friday, March 3, 2023.",
    "He left at 5 p.m. on Monday\nLast year sales fell; the second quarter of 2022 was worse.",
    "\nTODAY the fund said THE PAST TWO YEARS were hard. In the 1990s and the early eighties too.",
    "A \u212aelvin-sign text: the last \u017fix months, every \u212awinter? No: every winter.",
    "Prices rose 5% a year for about ten years, twice a week, in Q3 2021 and mid-2020.",
    "(Since the 1980s) ...'90s music; over the weekend; for years; a decades-long feud.",
    "Kasım İstanbul: the next 10 days matter.",  # "İ" lowercases to two characters
]


def _reference(text: str) -> list[tuple]:
    """What the re.I patterns find, paragraph by paragraph, in file order."""
    out = []
    for order, rule in enumerate(rules()):
        for start, end in _paragraphs(text):
            for m in rule.regex.finditer(text, start, end):
                groups = dict(m.groupdict(), _text=m.group(0))
                out.append((order, m.start(), m.end(), rule.name, groups))
    return sorted(out, key=repr)


@pytest.mark.parametrize("text", TEXTS)
def test_the_scan_finds_what_the_patterns_find(text):
    got = sorted(((o, f.start, f.end, f.rule, f.groups) for f, o in candidates(text)), key=repr)
    assert got == _reference(text)
    assert got, "every sample holds some time expression"


def test_a_match_at_the_very_start_keeps_its_first_letter():
    found = {(f.rule, f.groups["_text"]) for f, _ in candidates("Yesterday it rained.")}
    assert ("deictic.day", "Yesterday") in found


def test_folding_keeps_what_each_character_class_matches():
    """Every character fold() changes matches a pattern element (a letter under re.I, \\w,
    \\d, \\s, a punctuation mark) exactly when its folded form matches the lowercase element."""
    changed = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
               and len(fold(chr(c))) == 1 and fold(chr(c)) != chr(c)]
    assert len(changed) > 500
    probes = [r"\w", r"\d", r"\s", r"[^\w$£€.'/-]"] + list(string.ascii_letters) + [
        re.escape(ch) for ch in "'-/.,:%$&()"]
    for probe in probes:
        insensitive = re.compile(probe, re.IGNORECASE)
        sensitive = re.compile(probe.lower() if len(probe) == 1 else probe)
        for ch in changed:
            assert bool(insensitive.match(ch)) == bool(sensitive.match(fold(ch))), (probe, ch)


def test_first_words_lists_how_every_match_can_start():
    from readout.timex.needs import DIGIT, first_words
    assert first_words(r"(?:the\s+)?(?:\d+|one|ten)\s+days") == {"the", DIGIT, "one", "ten"}
    assert first_words(r"e(?:very|ach)\s+week") == {"every", "each"}
    assert first_words(r"(?:the\s+)?[a-z]+") is None  # a class opens some matches

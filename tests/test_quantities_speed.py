"""The shortcuts the quantities stage takes for speed say exactly what the plain code they
replace says (they exist for speed only)."""
from __future__ import annotations

import random
import re

import pytest

from readout.quantities import candidates as C
from readout.quantities import claims as Cl
from readout.quantities import numbers as N
from readout.quantities import units as U
from readout.quantities.lexicon import lexicon
from readout.quantities.tree import Tree

TEXT = ("Unemployment in France rose to 7.5 percent last year, according to the national "
        "statistics office, while the GDP of Germany grew by more than 2 percent. About "
        "three million people, Officials said, lost $12 billion; the rate, which critics "
        "called too high, fell to 40%.\n\nThe United States and South Korea pledged a dozen "
        "tanks and roughly 1,200 troops, the ministry said, at least 13 of whom were hurt.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_tree_is_spacys_tree(doc):
    tree = Tree.of(doc)
    for tok in doc:
        assert tree.head[tok.i] == tok.head.i
        assert tree.dep[tok.i] == tok.dep
        assert tree.children(tok.i) == [t.i for t in tok.children]
        assert tree.subtree(tok.i) == [t.i for t in tok.subtree]


def test_sentence_words_are_the_words_read_as_strings(doc):
    facts = Cl.DocFacts(TEXT, doc)
    ends, metrics = Cl._metric_ends(), lexicon().metrics
    for sent in doc.sents:
        according = [t.i for t in sent if t.lower_ == "according"]
        metric = [t.i for t in sent if t.lemma_.lower() in ends or t.lower_ in metrics]
        assert facts._sent_words(sent) == (according, metric)


def _qualify_plain(text: str, c: C.Candidate) -> C.Candidate:
    lex = lexicon()
    before = text[max(0, c.start - 40):c.start]
    words = list(re.finditer(r"[A-Za-z]+", before))
    for k in range(min(lex.max_qualifier_words, len(words)), 0, -1):
        chunk = words[-k:]
        if before[chunk[-1].end():].strip():
            return c
        phrase = " ".join(w.group().lower() for w in chunk)
        if phrase in lex.qualifiers:
            start = c.start - (len(before) - chunk[0].start())
            return c._replace(qualifier=lex.qualifiers[phrase], start=start)
    return c


def test_qualify_says_what_the_plain_scan_says():
    rng = random.Random(3)
    pieces = ["more than", "at least", "about", "some", "nearly", "of", "rose", "(", "$", "\u00a0",
              "  ", ",", "MORE THAN", "up to", "as many as", "x", "9", "\n", "-"]
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) + rng.choice(["", " ", "  "])
        c = C.Candidate(start=len(text), end=len(text) + 1, value=1.0)
        assert C._qualify(text + "5", c) == _qualify_plain(text + "5", c), repr(text)


def test_spans_cut_like_the_plain_test():
    rng = random.Random(5)
    for _ in range(500):
        spans = [tuple(sorted(rng.sample(range(40), 2))) for _ in range(rng.randint(0, 6))]
        spans += [(p, p) for p in rng.sample(range(40), 2)]
        cut = C._Spans(spans)
        for start in range(38):
            for end in range(start + 1, 40):
                plain = any(s <= start < e or s < end <= e for s, e in spans)
                assert cut.cut(start, end) == plain, (spans, start, end)


def test_country_first_words_are_the_whole_words_of_a_window():
    by_word, _ = Cl._country_index()
    rng = random.Random(11)
    words = list(by_word)[:40] + ["Frances", "xFrance", "France_", "Korea1", "é", "the", "U", "S",
                                  "\u00e9France", "\u0661Peru", "_Chad"]
    for _ in range(500):
        window = "".join(rng.choice(words) + rng.choice([" ", ".", "-", "", "\n", "'s "])
                         for _ in range(rng.randint(0, 8)))
        plain = set(re.findall(r"\w+", window)) & by_word.keys()
        assert Cl._first_words(window) == plain, window


def test_number_word_scan_finds_what_the_lookbehind_finds():
    words = sorted([*lexicon().number_words, *N._PLURAL_SCALES], key=len, reverse=True)
    plain = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z])")
    rng = random.Random(2)
    tokens = ["one", "ten", "often", "twenty", "-", " ", "a", "hundreds", "s", ",", "1", "."]
    for _ in range(1000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 12)))
        found = [m.span(1) for m in N._number_word_re().finditer(" " + text)]
        assert [(s - 1, e - 1) for s, e in found] == [m.span() for m in plain.finditer(text)], text


def test_grouped_unit_patterns_match_what_the_plain_ones_match():
    lex = lexicon()
    for surfaces, plural, ignorecase in (([*lex.units, *lex.currency_suffix], True, True),
                                         (list(lex.units_cased), False, False)):
        flags = re.I if ignorecase else 0
        grouped = re.compile(U._alternation(surfaces, plural, ignorecase), flags)
        plain = re.compile("|".join(_plain_parts(surfaces, plural)), flags)
        text = (" 5 km 3kg 4 Kg 2 m 7 mph 1 sq km 10 % 2 \u00b0C 8 pounds 4 tonnes 9 yuan 3 MW "
                "12 in. 6 ft 2 EUR 1 mi 4 sec 3 hrs 5 GB 7 L 2 l 9 t 8 barrels")
        for pos in range(len(text)):
            a, b = plain.match(text, pos), grouped.match(text, pos)
            assert (a and a.group()) == (b and b.group()), (text[pos:pos + 12])


def _plain_parts(surfaces: list[str], plural: bool) -> list[str]:
    parts = []
    for s in sorted(surfaces, key=len, reverse=True):
        p = re.escape(s).replace(r"\ ", r"\s?" if len(s) <= 3 else r"\s+")
        if plural and s[-1].isalpha() and len(s) > 2:
            p += r"(?:es|s)?"
        if s[-1].isalnum():
            p += r"(?![A-Za-z0-9])"
        parts.append(p)
    return parts


def test_word_characters_are_what_the_regex_engine_calls_words():
    word = re.compile(r"\w")
    for code in range(0x110000):
        ch = chr(code)
        if not 0xD800 <= code <= 0xDFFF:
            assert bool(word.match(ch)) == (ch.isalnum() or ch == "_"), hex(code)


def test_grouped_currency_prefixes_find_what_the_plain_ones_find():
    ordered = sorted(lexicon().currency_prefix, key=len, reverse=True)
    alt = "|".join(map(re.escape, ordered))
    plain = re.compile(rf"(?:(?<![A-Za-z])|(?<=\d))(m)?({alt})\s?$", re.I)
    text = ("paid US$ 5, Rs. 300, rs 4, EUR 9, eur 7, \u20ac12, \u00a35, mUSD 4, M$ 3, C$ 2, "
            "A$ 8, HK$ 1, NZD 6, yen 5, Bs. 3, R$ 2, CHF 10, chf 4, 5kr 3, Kr 2, $$ 1")
    for end in range(1, len(text) + 1):
        window = text[max(0, end - 12):end]
        a, b = plain.search(window), U._prefix_re().search(window)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), window

"""The parse's columns and indexes say what spaCy's Tokens say, and the windowed overlap
tests and the mark skipping say what plain scans say (they exist for speed only)."""
from __future__ import annotations

import random

import pytest

from readout.quotes.indirect import _overlaps, _same, _Segments
from readout.quotes.marks import MARK_RE, Marks, find_marks, is_headline, paragraph_runs, paragraphs
from readout.quotes.syntax import Parse

TEXT = ("Officials said the plan, which critics warned would fail, was ready and argued it "
        "would cut costs, adding that talks would resume. \u201cWe are ready,\u201d she said, "
        "warning that \u201cnothing\u201d was certain.\n\nHe told reporters that the vote passed "
        "and claimed victory, according to aides.\n\nHEADLINE \u201cSCARE\u201d\n"
        "\u201cA quotation that runs on\n\u201cand on,\u201d the minister said. \u201cTo the end")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


@pytest.fixture(scope="module")
def parse(doc):
    return Parse(doc, find_marks(TEXT), TEXT)


def test_columns_match_the_tokens(doc, parse):
    strings = doc.vocab.strings
    for t in doc:
        i = t.i
        assert parse.children(i) == [c.i for c in t.children]
        assert (parse.starts[i], parse.ends[i]) == (t.idx, t.idx + len(t.text))
        assert parse.heads[i] == t.head.i and parse.punct[i] == t.is_punct
        assert (strings[parse.deps[i]], strings[parse.pos[i]]) == (t.dep_, t.pos_)
        assert parse.lower(i) == t.lower_ and parse.lemma(i) == t.lemma_.lower()


def test_sentences_match_spacy_sentences(doc, parse):
    for sent in doc.sents:
        for t in sent:
            assert parse.sentence_bounds(t.idx) == (sent.start, sent.end)
            assert parse.sentence_chars(t.idx) == (sent.start_char, sent.end_char)


def _plain_find_marks(text: str) -> list[tuple]:
    """``find_marks`` reading every paragraph."""
    out: list[Marks] = []
    for p, (ps, pe) in enumerate(paragraphs(text)):
        if MARK_RE.search(text, ps, pe) is None or is_headline(text, ps, pe):
            continue
        for s, e, closed in paragraph_runs(text, ps, pe):
            prev = out[-1] if out else None
            if prev is not None and prev.open_end and prev.paragraph == p - 1 and s == ps:
                prev.segments.append((s, e))
                prev.paragraph = p
                prev.open_end = not closed and e == pe
                continue
            out.append(Marks(segments=[(s, e)], paragraph=p, open_end=not closed and e >= pe))
    return [(m.segments, m.paragraph, m.open_end) for m in out]


def test_mark_skipping_matches_reading_every_paragraph():
    rnd = random.Random(7)
    pieces = ['"', "''", "'", "\u201c", "\u201d", "\u00ab", "\u00bb", "\n", "\n\n", " ", "\t", "word"]
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        for sample in (text, TEXT + text, text + TEXT):
            assert [(m.segments, m.paragraph, m.open_end) for m in find_marks(sample)] \
                == _plain_find_marks(sample)


def test_segment_windows_match_plain_scans():
    rnd = random.Random(3)
    for _ in range(300):
        segs = [(a, a + rnd.randint(-3, 60)) for a in (rnd.randint(0, 300) for _ in range(rnd.randint(0, 12)))]
        window = _Segments(segs[: len(segs) // 2])
        for sg in segs[len(segs) // 2:]:
            window.add(sg)
        for _ in range(20):
            s = rnd.randint(-20, 360)
            span = (s, s + rnd.randint(1, 80))
            assert _overlaps(span, window) == any(a < span[1] and span[0] < b for a, b in segs)
            assert _same(span, window) == any(
                min(span[1], b) - max(span[0], a) > 0
                and (min(span[1], b) - max(span[0], a)) / (max(span[1], b) - min(span[0], a)) >= 0.5
                for a, b in segs)

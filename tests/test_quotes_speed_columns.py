"""The parse's columns and indexes say what spaCy's Tokens say, and the windowed overlap
tests and the mark skipping say what plain scans say (they exist for speed only)."""
from __future__ import annotations

import random

from readout.quotes.indirect import _overlaps, _same, _Segments
from readout.quotes.marks import find_marks
from test_quotes_speed import TEXT, doc, parse  # noqa: F401 (the text and its fixtures)
from test_quotes_speed import _find_marks_reading_every_paragraph


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


def test_mark_skipping_matches_reading_every_paragraph():
    rnd = random.Random(7)
    pieces = ['"', "''", "'", "\u201c", "\u201d", "\u00ab", "\u00bb", "\n", "\n\n", " ", "\t", "word"]
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        for sample in (text, TEXT + text, text + TEXT):
            assert [(m.segments, m.paragraph, m.open_end) for m in find_marks(sample)] \
                == [(m.segments, m.paragraph, m.open_end) for m in _find_marks_reading_every_paragraph(sample)]


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

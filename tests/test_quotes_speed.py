"""The shortcuts the quotes stage takes for speed say exactly what the plain scans they
replace say (they exist for speed only)."""
from __future__ import annotations

import pytest

from readout.model import Actor
from readout.quotes.direct import TRANSCRIPT_TURN, transcript_quotes
from readout.quotes.lexicon import SUBJECT_DEPS, lexicon
from readout.quotes.marks import find_marks, is_headline, paragraph_runs, paragraphs
from readout.quotes.speakers import ActorIndex, actor_lookup
from readout.quotes.syntax import Parse, cut_speech_tail, tail_cues

TEXT = ("Officials said the plan, which critics warned would fail, was ready and argued it "
        "would cut costs, adding that talks would resume. \u201cWe are ready,\u201d she said, "
        "warning that \u201cnothing\u201d was certain.\n\nHe told reporters that the vote passed "
        "and claimed victory, saying the rivals had conceded.\n\nHEADLINE \u201cSCARE\u201d\n"
        "\u201cA quotation that runs on\n\u201cand on,\u201d the minister said. \u201cTo the end")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


@pytest.fixture(scope="module")
def parse(doc):
    return Parse(doc, find_marks(TEXT), TEXT)


def test_token_lists_match_spans(doc, parse):
    n = len(doc)
    for start, end in [(0, 30), (10, 11), (len(TEXT) - 5, len(TEXT)), (len(TEXT), len(TEXT) + 9), (40, 20)]:
        i, j = parse.token_range(start, end).start, parse.token_range(start, end).stop
        assert parse.tokens(start, end) == list(doc[i:j]) and 0 <= i <= n


def test_columns_fetched_together_match_separate_calls(doc, parse):
    for names in [("IDX", "SENT_START"), ("LEMMA", "LOWER"), ("DEP", "POS"), ("IS_PUNCT", "HEAD")]:
        assert (parse._group(names) == doc.to_array(list(names))).all()


def test_candidates_match_a_scan_of_every_token(doc, parse):
    lemmas, words = frozenset({"say", "warn", "Say"}), frozenset({"according", "that"})
    assert parse.candidates(lemmas, words) == [t.i for t in doc if t.lemma_ in lemmas or t.lower_ in words]
    assert parse.candidates(frozenset(), frozenset()) == []


def _cut_without_shortcut(head, end, lex):
    """``cut_speech_tail`` as it reads without the parse's shortcuts: the whole subtree."""
    cues, doc = tail_cues(lex), head.doc
    for tok in head.subtree:
        if tok.i <= head.i or tok.idx >= end:
            continue
        if tok.dep_ in ("conj", "advcl") and tok.pos_ == "VERB" and tok.lemma_.lower() in cues \
                and tok.tag_ != "VB" and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            k = tok.left_edge.i
            while k > head.i and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                k -= 1
            return min(end, doc[k - 1].idx + len(doc[k - 1].text))
    return end


def test_speech_tail_cut_matches_a_walk_of_the_subtree(doc, parse):
    """The shortcut (no speech link under the head: nothing to cut) changes no cut where the
    subtree's right edge agrees with the subtree."""
    lex = lexicon()
    cuts = 0
    for head in doc:
        if max(t.i for t in head.subtree) != head.right_edge.i:
            continue  # (the old test read the right edge: it may differ where the edge is off)
        for end in (head.right_edge.idx + len(head.right_edge.text), len(TEXT)):
            expected = _cut_without_shortcut(head, end, lex)
            assert cut_speech_tail(head, end, lex, parse) == expected
            cuts += expected != end
    assert cuts  # the text has second speech acts to cut


def _find_marks_reading_every_paragraph(text):
    from readout.quotes.marks import Marks
    out = []
    for p, (ps, pe) in enumerate(paragraphs(text)):
        if is_headline(text, ps, pe):
            continue
        for s, e, closed in paragraph_runs(text, ps, pe):
            prev = out[-1] if out else None
            if prev is not None and prev.open_end and prev.paragraph == p - 1 and s == ps:
                prev.segments.append((s, e))
                prev.paragraph = p
                prev.open_end = not closed and e == pe
                continue
            out.append(Marks(segments=[(s, e)], paragraph=p, open_end=not closed and e >= pe))
    return out


@pytest.mark.parametrize("text", [TEXT, "no marks at all", "a\n\n\u201cb\n\nc\u201d d\n\n\"e\" ''f'' g\n",
                                  "\u201cOpen\n\nplain\n\n\u201cagain\u201d, he said."])
def test_marks_skip_only_paragraphs_without_a_mark(text):
    assert find_marks(text) == _find_marks_reading_every_paragraph(text)


def test_transcript_turns_need_a_colon_and_a_space(doc, parse):
    assert ": " not in TEXT and ":\t" not in TEXT and not list(TRANSCRIPT_TURN.finditer(TEXT))
    assert transcript_quotes(parse) == []


def test_lazy_actor_index_answers_like_the_plain_lookup():
    actors = [Actor(id="A1", name="X", mentions=[[0, 5], [20, 30]]),
              Actor(id="A2", name="Y", mentions=[[3, 8], [22, 25]])]
    index = ActorIndex(actors)
    for start in range(0, 32, 3):
        for end in range(start + 1, 34, 4):
            found = index.find(start, end)
            plain = actor_lookup(actors, start, end)
            assert found is plain

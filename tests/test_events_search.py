"""The lexicon search narrowed by the words under or around a trigger finds what the full
search finds, and the token table reads the parse as spaCy gives it."""
from __future__ import annotations

import pytest

from readout.events.arguments import ActorIndex, prep_objects, subject_of
from readout.events.lexicon import best_match, find_bucket, words_around
from readout.events.table import TokenTable

SENTENCES = [
    "The rebels said on Monday that they would lay down their arms and hand over the hostages.",
    "Ministers from both countries held talks in Geneva and signed a trade agreement.",
    "Police cracked down on protesters who had set fire to cars near the embassy.",
    "The government called for sanctions against the regime and urged it to pull out its troops.",
    "A series of raids by the army left dozens of villagers dead, officials told reporters.",
    "The two sides agreed to resume negotiations over the disputed border next week.",
    "According to the ministry, the envoy was summoned over remarks made by the president.",
    "Rebels accused the army of shooting at villagers, and the army denied it.",
]


def assert_same_as_full_search(doc, narrowed_search) -> None:
    """For every token, as verb and as noun, ``narrowed_search(tok, kind)`` picks what the
    full lexicon search picks (entry, object and words); at least one token matches."""
    checked = 0
    for tok in doc:
        for kind in ("verb", "noun"):
            full = best_match(tok, kind)
            narrowed = narrowed_search(tok, kind)
            assert (full is None) == (narrowed is None), (tok.text, kind)
            if full is not None:
                checked += 1
                assert (full.entry, full.object, full.words) == (narrowed.entry, narrowed.object, narrowed.words)
    assert checked > 0


@pytest.mark.parametrize("text", SENTENCES)
def test_narrowed_search_matches_full_search(nlp, text):
    doc = nlp(text)
    table = TokenTable(doc)
    assert_same_as_full_search(
        doc, lambda tok, kind: best_match(tok, kind, words_under=table.words_under(tok)))


def test_table_reads_the_same_lemmas_and_tags(nlp):
    doc = nlp(SENTENCES[0])
    table = TokenTable(doc)
    assert table.lemmas == [t.lemma_.lower() for t in doc]
    assert [table.lower(t.i) for t in doc] == [t.lower_ for t in doc]


@pytest.mark.parametrize("text", SENTENCES)
def test_search_around_the_trigger_matches_full_search(nlp, text):
    """The tight screen (objects, particles, prepositions and their objects) and the search
    read from the table turn away no entry the full search would pick."""
    doc = nlp(text)
    table = TokenTable(doc)

    def around(tok, kind):
        bucket = find_bucket(table.lemmas[tok.i], table.lower(tok.i), kind)
        return best_match(tok, kind, bucket=bucket, words_under=words_around(table, tok.i, kind),
                          table=table)

    assert_same_as_full_search(doc, around)


@pytest.mark.parametrize("text", SENTENCES)
def test_table_reads_the_parse(nlp, text):
    doc = nlp(text)
    table = TokenTable(doc)
    assert table.heads == [t.head.i for t in doc]
    assert [table.children(t.i) for t in doc] == [[c.i for c in t.children] for t in doc]
    assert [table.tag(t.i) for t in doc] == [t.tag_ for t in doc]


def test_passive_subject_from_the_table(nlp):
    doc = nlp("The minister was accused by the opposition of lying to parliament.")
    verb = next(t for t in doc if t.lemma_ == "accuse")
    subj, passive = subject_of(verb, TokenTable(doc))
    assert subj is not None and subj.text == "minister" and passive


@pytest.mark.parametrize("text", SENTENCES)
def test_prepositional_objects_in_the_order_of_the_prepositions_asked(nlp, text):
    doc = nlp(text)
    table = TokenTable(doc)
    preps = ("to", "over", "by", "of", "with", "at", "in", "on", "against", "for", "near")
    expected = [g for _, g in sorted(
        ((preps.index(c.lower_), g.i) for t in doc for c in t.children
         if c.dep_ in ("prep", "dative") and c.lower_ in preps for g in c.children if g.dep_ == "pobj"),
        key=lambda pair: pair[0])]
    assert [o.i for o in prep_objects(table, list(doc), preps)] == expected
    assert expected  # every sentence has one


def test_actor_index_shares_the_table(nlp):
    doc = nlp("Talks were held in Geneva.")
    table = TokenTable(doc)
    assert ActorIndex(doc, [], table).table is table

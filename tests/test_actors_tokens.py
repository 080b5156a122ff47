"""The per-document token table and the KB shortcuts the actor rules use say exactly what
spaCy's own objects and the plain KB lookup say (they exist for speed only)."""
from __future__ import annotations

import dataclasses
import re

import pytest

from readout.actors.kb import compact, load_kb
from readout.actors.matches import collect_units, find_agents, find_names
from readout.actors.resolve import actors_of
from readout.actors.tokens import TokenTable

TEXT = ("Chancellor Olaf Scholz met Kenya's president in Nairobi on Tuesday. He said the "
        "U.S.-backed plan, which Berlin's foreign ministry drafted, was \"fair\". "
        "Opposition lawmakers walked out; they called it a sham.\n\nThe Al-Shabaab militants "
        "attacked a police station near Mogadishu, and the army said its troops repelled them.")

REGEX_KEY = re.compile(r"[\W_]+")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_table_columns_match_spacy_tokens(doc):
    table = TokenTable(doc, doc.text)
    assert table.texts == [t.text for t in doc]
    assert table.pos == [t.pos_ for t in doc]
    assert table.idx == [t.idx for t in doc]
    assert table.pieces == [compact(t.text) for t in doc]
    assert table.text_length == len(doc.text)
    assert table.ents == [(e.start, e.end, e.label_) for e in doc.ents]
    sentence = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
    assert [table.sent_of.get(i) for i in range(len(doc))] == [sentence[i] for i in range(len(doc))]


def test_span_roots_and_texts_match_spacy_spans(doc):
    with_text, without = TokenTable(doc, doc.text), TokenTable(doc)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            span = doc[start:end]
            assert with_text.root(start, end).i == span.root.i
            assert with_text.root_dep(start, end) == span.root.dep_
            assert with_text.span_text(start, end) == span.text == without.span_text(start, end)


def test_a_text_that_is_not_the_docs_is_not_used_for_spans(doc):
    table = TokenTable(doc, "too short")
    assert table.span_text(0, 3) == doc[0:3].text


@pytest.mark.parametrize("text", ["U.S.", "Kim Jong-un", "al_Qaeda", "Ünal Çelik", "O'Neill", "  ", "1,000", "ß"])
def test_compact_key_is_lower_case_letters_and_digits(text):
    assert compact(text) == REGEX_KEY.sub("", text.lower())


def test_kb_shortcuts_find_the_same_names_and_cues(doc):
    """Prefix pruning and the spellings worked out at load change nothing that is found."""
    kb = load_kb()
    plain = dataclasses.replace(kb, name_prefixes=None, agent_prefixes=None, name_spellings=None)
    table = TokenTable(doc)
    spans = lambda units: [(u.start, u.end, u.kind, u.key) for u in units]  # noqa: E731
    assert spans(find_names(doc, kb, table)) == spans(find_names(doc, plain, table))
    assert spans(find_agents(doc, kb, set(), table)) == spans(find_agents(doc, plain, set(), table))
    assert spans(collect_units(doc, kb, table)) == spans(collect_units(doc, plain, table))
    assert "kenya" in kb.name_prefixes and "ken" in kb.name_prefixes


def test_actors_are_the_same_with_and_without_the_text(doc):
    kb = load_kb()
    with_text = actors_of(doc, kb, "2024-03-05", doc.text)
    assert with_text == actors_of(doc, kb, "2024-03-05")
    names = {a.name for a in with_text}
    assert "Olaf Scholz" in names and any(a.code and a.code.startswith("KEN") for a in with_text)

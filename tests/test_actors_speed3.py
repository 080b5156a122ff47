"""The shortcuts of the third round of actor speed work say what the plain code they replace
says (they exist for speed only)."""
from __future__ import annotations

import pytest

from readout.actors.coref import IT_FORMS, PRONOUNS, THEY_FORMS
from readout.actors.matches import LOWER_PARTICLES
from readout.actors.tokens import LOWER_WORDS, TokenTable

TEXT = ("Chancellor Olaf Scholz met Kenya's president in Nairobi on Tuesday. He said the "
        "al-Qaeda threat and the von der Leyen plan were \"fair\"; THEY and They said it was.\n\n"
        "Σίσυφος ΟΔΟΣ  and ΟΔΟΣ, İstanbul's mayor, and ｆｕｌｌ width spoke. She left.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_the_one_scan_finds_every_word_the_rules_ask_for():
    assert set(LOWER_PARTICLES) | PRONOUNS.keys() | IT_FORMS.keys() | THEY_FORMS.keys() <= set(LOWER_WORDS)


def test_texts_cut_from_the_text_are_the_token_texts(doc):
    with_text, without = TokenTable(doc, doc.text), TokenTable(doc)
    assert with_text.texts == without.texts == [t.text for t in doc]
    assert with_text.pieces == without.pieces
    assert with_text.text_length == without.text_length == len(doc.text)
    assert [with_text.char_end(i) for i in range(len(doc))] == [t.idx + len(t.text) for t in doc]
    assert with_text.with_lower(LOWER_WORDS) == without.with_lower(LOWER_WORDS) == \
        [(t.i, t.lower_) for t in doc if t.lower_ in LOWER_WORDS]

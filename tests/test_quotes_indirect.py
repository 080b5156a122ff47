"""Indirect quotes: reported speech, thought and stance outside quotation marks.

Each test gives a sentence and says which quote a user sees: its content, speaker and cue."""
from __future__ import annotations

import pytest

from readout.context import StageInput
from readout.model import Article
from readout.quotes import find_quotes
from readout.settings import Settings


@pytest.fixture(scope="module")
def seen(nlp):
    def run(text: str) -> list[tuple[str, str, str, str]]:
        inp = StageInput(doc=nlp(text), article=Article(text=text), settings=Settings(), actors=[])
        return [(q.kind, q.content.text, q.speaker.text if q.speaker else None,
                 q.cue.text if q.cue else None) for q in find_quotes(inp)]

    return run


@pytest.mark.parametrize("text, content, speaker, cue", [
    # clause complements of cognition verbs
    ("The senator thinks that the new tax will hurt small farms.",
     "that the new tax will hurt small farms", "The senator", "thinks"),
    ("The mayor asked whether the bridge could be finished before winter.",
     "whether the bridge could be finished before winter", "The mayor", "asked"),
    ("Analysts wonder whether the central bank will raise rates again in March.",
     "whether the central bank will raise rates again in March", "Analysts", "wonder"),
    # stance verbs with an object or a to-infinitive
    ("The governor rejected the proposal to close the northern hospital.",
     "the proposal to close the northern hospital", "The governor", "rejected"),
    ("The coach defended his decision to rest the captain.",
     "his decision to rest the captain", "The coach", "defended"),
    ("Union leaders are seeking to delay the vote until the spring.",
     "to delay the vote until the spring", "Union leaders", "seeking"),
    ("The company plans to open a new factory in the north.",
     "to open a new factory in the north", "The company", "plans"),
])
def test_one_indirect_quote(seen, text, content, speaker, cue):
    assert seen(text) == [("indirect", content, speaker, cue)]


def test_plans_with_a_bare_object_is_not_a_quote(seen):
    assert seen("The company plans a new factory in the north.") == []


def test_speaker_of_more_likely_to_say(seen):
    assert seen("Young voters are more likely to say that the economy is getting worse.") == [
        ("indirect", "that the economy is getting worse", "Young voters", "say")]


def test_split_clause_after_say_is_one_quote(seen):
    """The parser may split "don't know" into two complements: the quote is the whole clause."""
    assert seen("Residents say they don't know who will pay for the repairs.") == [
        ("indirect", "they don't know who will pay for the repairs", "Residents", "say")]


def test_second_speaker_starts_a_quote_of_its_own(seen):
    text = ("Most of the farmers said prices were too low, and half of the traders said the "
            "harvest was late.")
    found = seen(text)
    assert [(kind, content, cue) for kind, content, _, cue in found] == [
        ("indirect", "prices were too low", "said"),
        ("indirect", "the harvest was late", "said")]


@pytest.mark.parametrize("text, content, cue", [
    # a belief no one is named as holding: the subject and the complement, no speaker
    ("The new bridge is expected to open to traffic next spring.",
     "The new bridge … to open to traffic next spring", "is expected"),
    ("The governor seems to be losing patience with the council.",
     "The governor … to be losing patience with the council", "seems"),
    ("The ministry is said to be preparing a new budget.",
     "The ministry … to be preparing a new budget", "is said"),
    ("It appears that the storm damaged most of the harbor.",
     "that the storm damaged most of the harbor", "appears"),
])
def test_belief_without_a_speaker(seen, text, content, cue):
    assert seen(text) == [("indirect", content, None, cue)]


def test_seems_with_an_adjective_is_not_a_quote(seen):
    assert seen("The river seemed calm.") == []


def test_purpose_infinitive_stays_in_the_reported_clause(seen):
    """"to ask …" says why she met the envoy: it is part of what the senator said."""
    assert seen("The senator said she met the envoy to ask about the talks.") == [
        ("indirect", "she met the envoy to ask about the talks", "The senator", "said")]

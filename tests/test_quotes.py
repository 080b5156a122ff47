"""Quotes: what a user sees for direct, mixed and indirect quotations."""
from __future__ import annotations

from typing import Optional

import pytest

from readout.context import StageInput
from readout.model import Actor, Article, Quote
from readout.quotes import find_marks, find_quotes
from readout.settings import Settings


@pytest.fixture(scope="module")
def quotes(nlp):
    def run(text: str, actors: Optional[list[Actor]] = None) -> list[Quote]:
        inp = StageInput(doc=nlp(text), article=Article(text=text), settings=Settings(),
                         actors=actors or [])
        return find_quotes(inp)

    return run


def only(found: list[Quote], kind: Optional[str] = None) -> Quote:
    chosen = [q for q in found if kind is None or q.kind == kind]
    assert len(chosen) == 1, [(q.kind, q.content.text) for q in found]
    return chosen[0]


def person(aid: str, name: str, code: str, text: str, *more: str) -> Actor:
    mentions = []
    for word in (name, *more):
        start = 0
        while (k := text.find(word, start)) >= 0:
            mentions.append([k, k + len(word)])
            start = k + len(word)
    return Actor(id=aid, name=name, code=code, kind="person", mentions=mentions)


# direct quotes -------------------------------------------------------------------------


def test_curly_quote_closed_by_cue(quotes):
    q = only(quotes("The plan was new. “We will build the bridge next year,” the mayor said."))
    assert q.kind == "direct"
    assert q.content.text == "“We will build the bridge next year,”"
    assert q.speaker.text == "the mayor"
    assert q.cue.text == "said"


def test_straight_quote_with_inverted_speaker(quotes):
    text = '"Prices will keep rising this winter," said Maria Lopez, an economist at the bank.'
    q = only(quotes(text))
    assert q.speaker.text == "Maria Lopez"
    assert text[q.content.start:q.content.end] == '"Prices will keep rising this winter,"'


def test_cue_before_colon(quotes):
    q = only(quotes('Jones said: "The vote was fair and the count was honest."'))
    assert (q.kind, q.speaker.text, q.cue.text) == ("direct", "Jones", "said")
    assert q.content.text.startswith('"The vote')


def test_split_quote_is_one_quote_with_segments(quotes):
    text = "“We will build the bridge,” the mayor said. “It will open next spring.”"
    q = only(quotes(text))
    assert len(q.content.segments) == 2
    first, second = q.content.segments
    assert text[first[0]:first[1]] == "“We will build the bridge,”"
    assert text[second[0]:second[1]] == "“It will open next spring.”"
    assert q.speaker.text == "the mayor"


def test_quote_spanning_sentences(quotes):
    text = "“The road is closed. The bridge is down. Nobody can reach the village,” the officer said."
    q = only(quotes(text))
    assert q.content.text.endswith("village,”")
    assert q.speaker.text == "the officer"


def test_quote_spanning_paragraphs(quotes):
    text = ("“The first part of my answer is simple.\n\n"
            "“The second part is harder to explain,” Omar said.")
    q = only(quotes(text))
    assert q.speaker.text == "Omar"
    assert [text[s:e] for s, e in q.content.segments] == [
        "“The first part of my answer is simple.",
        "“The second part is harder to explain,”",
    ]


def test_continuation_paragraph_continues_previous_speaker(quotes):
    text = ("Ms. Keller, a historian, told the newspaper: “The archive was lost in the fire.”\n\n"
            "“Nothing like it will ever be found again.” The museum closed later that year.")
    q = only(quotes(text))
    assert q.speaker.text == "Ms. Keller"
    assert q.addressee.text == "the newspaper"
    assert len(q.content.segments) == 2
    assert "Nothing like it" in q.content.text


def test_nested_single_quotes_stay_inside(quotes):
    text = "“He told me ‘never again’ and then he left the room,” Clara said."
    q = only(quotes(text))
    assert q.content.text == "“He told me ‘never again’ and then he left the room,”"
    assert q.speaker.text == "Clara"


def test_double_apostrophes_are_quotation_marks(quotes):
    q = only(quotes("''We are ready for the final,'' the coach said on Sunday."))
    assert q.kind == "direct" and q.speaker.text == "the coach"


def test_signed_quote(quotes):
    q = only(quotes("“Vote for change and vote early.” ― Maria Gomez"))
    assert q.speaker.text == "Maria Gomez"


# partial (mixed) quotes ---------------------------------------------------------------


def test_partial_quote_takes_the_reported_clause(quotes):
    text = "Ahmed told reporters on Monday that the talks had been “frank and useful”."
    q = only(quotes(text))
    assert q.kind == "mixed"
    assert q.content.text == "that the talks had been “frank and useful”"
    assert (q.speaker.text, q.cue.text, q.addressee.text) == ("Ahmed", "told", "reporters")


def test_partial_quote_in_object(quotes):
    q = only(quotes("The senator praised the “historic agreement between the two parties”."))
    assert q.kind == "mixed"
    assert q.cue.text == "praised"
    assert "historic agreement" in q.content.text


# not quotes ----------------------------------------------------------------------------


def test_scare_quotes_and_headlines_are_not_quotes(quotes):
    text = ("Minister ‘angry’ over “leak”\n\n"
            "The so-called “peace plan” was rejected by parliament on Friday. "
            "Critics found it 'silly'.")
    assert quotes(text) == []


def test_headline_is_skipped_by_the_mark_finder():
    assert find_marks("Mayor says “no deal” on bridge\n\nThe council met.") == []


# indirect quotes -----------------------------------------------------------------------


def test_indirect_that_clause(quotes):
    q = only(quotes("The finance minister warned on Tuesday that inflation would stay high."))
    assert q.kind == "indirect"
    assert q.content.text == "that inflation would stay high"
    assert (q.speaker.text, q.cue.text) == ("The finance minister", "warned")


def test_indirect_with_addressee(quotes):
    q = only(quotes("Park told the committee that the budget was balanced."))
    assert q.addressee.text == "the committee"
    assert q.speaker.text == "Park"


def test_according_to(quotes):
    q = only(quotes("According to the ministry, forty soldiers were wounded in the attack."))
    assert q.kind == "indirect"
    assert q.speaker.text == "the ministry"
    assert q.cue.text == "According to"
    assert q.content.text == "forty soldiers were wounded in the attack"


def test_statement_that(quotes):
    q = only(quotes("Investors ignored the company's statement that profits had doubled."))
    assert q.cue.text == "statement"
    assert q.speaker.text == "the company"
    assert q.content.text == "that profits had doubled"


def test_parenthetical_cue(quotes):
    text = "The new bridge, officials said, will cost two billion dollars."
    q = only(quotes(text))
    assert q.speaker.text == "officials"
    assert [text[s:e] for s, e in q.content.segments] == [
        "The new bridge", "will cost two billion dollars"]


def test_say_inside_a_direct_quote_is_not_another_quote(quotes):
    q = only(quotes("“I think that we have won,” Lee said."))
    assert q.kind == "direct"


# speakers resolved to actors -----------------------------------------------------------


def test_pronoun_speaker_resolves_to_person(quotes):
    text = "Elena Varga met the press in Vienna. “Our country will not give up,” she said."
    actors = [person("A1", "Elena Varga", "AUTGOV", text)]
    q = only(quotes(text, actors))
    assert (q.speaker.text, q.speaker.actor, q.speaker.code) == ("she", "A1", "AUTGOV")
    assert text[q.speaker.start:q.speaker.end] == "she"


def test_pronoun_prefers_the_last_speaker(quotes):
    text = ("Tomas Berg told Ana Silva that the deal was off. "
            "“We tried everything we could,” he said.")
    actors = [person("A1", "Tomas Berg", "SWEGOV", text),
              person("A2", "Ana Silva", "BRAGOV", text)]
    found = quotes(text, actors)
    direct = only(found, "direct")
    assert direct.speaker.actor == "A1"
    indirect = only(found, "indirect")
    assert indirect.addressee.actor == "A2"


def test_surname_speaker_links_to_actor(quotes):
    text = ("Premier Wang Lei opened the fair. “Trade keeps growing,” Wang added. "
            "“Investment is rising too.”")
    actors = [person("A1", "Wang Lei", "CHNGOV", text, "Wang")]
    q = only(quotes(text, actors))
    assert q.speaker.actor == "A1" and q.cue.text == "added"
    assert len(q.content.segments) == 2


def test_unresolved_speaker_keeps_its_phrase(quotes):
    q = only(quotes("“The shelves are empty,” a shop owner said."))
    assert (q.speaker.text, q.speaker.actor, q.speaker.code) == ("a shop owner", None, None)


# records --------------------------------------------------------------------------------


def test_ids_order_and_offsets(quotes):
    text = ("Analysts say the currency will fall. “We expect a hard winter,” Ruiz said. "
            "According to the bank, reserves are low.")
    found = quotes(text)
    assert [q.id for q in found] == [f"Q{i}" for i in range(1, len(found) + 1)]
    assert [q.content.start for q in found] == sorted(q.content.start for q in found)
    assert len(found) == 3
    for q in found:
        assert 0 <= q.content.start < q.content.end <= len(text)
        assert text[q.cue.start:q.cue.end] == q.cue.text
        assert q.sentence is not None


@pytest.mark.parametrize("text", ["", "   ", '"""', "“", "” ”“ “ said he", "'' '' ''", "said:\n\n“"])
def test_bad_input_never_raises(quotes, text):
    for q in quotes(text):
        assert 0 <= q.content.start <= q.content.end <= len(text)


def test_pipeline_fills_quotes(read):
    record = read("“The harvest was the best in ten years,” the farmer said.")
    assert [q.kind for q in record.quotes] == ["direct"]


def test_the_minister_resolves_to_the_person_named_before(quotes):
    text = ("Defence Minister Karl Holm visited the base on Monday. "
            "“Our soldiers are ready for anything,” the minister said.")
    actors = [person("A1", "Karl Holm", "NORGOV", text)]
    q = only(quotes(text, actors))
    assert (q.speaker.text, q.speaker.actor, q.speaker.code) == ("the minister", "A1", "NORGOV")


def test_addressee_links_to_actor(quotes):
    text = "Omar Haddad told Lena Fischer that the border would reopen soon."
    actors = [person("A1", "Omar Haddad", "JORGOV", text),
              person("A2", "Lena Fischer", "DEUGOV", text)]
    q = only(quotes(text, actors))
    assert (q.speaker.actor, q.addressee.actor, q.addressee.code) == ("A1", "A2", "DEUGOV")


# second pass: datelines, attitude verbs, adjoined cues, excerpts ----------------------------


def test_dateline_is_not_part_of_the_content(quotes):
    text = ("OSLO, March 3 (Nordwire) – Ferries between the islands stopped running after the storm, "
            "port officials said.\n\nRepairs will take a week.")
    q = only(quotes(text))
    assert q.speaker.text == "port officials"
    assert q.content.text == "Ferries between the islands stopped running after the storm"


def test_dateline_place_is_not_the_speaker(quotes):
    text = ("LIMA (Andes Wire) — Peru's central bank said on Monday that inflation had slowed "
            "for a third month.")
    q = only(quotes(text))
    assert "LIMA" not in q.speaker.text
    assert q.content.text == "that inflation had slowed for a third month"


@pytest.mark.parametrize("text, cue, content", [
    ("The senator called for new talks with the teachers' union.", "called for",
     "new talks with the teachers' union"),
    ("The governor urged voters to register before the deadline.", "urged",
     "voters to register before the deadline"),
    ("The farmers' association endorsed the mayor's water plan.", "endorsed",
     "the mayor's water plan"),
    ("The opposition leader criticized the budget as a gift to landlords.", "criticized",
     "the budget as a gift to landlords"),
])
def test_attitude_verbs_attribute_their_object(quotes, text, cue, content):
    q = only(quotes(text))
    assert (q.kind, q.cue.text, q.content.text) == ("indirect", cue, content)


def test_occasion_after_the_object_is_not_content(quotes):
    q = only(quotes("The union called for a pay rise in a statement on Thursday."))
    assert q.content.text == "a pay rise"


def test_naming_and_phoning_are_not_attributions(quotes):
    assert quotes("They drove to a village called Millbrook. She called her sister on Friday.") == []


def test_polls_are_sources(quotes):
    q = only(quotes("Recent polls show the governor with a narrow lead in the north."))
    assert q.speaker.text == "Recent polls"
    assert q.content.text.startswith("the governor with a narrow lead")


def test_second_speech_act_is_not_in_the_content(quotes):
    found = quotes("The minister said the port would reopen next week and warned shippers "
                   "against delays.")
    said = next(q for q in found if q.cue.text == "said")
    assert said.content.text == "the port would reopen next week"


def test_adding_starts_a_quote_of_its_own(quotes):
    text = ("“The roads are clear now,” the engineer said, adding later, "
            "“The bridge will need another month of work.”")
    found = quotes(text)
    assert [q.cue.text for q in found] == ["said", "adding"]
    assert found[1].content.text == "“The bridge will need another month of work.”"
    assert found[1].speaker.text == "the engineer"


def test_called_object_belongs_to_partial_quote(quotes):
    q = only(quotes("The coach called the referee's decision “a disgrace to the sport.”"))
    assert q.kind in ("mixed", "direct")
    assert q.content.text.startswith("the referee's decision")


def test_mixed_content_stays_in_its_paragraph(quotes):
    text = ("The letter was blunt.\n\n"
            "“We cannot wait another year for the clinic,” she told the council.\n\n"
            "The council did not reply before the vote on the new budget.")
    q = only(quotes(text))
    assert q.content.text == "“We cannot wait another year for the clinic,”"


def test_straight_mark_around_an_excerpt_keeps_the_inner_quotes(quotes):
    text = ('"The hall was quiet. “Here she comes,” the guard said. “Stand up, everyone.”\n\n'
            'The report went on for pages.')
    found = quotes(text)
    assert len(found) == 1
    assert found[0].speaker.text == "the guard"
    assert not found[0].content.text.startswith('"The hall')


def test_transcript_turns_are_quotes(quotes):
    text = ("The interview ran late.\n\n"
            "HOST: Will the station reopen before the winter?\n\n"
            "MAYOR: We expect the first trains to run in November.\n\n"
            "The interview was broadcast on Sunday.")
    found = quotes(text)
    assert [(q.speaker.text, q.cue.text, q.content.text) for q in found] == [
        ("HOST", ":", "Will the station reopen before the winter?"),
        ("MAYOR", ":", "We expect the first trains to run in November."),
    ]


def test_clock_time_is_not_the_speaker(quotes):
    text = "12:40 p.m.\n\nThe senator says the bill “will not pass this year.”"
    q = only(quotes(text))
    assert q.speaker.text == "The senator"


@pytest.mark.parametrize("text", [
    "Two shipping firms accused of smuggling fuel were fined on Monday.",
    "The envoy was declared unwelcome and asked to leave within two days.",
    "The reefs, which local fishermen call the Teeth, lie north of the bay.",
])
def test_passives_and_names_are_not_attributions(quotes, text):
    assert [q.cue.text for q in quotes(text) if q.kind == "indirect"] == []


def test_urged_object_is_not_the_speaker_of_the_infinitive(quotes):
    found = quotes("The unions urged the minister to explain the rise in fares.")
    assert [(q.speaker.text, q.cue.text) for q in found] == [("The unions", "urged")]
    assert found[0].content.text == "the minister to explain the rise in fares"

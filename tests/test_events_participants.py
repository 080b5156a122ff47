"""Who the participants of an event are, as a user reads them off the record: the source and
target codes of the event a sentence gives (full pipeline: actors, then events). Sentences
written for readout."""
from __future__ import annotations

import pytest


def dyads(record):
    return {(e.source.code, e.target.code, e.plover) for e in record.events}


def countries(record):
    return {((e.source.code or "")[:3] or None, (e.target.code or "")[:3] or None, e.plover)
            for e in record.events}


@pytest.mark.parametrize("text, expected", [
    # a participant with no country of its own is placed by its own modifiers
    ("The United Nations will send food aid to refugees fleeing the fighting in Mali.",
     ("IGO", "MLI", "AGREE")),
    ("A car bombing near the town of Kirkuk killed three Turkish soldiers on Monday.",
     ("IRQ", "TUR", "ASSAULT")),
    ("A newspaper based in Tunis rejected the demands of the Tunisian government.",
     ("TUN", "TUN", "REJECT")),
    # a group or place in a country is not the country's government: both sides may be one country
    ("The Kenyan government on Friday outlawed the biggest separatist organization in Kenya.",
     ("KEN", "KEN", "COERCE")),
    ("Police said an explosion near the town of Kandahar killed two Afghan soldiers.",
     ("AFG", "AFG", "ASSAULT")),
])
def test_located_participants(read, text, expected):
    assert expected in countries(read(text, published="2005-06-01"))


def test_an_explosion_alone_is_no_participant(read):
    # the second act names no victim: only where it happened, which is no event
    rec = read("An explosion near the town of Kirkuk killed one Turkish soldier and wounded two others.",
               published="2005-06-01")
    assert [(e.source.code, e.target.code, e.cameo) for e in rec.events] == [("IRQ", "TURMIL", "190")]


def test_domestic_place_of_a_threat_is_the_target(read):
    rec = read("President Paul Kagame said he will extend the curfew in Kigali after the riots.",
               published="2005-06-01")
    assert ("RWAGOV", "RWA", "THREATEN") in dyads(rec)


def test_promised_peacekeepers_target_the_place(read):
    rec = read("Bangladesh has refused to deploy peacekeepers in Somalia.", published="2005-06-01")
    assert ("BGD", "SOM", "REJECT") in dyads(rec)


def test_stance_participle_subject_is_the_source(read):
    rec = read("The spokesman said Ghana is committed to opening its markets.", published="2005-06-01")
    assert [(e.source.code, e.target.code, e.cameo) for e in rec.events] == [("GHA", None, "030")]


def test_a_threat_targets_the_party_its_condition_names(read):
    rec = read("Farmers in Uganda threatened to block the roads unless Kenya lifted its ban on maize.",
               published="2005-06-01")
    assert any(e.plover == "THREATEN" and e.target.code == "KEN" for e in rec.events)


def test_a_pledge_to_someone_names_them(read):
    rec = read("The Malawian president has reneged on his commitment to the Malawian farmers.",
               published="2005-06-01")
    assert ("MWIGOV", "MWIAGR", "REJECT") in dyads(rec)


def test_an_appeal_from_someone_names_them(read):
    rec = read("The Ugandan rebels rejected an appeal from the Kenyan government to lay down their arms.",
               published="2005-06-01")
    assert ("UGAREB", "KENGOV", "REJECT") in dyads(rec)


def test_things_received_from_a_body_name_it(read):
    rec = read("The Georgian premier received a team of inspectors from the OSCE on Monday.",
               published="2005-06-01")
    assert any(e.source.code == "GEOGOV" and (e.target.code or "").startswith("IGO") for e in rec.events)


@pytest.mark.parametrize("text, phrase, code", [
    ("Archbishop Desmond Tutu spoke on Sunday.", "Desmond Tutu", "ZAFREL"),
    ("UNITA fighters left the town.", "UNITA", "AGOREB"),
    ("Israeli troops entered Jericho on Monday.", "Jericho", "PSE"),
])
def test_knowledge_base_rows(read, text, phrase, code):
    rec = read(text, published="2005-06-01")
    assert any(a.code == code and phrase in a.name for a in rec.actors), [(a.name, a.code) for a in rec.actors]


def test_ready_to_act_takes_the_subject_of_the_copula(read):
    rec = read("President Paul Kagame said he is ready to visit Uganda.", published="2005-06-01")
    assert ("RWAGOV", "UGA", "AGREE") in dyads(rec)


def test_feeling_threatened_is_no_threat_by_the_one_who_feels_it(read):
    rec = read("The farmers say they feel threatened by the new land law.", published="2005-06-01")
    assert not any(e.plover == "THREATEN" and e.source.code for e in rec.events)

"""The record model: JSON round trip and the shipped JSON Schema."""
from __future__ import annotations

import json

from readout.model import (Actor, ActorRef, Entity, Event, Place, Quantity, Quote, QuoteContent,
                           Readout, Span, Timex, from_dict, to_dict)
from readout.schema import record_schema, validate_record

TEXT = "Chinese President Xi Jinping met Russian Prime Minister Mikhail Mishustin on Wednesday."


def full_record() -> Readout:
    xi = Actor(id="A1", name="Xi Jinping", code="CHNGOV", country="CHN", sector="GOV",
               kind="person", role="President", mentions=[[18, 28]], rule="title")
    mi = Actor(id="A2", name="Mikhail Mishustin", code="RUSGOV", country="RUS", sector="GOV",
               kind="person", role="Prime Minister", mentions=[[56, 73]])
    event = Event(id="E1", sentence=0,
                  source=ActorRef(actor="A1", code="CHNGOV", text="Xi Jinping", start=18, end=28),
                  target=ActorRef(actor="A2", code="RUSGOV", text="Mikhail Mishustin"),
                  cameo="036", root="03", quad_class=1, goldstein=4.0, plover="CONSULT",
                  trigger=Span(text="met", start=29, end=32), evidence=[0, len(TEXT)],
                  date="2023-05-24", location=Place(name="Beijing", country="CHN"),
                  rule="lexicon:meet")
    quote = Quote(id="Q1", kind="direct", speaker=ActorRef(actor="A1", text="Xi", start=18, end=20),
                  cue=Span(text="met", start=29, end=32),
                  content=QuoteContent(text="Chinese", start=0, end=7, segments=[[0, 7]]))
    return Readout(
        id="x1", published="2023-05-24", text=TEXT, sentences=[[0, len(TEXT)]],
        entities=[Entity(text="Xi Jinping", label="PERSON", start=18, end=28)],
        actors=[xi, mi], events=[event], quotes=[quote],
        quantities=[Quantity(text="Chinese", start=0, end=7, value=1.0, unit="USD",
                             kind="money", subjects=["CHN"], source=ActorRef(text="customs"))],
        timexes=[Timex(text="Wednesday", start=77, end=86, type="DATE", value="2023-05-24")],
    )


def test_round_trip_through_json_gives_the_same_record():
    record = full_record()
    again = from_dict(Readout, json.loads(json.dumps(to_dict(record))))
    assert again == record


def test_a_full_record_validates_against_the_schema():
    assert validate_record(to_dict(full_record())) == []


def test_an_empty_record_has_every_field_and_validates():
    data = to_dict(Readout(id="empty"))
    assert set(record_schema()["required"]) <= set(data)
    assert data["events"] == [] and data["url"] is None
    assert validate_record(data) == []


def test_schema_catches_a_bad_cameo_code_and_a_span_outside_the_text():
    data = to_dict(full_record())
    data["events"][0]["cameo"] = 36
    assert any("cameo" in p for p in validate_record(data))
    data = to_dict(full_record())
    data["timexes"][0]["end"] = 10_000
    assert any("outside the text" in p for p in validate_record(data))


def test_records_are_frozen_keyword_only_dataclasses_with_their_defaults():
    import dataclasses
    import pickle

    import pytest

    actor = Actor(id="A1", name="Xi Jinping")
    other = Actor(id="A2", name="Vladimir Putin")
    actor.mentions.append([0, 10])
    assert other.mentions == []  # each record gets its own default list
    assert actor.code is None and actor.kind is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.code = "CHNGOV"  # type: ignore[misc]
    with pytest.raises(TypeError, match="label"):
        Entity(text="Xi", start=0, end=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        Entity(text="Xi", label="PERSON", start=0, end=2, colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Entity("Xi", "PERSON", 0, 2)  # type: ignore[misc]
    changed = dataclasses.replace(actor, code="CHNGOV")
    assert (changed.code, changed.mentions, actor.code) == ("CHNGOV", [[0, 10]], None)
    assert pickle.loads(pickle.dumps(changed)) == changed
    assert hash(Entity(text="Xi", label="PERSON", start=0, end=2)) == hash(
        Entity(text="Xi", label="PERSON", start=0, end=2))
    assert full_record() == full_record()

"""The spaCy layer of the record: sentence boundaries and named entities."""
from __future__ import annotations

from spacy.tokens import Doc

from readout.model import Entity


def sentence_ranges(doc: Doc) -> list[list[int]]:
    """``[start, end)`` character ranges of the sentences, whitespace trimmed."""
    ranges = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        if end > start:
            ranges.append([start, end])
    return ranges


def named_entities(doc: Doc) -> list[Entity]:
    """spaCy's named entities with their labels and offsets."""
    return [
        Entity(text=ent.text, label=ent.label_, start=ent.start_char, end=ent.end_char)
        for ent in doc.ents
    ]

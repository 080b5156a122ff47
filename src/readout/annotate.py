"""The spaCy layer of the record: sentence boundaries and named entities."""
from __future__ import annotations

from typing import Optional

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from readout.model import Entity


def sentence_ranges(doc: Doc, text: Optional[str] = None) -> list[list[int]]:
    """``[start, end)`` character ranges of the sentences, whitespace trimmed. ``text`` is
    ``doc.text`` when the caller has it (spaCy rebuilds it on every access)."""
    if not len(doc):
        return []
    text = doc.text if text is None else text
    # a sentence runs from its first token to the next sentence's first token; what lies
    # between its last token and that is whitespace, trimmed below like the rest
    table = doc.to_array([SENT_START, IDX])
    is_start = table[:, 0] == 1
    is_start[0] = True
    starts = table[is_start, 1].tolist()
    ranges = []
    for start, end in zip(starts, [*starts[1:], len(text)]):
        chunk = text[start:end]
        lo = start + (len(chunk) - len(chunk.lstrip()))
        hi = end - (len(chunk) - len(chunk.rstrip()))
        if hi > lo:
            ranges.append([lo, hi])
    return ranges


def named_entities(doc: Doc, text: Optional[str] = None) -> list[Entity]:
    """spaCy's named entities with their labels and offsets."""
    text = doc.text if text is None else text
    return [
        Entity(text=text[ent.start_char:ent.end_char], label=ent.label_, start=ent.start_char,
               end=ent.end_char)
        for ent in doc.ents
    ]

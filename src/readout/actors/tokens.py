"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same strings for a fraction of the cost."""
from __future__ import annotations

import functools

from spacy import parts_of_speech
from spacy.attrs import DEP, LOWER, ORTH, POS, SENT_START
from spacy.tokens import Doc

from readout.actors.kb import compact


class TokenTable:
    """Per-token text, lower case, coarse tag, dependency label and compact key of ``doc``
    (lists indexed by token), and the sentence number of every token."""

    def __init__(self, doc: Doc):
        self.doc = doc
        cols = doc.to_array([ORTH, LOWER, POS, DEP]).T.tolist() if len(doc) else [[], [], [], []]
        strings = doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in cols[0]]
        self.lowers: list[str] = [strings[h] for h in cols[1]]
        self.pos: list[str] = [parts_of_speech.NAMES[p] for p in cols[2]]
        self.deps: list[str] = [strings[h] for h in cols[3]]
        self.pieces: list[str] = [compact(t) for t in self.texts]

    @functools.cached_property
    def sent_of(self) -> dict[int, int]:
        """Token index → number of its sentence, counted as ``doc.sents`` yields them."""
        doc = self.doc
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            return {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        out: dict[int, int] = {}
        n = 0
        starts = doc.to_array(SENT_START).tolist() if len(doc) else []
        for i, start in enumerate(starts):
            if i and start == 1:
                n += 1
            out[i] = n
        return out

    @functools.cached_property
    def text_length(self) -> int:
        """len(doc.text), without joining the text again."""
        doc = self.doc
        if not len(doc):
            return 0
        last = doc[len(doc) - 1]
        return last.idx + len(last.text_with_ws)

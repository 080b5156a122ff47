"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same strings for a fraction of the cost."""
from __future__ import annotations

import bisect
import functools
from typing import Iterable, Optional, Union

from spacy import parts_of_speech
from spacy.attrs import LOWER, ORTH, POS, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc

from readout.actors.kb import compact


def _compact(text: str) -> str:
    """``compact``, without the regular expression for plain ASCII words."""
    if text.isascii() and text.isalnum():
        return text.lower()
    return compact(text)


class SentenceMap:
    """Token index → sentence number, read like the dict ``{t.i: n for n, sent in
    enumerate(doc.sents) for t in sent}`` (``get`` only)."""

    def __init__(self, starts: list[int], length: int):
        self.starts, self.length = starts, length  # token indices where sentences 1.. start

    def get(self, i: int, default: Optional[int] = None) -> Optional[int]:
        if not isinstance(i, int) or not 0 <= i < self.length:
            return default
        return bisect.bisect_right(self.starts, i)


class TokenTable:
    """Per-token text, coarse tag and compact key of ``doc`` (lists indexed by token), the
    tokens with a given lower-case form, the sentence of a token and the text of a span."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.length = n = len(doc)
        cols = doc.to_array([ORTH, POS, SPACY, LOWER]).T.tolist() if n else [[], [], [], []]
        strings = doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in cols[0]]
        self.pos: list[str] = [parts_of_speech.NAMES[p] for p in cols[1]]
        self.spaces: list[int] = cols[2]
        self._lower_ids: list[int] = cols[3]
        self.pieces: list[str] = [_compact(t) for t in self.texts]

    def with_lower(self, forms: Iterable[str]) -> list[tuple[int, str]]:
        """(index, lower-case form) of the tokens whose ``lower_`` is one of ``forms``, in order."""
        ids = _ids(tuple(sorted(forms)))
        strings = self.doc.vocab.strings
        out = []
        for i, h in enumerate(self._lower_ids):
            if h in ids:
                lower = strings[h]
                if lower in ids[h]:
                    out.append((i, lower))
        return out

    @functools.cached_property
    def sent_of(self) -> Union[dict[int, int], SentenceMap]:
        """Token index → number of its sentence, counted as ``doc.sents`` yields them."""
        doc = self.doc
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            return {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        flags = doc.to_array(SENT_START).tolist()
        return SentenceMap([i for i in range(1, self.length) if flags[i] == 1], self.length)

    @functools.cached_property
    def text_length(self) -> int:
        """len(doc.text), without joining the text again."""
        if not self.length:
            return 0
        last = self.doc[self.length - 1]
        return last.idx + len(last.text_with_ws)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if not (0 <= start < end <= self.length):
            return self.doc[start:end].text
        texts, spaces = self.texts, self.spaces
        parts = [texts[i] + " " if spaces[i] else texts[i] for i in range(start, end - 1)]
        parts.append(texts[end - 1])
        return "".join(parts)


@functools.lru_cache(maxsize=16)
def _ids(forms: tuple[str, ...]) -> dict[int, set[str]]:
    """String ids of ``forms`` → the forms with that id."""
    out: dict[int, set[str]] = {}
    for form in forms:
        out.setdefault(get_string_id(form), set()).add(form)
    return out

"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same strings for a fraction of the cost."""
from __future__ import annotations

import bisect
import functools
from typing import Iterable, Optional, Union

from spacy import parts_of_speech
from spacy.attrs import IDX, LOWER, ORTH, POS, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc

from readout.actors.kb import compact


# ASCII characters ``compact`` drops (after lower-casing): all but a-z and 0-9
_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()
                                            or chr(c).isupper()))


def _compact(text: str) -> str:
    """``compact``, without the regular expression for ASCII text."""
    if text.isascii():
        return text.lower().translate(_ASCII_DROP)
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
        cols = doc.to_array([ORTH, POS, SPACY, LOWER, IDX]).T.tolist() if n else [[]] * 5
        strings = doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in cols[0]]
        self.pos: list[str] = [parts_of_speech.NAMES[p] for p in cols[1]]
        self.spaces: list[int] = cols[2]
        self._lower_ids: list[int] = cols[3]
        self.idx: list[int] = cols[4]  # character offset of each token
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
        flags = doc.to_array(SENT_START)
        return SentenceMap(((flags[1:] == 1).nonzero()[0] + 1).tolist(), self.length)

    @property
    def text_length(self) -> int:
        """len(doc.text), without joining the text again."""
        if not self.length:
            return 0
        return self.idx[-1] + len(self.texts[-1]) + (1 if self.spaces[-1] else 0)

    def char_end(self, i: int) -> int:
        """Where token ``i`` ends (``doc[i].idx + len(doc[i].text)``)."""
        return self.idx[i] + len(self.texts[i])

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

"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same strings for a fraction of the cost. A span (``doc[a:b]``) costs far more
than a token: span texts are cut from the text and span roots are remembered."""
from __future__ import annotations

import bisect
import functools
from typing import Iterable, Optional, Union

import numpy as np
from spacy import parts_of_speech
from spacy.attrs import IDX, ORTH, POS, SENT_START, SPACY
from spacy.tokens import Doc, Token

from readout.actors.kb import compact

# (``to_array`` costs per column: the trailing spaces, rarely read, are fetched when needed,
# and the lower-case forms come from the texts)
COLUMNS = [ORTH, POS, IDX, SENT_START]
# column numbers in the array ``to_array(COLUMNS)`` gives
_ORTH, _POS, _IDX, _SENT_START = range(len(COLUMNS))
# coarse tag id → name, as an array so a whole column is looked up at once
POS_NAMES = np.array([parts_of_speech.NAMES.get(n, "") for n in range(max(parts_of_speech.NAMES) + 1)],
                     dtype=object)


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
    tokens with a given lower-case form, the sentence of a token, the root of a span, the
    entities and the text of a span. Other attributes are read from ``doc[i]`` where needed:
    a token is cheap, a span (``doc[a:b]``) is not."""

    def __init__(self, doc: Doc, text: Optional[str] = None):
        self.doc = doc
        self.length = n = len(doc)
        self._array = array = doc.to_array(COLUMNS) if n else np.zeros((0, len(COLUMNS)), dtype=np.uint64)
        strings = doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in array[:, _ORTH].tolist()]
        self.pieces: list[str] = [compact(t) for t in self.texts]  # compact key of each token
        self.pos: list[str] = POS_NAMES[array[:, _POS]].tolist()
        self.idx: list[int] = array[:, _IDX].tolist()  # character offset of each token
        self._roots: dict[tuple[int, int], Token] = {}
        self._root_deps: dict[tuple[int, int], str] = {}
        self._with_lower: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        # ``doc.text`` when the caller has it (spans are then cut from it)
        self._text = text if text is not None and len(text) == self.text_length else None

    @functools.cached_property
    def spaces(self) -> list[int]:
        """Whether a space follows each token (1 or 0)."""
        return self.doc.to_array([SPACY]).tolist() if self.length else []

    def root(self, start: int, end: int) -> Token:
        """``doc[start:end].root`` (remembered per span)."""
        if end == start + 1 and 0 <= start < self.length:
            return self.doc[start]  # a one-token span is its own root
        key = (start, end)
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = self.doc[start:end].root
        return found

    def root_dep(self, start: int, end: int) -> str:
        """``doc[start:end].root.dep_`` (remembered per span)."""
        key = (start, end)
        found = self._root_deps.get(key)
        if found is None:
            found = self._root_deps[key] = self.root(start, end).dep_
        return found

    @functools.cached_property
    def ents(self) -> list[tuple[int, int, str]]:
        """(start, end, label) of ``doc.ents``."""
        return [(e.start, e.end, e.label_) for e in self.doc.ents]

    def with_lower(self, forms: Iterable[str]) -> list[tuple[int, str]]:
        """(index, lower-case form) of the tokens whose ``lower_`` is one of ``forms``, in order
        (remembered per set of forms: two rules may look for the same words)."""
        key = tuple(sorted(forms))
        found = self._with_lower.get(key)
        if found is None:
            wanted = set(key)
            # a token's compact key is its lower-case form without punctuation: the keys of
            # ``forms`` find the few candidates, the lower-case text (``lower_``) decides
            keys = {compact(form) for form in key}
            texts = self.texts
            hits = [i for i, piece in enumerate(self.pieces) if piece in keys]
            found = [(i, texts[i].lower()) for i in hits if texts[i].lower() in wanted]
            self._with_lower[key] = found
        return found

    @functools.cached_property
    def sent_of(self) -> Union[dict[int, int], SentenceMap]:
        """Token index → number of its sentence, counted as ``doc.sents`` yields them."""
        doc = self.doc
        flags = self._array[1:, _SENT_START]  # 1: starts a sentence, -1: does not, 0: unknown
        starts = [i + 1 for i in (flags == 1).nonzero()[0].tolist()]
        # ``doc.has_annotation("SENT_START")`` (documents of one token or none always have it)
        annotated = self.length <= 1 or bool(starts) or len(flags.nonzero()[0]) > 0
        if "sents" in doc.user_hooks or not annotated:
            return {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        return SentenceMap(starts, self.length)

    @property
    def text_length(self) -> int:
        """len(doc.text), without joining the text again."""
        if not self.length:
            return 0
        return self.idx[-1] + len(self.texts[-1]) + len(self.doc[-1].whitespace_)

    def char_end(self, i: int) -> int:
        """Where token ``i`` ends (``doc[i].idx + len(doc[i].text)``)."""
        return self.idx[i] + len(self.texts[i])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if not (0 <= start < end <= self.length):
            return self.doc[start:end].text
        if self._text is not None:
            return self._text[self.idx[start]:self.char_end(end - 1)]
        texts, spaces = self.texts, self.spaces
        parts = [texts[i] + " " if spaces[i] else texts[i] for i in range(start, end - 1)]
        parts.append(texts[end - 1])
        return "".join(parts)


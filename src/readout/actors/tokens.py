"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same strings for a fraction of the cost. A span (``doc[a:b]``) costs far more
than a token: span texts are cut from the text and span roots are remembered."""
from __future__ import annotations

import bisect
import functools
from typing import Iterable, Optional, Union

from spacy import parts_of_speech
from spacy.attrs import IDX, LOWER, ORTH, POS, SENT_START, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from readout.actors.kb import compact

COLUMNS = [ORTH, POS, SPACY, LOWER, IDX, SENT_START]


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
        cols = doc.to_array(COLUMNS).T.tolist() if n else [[] for _ in COLUMNS]
        strings = doc.vocab.strings
        self.texts: list[str] = [strings[h] for h in cols[0]]
        self.pieces: list[str] = [compact(t) for t in self.texts]  # compact key of each token
        self.pos: list[str] = list(map(parts_of_speech.NAMES.__getitem__, cols[1]))
        self.spaces: list[int] = cols[2]
        self._lower_ids: list[int] = cols[3]
        self.idx: list[int] = cols[4]  # character offset of each token
        self._sent_flags: list[int] = cols[5]
        self._roots: dict[tuple[int, int], Token] = {}
        self._root_deps: dict[tuple[int, int], str] = {}
        # ``doc.text`` when the caller has it (spans are then cut from it)
        self._text = text if text is not None and len(text) == self.text_length else None

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
        """(index, lower-case form) of the tokens whose ``lower_`` is one of ``forms``, in order."""
        ids = _ids(tuple(sorted(forms)))
        strings, lowers = self.doc.vocab.strings, self._lower_ids
        hits = [i for i, h in enumerate(lowers) if h in ids]
        return [(i, strings[lowers[i]]) for i in hits if strings[lowers[i]] in ids[lowers[i]]]

    @functools.cached_property
    def sent_of(self) -> Union[dict[int, int], SentenceMap]:
        """Token index → number of its sentence, counted as ``doc.sents`` yields them."""
        doc = self.doc
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            return {t.i: n for n, sent in enumerate(doc.sents) for t in sent}
        flags = self._sent_flags
        return SentenceMap([i for i in range(1, self.length) if flags[i] == 1], self.length)

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
        if self._text is not None:
            return self._text[self.idx[start]:self.char_end(end - 1)]
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

"""The token attributes the actor rules scan, read once per document.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every iteration, and the rules
look at every token several times (names, cues, short names, pronouns); one ``to_array``
call gives the same attributes for a fraction of the cost. A span (``doc[a:b]``) costs far
more than a token: span texts are cut from the text and span roots are remembered. With the
text at hand the token texts are cut from it too (where each token starts and how long it
is), which costs less than reading each one from the vocabulary's strings.

A Python pass over every token costs as much as a good part of the rules, so the scans the
rules need are made where they are cheap: the content words and proper nouns from the tag
column (numpy), the capitalised words from the first characters of the tokens (numpy, over
the text as code points), the pronouns and particles from the set of the words written."""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Iterable, Optional, Union

import numpy as np
from spacy import parts_of_speech
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, ORTH, POS, SENT_START, SPACY
from spacy.tokens import Doc, Token

from readout.actors.kb import compact

# (``to_array`` costs per column: the trailing spaces, rarely read, are fetched when needed,
# the lower-case forms come from the texts, and so do the texts when the text is at hand)
COLUMNS = [IDX, LENGTH, POS, SENT_START, ENT_IOB, ENT_TYPE]
# column numbers in the array ``to_array(COLUMNS)`` gives
_IDX, _LENGTH, _POS, _SENT_START, _ENT_IOB, _ENT_TYPE = range(len(COLUMNS))
# coarse tag id → name, as an array so a whole column is looked up at once
POS_NAMES = np.array([parts_of_speech.NAMES.get(n, "") for n in range(max(parts_of_speech.NAMES) + 1)],
                     dtype=object)


# ``Token.ent_iob`` of the tokens as bytes (0: not set, 1: inside, 2: outside, 3: beginning):
# an entity is a beginning and the inside tokens after it
_ENTITY = re.compile(rb"\x03\x01*")

ASTRAL = 0x10000  # the first code point outside the Basic Multilingual Plane


@functools.lru_cache(maxsize=1)
def _capital_or_digit_table() -> np.ndarray:
    """``c.isupper() or c.isdigit()`` of every character of the BMP, by code point, and True
    at ``ASTRAL`` for any character beyond it (those are tested one by one)."""
    table = np.fromiter((c.isupper() or c.isdigit() for c in map(chr, range(ASTRAL))), dtype=bool, count=ASTRAL)
    return np.append(table, True)


# every lower-case word the rules look for anywhere in a document: the particles a name may
# start with (``matches.LOWER_PARTICLES``) and the pronouns coreference links to actors
# (``coref.PRONOUNS``, ``IT_FORMS``, ``THEY_FORMS``). The rules ask ``with_lower`` for all of
# them and keep their own: one scan of the tokens finds them all, one scan each costs twice.
LOWER_WORDS = ("al", "bin", "collective", "de", "el", "he", "ibn", "it", "its", "she", "their", "them",
               "they", "van", "von")

KELVIN = "\u212a"  # the one non-ASCII character that lowers to an ASCII letter ("k")


def case_forms(word: str) -> set[str]:
    """Every way of writing the ASCII ``word`` in upper and lower case: the texts whose
    ``lower()`` is ``word``."""
    return {"".join(chars) for chars in
            itertools.product(*({c, c.upper()} | ({KELVIN} if c == "k" else set()) for c in word))}


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
        self._idx = array[:, _IDX]
        self.idx: list[int] = self._idx.tolist()  # character offset of each token
        self.ends: list[int] = (self._idx + array[:, _LENGTH]).tolist()  # and where it ends
        # len(doc.text), without joining the text again
        self.text_length = self.ends[-1] + len(doc[-1].whitespace_) if n else 0
        # ``doc.text`` when the caller has it (token and span texts are then cut from it)
        self._text = text if text is not None and len(text) == self.text_length else None
        if self._text is not None:
            self.texts: list[str] = [text[start:end] for start, end in zip(self.idx, self.ends)]
        else:
            strings = doc.vocab.strings
            self.texts = [strings[h] for h in doc.to_array([ORTH]).tolist()]
        # compact key of each token (a lower-case form of letters and digits is its own key)
        self.pieces: list[str] = [low if (low := t.lower()).isalnum() else _compact(t) for t in self.texts]
        # (as array indices: the tag tables are looked up with them)
        self._pos_ids = array[:, _POS].astype(np.intp)
        self.pos: list[str] = POS_NAMES[self._pos_ids].tolist()
        self._roots: dict[tuple[int, int], Token] = {}
        self._root_deps: dict[tuple[int, int], str] = {}
        self._with_lower: dict[tuple[str, ...], list[tuple[int, str]]] = {}

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
        """(start, end, label) of ``doc.ents``, found as spaCy finds them, in the entity
        columns (``doc.ents`` builds a span for each entity, which costs more)."""
        codes = self._array[:, _ENT_IOB].astype(np.uint8).tobytes()
        if codes[:1] == b"\x01" or b"\x00\x01" in codes or b"\x02\x01" in codes:
            return self._spacy_ents()  # (raises: an inside token continues no entity)
        spans = [m.span() for m in _ENTITY.finditer(codes)]
        # the label of each (the label ids of the beginnings, read at once, and the names of
        # the few labels there are)
        kinds = self._array[[start for start, _ in spans], _ENT_TYPE].tolist()
        strings = self.doc.vocab.strings
        label_of = {kind: strings[kind] for kind in set(kinds)}
        found = []
        for (start, end), kind in zip(spans, kinds):
            if kind == 0:  # a beginning with no label is outside any entity
                if end > start + 1:
                    return self._spacy_ents()  # (raises: the inside tokens continue nothing)
                continue
            found.append((start, end, label_of[kind]))
        return found

    def _spacy_ents(self) -> list[tuple[int, int, str]]:
        """(start, end, label) of ``doc.ents``, from spaCy's spans."""
        return [(e.start, e.end, e.label_) for e in self.doc.ents]

    def with_tags(self, tags: Iterable[str]) -> list[int]:
        """The indices of the tokens whose coarse tag is one of ``tags``, in order."""
        return _tag_table(tuple(tags))[self._pos_ids].nonzero()[0].tolist()

    def capitalised(self) -> list[int]:
        """The indices of the tokens whose text starts with an upper-case letter or a digit
        (``t[:1].isupper() or t[:1].isdigit()``), in order: the first characters are looked
        up at once in a table of characters (the text as an array of code points)."""
        texts = self.texts
        if self._text is None or not self.length:
            return [i for i in range(self.length) if (first := texts[i][:1]).isupper() or first.isdigit()]
        points = np.frombuffer(self._text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        firsts = points[self._idx]
        found = _capital_or_digit_table()[np.minimum(firsts, ASTRAL)].nonzero()[0].tolist()
        if firsts.max() >= ASTRAL:  # (rare) a character beyond the table: test the texts
            found = [i for i in found if (first := texts[i][:1]).isupper() or first.isdigit()]
        return found

    def written(self, forms: frozenset[str]) -> list[int]:
        """The indices of the tokens whose text is one of ``forms``, in order (at C speed)."""
        return list(itertools.compress(range(self.length), map(forms.__contains__, self.texts)))

    def with_lower(self, forms: Iterable[str]) -> list[tuple[int, str]]:
        """(index, lower-case form) of the tokens whose ``lower_`` is one of ``forms`` (ASCII
        words), in order (remembered per set of forms: two rules may look for the same words)."""
        key = tuple(sorted(forms))
        found = self._with_lower.get(key)
        if found is None:
            texts = self.texts
            found = [(i, texts[i].lower()) for i in self.written(_case_forms_of(key))]
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

    def char_end(self, i: int) -> int:
        """Where token ``i`` ends (``doc[i].idx + len(doc[i].text)``)."""
        return self.ends[i]

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


# the key of a token that is not all letters and digits: punctuation, "U.S.", "Jong-un", the
# same few over and over (remembered: working a key out costs more than looking it up)
_compact = functools.lru_cache(maxsize=8192)(compact)


@functools.lru_cache(maxsize=16)
def _tag_table(tags: tuple[str, ...]) -> np.ndarray:
    """Whether a coarse tag id is one of ``tags``, by tag id."""
    wanted = np.zeros(len(POS_NAMES), dtype=bool)
    wanted[[parts_of_speech.IDS[tag] for tag in tags]] = True
    return wanted


@functools.lru_cache(maxsize=16)
def _case_forms_of(words: tuple[str, ...]) -> frozenset[str]:
    """The ``case_forms`` of all ``words``."""
    return frozenset(form for word in words for form in case_forms(word))

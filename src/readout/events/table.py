"""The token attributes the event coder scans, read once per document.

Looking for triggers touches every token of every sentence, and most are turned away by
their part of speech, dependency label or lemma alone. spaCy builds a new ``Token`` object on
every ``doc[i]`` and on every iteration, and reading a string from the vocabulary is not free
either; one ``to_array`` call gives the tags and labels as numbers to compare against, the
strings are read only for the tokens that need them (each distinct one once), and a ``Token``
is only built for the few tokens that go on to the lexicon search."""
from __future__ import annotations

import functools
from typing import AbstractSet, Callable, Iterable, Optional

from spacy import parts_of_speech
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token

from readout.dependencies import children_index

COLUMNS = [LEMMA, LOWER, POS, DEP, HEAD]


def pos_id(name: str) -> int:
    """The number ``to_array`` gives for a coarse tag ("VERB")."""
    return int(parts_of_speech.IDS[name])


def label_ids(names: frozenset[str] | tuple[str, ...]) -> frozenset[int]:
    """The numbers ``to_array`` gives for dependency labels ("dobj", …) or lower-case
    words ("of")."""
    return frozenset(get_string_id(n) for n in names)


def label_id(name: str) -> int:
    """The number ``to_array`` gives for one label, tag or lower-case word."""
    return get_string_id(name)


@functools.lru_cache(maxsize=4)
def _lemma_reader(strings: StringStore) -> Callable[[int], str]:
    """The lower-case text of a lemma from its number in ``strings``, cached by the number
    alone: a hit is one lookup with no Python step, as every token's lemma is read for
    every article (reading a string from the vocabulary costs more, and the same lemmas
    come back in every article; 16k entries, a few MB, as names and numbers bring new
    lemmas in every article)."""

    @functools.lru_cache(maxsize=1 << 14)
    def lower_lemma(lemma: int) -> str:
        return strings[lemma].lower()

    return lower_lemma


class _Strings(dict):
    """String id → string, read from the store on first use."""

    def __init__(self, store: StringStore):
        super().__init__()
        self.store = store

    def __missing__(self, key: int) -> str:
        text = self[key] = self.store[key]
        return text


class TokenTable:
    """Per-token coarse tag and dependency label of ``doc`` as numbers (``pos_id``,
    ``label_ids``), each token's lower-case lemma, its lower-case word (as a number, and as
    a string on demand), and the parse as index lists: each token's head and children
    (walking ``Token.children`` builds a new object per child and reads each label from
    the vocabulary again). One per document, shared by the trigger search and the
    participant, negation and modality readers."""

    def __init__(self, doc: Doc):
        self.doc = doc
        array = doc.to_array(COLUMNS)
        cols = array[:, :4].T.tolist()
        strings = doc.vocab.strings
        self.lemmas: list[str] = list(map(_lemma_reader(strings), cols[0]))  # no Python step
        self.lower_ids: list[int] = cols[1]  # string ids of the lower-case words: no string read
        self.pos: list[int] = cols[2]
        self.deps: list[int] = cols[3]
        heads, order, starts = children_index(array[:, 4])
        # token i's children are order[starts[i]:starts[i + 1]] (``children``; the hottest
        # loops slice them directly, a method call costing more than the slice)
        self.heads, self.order, self.starts = heads.tolist(), order.tolist(), starts.tolist()
        self.strings = strings
        self._lowers = _Strings(strings)

    @functools.cached_property
    def entities(self) -> list[tuple[int, int, int, int]]:
        """(first token, end token, first character, end character) of each of ``doc.ents``:
        spaCy builds every entity span again on each read of ``doc.ents``."""
        return [(e.start, e.end, e.start_char, e.end_char) for e in self.doc.ents]

    def children(self, i: int) -> list[int]:
        """Token ``i``'s children, in text order."""
        return self.order[self.starts[i]:self.starts[i + 1]]

    def tag(self, i: int) -> str:
        """``doc[i].tag_``: read for a few tokens only, so not a column of its own."""
        return self.doc[i].tag_

    def token(self, i: int) -> Token:
        """``doc[i]``, built only for what goes on as a ``Token``."""
        return self.doc[i]

    def first_kid(self, i: int, labels: AbstractSet[int]) -> Optional[int]:
        """Token ``i``'s first child with one of the dependency ``labels``, or None."""
        deps = self.deps
        return next((c for c in self.children(i) if deps[c] in labels), None)

    def lemma(self, i: int) -> str:
        """``doc[i].lemma_.lower()``."""
        return self.lemmas[i]

    def lower(self, i: int) -> str:
        """``doc[i].lower_``."""
        return self._lowers[self.lower_ids[i]]

    def words_under(self, token: Token) -> Words:
        """The lower-case lemmas and words of ``token``'s subtree (its edges bound every
        descendant): whatever a lexicon entry asks for around a trigger is among them."""
        start, end = token.left_edge.i, token.right_edge.i + 1
        return Words(self.lemmas[start:end] + self.lower_ids[start:end])


class Words(frozenset):
    """Lower-case words in one set, as strings to compare with lemmas and as string ids to
    compare with the table's lower-case word ids (reading those strings would cost more than
    the rest): a string never equals a number, so lemmas only meet lemmas and words words,
    and one set operation compares both."""


def words(forms: Iterable[str]) -> Words:
    """``forms`` as a ``Words`` to meet a table's lemmas and words."""
    forms = frozenset(forms)
    return Words(forms | label_ids(forms))

"""A document's dependency tree as lists of integers, read with one ``Doc.to_array`` call.

The claims of a quantity walk the tree several times per quantity: children of the root
and of the heads above it, subtrees of subjects and metrics. spaCy's ``token.children``
and ``token.subtree`` are chains of generators that build a ``Token`` object for every
token they pass, and ``token.dep_`` looks its label's string up each time; ``Tree`` answers
with indices and label ids, and the claims build ``Token`` objects only for the tokens whose
words or lemmas they read.
"""
from __future__ import annotations

import bisect
from typing import Iterable

import numpy
from spacy.attrs import DEP, HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc

_MISSING_DEP = 0  # spacy.tokens.token.MISSING_DEP: a token without a label has no head


def label_ids(labels: Iterable[str]) -> frozenset[int]:
    """The ids spaCy stores for some labels: ``token.dep_ in labels`` exactly when
    ``token.dep in label_ids(labels)``."""
    return frozenset(get_string_id(label) for label in labels)


class Tree:
    """``head[i]`` is ``doc[i].head.i`` and ``dep[i]`` is ``doc[i].dep`` (the label's id)."""

    def __init__(self, offsets: numpy.ndarray, deps: numpy.ndarray) -> None:
        """``offsets`` and ``deps``: the HEAD and DEP columns of ``Doc.to_array``. The lists
        are made by numpy in a few calls per document, whatever its length."""
        positions = numpy.arange(len(offsets))
        # HEAD is the offset to the head, a signed number stored unsigned
        parents = positions + offsets.view(numpy.int64)
        self.dep: list[int] = deps.tolist()
        # Token.head is the token itself when the token has no label
        self.head: list[int] = numpy.where(deps == _MISSING_DEP, positions, parents).tolist()
        # Token.children lists the tokens between the token's left and right edge whose head
        # is the token; the edges are set from the heads (doc.set_children_from_heads) so
        # that they hold every such token: they are all the tokens with that head. Sorted
        # by head (a stable sort: by index within a head), the children of i are one stretch.
        order = numpy.argsort(parents, kind="stable")
        self._by_head: list[int] = order.tolist()
        self._heads_sorted: list[int] = parents[order].tolist()

    @classmethod
    def of(cls, doc: Doc) -> Tree:
        """The tree of a parsed document."""
        table = doc.to_array([HEAD, DEP])
        return cls(table[:, 0], table[:, 1])

    def children(self, i: int) -> list[int]:
        """The indices of ``doc[i].children``, left to right (a root is its own head)."""
        found = self._by_head[bisect.bisect_left(self._heads_sorted, i):
                              bisect.bisect_right(self._heads_sorted, i)]
        return [k for k in found if k != i] if self.head[i] == i else found

    def subtree(self, i: int) -> list[int]:
        """The indices of ``doc[i].subtree``, in spaCy's order: each left child's subtree,
        the token, each right child's subtree."""
        out: list[int] = []
        kids = self.children(i)
        for k in kids:
            if k < i:
                out += self.subtree(k)
        out.append(i)
        for k in kids:
            if k > i:
                out += self.subtree(k)
        return out

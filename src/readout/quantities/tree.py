"""A document's dependency tree as lists of integers, read with one ``Doc.to_array`` call.

The claims of a quantity walk the tree several times per quantity: children of the root
and of the heads above it, subtrees of subjects and metrics. spaCy's ``token.children``
and ``token.subtree`` are chains of generators that build a ``Token`` object for every
token they pass, and ``token.dep_`` looks its label's string up each time; ``Tree`` answers
with indices and label ids, and the claims build ``Token`` objects only for the tokens whose
words or lemmas they read.
"""
from __future__ import annotations

from typing import Iterable

from spacy.attrs import DEP, HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc

_MISSING_DEP = 0  # spacy.tokens.token.MISSING_DEP: a token without a label has no head


def label_ids(labels: Iterable[str]) -> frozenset[int]:
    """The ids spaCy stores for some labels: ``token.dep_ in labels`` exactly when
    ``token.dep in label_ids(labels)``."""
    return frozenset(get_string_id(label) for label in labels)


class Tree:
    """``head[i]`` is ``doc[i].head.i``, ``dep[i]`` is ``doc[i].dep`` (the label's id) and
    ``children[i]`` the indices of ``doc[i].children``, left to right."""

    def __init__(self, doc: Doc) -> None:
        offsets, self.dep = doc.to_array([HEAD, DEP]).T.tolist()
        # HEAD is the offset to the head, a signed number stored in an unsigned column
        heads = [i + (off - (1 << 64) if off >= 1 << 63 else off) for i, off in enumerate(offsets)]
        # Token.head is the token itself when the token has no label
        self.head: list[int] = [i if dep == _MISSING_DEP else h
                                for i, (h, dep) in enumerate(zip(heads, self.dep))]
        # Token.children lists the tokens between the token's left and right edge whose head
        # is the token; the edges are set from the heads (doc.set_children_from_heads) so
        # that they hold every such token: they are all the tokens with that head.
        self.children: list[list[int]] = [[] for _ in heads]
        for k, h in enumerate(heads):
            if h != k:
                self.children[h].append(k)

    def subtree(self, i: int) -> list[int]:
        """The indices of ``doc[i].subtree``, in spaCy's order: each left child's subtree,
        the token, each right child's subtree."""
        out: list[int] = []
        kids = self.children[i]
        for k in kids:
            if k < i:
                out += self.subtree(k)
        out.append(i)
        for k in kids:
            if k > i:
                out += self.subtree(k)
        return out

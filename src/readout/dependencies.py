"""A document's dependency tree as index arrays, read from the ``HEAD`` column of
``Doc.to_array``: what the stages walk instead of ``Token.head`` and ``Token.children``,
which build a new ``Token`` object for every step."""
from __future__ import annotations

import numpy as np


def children_index(relative: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(heads, order, starts) of a document whose ``HEAD`` column is ``relative`` (each
    head's offset from its token, as ``to_array`` gives it).

    ``heads[i]`` is ``doc[i].head.i`` (a root is its own head). ``order`` lists every token
    that has a head other than itself, by head and in text order under each head, and the
    children of token ``i`` are ``order[starts[i]:starts[i + 1]]``, as ``doc[i].children``
    gives them: one array for all, where a list per token would be hundreds of objects per
    article for the garbage collector to count and walk."""
    n = len(relative)
    positions = np.arange(n)
    heads = relative.astype(np.int64) + positions  # (stored unsigned: the cast wraps it back)
    by_head = np.where(heads == positions, n, heads)  # a root is no one's child
    order = np.argsort(by_head, kind="stable")
    starts = np.searchsorted(by_head[order], np.arange(n + 1))
    return heads, order, starts

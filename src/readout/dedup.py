"""Duplicate articles: exact (normalized-text hash) and near (MinHash + LSH).

A wire story reprinted by 20 sites is one story with 20 copies: every copy is kept and
carries ``duplicate_of`` = the id of the first copy seen. ``Deduplicator`` holds the state
of one batch (the caller owns it); ``mark_duplicates`` runs one over an ordered stream.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import zlib
from typing import Iterable, Iterator, Optional

from readout.model import Article

_WORD = re.compile(r"\w+")
#: texts with fewer words than this are only compared exactly
MIN_WORDS_NEAR = 30
#: near-duplicate signatures look at the first words only (copies share their opening)
MAX_WORDS_NEAR = 400


def normalize_text(text: str) -> str:
    """Lower-cased words joined by single spaces (punctuation, spacing, case ignored)."""
    return " ".join(_WORD.findall(text.lower()))


def text_hash(text: str) -> str:
    """The exact-duplicate key of a text."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def _shingles(words: list[str], size: int) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Deduplicator:
    """Remembers the articles of one batch and finds the first copy of each new one."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 64, shingle: int = 3,
                 near: bool = True) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.near = near
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, object] = {}
        self._order: dict[str, int] = {}
        self._ids: dict[str, str] = {}
        self.duplicates = 0

    def _minhash(self, words: list[str]):  # -> datasketch.MinHash
        from datasketch import MinHash

        mh = MinHash(num_perm=self.num_perm, seed=1, hashfunc=zlib.crc32)
        mh.update_batch(list(_shingles(words[:MAX_WORDS_NEAR], self.shingle)))
        return mh

    def find(self, ident: str, text: str) -> Optional[str]:
        """The id of the first article seen that ``text`` copies, else None; remembers
        ``text`` as an original when it is not a copy."""
        key = text_hash(text)
        first = self._exact.get(key)
        if first is not None:
            self.duplicates += 1
            return first
        self._exact[key] = ident
        words = normalize_text(text).split()
        if not self.near or len(words) < MIN_WORDS_NEAR:
            return None
        mh = self._minhash(words)
        matches = [m for m in self._lsh.query(mh)
                   if mh.jaccard(self._signatures[m]) >= self.threshold]  # type: ignore[arg-type]
        if matches:
            self.duplicates += 1
            return self._ids[min(matches, key=self._order.__getitem__)]
        name = f"{len(self._order)}:{ident}"  # LSH keys must be unique; ids may repeat
        self._order[name] = len(self._order)
        self._ids[name] = ident
        self._signatures[name] = mh
        self._lsh.insert(name, mh)
        return None

    def mark(self, article: Article) -> Article:
        """``article`` with ``duplicate_of`` set when it copies one seen before."""
        ident = article.id or ""
        first = self.find(ident, article.text or "")
        if first is None:
            return article
        return dataclasses.replace(article, duplicate_of=first)


def mark_duplicates(articles: Iterable[Article], threshold: float = 0.7,
                    near: bool = True) -> Iterator[Article]:
    """The articles in order, each copy carrying ``duplicate_of`` (id of the first seen)."""
    dedup = Deduplicator(threshold=threshold, near=near)
    for article in articles:
        yield dedup.mark(article)

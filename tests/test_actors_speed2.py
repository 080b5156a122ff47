"""The entity spans the token table reads from the entity columns are those of ``doc.ents``,
for any entity annotation (the columns are read without building spans, for speed only)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from readout.actors.tokens import _ENT_IOB, _ENT_TYPE, TokenTable

TEXT = ("Chancellor Olaf Scholz met Kenya's president William Ruto in Nairobi on Tuesday, and "
        "the European Union said the United Nations Security Council would meet in New York.")


class _Raised(Exception):
    pass


def _spacy_ents(iob: list[int], kinds: list[int]) -> list[tuple[int, int, int]]:
    """``Doc.ents`` as spaCy 3 works it out from ``ent_iob`` and ``ent_type`` (labels as ids)."""
    out, start, label = [], -1, 0
    for i, (b, kind) in enumerate(zip(iob, kinds)):
        if b == 1:
            if start == -1:
                raise _Raised
        elif b in (0, 2) or (b == 3 and kind == 0):
            if start != -1:
                out.append((start, i, label))
            start, label = -1, 0
        elif b == 3:
            if start != -1:
                out.append((start, i, label))
            start, label = i, kind
    if start != -1:
        out.append((start, len(iob), label))
    return out


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_entities_match_spacy(doc):
    assert TokenTable(doc).ents == [(e.start, e.end, e.label_) for e in doc.ents]
    assert TokenTable(doc).ents  # (the text has entities)


def test_entity_columns_read_as_spacy_reads_them(doc):
    rng = random.Random(7)
    strings = doc.vocab.strings
    labels = [0] + [strings[label] for label in ("PERSON", "ORG", "GPE")]
    n = len(doc)
    raised = found = 0
    for _ in range(3000):
        table = TokenTable(doc)
        table._array = table._array.copy()
        kinds = [rng.choice(labels) for _ in range(n)]
        if rng.random() < 0.5:  # any codes: mostly an inside token that continues nothing
            iob = [rng.choice((0, 1, 2, 3)) for _ in range(n)]
        else:  # inside tokens only after a beginning with a label (or inside tokens after it)
            iob = []
            for i in range(n):
                open_ = bool(iob) and iob[-1] in (1, 3) and (iob[-1] == 1 or kinds[i - 1] != 0)
                iob.append(rng.choice((1, 1, 2, 3) if open_ else (0, 2, 2, 3)))
        table._array[:, _ENT_IOB] = np.array(iob, dtype=np.uint64)
        table._array[:, _ENT_TYPE] = np.array(kinds, dtype=np.uint64)
        try:
            expected = [(s, e, strings[k]) for s, e, k in _spacy_ents(iob, kinds)]
        except _Raised:
            raised += 1
            table._spacy_ents = lambda: "spacy"  # the columns defer to spaCy (which raises)
            assert table.ents == "spacy"
            continue
        found += bool(expected)
        assert table.ents == expected
    assert raised and found

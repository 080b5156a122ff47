"""The quantity lexicons (src/readout/data/quantities/*), loaded once and cached."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterator

_DATA = "data/quantities"


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("readout").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.split("\t")


@dataclass(frozen=True)
class UnitEntry:
    unit: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, tuple[float, str]]
    scales: dict[str, tuple[float, str]]
    currency_prefix: dict[str, str]
    currency_suffix: dict[str, str]
    units: dict[str, UnitEntry]  # lower-cased surfaces
    units_cased: dict[str, UnitEntry]  # case-sensitive surfaces
    qualifiers: dict[str, str]
    changes: dict[str, str]
    metrics: dict[str, str]
    reporting: frozenset[str]
    countries: dict[str, str]  # name or demonym (as written) -> code
    max_unit_words: int
    max_qualifier_words: int


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All quantity lexicons (cached: loaded once per process)."""
    number_words = {w: (float(v), k) for w, v, k in _rows("number_words.tsv")}
    scales = {s: (float(m), where) for s, m, where in _rows("scales.tsv")}
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    for surface, code, position in _rows("currencies.tsv"):
        if position in ("prefix", "both"):
            prefix[surface] = code
        if position in ("suffix", "both"):
            suffix[surface] = code
    units: dict[str, UnitEntry] = {}
    cased: dict[str, UnitEntry] = {}
    for row in _rows("units.tsv"):
        entry = UnitEntry(row[1], row[2])
        if len(row) > 3 and row[3].strip() == "=":
            cased[row[0]] = entry
        else:
            units[row[0]] = entry
    qualifiers = {p: label for p, label in _rows("qualifiers.tsv")}
    changes = {lemma: d for lemma, d in _rows("changes.tsv")}
    metrics = {p: m for p, m in _rows("metrics.tsv")}
    reporting = frozenset(r[0].strip() for r in _rows("reporting.txt"))
    countries: dict[str, str] = {}
    for code, names in _rows("countries.tsv"):
        for name in names.split("|"):
            if name and not re.search(r"[,()]", name):
                countries[name] = code
    words = [len(s.split()) for s in [*units, *cased, *suffix]]
    return Lexicon(
        number_words=number_words,
        scales=scales,
        currency_prefix=prefix,
        currency_suffix=suffix,
        units=units,
        units_cased=cased,
        qualifiers=qualifiers,
        changes=changes,
        metrics=metrics,
        reporting=reporting,
        countries=countries,
        max_unit_words=max(words),
        max_qualifier_words=max(len(q.split()) for q in qualifiers),
    )

"""Summaries of a set of records: counts of articles, actors, events, quotes, quantities."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@dataclass(kw_only=True)
class Summary:
    articles: int = 0
    actors: int = 0
    events: int = 0
    events_by_quad: Counter = field(default_factory=Counter)
    quotes: int = 0
    quantities: int = 0
    timexes: int = 0
    warnings: int = 0

    def rows(self) -> list[tuple[str, int]]:
        rows = [("articles", self.articles), ("actors", self.actors), ("events", self.events)]
        rows += [(f"  quad {q}: {QUAD_NAMES[q]}", self.events_by_quad.get(q, 0)) for q in QUAD_NAMES]
        rows += [("quotes", self.quotes), ("quantities", self.quantities),
                 ("time expressions", self.timexes), ("articles with warnings", self.warnings)]
        return rows


def summarize(records: Iterable[dict[str, Any]]) -> Summary:
    """Counts over records in their JSON form."""
    s = Summary()
    for r in records:
        s.articles += 1
        s.actors += len(r.get("actors", []))
        s.events += len(r.get("events", []))
        s.events_by_quad.update(e.get("quad_class") for e in r.get("events", []))
        s.quotes += len(r.get("quotes", []))
        s.quantities += len(r.get("quantities", []))
        s.timexes += len(r.get("timexes", []))
        s.warnings += bool(r.get("warnings"))
    return s


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records from a JSON Lines file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)

"""The actor knowledge base: names, sector cues (agents) and countries, loaded once.

The data files in ``readout/data/actors`` are built by ``tools/build_kb.py``; user
dictionaries (``Settings.actor_files``, TSV: name, code, optional role, start, end) extend or
override them. Lookups use a compact key (lower case, letters and digits only), so
"U.S." / "US" and "Kim Jong-un" / "Kim Jong Un" meet.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

SOURCE_RANK = {"user": 0, "readout": 1, "phoenix": 2}


@dataclass(frozen=True)
class NameEntry:
    """One KB name: a phrase meaning ``code`` (between ``start`` and ``end`` for roles)."""

    phrase: str
    code: str
    kind: str  # country | adjective | capital | place | region | organisation | group | person
    role: str = ""
    start: str = ""
    end: str = ""
    source: str = "readout"


@dataclass(frozen=True)
class AgentEntry:
    """A sector cue: a title or noun naming an actor's sector ("minister" → GOV)."""

    phrase: str
    sector: str
    role: str = ""
    person: bool = False  # a personal title that can stand before a name
    source: str = "readout"
    alone: bool = False  # the cue by itself makes an actor ("protesters", "police")


_NOT_ALNUM = re.compile(r"[\W_]+")
# ASCII characters a key drops (after lower-casing): all but a-z and 0-9
_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()
                                            or chr(c).isupper()))


def compact(text: str) -> str:
    """The lookup key of a phrase: lower case, letters and digits only."""
    if text.isascii():  # the same without the regular expression
        return text.lower() if text.isalnum() else text.lower().translate(_ASCII_DROP)
    return _NOT_ALNUM.sub("", text.lower())


def _rows(path: Path | str, text: Optional[str] = None) -> Iterable[list[str]]:
    content = text if text is not None else Path(path).read_text(encoding="utf-8")
    lines = [ln for ln in content.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    return reader


def _data_text(name: str) -> str:
    return resources.files("readout.data").joinpath("actors").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class KB:
    names: dict[str, tuple[NameEntry, ...]]
    agents: dict[str, AgentEntry]
    countries: dict[str, str]  # code -> name
    max_name_tokens: int = 8
    max_agent_tokens: int = 4
    # every leading part of a key of ``names`` / ``agents`` (None: not known): a match that
    # has grown past them cannot grow into a name
    name_prefixes: Optional[dict[str, None]] = field(default=None, repr=False)
    agent_prefixes: Optional[dict[str, None]] = field(default=None, repr=False)
    # ``name_spelling`` of the entries of each key of ``names`` (None: not known)
    name_spellings: Optional[dict[str, Optional[tuple[bool, bool]]]] = field(default=None, repr=False)

    def lookup(self, text: str) -> tuple[NameEntry, ...]:
        return self.names.get(compact(text), ())

    def agent(self, text: str) -> Optional[AgentEntry]:
        return self.agents.get(compact(text))

    def country_name(self, code: Optional[str]) -> Optional[str]:
        return self.countries.get(code or "")


def _index(rows: Iterable[tuple[str, NameEntry]]) -> dict[str, tuple[NameEntry, ...]]:
    """Entries by key; for each key only the entries of its best source are kept."""
    grouped: dict[str, list[NameEntry]] = {}
    rank_of: dict[str, int] = {}
    for key, e in rows:
        if not key:
            continue
        rank = SOURCE_RANK.get(e.source, 3)
        best = rank_of.get(key)
        if best is None or rank < best:
            grouped[key], rank_of[key] = [e], rank
        elif rank == best:
            grouped[key].append(e)
    return {key: tuple(items) for key, items in grouped.items()}


@functools.lru_cache(maxsize=1)
def _base_entries() -> tuple[tuple[str, NameEntry], ...]:
    return tuple(
        (row[0], NameEntry(*(row[1:] + [""] * 7)[:7]))
        for row in _rows("names.tsv", _data_text("names.tsv"))
        if len(row) >= 4
    )


@functools.lru_cache(maxsize=1)
def _agents() -> dict[str, AgentEntry]:
    agents: dict[str, AgentEntry] = {}
    for row in _rows("agents.tsv", _data_text("agents.tsv")):
        if len(row) < 4:
            continue
        phrase, sector, role, person = row[:4]
        source = row[4] if len(row) > 4 else "readout"
        alone = len(row) > 5 and row[5] == "1"
        key = compact(phrase)
        if key and key not in agents:  # readout's own rows come first in the file
            agents[key] = AgentEntry(phrase, sector, role, person == "1", source, alone)
    return agents


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("countries.tsv", _data_text("countries.tsv")) if len(row) >= 2}


KINDS = {"country", "adjective", "capital", "place", "region", "organisation", "group", "person"}


def read_user_file(path: Path) -> list[NameEntry]:
    """A user dictionary: TSV with name, code, optional role, start, end and kind (a header
    line is optional). Without a kind, a row with a role or dates is a person."""
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")] + [""] * 6
        name, code, role, start, end, kind = cells[:6]
        if not name or not code or (name.lower() == "name" and code.lower() == "code"):
            continue
        if kind not in KINDS:
            kind = "country" if len(code) == 3 else "person" if (role or start or end) else "organisation"
        entries.append(NameEntry(name, code.upper(), kind, role, start, end, "user"))
    return entries


@functools.lru_cache(maxsize=8)
def load_kb(user_files: tuple[Path, ...] = ()) -> KB:
    """The knowledge base, with the user dictionaries ``user_files`` on top (cached)."""
    entries = list(_base_entries())
    for path in user_files:
        entries.extend((compact(e.phrase), e) for e in read_user_file(path))
    names = _index(entries)
    return KB(names=names, agents=_agents(), countries=_countries(), max_name_tokens=10,
              name_prefixes=prefixes(names), agent_prefixes=_agent_prefixes(),
              name_spellings={key: name_spelling(entries) for key, entries in names.items()})


@functools.lru_cache(maxsize=1)
def _agent_prefixes() -> dict[str, None]:
    return prefixes(_agents())


# words a title-case name may leave in lower case ("Council of Europe")
SMALL_WORDS = {"of", "the", "and", "for", "de", "al", "el", "von", "der", "van", "bin", "on", "in", "du"}
SPELLINGS = {(t, a): (t, a) for t in (False, True) for a in (False, True)}  # one tuple each


def name_spelling(entries: tuple[NameEntry, ...]) -> Optional[tuple[bool, bool]]:
    """How readout's own (or the user's) entries of a KB name are written: (all in title
    case, all acronyms); None when all the entries come from Phoenix."""
    readout = [e for e in entries if e.source != "phoenix"]
    if not readout:
        return None
    return SPELLINGS[all(_title_case(e.phrase) for e in readout), all(_acronym(e.phrase) for e in readout)]


def _title_case(phrase: str) -> bool:
    """A phrase whose words (but the small ones) all start with a capital ("Russia Today")."""
    words = [w for w in phrase.replace("-", " ").split() if w[:1].isalpha() and w.lower() not in SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)


def _acronym(phrase: str) -> bool:
    return phrase.isupper() or "." in phrase


def prefixes(keys: Iterable[str]) -> dict[str, None]:
    """Every non-empty leading part of every key ("usa" → "u", "us", "usa"), as the keys of a
    dict: unlike a set of strings, a dict of strings is left out of the garbage collector's
    scans, which would otherwise walk its hundreds of thousands of entries again and again."""
    return dict.fromkeys(key[:n] for key in keys for n in range(1, len(key) + 1))


# The Phoenix person lists end around 2014: a role they leave open is not assumed to last
# beyond this date (readout's own table covers the office holders of 2023-2026).
PHOENIX_HORIZON = "2015-01-01"


def _with_horizon(e: NameEntry) -> NameEntry:
    if e.source == "phoenix" and e.start and not e.end and e.start < PHOENIX_HORIZON:
        return NameEntry(e.phrase, e.code, e.kind, e.role, e.start, PHOENIX_HORIZON, e.source)
    return e


def _elite(code: str) -> str:
    """The elite (ELI) code of a country-coded office: USAGOV -> USAELI."""
    if len(code) >= 6 and code[:3].isalpha() and not code.startswith(("IGO", "NGO", "IMG", "MNC")):
        return code[:3] + "ELI"
    return code


def pick_entry(entries: tuple[NameEntry, ...], date: Optional[str]) -> Optional[NameEntry]:
    """The entry that applies on ``date`` (ISO): a dated role covering it, else an undated
    default, else the latest role that started before it (or the latest overall)."""
    if not entries:
        return None
    day = (date or "")[:10]
    entries = tuple(_with_horizon(e) for e in entries)
    if day:
        dated = [e for e in entries if (e.start or e.end) and (not e.start or e.start <= day)
                 and (not e.end or day < e.end)]
        if dated:
            return max(dated, key=lambda e: (e.start, -SOURCE_RANK.get(e.source, 3)))
    undated = [e for e in entries if not e.start and not e.end]
    if undated:
        return undated[0]
    if day:
        ended = [e for e in entries if e.end and e.end <= day]
        if ended:  # out of office: a former official is an elite (ELI)
            last = max(ended, key=lambda e: e.end)
            code = _elite(last.code)
            role = f"former {last.role}" if last.role and not last.role.startswith("former") else last.role
            return NameEntry(last.phrase, code, last.kind, role, last.end, "", last.source)
        if all(e.start and e.start > day for e in entries):  # not yet in any office we know
            first = min(entries, key=lambda e: e.start)
            return NameEntry(first.phrase, _elite(first.code), first.kind, "", "", first.start, first.source)
    return max(entries, key=lambda e: e.start or "")

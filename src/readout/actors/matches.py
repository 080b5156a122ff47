"""Finding KB names, sector cues and named entities in a parsed document."""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from readout.actors.kb import SMALL_WORDS, KB, AgentEntry, NameEntry, compact, name_spelling
from readout.actors.tokens import LOWER_WORDS, TokenTable

# entity labels that can carry a person, an organisation or a place
PROPER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# kinds that name a country (or a region) rather than something in it
# name particles that may start a name in lower case: al-Qaeda, el-Sissi, von der Leyen
LOWER_PARTICLES = {"al", "el", "von", "van", "de", "bin", "ibn", "collective"}
COUNTRYISH = {"country", "adjective", "capital", "region", "place"}


@dataclass(slots=True)
class Unit:
    """A stretch of tokens that names (part of) an actor."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # name | agent | person | org
    entry: Optional[NameEntry] = None  # for kind "name"
    agent: Optional[AgentEntry] = None  # for kind "agent"
    inner: list["Unit"] = field(default_factory=list)  # for kind "org": its parts
    key: str = ""  # the KB key the name matched (kept when the unit grows to a longer name)

    @property
    def name_kind(self) -> str:
        return self.entry.kind if self.entry else ""


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _capitals_fit(texts: list[str], start: int, end: int) -> bool:
    """Whether the words of tokens [start, end) are written with capitals ("Russia Today",
    not "Russia today"), small words and single letters aside."""
    for i in range(start, end):
        text = texts[i]
        # (a token's ``is_alpha`` and ``lower_`` are ``text.isalpha()`` and ``text.lower()``)
        if len(text) > 1 and text.isalpha() and not text[:1].isupper() and text.lower() not in SMALL_WORDS:
            return False
    return True


def _name_ok(doc: Doc, table: TokenTable, start: int, end: int, entries: tuple[NameEntry, ...],
             spelling: Optional[tuple[bool, bool]]) -> bool:
    """Whether tokens [start, end) may be read as the KB name ``entries`` (``spelling``:
    their ``name_spelling``)."""
    first_text = table.texts[start]
    # (a word that starts with a capital, a digit or a letter is not punctuation: spaCy's
    # ``is_punct`` needs every character to be one)
    if not (_capitalised(first_text) or (first_text.lower() in LOWER_PARTICLES and end - start > 1)):
        return False
    text = table.span_text(start, end)
    if spelling is not None:
        title_case, acronyms = spelling
        # a title-case KB name needs capitals in the text
        if title_case and not _capitals_fit(table.texts, start, end):
            return False
        # acronyms written in capitals in the KB must be capitals in the text
        if acronyms:
            return text.upper() == text or text.replace(".", "").isupper()
        return True
    # Phoenix names: proper nouns only, and short ones in capitals
    if end - start == 1 and len(compact(text)) <= 3 and not text.isupper():
        return False
    pos = table.pos
    if not any(pos[i] == "PROPN" or doc[i].ent_type_ in PROPER_LABELS for i in range(start, end)):
        return False
    first = doc[start]
    if end - start == 1 and first.ent_type_ not in PROPER_LABELS:
        return False  # a lone capitalised word ("Foundation", "Zero") needs NER's support
    return not (end - start == 1 and first.is_stop)


def name_starts(table: TokenTable, prefixes: Optional[dict[str, None]]) -> list[int]:
    """Where a name may start: a capital, a digit or a particle ("al-Qaeda", "von der Leyen":
    a token whose ``lower_`` is one), and a key some name starts with. The same as a test of
    every token, ``piece and (first[:1].isupper() or first[:1].isdigit() or (piece in
    LOWER_PARTICLES and first.lower() in LOWER_PARTICLES)) and piece in prefixes``, which
    costs more than the rest of the name search."""
    maybe = table.capitalised()
    particles = [(i, lower) for i, lower in table.with_lower(LOWER_WORDS) if lower in LOWER_PARTICLES]
    if particles:  # (few documents)
        maybe = sorted(set(maybe).union(i for i, _ in particles))
    # (no key is empty: an empty piece is in no ``prefixes``, and is false)
    keys = map(table.pieces.__getitem__, maybe)
    return list(itertools.compress(maybe, keys if prefixes is None else map(prefixes.__contains__, keys)))


def find_names(doc: Doc, kb: KB, table: Optional[TokenTable] = None) -> list[Unit]:
    """Longest KB name matches, left to right, not overlapping."""
    units: list[Unit] = []
    n, resume = len(doc), 0
    table = table or TokenTable(doc)
    texts, pieces = table.texts, table.pieces
    names, prefixes, spellings = kb.names, kb.name_prefixes, kb.name_spellings
    longest = kb.max_name_tokens
    for i in name_starts(table, prefixes):
        if i < resume:
            continue  # inside the name found before
        found = None
        # a start's key is not empty (and a prefix): the name may be its one word
        key = pieces[i]
        if len(key) > 1 and (entries := names.get(key)) \
                and _name_ok(doc, table, i, i + 1, entries, _spelling(spellings, key, entries)):
            found = (i + 1, entries, key)
        for j in range(i + 1, i + longest if i + longest < n else n):
            piece, text = pieces[j], texts[j]
            if (not piece and text not in DASHES) or text in _POSSESSIVE_S:
                break
            key += piece
            if prefixes is not None and key not in prefixes:
                break  # no KB name starts so: no longer match either
            # (a key that grew by a word has two characters at least)
            if piece and (entries := names.get(key)) \
                    and _name_ok(doc, table, i, j + 1, entries, _spelling(spellings, key, entries)):
                found = (j + 1, entries, key)
        if found:
            units.append(Unit(i, found[0], "name", entry=_best(found[1]), key=found[2]))
            resume = found[0]
    return units


# the words a name may go on over with no key of their own, and those it stops at
DASHES = frozenset({"-", "–"})
_POSSESSIVE_S = frozenset({"'s", "’s"})


def _spelling(spellings: Optional[dict[str, Optional[tuple[bool, bool]]]], key: str,
              entries: tuple[NameEntry, ...]) -> Optional[tuple[bool, bool]]:
    """``name_spelling(entries)`` of the KB key ``key``, as worked out at load when it was."""
    if spellings and key in spellings:
        return spellings[key]
    return name_spelling(entries)


KIND_ORDER = ["person", "organisation", "group", "country", "region", "capital", "adjective", "place"]
KIND_RANK = {kind: n for n, kind in enumerate(KIND_ORDER)}


def _best(entries: tuple[NameEntry, ...]) -> NameEntry:
    """The representative entry (dated person entries are picked again later)."""
    if len(entries) == 1:
        return entries[0]
    return min(entries, key=lambda e: KIND_RANK.get(e.kind, 99))


def find_agents(doc: Doc, kb: KB, taken: set[int], table: Optional[TokenTable] = None) -> list[Unit]:
    """Longest sector-cue matches on tokens not already part of a name."""
    units: list[Unit] = []
    n, resume = len(doc), 0
    table = table or TokenTable(doc)
    pos, pieces, texts = table.pos, table.pieces, table.texts
    agents, prefixes = kb.agents, kb.agent_prefixes
    starts = cue_starts(table, taken, prefixes)
    longest = kb.max_agent_tokens
    for i in starts:
        if i < resume:
            continue  # inside the cue found before
        found = None
        key = pieces[i]  # (a start's key is a prefix, outside the names)
        for j in range(i, i + longest if i + longest < n else n):
            if j > i:
                if j in taken or (not pieces[j] and texts[j] != "-"):
                    break
                key += pieces[j]
                if prefixes is not None and key not in prefixes:
                    break  # no cue starts so
            elif not key and texts[j] != "-":
                break
            entry = agents.get(key)
            if entry and pos[j] in {"NOUN", "PROPN"}:
                if not _modifier_only(doc, table, j):
                    found = (j + 1, entry)
                elif j + 1 < n and doc[j].head.i == j + 1 and doc[j + 1].lemma_.lower() in MEMBER_HEADS \
                        and j + 1 not in taken:
                    found = (j + 2, entry)  # "opposition candidates", "rebel commanders"
        if found:
            units.append(Unit(i, found[0], "agent", agent=found[1]))
            resume = found[0]
    return units


# the coarse tags of the words a cue may start with
CUE_TAGS = ("NOUN", "PROPN", "ADJ", "VERB")


def cue_starts(table: TokenTable, taken: set[int], prefixes: Optional[dict[str, None]]) -> list[int]:
    """Where a cue may start: a content word outside the names (``taken``), a key some cue
    starts with (the content words come from the tag column)."""
    content = table.with_tags(CUE_TAGS)
    if prefixes is not None:
        content = itertools.compress(content, map(prefixes.__contains__, map(table.pieces.__getitem__, content)))
    return list(itertools.filterfalse(taken.__contains__, content))


# nouns for members of a group: the cue before them still names the sector
MEMBER_HEADS = {"candidate", "member", "supporter", "leader", "figure", "politician", "activist",
                "representative", "delegate", "commander", "group", "faction", "coalition",
                "movement", "camp", "lawmaker", "fighter", "unit", "source"}


def _modifier_only(doc: Doc, table: TokenTable, j: int) -> bool:
    """A cue noun that only modifies another noun ("army base", "police station")."""
    tok = doc[j]
    if tok.dep_ != "compound":
        return False
    head = tok.head.i
    # a title before a name is still a cue: "President Xi"
    return head > j and table.pos[head] != "PROPN"


def person_entities(doc: Doc, table: Optional[TokenTable] = None) -> list[tuple[int, int]]:
    """PERSON entity token spans, without a leading title word that NER sometimes includes."""
    ents = table.ents if table is not None else [(e.start, e.end, e.label_) for e in doc.ents]
    return [(s, e) for s, e, label in ents if label == "PERSON"]


def org_entities(doc: Doc, table: Optional[TokenTable] = None) -> list[tuple[int, int]]:
    table = table or TokenTable(doc)
    spans = []
    for s, e, label in table.ents:
        if label in {"ORG", "FAC"}:
            start = s + (1 if table.texts[s].lower() == "the" else 0)  # (``lower_``)
            if start < e:
                spans.append((start, e))
    return spans


def collect_units(doc: Doc, kb: KB, table: Optional[TokenTable] = None) -> list[Unit]:
    """Names, cues, unknown persons and organisations, sorted, not overlapping."""
    table = table or TokenTable(doc)
    texts = table.texts
    names = find_names(doc, kb, table)
    persons = person_entities(doc, table)
    person_starts = [s for s, _ in persons]
    # a person entity wins over a place or country name inside it ("Jordan Peterson")
    kept: list[Unit] = []
    for u in names:
        inside = _containing(persons, person_starts, u.start, u.end)
        if inside and u.name_kind == "person" and (u.start, u.end) != inside \
                and not any(v is not u and inside[0] <= v.start < inside[1] and v.name_kind not in COUNTRYISH
                            for v in names):
            u.start, u.end = inside  # "Vladimir V. Putin": the whole name, known by "Putin"
            while u.end > u.start + 1 and (doc[u.end - 1].is_punct or texts[u.end - 1] in {"'s", "’s"}):
                u.end -= 1
        if inside and u.name_kind in COUNTRYISH and inside != (u.start, u.end) and not _title_split(inside, u):
            continue
        kept.append(u)
    taken = {i for u in kept for i in range(u.start, u.end)}
    agents = find_agents(doc, kb, taken, table)
    taken |= {i for u in agents for i in range(u.start, u.end)}
    units = kept + agents
    for s, e in persons:
        # NER may include a title ("President Obama") or a possessive: keep the name only
        while s < e and s in taken:
            s += 1
        while e > s and (texts[e - 1] in {"'s", "’s", "'", "’"} or doc[e - 1].is_punct):
            e -= 1
        if s < e and not any(i in taken for i in range(s, e)) and table.pos[s] == "PROPN":
            units.append(Unit(s, e, "person"))
            taken |= set(range(s, e))
    units.sort(key=lambda u: u.start)
    return _swallow_orgs(table, units, org_entities(doc, table))


def _containing(spans: list[tuple[int, int]], starts: list[int], start: int, end: int
                ) -> Optional[tuple[int, int]]:
    """The first of the sorted, non-overlapping ``spans`` (entities) that contains [start, end):
    only the last one starting at or before ``start`` can."""
    k = bisect.bisect_right(starts, start)
    if k and end <= spans[k - 1][1]:
        return spans[k - 1]
    return None


def _title_split(span: tuple[int, int], unit: Unit) -> bool:
    """True when the country word starts the person span ("Russian Prime Minister X")."""
    return unit.start == span[0] and unit.name_kind in {"adjective", "country"}


def _swallow_orgs(table: TokenTable, units: list[Unit], orgs: list[tuple[int, int]]) -> list[Unit]:
    """Unknown organisations that contain a sector cue become one unit with their parts."""
    out = list(units)
    # the cues, in order and not overlapping: the first one that starts in an organisation is
    # the only one that may lie inside it (the organisations do not overlap either, so the
    # cues another one swallowed lie outside it)
    cues_at = [(u.start, u.end) for u in units if u.kind == "agent"]
    cue_starts = [start for start, _ in cues_at]
    for s, e in orgs:
        k = bisect.bisect_left(cue_starts, s)
        if k == len(cues_at) or cues_at[k][1] > e:
            continue  # no cue inside it (most organisations)
        inner = [u for u in out if s <= u.start and u.end <= e]
        cues = [u for u in inner if u.kind == "agent"]
        if not cues:
            continue  # (the test of its root below fails without a cue)
        if any(u.kind == "name" and ((u.start, u.end) == (s, e) or u.name_kind in {"organisation", "person"})
               for u in inner):
            continue
        root = table.root(s, e).i
        if not any(u.start <= root < u.end for u in cues):
            continue
        if any((u.start < s < u.end) or (u.start < e < u.end) for u in out):
            continue
        # ``u not in inner`` compares units field by field: only those with a span of the
        # inner ones can be equal to one
        spans = {(u.start, u.end) for u in inner}
        out = [u for u in out if (u.start, u.end) not in spans or u not in inner]
        out.append(Unit(s, e, "org", inner=inner))
    out.sort(key=lambda u: u.start)
    return out

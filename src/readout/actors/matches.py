"""Finding KB names, sector cues and named entities in a parsed document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from readout.actors.kb import KB, AgentEntry, NameEntry, compact
from readout.actors.tokens import TokenTable

# entity labels that can carry a person, an organisation or a place
PROPER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# kinds that name a country (or a region) rather than something in it
# name particles that may start a name in lower case: al-Qaeda, el-Sissi, von der Leyen
LOWER_PARTICLES = {"al", "el", "von", "van", "de", "bin", "ibn", "collective"}
COUNTRYISH = {"country", "adjective", "capital", "region", "place"}


@dataclass
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


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() or tok.text[:1].isdigit()


SMALL_WORDS = {"of", "the", "and", "for", "de", "al", "el", "von", "der", "van", "bin", "on", "in", "du"}


def _case_fits(span, phrase: str) -> bool:
    """A title-case KB name needs capitals in the text ("Russia Today", not "Russia today")."""
    words = [w for w in phrase.replace("-", " ").split() if w[:1].isalpha() and w.lower() not in SMALL_WORDS]
    if not words or not all(w[:1].isupper() for w in words):
        return True
    return all(t.text[:1].isupper() for t in span if t.is_alpha and t.lower_ not in SMALL_WORDS and len(t.text) > 1)


def _name_ok(doc: Doc, start: int, end: int, entries: tuple[NameEntry, ...]) -> bool:
    """Whether tokens [start, end) may be read as the KB name ``entries``."""
    span = doc[start:end]
    first = doc[start]
    if first.is_punct or not (_capitalised(first) or (first.lower_ in LOWER_PARTICLES and end - start > 1)):
        return False
    text = span.text
    letters = compact(text)
    readout = [e for e in entries if e.source != "phoenix"]
    if readout and not any(_case_fits(span, e.phrase) for e in readout):
        return False
    if readout:
        # acronyms written in capitals in the KB must be capitals in the text
        if any(e.phrase.isupper() or "." in e.phrase for e in readout) and not any(
            not (e.phrase.isupper() or "." in e.phrase) for e in readout
        ):
            return text.upper() == text or text.replace(".", "").isupper()
        return True
    # Phoenix names: proper nouns only, and short ones in capitals
    if end - start == 1 and len(letters) <= 3 and not text.isupper():
        return False
    if not any(t.pos_ == "PROPN" or t.ent_type_ in PROPER_LABELS for t in span):
        return False
    if end - start == 1 and first.ent_type_ not in PROPER_LABELS:
        return False  # a lone capitalised word ("Foundation", "Zero") needs NER's support
    return not (end - start == 1 and first.is_stop)


def find_names(doc: Doc, kb: KB, table: Optional[TokenTable] = None) -> list[Unit]:
    """Longest KB name matches, left to right, not overlapping."""
    units: list[Unit] = []
    n, i = len(doc), 0
    table = table or TokenTable(doc)
    texts, pieces = table.texts, table.pieces
    while i < n:
        first = texts[i]
        if not pieces[i] or not (first[:1].isupper() or first[:1].isdigit() or first.lower() in LOWER_PARTICLES):
            i += 1
            continue
        found = None
        key = ""
        for j in range(i, min(n, i + kb.max_name_tokens)):
            piece = pieces[j]
            if j > i and ((not piece and texts[j] not in {"-", "–"}) or texts[j] in {"'s", "’s"}):
                break
            key += piece
            entries = kb.names.get(key) if piece and len(key) > 1 else None
            if entries and _name_ok(doc, i, j + 1, entries):
                found = (j + 1, entries, key)
        if found:
            units.append(Unit(i, found[0], "name", entry=_best(found[1]), key=found[2]))
            i = found[0]
        else:
            i += 1
    return units


KIND_ORDER = ["person", "organisation", "group", "country", "region", "capital", "adjective", "place"]


def _best(entries: tuple[NameEntry, ...]) -> NameEntry:
    """The representative entry (dated person entries are picked again later)."""
    return min(entries, key=lambda e: KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else 99)


def find_agents(doc: Doc, kb: KB, taken: set[int], table: Optional[TokenTable] = None) -> list[Unit]:
    """Longest sector-cue matches on tokens not already part of a name."""
    units: list[Unit] = []
    n, i = len(doc), 0
    table = table or TokenTable(doc)
    pos, pieces, texts = table.pos, table.pieces, table.texts
    while i < n:
        if i in taken or pos[i] not in {"NOUN", "PROPN", "ADJ", "VERB"}:
            i += 1
            continue
        found = None
        key = ""
        for j in range(i, min(n, i + kb.max_agent_tokens)):
            if j in taken or (not pieces[j] and texts[j] != "-"):
                break
            key += pieces[j]
            entry = kb.agents.get(key)
            if entry and pos[j] in {"NOUN", "PROPN"}:
                if not _modifier_only(doc, j):
                    found = (j + 1, entry)
                elif j + 1 < n and doc[j].head.i == j + 1 and doc[j + 1].lemma_.lower() in MEMBER_HEADS \
                        and j + 1 not in taken:
                    found = (j + 2, entry)  # "opposition candidates", "rebel commanders"
        if found:
            units.append(Unit(i, found[0], "agent", agent=found[1]))
            i = found[0]
        else:
            i += 1
    return units


# nouns for members of a group: the cue before them still names the sector
MEMBER_HEADS = {"candidate", "member", "supporter", "leader", "figure", "politician", "activist",
                "representative", "delegate", "commander", "group", "faction", "coalition",
                "movement", "camp", "lawmaker", "fighter", "unit", "source"}


def _modifier_only(doc: Doc, j: int) -> bool:
    """A cue noun that only modifies another noun ("army base", "police station")."""
    tok = doc[j]
    if tok.dep_ != "compound" or tok.head.i <= j:
        return False
    # a title before a name is still a cue: "President Xi"
    return tok.head.pos_ != "PROPN"


def person_entities(doc: Doc) -> list[tuple[int, int]]:
    """PERSON entity token spans, without a leading title word that NER sometimes includes."""
    return [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]


def org_entities(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for e in doc.ents:
        if e.label_ in {"ORG", "FAC"}:
            start = e.start + (1 if doc[e.start].lower_ == "the" else 0)
            if start < e.end:
                spans.append((start, e.end))
    return spans


def collect_units(doc: Doc, kb: KB, table: Optional[TokenTable] = None) -> list[Unit]:
    """Names, cues, unknown persons and organisations, sorted, not overlapping."""
    table = table or TokenTable(doc)
    names = find_names(doc, kb, table)
    persons = person_entities(doc)
    # a person entity wins over a place or country name inside it ("Jordan Peterson")
    kept: list[Unit] = []
    for u in names:
        inside = next((p for p in persons if p[0] <= u.start and u.end <= p[1]), None)
        if inside and u.name_kind == "person" and (u.start, u.end) != inside \
                and not any(v is not u and inside[0] <= v.start < inside[1] and v.name_kind not in COUNTRYISH
                            for v in names):
            u.start, u.end = inside  # "Vladimir V. Putin": the whole name, known by "Putin"
            while u.end > u.start + 1 and (doc[u.end - 1].is_punct or doc[u.end - 1].text in {"'s", "’s"}):
                u.end -= 1
        if inside and u.name_kind in COUNTRYISH and inside != (u.start, u.end) and not _title_split(doc, inside, u):
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
        while e > s and (doc[e - 1].text in {"'s", "’s", "'", "’"} or doc[e - 1].is_punct):
            e -= 1
        if s < e and not any(i in taken for i in range(s, e)) and doc[s].pos_ == "PROPN":
            units.append(Unit(s, e, "person"))
            taken |= set(range(s, e))
    units.sort(key=lambda u: u.start)
    return _swallow_orgs(doc, units, org_entities(doc))


def _title_split(doc: Doc, span: tuple[int, int], unit: Unit) -> bool:
    """True when the country word starts the person span ("Russian Prime Minister X")."""
    return unit.start == span[0] and unit.name_kind in {"adjective", "country"}


def _swallow_orgs(doc: Doc, units: list[Unit], orgs: list[tuple[int, int]]) -> list[Unit]:
    """Unknown organisations that contain a sector cue become one unit with their parts."""
    out = list(units)
    for s, e in orgs:
        inner = [u for u in out if s <= u.start and u.end <= e]
        if any(u.kind == "name" and (u.start, u.end) == (s, e) for u in inner):
            continue
        if any(u.kind == "name" and u.name_kind in {"organisation", "person"} for u in inner):
            continue
        root = doc[s:e].root.i
        if not any(u.kind == "agent" and u.start <= root < u.end for u in inner):
            continue
        if any((u.start < s < u.end) or (u.start < e < u.end) for u in out):
            continue
        out = [u for u in out if u not in inner]
        out.append(Unit(s, e, "org", inner=inner))
    out.sort(key=lambda u: u.start)
    return out

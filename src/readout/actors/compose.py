"""From matched units to actor mentions: titles, agents, metonyms, demonyms, appositions."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from readout.actors.kb import KB, NameEntry, compact, pick_entry
from readout.actors.matches import Unit
from readout.actors.tokens import TokenTable

INTERNATIONAL = ("IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS")
MODIFIER_KINDS = {"country", "adjective", "capital", "region", "place", "organisation", "group"}
LOCATION_PREPS = {"in", "at", "to", "from", "near", "into", "around", "outside", "across",
                  "through", "via", "toward", "towards", "within", "inside", "between", "throughout"}
PLACE_VERBS = {"visit", "arrive", "reach", "leave", "tour", "travel", "fly", "return", "host"}
GOV_HEADS = {"government", "governments", "authorities", "administration", "regime", "leadership"}
POSSESSIVE = {"'s", "’s", "'", "’"}
LINK_PREPS = {"of", "in", "from", "for"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
           "northeastern", "northwestern", "southeastern", "southwestern"}
LED_FORMS = {"led", "dominated", "run"}  # "Vietnamese-led forces" are the country's forces


@dataclass(slots=True)
class Mention:
    """One stretch of text referring to an actor (token offsets, end exclusive)."""

    start: int
    end: int
    name: str
    code: Optional[str]
    kind: str
    rule: str
    role: Optional[str] = None
    sector: Optional[str] = None
    key: tuple = ()
    name_tokens: tuple[str, ...] = field(default_factory=tuple)  # persons: the name's words
    title_only: Optional[str] = None  # "the premier": a cue waiting for its person


# CAMEO role codes that can start an actor code with no country ("ministers" -> GOV)
ROLE_CODES = frozenset({
    "GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "MED", "BUS", "CVL", "EDU", "REF", "INS",
    "SEP", "SPY", "UAF", "AGR", "CRM", "DEV", "ELI", "ENV", "HLH", "HRI", "LAB", "MOD", "RAD",
    "PTY", "BUD", "CHR", "HIN", "JEW", "REL", "PPL",
})


def country_of(code: Optional[str]) -> Optional[str]:
    """The country (or region) part of a code; None for international bodies and for a bare
    role ("GOV": ministers of no named country)."""
    if not code or code.startswith(INTERNATIONAL) or len(code) < 3 or code[:3] in ROLE_CODES:
        return None
    return code[:3]


def sector_of(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    if code.startswith(INTERNATIONAL) or code[:3] in ROLE_CODES:
        return code[:3]
    return code[3:6] or None


def join(country: Optional[str], sector: Optional[str]) -> Optional[str]:
    """A CAMEO code from a country (or body) code and a sector."""
    sector = None if sector in (None, "", "---") else sector
    if country and sector:
        if country.startswith(INTERNATIONAL) or len(country) > 3:
            return country  # "UN peacekeepers": the body's own code
        return country + sector
    return country or sector


class Composer:
    """Turns the units of one document into mentions."""

    def __init__(self, doc: Doc, units: list[Unit], kb: KB, date: Optional[str],
                 table: Optional[TokenTable] = None):
        self.doc, self.units, self.kb, self.date = doc, units, kb, date
        self.table = table or TokenTable(doc)
        self.out: list[Mention] = []
        self._picked: dict[str, Optional[NameEntry]] = {}  # KB key → ``pick_entry`` of its entries

    # -- helpers ---------------------------------------------------------------------------
    def text(self, start: int, end: int) -> str:
        return self.table.span_text(start, end)

    def entry(self, u: Unit) -> Optional[NameEntry]:
        if u.entry is None:
            return None
        if u.entry.kind == "person":
            key = u.key or compact(self.text(u.start, u.end))
            entries = self.kb.names.get(key)
            if entries is None:
                return pick_entry((u.entry,), self.date) or u.entry
            # the entry of a KB name on the article's date (asked for again and again)
            found = self._picked.get(key)
            if found is None:
                found = self._picked[key] = pick_entry(entries, self.date)
            return found or u.entry
        return u.entry

    def gap_ok(self, a: int, b: int, allow_words: int = 2) -> bool:
        """Only possessives, hyphens, adjectives or a couple of nouns between a and b."""
        words = 0
        texts, pos = self.table.texts, self.table.pos
        for i in range(a, b):
            if texts[i] in POSSESSIVE or texts[i] == "-":
                continue
            t = self.doc[i]
            led = t.lower_ in LED_FORMS and i > a and texts[i - 1] == "-"  # "Saudi-led"
            if (pos[i] in {"ADJ", "NOUN", "NUM", "ADV"} or led) and not t.is_punct:
                words += 1
                if words > allow_words:
                    return False
                continue
            return False
        return True

    def tokens(self, a: int, b: int) -> list[Token]:
        """The tokens of ``doc[a:b]`` (a list: building the span costs more)."""
        doc = self.doc
        return [doc[i] for i in range(a, min(b, len(doc)))]

    def has_possessive(self, a: int, b: int) -> bool:
        """Whether a possessive ("'s", "'") is among tokens [a, b)."""
        texts = self.table.texts
        return any(texts[i] in POSSESSIVE for i in range(a, b))

    def adjacent(self, a: int, b: int) -> bool:
        return a == b

    def is_person_unit(self, u: Optional[Unit]) -> bool:
        return u is not None and (u.kind == "person" or (u.kind == "name" and u.name_kind == "person"))

    def add(self, m: Mention) -> None:
        self.out.append(m)

    # -- modifiers + cues --------------------------------------------------------------------
    def modifier_code(self, u: Unit) -> Optional[str]:
        e = self.entry(u)
        if e is None:
            return None
        if e.kind in {"organisation", "group"}:
            return e.code
        return e.code[:3] if len(e.code) >= 3 and not e.code.startswith(INTERNATIONAL) else e.code

    def compose(self) -> list[Mention]:
        units, i = self.units, 0
        while i < len(units):
            step = self.try_modified(i) or self.try_title(i) or self.try_single(i)
            i += step
        self.merge_appositions()
        return self.out

    def merge_appositions(self) -> None:
        """"Sergei Lavrov, Russia's foreign minister," — the title is the same person."""
        persons = [m for m in self.out if m.kind == "person" and m.name_tokens]
        for m in self.out:
            if m.kind != "person" or m.name_tokens or m.title_only:
                continue
            root = self.table.root(m.start, m.end)
            if root.dep_ != "appos":
                continue
            owner = next((p for p in persons if p.start <= root.head.i < p.end), None)
            if owner is None:
                continue
            m.name_tokens, m.name, m.rule = owner.name_tokens, owner.name, "appos"
            if not owner.code:
                owner.code, owner.sector, owner.rule = m.code, m.sector, "appos"
            if not owner.role:
                owner.role = m.role

    def try_modified(self, i: int) -> int:
        """[Country/adjective/capital/org (and ...)] ['s] [adj] CUE [Person] -> actors."""
        units = self.units
        u = units[i]
        if u.kind != "name" or u.name_kind not in MODIFIER_KINDS:
            return 0
        mods, k = [u], i
        while k + 1 < len(units) and units[k + 1].kind == "name" and units[k + 1].name_kind in {"country", "adjective"} \
                and all(self.table.texts[t] in {",", "and", "or"} for t in range(units[k].end, units[k + 1].start)) \
                and units[k + 1].start > units[k].end:
            k += 1
            mods.append(units[k])
        nxt = units[k + 1] if k + 1 < len(units) else None
        last = mods[-1]
        if nxt is not None and nxt.kind == "agent" and self.gap_ok(last.end, nxt.start):
            after = units[k + 2] if k + 2 < len(units) else None
            titled = nxt.agent.person and self.is_person_unit(after) and self.adjacent(nxt.end, after.start)
            for m in mods[:-1]:
                self.group(m.start, m.end, self.modifier_code(m), nxt, rule="agent", mod_end=m.end)
            if titled:
                self.person(after, title=nxt, country=self.modifier_code(last), start=last.start)
                return k + 3 - i
            self.group(last.start, nxt.end, self.modifier_code(last), nxt, rule="agent", mod_end=last.end)
            return k + 2 - i
        if len(mods) == 1 and nxt is not None and u.name_kind in {"country", "capital", "adjective"} \
                and self.is_person_unit(nxt) and self.gap_ok(u.end, nxt.start, 0) and nxt.start > u.end - 1:
            # "China's Xi", "Russian Mishustin"
            if self.has_possessive(u.end, nxt.start) or u.name_kind == "adjective":
                self.person(nxt, title=None, country=self.modifier_code(u), start=u.start)
                return 2
        if len(mods) == 1 and nxt is not None and nxt.kind == "org" and self.gap_ok(u.end, nxt.start, 0) \
                and u.name_kind in {"country", "adjective", "capital", "region"}:
            # "Israel's Cabinet", "Chinese Foreign Ministry" (an organisation NER found)
            self.organisation(nxt, country=self.modifier_code(u), start=u.start)
            return 2
        if len(mods) == 1 and nxt is not None and nxt.kind in {"name", "org"} and u.name_kind == "capital" \
                and self.has_possessive(u.end, nxt.start) and self.gap_ok(u.end, nxt.start, 0) \
                and (nxt.kind == "org" or nxt.name_kind == "organisation"):
            # "Washington's Brookings Institution": the capital only says where it is
            self.organisation(nxt, country=self.modifier_code(u), start=u.start)
            return 2
        return 0

    def group(self, start: int, end: int, code: Optional[str], cue: Unit, rule: str,
              mod_end: Optional[int] = None) -> None:
        sector = cue.agent.sector if cue.agent else None
        full = join(code, sector)
        head = compact(self.doc[cue.end - 1].lemma_)
        country = country_of(full)
        if cue.agent and cue.agent.sector == "---":
            key: tuple = ("country", code)
            kind = "country"
            name = self.text(start, mod_end or end)
            if any(e.kind == "adjective" for e in self.kb.lookup(name)):
                rule = "demonym"
            self.add(Mention(start, end, name, code, kind, rule, key=key))
            return
        elif self.table.texts[cue.end - 1].lower() in GOV_HEADS and country and sector == "GOV":
            key, kind = ("gov", full), "organisation"
        else:
            key, kind = ("group", full, head), "group"
        if cue.agent and cue.agent.person and cue.end - cue.start >= 1 and self.doc[cue.end - 1].tag_ in {"NN", "NNP"}:
            kind = "person"
            key = ("title", full, compact(self.text(cue.start, cue.end)), start)
        self.add(Mention(start, end, self.text(start, end), full, kind, rule,
                         role=(cue.agent.role or None) if cue.agent and kind == "person" else None,
                         sector=sector if sector != "---" else None, key=key))

    # -- titles ----------------------------------------------------------------------------
    def try_title(self, i: int) -> int:
        """CUE Person ("President Xi"), CUE of Country ("the president of Armenia"),
        CUE standing alone ("the premier", "protesters")."""
        units = self.units
        u = units[i]
        if u.kind != "agent":
            return 0
        nxt = units[i + 1] if i + 1 < len(units) else None
        if u.agent.person and self.is_person_unit(nxt) and self.adjacent(u.end, nxt.start):
            self.person(nxt, title=u, country=None, start=u.start)
            return 2
        # the words between the cue and the next unit when it is a name, at most three (token
        # indices: their lower-case texts are their ``lower_``)
        texts = self.table.texts
        gap = range(u.end, nxt.start) if nxt is not None and nxt.kind == "name" and nxt.start - u.end <= 3 \
            else range(0)
        linked = 1 <= len(gap) <= 2 and texts[gap[0]].lower() in LINK_PREPS \
            and all(texts[t].lower() == "the" for t in gap[1:])
        if linked and nxt.name_kind in MODIFIER_KINDS - {"adjective"}:
            if self.owns_cue(i + 1):  # "leaders of Romania's new government": two actors
                self.group(u.start, u.end, self.modifier_code(nxt), u, rule="agent")
                return 1
            self.group(u.start, nxt.end, self.modifier_code(nxt), u, rule="agent")
            return 2
        place = units[i + 2] if i + 2 < len(units) else None
        loose = 1 <= len(gap) <= 3 and texts[gap[0]].lower() in LINK_PREPS \
            and all(self.table.pos[t] in {"DET", "NUM"} for t in gap[1:])
        if loose and nxt.name_kind in {"adjective", "country"} and place is not None and place.kind == "agent" \
                and place.agent.sector != "---" and self.gap_ok(nxt.end, place.start):
            # "doctors from two American aid groups", "leaders of the Syrian opposition"
            self.group(u.start, u.end, join(self.modifier_code(nxt), place.agent.sector), u, rule="agent")
            return 1
        if linked and nxt.name_kind == "adjective" and place is not None and place.kind == "name" \
                and place.name_kind in {"place", "country", "region", "capital"} and place.start == nxt.end:
            # "inhabitants of the Syrian Golan Heights"
            self.group(u.start, place.end, self.modifier_code(place), u, rule="agent")
            return 3
        self.lone_cue(u)
        return 1

    def owns_cue(self, i: int) -> bool:
        """Whether name unit ``i`` is a possessor of the cue after it ("Romania's new government")."""
        units = self.units
        if i + 1 >= len(units) or units[i + 1].kind != "agent":
            return False
        start, end = units[i].end, units[i + 1].start
        return start < end and self.table.texts[start] in POSSESSIVE and self.gap_ok(units[i].end, units[i + 1].start)

    def lone_cue(self, u: Unit) -> None:
        agent = u.agent
        if agent is None or agent.sector == "---" or agent.source != "readout":
            return
        if not agent.alone and not (agent.person and agent.role):
            return
        if any(t.ent_type_ in {"ORG", "FAC", "GPE", "LOC", "WORK_OF_ART", "EVENT", "LAW"} for t in self.tokens(u.start, u.end)):
            return
        after_the = u.start > 0 and self.table.texts[u.start - 1].lower() == "the"  # (``lower_``)
        if agent.person and agent.role and after_the and self.doc[u.end - 1].tag_ in {"NN", "NNP"}:
            self.add(Mention(u.start, u.end, self.text(u.start, u.end), None, "person", "coref",
                             role=agent.role, sector=agent.sector, title_only=agent.role))
            return
        if agent.person and self.doc[u.end - 1].tag_ in {"NN", "NNP"}:
            return  # "a minister", "president": no referent we can code
        head = self.doc[u.end - 1]
        if head.dep_ == "compound" or head.pos_ not in {"NOUN", "PROPN"}:
            return
        self.add(Mention(u.start, u.end, self.text(u.start, u.end), agent.sector, "group", "agent",
                         sector=agent.sector, key=("group", agent.sector, compact(head.lemma_))))

    # -- persons, organisations, single names ----------------------------------------------
    def split_title(self, u: Unit) -> tuple[int, Optional[Unit]]:
        """Where the name starts inside a KB phrase that carries a title ("President Putin")."""
        best: tuple[int, Optional[Unit]] = (u.start, None)
        lead = u.start + 1 if any(e.kind == "adjective" for e in self.kb.lookup(self.table.texts[u.start])) else u.start
        for j in range(u.start + 1, u.end):
            for k in {u.start, lead}:
                agent = self.kb.agent(self.text(k, j)) if k < j else None
                if agent is not None and agent.person:
                    best = (j, Unit(k, j, "agent", agent=agent))
        return best

    def kb_person(self, u: Unit) -> Optional[NameEntry]:
        """A KB person for an NER name written with initials ("Vladimir V. Putin")."""
        texts, pieces = self.table.texts, self.table.pieces
        words = [texts[i] for i in range(u.start, u.end) if len(pieces[i]) > 1]
        if len(words) < 2 or len(words) == u.end - u.start:
            return None
        entries = [e for e in self.kb.lookup(" ".join(words)) if e.kind == "person"]
        return pick_entry(tuple(entries), self.date) if entries else None

    def person(self, u: Unit, title: Optional[Unit], country: Optional[str], start: int) -> None:
        e = self.entry(u) if u.kind == "name" else self.kb_person(u)
        name_start, inner_title = self.split_title(u) if u.kind == "name" else (u.start, None)
        if title is None and inner_title is not None and not (e and e.role):
            title = inner_title
        name = self.text(name_start, u.end)
        kb_code = e.code if e else None
        code, role, rule = kb_code, (e.role or None) if e else None, ("user" if e and e.source == "user" else "kb")
        if title is not None and title.agent is not None:
            ctry = country or country_of(kb_code) or (kb_code if kb_code and kb_code.startswith(INTERNATIONAL) else None)
            code = join(ctry, title.agent.sector) if not (e and e.source == "user") else kb_code
            role = role if (e and e.source == "user" and role) else (title.agent.role or role)
            rule = "title" if not (e and e.source == "user") else "user"
        elif country and not kb_code:
            code, rule = country, ("title" if start < u.start else "appos")
        elif country and start == u.start and not (e and e.source == "user") \
                and (country.startswith(INTERNATIONAL) or sector_of(kb_code) == "ELI"):
            # "X, the United Nations relief coordinator": the office named beats the KB's
            # nationality or former role
            code, role, rule = country, None, "appos"
        elif not e:
            rule = "ner"
        self.add(Mention(start, u.end, name, code, "person", rule, role=role,
                         sector=sector_of(code), name_tokens=self.name_words(name_start, u.end)))

    def name_words(self, start: int, end: int) -> tuple[str, ...]:
        """The compact keys of the words of a name (punctuation left out: a word with a key,
        a letter or a digit, is not punctuation, whose characters all are)."""
        doc, pieces = self.doc, self.table.pieces
        return tuple(piece for i in range(start, end) if (piece := pieces[i]) or not doc[i].is_punct)

    def organisation(self, u: Unit, country: Optional[str], start: int) -> None:
        """An organisation; ``country`` comes from a modifier before it ("Washington's")."""
        text = self.text(u.start, u.end)
        if u.kind == "org":  # unknown to the KB: country and sector from its own words
            inner_country, sector = self.org_parts(u)
            code = join(inner_country or country, sector)
            self.add(Mention(start, u.end, text, code, "organisation", "agent",
                             sector=sector_of(code), key=("org", code, compact(text))))
            return
        e = self.entry(u)
        code = e.code if e else None
        if country and code and len(code) == 3 and code not in self.kb.countries \
                and not code.startswith(INTERNATIONAL):
            code = country + code  # a bare sector code gets the country
        self.add(Mention(start, u.end, text, code, "organisation",
                         "user" if e and e.source == "user" else "kb", sector=sector_of(code), key=("org", code)))

    def org_parts(self, u: Unit) -> tuple[Optional[str], Optional[str]]:
        """(country, sector) of an unknown organisation from its words; the sector from the
        cue at its head ("Nigerian Union of Teachers" → NGA, LAB)."""
        country = next((self.modifier_code(p) for p in u.inner if p.kind == "name"), None)
        root = self.table.root(u.start, u.end).i
        cues = [p for p in u.inner if p.kind == "agent"]
        head = next((p for p in cues if p.start <= root < p.end), cues[-1] if cues else None)
        sector = head.agent.sector if head is not None and head.agent else None
        return country, sector

    def org_code(self, u: Unit) -> Optional[str]:
        return join(*self.org_parts(u))

    def try_single(self, i: int) -> int:
        u = self.units[i]
        if u.kind == "person":
            self.person(u, title=None, country=self.apposition_code(u), start=u.start)
            return 1
        if u.kind == "org":
            nxt = self.units[i + 1] if i + 1 < len(self.units) else None
            self.organisation(u, country=None, start=u.start)
            return 1
        e = self.entry(u)
        if e is None:
            return 1
        nxt = self.units[i + 1] if i + 1 < len(self.units) else None
        led = nxt is not None and nxt.kind == "agent" and nxt.start == u.end \
            and self.table.texts[nxt.end - 1].lower() in GOV_HEADS | {"cabinet"}  # (``lower_``)
        if e.kind == "person" and country_of(e.code) and (led or self.table.texts[u.end - 1].lower() in GOV_HEADS):
            # "the Bush administration": the government the person leads
            end = nxt.end if led else u.end
            code = country_of(e.code) + "GOV"
            self.add(Mention(u.start, end, self.text(u.start, end), code, "organisation", "agent",
                             sector="GOV", key=("gov", code)))
            return 2 if led else 1
        if e.kind == "person":
            self.person(u, title=None, country=self.apposition_code(u), start=u.start)
        elif e.kind in {"organisation", "group"}:
            nxt = self.units[i + 1] if i + 1 < len(self.units) else None
            end = nxt.end if nxt is not None and nxt.kind == "agent" and nxt.start == u.end else u.end
            self.organisation(Unit(u.start, end, "name", entry=e), country=None, start=u.start)
            return 2 if end != u.end else 1
        else:
            self.place_like(u, e)
        return 1

    def place_like(self, u: Unit, e: NameEntry) -> None:
        doc, code = self.doc, e.code
        text = self.text(u.start, u.end)
        country = code[:3]
        if e.kind == "capital":
            if self.used_as_place(u):
                self.add(Mention(u.start, u.end, text, country, "place", "kb", key=("place", compact(text))))
            else:
                self.add(Mention(u.start, u.end, text, country + "GOV", "organisation", "metonym",
                                 sector="GOV", key=("gov", country + "GOV")))
        elif e.kind == "place":
            self.add(Mention(u.start, u.end, text, country, "place", "kb", key=("place", compact(text))))
        elif e.kind == "adjective" and self.doc[u.end - 1].tag_ in {"NNPS", "NNS"} and text.endswith("s") \
                and len(code) == 3:
            # "Libyans", "Algerians": the people of the country; "Albanians in Serbia": a
            # people is coded by the country it lives in (CAMEO)
            place = self.located_in(u.end)
            end = place.end if place is not None else u.end
            code = (self.modifier_code(place) or code)[:3] if place is not None else code
            self.add(Mention(u.start, end, self.text(u.start, end), code + "CVL", "group", "demonym",
                             sector="CVL", key=("group", code + "CVL", "people")))
        elif e.kind == "adjective":
            self.add(Mention(u.start, u.end, text, code, "country", "demonym", key=("country", code)))
        else:  # country, region
            rule = "user" if e.source == "user" else "kb"
            self.add(Mention(u.start, u.end, text, code, "country", rule, key=("country", code)))

    def located_in(self, end: int) -> Optional[Unit]:
        """A country right after "in"/"of" at token ``end`` ("in south Serbia", "of Kosovo")."""
        doc = self.doc
        if end >= len(doc) or doc[end].lower_ not in {"in", "of"}:
            return None
        for v in self.units:
            if v.start <= end:
                continue
            if v.kind == "name" and v.name_kind in {"country", "place"} and v.start - (end + 1) <= 2 \
                    and all(t.lower_ == "the" or t.lower_ in COMPASS for t in self.tokens(end + 1, v.start)):
                return v
            return None
        return None

    def used_as_place(self, u: Unit) -> bool:
        """A capital named as a place ("in Beijing", "visited Moscow"), not as a government."""
        doc = self.doc
        prev = doc[u.start - 1] if u.start > 0 else None
        text = self.text(u.start, u.end)
        if text.isupper() and len(text) > 3:  # a dateline: BEIJING
            return True
        if u.end < len(doc) and doc[u.end].text in {"-", "–"}:  # "Washington-based"
            return True
        if prev is not None and prev.lower_ in LOCATION_PREPS:
            return True
        head = doc[u.end - 1]
        if head.dep_ in {"dobj", "obj"} and head.head.lemma_ in PLACE_VERBS:
            return True
        if head.dep_ == "pobj" and head.head.lower_ in LOCATION_PREPS:
            return True
        if head.dep_ == "compound" and not (u.end < len(doc) and doc[u.end].text in POSSESSIVE):
            return True
        if head.dep_ in {"npadvmod", "appos"} or (u.end < len(doc) and doc[u.end].text == ","
                                                  and u.start > 0 and doc[u.start - 1].text == ","):
            return True
        return False

    def possessor(self, u: Unit) -> Optional[str]:
        """The country of a "Washington's"/"China's" right before unit ``u``."""
        before = [v for v in self.units if v.end <= u.start]
        if not before or before[-1].kind != "name" or before[-1].name_kind not in {"country", "capital"}:
            return None
        owner = before[-1]
        one_possessive = u.start - owner.end == 1 and self.table.texts[owner.end] in POSSESSIVE
        return self.modifier_code(owner) if one_possessive else None

    def apposition_code(self, u: Unit) -> Optional[str]:
        """The code an apposition gives a person: "Ryan Hass, a fellow at Brookings" → USAEDU."""
        doc = self.doc
        head = doc[u.end - 1]
        appos = [t for t in head.children if t.dep_ == "appos"]
        if not appos:
            return None
        sub = appos[0].subtree
        lo = hi = appos[0].i
        for t in sub:
            lo, hi = min(lo, t.i), max(hi, t.i)
        inner = [v for v in self.units if lo <= v.start and v.end <= hi + 1 and v is not u]
        org = next((v for v in inner if v.kind == "org" or (v.kind == "name" and v.name_kind == "organisation")), None)
        if org is not None:
            code = self.org_code(org) if org.kind == "org" else (self.entry(org).code if self.entry(org) else None)
            owner = self.possessor(org)
            if owner and code and len(code) == 3 and code not in self.kb.countries:
                code = owner + code
            return code
        country = next((self.modifier_code(v) for v in inner if v.kind == "name" and v.name_kind in {"country", "adjective"}), None)
        cue = next((v for v in inner if v.kind == "agent"), None)
        if country or cue:
            return join(country, cue.agent.sector if cue else None)
        return None

"""Sources and targets of a trigger, read from the dependency parse and tied to ``actors[]``."""
from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from readout.events.lexicon import content_head_at
from readout.events.table import TokenTable, label_id, label_ids, pos_id
from readout.model import Actor, ActorRef

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
AGENT_NOUNS = frozenset({
    "government", "police", "troop", "soldier", "army", "military", "force", "rebel", "militant",
    "insurgent", "guerrilla", "protester", "protestor", "demonstrator", "minister", "president",
    "official", "leader", "authority", "ministry", "administration", "parliament", "court",
    "diplomat", "ambassador", "envoy", "delegation", "embassy", "opposition", "party", "union",
    "worker", "student", "activist", "militia", "navy", "regime", "cabinet", "premier",
    "chancellor", "king", "prime", "senator", "lawmaker", "mayor", "governor", "general",
    "commander", "spokesman", "spokeswoman", "spokesperson", "company", "firm", "group", "country",
    "nation", "state", "side", "people", "villager", "resident", "citizen", "refugee", "prisoner",
    "hostage", "journalist", "gunman", "terrorist", "bomber", "attacker", "separatist", "fighter",
    "unit", "agency", "council", "committee", "organization", "organisation", "alliance",
    "member", "representative", "delegate", "negotiator", "inspector", "observer", "monitor",
    "doctor", "elder", "settler", "hacker", "landowner", "inhabitant", "militiaman", "guard",
    "helicopter", "tank", "warship", "jet", "plane", "aircraft", "drone", "Kurd", "kurd",
    "officer", "national", "peacekeeper", "peackeeper", "policeman", "crew", "sailor", "pilot",
})
# places that stand for their people: "electricity to the Azerbaijani republic" names Azerbaijan
PLACE_NOUNS = frozenset({
    "republic", "region", "province", "territory", "city", "town", "village", "capital",
    "enclave", "island", "district", "border", "embassy", "consulate", "mission", "port",
})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "it"})
AGENT_OR_PLACE_NOUNS = AGENT_NOUNS | PLACE_NOUNS
GROUP_PHRASES = frozenset({"country", "nation", "side", "state", "government"})
# CAMEO role codes: an actor coded only with one of these has no country of its own
ROLE_CODES = frozenset({
    "GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "MED", "BUS", "CVL", "EDU", "REF", "INS",
    "SEP", "SPY", "UAF", "AGR", "CRM", "DEV", "ELI", "ENV", "HLH", "HRI", "LAB", "MOD", "RAD", "PTY",
})
# participles that state the subject's own stance, not something done to it
STATIVE_PARTICIPLES = frozenset({"commit", "prepare", "determine", "resolve", "dedicate", "devote", "poise"})
PREP_TARGETS = ("to", "with", "on", "against", "into", "for", "toward", "towards", "upon",
                "from", "over", "between", "among")
# the labels, tags and words read below, as the token table's numbers
CONJ, CC, POSS, PREP, POBJ, AGENT = (label_id(n) for n in ("conj", "cc", "poss", "prep", "pobj", "agent"))
AUXPASS, NSUBJPASS, RELCL, ACL = (label_id(n) for n in ("auxpass", "nsubjpass", "relcl", "acl"))
SUBJECTS = label_ids(("nsubj", "csubj"))
CLIMB_DEPS = label_ids(("conj", "xcomp", "advcl", "pcomp", "prep", "acl"))
ACOMP = label_id("acomp")
PREP_DEPS = label_ids(("prep", "dative"))
EDGE_DEPS = label_ids(("punct", "cc", "det"))
NAME_DEPS = label_ids(("compound", "flat", "appos"))
MEMBER_POS = frozenset(pos_id(p) for p in ("NOUN", "PROPN", "PRON", "ADJ"))
PROPN, NOUN, PRON, NUM = (pos_id(p) for p in ("PROPN", "NOUN", "PRON", "NUM"))
OF_FROM = label_ids(("from", "of"))
# where a participant is or comes from: "refugees from Liberia", "a bombing near the town of X"
LOCATED_PREPS = label_ids(("in", "near", "throughout", "inside", "across", "from", "outside"))
OF_ID = label_id("of")
DOBJ = label_id("dobj")


@dataclass(frozen=True)
class Side:
    """One participant: the actor (if any), the mention span, and the token it came from;
    ``place``: a place acted on ("a curfew in X") or a participant coded by where it is
    ("a group in X"): not its country's government, so it may face the source's own country."""

    ref: ActorRef
    token: Token
    place: bool = False

    @property
    def key(self) -> str:
        return self.ref.code or self.ref.actor or (self.ref.text or "").lower()


class ActorIndex:
    """Mentions of the article's actors by character offset, with a fallback for groups, and
    the document's token table: what every participant reader looks up, built once."""

    def __init__(self, doc: Doc, actors: list[Actor], table: Optional[TokenTable] = None):
        self.doc = doc
        self.table = table if table is not None else TokenTable(doc)
        spans = []
        for actor in actors:
            for m in actor.mentions or []:
                if len(m) == 2 and 0 <= m[0] < m[1]:
                    spans.append((int(m[0]), int(m[1]), actor))
        spans.sort(key=lambda s: (s[0], -s[1]))
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.longest = max((e - s for s, e, _ in spans), default=0)

    @functools.cached_property
    def names(self) -> dict[str, Optional[str]]:
        """Lower-case actor name → the country of its first mention (read for a dateline)."""
        names: dict[str, Optional[str]] = {}
        for _, _, actor in self.spans:
            if actor.name:
                names.setdefault(actor.name.lower(), actor.country)
        return names

    def country_named(self, name: str) -> Optional[str]:
        """The country of the first actor with this name (the dateline's city)."""
        return self.names.get(name.lower())

    def at(self, start: int, end: int) -> list[tuple[int, int, Actor]]:
        """Mentions overlapping [start, end), in text order."""
        i = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_left(self.starts, start - self.longest + 1)  # earlier ones end by start
        return [s for s in self.spans[lo:i] if s[1] > start][-8:]

    def main_countries(self) -> list[Actor]:
        """The article's two most mentioned countries ("the two countries", "both sides"),
        each as its most mentioned country-level actor; fewer when the article names fewer."""
        counts: Counter[str] = Counter()
        bare: dict[str, Actor] = {}
        for _, _, a in self.spans:
            c = country_of(a)
            if c and len(c) == 3 and (a.code or "")[:3] == c and c not in ("IGO", "NGO", "WST"):
                counts[c] += 1
                if a.code == c or c not in bare:
                    bare[c] = a
        return [bare[c] for c, _ in counts.most_common(2)]


def country_of(actor: Actor) -> Optional[str]:
    """The actor's country, None for a bare role ("ministers" coded GOV)."""
    c = actor.country or ""
    if not c or c in ROLE_CODES:
        return None
    return c


def _ref(actor: Optional[Actor], doc: Doc, start: int, end: int) -> ActorRef:
    return ActorRef(actor=actor.id if actor else None, code=actor.code if actor else None,
                    text=doc_text(doc)[start:end], start=start, end=end)


# where ``doc_text`` keeps the text in ``doc.user_data``
TEXT_KEY = "readout_text"


def doc_text(doc: Doc) -> str:
    """The doc's text (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get(TEXT_KEY) if isinstance(doc.user_data, dict) else None
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def np_span(token: Token, table: TokenTable, left_edge: Optional[int] = None) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``token`` (modifiers before the head);
    ``left_edge``: ``token.left_edge.i`` when already read."""
    deps, pos, i = table.deps, table.pos, token.i
    first = min(left_edge if left_edge is not None else token.left_edge.i, i)
    while first < i and deps[first] in EDGE_DEPS and pos[first] != PROPN:
        first += 1
    end = i
    for c in table.children(i):  # keep flat names ("Xi Jinping", "Mikhail Mishustin")
        if c > end and deps[c] in NAME_DEPS and pos[c] == PROPN:
            end = c
    end_tok = table.token(end) if end != i else token
    return (table.token(first).idx if first != i else token.idx), end_tok.idx + len(end_tok)


def _members(i: int, table: TokenTable) -> list[int]:
    """Token ``i`` and the members coordinated with it (each gets its own event)."""
    deps, pos, kids = table.deps, table.pos, table.children
    out, todo = [], [i]
    while todo and len(out) < 8:
        t = todo.pop(0)
        out.append(t)
        todo.extend(c for c in kids(t) if deps[c] == CONJ and pos[c] in MEMBER_POS)
    return out


def _is_groupish(token: Token) -> bool:
    return token.lemma_.lower() in GROUP_PHRASES and any(
        c.lower_ in ("two", "both") or c.lemma_.lower() == "both" for c in token.children)


def sides(token: Optional[Token], index: ActorIndex, exclude: Optional[Token] = None,
          heads_only: bool = False) -> list[Side]:
    """The participants a noun phrase names: one per coordinated member or per actor in it.

    ``heads_only``: a thing only modified by an actor ("Russian grain exports") names no one."""
    if token is None or token.is_punct:
        return []
    table = index.table
    head = content_head_at(table, token.i)  # "thousands of Iraqi Kurds" → Kurds
    token = table.token(head) if head != token.i else token
    doc = token.doc
    out: list[Side] = []
    for m in _members(token.i, table):
        if exclude is not None and m == exclude.i:
            continue
        member = table.token(m) if m != token.i else token
        left = member.left_edge.i
        start, end = np_span(member, table, left)
        found = index.at(start, end)
        at = member.idx
        head_hits = [f for f in found if f[0] <= at < f[1]]
        has_cc = CC in table.deps[left: m]
        if has_cc and len({f[2].id for f in found}) > 1:
            out.extend(Side(ref=_ref(a, doc, s, e), token=member) for s, e, a in found)
            continue
        if heads_only and found and not head_hits and table.pos[m] == NOUN \
                and table.lemma(m) not in AGENT_OR_PLACE_NOUNS and not _possessed(member, found):
            continue
        if head_hits or found:
            s, e, a = (head_hits or found)[-1]
            if not country_of(a):  # "ministers from the two countries": the countries say more
                inner = _of_from(member, index)
                if inner:
                    out.extend(inner)
                    continue
                where = _located(member, index)
                if where is not None:  # "refugees fleeing the war in Liberia" → LBRREF
                    out.append(Side(ref=_located_ref(a, where, doc, s, e), token=member, place=True))
                    continue
            out.append(Side(ref=_ref(a, doc, s, e), token=member))
            continue
        if table.lemma(m) in GROUP_PHRASES and _is_groupish(member):
            group = index.main_countries()
            if len(group) == 2:
                out.extend(Side(ref=_ref(a, doc, start, end), token=member) for a in group)
                continue
        inner = _of_from(member, index)
        if inner:
            out.extend(inner)
            continue
        if table.pos[m] == PRON and table.lower(m) in PERSONAL_PRONOUNS:
            out.append(Side(ref=_ref(None, doc, start, end), token=member))
            continue
        if table.pos[m] == PRON or member.like_num or table.pos[m] == NUM:
            continue
        named = member.ent_type_ in ACTOR_LABELS or table.lemma(m) in AGENT_NOUNS
        if named or table.pos[m] == NOUN and table.deps[m] in SUBJECTS:
            # "the organization in X", "a bombing near the town of X": where it is says whose
            where = _located(member, index)
            if where is not None:
                out.append(Side(ref=_located_ref(None, where, doc, start, end), token=member, place=True))
                continue
        if named:
            out.append(Side(ref=_ref(None, doc, start, end), token=member))
    return out


def _located(member: Token, index: ActorIndex, depth: int = 3) -> Optional[Actor]:
    """The country (or international body) a participant is placed in or comes from by its
    own modifiers: 'refugees from Liberia', 'students throughout X', 'a newspaper based in
    X', 'a bombing near the town of X', 'parties to the conflict in X' (a few levels down)."""
    table = index.table
    deps, kids = table.deps, table.children
    todo = [(member.i, 0)]
    while todo:
        t, level = todo.pop(0)
        for c in kids(t):
            dep = deps[c]
            if dep == ACL and level < depth:  # "based in", "fleeing the war in"
                todo.append((c, level + 1))
            elif dep == DOBJ and level > 0 and level < depth:
                todo.append((c, level + 1))
            elif dep == PREP and c > t:
                pobj = table.first_kid(c, {POBJ})
                if pobj is None:
                    continue
                if table.lower_ids[c] in LOCATED_PREPS:
                    found = _place_actor(pobj, index)
                    if found is not None:
                        return found
                if level < depth - 1 and table.lower_ids[c] not in LOCATED_PREPS:
                    todo.append((pobj, level + 1))
    return None


def _place_actor(pobj: int, index: ActorIndex) -> Optional[Actor]:
    """The actor a place phrase names ('the town of X' → X), when it has a country or is an IGO."""
    table = index.table
    if table.lemma(pobj) in PLACE_NOUNS:
        for c in table.children(pobj):
            if table.deps[c] == PREP and table.lower_ids[c] == OF_ID:
                inner = table.first_kid(c, {POBJ})
                if inner is not None:
                    pobj = inner
                break
    tok = table.token(pobj)
    start, end = np_span(tok, table)
    for s, e, a in index.at(start, end)[::-1]:
        if s <= tok.idx < e and country_of(a) and (a.code or "")[:3] not in ROLE_CODES:
            return a
    return None


def _located_ref(role: Optional[Actor], where: Actor, doc: Doc, start: int, end: int) -> ActorRef:
    """The participant's mention coded with the place's country (and its own sector, if any)."""
    code = where.code or ""
    if role is not None and role.code and where.country and code[:3] == where.country \
            and len(code) == 3 and role.code in ROLE_CODES:
        code = where.country + role.code  # a bare country + "REF" → "LBRREF"
    return ActorRef(actor=role.id if role is not None else None, code=code or None,
                    text=doc_text(doc)[start:end], start=start, end=end)


def _possessed(member: Token, found: list) -> bool:
    """'Moscow's interests': the actor is the possessor, not a mere modifier ('Russian exports')."""
    return any(c.dep_ == "poss" and any(s <= c.idx < e for s, e, _ in found) for c in member.children)


def _of_from(token: Token, index: ActorIndex) -> list[Side]:
    """'ministers from the two countries', 'officials of Russia' → the countries."""
    table = index.table
    if table.lemma(token.i) not in AGENT_NOUNS:
        return []
    for c in table.children(token.i):
        if table.deps[c] == PREP and table.lower_ids[c] in OF_FROM:
            pobj = table.first_kid(c, {POBJ})
            if pobj is not None:
                return sides(table.token(pobj), index)
    return []


def subject_of(verb: Token, table: TokenTable) -> tuple[Optional[Token], bool]:
    """(the subject token, is it a passive subject), climbing to governing verbs when needed."""
    subj, passive = _subject_at(verb.i, table)
    return (table.token(subj) if subj is not None else None), passive


def _subject_at(verb: int, table: TokenTable) -> tuple[Optional[int], bool]:
    """``subject_of`` on the table."""
    deps, heads, kids = table.deps, table.heads, table.children
    t = verb
    own_passive = any(deps[c] == AUXPASS for c in kids(verb)) or deps[verb] == ACL and table.tag(verb) == "VBN"
    for _ in range(5):
        for c in kids(t):
            if deps[c] in SUBJECTS:
                if deps[t] == RELCL and table.tag(c) in ("WDT", "WP"):
                    return heads[t], False
                return c, False
            if deps[c] == NSUBJPASS:
                if table.lemma(t) in STATIVE_PARTICIPLES and table.first_kid(t, {AGENT}) is None:
                    return c, False  # "X is committed to / prepared to …": X acts
                if t != verb and not own_passive:
                    return None, False  # "X was attacked and [police] did not arrest": no subject
                return c, True
        if deps[t] == RELCL:
            return heads[t], False
        if deps[t] == ACL and table.tag(t) == "VBN":
            return heads[t], True
        if deps[t] in CLIMB_DEPS and heads[t] != t:
            t = heads[t]
            continue
        if deps[t] == ACOMP and t != verb and heads[t] != t:
            t = heads[t]  # "he is ready to [act]"; not the trigger itself ("feel threatened by")
            continue
        break
    return None, False


def agent_of(verb: Token, table: TokenTable) -> Optional[Token]:
    agent = table.first_kid(verb.i, {AGENT})
    pobj = table.first_kid(agent, {POBJ}) if agent is not None else None
    return table.token(pobj) if pobj is not None else None


def prep_objects(table: TokenTable, tokens: list[Token], preps: tuple[str, ...] = PREP_TARGETS) -> list[Token]:
    """Objects of the given prepositions under ``tokens``, in preposition order of ``preps``."""
    ranks = _ranks(preps)
    deps, lower_ids, order, starts = table.deps, table.lower_ids, table.order, table.starts
    found = []
    for t in tokens:
        i = t.i
        for c in order[starts[i]:starts[i + 1]]:
            if deps[c] in PREP_DEPS:
                rank = ranks.get(lower_ids[c])
                if rank is not None:
                    found.extend((rank, g) for g in order[starts[c]:starts[c + 1]] if deps[g] == POBJ)
    found.sort(key=_first)  # stable: text order within one preposition
    return [table.token(g) for _, g in found]


@functools.lru_cache(maxsize=256)
def _ranks(preps: tuple[str, ...]) -> dict[int, int]:
    """Each preposition of ``preps`` as a lower-case word id → its first position there:
    ``prep_objects`` compares the table's word ids, with no string read per child."""
    ranks: dict[int, int] = {}
    for rank, word in enumerate(preps):
        ranks.setdefault(label_id(word), rank)
    return ranks


def _first(pair: tuple[int, int]) -> int:
    return pair[0]

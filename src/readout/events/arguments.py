"""Sources and targets of a trigger, read from the dependency parse and tied to ``actors[]``."""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from readout.events.lexicon import content_head
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
GROUP_PHRASES = frozenset({"country", "nation", "side", "state", "government"})
# CAMEO role codes: an actor coded only with one of these has no country of its own
ROLE_CODES = frozenset({
    "GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "MED", "BUS", "CVL", "EDU", "REF", "INS",
    "SEP", "SPY", "UAF", "AGR", "CRM", "DEV", "ELI", "ENV", "HLH", "HRI", "LAB", "MOD", "RAD", "PTY",
})
PREP_TARGETS = ("to", "with", "on", "against", "into", "for", "toward", "towards", "upon",
                "from", "over", "between", "among")


@dataclass(frozen=True)
class Side:
    """One participant: the actor (if any), the mention span, and the token it came from."""

    ref: ActorRef
    token: Token

    @property
    def key(self) -> str:
        return self.ref.code or self.ref.actor or (self.ref.text or "").lower()


class ActorIndex:
    """Mentions of the article's actors by character offset, with a fallback for groups."""

    def __init__(self, doc: Doc, actors: list[Actor]):
        self.doc = doc
        spans = []
        for actor in actors:
            for m in actor.mentions or []:
                if len(m) == 2 and 0 <= m[0] < m[1]:
                    spans.append((int(m[0]), int(m[1]), actor))
        spans.sort(key=lambda s: (s[0], -s[1]))
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.names: dict[str, Optional[str]] = {}
        for _, _, actor in spans:
            if actor.name:
                self.names.setdefault(actor.name.lower(), actor.country)

    def country_named(self, name: str) -> Optional[str]:
        """The country of the first actor with this name (the dateline's city)."""
        return self.names.get(name.lower())

    def at(self, start: int, end: int) -> list[tuple[int, int, Actor]]:
        """Mentions overlapping [start, end), in text order."""
        i = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[:i] if s[1] > start][-8:]

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


def doc_text(doc: Doc) -> str:
    """The doc's text (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get("readout_text") if isinstance(doc.user_data, dict) else None
    if text is None:
        text = doc.text
        doc.user_data["readout_text"] = text
    return text


def np_span(token: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``token`` (modifiers before the head)."""
    left = token.left_edge
    if left.i > token.i:
        left = token
    first = left
    while first.i < token.i and first.dep_ in ("punct", "cc", "det") and first.pos_ != "PROPN":
        first = token.doc[first.i + 1]
    end_tok = token
    for c in token.children:  # keep flat names ("Xi Jinping", "Mikhail Mishustin")
        if c.i > token.i and c.dep_ in ("compound", "flat", "appos") and c.pos_ == "PROPN":
            end_tok = max(end_tok, c, key=lambda t: t.i)
    return first.idx, end_tok.idx + len(end_tok)


def _members(token: Token) -> list[Token]:
    """The token and the members coordinated with it (each gets its own event)."""
    out, todo = [], [token]
    while todo and len(out) < 8:
        t = todo.pop(0)
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"))
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
    token = content_head(token)  # "thousands of Iraqi Kurds" → Kurds
    doc = token.doc
    out: list[Side] = []
    for member in _members(token):
        if exclude is not None and member.i == exclude.i:
            continue
        start, end = np_span(member)
        found = index.at(start, end)
        head_hits = [f for f in found if f[0] <= member.idx < f[1]]
        has_cc = any(t.dep_ == "cc" for t in doc[member.left_edge.i: member.i])
        if has_cc and len({f[2].id for f in found}) > 1:
            out.extend(Side(ref=_ref(a, doc, s, e), token=member) for s, e, a in found)
            continue
        if heads_only and found and not head_hits and member.pos_ == "NOUN" \
                and member.lemma_.lower() not in AGENT_NOUNS | PLACE_NOUNS and not _possessed(member, found):
            continue
        if head_hits or found:
            s, e, a = (head_hits or found)[-1]
            if not country_of(a):  # "ministers from the two countries": the countries say more
                inner = _of_from(member, index)
                if inner:
                    out.extend(inner)
                    continue
            out.append(Side(ref=_ref(a, doc, s, e), token=member))
            continue
        if _is_groupish(member):
            group = index.main_countries()
            if len(group) == 2:
                out.extend(Side(ref=_ref(a, doc, start, end), token=member) for a in group)
                continue
        inner = _of_from(member, index)
        if inner:
            out.extend(inner)
            continue
        if member.pos_ == "PRON" and member.lower_ in PERSONAL_PRONOUNS:
            out.append(Side(ref=_ref(None, doc, start, end), token=member))
            continue
        if member.pos_ == "PRON" or member.like_num or member.pos_ == "NUM":
            continue
        if member.ent_type_ in ACTOR_LABELS or member.lemma_.lower() in AGENT_NOUNS:
            out.append(Side(ref=_ref(None, doc, start, end), token=member))
    return out


def _possessed(member: Token, found: list) -> bool:
    """'Moscow's interests': the actor is the possessor, not a mere modifier ('Russian exports')."""
    return any(c.dep_ == "poss" and any(s <= c.idx < e for s, e, _ in found) for c in member.children)


def _of_from(token: Token, index: ActorIndex) -> list[Side]:
    """'ministers from the two countries', 'officials of Russia' → the countries."""
    if token.lemma_.lower() not in AGENT_NOUNS:
        return []
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "of"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return sides(pobj, index)
    return []


def subject_of(verb: Token) -> tuple[Optional[Token], bool]:
    """(the subject token, is it a passive subject), climbing to governing verbs when needed."""
    t = verb
    own_passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.dep_ == "acl" and verb.tag_ == "VBN"
    for _ in range(5):
        for c in t.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.tag_ in ("WDT", "WP") and t.dep_ == "relcl":
                    return t.head, False
                return c, False
            if c.dep_ == "nsubjpass":
                if t.i != verb.i and not own_passive:
                    return None, False  # "X was attacked and [police] did not arrest": no subject
                return c, True
        if t.dep_ == "relcl":
            return t.head, False
        if t.dep_ == "acl" and t.tag_ == "VBN":
            return t.head, True
        if t.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep", "acl") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None, False


def agent_of(verb: Token) -> Optional[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def prep_objects(tokens: list[Token], preps: tuple[str, ...] = PREP_TARGETS) -> list[Token]:
    """Objects of the given prepositions under ``tokens``, in preposition order of ``preps``."""
    found = []
    for t in tokens:
        for c in t.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        found.append((preps.index(c.lower_), g))
    return [g for _, g in sorted(found, key=lambda x: x[0])]

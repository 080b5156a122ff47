"""The event coder: lexicon matches on the parse → coded, dated, located events."""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from dataclasses import dataclass, replace
from typing import Optional

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from readout.context import StageInput
from readout.events.arguments import PLACE_NOUNS, PREP_TARGETS, ROLE_CODES, ActorIndex, Side, agent_of, doc_text, prep_objects, sides, subject_of
from readout.events.codebook import code_info
from readout.events.lexicon import GROUP_NOUNS, Entry, Match, best_match, content_head, lexicon, object_candidates
from readout.events.modality import cues, intended, modality, negated, refused
from readout.model import ActorRef, Event, Place, Span, Timex

RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
NOMINAL_SOURCE_PREPS = ("by", "from")
NOMINAL_TARGET_PREPS = ("on", "against", "of", "to", "with", "for", "into", "upon", "toward", "towards")
# objects that are the source's own means, never the target ("withdrew its troops")
INSTRUMENT_NOUNS = frozenset({"troop", "force", "soldier", "army", "weapon", "warship", "tank", "unit",
                              "missile", "aid", "assistance", "money", "fund", "road", "border",
                              "peacekeeper", "inspector", "observer", "monitor"})
# a verb form standing as a noun or modifier is no trigger ("the wounded", "armed men")
NOUN_USES = frozenset({"amod", "compound", "dobj", "nsubj", "nsubjpass", "pobj"})
EACH_OTHER = ("each other", "one another")
CAUSE_PREPS = ("over", "for")
PLACE_PREPS = ("in", "inside", "across", "throughout")
# where a meeting, visit or promise happens is not whom it concerns ("met in Geneva")
PLACE_IS_NOT_TARGET = frozenset({"01", "02", "03", "04", "05", "10", "11", "12"})
SETTING_PREPS = frozenset({"at", "during"})
# roles that speak for their country: "Li hailed China" is no event on China; rebels are not their country
STATE_ROLES = frozenset({"", "GOV", "MIL", "COP", "LEG", "JUD", "SPY", "ELI", "PTY"})
# event types aimed at a government when the text names no target (protests, strikes)
IMPLICIT_GOV_ROOTS = frozenset({"14"})
NON_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "WST", "EUR", "AFR", "ASA", "MEA", "LAM", "NAF",
                           "SAF", "WAF", "EAF", "CAF", "SAS", "SEA", "CAS", "BLK", "INT", "UAF"})
# aimed acts whose target may follow "at" ("fired at X", "protested at the X embassy")
AIMED_ROOTS = frozenset({"13", "14", "15", "17", "18", "19", "20"})
# demands, appeals, accusations, threats: "demanded that X …" asks X
CLAUSE_TARGET_ROOTS = frozenset({"02", "10", "11", "13"})
# prepositions whose object is aimed at even when only a modifier names it ("against German goods")
FIRM_PREPS = ("against",)
BACKGROUND_MARKS = frozenset({"as", "after", "when", "since", "because", "until", "while", "although",
                              "though", "once", "following", "whereas", "unless"})
_DATE = re.compile(r"^\d{4}(-\d\d)?(-\d\d)?$")


@dataclass(frozen=True)
class Found:
    """A trigger with its lexicon match, before the arguments are read."""

    match: Match
    nominal: bool
    demand_of: Optional[Token] = None  # "X said Y must [act]": the act demanded of Y


def code_events(inp: StageInput) -> list[Event]:
    """The article's events, in text order, with ids E1, E2, … (never raises)."""
    try:
        return _code(inp)
    except Exception:  # a stage never raises out on bad input; the record stays valid
        return []


def _code(inp: StageInput) -> list[Event]:
    doc = inp.doc
    index = ActorIndex(doc, inp.actors)
    user = tuple(inp.settings.verb_files or ())
    events: list[Event] = []
    history: list[tuple[Event, str]] = []  # (event, trigger lemma) for nominal antecedents
    dated: set[int] = set()  # ids of events dated by a time expression of their sentence
    nominal: set[int] = set()
    for sent_i, sent in enumerate(doc.sents):
        seen: set[tuple[str, str, str]] = set()
        found_events: list[tuple[Event, Found]] = []
        for found in triggers(sent, user):
            for ev in _events_for(found, sent, sent_i, index, inp, history):
                key = (_party_key(ev.source), _party_key(ev.target), ev.cameo)
                if key in seen:
                    continue
                seen.add(key)
                found_events.append((ev, found))
                history.append((ev, found.match.trigger.lemma_.lower()))
        for ev, found in _foreground(found_events):
            if _own_timex(sent, inp):
                dated.add(id(ev))
            if found.nominal:
                nominal.add(id(ev))
            events.append(ev)
    events = _propagate_dates(events, dated, nominal)
    if not inp.settings.keep_negated:
        events = [e for e in events if not e.negated]
    return [replace(e, id=f"E{i}") for i, e in enumerate(events, 1)]


def _foreground(found_events: list[tuple[Event, Found]]) -> list[tuple[Event, Found]]:
    """Drop background events (relative and temporal clauses, nominal mentions) from a
    sentence that reports an event in its main clause."""
    marks = [(ev, f, background(f)) for ev, f in found_events]
    if all(b for _, _, b in marks):
        return found_events
    return [(ev, f) for ev, f, b in marks if not b]


def background(found: Found) -> bool:
    """Is the trigger background to the sentence: a nominal mention ("over the raids"), a
    relative clause ("whom they had taken hostage"), a participle on a noun ("hosted by"),
    or a temporal/causal clause ("after the jet shot down", "as police cracked down")?"""
    tok = found.match.trigger
    if found.nominal:
        setting = tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS and tok.head.head.pos_ in ("VERB", "AUX")
        return not (setting and code_info(found.match.entry.code) is not None
                    and code_info(found.match.entry.code).root == "04")
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > t.head.i and not any(c.dep_ == "mark" for c in t.children):
        return True  # "rioted, setting fire to …": a participle elaborating the main event
    t = tok
    for _ in range(12):
        if t.dep_ == "relcl" or t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in t.children):
            return True
        if t.dep_ == "pcomp" and t.head.lower_ in BACKGROUND_MARKS:
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def _own_timex(sent: SpacySpan, inp: StageInput) -> bool:
    return any(sent.start_char <= tx.start and tx.end <= sent.end_char and tx.type == "DATE"
               and tx.value and _DATE.match(tx.value) for tx in inp.timexes)


def _propagate_dates(events: list[Event], dated: set[int], nominal: set[int]) -> list[Event]:
    """The same nominal event (source, target, code) mentioned again keeps its known date:
    'Moscow's invasion of Ukraine' … 'last year's invasion' → both dated last year."""
    known: dict[tuple[str, str, str], str] = {}
    for ev in events:
        if id(ev) in dated and id(ev) in nominal and ev.date:
            known.setdefault((_side_key(ev.source), _side_key(ev.target), ev.cameo), ev.date)
    out = []
    for ev in events:
        key = (_side_key(ev.source), _side_key(ev.target), ev.cameo)
        if id(ev) in nominal and id(ev) not in dated and key in known and key[0] and key[1]:
            ev = replace(ev, date=known[key])
        out.append(ev)
    return out


def _side_key(ref: ActorRef) -> str:
    return ref.code or ref.actor or (ref.text or "").lower()


def _party_key(ref: ActorRef) -> str:
    """One participant: the actor itself ("Li" and "Xi" are two, though both CHNGOV)."""
    if ref.code and len(ref.code) == 3:  # a country as a place: "China", "Beijing"
        return ref.code
    return ref.actor or ref.code or (ref.text or "").lower()


def verb_match(token: Token, user: tuple) -> Optional[Match]:
    """The verb's own entry, or a light verb's event noun ("hold talks", "pay a visit")."""
    m = best_match(token, "verb", user)
    if m is not None and m.entry.origin == "mit" and m.entry.specificity == 0:
        m = None  # the MIT dictionary's bare verb defaults over-fire; its patterns are kept
    if m is not None and m.entry.specificity > 0:
        return m
    if ("light", token.lemma_.lower()) in lexicon(user):
        for obj in object_candidates(token):
            nm = best_match(obj, "noun", user)
            if nm is not None and nm.entry.code != "---":
                entry = replace(nm.entry, origin=nm.entry.origin)
                return Match(entry=entry, trigger=token, object=obj,
                             words=(token.lemma_.lower(), obj.lemma_.lower()))
    return m


def triggers(sent: SpacySpan, user: tuple) -> list[Found]:
    """Lexicon matches in a sentence, after complement rules ("refused to [sign]")."""
    verbs: dict[int, Match] = {}
    toks = [(tok, tok.pos_, tok.dep_) for tok in sent]  # each token's attributes read once
    for tok, pos, dep in toks:
        if pos == "VERB" and dep not in NOUN_USES:  # "evacuated the wounded"
            m = verb_match(tok, user)
            if m is not None:
                verbs[tok.i] = m
    modal = cues()["modal_verbs"]
    out: list[Found] = []
    consumed = {m.object.i for m in verbs.values() if m.object is not None}
    for i, m in verbs.items():
        tok = m.trigger
        if m.entry.code == "---":
            continue
        gov = _governor(tok)
        if gov is not None and gov.i in verbs and verbs[gov.i].entry.code != "---" \
                and gov.lemma_.lower() not in modal:
            continue  # the governing event speaks: "threatened to [attack]", "accused X of [spying]"
        if tok.lemma_.lower() in modal and any(
                _governs(tok, v.trigger) and v.entry.code != "---" for v in verbs.values()):
            continue  # "refused to sign", "plans to visit": the complement is the event
        if m.object is not None and m.object.i in verbs and m.object.dep_ in ("xcomp", "ccomp"):
            consumed.add(m.object.i)
        if _protest_aim(tok, m, verbs):
            continue  # "staged a protest to demand reforms": the demand is the protest's aim
        out.append(Found(match=m, nominal=False))
    demands = [d for d in (demand_found(tok, verbs) for tok, pos, dep in toks
                           if pos in ("VERB", "AUX") and dep in ("ccomp", "acl")) if d is not None]
    taken = {t.i for d in demands for t in d.demand_of.subtree}
    out = [f for f in out if f.match.trigger.i not in taken] + demands
    for tok, pos, dep in toks:
        if pos in ("NOUN", "PROPN") and dep != "compound" and tok.i not in consumed:
            nm = best_match(tok, "noun", user)
            if nm is not None and nm.entry.code != "---":
                out.append(Found(match=nm, nominal=True))
    out.sort(key=lambda f: f.match.trigger.i)
    return out


def _protest_aim(tok: Token, m: Match, verbs: dict[int, Match]) -> bool:
    """The aim of a protest or a demand, not an event of its own: "rioted, joining others in
    demanding …", "staged a protest to demand reforms", "demanded a meeting to discuss …"."""
    own = _root(m.entry.code)
    t = tok
    for _ in range(4):
        if t.dep_ == "pcomp" and t.head.dep_ == "prep":
            head = t.head.head
        elif t.dep_ in ("advcl", "xcomp", "conj"):
            head = t.head
        else:
            return False
        gov = verbs.get(head.i)
        if gov is not None and gov.entry.code != "---":
            gov_root = _root(gov.entry.code)
            purpose = t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            return (gov_root == "14" and own in ("02", "10")) or (gov_root in ("02", "10") and purpose)
        t = head
    return False


def _root(code: str) -> str:
    info = code_info(code)
    return info.root if info is not None else ""


def demand_found(tok: Token, verbs: dict[int, Match]) -> Optional[Found]:
    """'X declared that Y must drop barriers', 'a reminder to Y that it must cooperate':
    X demands of Y (CAMEO 10x, after what Y must do)."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in ("ccomp", "acl"):
        return None
    c = cues()
    if not any(ch.dep_ == "aux" and ch.lower_ in c["demand_aux"] for ch in tok.children):
        return None
    if tok.dep_ not in ("ccomp", "acl") or tok.head.lemma_.lower() not in c["demand_heads"]:
        return None
    inner = verbs.get(tok.i)
    code = mapped_code(inner.entry.code, "demand.json") if inner is not None and inner.entry.code != "---" else "100"
    if not code.startswith("10"):
        code = "100"
    head = tok.head
    entry = Entry(lemma=head.lemma_.lower(), kind="verb", particle="", objects=(), preps=(),
                  code=code, origin="team", note="must-clause demand")
    return Found(match=Match(entry=entry, trigger=head, object=None, words=(head.lemma_.lower(), "must")),
                 nominal=False, demand_of=tok)


def _demand_args(found: Found, index: ActorIndex) -> tuple[list[Side], list[Side]]:
    head = found.match.trigger
    verb = head.head if head.pos_ == "NOUN" else head
    subj, passive = subject_of(verb)
    srcs = [] if passive else sides(subj, index)
    tgts = _first_sides(prep_objects([verb, head], ("to",)), index, avoid=tuple(srcs))
    if not tgts:
        inner_subj, _ = subject_of(found.demand_of)
        tgts = [t for t in sides(inner_subj, index) if not any(_same_party(s, t) for s in srcs)]
    return srcs, tgts


def intent_code(code: str) -> str:
    """A promised act is coded as the intent: 'will release' 0841 → 0353, 'will attack' → 138."""
    return mapped_code(code, "intent.json")


def mapped_code(code: str, name: str) -> str:
    """``code`` through a code table (intent.json, refusal.json), by its longest listed prefix."""
    table = code_table(name)
    for n in (len(code), 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return code


@functools.lru_cache(maxsize=4)
def code_table(name: str) -> dict[str, str]:
    text = resources.files("readout").joinpath("data", "events", name).read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def _governs(tok: Token, other: Token) -> bool:
    gov = _governor(other)
    return gov is not None and gov.i == tok.i and other.i != tok.i


def _governor(tok: Token) -> Optional[Token]:
    if tok.dep_ in ("xcomp", "ccomp"):
        return tok.head
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
        return tok.head.head
    return None


def _events_for(found: Found, sent: SpacySpan, sent_i: int, index: ActorIndex,
                inp: StageInput, history: list) -> list[Event]:
    m = found.match
    if found.nominal:
        srcs, tgts = _nominal_args(m.trigger, index, history)
        if not srcs or not tgts:
            return []
    elif found.demand_of is not None:
        srcs, tgts = _demand_args(found, index)
    else:
        srcs, tgts = _verbal_args(m, index)
    code, rule = m.entry.code, m.rule
    trig = m.trigger
    is_negated, mode = None, None  # the trigger's negation and modality, read at most once
    if not found.nominal:
        is_negated, mode = negated(trig), modality(trig)
    if not found.nominal and refused(trig, is_negated, mode):
        refusal = mapped_code(code, "refusal.json")
        if refusal != code:
            code, rule = refusal, rule + "+refusal"
    elif not found.nominal and found.demand_of is None and intended(trig, mode):
        intent = intent_code(code)
        if intent != code:
            code, rule = intent, rule + "+intent"
    info = code_info(code)
    if info is None:
        return []
    pairs = _pairs(srcs, tgts, info.root, m.trigger)
    if info.root in IMPLICIT_GOV_ROOTS:
        pairs = [(a, b if b is not None else _implicit_government(a, m.trigger, index, inp))
                 for a, b in pairs]
    if not pairs:
        return []
    if is_negated is None:  # what depends on the trigger alone is read once for all its pairs
        is_negated, mode = negated(trig), modality(trig)
    facts = (_date(trig, sent, inp), _location(trig, index, inp), is_negated, mode)
    return [_event(m, info, src, tgt, sent, sent_i, found.nominal, rule, facts) for src, tgt in pairs]


def _pairs(srcs: list[Side], tgts: list[Side], root: str, trigger: Token) -> list[tuple[Optional[Side], Optional[Side]]]:
    reciprocal = any(_text(t) in EACH_OTHER for t in tgts) or (not tgts and len(srcs) > 1 and root in RECIPROCAL_ROOTS)
    if reciprocal:
        # "X and Y met": one event per pair of members, not one per direction
        return [(a, b) for i, a in enumerate(srcs) for b in srcs[i + 1:] if a.key != b.key][:12]
    pairs: list[tuple[Optional[Side], Optional[Side]]] = []
    for a in srcs or [None]:
        others = [b for b in tgts if a is None or not _same_party(a, b)]
        if a is not None and tgts and not others:
            others = [None]  # "X promised to reform X": no outside target
        for b in others or [None]:
            if a is None and b is None:
                continue
            pairs.append((a, b))
    return pairs[:12]


def _implicit_government(src: Optional[Side], trig: Token, index: ActorIndex,
                         inp: StageInput) -> Optional[Side]:
    """A protest naming no one is aimed at the government where it happens ("in Kirkuk", the
    dateline), else at the protesters' own government; no code when neither is known."""
    place = _location(trig, index, inp)
    country = place.country if place is not None else None
    if not country and src is not None and src.ref.code:
        country = src.ref.code[:3]
    if not country or len(country) != 3 or country in NON_COUNTRIES or country in ROLE_CODES:
        return None
    return Side(ref=ActorRef(code=country + "GOV"), token=trig)


def _same_party(a: Side, b: Side) -> bool:
    """The same actor, or a country and its own government ("Li hailed ... China")."""
    if a.key == b.key:
        return True
    ca, cb = a.ref.code or "", b.ref.code or ""
    return bool(ca and cb) and (len(ca) == 3 or len(cb) == 3) and ca[:3] == cb[:3] \
        and ca[3:6] in STATE_ROLES and cb[3:6] in STATE_ROLES


def _text(side: Side) -> str:
    return (side.ref.text or "").lower()


def _first_sides(tokens: list[Token], index: ActorIndex, exclude: Optional[Token] = None,
                 avoid: tuple[Side, ...] = (), heads_only: frozenset[int] = frozenset()) -> list[Side]:
    """The participants of the first candidate naming someone other than the ``avoid`` sides;
    a candidate naming a known actor beats an earlier one naming nobody known ("sent
    inspectors to Iran": Iran, not the inspectors)."""
    fallback: list[Side] = []
    for t in tokens:
        found = sides(content_head(t), index, exclude, heads_only=t.i in heads_only)
        found = [f for f in found if not any(_same_party(a, f) for a in avoid)]
        if any(f.ref.code for f in found):
            return found
        fallback = fallback or found
    return fallback


def _verbal_args(m: Match, index: ActorIndex) -> tuple[list[Side], list[Side]]:
    verb = m.trigger
    subj, passive = subject_of(verb)
    if passive:
        srcs = sides(agent_of(verb), index)
        tgts = sides(subj, index)
    else:
        srcs = sides(subj, index)
        tgts = []
    if not srcs and m.object is not None:  # "Beijing's offer of support"
        srcs = [s for c in m.object.children if c.dep_ == "poss" for s in sides(c, index)]
    if not tgts:
        candidates, loose, objs = _target_candidates(m)
        event_noun = m.object is not None and ("noun", m.object.lemma_.lower()) in lexicon()
        tgts = _first_sides(candidates, index, exclude=m.object if event_noun else None,
                            avoid=tuple(srcs), heads_only=loose)
        if not tgts:
            each = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ in ("each", "one")]
            if each:
                tgts = [Side(ref=ActorRef(text="each other"), token=each[0])]
        if not any(t.ref.code for t in tgts) and _root(m.entry.code) not in PLACE_IS_NOT_TARGET:
            # "arrested protesters in Moscow": the place acted on tells more than no one known
            tgts = _place_target([verb] + objs + candidates, index, srcs) or tgts
    return srcs, tgts


def _target_candidates(m: Match) -> tuple[list[Token], frozenset[int], list[Token]]:
    """(target candidates in order of preference, the loose ones that must name someone by
    their head, the verb's objects): the entry's own prepositional objects, the objects, the
    subject of a demanded clause, whose act the event noun is, then other prepositional objects."""
    verb = m.trigger
    root = _root(m.entry.code)
    objs = [c for c in verb.children if c.dep_ in ("dative", "dobj") and c.pos_ != "ADP"
            and (m.object is None or content_head(c).i != m.object.i) and not _detached(c)]
    direct = list(objs)
    xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
    objs += [g for x in xcomps for g in x.children if g.dep_ in ("dobj", "dative")]
    scope = [verb] + ([m.object] if m.object is not None else []) + objs + xcomps
    if m.object is not None:  # "a suspension of air links with X"
        scope += [g for c in m.object.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
    own = tuple(p for alts, _ in m.entry.preps for p in sorted(alts))
    event_noun = m.object is not None and ("noun", m.object.lemma_.lower()) in lexicon()
    if m.object is not None and not event_noun and m.object.lemma_.lower() not in INSTRUMENT_NOUNS:
        objs = [m.object] + objs  # "arrested protesters": the object is the target
    own_objs = prep_objects(scope, own) if own else []
    scope += [o for o in prep_objects([verb], own)] if own else []  # "called for sanctions against X"
    preps = PREP_TARGETS + (("at",) if root in AIMED_ROOTS else ())
    prep_objs = prep_objects(scope, preps)
    clause = _clause_subjects(verb) if root in CLAUSE_TARGET_ROOTS else []
    owners = owners_of(m.object, event=True) if event_noun else []
    things = own_objs + direct + ([m.object] if m.object is not None and not event_noun else [])
    owners += [o for t in things if ("noun", content_head(t).lemma_.lower()) not in lexicon()
               for o in owners_of(content_head(t), event=False)]  # "inspectors of X"
    candidates = own_objs + objs + owners + clause + prep_objs
    loose = frozenset(t.i for t in prep_objs) - frozenset(t.i for t in own_objs) \
        - frozenset(t.i for t in prep_objects(scope, FIRM_PREPS))
    return candidates, loose, objs + ([m.object] if m.object is not None else [])


def _detached(obj: Token) -> bool:
    """A second object set off by a comma is a loose apposition to the clause, not an object:
    'held talks with X on Tuesday, the first delegation to visit Y'."""
    verb, first = obj.head, obj.left_edge
    earlier = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i < obj.i]
    return bool(earlier) and first.i > 0 and obj.doc[first.i - 1].text in (",", ";", "--", "—")


def owners_of(noun: Optional[Token], event: bool) -> list[Token]:
    """Whose act or thing a noun is: 'calls by X', 'X's crackdown', 'the invasion of X',
    'the positions of X' (for a thing, only its 'of' object: its possessor is in its phrase)."""
    if noun is None or noun.pos_ != "NOUN":
        return []
    out: list[Token] = []
    for prep in (("by", "poss", "of") if event else ("by", "of")):
        if prep == "poss":
            out += [c for c in noun.children if c.dep_ == "poss"]
            continue
        out += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == prep
                for g in c.children if g.dep_ == "pobj"]
    return out


def _clause_subjects(verb: Token) -> list[Token]:
    """'demanded that the United States act', 'urged that Y talk': Y, of whom it is asked."""
    return [g for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i
            and (c.tag_ == "VB" or any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children))
            for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]


def _place_target(scope: list[Token], index: ActorIndex, srcs: list[Side]) -> list[Side]:
    """'Serbia lifted the curfew in Montenegro': with no other target, the place acted on."""
    for pobj in prep_objects(scope, PLACE_PREPS):
        if pobj.lemma_.lower() in PLACE_NOUNS:  # "in the city of Kirkuk"
            pobj = next(iter(owners_of(pobj, event=False)), pobj)
        if pobj.ent_type_ not in ("GPE", "LOC"):
            continue
        found = [f for f in sides(pobj, index) if not any(_same_party(a, f) for a in srcs)]
        if found:
            return found
    return []


def _nominal_args(noun: Token, index: ActorIndex, history: list) -> tuple[list[Side], list[Side]]:
    srcs: list[Side] = []
    for c in noun.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
            srcs.extend(sides(c, index))
    srcs = srcs or sides_of_preps(noun, NOMINAL_SOURCE_PREPS, index)
    tgts = _cause_agent(noun, index, history) or sides_of_preps(noun, NOMINAL_TARGET_PREPS, index)
    if tgts and not srcs:
        srcs = [s for s in _setting_subject(noun, index) if not any(_same_party(s, t) for t in tgts)]
    between = sides_of_preps(noun, ("between",), index)
    if between and not srcs:
        srcs, tgts = between, []
    lemma = noun.lemma_.lower()
    if not srcs or not tgts:
        for ev, lem in reversed(history[-30:]):
            if lem != lemma:
                continue
            if not srcs and tgts and _side_key(ev.target) == tgts[0].key or not srcs and not tgts:
                srcs = srcs or [Side(ref=ev.source, token=noun)]
                tgts = tgts or [Side(ref=ev.target, token=noun)]
                break
    if srcs and not tgts:
        tgts = [t for t in _clause_subject(noun, index) if t.key not in {s.key for s in srcs}]
    return srcs, tgts


def _cause_agent(noun: Token, index: ActorIndex, history: list) -> list[Side]:
    """'sanctions over the invasion of Ukraine' → the invader: a measure taken over an act
    targets the act's agent (its possessor, else the source of the same act told before)."""
    heads = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in GROUP_NOUNS:
        heads.append(noun.head.head)  # "a flurry of sanctions over …"
    for cause in prep_objects(heads, CAUSE_PREPS):
        cause = content_head(cause)
        if ("noun", cause.lemma_.lower()) not in lexicon():
            continue
        own = [s for c in cause.children if c.dep_ == "poss" for s in sides(c, index)]
        if own:
            return own
        for ev, lem in reversed(history[-30:]):
            if lem == cause.lemma_.lower() and ev.source.code:
                return [Side(ref=ev.source, token=cause)]
    return []


def _setting_subject(noun: Token, index: ActorIndex) -> list[Side]:
    """'X offered support at a meeting with Y' → X, the subject of the clause the meeting is the setting of."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in SETTING_PREPS or noun.head.head.pos_ not in ("VERB", "AUX"):
        return []
    subj, passive = subject_of(noun.head.head)
    return [] if passive else sides(subj, index)


def sides_of_preps(noun: Token, preps: tuple[str, ...], index: ActorIndex) -> list[Side]:
    return _first_sides(prep_objects([noun], preps), index)


def _clause_subject(noun: Token, index: ActorIndex) -> list[Side]:
    """'Moscow's exports fell due to Western sanctions' → Moscow, the party the sanctions hit."""
    t = noun
    for _ in range(9):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            break
        t = t.head
    subj, passive = subject_of(t)
    if subj is None or subj.i == noun.i or noun in list(subj.subtree):
        return []
    return sides(subj, index)


def _event(m: Match, info, src: Optional[Side], tgt: Optional[Side], sent: SpacySpan, sent_i: int,
           nominal: bool, rule: str, facts: tuple[Optional[str], Optional[Place], bool, str]) -> Event:
    """One event; ``facts``: the trigger's date, location, negation and modality."""
    trig = m.trigger
    date, location, is_negated, mode = facts
    evidence = [sent.start_char, sent.end_char]
    both = src is not None and tgt is not None and src.ref.actor and tgt.ref.actor
    conf = 0.5 + (0.2 if both else 0.0) + (0.1 if m.entry.specificity else 0.0) \
        + (0.1 if m.entry.origin != "mit" else 0.0) - (0.15 if nominal else 0.0)
    return Event(
        id="E0", sentence=sent_i,
        source=src.ref if src else ActorRef(), target=tgt.ref if tgt else ActorRef(),
        cameo=info.code,
        root=info.root, quad_class=info.quad_class, goldstein=info.goldstein,
        plover=info.plover, plover_mode=info.plover_mode,
        trigger=Span(text=trig.text, start=trig.idx, end=trig.idx + len(trig.text)),
        evidence=evidence, date=date, location=location,
        negated=is_negated, modality=mode, confidence=round(min(conf, 0.95), 2),
        rule=rule)


def _date(trig: Token, sent: SpacySpan, inp: StageInput) -> Optional[str]:
    """The nearest dated time expression in the trigger's sentence, else the publication date."""
    best: Optional[tuple[int, Timex]] = None
    for tx in inp.timexes:
        if tx.start < sent.start_char or tx.end > sent.end_char or tx.type != "DATE":
            continue
        if not tx.value or not _DATE.match(tx.value):
            continue
        dist = min(abs(tx.start - trig.idx), abs(tx.end - trig.idx))
        if best is None or dist < best[0]:
            best = (dist, tx)
    return best[1].value if best else inp.article.published


def _location(trig: Token, index: ActorIndex, inp: StageInput) -> Optional[Place]:
    """'in Beijing' on the trigger's clause, else the dateline with its country when known."""
    verb = trig
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        verb = verb.head
    objs = [c for c in verb.children if c.dep_ in ("dobj", "pobj")]
    for pobj in prep_objects([trig, verb] + objs, ("in", "at")):
        if pobj.ent_type_ in ("GPE", "LOC", "FAC"):
            start, end = pobj.idx, pobj.idx + len(pobj.text)
            ent = next((e for e in trig.doc.ents if e.start <= pobj.i < e.end), None)
            if ent is not None:
                start, end = ent.start_char, ent.end_char
            hit = index.at(start, end)
            return Place(name=doc_text(trig.doc)[start:end], country=hit[0][2].country if hit else None)
    dateline = inp.article.dateline
    if not dateline:
        return None
    name = dateline.strip().title()
    return Place(name=name, country=index.country_named(name))

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
from readout.events.arguments import PREP_TARGETS, ActorIndex, Side, agent_of, prep_objects, sides, subject_of
from readout.events.codebook import code_info
from readout.events.lexicon import Entry, Match, best_match, content_head, lexicon, object_candidates
from readout.events.modality import cues, modality, negated, refused
from readout.model import ActorRef, Event, Place, Span, Timex

RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
NOMINAL_SOURCE_PREPS = ("by", "from")
NOMINAL_TARGET_PREPS = ("on", "against", "of", "to", "with", "for", "into", "upon", "toward", "towards")
# objects that are the source's own means, never the target ("withdrew its troops")
INSTRUMENT_NOUNS = frozenset({"troop", "force", "soldier", "army", "weapon", "warship", "tank", "unit",
                              "missile", "aid", "assistance", "money", "fund", "road", "border"})
EACH_OTHER = ("each other", "one another")
_DATE = re.compile(r"^\d{4}(-\d\d)?(-\d\d)?$")


@dataclass(frozen=True)
class Found:
    """A trigger with its lexicon match, before the arguments are read."""

    match: Match
    nominal: bool


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
    for sent_i, sent in enumerate(doc.sents):
        seen: set[tuple[str, str, str]] = set()
        for found in triggers(sent, user):
            for ev in _events_for(found, sent, sent_i, index, inp, history):
                key = (_side_key(ev.source), _side_key(ev.target), ev.cameo)
                if key in seen:
                    continue
                seen.add(key)
                events.append(ev)
                history.append((ev, found.match.trigger.lemma_.lower()))
    if not inp.settings.keep_negated:
        events = [e for e in events if not e.negated]
    return [replace(e, id=f"E{i}") for i, e in enumerate(events, 1)]


def _side_key(ref: ActorRef) -> str:
    return ref.code or ref.actor or (ref.text or "").lower()


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
    for tok in sent:
        if tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):
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
                (_governor(v.trigger) or tok).i == tok.i and v.trigger.i != tok.i and v.entry.code != "---" for v in verbs.values()):
            continue  # "refused to sign", "plans to visit": the complement is the event
        if m.object is not None and m.object.i in verbs and m.object.dep_ in ("xcomp", "ccomp"):
            consumed.add(m.object.i)
        out.append(Found(match=m, nominal=False))
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in consumed and tok.dep_ != "compound":
            nm = best_match(tok, "noun", user)
            if nm is not None and nm.entry.code != "---":
                out.append(Found(match=nm, nominal=True))
    out.sort(key=lambda f: f.match.trigger.i)
    return out


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
    else:
        srcs, tgts = _verbal_args(m, index)
    code, rule = m.entry.code, m.rule
    if not found.nominal and refused(m.trigger):
        refusal = mapped_code(code, "refusal.json")
        if refusal != code:
            code, rule = refusal, rule + "+refusal"
    elif not found.nominal and modality(m.trigger) == "future":
        intent = intent_code(code)
        if intent != code:
            code, rule = intent, rule + "+intent"
    info = code_info(code)
    if info is None:
        return []
    pairs = _pairs(srcs, tgts, info.root, m.trigger)
    out = []
    for src, tgt in pairs:
        out.append(_event(m, info, src, tgt, sent, sent_i, index, inp, found.nominal, rule))
    return out


def _pairs(srcs: list[Side], tgts: list[Side], root: str, trigger: Token) -> list[tuple[Optional[Side], Optional[Side]]]:
    reciprocal = any(_text(t) in EACH_OTHER for t in tgts) or (not tgts and len(srcs) > 1 and root in RECIPROCAL_ROOTS)
    if reciprocal:
        # "X and Y met": one event per pair of members, not one per direction
        return [(a, b) for i, a in enumerate(srcs) for b in srcs[i + 1:] if a.key != b.key][:12]
    pairs: list[tuple[Optional[Side], Optional[Side]]] = []
    for a in srcs or [None]:
        for b in tgts or [None]:
            if a is None and b is None:
                continue
            if a is not None and b is not None and _same_party(a, b):
                continue
            pairs.append((a, b))
    return pairs[:12]


def _same_party(a: Side, b: Side) -> bool:
    """The same actor, or a country and its own government ("Li hailed ... China")."""
    if a.key == b.key:
        return True
    ca, cb = a.ref.code or "", b.ref.code or ""
    return bool(ca and cb) and (len(ca) == 3 or len(cb) == 3) and ca[:3] == cb[:3]


def _text(side: Side) -> str:
    return (side.ref.text or "").lower()


def _first_sides(tokens: list[Token], index: ActorIndex, exclude: Optional[Token] = None) -> list[Side]:
    for t in tokens:
        found = sides(content_head(t), index, exclude)
        if found:
            return found
    return []


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
        objs = [c for c in verb.children if c.dep_ in ("dative", "dobj") and c.pos_ != "ADP"
                and (m.object is None or content_head(c).i != m.object.i)]
        xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
        objs += [g for x in xcomps for g in x.children if g.dep_ in ("dobj", "dative")]
        scope = [verb] + ([m.object] if m.object is not None else []) + objs + xcomps
        own = tuple(p for alts, _ in m.entry.preps for p in sorted(alts))
        event_noun = m.object is not None and ("noun", m.object.lemma_.lower()) in lexicon()
        if m.object is not None and not event_noun and m.object.lemma_.lower() not in INSTRUMENT_NOUNS:  # "arrested protesters": the object is the target
            objs = [m.object] + objs
        candidates = (prep_objects(scope, own) if own else []) + objs + prep_objects(scope, PREP_TARGETS)
        tgts = _first_sides(candidates, index, exclude=m.object if event_noun else None)
        if not tgts:
            each = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ in ("each", "one")]
            if each:
                tgts = [Side(ref=ActorRef(text="each other"), token=each[0])]
    return srcs, tgts


def _nominal_args(noun: Token, index: ActorIndex, history: list) -> tuple[list[Side], list[Side]]:
    srcs: list[Side] = []
    for c in noun.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
            srcs.extend(sides(c, index))
    srcs = srcs or sides_of_preps(noun, NOMINAL_SOURCE_PREPS, index)
    tgts = sides_of_preps(noun, NOMINAL_TARGET_PREPS, index)
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
           index: ActorIndex, inp: StageInput, nominal: bool, rule: str) -> Event:
    trig = m.trigger
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
        evidence=evidence, date=_date(trig, sent, inp), location=_location(trig, index, inp),
        negated=negated(trig), modality=modality(trig), confidence=round(min(conf, 0.95), 2),
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
            return Place(name=trig.doc.text[start:end], country=hit[0][2].country if hit else None)
    dateline = inp.article.dateline
    if not dateline:
        return None
    name = dateline.strip().title()
    country = None
    for _, _, actor in index.spans:
        if actor.name and actor.name.lower() == name.lower():
            country = actor.country
            break
    return Place(name=name, country=country)

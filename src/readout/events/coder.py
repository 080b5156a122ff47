"""The event coder: lexicon matches on the parse → coded, dated, located events."""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from dataclasses import dataclass, replace
from typing import NamedTuple, Optional

from spacy.strings import StringStore
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from readout.context import StageInput
from readout.events.arguments import PLACE_NOUNS, PREP_TARGETS, ROLE_CODES, ActorIndex, Side, TEXT_KEY, agent_of, doc_text, prep_objects, sides, subject_of
from readout.events.codebook import code_info
from readout.events.lexicon import GROUP_NOUNS, Bucket, Entry, Match, best_match, content_head, content_head_at, find_bucket, lemma_words, lexicon, object_heads, words_around
from readout.events.modality import cue_ids, cues, intended, modality, negated, refused
from readout.events.table import TokenTable, Words, label_id, label_ids, pos_id
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
# ... but a promise of aid or peacekeepers is aimed at the place that gets them (CAMEO 033x)
AID_INTENT = "033"
# threats, protests and force: the roots from 13 on
HOSTILE_ROOT = "13"
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
THREAT_ROOT = "13"
CONDITION_MARKS = label_ids(("unless", "if"))
RELATED_PREPS = ("to", "with", "from", "by", "against")
# what one party asks of, promises or offers another: the other party is the one it concerns
PLEDGE_NOUNS = frozenset({"commitment", "promise", "pledge", "demand", "appeal", "call", "request",
                          "offer", "invitation", "plea", "proposal", "ultimatum", "obligation"})
BACKGROUND_MARKS = frozenset({"as", "after", "when", "since", "because", "until", "while", "although",
                              "though", "once", "following", "whereas", "unless"})
_DATE = re.compile(r"^\d{4}(-\d\d)?(-\d\d)?$")
# the same tags and labels as the numbers of the token table, for the scan over every token
VERB_POS = pos_id("VERB")
CLAUSE_POS = frozenset({pos_id("VERB"), pos_id("AUX")})
NOUN_POS = frozenset({pos_id("NOUN"), pos_id("PROPN")})
NOUN_USE_IDS = label_ids(NOUN_USES)
CLAUSE_IDS = label_ids(("ccomp", "acl"))
COMPOUND_ID = next(iter(label_ids(("compound",))))
# labels, tags and words the participant readers compare, as table numbers
DOBJ_DATIVE = label_ids(("dobj", "dative"))
DOBJ_POBJ = label_ids(("dobj", "pobj"))
SUBJECT_IDS = label_ids(("nsubj", "nsubjpass"))
XCOMP, CCOMP, PCOMP, PREP, POBJ, POSS = (label_id(n) for n in ("xcomp", "ccomp", "pcomp", "prep", "pobj", "poss"))
AUX, MARK, ROOT = label_id("aux"), label_id("mark"), label_id("ROOT")
ADP = pos_id("ADP")
NOUN_ID = pos_id("NOUN")
OF, THAT, BY = label_id("of"), label_id("that"), label_id("by")
EACH_ONE = label_ids(("each", "one"))
NOMINAL_SOURCE_DEPS = label_ids(("poss", "amod", "compound", "nmod"))
CONJ, ADVCL, RELCL, ACL = (label_id(n) for n in ("conj", "advcl", "relcl", "acl"))
NOMINAL_POS = frozenset(pos_id(p) for p in ("NOUN", "PROPN", "PRON"))
BACKGROUND_MARK_IDS = label_ids(BACKGROUND_MARKS)


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
    if inp.text and isinstance(doc.user_data, dict):
        doc.user_data.setdefault(TEXT_KEY, inp.text)  # what ``doc_text`` would join again
    table = TokenTable(doc)
    index: Optional[ActorIndex] = None  # the actors and dates, read at the first trigger:
    dates: list[Timex] = []  # many articles have none
    user = tuple(inp.settings.verb_files or ())
    events: list[Event] = []
    history: list[tuple[Event, str]] = []  # (event, trigger lemma) for nominal antecedents
    dated: set[int] = set()  # ids of events dated by a time expression of their sentence
    nominal: set[int] = set()
    for sent_i, sent in enumerate(doc.sents):
        seen: set[tuple[str, str, str]] = set()
        found_events: list[tuple[Event, Found]] = []
        for found in triggers(sent, user, table):
            if index is None:
                index, dates = ActorIndex(doc, inp.actors, table), _dated_timexes(inp.timexes)
            for ev in _events_for(found, sent, sent_i, index, inp, history, dates):
                key = (_party_key(ev.source), _party_key(ev.target), ev.cameo)
                if key in seen:
                    continue
                seen.add(key)
                found_events.append((ev, found))
                history.append((ev, table.lemmas[found.match.trigger.i]))
        own_date = bool(found_events) and _own_timex(sent, dates)
        for ev, found in _foreground(found_events, table):
            if own_date:
                dated.add(id(ev))
            if found.nominal:
                nominal.add(id(ev))
            events.append(ev)
    events = _propagate_dates(events, dated, nominal)
    if not inp.settings.keep_negated:
        events = [e for e in events if not e.negated]
    for number, event in enumerate(events, 1):
        _number(event, number)
    return events


def _number(event: Event, number: int) -> None:
    """Give ``event`` its id ``E<number>`` in place: the events are the coder's own until
    returned, each in the list once, so none is built a second time just for its id (a
    record refuses a field change through ``setattr``: ``object.__setattr__`` writes it)."""
    object.__setattr__(event, "id", f"E{number}")


def _foreground(found_events: list[tuple[Event, Found]], table: TokenTable) -> list[tuple[Event, Found]]:
    """Drop background events (relative and temporal clauses, nominal mentions) from a
    sentence that reports an event in its main clause."""
    marks = [(ev, f, background(f, table)) for ev, f in found_events]
    if all(b for _, _, b in marks):
        return found_events
    return [(ev, f) for ev, f, b in marks if not b]


def background(found: Found, table: TokenTable) -> bool:
    """Is the trigger background to the sentence: a nominal mention ("over the raids"), a
    relative clause ("whom they had taken hostage"), a participle on a noun ("hosted by"),
    or a temporal/causal clause ("after the jet shot down", "as police cracked down")?"""
    tok = found.match.trigger
    if found.nominal:
        setting = tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS and tok.head.head.pos_ in ("VERB", "AUX")
        return not (setting and code_info(found.match.entry.code) is not None
                    and code_info(found.match.entry.code).root == "04")
    deps, heads, kids, lower_ids = table.deps, table.heads, table.children, table.lower_ids
    t = tok.i
    while deps[t] == CONJ and heads[t] != t:
        t = heads[t]
    if deps[t] == ADVCL and table.tag(t) == "VBG" and t > heads[t] and not any(deps[c] == MARK for c in kids(t)):
        return True  # "rioted, setting fire to …": a participle elaborating the main event
    t = tok.i
    for _ in range(12):
        if deps[t] == RELCL or deps[t] == ACL and table.pos[heads[t]] in NOMINAL_POS:
            return True
        if deps[t] == ADVCL and any(deps[c] == MARK and lower_ids[c] in BACKGROUND_MARK_IDS for c in kids(t)):
            return True
        if deps[t] == PCOMP and lower_ids[heads[t]] in BACKGROUND_MARK_IDS:
            return True
        if heads[t] == t:
            break
        t = heads[t]
    return False


def _dated_timexes(timexes: list[Timex]) -> list[Timex]:
    """The time expressions that date an event: a DATE with a calendar value, in text order."""
    return [tx for tx in timexes if tx.type == "DATE" and tx.value and _DATE.match(tx.value)]


def _own_timex(sent: SpacySpan, dates: list[Timex]) -> bool:
    """Does the sentence have a dated time expression (``dates``: ``_dated_timexes``)?"""
    first, end = sent.start_char, sent.end_char
    return any(first <= tx.start and tx.end <= end for tx in dates)


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


class VerbEntries(NamedTuple):
    """What the lexicon has for a verb: its entries (``find_bucket``), whether it is a light
    verb ("hold talks"), and the entry asking for nothing that makes it a trigger when no
    more specific entry matches (None when missing or from the MIT dictionary, whose bare
    verb defaults over-fire; its patterns are kept)."""

    bucket: Optional[Bucket]
    light: bool
    fallback: Optional[Entry]


@functools.lru_cache(maxsize=1 << 14)
def _verb_entries(lemma: str, word: int, user: tuple, strings: StringStore) -> Optional[VerbEntries]:
    """``VerbEntries`` of a verb from its lower-case lemma and word (the word's string id in
    ``strings``: read as a string only here), None when it has no entry and no light use
    (cached: the same verbs come back in every article)."""
    bucket = find_bucket(lemma, strings[word], "verb", user)
    light = ("light", lemma) in lexicon(user)
    if bucket is None and not light:
        return None
    fallback = bucket.fallback if bucket is not None else None
    return VerbEntries(bucket=bucket, light=light,
                       fallback=fallback if fallback is not None and fallback.origin != "mit" else None)


def _verb_at(i: int, table: TokenTable, user: tuple) -> Optional[Match]:
    """The entry of the verb token ``i``, or a light verb's event noun ("hold talks", "pay a
    visit"), read from the table: the verbs with no entry and no light use are turned away
    with no spaCy token built for them. (Screening a verb's entries by the words of its
    whole sentence first costs more than it saves: the words around it are read directly.)"""
    found = _verb_entries(table.lemmas[i], table.lower_ids[i], user, table.strings)
    if found is None:
        return None
    bucket = found.bucket
    pool = bucket.possible(words_around(table, i, "verb")) if bucket is not None else []
    if not pool and not found.light and found.fallback is None:
        return None  # only the entry asking for nothing could match, and it is dropped
    token = table.token(i)
    if pool:  # an entry asking for something beats a light use and the entry asking for nothing
        m = best_match(token, "verb", user, bucket, pool=pool, table=table)
        if m is not None and m.entry.specificity > 0:
            return m
    if found.light:
        for obj in object_heads(table, i):
            nm = _noun_at(obj, table, user)
            if nm is not None and nm.entry.code != "---":
                return Match(entry=nm.entry, trigger=token, object=nm.trigger,
                             words=(table.lemmas[i], table.lemmas[obj]))
    entry = found.fallback
    return Match(entry=entry, trigger=token, object=None, words=(entry.lemma,)) if entry is not None else None


def _noun_at(i: int, table: TokenTable, user: tuple) -> Optional[Match]:
    """``best_match`` of token ``i`` as a noun, nouns with no entry turned away from the table."""
    bucket = find_bucket(table.lemma(i), table.lower(i), "noun", user)
    if bucket is None:
        return None
    return best_match(table.doc[i], "noun", user, bucket, words_around(table, i, "noun"), table=table)


def triggers(sent: SpacySpan, user: tuple, table: Optional[TokenTable] = None) -> list[Found]:
    """Lexicon matches in a sentence, after complement rules ("refused to [sign]").
    ``table``: the document's token table, when already built."""
    table = table if table is not None else TokenTable(sent.doc)
    verb_at, clause_at, noun_at = _candidates(range(sent.start, sent.end), table, lemma_words(user, "noun"))
    verbs: dict[int, Match] = {}
    for i in verb_at:
        m = _verb_at(i, table, user)
        if m is not None:
            verbs[i] = m
    modal = cues()["modal_verbs"]
    out: list[Found] = []
    consumed = {m.object.i for m in verbs.values() if m.object is not None}
    for i, m in verbs.items():
        tok = m.trigger
        if m.entry.code == "---":
            continue
        gov = _governor(i, table)
        if gov is not None and gov in verbs and verbs[gov].entry.code != "---" \
                and table.lemma(gov) not in modal:
            continue  # the governing event speaks: "threatened to [attack]", "accused X of [spying]"
        if table.lemma(i) in modal and any(
                _governs(i, j, table) and v.entry.code != "---" for j, v in verbs.items()):
            continue  # "refused to sign", "plans to visit": the complement is the event
        if m.object is not None and m.object.i in verbs and m.object.dep_ in ("xcomp", "ccomp"):
            consumed.add(m.object.i)
        if _protest_aim(tok, m, verbs):
            continue  # "staged a protest to demand reforms": the demand is the protest's aim
        out.append(Found(match=m, nominal=False))
    demands = [d for d in (demand_found(i, table, verbs) for i in clause_at) if d is not None]
    taken = {t.i for d in demands for t in d.demand_of.subtree}
    out = [f for f in out if f.match.trigger.i not in taken] + demands
    for i in noun_at:
        if i not in consumed:
            nm = _noun_at(i, table, user)
            if nm is not None and nm.entry.code != "---":
                out.append(Found(match=nm, nominal=True))
    out.sort(key=lambda f: f.match.trigger.i)
    return out


def _candidates(span: range, table: TokenTable, nouns: Words) -> tuple[list[int], list[int], list[int]]:
    """One pass over a sentence's tokens, turning most away by tag, label or word: (the verbs
    that may trigger, not a verb form standing as a noun ("evacuated the wounded"); the
    clause verbs that may state a demand; the nouns whose lemma or word has an entry)."""
    pos, deps, lemmas, lower_ids = table.pos, table.deps, table.lemmas, table.lower_ids
    verbs: list[int] = []
    clauses: list[int] = []
    found: list[int] = []
    for i in span:
        tag, label = pos[i], deps[i]
        if tag in CLAUSE_POS:
            if tag == VERB_POS and label not in NOUN_USE_IDS:
                verbs.append(i)
            if label in CLAUSE_IDS:
                clauses.append(i)
        elif tag in NOUN_POS and label != COMPOUND_ID \
                and (lemmas[i] in nouns or lower_ids[i] in nouns):
            found.append(i)
    return verbs, clauses, found


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


def demand_found(i: int, table: TokenTable, verbs: dict[int, Match]) -> Optional[Found]:
    """'X declared that Y must drop barriers', 'a reminder to Y that it must cooperate':
    X demands of Y (CAMEO 10x, after what Y must do) (token ``i``, the clause's verb)."""
    if table.pos[i] not in CLAUSE_POS or table.deps[i] not in CLAUSE_IDS:
        return None
    demand_aux = cue_ids()["demand_aux"]
    if not any(table.deps[ch] == AUX and table.lower_ids[ch] in demand_aux for ch in table.children(i)):
        return None
    if table.lemma(table.heads[i]) not in cues()["demand_heads"]:
        return None
    tok = table.token(i)
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
    subj, passive = subject_of(verb, index.table)
    srcs = [] if passive else sides(subj, index)
    tgts = _first_sides(prep_objects(index.table, [verb, head], ("to",)), index, avoid=tuple(srcs))
    if not tgts:
        inner_subj, _ = subject_of(found.demand_of, index.table)
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


def _governs(tok: int, other: int, table: TokenTable) -> bool:
    return _governor(other, table) == tok and other != tok


def _governor(i: int, table: TokenTable) -> Optional[int]:
    """The verb whose complement token ``i`` is ("threatened to [attack]"), if any."""
    deps, heads = table.deps, table.heads
    if deps[i] == XCOMP or deps[i] == CCOMP:
        return heads[i]
    if deps[i] == PCOMP and deps[heads[i]] == PREP:
        return heads[heads[i]]
    return None


def _events_for(found: Found, sent: SpacySpan, sent_i: int, index: ActorIndex,
                inp: StageInput, history: list, dates: list[Timex]) -> list[Event]:
    """The events of one trigger (``dates``: the article's ``_dated_timexes``)."""
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
        is_negated, mode = negated(trig.i, index.table), modality(trig.i, index.table)
    if not found.nominal and refused(trig.i, index.table, is_negated, mode):
        refusal = mapped_code(code, "refusal.json")
        if refusal != code:
            code, rule = refusal, rule + "+refusal"
    elif not found.nominal and found.demand_of is None and intended(trig.i, index.table, mode):
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
        is_negated, mode = negated(trig.i, index.table), modality(trig.i, index.table)
    facts = (_date(trig, sent, inp, dates), _location(trig, index, inp), is_negated, mode)
    return [_event(m, info, src, tgt, sent, sent_i, found.nominal, rule, facts) for src, tgt in pairs]


def _pairs(srcs: list[Side], tgts: list[Side], root: str, trigger: Token) -> list[tuple[Optional[Side], Optional[Side]]]:
    reciprocal = any(_text(t) in EACH_OTHER for t in tgts) or (not tgts and len(srcs) > 1 and root in RECIPROCAL_ROOTS)
    if reciprocal:
        # "X and Y met": one event per pair of members, not one per direction
        return [(a, b) for i, a in enumerate(srcs) for b in srcs[i + 1:] if a.key != b.key][:12]
    pairs: list[tuple[Optional[Side], Optional[Side]]] = []
    for a in srcs or [None]:
        # a group or place in a country is not its government ("the government banned a
        # group in X", "a bombing near a town in X killed X's soldiers")
        others = [b for b in tgts if a is None or a.place or b.place or not _same_party(a, b)]
        if a is not None and tgts and not others:
            others = [None]  # "X promised to reform X": no outside target
        for b in others or [None]:
            if (a is None or a.place and a.ref.actor is None) and b is None:
                continue  # no one, or only where it happened ("an explosion near X wounded others")
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
    table = index.table
    for t in tokens:
        head = content_head_at(table, t.i)
        found = sides(table.token(head) if head != t.i else t, index, exclude, heads_only=t.i in heads_only)
        found = [f for f in found if not any(not a.place and _same_party(a, f) for a in avoid)]
        if any(f.ref.code for f in found):
            return found
        fallback = fallback or found
    return fallback


def _verbal_args(m: Match, index: ActorIndex) -> tuple[list[Side], list[Side]]:
    verb = m.trigger
    subj, passive = subject_of(verb, index.table)
    if passive:
        srcs = sides(agent_of(verb, index.table), index)
        tgts = sides(subj, index)
    else:
        srcs = sides(subj, index)
        tgts = []
    table = index.table
    if not srcs and m.object is not None:  # "Beijing's offer of support"
        srcs = [s for c in table.children(m.object.i) if table.deps[c] == POSS for s in sides(table.token(c), index)]
    if not tgts:
        candidates, loose, objs = _target_candidates(m, index)
        event_noun = m.object is not None and ("noun", table.lemma(m.object.i)) in lexicon()
        tgts = _first_sides(candidates, index, exclude=m.object if event_noun else None,
                            avoid=tuple(srcs), heads_only=loose)
        if not tgts:
            each = [c for c in table.children(verb.i) if table.deps[c] in DOBJ_DATIVE and table.lower_ids[c] in EACH_ONE]
            if each:
                tgts = [Side(ref=ActorRef(text="each other"), token=table.token(each[0]))]
        if not any(t.ref.code for t in tgts) and (_root(m.entry.code) not in PLACE_IS_NOT_TARGET
                                                  or m.entry.code.startswith(AID_INTENT)):
            # "arrested protesters in Moscow": the place acted on tells more than no one known
            tgts = _place_target([verb] + objs + candidates, index, srcs, _root(m.entry.code)) or tgts
    return srcs, tgts


def _target_candidates(m: Match, index: ActorIndex) -> tuple[list[Token], frozenset[int], list[Token]]:
    """(target candidates in order of preference, the loose ones that must name someone by
    their head, the verb's objects): the entry's own prepositional objects, the objects, the
    subject of a demanded clause, whose act the event noun is, then other prepositional objects."""
    table = index.table
    deps, kids, token = table.deps, table.children, table.token
    verb, obj = m.trigger, m.object
    root = _root(m.entry.code)
    objs = [token(c) for c in kids(verb.i) if deps[c] in DOBJ_DATIVE and table.pos[c] != ADP
            and (obj is None or content_head_at(table, c) != obj.i) and not _detached(c, table)]
    direct = list(objs)
    xcomps = [c for c in kids(verb.i) if deps[c] == XCOMP]
    objs += [token(g) for x in xcomps for g in kids(x) if deps[g] in DOBJ_DATIVE]
    scope = [verb] + ([obj] if obj is not None else []) + objs + [token(x) for x in xcomps]
    if obj is not None:  # "a suspension of air links with X"
        scope += [token(g) for c in kids(obj.i) if deps[c] == PREP and table.lower_ids[c] == OF
                  for g in kids(c) if deps[g] == POBJ]
    own = m.entry.prep_words
    event_noun = obj is not None and ("noun", table.lemma(obj.i)) in lexicon()
    if obj is not None and not event_noun and table.lemma(obj.i) not in INSTRUMENT_NOUNS:
        objs = [obj] + objs  # "arrested protesters": the object is the target
    own_objs = prep_objects(table, scope, own) if own else []
    scope += [o for o in prep_objects(table, [verb], own)] if own else []  # "called for sanctions against X"
    preps = PREP_TARGETS + (("at",) if root in AIMED_ROOTS else ())
    prep_objs = prep_objects(table, scope, preps)
    clause = _clause_subjects(verb.i, table) if root in CLAUSE_TARGET_ROOTS else []
    owners = owners_of(obj, table, event=True) if event_noun else []
    things = own_objs + direct + ([obj] if obj is not None and not event_noun else [])
    for t in things:  # "inspectors of X"
        head = content_head_at(table, t.i)
        if ("noun", table.lemma(head)) not in lexicon():
            owners += owners_of(token(head), table, event=False)
    # "threatened to strike unless X …": the one the threat's condition names
    condition = _condition_subjects([verb.i] + xcomps, table) if root == THREAT_ROOT else []
    # "reneged on its commitment to X", "conceded to demands from X": whom the act named concerns
    related = [token(g) for p in prep_objs + objs if table.lemma(p.i) in PLEDGE_NOUNS
               for c in kids(p.i) if deps[c] == PREP and table.lower(c) in RELATED_PREPS
               for g in kids(c) if deps[g] == POBJ]
    # "received observers from X": where the thing acted on comes from
    origins = [token(g) for d in kids(verb.i) if deps[d] in DOBJ_DATIVE for c in kids(d)
               if deps[c] == PREP and table.lower(c) == "from" for g in kids(c) if deps[g] == POBJ]
    candidates = own_objs + objs + owners + clause + condition + prep_objs + related + origins
    loose = frozenset(t.i for t in prep_objs) - frozenset(t.i for t in own_objs) \
        - frozenset(t.i for t in prep_objects(table, scope, FIRM_PREPS))
    return candidates, loose, objs + ([obj] if obj is not None else [])


def _detached(obj: int, table: TokenTable) -> bool:
    """A second object set off by a comma is a loose apposition to the clause, not an object:
    'held talks with X on Tuesday, the first delegation to visit Y' (token ``obj``)."""
    deps = table.deps
    if not any(deps[c] in DOBJ_DATIVE and c < obj for c in table.children(table.heads[obj])):
        return False
    first = table.token(obj).left_edge.i
    return first > 0 and table.token(first - 1).text in (",", ";", "--", "—")


def owners_of(noun: Optional[Token], table: TokenTable, event: bool) -> list[Token]:
    """Whose act or thing a noun is: 'calls by X', 'X's crackdown', 'the invasion of X',
    'the positions of X' (for a thing, only its 'of' object: its possessor is in its phrase)."""
    if noun is None or table.pos[noun.i] != NOUN_ID:
        return []
    deps, kids, lower_ids = table.deps, table.children, table.lower_ids
    under = kids(noun.i)
    out = [g for c in under if deps[c] == PREP and lower_ids[c] == BY for g in kids(c) if deps[g] == POBJ]
    if event:
        out += [c for c in under if deps[c] == POSS]
    out += [g for c in under if deps[c] == PREP and lower_ids[c] == OF for g in kids(c) if deps[g] == POBJ]
    return [table.token(o) for o in out]


def _condition_subjects(verbs: list[int], table: TokenTable) -> list[Token]:
    """'threatened to strike unless Israel rescinded …' → Israel."""
    deps, kids, lower_ids = table.deps, table.children, table.lower_ids
    return [table.token(g) for v in verbs for c in kids(v) if deps[c] == ADVCL
            and any(deps[k] == MARK and lower_ids[k] in CONDITION_MARKS for k in kids(c))
            for g in kids(c) if deps[g] in SUBJECT_IDS]


def _clause_subjects(verb: int, table: TokenTable) -> list[Token]:
    """'demanded that the United States act', 'urged that Y talk': Y, of whom it is asked."""
    deps, kids, lower_ids = table.deps, table.children, table.lower_ids
    return [table.token(g) for c in kids(verb) if deps[c] == CCOMP and c > verb
            and (table.tag(c) == "VB" or any(deps[k] == MARK and lower_ids[k] == THAT for k in kids(c)))
            for g in kids(c) if deps[g] in SUBJECT_IDS]


def _place_target(scope: list[Token], index: ActorIndex, srcs: list[Side], root: str) -> list[Side]:
    """'Serbia lifted the curfew in Montenegro': with no other target, the place acted on; a
    threat or force used at home targets the country itself ('extended the curfew in [its
    own capital]')."""
    domestic = root >= HOSTILE_ROOT
    for pobj in prep_objects(index.table, scope, PLACE_PREPS):
        if pobj.lemma_.lower() in PLACE_NOUNS:  # "in the city of Kirkuk"
            pobj = next(iter(owners_of(pobj, index.table, event=False)), pobj)
        if pobj.ent_type_ not in ("GPE", "LOC"):
            continue
        found = [f for f in sides(pobj, index) if domestic or not any(_same_party(a, f) for a in srcs)]
        if found:
            return [replace(f, place=True) for f in found] if domestic else found
    return []


def _nominal_args(noun: Token, index: ActorIndex, history: list) -> tuple[list[Side], list[Side]]:
    srcs: list[Side] = []
    table = index.table
    for c in table.children(noun.i):
        if table.deps[c] in NOMINAL_SOURCE_DEPS and c < noun.i:
            srcs.extend(sides(table.token(c), index))
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
    for cause in prep_objects(index.table, heads, CAUSE_PREPS):
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
    subj, passive = subject_of(noun.head.head, index.table)
    return [] if passive else sides(subj, index)


def sides_of_preps(noun: Token, preps: tuple[str, ...], index: ActorIndex) -> list[Side]:
    return _first_sides(prep_objects(index.table, [noun], preps), index)


def _clause_subject(noun: Token, index: ActorIndex) -> list[Side]:
    """'Moscow's exports fell due to Western sanctions' → Moscow, the party the sanctions hit."""
    t = noun
    for _ in range(9):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            break
        t = t.head
    subj, passive = subject_of(t, index.table)
    if subj is None or subj.i == noun.i or noun in list(subj.subtree):
        return []
    return sides(subj, index)


def _event(m: Match, info, src: Optional[Side], tgt: Optional[Side], sent: SpacySpan, sent_i: int,
           nominal: bool, rule: str, facts: tuple[Optional[str], Optional[Place], bool, str]) -> Event:
    """One event; ``facts``: the trigger's date, location, negation and modality."""
    trig = m.trigger
    text, start = trig.text, trig.idx  # each read builds a new string or number
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
        trigger=Span(text=text, start=start, end=start + len(text)),
        evidence=evidence, date=date, location=location,
        negated=is_negated, modality=mode, confidence=round(min(conf, 0.95), 2),
        rule=rule)


def _date(trig: Token, sent: SpacySpan, inp: StageInput, dates: list[Timex]) -> Optional[str]:
    """The nearest dated time expression (``dates``: ``_dated_timexes``) in the trigger's
    sentence, else the publication date."""
    best: Optional[tuple[int, Timex]] = None
    first, end, at = sent.start_char, sent.end_char, trig.idx  # each read is a spaCy call
    for tx in dates:
        if tx.start < first or tx.end > end:
            continue
        dist = min(abs(tx.start - at), abs(tx.end - at))
        if best is None or dist < best[0]:
            best = (dist, tx)
    return best[1].value if best else inp.article.published


def _location(trig: Token, index: ActorIndex, inp: StageInput) -> Optional[Place]:
    """'in Beijing' on the trigger's clause, else the dateline with its country when known."""
    table = index.table
    verb = trig.i
    for _ in range(4):
        if table.pos[verb] in CLAUSE_POS or table.deps[verb] == ROOT:
            break
        verb = table.heads[verb]
    objs = [table.token(c) for c in table.children(verb) if table.deps[c] in DOBJ_POBJ]
    for pobj in prep_objects(table, [trig, table.token(verb)] + objs, ("in", "at")):
        if pobj.ent_type_ in ("GPE", "LOC", "FAC"):
            start, end = pobj.idx, pobj.idx + len(pobj.text)
            ent = next((e for e in table.entities if e[0] <= pobj.i < e[1]), None)
            if ent is not None:
                start, end = ent[2], ent[3]
            hit = index.at(start, end)
            return Place(name=doc_text(trig.doc)[start:end], country=hit[0][2].country if hit else None)
    dateline = inp.article.dateline
    if not dateline:
        return None
    name = dateline.strip().title()
    return Place(name=name, country=index.country_named(name))

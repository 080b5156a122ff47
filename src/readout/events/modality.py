"""Negation and modality of an event trigger, read from the dependency parse."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Optional

from readout.events.table import TokenTable, label_id, label_ids, pos_id

# the labels and tags read below, as the token table's numbers
XCOMP, CCOMP, CONJ, PCOMP = (label_id(n) for n in ("xcomp", "ccomp", "conj", "pcomp"))
NEG, MARK, ADVCL, AUX = (label_id(n) for n in ("neg", "mark", "advcl", "aux"))
GOVERNED = frozenset({XCOMP, CCOMP, CONJ, PCOMP})
AUX_DEPS = label_ids(("aux", "auxpass"))
CLAUSE_HEAD_POS = frozenset(pos_id(p) for p in ("VERB", "NOUN", "AUX"))
NOUN = pos_id("NOUN")
NO, TO = label_id("no"), label_id("to")


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Cue word lists (data/events/modality.json): negators, future and hypothetical cues."""
    text = resources.files("readout").joinpath("data", "events", "modality.json").read_text(encoding="utf-8")
    return {k: frozenset(v) for k, v in json.loads(text).items() if not k.startswith("_")}


@functools.lru_cache(maxsize=1)
def cue_ids() -> dict[str, frozenset[int]]:
    """The cue words as the token table's lower-case word numbers, to meet ``lower_ids``."""
    out = {k: label_ids(v) for k, v in cues().items()}
    out["hypothetical_not_intent"] = label_ids(cues()["hypothetical_aux"] - cues()["intent_aux"])
    return out


def _governors(i: int, table: TokenTable) -> list[int]:
    """Token ``i`` and the verbs it is the complement of ("refused to [sign]", "plans to [visit]")."""
    deps, heads, pos = table.deps, table.heads, table.pos
    control = cues()["control"]
    chain = [i]
    t = i
    while deps[t] in GOVERNED and heads[t] != t and len(chain) < 5:
        if deps[t] == CCOMP and table.lemma(heads[t]) not in control:
            break
        if deps[t] == PCOMP and pos[heads[heads[t]]] not in CLAUSE_HEAD_POS:
            break
        t = heads[t] if deps[t] != PCOMP else heads[heads[t]]
        chain.append(t)
    return chain


def _has_neg(t: int, table: TokenTable) -> bool:
    negators = cue_ids()["negators"]
    deps, lower_ids = table.deps, table.lower_ids
    return any(deps[ch] == NEG or lower_ids[ch] in negators for ch in table.children(t))


def negated(i: int, table: TokenTable) -> bool:
    """'did not sign', 'never visited', 'refused to sign', 'failed to reach' (token ``i``)."""
    negative_verbs = cues()["negative_verbs"]
    flips = 0
    for n, t in enumerate(_governors(i, table)):
        if _has_neg(t, table) and not (table.deps[t] == CONJ and n > 0):
            flips += 1
        if n > 0 and table.lemma(t) in negative_verbs:
            flips += 1
    if table.pos[i] == NOUN and any(table.lower_ids[ch] == NO for ch in table.children(i)):
        flips += 1
    return flips % 2 == 1


def modality(i: int, table: TokenTable) -> str:
    """asserted | future ('will visit', 'plans to') | hypothetical ('could', 'if') (token ``i``)."""
    ids = cue_ids()
    deps, lower_ids, kids = table.deps, table.lower_ids, table.children
    for t in _governors(i, table):
        aux = {lower_ids[ch] for ch in kids(t) if deps[ch] in AUX_DEPS}
        if not aux.isdisjoint(ids["hypothetical_aux"]):
            return "hypothetical"
        if any(deps[ch] == MARK and lower_ids[ch] in ids["conditional_marks"] for ch in kids(t)):
            return "hypothetical"
        if deps[t] == ADVCL and any(lower_ids[ch] in ids["conditional_marks"] for ch in kids(t)):
            return "hypothetical"
        if not aux.isdisjoint(ids["future_aux"]) or (t != i and table.lemma(t) in cues()["future_verbs"]):
            return "future"
        if any(deps[ch] == AUX and lower_ids[ch] == TO for ch in kids(t)) \
                and table.lemma(table.heads[t]) == "be" and deps[t] == XCOMP:
            return "future"
    return "asserted"


def refused(i: int, table: TokenTable, is_negated: Optional[bool] = None, mode: Optional[str] = None) -> bool:
    """'refused to sign', 'declined to resign', 'will not accept': a refusal, not only a negation.
    ``is_negated`` and ``mode``: ``negated`` and ``modality`` of token ``i`` when already known."""
    refusal_verbs = cues()["refusal_verbs"]
    if any(table.lemma(t) in refusal_verbs for t in _governors(i, table)[1:]):
        return True
    if is_negated is None:
        is_negated = negated(i, table)
    return is_negated and (mode if mode is not None else modality(i, table)) == "future"


def intended(i: int, table: TokenTable, mode: Optional[str] = None) -> bool:
    """A promised or conditional act ('will release', 'would meet if …', 'may halt … if'),
    coded as the expressed intent; not a bare possibility ('could', 'should').
    ``mode``: ``modality`` of token ``i`` when already known."""
    if mode is None:
        mode = modality(i, table)
    if mode == "future":
        return True
    if mode != "hypothetical":
        return False
    not_intent = cue_ids()["hypothetical_not_intent"]
    deps, lower_ids, kids = table.deps, table.lower_ids, table.children
    for t in _governors(i, table):
        if any(deps[ch] in AUX_DEPS and lower_ids[ch] in not_intent for ch in kids(t)):
            return False
    return True

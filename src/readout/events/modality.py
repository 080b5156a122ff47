"""Negation and modality of an event trigger, read from the dependency parse."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Optional

from spacy.tokens import Token


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Cue word lists (data/events/modality.json): negators, future and hypothetical cues."""
    text = resources.files("readout").joinpath("data", "events", "modality.json").read_text(encoding="utf-8")
    return {k: frozenset(v) for k, v in json.loads(text).items() if not k.startswith("_")}


def _governors(token: Token) -> list[Token]:
    """The trigger and the verbs it is the complement of ("refused to [sign]", "plans to [visit]")."""
    chain = [token]
    t = token
    while t.dep_ in ("xcomp", "ccomp", "conj", "pcomp") and t.head.i != t.i and len(chain) < 5:
        if t.dep_ == "ccomp" and t.head.lemma_.lower() not in cues()["control"]:
            break
        if t.dep_ == "pcomp" and t.head.head.pos_ not in ("VERB", "NOUN", "AUX"):
            break
        t = t.head if t.dep_ != "pcomp" else t.head.head
        chain.append(t)
    return chain


def _has_neg(t: Token) -> bool:
    c = cues()
    return any(ch.dep_ == "neg" or ch.lower_ in c["negators"] for ch in t.children)


def negated(token: Token) -> bool:
    """'did not sign', 'never visited', 'refused to sign', 'failed to reach'."""
    c = cues()
    chain = _governors(token)
    flips = 0
    for i, t in enumerate(chain):
        if _has_neg(t) and not (t.dep_ == "conj" and i > 0):
            flips += 1
        if i > 0 and t.lemma_.lower() in c["negative_verbs"]:
            flips += 1
    if token.pos_ == "NOUN" and any(ch.lower_ in ("no",) for ch in token.children):
        flips += 1
    return flips % 2 == 1


def modality(token: Token) -> str:
    """asserted | future ('will visit', 'plans to') | hypothetical ('could', 'if')."""
    c = cues()
    for t in _governors(token):
        aux = {ch.lower_ for ch in t.children if ch.dep_ in ("aux", "auxpass")}
        if aux & c["hypothetical_aux"]:
            return "hypothetical"
        if any(ch.dep_ == "mark" and ch.lower_ in c["conditional_marks"] for ch in t.children):
            return "hypothetical"
        if t.dep_ == "advcl" and any(ch.lower_ in c["conditional_marks"] for ch in t.children):
            return "hypothetical"
        if aux & c["future_aux"] or (t.i != token.i and t.lemma_.lower() in c["future_verbs"]):
            return "future"
        if any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in t.children) and t.head.lemma_.lower() == "be" \
                and t.dep_ == "xcomp":
            return "future"
    return "asserted"


def refused(token: Token, is_negated: Optional[bool] = None, mode: Optional[str] = None) -> bool:
    """'refused to sign', 'declined to resign', 'will not accept': a refusal, not only a negation.
    ``is_negated`` and ``mode``: ``negated(token)`` and ``modality(token)`` when already known."""
    c = cues()
    chain = _governors(token)
    if any(t.lemma_.lower() in c["refusal_verbs"] for t in chain[1:]):
        return True
    if is_negated is None:
        is_negated = negated(token)
    return is_negated and (mode if mode is not None else modality(token)) == "future"


def intended(token: Token, mode: Optional[str] = None) -> bool:
    """A promised or conditional act ('will release', 'would meet if …', 'may halt … if'),
    coded as the expressed intent; not a bare possibility ('could', 'should').
    ``mode``: ``modality(token)`` when already known."""
    if mode is None:
        mode = modality(token)
    if mode == "future":
        return True
    if mode != "hypothetical":
        return False
    c = cues()
    for t in _governors(token):
        aux = {ch.lower_ for ch in t.children if ch.dep_ in ("aux", "auxpass")}
        if aux & (c["hypothetical_aux"] - c["intent_aux"]):
            return False
    return True

"""Is a time expression about the past or the future? Read from the verb that governs it."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll", "would", "could", "might", "may", "can",
              "should", "must", "ca"}
FUTURE_LEMMAS = {"schedule", "plan", "expect", "intend", "slate", "due", "aim", "hope"}
# heads of "to" complements that look ahead: "set to resume", "poised to vote", "likely to meet"
TO_FUTURE_HEADS = FUTURE_LEMMAS | {"set", "poise", "poised", "likely", "ready", "about", "prepare"}
# simple presents that report rather than schedule ("says Monday" is no future date)
REPORT_LEMMAS = {"say", "tell", "claim", "insist", "deny", "confirm",
                 "note", "add", "believe", "think", "show", "suggest", "know", "remain", "seem"}
# verbs whose past tense is spelled like the present; a VBP tag on them is no evidence
SAME_IN_PAST = {"hurt", "put", "set", "cut", "hit", "quit", "spread", "cost", "let", "shut",
                "beat", "bid", "cast", "read", "split", "burst", "shed", "upset", "broadcast",
                "forecast", "bet", "fit", "rid", "thrust", "hurt", "slit"}
PAST_TAGS = {"VBD"}
MAX_HOPS = 6


def _governing_verb(tok: Token) -> Optional[Token]:
    for _ in range(MAX_HOPS):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod",):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _verb_tense(verb: Token, depth: int = 0) -> Optional[str]:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"have", "'ve"} and verb.tag_ == "VBN":
        return "past"  # "could have met"
    if words & FUTURE_AUX:
        return "future"
    if "going" in words or (verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)):
        return "future"
    if verb.lemma_ in FUTURE_LEMMAS and verb.tag_ in ("VBZ", "VBP") or (verb.lemma_ in FUTURE_LEMMAS and words & {"has", "have"}):
        return "future"  # "has scheduled a news conference Thursday", "planned a rally Saturday"
    if any(a.tag_ in PAST_TAGS for a in auxes) or verb.tag_ in PAST_TAGS:
        return "past"
    if any(a.lower_ in ("has", "have", "had", "'ve", "'s") and a.tag_ in ("VBZ", "VBP", "VBD") for a in auxes) and verb.tag_ == "VBN":
        return "past"
    if verb.lemma_ in FUTURE_LEMMAS and verb.tag_ in ("VBN", "JJ") and any(
        a.tag_ in ("VBZ", "VBP") for a in auxes
    ):
        return "future"  # "is scheduled", "are expected"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not auxes:
        return "past"  # "the agreement, announced Friday"
    if any(a.tag_ == "TO" for a in auxes) or verb.tag_ == "VB":
        head = verb.head
        if head is not verb and depth < 2 and head.pos_ in ("VERB", "AUX", "ADJ"):
            if _pluperfect(head):
                return "past"  # "had been due to expire Friday"
            if head.lemma_ in TO_FUTURE_HEADS or (head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")):
                return "future"  # "plans to meet", "is to resume", "set to resume"
            return _verb_tense(head, depth + 1)
        return "future" if any(a.tag_ == "TO" for a in auxes) else None
    if verb.tag_ == "VBP" and verb.lower_ in SAME_IN_PAST:
        return None  # "stocks hurt the index on Friday": past or present, can't tell
    if verb.tag_ in ("VBZ", "VBP") and verb.pos_ == "VERB" and verb.lemma_ not in REPORT_LEMMAS:
        return "present"
    return None


def _pluperfect(tok: Token) -> bool:
    """Is tok (or the copula it hangs on) in the past perfect: "had been due", "had planned"?"""
    chain = [tok, tok.head] if tok.head.lemma_ == "be" else [tok]
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d")
               for t in chain for c in t.children)


def tense_at(doc: Optional[Doc], start: int, end: int) -> Optional[str]:
    """"past", "future", "present" (simple present of a main verb) or None (unknown)
    for the text span [start, end)."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return _verb_tense(verb)


def pluperfect_at(doc: Optional[Doc], start: int, end: int) -> bool:
    """Is the verb governing the span [start, end) in the past perfect ("had not named")?"""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    verb = _governing_verb(span.root) if span is not None and len(span) else None
    return verb is not None and _pluperfect(verb)

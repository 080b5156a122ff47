"""Pass 3: reported speech outside quotation marks (X said that …, according to X, …)."""
from __future__ import annotations

import bisect
import functools
from typing import Optional

from spacy.tokens import Token

from readout.quotes.lexicon import SUBJECT_DEPS, lexicon
from readout.quotes.syntax import (Draft, Parse, addressee_of, cue_span, is_anaphor,
                                   phrase_span, subject_of, subtree_span, token_span,
                                   cut_speech_tail, skip_circumstance, trim_circumstance,
                                   trimmed)
from readout.quotes.syntax import _FOR_ON, _IDS, _PREP_OBJECTS, _SUBJECTS

class _Segments:
    """Character segments sorted by start, for testing many spans against them: only the
    segments starting less than the longest one's length before a span can overlap it."""

    def __init__(self, segments: list[tuple[int, int]]):
        self.items = sorted(segments)
        self.starts = [a for a, _ in self.items]
        self.longest = max([0] + [b - a for a, b in self.items])

    def add(self, segment: tuple[int, int]) -> None:
        k = bisect.bisect_right(self.items, segment)
        self.items.insert(k, segment)
        self.starts.insert(k, segment[0])
        self.longest = max(self.longest, segment[1] - segment[0])

    def near(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The segments that may share a character with ``span``."""
        lo = bisect.bisect_right(self.starts, span[0] - self.longest)
        return self.items[lo:bisect.bisect_left(self.starts, span[1])]


def _overlaps(span: tuple[int, int], segments: _Segments) -> bool:
    """Whether ``span`` shares a character with one of ``segments``."""
    s, e = span
    return any(a < e and s < b for a, b in segments.near(span))


def _same(span: tuple[int, int], segments: _Segments) -> bool:
    """Whether ``span`` covers mostly the same characters as one of ``segments``
    (a nested attribution, "X said Y wants Z", is a quote of its own)."""
    s, e = span
    for a, b in segments.near(span):
        inter = min(e, b) - max(s, a)
        if inter > 0 and inter / (max(e, b) - min(s, a)) >= 0.5:
            return True
    return False


def _passive_participle(verb: Token, parse: Parse) -> bool:
    """A past participle without "have" ("asked to leave", "firms accused of …"), or a verb
    sharing a passive's subject ("was declared … and asked to leave")."""
    deps, i = parse.deps, verb.i
    conj = deps[i] == _CONJ
    if conj and not any(deps[c] in _SUBJECTS for c in parse.children(i)) \
            and any(deps[c] in _PASSIVES for c in parse.children(parse.heads[i])):
        return True
    if verb.tag_ != "VBN":
        return False
    owners = [i, parse.heads[i]] if conj else [i]
    return not any(deps[c] == _AUX and parse.lemmas[c] == _HAVE for o in owners for c in parse.children(o))


def _object_span(verb: Token, parse: Parse, sent: tuple[int, int], lex: dict[str, frozenset[str]]
                 ) -> Optional[tuple[int, int, int]]:
    """(start, end, end of the cue) of what an attitude verb takes: its object, its
    to-infinitive, "for"/"on"/"as" phrases ("urged allies to act", "called for talks")."""
    deps, lowers, i = parse.deps, parse.lowers, verb.i
    kids = parse.children(i)
    if any(deps[c] in _PASSIVES for c in kids) or _passive_participle(verb, parse):
        return None  # "was endorsed by X", "firms accused of …": the roles are the other way round
    head = parse.heads[i]
    if deps[i] == _XCOMP and parse.pos[head] == _VERB and any(
            deps[c] in _FRONT_OBJECTS and c < i for c in parse.children(head)):
        return None  # "urged Modi to explain …": Modi, not the urging subject, would explain
    comps = [c for c in kids if c > i and (
        deps[c] in _COMPLEMENTS
        or deps[c] == _XCOMP and any(lowers[g] == _TO and deps[g] == _AUX for g in parse.children(c))
        or deps[c] in _PREPS and parse.lower(c) in lex["object_preps"])]
    lemma = verb.lemma_.lower()
    if lemma in lex["infinitive_verbs"]:  # "refused to testify", not "refused visas"
        comps = [c for c in comps if deps[c] in _CLAUSES]
    if not comps or deps[i] in _MODIFIERS and lemma in lex["naming_verbs"] \
            and not any(deps[c] == _PREP or deps[c] in _CLAUSES for c in comps):
        return None  # "a group called X", "islands which China calls X" name, not attribute
    if lemma in lex["naming_verbs"] and all(
            deps[c] in _DIRECT_OBJECTS or deps[c] == _PREP and (lowers[c] not in _FOR_ON or c != i + 1)
            for c in comps):
        return None  # "called X" / "asked about X": a call, not an attribution
    first, last = parse.doc[comps[0]], parse.doc[comps[-1]]
    punct, pos = parse.punct, parse.pos
    gap = [k for k in range(i + 1, first.left_edge.i) if not punct[k]]
    if len(gap) > 2 or any(pos[k] not in _GAP_POS for k in gap):
        return None  # the complement must follow its verb
    start, _ = subtree_span(first, sent, parse)
    cue_end = parse.ends[i]
    if deps[first.i] in _PREPS and first.i == i + 1:  # "called for", "called on"
        objs = [g for g in parse.children(first.i) if deps[g] in _PREP_OBJECTS]
        if not objs:
            return None
        start, cue_end = subtree_span(parse.doc[objs[0]], sent, parse)[0], parse.ends[first.i]
    _, end = subtree_span(last, sent, parse)
    return start, cut_speech_tail(last, trim_circumstance(parse.text, start, end), lex, parse), cue_end


def _cut_second_report(head: Token, end: int, parse: Parse, lex: dict[str, frozenset[str]]) -> int:
    """``end`` cut before a second report with a speaker of its own that the parser joined to
    the complement ("A said prices rose, and B said wages fell": B's words are not A's)."""
    cues = lex["speech_verbs"]
    if not parse.speech_link_under(head.i, end, cues):
        return end  # (no speech verb joined below the head: nothing to cut)
    doc, starts = parse.doc, parse.starts
    for k in parse.speech_links(cues):
        if k <= head.i:
            continue
        if starts[k] >= end:
            break
        tok = doc[k]
        if tok.dep_ != "conj" or not any(c.dep_ in SUBJECT_DEPS for c in tok.children) \
                or not parse.descends(k, head.i):
            continue
        j = tok.left_edge.i
        while j > head.i and (doc[j - 1].dep_ == "cc" or doc[j - 1].is_punct):
            j -= 1
        if j <= head.i:
            continue
        prev = doc[j - 1]
        return min(end, prev.idx + len(prev.text))
    return end


def _has_source_subject(verb: Token, parse: Parse, lex: dict[str, frozenset[str]]) -> bool:
    """Whether a document or a count is the subject ("polls show …", "the audit found …")."""
    subj = subject_of(verb, parse)
    return subj is not None and subj.lemma_.lower() in lex["source_nouns"]


def _indirect_from_verb(verb: Token, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Draft]:
    sent = parse.sentence_bounds(verb.idx)
    min_words = 3
    lemma = verb.lemma_.lower()
    cue: Optional[tuple[int, int]] = None  # the verb's own span unless a preposition joins it
    # clausal complements: only an indirect-speech verb's are read
    comps = [parse.doc[c] for c in parse.children(verb.i) if parse.deps[c] == _CCOMP] \
        if lemma in lex["indirect_verbs"] else []
    if comps:
        after = [c for c in comps if c.i > verb.i]
        comp = after[0] if after else comps[-1]
        cs, ce = subtree_span(comp, sent, parse)
        last = after[-1] if len(after) > 1 else comp  # "say they don't know": the parser split one clause
        if last is not comp:
            ce = subtree_span(last, sent, parse)[1]
        cs, ce = skip_circumstance(parse.text, cs, ce), cut_speech_tail(last, ce, lex, parse)
        ce = _cut_second_report(last, ce, parse, lex)
        segments = [trimmed(parse.text, cs, ce)]
    elif verb.dep_ == "parataxis" and lemma in lex["speech_verbs"]:
        segments = _around(verb, parse)  # "The plan, officials said, will cost …"
    elif lemma in lex["object_verbs"] or lemma in lex["stance_verbs"] \
            or lemma in lex["source_verbs"] and _has_source_subject(verb, parse, lex):
        found = _object_span(verb, parse, sent, lex)
        if found is None:
            return None
        segments, min_words = [trimmed(parse.text, found[0], found[1])], 1
        cue = (verb.idx, found[2])
    else:
        return None
    segments = [sg for sg in segments if sg[1] > sg[0]]
    if not segments or sum(parse.word_count(*sg) for sg in segments) < min_words:
        return None
    subj = subject_of(verb, parse)
    if subj is None or subj.lower_ in ("that", "what", "which", "there", "who"):
        return None
    addr = addressee_of(verb, lex, parse)
    return Draft(
        kind="indirect", segments=segments, rule=f"indirect:{verb.lemma_.lower()}",
        cue=cue or cue_span(verb, parse), speaker=phrase_span(subj, parse),
        addressee=phrase_span(addr, parse) if addr is not None else None,
        pronoun=is_anaphor(subj, lex, parse), cue_token=verb.i,
    )


def _indirect_raising(verb: Token, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Draft]:
    """A belief with no one holding it: "X seems / appears to …", "X is expected / said to …",
    "it appears that …". The content is the subject and the complement; the speaker is null."""
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    passive = [c for c in kids if c.dep_ == "auxpass"]
    if lemma in lex["raising_verbs"]:
        if passive:
            return None
    elif lemma in lex["passive_raising_verbs"]:
        if not passive or any(c.dep_ == "agent" for c in kids):
            return None  # "was expected by X": X holds it
    else:
        return None
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    comp = next((c for c in kids if c.i > verb.i and c.dep_ in ("xcomp", "ccomp")), None)
    if subj is None or comp is None or subj.i > verb.i:
        return None
    if comp.dep_ == "xcomp" and not any(g.dep_ == "aux" and g.lower_ == "to" for g in comp.children):
        return None  # "seemed weaker", "was expected soon": no reported clause
    sent = parse.sentence_bounds(verb.idx)
    segments = []
    if subj.dep_ != "expl" and subj.lower_ not in ("it", "there"):
        segments.append(trimmed(parse.text, *subtree_span(subj, sent, parse)))
    elif comp.dep_ != "ccomp":
        return None
    cs, ce = subtree_span(comp, sent, parse)
    segments.append(trimmed(parse.text, cs, cut_speech_tail(comp, ce, lex, parse)))
    segments = [sg for sg in segments if sg[1] > sg[0]]
    if not segments or sum(parse.word_count(*sg) for sg in segments) < 3:
        return None
    first = passive[0] if passive and passive[0].i < verb.i else verb
    to = [g for c in kids if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    speaker = to[0] if to else None  # "to voters, X seems …"
    return Draft(kind="indirect", segments=segments, rule=f"indirect:raising:{lemma}",
                 cue=(first.idx, cue_span(verb, parse)[1]), pronoun=speaker is not None and is_anaphor(speaker, lex, parse),
                 speaker=phrase_span(speaker, parse) if speaker is not None else None, cue_token=verb.i)


def _around(verb: Token, parse: Parse) -> list[tuple[int, int]]:
    """The sentence around a parenthetical cue clause, as one or two segments."""
    text = parse.text
    sent_start, sent_end = parse.sentence_chars(verb.idx)
    left = parse.starts[verb.left_edge.i]
    right = parse.ends[verb.right_edge.i]
    before = trimmed(text, sent_start, left)
    after = trimmed(text, right, sent_end)
    while after[1] > after[0] and text[after[1] - 1] in ".!?":
        after = (after[0], after[1] - 1)
    return [sg for sg in (before, after) if sg[1] - sg[0] > 1]


def _indirect_according(tok: Token, parse: Parse) -> Optional[Draft]:
    objs = [g for t in tok.children if t.lower_ == "to" for g in t.children if g.dep_ == "pobj"]
    if not objs:
        return None
    sent_start, sent_end = parse.sentence_chars(tok.idx)
    a_start = parse.starts[tok.left_edge.i]
    a_end = parse.ends[tok.right_edge.i]
    before = trimmed(parse.text, sent_start, a_start)
    after = trimmed(parse.text, a_end, sent_end)
    while after[1] > after[0] and parse.text[after[1] - 1] in ".!?":
        after = (after[0], after[1] - 1)
    span = before if before[1] - before[0] >= after[1] - after[0] else after
    if len(parse.token_range(*span)) < 3:
        return None
    return Draft(kind="indirect", segments=[span], rule="indirect:according-to",
                 cue=cue_span(tok, parse), speaker=phrase_span(objs[0], parse), cue_token=tok.i)


def _indirect_from_noun(noun: Token, parse: Parse) -> Optional[Draft]:
    comps = [c for c in noun.children if c.dep_ in ("acl", "ccomp")
             and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not comps:
        return None
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    if speaker is None:
        by = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
              for g in c.children if g.dep_ == "pobj"]
        speaker = by[0] if by else None
    if speaker is None and noun.dep_ in ("dobj", "obj"):
        speaker = subject_of(noun.head, parse)
    if speaker is None:
        return None
    sent = parse.sentence_bounds(noun.idx)
    span = trimmed(parse.text, *subtree_span(comps[0], sent, parse))
    return Draft(kind="indirect", segments=[span], rule=f"indirect:noun:{noun.lemma_.lower()}",
                 cue=token_span(noun, parse), speaker=phrase_span(speaker, parse), cue_token=noun.i)


_ACCORDING = frozenset({"according"})
_VERB, _NOUN, _CCOMP = _IDS["VERB"], _IDS["NOUN"], _IDS["ccomp"]
_CONJ, _AUX, _XCOMP, _PREP, _TO = _IDS["conj"], _IDS["aux"], _IDS["xcomp"], _IDS["prep"], _IDS["to"]
_HAVE = _IDS["have"]
_PASSIVES = frozenset(_IDS[d] for d in ("auxpass", "nsubjpass"))
_FRONT_OBJECTS = frozenset(_IDS[d] for d in ("dobj", "obj", "prep"))
_COMPLEMENTS = frozenset(_IDS[d] for d in ("dobj", "obj", "oprd", "ccomp"))
_DIRECT_OBJECTS = frozenset(_IDS[d] for d in ("dobj", "obj"))
_PREPS = frozenset(_IDS[d] for d in ("prep", "dative"))
_CLAUSES = frozenset(_IDS[d] for d in ("xcomp", "ccomp"))
_MODIFIERS = frozenset(_IDS[d] for d in ("acl", "relcl"))
_GAP_POS = frozenset(_IDS[p] for p in ("ADV", "PART", "ADP"))
_CUE_POS = frozenset({_VERB, _IDS["AUX"], _NOUN})  # the parts of speech a cue can be


def _make_cue_lemmas(lex: dict[str, frozenset[str]]) -> frozenset[str]:
    lemmas = (lex["indirect_verbs"] | lex["object_verbs"] | lex["stance_verbs"]
              | lex["source_verbs"] | lex["noun_cues"] | lex["raising_verbs"]
              | lex["passive_raising_verbs"])
    return lemmas | {w.capitalize() for w in lemmas}


@functools.lru_cache(maxsize=1)
def _default_cue_lemmas() -> frozenset[str]:
    return _make_cue_lemmas(lexicon())


def _cue_lemmas(lex: dict[str, frozenset[str]]) -> frozenset[str]:
    """The lemmas (as written and capitalized) of the cues of indirect quotes."""
    return _default_cue_lemmas() if lex is lexicon() else _make_cue_lemmas(lex)


def indirect_quotes(parse: Parse, direct: list[Draft], lex: dict[str, frozenset[str]]) -> list[Draft]:
    """Reported speech outside quotation marks."""
    used = {d.cue_token for d in direct if d.cue_token is not None}
    taken: Optional[_Segments] = None  # the direct quotes' segments (made when first needed)
    out: list[Draft] = []
    found = _Segments([])  # the segments of ``out``
    doc, starts, lowers, pos = parse.doc, parse.starts, parse.lowers, parse.pos
    according_id = doc.vocab.strings["according"]
    cands = parse.candidates(_cue_lemmas(lex), _ACCORDING)
    # verbs and nouns first, "according to" last (the ``lower_`` of a token tells which)
    passes = ([i for i in cands if lowers[i] != according_id and pos[i] in _CUE_POS],
              [i for i in cands if lowers[i] == according_id])
    for according, indices in zip((False, True), passes):
        for i in indices:
            if i in used or parse.quoted(starts[i]):
                continue
            tok = doc[i]
            lemma = parse.lemma(i)
            draft: Optional[Draft] = None
            if according:
                draft = _indirect_according(tok, parse)
            elif pos[i] != _NOUN:
                if pos[i] == _VERB and (lemma in lex["indirect_verbs"] or lemma in lex["object_verbs"]
                                        or lemma in lex["stance_verbs"] or lemma in lex["source_verbs"]):
                    draft = _indirect_from_verb(tok, parse, lex)
                if draft is None and (lemma in lex["raising_verbs"] or lemma in lex["passive_raising_verbs"]):
                    draft = _indirect_raising(tok, parse, lex)  # "X seems to …", "X is expected to …"
            elif lemma in lex["noun_cues"]:
                draft = _indirect_from_noun(tok, parse)
            if draft is None or not draft.segments:
                continue
            if taken is None:
                taken = _Segments([sg for d in direct for sg in d.segments])
            if any(_overlaps(sg, taken) or _same(sg, found) for sg in draft.segments):
                continue
            out.append(draft)
            for sg in draft.segments:
                found.add(sg)
    return out

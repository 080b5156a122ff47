"""Pass 2: each quotation attributed through its cue verb; uncued ones join the quote before."""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Token

from readout.quotes.lexicon import ADJOINED_DEPS, COMPLEMENT_DEPS, MIN_UNCUED_WORDS
from readout.quotes.marks import Marks, para_end_of, para_start_of
from readout.quotes.syntax import (Draft, Parse, addressee_of, cue_span, cut_speech_tail,
                                   dateline_end, is_anaphor, phrase_span, skip_circumstance,
                                   subject_of, subtree_span)
from readout.quotes.syntax import _FOR_ON, _IDS, _OBJECTS, _PREP_OBJECTS, _SUBJECTS

_COMPLEMENTS = frozenset(_IDS[d] for d in COMPLEMENT_DEPS)
_ADJOINED = frozenset(_IDS[d] for d in ADJOINED_DEPS)
_SPEECH_LINKS = frozenset(_IDS[d] for d in ("parataxis", "ccomp", "advcl", "conj"))
_VERBAL = frozenset(_IDS[p] for p in ("VERB", "AUX"))
_VERB, _XCOMP, _PREP = _IDS["VERB"], _IDS["xcomp"], _IDS["prep"]
_PREDICATIVES = frozenset(_IDS[d] for d in ("oprd", "prep", "xcomp", "ccomp", "attr", "dep", "npadvmod"))


def _cue_kind(node: int, child: int, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[str]:
    """'speech' or 'partial' when token ``node`` is a cue for a quotation below token ``child``."""
    dep = parse.deps[child]
    if dep not in _COMPLEMENTS or parse.pos[node] not in _VERBAL:
        return None
    lemma = parse.lemma(node)
    if lemma in lex["addressee_verbs"] and dep in _OBJECTS:
        tok = parse.doc[child]
        if tok.right_edge.i - tok.left_edge.i < 6:
            return None  # told MSNBC's “Morning Joe”: the quotation names the addressee
    if lemma in lex["speech_verbs"] and dep != _XCOMP and dep not in _SUBJECTS:
        return "speech"
    if lemma in lex["partial_verbs"] and dep not in _SUBJECTS:
        return "partial"
    return None


def _path_cue(marks: Marks, parse: Parse, lex: dict[str, frozenset[str]]
              ) -> Optional[tuple[Token, Optional[Token], str]]:
    """(cue verb, its child above the quotation, kind) found on the dependency path.

    The outermost speech verb of the quotation's paragraph wins ("X said Y believes “…”"
    quotes X); a verb that only takes quoted fragments ("hailed the “…”") comes last.
    """
    found: list[tuple[int, int, int, Optional[int], str]] = []
    para = (para_start_of(parse.text, marks.start), para_end_of(parse.text, marks.end))
    starts, heads, punct, deps, pos = parse.starts, parse.heads, parse.punct, parse.deps, parse.pos
    for s, e in marks.segments:
        for i in parse.token_range(s, e):
            if punct[i] or s <= starts[heads[i]] < e:
                continue  # punctuation, or a word hanging from another quoted word
            for c in parse.children(i):
                if not (s <= starts[c] < e) and para[0] <= starts[c] < para[1] \
                        and deps[c] in _SPEECH_LINKS and pos[c] == _VERB \
                        and parse.lemma(c) in lex["speech_verbs"]:
                    found.append((0, -1, c, None, "speech"))
            # (up to 12 steps: a root is its own head, and the walk stays on it)
            child, node, steps = i, heads[i], 0
            while steps < 12 and para[0] <= starts[node] < para[1]:
                if not parse.quoted(starts[node]):
                    kind = _cue_kind(node, child, parse, lex)
                    if kind:
                        found.append((0 if kind == "speech" else 1, -steps, node, child, kind))
                        if kind == "speech" and deps[node] in _ADJOINED:
                            break  # “…,” he said, adding “…”: the second quote is the adding's
                child, node, steps = node, heads[node], steps + 1
        if found:
            break
    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1]))
    _, _, verb, child, kind = found[0]
    return parse.doc[verb], None if child is None else parse.doc[child], kind


def _frame_cue(marks: Marks, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Token]:
    """A speech verb right after the quotation (", he said") or before a colon/comma."""
    text = parse.text
    inner_end = text[marks.end - 2:marks.end - 1] if marks.end >= 2 else ""
    next_char = text[marks.end:marks.end + 1]
    if inner_end in ",.?!\u2026\u2014-" or next_char in ",.;:?!\u2014\u2013-":
        after = parse.tokens(marks.end, min(len(text), marks.end + 120))
        for k, tok in enumerate(after):
            if k > 16 or parse.quoted(tok.idx) or tok.text in ".!?\n" or "\n" in tok.text:
                break
            if tok.lemma_.lower() in lex["speech_verbs"] and tok.pos_ == "VERB":
                return tok
            if tok.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):
                break
    s = marks.start
    k = s - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k >= 0 and text[k] in ":,":
        para_start = text.rfind("\n", 0, s) + 1
        before = list(parse.tokens(max(para_start, s - 120), k))
        for tok in reversed(before[-12:]):
            if parse.quoted(tok.idx) or tok.text in ".!?":
                break
            if tok.lemma_.lower() in lex["speech_verbs"] and tok.pos_ == "VERB":
                return tok
    elif text[para_start_of(text, s):s].strip() == "":
        # a paragraph opened by a quotation after "X said:" at the end of the paragraph before
        prev_end = text.rfind("\n", 0, s)
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end > 0 and text[prev_end - 1] == ":":
            before = list(parse.tokens(max(0, prev_end - 120), prev_end))
            for tok in reversed(before[-10:]):
                if parse.quoted(tok.idx) or tok.text in ".!?" or "\n" in tok.text:
                    break
                if tok.lemma_.lower() in lex["speech_verbs"] and tok.pos_ == "VERB":
                    return tok
    return None


_SIGNATURE = re.compile(r"[ \t\u00a0]*([\u2015\u2014\u2013-]{1,2})[ \t\u00a0]*([A-Z][^\n.,;:()]{1,60})")


def _dash_speaker(marks: Marks, parse: Parse) -> Optional[tuple[tuple[int, int], tuple[int, int]]]:
    """(cue, speaker) for a quotation signed on its line: “…” ― Name."""
    text = parse.text
    m = _SIGNATURE.match(text[marks.end:marks.end + 90])
    if not m:
        return None
    name_s, name_e = marks.end + m.start(2), marks.end + m.end(2)
    while name_e > name_s and text[name_e - 1].isspace():
        name_e -= 1
    return (marks.end + m.start(1), marks.end + m.end(1)), (name_s, name_e)


def _according(marks: Marks, parse: Parse) -> Optional[Token]:
    """An "according to X" in the quotation's sentence, outside the quotation."""
    for i in parse.sentence_tokens_written(marks.start, "according"):
        tok = parse.doc[i]
        if not parse.quoted(tok.idx):
            return tok
    return None


def _object_before(child: int, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[int]:
    """The direct object between a verb and its predicative ``child`` ("called X “…”");
    not the one spoken to ("told reporters that …")."""
    if parse.deps[child] not in _PREDICATIVES:
        return None
    verb = parse.heads[child]
    if parse.pos[verb] not in _VERBAL or parse.lemma(verb) in lex["addressee_verbs"]:
        return None
    objs = [c for c in parse.children(verb) if parse.deps[c] in _OBJECTS and verb < c < child]
    return objs[0] if objs else None


_CLAUSE_AFTER = re.compile(r"\s*[,;(\u2014\u2013]")  # a clause of its own after the quotation


def _content(marks: Marks, child: Optional[Token], parse: Parse, lex: dict[str, frozenset[str]]
             ) -> tuple[str, list[tuple[int, int]]]:
    """(kind, content segments): the quotation alone, or with the rest of the complement."""
    segs = list(marks.segments)
    if child is None:
        return "direct", segs
    sent = parse.sentence_bounds(child.idx)
    cs, ce = subtree_span(child, sent, parse)
    ce = max(cut_speech_tail(child, ce, lex, parse), marks.end)
    deps, ci = parse.deps, child.i
    head = parse.heads[ci]
    if deps[ci] == _PREP and ci == head + 1 and parse.lowers[ci] in _FOR_ON \
            and parse.lemma(head) in lex["naming_verbs"]:
        objs = [g for g in parse.children(ci) if deps[g] in _PREP_OBJECTS]
        if objs:  # "calling for a “…”": the preposition is the cue's
            cs = max(cs, subtree_span(parse.doc[objs[0]], sent, parse)[0])
    obj = _object_before(ci, parse, lex)
    if obj is not None:  # called X “…”, described X as “…”: the object belongs to the content
        cs = min(cs, subtree_span(parse.doc[obj], sent, parse)[0])
    # the content stays within the quotation's paragraphs
    cs = max(skip_circumstance(parse.text, cs, ce), para_start_of(parse.text, marks.start))
    ce = min(ce, para_end_of(parse.text, marks.end))
    if not _words_outside(parse, cs, ce):
        return "direct", segs
    first_s, first_e = segs[0]
    tail = parse.text[marks.end:ce]
    closed = parse.text[marks.end - 2:marks.end - 1] in (",", ".", "?", "!")
    if _CLAUSE_AFTER.match(tail) or (closed and cs >= first_s):
        ce = marks.end  # “…”, after a ceremony … / “…,” when …: the rest is not quoted
    segs[0] = (min(cs, first_s), max(ce, first_e))
    if len(segs) == 1 and ce > segs[0][1]:
        segs[0] = (segs[0][0], ce)
    return "mixed", segs


def _words_outside(parse: Parse, start: int, end: int) -> bool:
    """Whether a word of ``start:end`` other than "that" stands outside the quotation marks."""
    starts, punct, lowers = parse.starts, parse.punct, parse.lowers
    that = parse.doc.vocab.strings["that"]
    return any(not punct[i] and not parse.quoted(starts[i]) and lowers[i] != that
               for i in parse.token_range(start, end))


def attribute(marks: Marks, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Draft]:
    """The quote made by one quotation, when it has a cue of its own."""
    hit = _path_cue(marks, parse, lex)
    verb: Optional[Token] = None
    child: Optional[Token] = None
    rule = "quote:path"
    if hit is not None and hit[2] == "speech":
        verb, child, _ = hit
    else:
        verb, rule = _frame_cue(marks, parse, lex), "quote:frame"
        if verb is None and hit is not None:
            verb, child, _ = hit
            rule = "quote:partial"
    if verb is None:
        dash = _dash_speaker(marks, parse)
        if dash is not None:
            return Draft(kind="direct", segments=list(marks.segments), rule="quote:dash",
                         cue=dash[0], speaker=dash[1], marks=[marks])
    if verb is None:
        acc = _according(marks, parse)
        if acc is None:
            return None
        to = [c for c in acc.children if c.lower_ == "to"]
        objs = [g for t in to for g in t.children if g.dep_ == "pobj"]
        if not objs:
            return None
        return Draft(kind="direct", segments=list(marks.segments), rule="quote:according",
                     cue=cue_span(acc, parse), speaker=phrase_span(objs[0], parse), marks=[marks],
                     cue_token=acc.i)
    kind, segs = _content(marks, child, parse, lex)
    subj = subject_of(verb, parse)
    if subj is not None and parse.quoted(subj.idx):
        subj = None
    addr = addressee_of(verb, lex, parse)
    return Draft(
        kind=kind, segments=segs, rule=rule, cue=cue_span(verb, parse),
        speaker=phrase_span(subj, parse) if subj is not None else None,
        addressee=phrase_span(addr, parse) if addr is not None else None,
        pronoun=subj is not None and is_anaphor(subj, lex, parse),
        cue_token=verb.i, marks=[marks],
    )


def _joins_previous(marks: Marks, prev: Draft, parse: Parse) -> bool:
    """A quotation without a cue continues ``prev``: split quote or continuation paragraph."""
    text = parse.text
    gap = text[prev.end:marks.start]
    if prev.cue is not None and prev.end <= prev.cue[0] < marks.start and len(gap) <= 160 \
            and "\n" not in gap.strip():
        return True  # “…,” he said. “…”
    if marks.start == para_start_of(text, marks.start) and prev.speaker is not None:
        # a paragraph that opens with a quotation right after the speaker's paragraph
        between = text[prev.end:marks.start]
        return between.count("\n") <= 3 and len(between.strip()) < 300
    return False


def direct_quotes(parse: Parse, marks_list: list[Marks], lex: dict[str, frozenset[str]]) -> list[Draft]:
    """Direct and mixed quotes from the quotation marks."""
    drafts: list[Draft] = []
    turns = transcript_quotes(parse)
    for marks in marks_list:
        if turns and any(a <= marks.start + 1 < b + 2 or marks.start <= a < marks.end
                         for t in turns for a, b in t.segments):
            continue  # the transcript's turns are the quotes

        draft = attribute(marks, parse, lex)
        prev = drafts[-1] if drafts else None
        if draft is not None:
            if prev is not None and draft.cue_token is not None and draft.cue_token == prev.cue_token:
                prev.segments.extend(draft.segments)
                prev.marks.append(marks)
                continue
            drafts.append(draft)
            continue
        if prev is not None and _joins_previous(marks, prev, parse):
            prev.segments.extend(marks.segments)
            prev.marks.append(marks)
            continue
        words = sum(len(parse.text[s:e].split()) for s, e in marks.segments)
        if words < MIN_UNCUED_WORDS:
            continue  # scare quotes, titles, single quoted words
        near = prev is not None and prev.speaker is not None and \
            parse.text.count("\n", prev.end, marks.start) <= 2
        drafts.append(Draft(
            kind="direct", segments=list(marks.segments), marks=[marks],
            rule="quote:previous-speaker" if near else "quote:uncued",
            speaker=prev.speaker if near and prev else None,
            speaker_actor=prev.speaker_actor if near and prev else None,
            pronoun=prev.pronoun if near and prev else False,
        ))
    return sorted(drafts + turns, key=lambda d: d.start)


TRANSCRIPT_LINE = re.compile(r"[\"\u201c]?([A-Z][A-Z.'\- ]{1,30}[A-Z.]):[ \t]+(?=\S)")
# a line (after its indent) that opens with a turn: one scan of the text finds them all
TRANSCRIPT_TURN = re.compile(r"(?m)^[ \t]*+(?P<turn>" + TRANSCRIPT_LINE.pattern + ")")


def transcript_quotes(parse: Parse) -> list[Draft]:
    """Turns of a transcript: paragraphs opening with "NAME: …" (two or more in the text).

    The speaker is the capitalised name, the cue its colon, the content the rest of the
    paragraph (without a closing quotation mark)."""
    text = parse.text
    turns: list[Draft] = []
    if ": " not in text and ":\t" not in text:
        return turns  # a turn's name is followed by a colon and a space or tab
    for line in TRANSCRIPT_TURN.finditer(text):
        hit = TRANSCRIPT_LINE.match(text, line.start("turn"))
        if not text[:hit.start()].strip() and dateline_end(text, hit.start()) > hit.start():
            continue  # "BEIJING: …" opening the article is a dateline
        end = para_end_of(text, hit.end())
        while end > hit.end() and (text[end - 1].isspace() or text[end - 1] in '"\u201d'):
            end -= 1
        if end - hit.end() > 1:
            turns.append(Draft(kind="direct", segments=[(hit.end(), end)], rule="quote:transcript",
                               cue=(hit.end(1), hit.end(1) + 1), speaker=hit.span(1)))
    return turns if len(turns) >= 2 else []

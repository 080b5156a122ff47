"""Direct and indirect quotations: who said what, to whom, with which cue.

The stage works in three passes over the parsed article:

1. quotation marks: double quotes (straight or curly) are paired within paragraphs; a
   paragraph left open that is followed by one starting with an opening mark continues the
   quotation. Single quotes are nested quotes or scare quotes and never start a quotation;
   quotations in headline-like paragraphs are scare quotes and are skipped.
2. attribution of each quotation: the dependency path from the quoted words up to a cue
   verb ("said", "told", "added" …) gives the cue, its subject the speaker, its object the
   addressee; a quotation that is only part of the cue's complement makes a *mixed* quote
   whose content is the whole complement. Quotations without a cue of their own join the
   quote before them (split quotes, continuation paragraphs).
3. indirect quotes: cue verbs with a clausal complement outside quotation marks
   ("X noted that …"), "according to X" and cue nouns ("X's statement that …").

Speakers are linked to ``inp.actors`` by span; pronouns and "the minister" that the actors
stage left unresolved go to the most recent speaker or person before them.
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from readout.context import StageInput
from readout.model import Actor, ActorRef, Quote, QuoteContent, Span

OPEN_MARKS = "\u201c\u201e\u00ab"
CLOSE_MARKS = "\u201d\u00bb"
STRAIGHT = '"'
ALL_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
# dependency labels by which a quotation may hang below its cue verb
COMPLEMENT_DEPS = frozenset(
    {"ccomp", "parataxis", "dobj", "obj", "dep", "attr", "oprd", "prep", "npadvmod",
     "advcl", "conj", "xcomp", "acomp", "nsubj", "nsubjpass", "pobj", "appos", "intj"}
)
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "dep", "conj", "advcl", "xcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
MIN_UNCUED_WORDS = 5  # an uncued quotation shorter than this is a scare quote


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The cue word lists of data/quotes/cues.json."""
    raw = json.loads(
        resources.files("readout.data").joinpath("quotes/cues.json").read_text(encoding="utf-8")
    )
    out = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    for k, v in raw.get("pronouns", {}).items():
        out[f"pronoun_{k}"] = frozenset(v)
    return out


# ---------------------------------------------------------------------------------------
# pass 1: quotation marks


@dataclass
class Marks:
    """One quotation: its segments (each including its quotation marks)."""

    segments: list[tuple[int, int]]
    paragraph: int
    open_end: bool = False  # the last segment runs to the end of its paragraph unclosed

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of ``text`` as (start, end), stripped of outer whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def is_headline(text: str, start: int, end: int) -> bool:
    """A short paragraph without closing punctuation (title, subheading)."""
    chunk = text[start:end].rstrip()
    if chunk[:1] in OPEN_MARKS + STRAIGHT:
        return False
    return len(chunk.split()) <= 20 and not re.search(r"[.!?:;\u2026)\]\"\u201d\u2019']$", chunk)


def _opens_at(text: str, i: int, width: int = 1) -> bool:
    """Whether a straight quote (or '') at ``i`` is in opening position."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{\u2014\u2013-/:,":
        return not after.isspace() or i == 0
    return False


MARK_RE = re.compile("''|[\"\u201c\u201d\u201e\u00ab\u00bb]")


def paragraph_runs(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Quotation runs (start, end, closed) of one paragraph; '' counts as a straight quote."""
    runs: list[tuple[int, int, bool]] = []
    open_at: Optional[int] = None
    for m in MARK_RE.finditer(text, start, end):
        i, ch, width = m.start(), m.group()[0], m.end() - m.start()
        if ch in OPEN_MARKS:
            if open_at is not None and i > open_at + 1:
                runs.append((open_at, i, False))
            open_at = i
        elif ch in CLOSE_MARKS:
            if open_at is not None:
                runs.append((open_at, i + 1, True))
                open_at = None
        elif open_at is None:
            if _opens_at(text, i, width) or i == start:
                open_at = i
        elif text[open_at] == STRAIGHT or text.startswith("''", open_at) or width == 1:
            runs.append((open_at, i + width, True))
            open_at = None
    if open_at is not None and end - open_at > 1:
        runs.append((open_at, end, False))
    return [r for r in runs if text[r[0] + 1 : r[1] - 1].strip("' ")]


def find_marks(text: str) -> list[Marks]:
    """Every quotation in the text, multi-paragraph quotations joined."""
    out: list[Marks] = []
    paras = paragraphs(text)
    for p, (ps, pe) in enumerate(paras):
        if is_headline(text, ps, pe):
            continue
        for s, e, closed in paragraph_runs(text, ps, pe):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.open_end
                and prev.paragraph == p - 1
                and s == ps
            ):
                prev.segments.append((s, e))
                prev.paragraph = p
                prev.open_end = not closed and e == pe
                continue
            out.append(Marks(segments=[(s, e)], paragraph=p, open_end=not closed and e >= pe))
    return out


# ---------------------------------------------------------------------------------------
# shared helpers over the parse


@dataclass
class Draft:
    """A quote under construction (character spans; turned into a Quote at the end)."""

    kind: str
    segments: list[tuple[int, int]]
    rule: str
    cue: Optional[tuple[int, int]] = None
    speaker: Optional[tuple[int, int]] = None
    addressee: Optional[tuple[int, int]] = None
    speaker_actor: Optional[Actor] = None
    pronoun: bool = False  # speaker is a pronoun / "the minister" to resolve
    cue_token: Optional[int] = None
    marks: list[Marks] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.segments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.segments)


class Parse:
    """Character-offset lookups over a spaCy Doc."""

    def __init__(self, doc: Doc, marks: list[Marks]):
        self.doc = doc
        self.text = doc.text
        self.starts = doc.to_array("IDX").tolist() if len(doc) else []
        sent_first = [i for i, v in enumerate(doc.to_array("SENT_START").tolist()) if v == 1] \
            if len(doc) else []
        if not sent_first or sent_first[0] != 0:
            sent_first.insert(0, 0)
        self.sent_bounds = list(zip(sent_first, sent_first[1:] + [len(doc)]))
        self.sent_starts = [self.starts[a] if a < len(self.starts) else 0 for a, _ in self.sent_bounds]
        segs = sorted(seg for m in marks for seg in m.segments)
        self.mark_starts = [s for s, _ in segs]
        self.mark_segs = segs

    def tokens(self, start: int, end: int) -> SpacySpan:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return self.doc[i:j]

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def sentence_of(self, char: int) -> SpacySpan:
        a, b = self.sent_bounds[self.sentence_index(char)]
        return self.doc[a:b]

    def candidates(self, lemmas: frozenset[str], words: frozenset[str]) -> list[int]:
        """Indices of tokens whose lemma is in ``lemmas`` or lower form in ``words``."""
        if not len(self.doc):
            return []
        strings = self.doc.vocab.strings
        wanted_lemma = {strings.add(w) for w in lemmas}
        wanted_lower = {strings.add(w) for w in words}
        arr = self.doc.to_array(["LEMMA", "LOWER"]).tolist()
        return [i for i, (lem, low) in enumerate(arr) if lem in wanted_lemma or low in wanted_lower]

    def quoted(self, char: int) -> bool:
        """Whether ``char`` lies inside any quotation."""
        k = bisect.bisect_right(self.mark_starts, char) - 1
        return k >= 0 and self.mark_segs[k][0] <= char < self.mark_segs[k][1]


def token_span(tok: Token) -> tuple[int, int]:
    return (tok.idx, tok.idx + len(tok.text))


def phrase_span(tok: Token, parse: Parse) -> tuple[int, int]:
    """A compact noun phrase around its head: pre-modifiers and the head, plus flat names."""
    start = tok.left_edge.i
    while start < tok.i and (parse.quoted(parse.doc[start].idx) or parse.doc[start].is_punct):
        start += 1
    end = tok.i
    while end + 1 < len(parse.doc) and parse.doc[end + 1].dep_ in ("compound", "flat") \
            and parse.doc[end + 1].head.i == tok.i:
        end += 1
    if tok.dep_ == "poss" or tok.tag_ == "POS":
        end = tok.i
    first, last = parse.doc[start], parse.doc[end]
    return (first.idx, last.idx + len(last.text))


def subject_of(verb: Token, depth: int = 0) -> Optional[Token]:
    """The grammatical subject of a cue verb, following participles and relative clauses."""
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head
            return c
    if depth == 0:  # inverted: "…,” said Smith
        for c in verb.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "dep", "appos") and c.pos_ == "PROPN":
                return c
    if depth >= 4 or verb.head is verb:
        return None
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep"):
        return subject_of(verb.head, depth + 1)
    return None


def _dash_speaker(marks: Marks, parse: Parse) -> Optional[tuple[tuple[int, int], tuple[int, int]]]:
    """(cue, speaker) for a quotation signed on its line: “…” ― Name."""
    text = parse.text
    m = re.match(r"[ \t\u00a0]*([\u2015\u2014\u2013-]{1,2})[ \t\u00a0]*([A-Z][^\n.,;:()]{1,60})",
                 text[marks.end:marks.end + 90])
    if not m:
        return None
    name_s, name_e = marks.end + m.start(2), marks.end + m.end(2)
    while name_e > name_s and text[name_e - 1].isspace():
        name_e -= 1
    return (marks.end + m.start(1), marks.end + m.end(1)), (name_s, name_e)


def addressee_of(verb: Token, skip: Optional[Token], lex: dict[str, frozenset[str]]) -> Optional[Token]:
    """Who is spoken to: the object of "told", or "to X" after "said"."""
    for c in verb.children:
        if c is skip:
            continue
        if verb.lemma_ in lex["addressee_verbs"] and c.dep_ in ("dobj", "dative", "obj") \
                and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
        if c.dep_ in ("prep", "dative") and c.lower_ == "to" and verb.lemma_ not in ("accord",):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and objs[0].pos_ in ("PROPN", "NOUN", "PRON"):
                return objs[0]
    return None


def cue_span(verb: Token) -> tuple[int, int]:
    """The cue verb, with its particle ("pointed out") or "according to"."""
    end_tok = verb
    for c in verb.children:
        if c.dep_ == "prt" and c.i == verb.i + 1:
            end_tok = c
        if verb.lower_ == "according" and c.lower_ == "to" and c.i == verb.i + 1:
            end_tok = c
    return (verb.idx, end_tok.idx + len(end_tok.text))


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without outer whitespace and trailing commas/colons/dashes."""
    while start < end and (text[start].isspace() or text[start] in ",;:\u2014-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2014-"):
        end -= 1
    return start, end


def subtree_span(tok: Token, sent: SpacySpan) -> tuple[int, int]:
    left = max(tok.left_edge.i, sent.start)
    right = min(tok.right_edge.i, sent.end - 1)
    doc = tok.doc
    while right > left and doc[right].is_punct and doc[right].text not in ALL_MARKS + "\u2019":
        right -= 1
    return (doc[left].idx, doc[right].idx + len(doc[right].text))


# ---------------------------------------------------------------------------------------
# pass 2: attributing quotations


def _cue_kind(node: Token, child: Token, lex: dict[str, frozenset[str]]) -> Optional[str]:
    """'speech' or 'partial' when ``node`` is a cue for a quotation below ``child``."""
    if child.dep_ not in COMPLEMENT_DEPS or node.pos_ not in ("VERB", "AUX"):
        return None
    lemma = node.lemma_.lower()
    if lemma in lex["speech_verbs"] and child.dep_ != "xcomp" and child.dep_ not in SUBJECT_DEPS:
        return "speech"
    if lemma in lex["partial_verbs"] and child.dep_ not in SUBJECT_DEPS:
        return "partial"
    return None


def _path_cue(marks: Marks, parse: Parse, lex: dict[str, frozenset[str]]
              ) -> Optional[tuple[Token, Optional[Token], str]]:
    """(cue verb, its child above the quotation, kind) found on the dependency path.

    The outermost speech verb of the quotation's paragraph wins ("X said Y believes “…”"
    quotes X); a verb that only takes quoted fragments ("hailed the “…”") comes last.
    """
    found: list[tuple[int, int, Token, Optional[Token], str]] = []
    para = (para_start_of(parse.text, marks.start), para_end_of(parse.text, marks.end))
    for s, e in marks.segments:
        for tok in parse.tokens(s, e):
            if tok.is_punct or (tok.head is not tok and s <= tok.head.idx < e):
                continue
            for c in tok.children:
                if not (s <= c.idx < e) and para[0] <= c.idx < para[1] \
                        and c.dep_ in ("parataxis", "ccomp", "advcl", "conj") \
                        and c.lemma_.lower() in lex["speech_verbs"] and c.pos_ == "VERB":
                    found.append((0, -1, c, None, "speech"))
            child, node, steps = tok, tok.head, 0
            while node is not child and steps < 12 and para[0] <= node.idx < para[1]:
                if not parse.quoted(node.idx):
                    kind = _cue_kind(node, child, lex)
                    if kind:
                        found.append((0 if kind == "speech" else 1, -steps, node, child, kind))
                child, node, steps = node, node.head, steps + 1
        if found:
            break
    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1]))
    _, _, verb, child, kind = found[0]
    return verb, child, kind


def para_end_of(text: str, char: int) -> int:
    k = text.find("\n", char)
    return len(text) if k < 0 else k


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


def para_start_of(text: str, char: int) -> int:
    return text.rfind("\n", 0, char) + 1


def _according(marks: Marks, parse: Parse) -> Optional[Token]:
    """An "according to X" in the quotation's sentence, outside the quotation."""
    sent = parse.sentence_of(marks.start)
    for tok in sent:
        if tok.lower_ == "according" and not parse.quoted(tok.idx):
            return tok
    return None


def _content(marks: Marks, child: Optional[Token], parse: Parse) -> tuple[str, list[tuple[int, int]]]:
    """(kind, content segments): the quotation alone, or with the rest of the complement."""
    segs = list(marks.segments)
    if child is None:
        return "direct", segs
    sent = parse.sentence_of(child.idx)
    cs, ce = subtree_span(child, sent)
    outside = [t for t in parse.tokens(cs, ce)
               if not t.is_punct and not parse.quoted(t.idx) and t.lower_ != "that"]
    if not outside:
        return "direct", segs
    first_s, first_e = segs[0]
    tail = parse.text[marks.end:ce]
    if re.match(r"\s*[,;(\u2014\u2013]", tail):  # “…”, after a ceremony … : not quoted
        ce = marks.end
    segs[0] = (min(cs, first_s), max(ce, first_e))
    if len(segs) == 1 and ce > segs[0][1]:
        segs[0] = (segs[0][0], ce)
    return "mixed", segs


def attribute(marks: Marks, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Draft]:
    """The quote made by one quotation, when it has a cue of its own."""
    hit = _path_cue(marks, parse, lex)
    verb: Optional[Token] = None
    child: Optional[Token] = None
    rule = "direct:path"
    if hit is not None and hit[2] == "speech":
        verb, child, _ = hit
    else:
        verb, rule = _frame_cue(marks, parse, lex), "direct:frame"
        if verb is None and hit is not None:
            verb, child, _ = hit
            rule = "mixed:partial"
    if verb is None:
        dash = _dash_speaker(marks, parse)
        if dash is not None:
            return Draft(kind="direct", segments=list(marks.segments), rule="direct:dash",
                         cue=dash[0], speaker=dash[1], marks=[marks])
    if verb is None:
        acc = _according(marks, parse)
        if acc is None:
            return None
        to = [c for c in acc.children if c.lower_ == "to"]
        objs = [g for t in to for g in t.children if g.dep_ == "pobj"]
        if not objs:
            return None
        return Draft(kind="direct", segments=list(marks.segments), rule="direct:according",
                     cue=cue_span(acc), speaker=phrase_span(objs[0], parse), marks=[marks],
                     cue_token=acc.i)
    kind, segs = _content(marks, child, parse)
    subj = subject_of(verb)
    if subj is not None and parse.quoted(subj.idx):
        subj = None
    addr = addressee_of(verb, child, lex)
    return Draft(
        kind=kind, segments=segs, rule=rule, cue=cue_span(verb),
        speaker=phrase_span(subj, parse) if subj is not None else None,
        addressee=phrase_span(addr, parse) if addr is not None else None,
        pronoun=subj is not None and _is_anaphor(subj, lex),
        cue_token=verb.i, marks=[marks],
    )


def _is_anaphor(tok: Token, lex: dict[str, frozenset[str]]) -> bool:
    low = tok.lower_
    if low in lex["pronoun_person"] or low in lex["pronoun_group"]:
        return True
    return tok.lemma_.lower() in lex["title_nouns"] and any(
        c.lower_ == "the" for c in tok.children) and tok.pos_ == "NOUN"


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
    for marks in marks_list:
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
            rule="direct:previous-speaker" if near else "direct:uncued",
            speaker=prev.speaker if near and prev else None,
            speaker_actor=prev.speaker_actor if near and prev else None,
            pronoun=prev.pronoun if near and prev else False,
        ))
    return drafts


# ---------------------------------------------------------------------------------------
# pass 3: indirect quotes


def _overlaps(span: tuple[int, int], drafts: Iterable[Draft]) -> bool:
    s, e = span
    return any(a < e and s < b for d in drafts for a, b in d.segments)


def _indirect_from_verb(verb: Token, parse: Parse, lex: dict[str, frozenset[str]]) -> Optional[Draft]:
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    sent = parse.sentence_of(verb.idx)
    comp: Optional[Token] = None
    if comps:
        comp = comps[0]
        segments = [trimmed(parse.text, *subtree_span(comp, sent))]
    elif verb.dep_ == "parataxis" and verb.lemma_.lower() in lex["speech_verbs"]:
        segments = _around(verb, sent, parse)  # "The plan, officials said, will cost …"
    else:
        return None
    segments = [sg for sg in segments if sg[1] > sg[0]]
    if not segments or sum(1 for sg in segments for t in parse.tokens(*sg) if not t.is_punct) < 3:
        return None
    subj = subject_of(verb)
    if subj is None or subj.lower_ in ("it", "this", "that", "what", "which", "there"):
        return None
    addr = addressee_of(verb, comp, lex)
    return Draft(
        kind="indirect", segments=segments, rule=f"indirect:{verb.lemma_.lower()}",
        cue=cue_span(verb), speaker=phrase_span(subj, parse),
        addressee=phrase_span(addr, parse) if addr is not None else None,
        pronoun=_is_anaphor(subj, lex), cue_token=verb.i,
    )


def _around(verb: Token, sent: SpacySpan, parse: Parse) -> list[tuple[int, int]]:
    """The sentence around a parenthetical cue clause, as one or two segments."""
    text = parse.text
    left = verb.left_edge.idx
    right_tok = verb.right_edge
    right = right_tok.idx + len(right_tok.text)
    before = trimmed(text, sent.start_char, left)
    after = trimmed(text, right, sent.end_char)
    while after[1] > after[0] and text[after[1] - 1] in ".!?":
        after = (after[0], after[1] - 1)
    return [sg for sg in (before, after) if sg[1] - sg[0] > 1]


def _indirect_according(tok: Token, parse: Parse) -> Optional[Draft]:
    objs = [g for t in tok.children if t.lower_ == "to" for g in t.children if g.dep_ == "pobj"]
    if not objs:
        return None
    sent = parse.sentence_of(tok.idx)
    a_start = tok.left_edge.idx
    a_end = tok.right_edge.idx + len(tok.right_edge.text)
    before = trimmed(parse.text, sent.start_char, a_start)
    after = trimmed(parse.text, a_end, sent.end_char)
    while after[1] > after[0] and parse.text[after[1] - 1] in ".!?":
        after = (after[0], after[1] - 1)
    span = before if before[1] - before[0] >= after[1] - after[0] else after
    if len(parse.tokens(*span)) < 3:
        return None
    return Draft(kind="indirect", segments=[span], rule="indirect:according-to",
                 cue=cue_span(tok), speaker=phrase_span(objs[0], parse), cue_token=tok.i)


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
        speaker = subject_of(noun.head)
    if speaker is None:
        return None
    sent = parse.sentence_of(noun.idx)
    span = trimmed(parse.text, *subtree_span(comps[0], sent))
    return Draft(kind="indirect", segments=[span], rule=f"indirect:noun:{noun.lemma_.lower()}",
                 cue=token_span(noun), speaker=phrase_span(speaker, parse), cue_token=noun.i)


def indirect_quotes(parse: Parse, direct: list[Draft], lex: dict[str, frozenset[str]]) -> list[Draft]:
    """Reported speech outside quotation marks."""
    used = {d.cue_token for d in direct if d.cue_token is not None}
    out: list[Draft] = []
    lemmas = lex["indirect_verbs"] | lex["noun_cues"]
    cands = [parse.doc[i] for i in parse.candidates(lemmas | {w.capitalize() for w in lemmas},
                                                     frozenset({"according"}))]
    for according in (False, True):  # verbs and nouns first, "according to" last
        for tok in cands:
            if tok.i in used or parse.quoted(tok.idx):
                continue
            lemma = tok.lemma_.lower()
            draft: Optional[Draft] = None
            if tok.lower_ == "according":
                draft = _indirect_according(tok, parse) if according else None
            elif according:
                continue
            elif tok.pos_ == "VERB" and lemma in lex["indirect_verbs"]:
                draft = _indirect_from_verb(tok, parse, lex)
            elif tok.pos_ == "NOUN" and lemma in lex["noun_cues"]:
                draft = _indirect_from_noun(tok, parse)
            if draft is None or not draft.segments:
                continue
            if any(_overlaps(sg, direct) or _overlaps(sg, out) for sg in draft.segments):
                continue
            out.append(draft)
    return out


# ---------------------------------------------------------------------------------------
# speakers → actors


def actor_lookup(actors: list[Actor], start: int, end: int) -> Optional[Actor]:
    """The actor with a mention overlapping [start, end) (readout.actors.actor_at if there)."""
    try:
        from readout import actors as actors_module

        finder = getattr(actors_module, "actor_at", None)
    except ImportError:  # pragma: no cover - the package is always there
        finder = None
    if finder is not None:
        try:
            found = finder(actors, start, end)
            if found is not None:
                return found
        except Exception:  # the other stage's helper must not break quotes
            pass
    best: Optional[tuple[int, int, Actor]] = None
    for actor in actors:
        for m in actor.mentions:
            if len(m) < 2:
                continue
            inter = min(end, m[1]) - max(start, m[0])
            if inter > 0:
                key = (inter, -(m[1] - m[0]))
                if best is None or key > best[:2]:
                    best = (key[0], key[1], actor)
    return best[2] if best else None


def _antecedent(at: int, drafts: list[Draft], actors: list[Actor], parse: Parse) -> Optional[Actor]:
    """The actor a pronoun speaker at ``at`` refers to: a recent speaker, else a person."""
    sent_here = parse.sentence_index(at)
    recent = [d for d in drafts if d.speaker_actor is not None and d.cue is not None
              and d.cue[0] < at and sent_here - parse.sentence_index(d.cue[0]) <= 3
              and not d.pronoun]
    if recent:
        return max(recent, key=lambda d: d.cue[0]).speaker_actor  # type: ignore[index]
    best: Optional[tuple[int, Actor]] = None
    for actor in actors:
        if actor.kind not in (None, "person"):
            continue
        for m in actor.mentions:
            if len(m) >= 2 and m[1] <= at and (best is None or m[0] > best[0]):
                best = (m[0], actor)
    return best[1] if best else None


def resolve_speakers(drafts: list[Draft], actors: list[Actor], parse: Parse) -> None:
    """Fill speaker_actor of each draft, in text order, pronouns from earlier speakers."""
    for d in sorted(drafts, key=lambda d: d.cue[0] if d.cue else d.start):
        if d.speaker is None:
            continue
        found = actor_lookup(actors, *d.speaker)
        if found is None and d.pronoun:
            found = _antecedent(d.speaker[0], drafts, actors, parse)
        elif found is not None and d.pronoun and found.kind not in (None, "person"):
            found = _antecedent(d.speaker[0], drafts, actors, parse) or found
        if found is not None:
            d.speaker_actor = found
            if d.pronoun and d.speaker_actor is not None:
                d.pronoun = False if actor_lookup(actors, *d.speaker) else d.pronoun


def _ref(span: Optional[tuple[int, int]], actor: Optional[Actor], text: str) -> Optional[ActorRef]:
    if span is None:
        return None
    s, e = span
    return ActorRef(actor=actor.id if actor else None, code=actor.code if actor else None,
                    text=text[s:e], start=s, end=e)


def to_quotes(drafts: list[Draft], actors: list[Actor], parse: Parse) -> list[Quote]:
    """Sorted, numbered Quote records."""
    text = parse.text
    out: list[Quote] = []
    for n, d in enumerate(sorted(drafts, key=lambda d: (d.start, d.end)), 1):
        segs = sorted((max(0, s), min(len(text), e)) for s, e in d.segments if e > s)
        if not segs:
            continue
        start, end = segs[0][0], max(e for _, e in segs)
        content_text = " \u2026 ".join(text[s:e] for s, e in segs) if len(segs) > 1 else text[start:end]
        addr_actor = actor_lookup(actors, *d.addressee) if d.addressee else None
        anchor = d.cue[0] if d.cue else start
        out.append(Quote(
            id=f"Q{len(out) + 1}",
            kind=d.kind,
            speaker=_ref(d.speaker, d.speaker_actor, text),
            cue=Span(text=text[d.cue[0]:d.cue[1]], start=d.cue[0], end=d.cue[1]) if d.cue else None,
            content=QuoteContent(text=content_text, start=start, end=end,
                                 segments=[list(s) for s in segs] if len(segs) > 1 else None),
            addressee=_ref(d.addressee, addr_actor, text),
            sentence=parse.sentence_index(anchor),
            rule=d.rule,
        ))
    return out


def find_quotes(inp: StageInput) -> list[Quote]:
    """The article's direct, mixed and indirect quotes, in text order (ids Q1, Q2, …)."""
    doc = inp.doc
    if doc is None or not doc.text.strip():
        return []
    lex = lexicon()
    marks = find_marks(doc.text)
    parse = Parse(doc, marks)
    direct = direct_quotes(parse, marks, lex)
    drafts = direct + indirect_quotes(parse, direct, lex)
    resolve_speakers(drafts, list(inp.actors or []), parse)
    for d in direct:  # uncued quotations took the speaker of the quote before them
        if d.speaker is not None and d.speaker_actor is None and d.rule == "direct:previous-speaker":
            d.speaker_actor = actor_lookup(list(inp.actors or []), *d.speaker)
    return to_quotes(drafts, list(inp.actors or []), parse)

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
   quote before them (split quotes, continuation paragraphs); "NAME: …" paragraphs of a
   transcript are quotes of NAME.
3. indirect quotes: cue verbs with a clausal complement outside quotation marks
   ("X noted that …"), attitude verbs with an object or to-infinitive ("X urged Y to …",
   "X called for …"), "according to X" and cue nouns ("X's statement that …").

Datelines ("KYIV, May 30 (X) – ") are never part of a content span nor a speaker.

Speakers are linked to ``inp.actors`` by span; pronouns and "the minister" that the actors
stage left unresolved go to the most recent speaker or person before them.

Modules: ``marks`` (pass 1), ``direct`` (pass 2), ``indirect`` (pass 3), ``speakers``
(actor links), ``syntax`` (offset lookups and grammar helpers), ``lexicon`` (word lists
from data/quotes/cues.json).
"""
from __future__ import annotations

from typing import Optional

from readout.context import StageInput
from readout.model import Actor, ActorRef, Quote, QuoteContent, Span
from readout.quotes.direct import direct_quotes
from readout.quotes.indirect import indirect_quotes
from readout.quotes.lexicon import lexicon
from readout.quotes.marks import find_marks, para_start_of
from readout.quotes.speakers import ActorIndex, drop_dateline_speakers, resolve_speakers
from readout.quotes.syntax import Draft, Parse

__all__ = ["find_quotes", "find_marks", "lexicon"]


def _ref(span: Optional[tuple[int, int]], actor: Optional[Actor], text: str) -> Optional[ActorRef]:
    if span is None:
        return None
    s, e = span
    return ActorRef(actor=actor.id if actor else None, code=actor.code if actor else None,
                    text=text[s:e], start=s, end=e)


def _after_dateline(parse: Parse, start: int) -> int:
    """``start`` moved past a dateline when a content span opens its paragraph with one."""
    para = para_start_of(parse.text, start)
    if para != start:
        return start
    return parse.dateline_end(para)


def to_quotes(drafts: list[Draft], actors: list[Actor], parse: Parse,
              index: Optional[ActorIndex] = None) -> list[Quote]:
    """Sorted, numbered Quote records (``index``: the actors' ``ActorIndex``, when made)."""
    text = parse.text
    index = index or ActorIndex(actors)
    out: list[Quote] = []
    for n, d in enumerate(sorted(drafts, key=lambda d: (d.start, d.end)), 1):
        segs = sorted((_after_dateline(parse, max(0, s)), min(len(text), e)) for s, e in d.segments)
        segs = [(s, e) for s, e in segs if e > s]
        if not segs:
            continue
        start, end = segs[0][0], max(e for _, e in segs)
        content_text = " \u2026 ".join(text[s:e] for s, e in segs) if len(segs) > 1 else text[start:end]
        addr_actor = index.find(*d.addressee) if d.addressee else None
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
    """The article's direct, mixed and indirect quotes, in text order (ids Q1, Q2, …).

    Never raises: an article the rules cannot handle gives no quotes.
    """
    try:
        return _find(inp)
    except Exception:  # bad input must never stop a batch
        return []


def _find(inp: StageInput) -> list[Quote]:
    doc = inp.doc
    text = inp.text
    if not text.strip():
        return []
    lex = lexicon()
    actors = list(inp.actors or [])
    marks = find_marks(text)
    parse = Parse(doc, marks, text)
    direct = direct_quotes(parse, marks, lex)
    drafts = drop_dateline_speakers(direct + indirect_quotes(parse, direct, lex), parse)
    index = ActorIndex(actors)
    resolve_speakers(drafts, actors, parse, index)
    for d in direct:  # uncued quotations took the speaker of the quote before them
        if d.speaker is not None and d.speaker_actor is None and d.rule == "quote:previous-speaker":
            d.speaker_actor = index.find(*d.speaker)
    return to_quotes(drafts, actors, parse, index)

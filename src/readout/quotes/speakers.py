"""Speakers and addressees linked to the actors stage's actors; pronouns resolved."""
from __future__ import annotations

import bisect
import re
from typing import Optional

from readout.model import Actor
from readout.quotes.marks import para_start_of
from readout.quotes.syntax import Draft, Parse, phrase_span

CLOCK = re.compile(r"\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?", re.I)


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


class ActorIndex:
    """The actors' mentions sorted by start: ``actor_lookup`` answered from the mentions near
    a span instead of a pass over every mention for every speaker and addressee."""

    def __init__(self, actors: list[Actor]):
        self.actors = actors
        self._built = False  # (the index is made when first asked: most articles ask nothing)

    def _build(self) -> None:
        self._built = True
        actors = self.actors
        pairs = [(actor, m) for actor in actors for m in actor.mentions]
        self._odd = any(len(m) != 2 for _, m in pairs)
        # (start, end, position in the actors' own order, actor): ties go to the earlier one
        flat = [] if self._odd else [(m[0], m[1], n, actor) for n, (actor, m) in enumerate(pairs)]
        flat.sort(key=lambda f: f[0])
        self._mentions = flat
        self._starts = [f[0] for f in flat]
        self._longest = max((e - s for s, e, _, _ in flat), default=0)

    def find(self, start: int, end: int) -> Optional[Actor]:
        """``actor_lookup(actors, start, end)``: the tightest mention containing the span,
        else the tightest overlapping it."""
        if not self._built:
            self._build()
        if self._odd:  # mentions that are not (start, end) pairs: the plain lookup copes
            return actor_lookup(self.actors, start, end)
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        best: Optional[tuple[tuple[int, int, int], Actor]] = None
        for s, e, n, actor in self._mentions[lo:hi]:
            if s < end and start < e:
                key = (0 if s <= start and end <= e else 1, e - s, n)
                if best is None or key < best[0]:
                    best = (key, actor)
        return best[1] if best else None


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


def resolve_speakers(drafts: list[Draft], actors: list[Actor], parse: Parse,
                     index: Optional[ActorIndex] = None) -> None:
    """Fill speaker_actor of each draft, in text order, pronouns from earlier speakers
    (``index``: the actors' ``ActorIndex``, when the caller has one)."""
    index = index or ActorIndex(actors)
    for d in sorted(drafts, key=lambda d: d.cue[0] if d.cue else d.start):
        if d.speaker is None:
            continue
        found = index.find(*d.speaker)
        if found is None and d.pronoun:
            found = _antecedent(d.speaker[0], drafts, actors, parse)
        elif found is not None and d.pronoun and found.kind not in (None, "person"):
            found = _antecedent(d.speaker[0], drafts, actors, parse) or found
        if found is not None:
            d.speaker_actor = found
            if d.pronoun and d.speaker_actor is not None:
                d.pronoun = False if index.find(*d.speaker) else d.pronoun


def _in_dateline(span: tuple[int, int], parse: Parse) -> int:
    """The end of the dateline holding ``span``, or -1 when it is not in one."""
    para = para_start_of(parse.text, span[0])
    end = parse.dateline_end(para)
    return end if span[0] < end else -1


def drop_dateline_speakers(drafts: list[Draft], parse: Parse) -> list[Draft]:
    """Drafts whose speaker is not the dateline place ("VIENNA (X) — … said").

    A speaker the parser took from the dateline (or a live blog's time stamp) is replaced by the first noun phrase
    between the dateline and the cue; an indirect quote with none left is dropped.
    """
    out: list[Draft] = []
    for d in drafts:
        if d.speaker is not None and d.rule != "quote:transcript":
            end = _in_dateline(d.speaker, parse)
            if end < 0 and CLOCK.fullmatch(parse.text[d.speaker[0]:d.speaker[1]]):
                end = d.speaker[1]  # a live blog's "12:15 p.m." taken for the subject
            if end >= 0:
                d.speaker, d.speaker_actor, d.pronoun = None, None, False
                limit = d.cue[0] if d.cue else d.start
                toks = [t for t in parse.tokens(end, limit) if t.pos_ in ("PROPN", "NOUN", "PRON")]
                heads = [t for t in toks if t.head not in toks]
                if heads:
                    d.speaker = phrase_span(heads[0], parse)
                    d.speaker = (max(d.speaker[0], end), d.speaker[1])
                elif d.kind == "indirect":
                    continue
        out.append(d)
    return out

"""What is claimed about a quantity: change, metric, subjects, period and source.

Everything is read from the quantity's sentence through the dependency parse, the actors,
time expressions and quotes found by the earlier stages; where those stages found nothing,
small fallbacks (a country/demonym list, "last year"/"in 2023") take their place."""
from __future__ import annotations

import bisect
import functools
import re
from typing import Any, Iterable, Optional

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from readout.context import StageInput
from readout.model import ActorRef, Quantity
from readout.quantities.candidates import Candidate
from readout.quantities.lexicon import lexicon

_COUNTRY_KINDS = (None, "country", "place", "location", "gpe", "region")
_YEAR_WORDS = re.compile(r"\b(?:(so far )?(this|last|next|past) year|in (1[89]\d\d|20\d\d))\b", re.I)


class DocFacts:
    """What the candidates of one document read, worked out once per document and kept:
    its text (``Doc.text`` is rebuilt from the tokens on every access), its sentences,
    the tokens that name a metric or say "according", and the countries of text stretches."""

    def __init__(self, text: str, doc: Optional[Doc] = None) -> None:
        self.text = text
        self.doc = doc
        self._sent_starts: Optional[list[int]] = None
        self._sents: list[Span] = []
        self._according: Optional[list[int]] = None
        self._metric_words: Optional[list[int]] = None
        self._metric_toks: dict[int, list[tuple[int, int, str]]] = {}
        self.countries: dict[tuple[int, int, tuple[tuple[int, int], ...]], list[str]] = {}

    def sent(self, tok: Token) -> Span:
        """``tok.sent``, from the sentences listed once."""
        if self._sent_starts is None:
            self._sents = list(tok.doc.sents)
            self._sent_starts = [s.start for s in self._sents]
        return self._sents[bisect.bisect_right(self._sent_starts, tok.i) - 1]

    def _scan_words(self, doc: Doc) -> None:
        """Once per document: the tokens written "according" and the tokens whose lemma or
        word may name a metric (each distinct lemma and word is looked up once)."""
        if self._according is not None:
            return
        self._according, self._metric_words = [], []
        if not len(doc):
            return
        strings = doc.vocab.strings
        lemmas, lowers = doc.to_array([LEMMA, LOWER]).T.tolist()
        ends, metrics = _metric_ends(), lexicon().metrics
        metric_lemmas = {h for h in set(lemmas) if strings[h].lower() in ends}
        metric_lowers = {h for h in set(lowers) if strings[h] in metrics}
        according = strings["according"]
        for i, (lemma, lower) in enumerate(zip(lemmas, lowers)):
            if lower == according:
                self._according.append(i)
            if lemma in metric_lemmas or lower in metric_lowers:
                self._metric_words.append(i)

    @staticmethod
    def _within(indices: list[int], sent: Span) -> list[int]:
        return indices[bisect.bisect_left(indices, sent.start):bisect.bisect_left(indices, sent.end)]

    def according(self, sent: Span) -> list[int]:
        """The indices of the tokens of ``sent`` written "according" (any case)."""
        self._scan_words(sent.doc)
        return self._within(self._according or [], sent)

    def metric_tokens(self, sent: Span) -> list[tuple[int, int, str]]:
        """(index, character offset, metric) of the tokens of ``sent`` that name a metric."""
        found = self._metric_toks.get(sent.start)
        if found is None:
            found = []
            doc = sent.doc
            self._scan_words(doc)
            for i in self._within(self._metric_words or [], sent):
                tok = doc[i]
                metric = _metric_of(tok)
                if metric:
                    found.append((i, tok.idx, metric))
            self._metric_toks[sent.start] = found
        return found


def doc_facts(text: str, doc: Optional[Doc] = None) -> DocFacts:
    """The facts of a document with text ``text`` (made once per document)."""
    return DocFacts(text, doc)


_WORD = re.compile(r"\w+")
_FOUR_DIGITS = re.compile(r"\d{4}")


@functools.lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, list[tuple[int, str, str]]], list[tuple[int, str, str]]]:
    """The fallback country names by their first word (names that start with something
    else apart), each with its place in the lexicon."""
    by_word: dict[str, list[tuple[int, str, str]]] = {}
    always: list[tuple[int, str, str]] = []
    for n, (name, code) in enumerate(lexicon().countries.items()):
        first = _WORD.match(name)
        if first:
            by_word.setdefault(first.group(), []).append((n, name, code))
        else:
            always.append((n, name, code))
    return by_word, always


def _country_names(window: str) -> list[tuple[str, str]]:
    """(name, code) of the fallback names that may occur in ``window``, in lexicon order:
    a name can only match where the window has its first word."""
    by_word, always = _country_index()
    found = list(always)
    for word in set(_WORD.findall(window)) & by_word.keys():
        found += by_word[word]
    return [(name, code) for _, name, code in sorted(found)]


@functools.lru_cache(maxsize=None)
def _country_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")


def _tokens(inp: StageInput, c: Candidate) -> Optional[Span]:
    span = inp.doc.char_span(c.num_start, c.end, alignment_mode="expand")
    if span is None or not len(span):
        span = inp.doc.char_span(c.start, c.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _ancestors(tok: Token, limit: int = 5) -> list[Token]:
    out = []
    while tok.head.i != tok.i and len(out) < limit:
        tok = tok.head
        out.append(tok)
    return out


def _change(root: Token, span: Span) -> Optional[str]:
    changes = lexicon().changes
    doc = root.doc
    for i in range(span.start - 1, max(span.start - 4, -1), -1):
        t = doc[i]
        if t.lemma_.lower() in changes or t.lower_ in changes:
            return changes.get(t.lemma_.lower()) or changes[t.lower_]
        if t.pos_ not in ("ADP", "ADV", "ADJ", "DET", "PART") or t.is_punct:
            break
    for anc in _ancestors(root, 3):
        lemma = anc.lemma_.lower()
        if lemma in lexicon().reporting:
            break
        if lemma in changes and anc.pos_ in ("VERB", "NOUN", "ADV", "ADP"):
            return changes[lemma]
    return None


@functools.lru_cache(maxsize=1)
def _metric_ends() -> frozenset[str]:
    """Every metric and every word-final part of one ("rate" of "inflation rate")."""
    keys = lexicon().metrics.keys()
    return frozenset([*keys, *(k[i + 1:] for k in keys for i, ch in enumerate(k) if ch == " ")])


def _metric_of(tok: Token) -> Optional[str]:
    metrics = lexicon().metrics
    lemma = tok.lemma_.lower()
    if lemma not in _metric_ends() and tok.lower_ not in metrics:
        return None  # no metric ends in this word
    mods = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod")]
    for mod in mods:
        phrase = f"{mod.lemma_.lower()} {lemma}"
        if phrase in metrics:
            return metrics[phrase]
        phrase = f"{mod.lower_} {lemma}"
        if phrase in metrics:
            return metrics[phrase]
    if tok.pos_ in ("NOUN", "VERB", "PROPN", "ADJ"):
        return metrics.get(lemma) or metrics.get(tok.lower_)
    return None


def _metric(facts: DocFacts, root: Token, span: Span,
            avoid: tuple[int, int]) -> tuple[Optional[str], Optional[Token]]:
    sent = facts.sent(root)
    near: list[Token] = [root]
    near += [t for t in root.children if t.dep_ == "prep" for t in t.children if t.dep_ == "pobj"]
    near += [t for t in root.children if t.dep_ in ("acl", "relcl")]
    for anc in _ancestors(root, 4):
        if anc.lemma_.lower() in lexicon().reporting:
            break
        near.append(anc)
        near += [t for t in anc.children if t.dep_ in ("nsubj", "nsubjpass")]
        near += [p for t in anc.children if t.dep_ == "prep" and t.lower_ in ("of", "in", "on")
                 for p in t.children if p.dep_ == "pobj" and p.i not in range(span.start, span.end)]
    for tok in near:
        if avoid[0] <= tok.idx < avoid[1]:
            continue
        if tok.i in range(span.start, span.end) and tok is not root:
            continue
        metric = _metric_of(tok) if tok is not root or tok.pos_ == "NOUN" else None
        if metric:
            return metric, tok
    best = None
    for i, idx, metric in facts.metric_tokens(sent):
        if avoid[0] <= idx < avoid[1] or span.start <= i < span.end:
            continue
        dist = abs(i - root.i)
        if best is None or dist < best[0]:
            best = (dist, metric, i)
    return (best[1], root.doc[best[2]]) if best else (None, None)


def _actor_ref(inp: StageInput, start: int, end: int, text: str) -> ActorRef:
    for actor in inp.actors:
        for m in actor.mentions:
            if len(m) >= 2 and m[0] < end and start < m[1]:
                return ActorRef(actor=actor.id, code=actor.code, text=text, start=start, end=end)
    return ActorRef(text=text, start=start, end=end)


def _phrase(tok: Token) -> tuple[int, int]:
    """The character extent of a subject or source phrase (its subtree, if short)."""
    sub = list(tok.subtree)
    if len(sub) > 7:
        sub = [t for t in tok.subtree if t.dep_ in ("compound", "flat", "amod") or t is tok]
    toks = [t for t in sub if not t.is_punct and t.dep_ != "det"] or [tok]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _source(inp: StageInput, facts: DocFacts, root: Token, c: Candidate) -> Optional[ActorRef]:
    text = facts.text
    for anc in _ancestors(root, 6):
        if anc.lemma_.lower() in lexicon().reporting and anc.pos_ in ("VERB", "AUX"):
            subj = [t for t in anc.children if t.dep_ in ("nsubj", "nsubjpass")]
            if subj and not (subj[0].idx <= root.idx < subj[0].idx + len(subj[0].text) + 200
                             and root in subj[0].subtree):
                s, e = _phrase(subj[0])
                return _actor_ref(inp, s, e, text[s:e])
    for quote in inp.quotes:
        content = quote.content
        if content.start <= c.start and c.end <= content.end and quote.speaker is not None:
            return quote.speaker
    for i in facts.according(facts.sent(root)):
        tok = root.doc[i]
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            s, e = _phrase(pobj)
                            return _actor_ref(inp, s, e, text[s:e])
    return None


def _country_mentions(inp: StageInput, facts: DocFacts, start: int, end: int,
                      skip: Iterable[tuple[int, int]]) -> list[str]:
    skip = list(skip)
    key = (start, end, tuple(skip))
    if key not in facts.countries:
        facts.countries[key] = _find_country_mentions(inp, facts, start, end, skip)
    return list(facts.countries[key])


def _find_country_mentions(inp: StageInput, facts: DocFacts, start: int, end: int,
                           skip: list[tuple[int, int]]) -> list[str]:
    found: list[tuple[int, str]] = []
    for actor in inp.actors:
        if actor.kind not in _COUNTRY_KINDS or not actor.country:
            continue
        for m in actor.mentions:
            if len(m) >= 2 and start <= m[0] < end and not any(a <= m[0] < b for a, b in skip):
                found.append((m[0], actor.country))
    if not found:
        window = facts.text[start:end]
        for name, code in _country_names(window):
            for m in _country_re(name).finditer(window):
                pos = start + m.start()
                if not any(a <= pos < b for a, b in skip):
                    found.append((pos, code))
    out: list[str] = []
    for _, code in sorted(found):
        if code not in out:
            out.append(code)
    return out


def _subjects(inp: StageInput, facts: DocFacts, root: Token, metric_tok: Optional[Token],
              skip: list[tuple[int, int]]) -> list[str]:
    if metric_tok is not None:
        sub = list(metric_tok.subtree)
        if len(sub) > 1:
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            codes = _country_mentions(inp, facts, s, e, skip)
            if codes:
                return codes
    sent = facts.sent(root)
    return _country_mentions(inp, facts, sent.start_char, sent.end_char, skip)


def _period(inp: StageInput, c: Candidate, sent: Span) -> Optional[str]:
    best: Optional[tuple[int, str]] = None
    for t in inp.timexes:
        if t.start < sent.start_char or t.end > sent.end_char or not t.value:
            continue
        if t.start < c.end and c.start < t.end or not t.value[:1].isdigit():
            continue
        dist = t.start - c.end if t.start >= c.end else c.start - t.end
        if best is None or dist < best[0]:
            best = (dist, t.value)
    if best or inp.timexes:
        return best[1] if best else None
    return _period_fallback(inp, c, sent)


def _period_fallback(inp: StageInput, c: Candidate, sent: Span) -> Optional[str]:
    """Year-level periods when no time expressions are available."""
    published = inp.article.published or ""
    year = int(published[:4]) if _FOUR_DIGITS.match(published) else None
    best: Optional[tuple[int, str]] = None
    for m in _YEAR_WORDS.finditer(sent.text):
        s = sent.start_char + m.start()
        if s < c.end and c.start < sent.start_char + m.end():
            continue
        if m.group(3):
            value = m.group(3)
        elif year is None:
            continue
        else:
            value = str(year + {"this": 0, "last": -1, "past": -1, "next": 1}[m.group(2).lower()])
        dist = abs(s - c.end)
        if best is None or dist < best[0]:
            best = (dist, value)
    return best[1] if best else None


def claims_for(inp: StageInput, c: Candidate, before: list[Quantity],
               facts: Optional[DocFacts] = None) -> dict[str, Any]:
    """change, metric, subjects, period and source of candidate ``c`` (previous quantities
    ``before`` lend their metric and subjects to a bare figure such as "This is 40 percent")."""
    span = _tokens(inp, c)
    if span is None:
        return {}
    facts = facts or doc_facts(inp.text, inp.doc)
    root = span.root
    sent = facts.sent(root)
    source = _source(inp, facts, root, c)
    skip = [(source.start, source.end)] if source and source.start is not None else []
    metric, metric_tok = _metric(facts, root, span, skip[0] if skip else (0, 0))
    subjects = _subjects(inp, facts, root, metric_tok, skip)
    if metric is None and before and c.kind in ("percent", "money"):
        prev = before[-1]
        prev_sent = inp.doc.char_span(prev.start, prev.end, alignment_mode="expand")
        if prev_sent is not None and sent.start - facts.sent(prev_sent[0]).end <= 1 and prev.metric:
            metric = prev.metric
            subjects = subjects or list(prev.subjects)
    elif metric and not subjects and before and before[-1].metric == metric:
        subjects = list(before[-1].subjects)
    return {
        "change": _change(root, span),
        "metric": metric,
        "subjects": subjects,
        "period": _period(inp, c, sent),
        "source": source,
    }

"""What is claimed about a quantity: change, metric, subjects, period and source.

Everything is read from the quantity's sentence through the dependency parse, the actors,
time expressions and quotes found by the earlier stages; where those stages found nothing,
small fallbacks (a country/demonym list, "last year"/"in 2023") take their place."""
from __future__ import annotations

import bisect
import functools
import operator
import re
from typing import Any, Iterable, Iterator, Optional

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from readout.context import StageInput
from readout.model import ActorRef, Quantity
from readout.quantities.candidates import Candidate
from readout.quantities.lexicon import lexicon
from readout.quantities.tree import Tree, label_ids

_COUNTRY_KINDS = (None, "country", "place", "location", "gpe", "region")
# ids of the dependency labels (and words) the claims look for
_PREP, _POBJ, _DET = (get_string_id(label) for label in ("prep", "pobj", "det"))
_CLAUSE = label_ids(("acl", "relcl"))
_SUBJECT = label_ids(("nsubj", "nsubjpass"))
_MODIFIER = label_ids(("compound", "amod", "nmod"))
_PHRASE_PART = label_ids(("compound", "flat", "amod"))
_NEAR_PREPS = label_ids(("of", "in", "on"))
_TO = get_string_id("to")
_YEAR_WORDS = re.compile(r"\b(?:(so far )?(this|last|next|past) year|in (1[89]\d\d|20\d\d))\b", re.I)


class DocFacts:
    """What the candidates of one document read, worked out once per document and kept:
    its text (``Doc.text`` is rebuilt from the tokens on every access), its sentences,
    the tokens that name a metric or say "according", and the countries of text stretches."""

    def __init__(self, text: str, doc: Optional[Doc] = None) -> None:
        self.text = text
        self.doc = doc
        self._tree: Optional[Tree] = None
        self._sent_starts: Optional[list[int]] = None
        self._sents: list[Span] = []
        self._columns: Optional[numpy.ndarray] = None  # HEAD, DEP, LEMMA, LOWER of the tokens
        self._words: dict[int, tuple[list[int], list[int]]] = {}
        self._lemma_ends: dict[int, bool] = {}
        self._metric_toks: dict[int, list[tuple[int, int, str]]] = {}
        self._metric_sets: dict[int, frozenset[int]] = {}
        self._actor_countries: Optional[list[tuple[int, str]]] = None
        self._named: dict[tuple[int, int], list[tuple[int, str]]] = {}
        self.countries: dict[tuple[int, int, tuple[tuple[int, int], ...]], list[str]] = {}

    def _table(self, doc: Doc) -> numpy.ndarray:
        """The columns the claims read of every token, in one ``Doc.to_array`` call."""
        if self._columns is None:
            self._columns = doc.to_array([HEAD, DEP, LEMMA, LOWER])
        return self._columns

    def tree(self, doc: Doc) -> Tree:
        """The dependency tree of the document (read once)."""
        if self._tree is None:
            table = self._table(doc)
            self._tree = Tree(table[:, 0], table[:, 1])
        return self._tree

    def sent(self, i: int) -> Span:
        """``doc[i].sent``, from the sentences listed once."""
        if self._sent_starts is None:
            self._sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in self._sents]
        return self._sents[bisect.bisect_right(self._sent_starts, i) - 1]

    def _sent_words(self, sent: Span) -> tuple[list[int], list[int]]:
        """Once per sentence asked about (only the sentences of quantities are): the indices
        of its tokens written "according" and of those whose lemma or word may name a
        metric, compared as spaCy string ids (the lemma and word columns are read once per
        document)."""
        found = self._words.get(sent.start)
        if found is None:
            ids, strings, ends = _word_ids(), sent.doc.vocab.strings, _metric_ends()
            memo = self._lemma_ends  # lemma id -> whether the lower-cased lemma ends a metric
            according, metric = [], []
            rows = self._table(sent.doc)[sent.start:sent.end, 2:].tolist()
            for i, (lemma, lower) in enumerate(rows, sent.start):
                if lower == ids.according:
                    according.append(i)
                # the lower-cased lemma ends a metric if the lemma's id is an end's; a lemma
                # with the id of the token's lower-case text is lower-case, so then only;
                # another lemma is looked up as a string ("GDP" may name a metric)
                if lower in ids.metrics or lemma in ids.ends:
                    metric.append(i)
                elif lemma != lower:
                    known = memo.get(lemma)
                    if known is None:
                        known = memo[lemma] = strings[lemma].lower() in ends
                    if known:
                        metric.append(i)
            found = self._words[sent.start] = (according, metric)
        return found

    def may_name_metric(self, i: int) -> bool:
        """Whether the lower-cased lemma of token ``i`` ends a metric or its lower-cased
        word is one: only such a token can name a metric (read from its sentence's word
        list, without making the token or its strings)."""
        sent = self.sent(i)
        found = self._metric_sets.get(sent.start)
        if found is None:
            found = self._metric_sets[sent.start] = frozenset(self._sent_words(sent)[1])
        return i in found

    def according(self, sent: Span) -> list[int]:
        """The indices of the tokens of ``sent`` written "according" (any case)."""
        return self._sent_words(sent)[0]

    def metric_tokens(self, sent: Span) -> list[tuple[int, int, str]]:
        """(index, character offset, metric) of the tokens of ``sent`` that name a metric."""
        found = self._metric_toks.get(sent.start)
        if found is None:
            found = []
            doc = sent.doc
            tree = self.tree(doc)
            for i in self._sent_words(sent)[1]:
                tok = doc[i]
                metric = _metric_of(tok, tree)
                if metric:
                    found.append((i, tok.idx, metric))
            self._metric_toks[sent.start] = found
        return found

    def actor_countries(self, inp: StageInput) -> list[tuple[int, str]]:
        """(start, country) of every mention of a country-like actor, by start."""
        if self._actor_countries is None:
            self._actor_countries = sorted(
                (m[0], actor.country) for actor in inp.actors
                if actor.kind in _COUNTRY_KINDS and actor.country
                for m in actor.mentions if len(m) >= 2)
        return self._actor_countries

    def named_countries(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, code) of the fallback country names in text[start:end]."""
        found = self._named.get((start, end))
        if found is None:
            window = self.text[start:end]
            found = self._named[(start, end)] = [
                (start + m.start(), code) for name, code in _country_names(window)
                for m in _country_re(name).finditer(window)]
        return found


class _WordIds:
    """spaCy string ids (what ``token.lower``/``token.lemma`` hold) of the words looked for:
    ``token.lower_ in words`` exactly when ``token.lower`` is among their ids."""

    def __init__(self) -> None:
        self.according = get_string_id("according")
        self.metrics = frozenset(get_string_id(m) for m in lexicon().metrics)
        self.ends = frozenset(get_string_id(e) for e in _metric_ends())


@functools.lru_cache(maxsize=1)
def _word_ids() -> _WordIds:
    return _WordIds()


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


@functools.lru_cache(maxsize=1)
def _opening_re() -> re.Pattern[str]:
    """A whole ``\\w+`` run (``\\w*`` is greedy) opening with a character some first word
    opens with: that character first, so that the engine skips from one capital to the
    next, then a look back that no word character comes before it."""
    firsts = "".join(sorted({word[0] for word in _country_index()[0]}))
    return re.compile(rf"[{re.escape(firsts)}](?<!\w.)\w*")


def _first_words(window: str) -> set[str]:
    """``set(_WORD.findall(window)) & by_word.keys()``: the first words of fallback names that
    are whole word runs of the window, the runs found in one ``findall`` call."""
    return _country_index()[0].keys() & set(_opening_re().findall(window))


def _country_names(window: str) -> list[tuple[str, str]]:
    """(name, code) of the fallback names that may occur in ``window``, in lexicon order:
    a name can only match where the window has its first word (as a whole word)."""
    by_word, always = _country_index()
    found = list(always)
    for word in _first_words(window):
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


def _ancestors(tok: Token, tree: Tree, limit: int = 5) -> list[tuple[Token, str]]:
    """Up to ``limit`` heads above ``tok``, nearest first, each with its lower-cased lemma
    (read once here: the change, the metric and the source all compare it)."""
    out = []
    i, heads, doc = tok.i, tree.head, tok.doc
    while heads[i] != i and len(out) < limit:
        i = heads[i]
        anc = doc[i]
        out.append((anc, anc.lemma_.lower()))
    return out


def _change(root: Token, span: Span, ancestors: list[tuple[Token, str]]) -> Optional[str]:
    """``ancestors``: the first three heads above the root."""
    changes = lexicon().changes
    doc = root.doc
    for i in range(span.start - 1, max(span.start - 4, -1), -1):
        t = doc[i]
        lemma, lower = t.lemma_.lower(), t.lower_
        if lemma in changes or lower in changes:
            return changes.get(lemma) or changes[lower]
        if t.pos_ not in ("ADP", "ADV", "ADJ", "DET", "PART") or t.is_punct:
            break
    reporting = lexicon().reporting
    for anc, lemma in ancestors:
        if lemma in reporting:
            break
        if lemma in changes and anc.pos_ in ("VERB", "NOUN", "ADV", "ADP"):
            return changes[lemma]
    return None


@functools.lru_cache(maxsize=1)
def _metric_ends() -> frozenset[str]:
    """Every metric and every word-final part of one ("rate" of "inflation rate")."""
    keys = lexicon().metrics.keys()
    return frozenset([*keys, *(k[i + 1:] for k in keys for i, ch in enumerate(k) if ch == " ")])


def _metric_of(tok: Token, tree: Tree) -> Optional[str]:
    """The metric ``tok`` names, with a modifier before it or alone; only asked of tokens
    that may name one (``DocFacts.may_name_metric``)."""
    metrics = lexicon().metrics
    lemma = tok.lemma_.lower()
    doc, i = tok.doc, tok.i
    mods = [doc[k] for k in tree.children(i) if k < i and tree.dep[k] in _MODIFIER]  # lefts
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


def _near(root: Token, span: Span, ancestors: list[tuple[Token, str]], tree: Tree) -> Iterator[int]:
    """The indices of the tokens after the root that may name the quantity's metric, nearest
    first: the objects of the root's prepositions, its clauses; then each head above it (up
    to a reporting verb) with its subjects and its "of/in/on" objects outside the quantity."""
    doc, dep, children = root.doc, tree.dep, tree.children
    kids = children(root.i)
    yield from (p for k in kids if dep[k] == _PREP for p in children(k) if dep[p] == _POBJ)
    yield from (k for k in kids if dep[k] in _CLAUSE)
    reporting = lexicon().reporting
    for anc, lemma in ancestors:
        if lemma in reporting:
            break
        yield anc.i
        kids = children(anc.i)
        yield from (k for k in kids if dep[k] in _SUBJECT)
        yield from (p for k in kids if dep[k] == _PREP and doc[k].lower in _NEAR_PREPS
                    for p in children(k) if dep[p] == _POBJ and p not in range(span.start, span.end))


def _metric(facts: DocFacts, root: Token, span: Span, avoid: tuple[int, int],
            ancestors: list[tuple[Token, str]]) -> tuple[Optional[str], Optional[Token]]:
    """``ancestors``: the first four heads above the root. The root (if a noun) and the
    nearby tokens are read one at a time: the first that names a metric settles it, the
    rest need not be read; a token is made only if its words may name a metric."""
    tree = facts.tree(root.doc)
    if facts.may_name_metric(root.i) and root.pos_ == "NOUN" and not avoid[0] <= root.idx < avoid[1]:
        metric = _metric_of(root, tree)
        if metric:
            return metric, root
    doc = root.doc
    for i in _near(root, span, ancestors, tree):
        if span.start <= i < span.end or not facts.may_name_metric(i):
            continue
        tok = doc[i]
        if avoid[0] <= tok.idx < avoid[1]:
            continue
        metric = _metric_of(tok, tree)
        if metric:
            return metric, tok
    best = None
    for i, idx, metric in facts.metric_tokens(facts.sent(root.i)):
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


def _phrase(tok: Token, tree: Tree) -> tuple[int, int]:
    """The character extent of a subject or source phrase (its subtree, if short)."""
    doc, i = tok.doc, tok.i
    sub = tree.subtree(i)
    if len(sub) > 7:
        sub = [k for k in sub if tree.dep[k] in _PHRASE_PART or k == i]
    toks = [k for k in sub if tree.dep[k] != _DET and not doc[k].is_punct] or [i]
    last = doc[toks[-1]]
    return doc[toks[0]].idx, last.idx + len(last.text)


def _source(inp: StageInput, facts: DocFacts, root: Token, c: Candidate,
            ancestors: list[tuple[Token, str]]) -> Optional[ActorRef]:
    """``ancestors``: the first six heads above the root."""
    text = facts.text
    doc = root.doc
    tree = facts.tree(doc)
    reporting = lexicon().reporting
    for anc, lemma in ancestors:
        if lemma in reporting and anc.pos_ in ("VERB", "AUX"):
            subj = [k for k in tree.children(anc.i) if tree.dep[k] in _SUBJECT]
            if subj:
                first = doc[subj[0]]
                if not (first.idx <= root.idx < first.idx + len(first.text) + 200
                        and root.i in tree.subtree(subj[0])):  # root in first.subtree
                    s, e = _phrase(first, tree)
                    return _actor_ref(inp, s, e, text[s:e])
    for quote in inp.quotes:
        content = quote.content
        if content.start <= c.start and c.end <= content.end and quote.speaker is not None:
            return quote.speaker
    for i in facts.according(facts.sent(root.i)):  # tokens written "according"
        for to in tree.children(i):
            if doc[to].lower == _TO:
                for pobj in tree.children(to):
                    if tree.dep[pobj] == _POBJ:
                        s, e = _phrase(doc[pobj], tree)
                        return _actor_ref(inp, s, e, text[s:e])
    return None


def _country_mentions(inp: StageInput, facts: DocFacts, start: int, end: int,
                      skip: Iterable[tuple[int, int]]) -> list[str]:
    skip = list(skip)
    key = (start, end, tuple(skip))
    if key not in facts.countries:
        facts.countries[key] = _find_country_mentions(inp, facts, start, end, skip)
    return list(facts.countries[key])


_position = operator.itemgetter(0)


def _find_country_mentions(inp: StageInput, facts: DocFacts, start: int, end: int,
                           skip: list[tuple[int, int]]) -> list[str]:
    mentions = facts.actor_countries(inp)  # by position: the window's are one stretch
    found = [(pos, code) for pos, code in
             mentions[bisect.bisect_left(mentions, start, key=_position):
                      bisect.bisect_left(mentions, end, key=_position)]
             if not any(a <= pos < b for a, b in skip)]
    if not found:
        found = [(pos, code) for pos, code in facts.named_countries(start, end)
                 if not any(a <= pos < b for a, b in skip)]
    out: list[str] = []
    for _, code in sorted(found):
        if code not in out:
            out.append(code)
    return out


def _subjects(inp: StageInput, facts: DocFacts, root: Token, metric_tok: Optional[Token],
              skip: list[tuple[int, int]]) -> list[str]:
    if metric_tok is not None:
        doc = metric_tok.doc
        sub = facts.tree(doc).subtree(metric_tok.i)
        if len(sub) > 1:
            last = doc[sub[-1]]
            s, e = doc[sub[0]].idx, last.idx + len(last.text)
            codes = _country_mentions(inp, facts, s, e, skip)
            if codes:
                return codes
    sent = facts.sent(root.i)
    return _country_mentions(inp, facts, sent.start_char, sent.end_char, skip)


def _period(inp: StageInput, c: Candidate, sent: Span) -> Optional[str]:
    best: Optional[tuple[int, str]] = None
    first, last = sent.start_char, sent.end_char  # (spaCy works them out on each read)
    for t in inp.timexes:
        if t.start < first or t.end > last or not t.value:
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
    sent = facts.sent(root.i)
    ancestors = _ancestors(root, facts.tree(root.doc), 6)  # all the claims walk up, at most
    source = _source(inp, facts, root, c, ancestors)
    skip = [(source.start, source.end)] if source and source.start is not None else []
    metric, metric_tok = _metric(facts, root, span, skip[0] if skip else (0, 0), ancestors[:4])
    subjects = _subjects(inp, facts, root, metric_tok, skip)
    if metric is None and before and c.kind in ("percent", "money"):
        prev = before[-1]
        prev_sent = inp.doc.char_span(prev.start, prev.end, alignment_mode="expand")
        if prev_sent is not None and sent.start - facts.sent(prev_sent.start).end <= 1 and prev.metric:
            metric = prev.metric
            subjects = subjects or list(prev.subjects)
    elif metric and not subjects and before and before[-1].metric == metric:
        subjects = list(before[-1].subjects)
    return {
        "change": _change(root, span, ancestors[:3]),
        "metric": metric,
        "subjects": subjects,
        "period": _period(inp, c, sent),
        "source": source,
    }

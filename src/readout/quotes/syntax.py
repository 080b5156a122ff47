"""Character-offset lookups over the parse and the grammar helpers every pass uses."""
from __future__ import annotations

import array
import bisect
import functools
import operator
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

import numpy as np
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from readout.dependencies import children_index
from readout.model import Actor
from readout.quotes.lexicon import ALL_MARKS, SUBJECT_DEPS, lexicon
from readout.quotes.marks import Marks

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
        return min(self.segments)[0]  # (the smallest start)

    @property
    def end(self) -> int:
        return max(map(operator.itemgetter(1), self.segments))


# the token attributes the passes read, in the groups they are read together (``to_array``
# costs per column and per call: a group is fetched once, when first needed). Every document
# needs its offsets and words; the links and the tree are needed together, or not at all.
OFFSETS = ("IDX", "SENT_START", "LENGTH")
WORDS = ("LEMMA", "LOWER")
LINKS = ("DEP", "POS")
TREE = ("IS_PUNCT", "HEAD")
_FETCHED_WITH = {OFFSETS: (OFFSETS, WORDS), WORDS: (OFFSETS, WORDS), LINKS: (LINKS, TREE), TREE: (LINKS, TREE)}


def _column(values: np.ndarray) -> Sequence[int]:
    """A column of the parse as a compact sequence of ints: a copy of its bytes, where a list
    would make (and later free) an int object per token while only a few are ever read
    (a short column is a list: there the copy's fixed cost is the larger)."""
    if len(values) < 64:
        return values.tolist()
    return array.array("Q" if values.dtype == np.uint64 else "q", np.ascontiguousarray(values).tobytes())


class _lazy:
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    read, a cost each document pays once per column)."""

    def __init__(self, func: Callable[[Any], Any]):
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Parse:
    """Character-offset lookups over a spaCy Doc."""

    def __init__(self, doc: Doc, marks: list[Marks], text: Optional[str] = None):
        self.doc = doc
        self.text = doc.text if text is None else text
        n = len(doc)
        self._groups: dict[tuple[str, ...], np.ndarray] = {}
        offsets = self._group(OFFSETS)
        self.starts = _column(offsets[:, 0])
        self.ends = _column(offsets[:, 0] + offsets[:, 2])  # ``doc[i].idx + len(doc[i])``
        sent_first = (offsets[:, 1] == 1).nonzero()[0].tolist()
        if not sent_first or sent_first[0] != 0:
            sent_first.insert(0, 0)
        self.sent_bounds = list(zip(sent_first, sent_first[1:] + [n]))
        self.sent_starts = [self.starts[a] if a < len(self.starts) else 0 for a, _ in self.sent_bounds]
        segs = sorted(seg for m in marks for seg in m.segments)
        self.mark_starts = [s for s, _ in segs]
        self.mark_segs = segs
        self._written: dict[str, list[int]] = {}
        self._datelines: dict[int, int] = {}
        self._speech_links: dict[frozenset[str], list[int]] = {}
        self._lemma_strings: dict[int, str] = {}

    def _group(self, names: tuple[str, ...]) -> np.ndarray:
        """The ``to_array`` columns ``names`` (fetched once per document, in one call with the
        groups fetched with them)."""
        found = self._groups.get(names)
        if found is None:
            doc = self.doc
            groups = _FETCHED_WITH.get(names, (names,))
            columns = [c for group in groups for c in group]
            array = doc.to_array(columns) if len(doc) else np.zeros((0, len(columns)), dtype=np.uint64)
            k = 0
            for group in groups:
                self._groups[group] = array[:, k:k + len(group)]
                k += len(group)
            found = self._groups[names]
        return found

    def dateline_end(self, start: int) -> int:
        """``dateline_end(self.text, start)`` (remembered: each quote asks for its paragraph's)."""
        found = self._datelines.get(start)
        if found is None:
            found = self._datelines[start] = dateline_end(self.text, start)
        return found

    def sentence_tokens_written(self, char: int, lower: str) -> list[int]:
        """Indices of the tokens written ``lower`` (any case) in the sentence holding ``char``."""
        if lower not in self._written:
            ids = self._group(WORDS)[:, 1]
            self._written[lower] = (ids == self.doc.vocab.strings[lower]).nonzero()[0].tolist()
        found = self._written[lower]
        a, b = self.sent_bounds[self.sentence_index(char)]
        return found[bisect.bisect_left(found, a):bisect.bisect_left(found, b)]

    def word_count(self, start: int, end: int) -> int:
        """How many tokens of ``tokens(start, end)`` are not punctuation."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        if j <= i:
            return 0
        return j - i - sum(self.punct[i:j])  # (``punct`` is 1 or 0)

    @_lazy
    def verb_links(self) -> list[int]:
        """Indices of the VERB tokens attached as conj or advcl, in order."""
        strings = self.doc.vocab.strings
        deps, pos = self._group(LINKS)[:, 0], self._group(LINKS)[:, 1]
        links = ((deps == strings["conj"]) | (deps == strings["advcl"])) & (pos == strings["VERB"])
        return links.nonzero()[0].tolist()

    def verb_link_between(self, start: int, end: int) -> bool:
        """Whether a token in ``start:end`` is a VERB attached as conj or advcl."""
        links = self.verb_links
        k = bisect.bisect_left(links, start)
        return k < len(links) and links[k] < end

    def verb_link_under(self, head: int, last: int, end: int) -> bool:
        """Whether a VERB attached as conj or advcl among tokens ``head + 1 .. last`` starts
        before character ``end`` and hangs (however deep) from token ``head``."""
        links, heads, starts = self.verb_links, self.heads, self.starts
        for k in links[bisect.bisect_right(links, head):bisect.bisect_right(links, last)]:
            if starts[k] >= end:
                break  # the rest start later still
            if self._descends(k, head):
                return True
        return False

    @_lazy
    def lemmas(self) -> Sequence[int]:
        """The string id of ``doc[i].lemma_`` of every token."""
        return _column(self._group(WORDS)[:, 0])

    def lower(self, i: int) -> str:
        """``doc[i].lower_`` (from the lower column)."""
        return self.doc.vocab.strings[self.lowers[i]]

    def lemma(self, i: int) -> str:
        """``doc[i].lemma_.lower()`` (from the lemma column)."""
        key = self.lemmas[i]
        found = self._lemma_strings.get(key)
        if found is None:
            found = self._lemma_strings[key] = self.doc.vocab.strings[key].lower()
        return found

    def speech_links(self, cues: frozenset[str]) -> list[int]:
        """``verb_links`` whose lemma (lower-cased) is one of ``cues``: the second speech acts
        ``cut_speech_tail`` may cut before."""
        found = self._speech_links.get(cues)
        if found is None:
            found = [k for k in self.verb_links if self.lemma(k) in cues]
            self._speech_links[cues] = found
        return found

    def speech_link_under(self, head: int, end: int, cues: frozenset[str]) -> bool:
        """Whether one of ``speech_links(cues)`` after token ``head`` starts before character
        ``end`` and hangs (however deep) from ``head``."""
        links, starts = self.speech_links(cues), self.starts
        for k in links[bisect.bisect_right(links, head):]:
            if starts[k] >= end:
                break  # the rest start later still
            if self._descends(k, head):
                return True
        return False

    def descends(self, node: int, ancestor: int) -> bool:
        """Whether token ``node`` hangs (however deep) from token ``ancestor``."""
        return self._descends(node, ancestor)

    def _descends(self, node: int, ancestor: int) -> bool:
        """Whether token ``node`` hangs (however deep) from token ``ancestor``."""
        heads = self.heads
        for _ in range(len(heads)):  # a walk up to the root (bounded: a bad tree may loop)
            parent = heads[node]
            if parent == ancestor:
                return True
            if parent == node:
                return False
            node = parent
        return False

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens that start in ``start:end`` (a list: a Span at the end of the document
        joins the whole text again to find where it starts)."""
        doc = self.doc
        return [doc[i] for i in self.token_range(start, end)]

    def token_range(self, start: int, end: int) -> range:
        """The indices of ``tokens(start, end)`` (no Span, no Token objects)."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))

    @_lazy
    def punct(self) -> Sequence[int]:
        """``doc[i].is_punct`` of every token (1 or 0)."""
        return _column(self._group(TREE)[:, 0])

    @_lazy
    def _tree(self) -> tuple[np.ndarray, Sequence[int], Sequence[int]]:
        """``children_index`` of the document: heads as an array, and the children of every
        token with where each token's run starts in them (no Token per child)."""
        heads, order, starts = children_index(self._group(TREE)[:, 1])
        return heads, _column(order), _column(starts)

    @_lazy
    def heads(self) -> Sequence[int]:
        """``doc[i].head.i`` of every token."""
        return _column(self._tree[0])

    def children(self, i: int) -> list[int]:
        """``[c.i for c in doc[i].children]``: the tokens hanging from token ``i``, in order."""
        _, order, starts = self._tree
        return list(order[starts[i]:starts[i + 1]])

    @_lazy
    def deps(self) -> Sequence[int]:
        """The string id of ``doc[i].dep_`` of every token."""
        return _column(self._group(LINKS)[:, 0])

    @_lazy
    def pos(self) -> Sequence[int]:
        """The string id of ``doc[i].pos_`` of every token."""
        return _column(self._group(LINKS)[:, 1])

    @_lazy
    def lowers(self) -> Sequence[int]:
        """The string id of ``doc[i].lower_`` of every token."""
        return _column(self._group(WORDS)[:, 1])

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def sentence_bounds(self, char: int) -> tuple[int, int]:
        """The token range (start, end) of the sentence holding ``char`` (no Span made)."""
        return self.sent_bounds[self.sentence_index(char)]

    def sentence_chars(self, char: int) -> tuple[int, int]:
        """The character range of the sentence holding ``char`` (a sentence Span's
        ``start_char`` and ``end_char``)."""
        a, b = self.sentence_bounds(char)
        return self.starts[a], self.ends[b - 1]

    def candidates(self, lemmas: frozenset[str], words: frozenset[str]) -> list[int]:
        """Indices of tokens whose lemma is in ``lemmas`` or lower form in ``words``."""
        if not len(self.doc):
            return []
        arr = self._group(WORDS)
        hit = _among(arr[:, 0], _string_ids(lemmas)) | _among(arr[:, 1], _string_ids(words))
        return hit.nonzero()[0].tolist()

    def quoted(self, char: int) -> bool:
        """Whether ``char`` lies inside any quotation."""
        k = bisect.bisect_right(self.mark_starts, char) - 1
        return k >= 0 and self.mark_segs[k][0] <= char < self.mark_segs[k][1]


@functools.lru_cache(maxsize=16)
def _string_ids(words: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
    """The sorted StringStore ids of ``words`` (the same in every vocabulary), and the same
    with the first id again at the end (where a value above them all is looked up)."""
    ids = StringStore()
    found = np.array(sorted({ids[w] for w in words}), dtype=np.uint64)
    return found, np.append(found, found[:1])


def _among(values: np.ndarray, ids: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Which of ``values`` are in the ids ``_string_ids`` gives."""
    found, lookup = ids
    if not len(found):
        return np.zeros(len(values), dtype=bool)
    return lookup[found.searchsorted(values)] == values


# the ids of the labels, tags and words the passes compare with the parse's columns (the ids
# of strings are their hashes, the same in every vocabulary); the sets several passes read
_IDS = StringStore()
_SUBJECTS = frozenset(_IDS[d] for d in SUBJECT_DEPS)
_OBJECTS = frozenset(_IDS[d] for d in ("dobj", "dative", "obj"))
_PREP_OBJECTS = frozenset(_IDS[d] for d in ("pobj", "pcomp"))
_FOR_ON = frozenset(_IDS[w] for w in ("for", "on"))
_COMPOUND, _FLAT, _PRT = _IDS["compound"], _IDS["flat"], _IDS["prt"]
_ACCORDING, _TO = _IDS["according"], _IDS["to"]


def token_span(tok: Token, parse: Parse) -> tuple[int, int]:
    return (parse.starts[tok.i], parse.ends[tok.i])


def phrase_span(tok: Token, parse: Parse) -> tuple[int, int]:
    """A compact noun phrase around its head: pre-modifiers and the head, plus flat names."""
    i = tok.i
    starts, punct, deps, heads = parse.starts, parse.punct, parse.deps, parse.heads
    start = tok.left_edge.i
    while start < i and (parse.quoted(starts[start]) or punct[start]):
        start += 1
    end = i
    while end + 1 < len(starts) and deps[end + 1] in (_COMPOUND, _FLAT) and heads[end + 1] == i:
        end += 1
    if tok.dep_ == "poss" or tok.tag_ == "POS":
        end = i
    s, e = starts[start], parse.ends[end]
    cut = parse.text.rfind("\n", s, starts[i])
    if cut >= 0:  # "11:15 a.m.\n\nHillary Clinton": the phrase stays in the head's paragraph
        s = cut + 1
        while s < starts[i] and parse.text[s].isspace():
            s += 1
    return (s, e)


_RELATIVES = frozenset(_IDS[w] for w in ("who", "which", "that"))
_INVERTED = frozenset(_IDS[d] for d in ("dobj", "attr", "npadvmod", "dep", "appos"))
_RAISED = frozenset(_IDS[d] for d in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep"))
_TO_LINKS = frozenset(_IDS[d] for d in ("prep", "dative"))
_NOMINALS = frozenset(_IDS[p] for p in ("PROPN", "NOUN", "PRON"))
_NAME_LINKS = frozenset(_IDS[d] for d in ("compound", "flat", "appos"))
_RELCL, _ACL, _ACOMP, _POBJ = _IDS["relcl"], _IDS["acl"], _IDS["acomp"], _IDS["pobj"]
_PROPN, _THE = _IDS["PROPN"], _IDS["the"]


def subject_of(verb: Token, parse: Parse) -> Optional[Token]:
    """The grammatical subject of a cue verb, following participles and relative clauses."""
    found = _subject_index(verb.i, parse, 0)
    return None if found is None else parse.doc[found]


def _subject_index(i: int, parse: Parse, depth: int) -> Optional[int]:
    """``subject_of`` token ``i``, as a token index (read from the parse's columns)."""
    deps, heads = parse.deps, parse.heads
    kids = parse.children(i)
    for c in kids:
        if deps[c] in _SUBJECTS:
            if parse.lowers[c] in _RELATIVES and deps[i] == _RELCL:
                return heads[i]
            return c
    if depth == 0:  # inverted: "…,” said Smith
        for c in kids:
            if c > i and deps[c] in _INVERTED and parse.pos[c] == _PROPN:
                return c
    if depth >= 4:  # (a root is its own head: the depth bounds the walk up)
        return None
    head = heads[i]
    if deps[i] == _RELCL:
        return head
    if deps[i] == _ACL and parse.pos[head] in _NOMINALS:
        return head
    if deps[i] in _RAISED or deps[i] == _ACOMP and depth > 0:  # "voters are more likely to say …"
        return _subject_index(head, parse, depth + 1)
    return None


def addressee_of(verb: Token, lex: dict[str, frozenset[str]], parse: Parse) -> Optional[Token]:
    """Who is spoken to: the object of "told", or "to X" after "said"."""
    deps, pos, lowers = parse.deps, parse.pos, parse.lowers
    lemma = verb.lemma_
    told = lemma in lex["addressee_verbs"]
    for c in parse.children(verb.i):
        if told and deps[c] in _OBJECTS and pos[c] in _NOMINALS:
            return parse.doc[c]
        if deps[c] in _TO_LINKS and lowers[c] == _TO and lemma != "accord":
            objs = [g for g in parse.children(c) if deps[g] == _POBJ]
            if objs and pos[objs[0]] in _NOMINALS:
                return parse.doc[objs[0]]
    return None


def cue_span(verb: Token, parse: Parse) -> tuple[int, int]:
    """The cue verb, with its particle ("pointed out") or "according to".

    (Only the token right after the verb can join it: the arrays answer without its children.)"""
    i = verb.i
    k = i + 1
    end = parse.ends[i]
    if k < len(parse.starts) and parse.heads[k] == i and (
            parse.deps[k] == _PRT or parse.lowers[i] == _ACCORDING and parse.lowers[k] == _TO):
        end = parse.ends[k]
    return (parse.starts[i], end)


@functools.lru_cache(maxsize=1)
def _default_tail_cues() -> frozenset[str]:
    lex = lexicon()
    return lex["speech_verbs"] | lex["object_verbs"]


def tail_cues(lex: dict[str, frozenset[str]]) -> frozenset[str]:
    """The verbs that make a speech act of their own in ``cut_speech_tail``."""
    if lex is lexicon():
        return _default_tail_cues()
    return lex["speech_verbs"] | lex["object_verbs"]


_DANGLING = re.compile(r"[\s,]+(?:and|but|or)$")


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without outer whitespace and trailing commas/colons/dashes."""
    while start < end and (text[start].isspace() or text[start] in ",;:\u2014-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2014-"):
        end -= 1
    m = _DANGLING.search(text[max(start, end - 8):end])
    if m is not None and end - start > 12:  # "… was safe and" (the next clause went elsewhere)
        return trimmed(text, start, end - (len(m.group()) ))
    return start, end


_KEPT_PUNCT = ALL_MARKS + "\u2019"  # (closing marks stay at the end of a subtree's span)


def subtree_span(tok: Token, sent: tuple[int, int], parse: Parse) -> tuple[int, int]:
    """The characters of ``tok``'s subtree within the sentence of token range ``sent``,
    without trailing punctuation other than quotation marks."""
    left = max(tok.left_edge.i, sent[0])
    right = min(tok.right_edge.i, sent[1] - 1)
    punct, doc = parse.punct, parse.doc
    while right > left and punct[right] and doc[right].text not in _KEPT_PUNCT:
        right -= 1
    return (parse.starts[left], parse.ends[right])


def is_anaphor(tok: Token, lex: dict[str, frozenset[str]], parse: Parse) -> bool:
    """A pronoun, or "the" + a title noun ("the minister"), that refers back to someone."""
    low = tok.lower_
    if low in lex["pronoun_person"] or low in lex["pronoun_group"]:
        return True
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in lex["title_nouns"] \
            and low not in lex["title_nouns"]:
        return False
    kids, deps, pos = parse.children(tok.i), parse.deps, parse.pos
    return any(parse.lowers[c] == _THE for c in kids) and not any(
        deps[c] in _NAME_LINKS and pos[c] == _PROPN for c in kids)


def dateline_end(text: str, start: int) -> int:
    """Where a dateline opening the paragraph at ``start`` ends ("KYIV, May 30 (X) – "), else ``start``.

    Uses the extract stage's dateline patterns; only the first paragraphs carry datelines.
    """
    if start > 0 and text[start - 1] != "\n" or start > 3000 or _lines_before(text, start) > 1:
        return start  # datelines open the first or second paragraph only
    try:
        from readout.extract import dateline_patterns

        regexes = dateline_patterns()[0]
    except Exception:  # the extract stage's data must not break quotes
        return start
    head = text[start:start + 160]
    for regex in regexes:
        m = regex.match(head)
        if m is not None and m.end() < len(head):
            end = start + m.end()
            while end < len(text) and text[end] in " \t\u00a0":
                end += 1
            return end
    return start


_WRITTEN_LINE = re.compile(r"\S[^\n]*")


def _lines_before(text: str, start: int) -> int:
    """How many lines before ``start`` hold writing, counted up to two (the rest of the text
    is not read: the callers only ask whether there is more than one)."""
    count = 0
    for _ in _WRITTEN_LINE.finditer(text, 0, start):
        count += 1
        if count > 1:
            break
    return count


_WHEN = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|year|month|"
         r"night|morning|evening|afternoon|today|yesterday|tonight)s?")
_CIRCUMSTANCE = re.compile(
    r"(?:,?\s+(?:(?:on|last|this|early|late|earlier|later|next)\s+)?" + _WHEN
    + r"|,?\s+(?:in|during|at) an? (?:statement|interview|speech|tweet|letter|post|press "
      r"conference|news conference|hearing|rally|debate|op-ed)(?: [^,.;:\n]{0,40})?)\s*$")


def trim_circumstance(text: str, start: int, end: int) -> int:
    """``end`` before trailing time and occasion phrases ("… on Thursday", "… in a statement"),
    which say when or where something was said, not what."""
    for _ in range(3):
        m = _CIRCUMSTANCE.search(text, start, end)
        if m is None or m.start() - start < 8:
            break
        end = m.start()
    return end


def cut_speech_tail(head: Token, end: int, lex: dict[str, frozenset[str]],
                    parse: Optional[Parse] = None) -> int:
    """``end`` cut before a second speech act the parser hung inside ``head``'s phrase
    ("said that A and warned B", "said A, arguing B": B is not part of what was said).
    A bare or to-infinitive ("met the envoy to ask …", "will raise taxes and cut …") stays:
    on PolNeAR train such tails were part of the reported clause far more often than not."""
    cues = tail_cues(lex)
    # (a second speech act is a speech link hanging from the head: without one there is
    # nothing to cut, and the subtree need not be read)
    if parse is not None and not (parse.speech_link_under(head.i, end, cues)
                                  and parse.verb_link_under(head.i, head.right_edge.i, end)):
        return end  # no conj/advcl verb after the head, before ``end``, in its subtree
    for tok in head.subtree:
        if tok.i <= head.i or tok.idx >= end:
            continue
        if tok.dep_ in ("conj", "advcl") and tok.pos_ == "VERB" and tok.lemma_.lower() in cues \
                and tok.tag_ != "VB" and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            first = tok.left_edge
            doc = tok.doc
            k = first.i
            while k > head.i and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                k -= 1
            last = doc[k - 1]
            return min(end, last.idx + len(last.text))
    return end


_LEADING = re.compile(
    r"(?:(?:on|last|this|early|late|earlier|later)\s+" + _WHEN
    + r"|in an? (?:statement|interview|speech|tweet|letter|post|press conference|news conference)"
      r"(?: (?:on|to|with) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})?)\s*,?\s+(?=\S)")


def skip_circumstance(text: str, start: int, end: int) -> int:
    """``start`` after a leading "on Tuesday" / "in a statement" that the parser put into
    the reported clause ("said on Tuesday she expected …")."""
    m = _LEADING.match(text, start, end)
    return m.end() if m is not None and end - m.end() > 8 else start

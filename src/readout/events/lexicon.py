"""The verb and noun lexicon: entries kept as data, matched on spaCy lemmas and the parse.

An entry names a lemma and, optionally, a particle, an object head phrase and prepositional
phrases that must be present around the trigger. The most specific matching entry wins;
at equal specificity user entries beat team entries, which beat the converted MIT ones.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.tokens import Token

ORIGIN_RANK = {"mit": 0, "team": 1, "user": 2}
ORIGIN_PREFIX = {"mit": "mit", "team": "lexicon", "user": "user"}
# "a series of agreements" → agreements: nouns that only count or group their "of" object
GROUP_NOUNS = frozenset({
    "series", "number", "flurry", "set", "range", "couple", "pair", "lot", "wave", "host",
    "raft", "package", "round", "string", "spate", "batch", "slew", "bunch", "new", "barrage",
    "volley", "torrent", "stream", "kind", "type", "form", "sort", "variety", "dozen",
    # amounts and parts: "25,000 tons of food aid", "part of a programme", "a team of inspectors"
    "ton", "tonne", "kg", "kilogram", "kilo", "shipment", "consignment", "amount", "quantity",
    "day", "week", "month", "hour", "part", "half", "third", "quarter", "majority", "rest",
    "ten", "hundred", "thousand", "million", "mission", "team", "contingent", "convoy",
})

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    lemma: str
    kind: str  # verb | noun | light
    particle: str
    objects: tuple[Phrase, ...]  # alternatives; empty: no object constraint
    preps: tuple[tuple[frozenset[str], tuple[Phrase, ...]], ...]
    code: str
    origin: str
    note: str = ""

    @functools.cached_property
    def specificity(self) -> int:  # read for every candidate verb: computed once per entry
        n = 1 if self.particle else 0
        if self.objects:
            n += 1 + max(len(p) for p in self.objects) // 2
        for _, phrases in self.preps:
            n += 1 + (1 if phrases else 0)
        return n


@dataclass(frozen=True)
class Match:
    entry: Entry
    trigger: Token
    object: Optional[Token]  # the object token the entry matched, if any
    words: tuple[str, ...]  # what matched, for the rule name

    @property
    def rule(self) -> str:
        return ORIGIN_PREFIX.get(self.entry.origin, self.entry.origin) + ":" + "+".join(self.words)


def _phrases(cell: str) -> tuple[Phrase, ...]:
    return tuple(tuple(p.split()) for p in cell.split("|") if p.strip())


def _entry(cells: list[str], origin: str) -> Optional[Entry]:
    cells = [c.strip() for c in cells] + [""] * (8 - len(cells))
    lemma, kind, particle, obj, preps, code = cells[:6]
    if not lemma or not code:
        return None
    prep_items = []
    for item in filter(None, preps.split(";")):
        prep, _, phrase = item.partition(":")
        prep_items.append((frozenset(prep.split("|")), _phrases(phrase)))
    note = cells[7] if origin != "user" else cells[6]
    return Entry(lemma=lemma.lower(), kind=kind or "verb", particle=particle.lower(),
                 objects=_phrases(obj.lower()), preps=tuple(prep_items), code=code,
                 origin=origin, note=note)


def _read_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[Entry, ...]:
    text = resources.files("readout").joinpath("data", "events", "lexicon.tsv").read_text(encoding="utf-8")
    rows = _read_rows(text)[1:]  # header
    out = []
    for cells in rows:
        origin = cells[6] if len(cells) > 6 else "mit"
        entry = _entry(cells[:6] + ["", cells[7] if len(cells) > 7 else ""], origin)
        if entry:
            out.append(entry)
    return tuple(out)


def read_user_entries(path: Path) -> list[Entry]:
    """Entries from a user file: lemma, kind, particle, object, preps, code[, note] (TSV)."""
    rows = _read_rows(Path(path).read_text(encoding="utf-8"))
    return [e for e in (_entry(cells, "user") for cells in rows) if e and e.lemma != "lemma"]


@functools.lru_cache(maxsize=8)
def lexicon(user_files: tuple[Path, ...] = ()) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """(kind, lemma) → entries, the built-in lexicon plus the user files."""
    entries: list[Entry] = list(_builtin())
    for path in user_files:
        entries.extend(read_user_entries(path))
    index: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        index.setdefault((e.kind, e.lemma), []).append(e)
    return {k: tuple(v) for k, v in index.items()}


@functools.lru_cache(maxsize=8)
def _lemmas(user_files: tuple[Path, ...], kind: str) -> frozenset[str]:
    """Every lemma with an entry of ``kind``: most tokens have none and are turned away here."""
    return frozenset(lemma for k, lemma in lexicon(user_files) if k == kind)


# a candidate entry with its rank (-specificity, -origin rank, position in the file): entries
# are checked in rank order and the first that matches is the best one
Rank = tuple[int, int, int]
Candidate = tuple[Rank, Entry]
Bucket = tuple[tuple[Candidate, ...], dict[str, tuple[Candidate, ...]]]


def _rank(i: int, e: Entry) -> Rank:
    return (-e.specificity, -ORIGIN_RANK.get(e.origin, 0), i)


@functools.lru_cache(maxsize=65536)
def _bucket(user_files: tuple[Path, ...], kind: str, lemma: str) -> Optional[Bucket]:
    """The entries of (kind, lemma) split into entries without an object and entries by object
    head word (and its singulars), so only entries whose object is there are checked; each
    list in rank order. Built on first use: most lemmas never occur."""
    entries = lexicon(user_files).get((kind, lemma))
    if not entries:
        return None
    plain = sorted((_rank(i, e), e) for i, e in enumerate(entries) if not e.objects)
    by_head: dict[str, list[Candidate]] = {}
    for i, e in enumerate(entries):  # the position keeps file order among equal entries
        heads = {w for p in e.objects for w in _singulars(p[-1]) | {p[-1]}}
        for w in heads:
            by_head.setdefault(w, []).append((_rank(i, e), e))
    return tuple(plain), {w: tuple(v) for w, v in by_head.items()}


def forms(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


@functools.lru_cache(maxsize=65536)
def _singulars(word: str) -> frozenset[str]:
    return frozenset(_singular_forms(word))


def _singular_forms(word: str) -> set[str]:
    out = {word}
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s"):
        out.add(word[:-1])
    return out


def content_head(token: Token) -> Token:
    """'a series of agreements' → agreements; other tokens unchanged."""
    for _ in range(3):
        if token.lemma_.lower() not in GROUP_NOUNS:
            break
        pobj = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), None)
        if pobj is None:
            break
        token = pobj
    return token


def phrase_matches(phrase: Phrase, head: Token, cache: Optional[dict] = None) -> bool:
    """The phrase's last word is the head's lemma; the other words are among its modifiers."""
    if not phrase:
        return True
    head_forms = forms(head)
    if not head_forms & _singulars(phrase[-1]) and phrase[-1] not in head_forms:
        return False
    if len(phrase) == 1:
        return True
    mods = _modifiers(head, cache if cache is not None else {})
    return all(_singulars(w) & mods or w in mods for w in phrase[:-1])


def _modifiers(head: Token, cache: dict) -> set[str]:
    """The words before the head in its phrase and its children's (and grandchildren's) words."""
    key = ("mods", head.i)
    mods = cache.get(key)
    if mods is None:
        mods = set()
        for t in head.doc[head.left_edge.i: head.i]:
            mods |= forms(t)
        for c in head.children:
            mods |= forms(c)
            mods |= {g.lower_ for g in c.children}
        cache[key] = mods
    return mods


def _preps_of(tokens: Iterable[Token]) -> list[tuple[str, Optional[Token]]]:
    out = []
    for t in tokens:
        for c in t.children:
            if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP" or c.dep_ == "prt":
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                out.append((c.lower_, content_head(pobj) if pobj is not None else None))
    return out


def object_candidates(verb: Token) -> list[Token]:
    """Direct objects (through 'a series of'), passive subjects, and clausal complements."""
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd", "xcomp", "nsubjpass", "ccomp") or (
                c.dep_ == "dative" and c.pos_ != "ADP"):
            out.append(content_head(c))
            if c.dep_ == "xcomp":
                out.extend(content_head(g) for g in c.children if g.dep_ == "dobj")
    return out


def _cached_preps(token: Token, cache: dict) -> list[tuple[str, Optional[Token]]]:
    if token.i not in cache:
        cache[token.i] = _preps_of([token])
    return cache[token.i]


def _check(entry: Entry, verb: Token, particles: set[str], objects: list[tuple[Token, set[str]]],
           cache: dict) -> Optional[tuple[Optional[Token], list[str]]]:
    words = [entry.lemma]
    if entry.particle:
        if entry.particle not in particles:
            return None
        words.append(entry.particle)
    matched_obj: Optional[Token] = None
    if entry.objects:
        for obj, heads in objects:
            phrase = next((p for p in entry.objects if (heads & _singulars(p[-1]) or p[-1] in heads)
                           and phrase_matches(p, obj, cache)), None)
            if phrase is not None:
                matched_obj = obj
                words.append(phrase[-1])
                break
        else:
            return None
    # the verb's and the matched object's prepositions, not a phrase deeper inside the object
    preps = _cached_preps(verb, cache) + (_cached_preps(matched_obj, cache) if matched_obj is not None else [])
    for alts, phrases in entry.preps:
        hit = next((p for p in preps if p[0] in alts and (
            not phrases or (p[1] is not None and any(phrase_matches(ph, p[1], cache) for ph in phrases)))), None)
        if hit is None:
            return None
        words.append(hit[0] + (("+" + hit[1].lemma_.lower()) if phrases and hit[1] is not None else ""))
    return matched_obj, words


def lemma_candidates(token: Token, kind: str) -> Iterator[str]:
    """spaCy's lemma, then the word and simple suffix strips (its lemmatizer gives 'staged' → 'stag')."""
    word = token.lower_
    yield token.lemma_.lower()
    yield word
    if kind == "verb":
        for suffix, repl in (("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", "e"), ("s", "")):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                yield word[: -len(suffix)] + repl


def best_match(token: Token, kind: str, user_files: tuple[Path, ...] = ()) -> Optional[Match]:
    """The most specific entry of ``kind`` matching ``token`` (code '---' included)."""
    known = _lemmas(user_files, kind)
    entries = None
    for lemma in lemma_candidates(token, kind):
        if lemma in known:
            entries = _bucket(user_files, kind, lemma)
            if entries:
                break
    if not entries:
        return None
    particles: Optional[set[str]] = None  # read when an entry names a particle
    candidates = object_candidates(token) if kind != "noun" else [token]  # a noun's phrase: "hunger strike"
    objects = [(obj, forms(obj)) for obj in candidates]
    plain, by_head = entries
    pool: Iterable[Candidate] = plain
    extra = [c for _, words in objects for w in words for c in by_head.get(w, ())]
    if extra:
        pool = sorted(dict([*plain, *extra]).items())
    cache: dict = {}
    present: Optional[set[str]] = None  # every preposition an entry could match
    for _, entry in pool:  # in rank order: the first entry that matches is the best
        if entry.particle:
            if particles is None:
                particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent", "advmod")}
            if entry.particle not in particles:
                continue
        if entry.preps:
            if present is None:
                present = {p for t in [token, *candidates] for p, _ in _cached_preps(t, cache)}
            if any(present.isdisjoint(alts) for alts, _ in entry.preps):
                continue
        hit = _check(entry, token, particles or set(), objects, cache)
        if hit is not None:
            return Match(entry=entry, trigger=token, object=hit[0], words=tuple(hit[1]))
    return None

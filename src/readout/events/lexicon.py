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
from typing import Collection, Iterable, Iterator, Optional

from spacy.tokens import Token

from spacy.strings import get_string_id

from readout.events.table import TokenTable, Words, label_ids, pos_id, words

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

    @functools.cached_property
    def prep_words(self) -> tuple[str, ...]:
        """Every preposition the entry asks for, each alternative in sorted order: read for
        every event its entry triggers, computed once per entry."""
        return tuple(p for alts, _ in self.preps for p in sorted(alts))

    @functools.cached_property
    def object_forms(self) -> tuple[tuple[Phrase, frozenset[str]], ...]:
        """Each object phrase with the forms its head word may take (``_singulars``): read
        for every object candidate an entry is checked on, computed once per entry."""
        return tuple((p, _singulars(p[-1])) for p in self.objects)


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


@functools.lru_cache(maxsize=8)
def lemma_words(user_files: tuple[Path, ...], kind: str) -> Words:
    """Every lemma with an entry of ``kind``, to meet a token table's words."""
    return words(_lemmas(user_files, kind))


# a candidate entry with its rank (-specificity, -origin rank, position in the file): entries
# are checked in rank order and the first that matches is the best one
Rank = tuple[int, int, int]
Candidate = tuple[Rank, Entry]
# word sets that must each meet the words under a trigger for an entry to match
Needs = tuple[Words, ...]


@dataclass(frozen=True)
class Bucket:
    """The entries of one (kind, lemma), arranged for the search in ``best_match``.

    ``plain``: entries without an object, in rank order; ``by_head``: entries by object head
    word (and its singulars), so only entries whose object is there are checked; ``asking``:
    the entries that ask for a particle, an object or a preposition, in rank order;
    ``by_key``: positions in ``asking`` by the lemmas and by the word ids of the first word
    set each entry needs (an object head, else its particle, else a preposition), and
    ``more_needs``: the other word sets each needs; ``fallback``: the best entry
    that asks for nothing (it matches whenever no more specific entry does). An entry's
    words all lie under the trigger (its children, objects and their prepositions), so only
    entries whose words are there need to be tried."""

    plain: tuple[Candidate, ...]
    by_head: dict[str, tuple[Candidate, ...]]
    asking: tuple[Candidate, ...]
    more_needs: tuple[Needs, ...]
    by_key: dict[str | int, tuple[int, ...]]
    keys: Words  # the words of ``by_key``
    fallback: Optional[Entry]

    def possible(self, words_under: Collection[str | int]) -> list[Candidate]:
        """The entries asking for something whose words are all under the trigger, in rank
        order. ``words_under``: a ``Words``, or the list ``words_around`` gives (most verbs
        have none of their entries' words around them: no set is built for them)."""
        if self.keys.isdisjoint(words_under):  # most verbs: no set built
            return []
        keys = self.keys.intersection(words_under)
        by_key, asking, more_needs = self.by_key, self.asking, self.more_needs
        out = []
        for n in sorted({n for w in keys for n in by_key[w]}):
            for need in more_needs[n]:  # the first need is met: its key is there
                if need.isdisjoint(words_under):
                    break
            else:
                out.append(asking[n])
        return out


def _rank(i: int, e: Entry) -> Rank:
    return (-e.specificity, -ORIGIN_RANK.get(e.origin, 0), i)


def _needs(e: Entry) -> Needs:
    """The word sets ``e`` needs around its trigger (see ``words_around``): one form of one of
    its object heads, its particle, one of each preposition's alternatives and, when the
    preposition names its object, one form of one of those objects' heads."""
    out = [frozenset(w for p in e.objects for w in _singulars(p[-1]))] if e.objects else []
    out += [frozenset({e.particle})] if e.particle else []
    out += [alts for alts, _ in e.preps]
    out += [frozenset(w for p in phrases for w in _singulars(p[-1])) for _, phrases in e.preps if phrases]
    return tuple(words(forms) for forms in out)


@functools.lru_cache(maxsize=65536)
def _bucket(user_files: tuple[Path, ...], kind: str, lemma: str) -> Optional[Bucket]:
    """The entries of (kind, lemma) arranged for the search, or None; built on first use:
    most lemmas never occur."""
    entries = lexicon(user_files).get((kind, lemma))
    if not entries:
        return None
    ranked = [(_rank(i, e), e) for i, e in enumerate(entries)]  # the position keeps file order
    plain = sorted(c for c in ranked if not c[1].objects)
    by_head: dict[str, list[Candidate]] = {}
    for c in ranked:
        heads = {w for p in c[1].objects for w in _singulars(p[-1]) | {p[-1]}}
        for w in heads:
            by_head.setdefault(w, []).append(c)
    asking = tuple(c for c in sorted(ranked) if c[1].particle or c[1].objects or c[1].preps)
    needs = tuple(_needs(e) for _, e in asking)
    by_key: dict[str | int, list[int]] = {}
    for n, need in enumerate(needs):
        for w in need[0]:
            by_key.setdefault(w, []).append(n)
    fallback = next((e for _, e in plain if not (e.particle or e.preps)), None)
    return Bucket(plain=tuple(plain), by_head={w: tuple(v) for w, v in by_head.items()},
                  asking=asking, more_needs=tuple(need[1:] for need in needs), by_key={w: tuple(v) for w, v in by_key.items()},
                  keys=Words(by_key),
                  fallback=fallback)


@functools.lru_cache(maxsize=65536)
def find_bucket(lemma: str, word: str, kind: str, user_files: tuple[Path, ...] = ()) -> Optional[Bucket]:
    """The entries of the first candidate lemma (see ``lemma_candidates``) that has any, from
    the token's lower-case lemma and word: no spaCy token needed to turn most words away
    (cached: the same verbs come back in every article)."""
    known = _lemmas(user_files, kind)
    for candidate in _candidate_lemmas(lemma, word, kind):
        if candidate in known:
            bucket = _bucket(user_files, kind, candidate)
            if bucket is not None:
                return bucket
    return None


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
    return len(phrase) == 1 or _modified(phrase, head, cache if cache is not None else {})


def _modified(phrase: Phrase, head: Token, cache: dict) -> bool:
    """Are the phrase's words before its last among the head's modifiers?"""
    mods = _modifiers(head, cache)
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


# the labels ``object_candidates``, ``_search`` (particles) and ``_preps_of`` read, as table numbers
OBJECT_IDS = label_ids(("dobj", "attr", "oprd", "xcomp", "nsubjpass", "ccomp"))
XCOMP_ID, DOBJ_ID, PREP_ID, POBJ_ID, DATIVE_ID, PRT_ID = (
    next(iter(label_ids((n,)))) for n in ("xcomp", "dobj", "prep", "pobj", "dative", "prt"))
PARTICLE_IDS = label_ids(("prt", "prep", "agent", "advmod"))
PREP_IDS = label_ids(("prep", "agent", "dative", "prt"))
ADPOSITION_IDS = label_ids(("prep", "agent", "dative"))
PREP_OBJECT_IDS = label_ids(("pobj", "pcomp"))
OF_ID = get_string_id("of")
ADP_POS = pos_id("ADP")


def words_around(table: TokenTable, i: int, kind: str) -> list[str | int]:
    """The words an entry of ``kind`` can match around token ``i``: its object heads (as
    ``object_candidates`` finds them; a noun is its own), the trigger's particles, the
    prepositions of the trigger and of its objects with their objects' heads (as
    ``_preps_of`` reads them). A screen for ``Bucket.possible``, much tighter than the
    whole subtree (a root "say" spans its sentence): it may keep more words than ``_check``
    reads (any preposition, words of one kind meeting needs of another) but never fewer,
    so an entry it turns away could not match. In one list (some maybe twice), lemmas as
    strings and words as string ids, like a ``Words``. (Read for every verb with an entry:
    the children are sliced from the table's index here, not through a call per token.)"""
    deps, lower_ids, lemmas = table.deps, table.lower_ids, table.lemmas
    order, starts = table.order, table.starts
    objects = [i] if kind == "noun" else object_heads(table, i)
    words: list[str | int] = []
    for t in (objects if kind == "noun" else [i, *objects]):
        for c in order[starts[t]:starts[t + 1]]:
            dep = deps[c]
            if dep in PREP_IDS:
                words.append(lower_ids[c])
                for g in order[starts[c]:starts[c + 1]]:  # its object, as ``_preps_of`` takes it
                    if deps[g] in PREP_OBJECT_IDS:
                        head = g if lemmas[g] not in GROUP_NOUNS else content_head_at(table, g)
                        words += (lemmas[head], lower_ids[head])
                        break
            elif t == i and dep in PARTICLE_IDS:
                words.append(lower_ids[c])
    for head in objects:
        words += (lemmas[head], lower_ids[head])
    return words


def object_heads(table: TokenTable, verb: int) -> list[int]:
    """``object_candidates`` on the table."""
    out = []
    deps, pos, lemmas, order, starts = table.deps, table.pos, table.lemmas, table.order, table.starts
    for c in order[starts[verb]:starts[verb + 1]]:
        dep = deps[c]
        if dep in OBJECT_IDS or dep == DATIVE_ID and pos[c] != ADP_POS:
            out.append(c if lemmas[c] not in GROUP_NOUNS else content_head_at(table, c))
            if dep == XCOMP_ID:
                out.extend(content_head_at(table, g) for g in order[starts[c]:starts[c + 1]] if deps[g] == DOBJ_ID)
    return out


def content_head_at(table: TokenTable, i: int) -> int:
    """``content_head`` on the table: 'a series of agreements' → agreements."""
    if table.lemmas[i] not in GROUP_NOUNS:  # most tokens: no walk
        return i
    deps, kids = table.deps, table.children
    for _ in range(3):
        if table.lemmas[i] not in GROUP_NOUNS:
            break
        pobj = next((g for c in kids(i) if deps[c] == PREP_ID and table.lower_ids[c] == OF_ID
                     for g in kids(c) if deps[g] == POBJ_ID), None)
        if pobj is None:
            break
        i = pobj
    return i


def _preps_at(table: TokenTable, i: int) -> list[tuple[str, Optional[Token]]]:
    """``_preps_of([token i])`` on the table."""
    out = []
    deps, kids = table.deps, table.children
    for c in kids(i):
        if deps[c] in ADPOSITION_IDS and table.pos[c] == ADP_POS or deps[c] == PRT_ID:
            pobj = next((g for g in kids(c) if deps[g] in PREP_OBJECT_IDS), None)
            head = table.token(content_head_at(table, pobj)) if pobj is not None else None
            out.append((table.lower(c), head))
    return out


def _cached_preps(token: Token, cache: dict, table: Optional[TokenTable] = None) -> list[tuple[str, Optional[Token]]]:
    if token.i not in cache:
        cache[token.i] = _preps_at(table, token.i) if table is not None else _preps_of([token])
    return cache[token.i]


def _check(entry: Entry, verb: Token, particles: set[str], objects: list[tuple[Token, set[str]]],
           cache: dict, table: Optional[TokenTable] = None) -> Optional[tuple[Optional[Token], list[str]]]:
    words = [entry.lemma]
    if entry.particle:
        if entry.particle not in particles:
            return None
        words.append(entry.particle)
    matched_obj: Optional[Token] = None
    if entry.objects:
        for obj, heads in objects:  # ``heads``: the object's forms, so its head is checked here
            phrase = next((p for p, singulars in entry.object_forms if not heads.isdisjoint(singulars)
                           and (len(p) == 1 or _modified(p, obj, cache))), None)
            if phrase is not None:
                matched_obj = obj
                words.append(phrase[-1])
                break
        else:
            return None
    # the verb's and the matched object's prepositions, not a phrase deeper inside the object
    preps = _cached_preps(verb, cache, table) + (_cached_preps(matched_obj, cache, table) if matched_obj is not None else [])
    for alts, phrases in entry.preps:
        hit = next((p for p in preps if p[0] in alts and (
            not phrases or (p[1] is not None and any(phrase_matches(ph, p[1], cache) for ph in phrases)))), None)
        if hit is None:
            return None
        words.append(hit[0] + (("+" + hit[1].lemma_.lower()) if phrases and hit[1] is not None else ""))
    return matched_obj, words


def lemma_candidates(token: Token, kind: str) -> Iterator[str]:
    """spaCy's lemma, then the word and simple suffix strips (its lemmatizer gives 'staged' → 'stag')."""
    return _candidate_lemmas(token.lemma_.lower(), token.lower_, kind)


def _candidate_lemmas(lemma: str, word: str, kind: str) -> Iterator[str]:
    yield lemma
    yield word
    if kind == "verb":
        for suffix, repl in (("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", "e"), ("s", "")):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                yield word[: -len(suffix)] + repl


def best_match(token: Token, kind: str, user_files: tuple[Path, ...] = (),
               bucket: Optional[Bucket] = None, words_under: Optional[Collection[str | int]] = None,
               pool: Optional[list[Candidate]] = None, table: Optional[TokenTable] = None) -> Optional[Match]:
    """The most specific entry of ``kind`` matching ``token`` (code '---' included).

    ``bucket``: the token's entries when already looked up (``find_bucket``); ``words_under``:
    the lower-case lemmas and words around the token (``words_around``, or the looser
    ``TokenTable.words_under``), when known: only the entries whose words are there are
    tried, and when there are none the entry asking for nothing wins; ``pool``: those
    entries (``Bucket.possible``), when already found; ``table``: the document's token
    table, to read the parse around the token from."""
    entries = bucket or find_bucket(token.lemma_.lower(), token.lower_, kind, user_files)
    if entries is None:
        return None
    if pool is None and words_under is None:
        return _search(entries, token, kind)
    if pool is None:
        pool = entries.possible(words_under)
    if pool:
        m = _search(entries, token, kind, pool, table)
        if m is not None:
            return m
    entry = entries.fallback
    return Match(entry=entry, trigger=token, object=None, words=(entry.lemma,)) if entry else None


def _search(entries: Bucket, token: Token, kind: str, pool: Optional[Iterable[Candidate]] = None,
            table: Optional[TokenTable] = None) -> Optional[Match]:
    """The first entry in rank order whose particle, object and prepositions are there;
    ``pool``: the entries to try, in rank order (by default those the object heads allow);
    ``table``: the document's token table, when known (the parse is read from it)."""
    particles: Optional[set[str]] = None  # read when an entry names a particle
    cache: dict = {}
    if table is None:
        candidates = object_candidates(token) if kind != "noun" else [token]  # a noun's phrase: "hunger strike"
        objects = [(obj, forms(obj)) for obj in candidates]
    else:
        candidates, objects = _table_objects(table, token, kind)
    if pool is None:
        pool = entries.plain
        extra = [c for _, words in objects for w in words for c in entries.by_head.get(w, ())]
        if extra:
            pool = sorted(dict([*entries.plain, *extra]).items())
    present: Optional[set[str]] = None  # every preposition an entry could match
    for _, entry in pool:  # in rank order: the first entry that matches is the best
        if entry.particle:
            if particles is None:
                particles = _particles(token, table)
            if entry.particle not in particles:
                continue
        if entry.preps:
            if present is None:
                present = {p for t in [token, *candidates] for p, _ in _cached_preps(t, cache, table)}
            if any(present.isdisjoint(alts) for alts, _ in entry.preps):
                continue
        hit = _check(entry, token, particles or set(), objects, cache, table)
        if hit is not None:
            return Match(entry=entry, trigger=token, object=hit[0], words=tuple(hit[1]))
    return None


def _table_objects(table: TokenTable, token: Token, kind: str) -> tuple[list[Token], list[tuple[Token, set[str]]]]:
    """``_search``'s object candidates with their forms, read from the table."""
    heads = object_heads(table, token.i) if kind != "noun" else [token.i]
    candidates = [table.token(h) if h != token.i else token for h in heads]
    objects = [(obj, {table.lemmas[h], table.lower(h)}) for obj, h in zip(candidates, heads)]
    return candidates, objects


def _particles(token: Token, table: Optional[TokenTable]) -> set[str]:
    """The words of the token's children that can be its particle."""
    if table is None:
        return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent", "advmod")}
    return {table.lower(c) for c in table.children(token.i) if table.deps[c] in PARTICLE_IDS}

"""Within one article: short names, titles and he/she linked back to the full actor."""
from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Doc

from readout.actors.compose import INTERNATIONAL, Mention, country_of, sector_of
from readout.actors.kb import compact
from readout.actors.tokens import LOWER_WORDS, TokenTable

PRONOUNS = {"he": "m", "she": "f"}
HONORIFICS = {"mr": "m", "sir": "m", "ms": "f", "mrs": "f", "miss": "f", "madam": "f", "dame": "f"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ROLE_SYNONYMS = {"premier": {"premier", "primeminister"}, "primeminister": {"premier", "primeminister"}}
MAX_SENTENCES_BACK = 3


class Cluster:
    """The mentions of one person."""

    def __init__(self, first: Mention):
        self.mentions = [first]
        self.tokens = set(first.name_tokens)
        self._best: tuple[int, Optional[Mention]] = (0, None)  # (mentions seen, best of them)

    @property
    def best(self) -> Mention:
        """The mention that speaks for the cluster (worked out again only when mentions were
        added: the rules add mentions to a cluster, and change none they hold)."""
        seen, found = self._best
        if seen != len(self.mentions) or found is None:
            coded = [m for m in self.mentions if m.code and m.rule != "coref"]
            pool = coded or self.mentions
            found = min(pool, key=_best_rank)
            self._best = (len(self.mentions), found)
        return found

    @property
    def name(self) -> str:
        named = [m for m in self.mentions if m.name_tokens]
        return max(named, key=lambda m: len(m.name_tokens)).name if named else self.mentions[0].name


_RULE_RANK = {"user": 0, "title": 1, "kb": 2}


def _best_rank(m: Mention) -> tuple[int, int]:
    return _RULE_RANK.get(m.rule, 3), -len(m.name_tokens)


def cluster_persons(mentions: list[Mention]) -> list[Cluster]:
    """Person mentions grouped by name: "Xi" joins "Xi Jinping" (longest names first)."""
    clusters: list[Cluster] = []
    named = [m for m in mentions if m.kind == "person" and m.name_tokens]
    titled = [m for m in mentions if m.kind == "person" and not m.name_tokens and not m.title_only
              and m.key[:1] == ("title",)]
    for m in titled:  # "the Russian president": a person without a name
        clusters.append(Cluster(m))
    # the clusters with a name, in order, by each word of their names (a cluster's words are
    # those of its first mention): a home for a name holds all its words, the first one too
    by_word: dict[str, list[Cluster]] = {}
    for m in sorted(named, key=lambda m: (-len(m.name_tokens), m.start)):
        tokens = set(m.name_tokens)
        home = next((c for c in by_word.get(m.name_tokens[0], ()) if tokens <= c.tokens and _compatible(c, m)),
                    None)
        if home is None:
            home = Cluster(m)
            clusters.append(home)
            for word in home.tokens:
                by_word.setdefault(word, []).append(home)
        else:
            home.mentions.append(m)
    return clusters


def _compatible(c: Cluster, m: Mention) -> bool:
    """Two names that share words but carry different codes are different people."""
    code = c.best.code
    return not (m.code and code and m.rule in {"kb", "user"} and c.best.rule in {"kb", "user"}
                and m.code[:3] != code[:3])


def link_short_names(doc: Doc, clusters: list[Cluster], taken: set[int],
                     table: Optional[TokenTable] = None) -> None:
    """Proper nouns that repeat a word of a person's name ("Li" after "Li Qiang")."""
    table = table or TokenTable(doc)
    texts = table.texts
    # the words of the names of more than one word: a short name repeats one of them
    words = {word for c in clusters if len(c.tokens) > 1 for word in c.tokens}
    if not words:
        return
    pieces = table.pieces
    for i in table.with_tags(("PROPN",)):
        key = pieces[i]
        if key not in words or i in taken or not texts[i][:1].isupper():
            continue
        candidates = [c for c in clusters if key in c.tokens and len(c.tokens) > 1
                      and min(m.start for m in c.mentions) < i]
        if not candidates:
            continue
        target = max(candidates, key=lambda c: max(m.end for m in c.mentions if m.start < i))
        target.mentions.append(Mention(i, i + 1, texts[i], target.best.code, "person", "coref"))
        taken.add(i)


def _latest_before(clusters: list[Cluster], position: int, table: Optional[TokenTable] = None
                   ) -> Optional[tuple[int, Cluster]]:
    """The cluster mentioned last before ``position`` (with ``table``: as a subject) and
    where that mention ends."""
    best: Optional[tuple[int, Cluster]] = None
    for c in clusters:
        ends = [m.end for m in c.mentions if m.end <= position
                and (table is None or table.root_dep(m.start, m.end) in SUBJECT_DEPS)]
        last = max(ends, default=-1)
        if last >= 0 and (best is None or last > best[0]):
            best = (last, c)
    return best


def link_titles(titles: list[Mention], clusters: list[Cluster]) -> None:
    """"the premier" → the last person named before with that role."""
    for t in titles:
        want = ROLE_SYNONYMS.get(compact(t.title_only or ""), {compact(t.title_only or "")})
        fits = [c for c in clusters if any(w and w in compact(c.best.role or "") for w in want)
                and any(m.end <= t.start for m in c.mentions)]
        hit = _latest_before(fits, t.start)
        if hit:
            hit[1].mentions.append(Mention(t.start, t.end, t.name, hit[1].best.code, "person", "coref"))


def _genders(table: TokenTable, clusters: list[Cluster]) -> dict[int, str]:
    """Gender hints from honorifics before a name ("Mr. Xi", "Ms. Li"), by cluster index."""
    out = {}
    for n, c in enumerate(clusters):
        for m in c.mentions:
            prev = table.texts[m.start - 1].rstrip(".").lower() if m.start > 0 else ""
            if prev in HONORIFICS:
                out[n] = HONORIFICS[prev]
    return out


def link_pronouns(doc: Doc, clusters: list[Cluster], taken: set[int],
                  table: Optional[TokenTable] = None) -> None:
    """he/she as a subject → the person mentioned last before it (within a few sentences),
    skipping people an honorific or an earlier pronoun says are of the other gender."""
    table = table or TokenTable(doc)
    pronouns = [(i, lower) for i, lower in table.with_lower(LOWER_WORDS) if lower in PRONOUNS]
    if not pronouns or not clusters:
        return  # nothing to link (the sentence map is not needed)
    sent_of = table.sent_of
    gender = _genders(table, clusters)
    ends = _MentionEnds(clusters, table, pronouns[-1][0])
    for i, lower in pronouns:
        if i in taken or doc[i].dep_ not in SUBJECT_DEPS:
            continue
        want = PRONOUNS[lower]
        fits = [c for n, c in enumerate(clusters) if gender.get(n, want) == want]
        hit = None
        for subject in (True, False):  # a person named as a subject first, else any
            candidate = ends.latest_before(fits, i, subject)
            if candidate and sent_of.get(i, 0) - sent_of.get(candidate[0] - 1, 0) <= MAX_SENTENCES_BACK:
                hit = candidate
                break
        if hit is None:
            continue
        ends.add(hit[1], Mention(i, i + 1, table.texts[i], hit[1].best.code, "person", "coref"))
        gender[clusters.index(hit[1])] = want
        taken.add(i)


class _MentionEnds:
    """Where the mentions of each cluster end, sorted, all of them and those that are
    subjects: ``_latest_before`` by bisection instead of a pass over every mention for every
    pronoun. Mentions are added through ``add``, which keeps the lists in step."""

    def __init__(self, clusters: list[Cluster], table: TokenTable, last: int):
        """``last``: the last position asked about (mentions that end after it are left out:
        no question reaches them)."""
        self.table = table
        self._all: dict[Cluster, list[int]] = {}
        self._subjects: dict[Cluster, list[int]] = {}
        for c in clusters:
            self._all[c] = sorted(m.end for m in c.mentions)
            self._subjects[c] = sorted(m.end for m in c.mentions if m.end <= last and self._subject(m))

    def _subject(self, m: Mention) -> bool:
        return self.table.root_dep(m.start, m.end) in SUBJECT_DEPS

    def add(self, c: Cluster, m: Mention) -> None:
        c.mentions.append(m)
        bisect.insort(self._all[c], m.end)
        if self._subject(m):
            bisect.insort(self._subjects[c], m.end)

    def latest_before(self, clusters: list[Cluster], position: int, subject: bool
                      ) -> Optional[tuple[int, Cluster]]:
        """``_latest_before(clusters, position, table if subject else None)``."""
        best: Optional[tuple[int, Cluster]] = None
        for c in clusters:
            ends = self._subjects[c] if subject else self._all[c]
            k = bisect.bisect_right(ends, position)
            if k and (best is None or ends[k - 1] > best[0]):
                best = (ends[k - 1], c)
        return best


def cluster_code(c: Cluster) -> tuple[Optional[str], Optional[str]]:
    best = c.best
    role = best.role or next((m.role for m in c.mentions if m.role), None)
    return best.code, role




# -- it / its / they / their / them → organisations, countries and groups -------------------
IT_FORMS = {"it": "subj", "its": "poss"}
THEY_FORMS = {"they": "subj", "their": "poss", "them": "obj"}
OBJECT_DEPS = {"dobj", "obj", "pobj", "dative", "iobj"}
# clause links a pronoun's clause may hang from when its antecedent is the reporting subject
CLAUSE_LINKS = {"ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "acl"}
# "it is likely that ...", "it was reported that ...": "it" names nobody
EXPLETIVE_WORDS = {"likely", "unlikely", "clear", "unclear", "important", "necessary", "possible",
                   "impossible", "difficult", "easy", "hard", "time", "true", "said", "believed",
                   "reported", "expected", "thought", "understood", "known", "feared", "estimated",
                   "rain", "snow", "time", "worth", "obvious", "evident", "unacceptable", "essential",
                   "vital", "crucial", "too", "enough", "seem", "appear", "emerge", "matter", "turn",
                   "rumour", "rumor", "claimed", "alleged"}
MAX_GROUP_SENTENCES_BACK = 2


def _fits(m: Mention, table: TokenTable, plural: bool) -> bool:
    """Whether "it"/"they" may stand for mention ``m``."""
    if not m.code or m.kind == "person" or m.kind == "place" or m.title_only:
        return False
    head = table.root(m.start, m.end)
    many = head.tag_ in {"NNS", "NNPS"}
    if plural:
        return m.kind == "group" and many
    return m.kind in {"country", "organisation"} or (m.kind == "group" and not many)


def _expletive(tok) -> bool:
    if tok.dep_ == "expl":
        return True
    if tok.lower_ != "it":
        return False
    head = tok.head
    words = {head.lemma_.lower()} | {c.lemma_.lower() for c in head.children
                                     if c.dep_ in {"acomp", "attr", "oprd", "advmod"}}
    return bool(words & EXPLETIVE_WORDS)


def _subject_mention(verb, at: dict[int, Mention], plural: bool, table: TokenTable) -> Optional[Mention]:
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            m = at.get(c.i)
            if m is not None and _fits(m, table, plural):
                return m
    return None


def _reporting_antecedent(tok, at: dict[int, Mention], plural: bool, table: TokenTable) -> Optional[Mention]:
    """The subject of the clause(s) the pronoun's clause hangs from ("Syria says it ...",
    "the rebels said they ..."); for a possessive also its own clause ("Israel ... its")."""
    verb = tok.head
    if tok.dep_ == "poss":  # "its troops": climb from the noun to its verb
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        own = _subject_mention(verb, at, plural, table)
        if own is not None and not (own.start <= tok.i < own.end):
            return own
    for _ in range(5):
        if verb.dep_ not in CLAUSE_LINKS or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.pos_ in {"VERB", "AUX"}:
            found = _subject_mention(verb, at, plural, table)
            if found is not None:
                return found
    return None


class _Antecedents:
    """The non-person mentions "it"/"they" may stand for. Their sentence numbers and whether
    they fit a pronoun as a subject are worked out once per mention, not once per pronoun,
    and they are kept in order of where they end, so a pronoun looks back only over the
    mentions that end in its last sentences."""

    def __init__(self, pool: list[Mention], table: TokenTable):
        self.pool, self.table = pool, table
        self._sentences: Optional[list[int]] = None
        self._subject_fits: dict[tuple[int, bool], bool] = {}
        # pool indices by where the mention ends (then by index), and those ends
        self._by_end = sorted(range(len(pool)), key=lambda k: (pool[k].end, k))
        self._ends = [pool[k].end for k in self._by_end]

    def _fits_as_subject(self, k: int, plural: bool) -> bool:
        key = (k, plural)
        found = self._subject_fits.get(key)
        if found is None:
            m = self.pool[k]
            found = _fits(m, self.table, plural) and self.table.root_dep(m.start, m.end) in SUBJECT_DEPS
            self._subject_fits[key] = found
        return found

    def nearest_subject(self, i: int, plural: bool) -> Optional[Mention]:
        """The fitting subject that ends last before token ``i``, at most two sentences back
        (the first in the pool of those that end there)."""
        sent_of = self.table.sent_of
        if self._sentences is None:
            self._sentences = [sent_of.get(m.start, 0) for m in self.pool]
        here = sent_of.get(i, 0)
        pool, sentences, by_end, ends = self.pool, self._sentences, self._by_end, self._ends
        best: Optional[int] = None
        for n in range(bisect.bisect_right(ends, i) - 1, -1, -1):
            end = ends[n]
            if best is not None and end < pool[best].end:
                break  # no later end is left: the one found ends last
            k = by_end[n]
            if here - sentences[k] > MAX_GROUP_SENTENCES_BACK:
                if here - sent_of.get(end - 1, 0) > MAX_GROUP_SENTENCES_BACK:
                    break  # ends too far back: so do all that end before it
                continue
            if self._fits_as_subject(k, plural) and (best is None or k < best):
                best = k  # (going back over one end, the earliest in the pool wins)
        return pool[best] if best is not None else None


def link_group_pronouns(doc: Doc, mentions: list[Mention], taken: set[int],
                        table: Optional[TokenTable] = None) -> list[Mention]:
    """"it"/"its" → the country or organisation, "they"/"their"/"them" → the group the
    pronoun stands for: the subject of the reporting clause above it ("Hungary has said it
    will ..."), else the last fitting subject within two sentences. Returns new mentions
    carrying the antecedent's code and key (rule "coref")."""
    table = table or TokenTable(doc)
    if not any(lower in IT_FORMS or lower in THEY_FORMS for _, lower in table.with_lower(LOWER_WORDS)):
        return []  # no "it" or "they" to link
    at: dict[int, Mention] = {}
    for m in mentions:
        if m.kind != "person":
            for i in range(m.start, m.end):
                at.setdefault(i, m)
    pool = _Antecedents([m for m in mentions if m.kind != "person"], table)
    out: list[Mention] = []
    for i, lower in table.with_lower(LOWER_WORDS):
        form = IT_FORMS.get(lower) or THEY_FORMS.get(lower)
        if form is None or i in taken or i in at:
            continue
        tok = doc[i]
        plural = tok.lower_ in THEY_FORMS
        if (form == "subj" and tok.dep_ not in SUBJECT_DEPS) or (form == "poss" and tok.dep_ != "poss") \
                or (form == "obj" and tok.dep_ not in OBJECT_DEPS) or (not plural and _expletive(tok)):
            continue
        ante = _reporting_antecedent(tok, at, plural, table) if form != "obj" else None
        ante = ante or pool.nearest_subject(i, plural)
        if ante is None:
            continue
        m = Mention(tok.i, tok.i + 1, tok.text, ante.code, ante.kind, "coref", sector=ante.sector,
                    key=ante.key or ("text", ante.code, ante.name))
        out.append(m)
        at[tok.i] = ante
        taken.add(tok.i)
    return out


POSSESSIVE_PRONOUNS = {"his", "her", "its", "their"}


def code_possessed_roles(doc: Doc, mentions: list[Mention], persons: list[Cluster],
                         linked: list[Mention], table: Optional[TokenTable] = None) -> None:
    """A bare role owned by a pronoun takes the owner's country: "Prime Minister X and members
    of his government" → the government of X's country (``mentions`` are updated in place)."""
    table = table or TokenTable(doc)
    by_token = {m.start: m for m in linked}
    for m in mentions:
        if m.kind == "person" or not m.code or country_of(m.code) or m.code.startswith(INTERNATIONAL):
            continue
        head = table.root(m.start, m.end)
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
        if owner is None:
            continue
        code = None
        if owner.i in by_token:
            code = by_token[owner.i].code
        elif owner.lower_ in {"his", "her"}:
            hit = _latest_before(persons, owner.i)
            if hit and table.sent_of.get(hit[0] - 1) == table.sent_of.get(owner.i):
                code = hit[1].best.code
        country = country_of(code)
        if country:
            m.code = country + m.code[:3]
            m.key = ("group", m.code, m.key[2] if len(m.key) > 2 else "")
            m.rule = "coref"


__all__ = ["Cluster", "cluster_persons", "link_short_names", "link_titles", "link_pronouns",
           "link_group_pronouns", "code_possessed_roles", "cluster_code", "sector_of"]

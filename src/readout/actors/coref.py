"""Within one article: short names, titles and he/she linked back to the full actor."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from readout.actors.compose import Mention, sector_of
from readout.actors.kb import compact

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

    @property
    def best(self) -> Mention:
        coded = [m for m in self.mentions if m.code and m.rule != "coref"]
        pool = coded or self.mentions
        rank = {"user": 0, "title": 1, "kb": 2}
        return min(pool, key=lambda m: (rank.get(m.rule, 3), -len(m.name_tokens)))

    @property
    def name(self) -> str:
        named = [m for m in self.mentions if m.name_tokens]
        return max(named, key=lambda m: len(m.name_tokens)).name if named else self.mentions[0].name


def cluster_persons(mentions: list[Mention]) -> list[Cluster]:
    """Person mentions grouped by name: "Xi" joins "Xi Jinping" (longest names first)."""
    clusters: list[Cluster] = []
    named = [m for m in mentions if m.kind == "person" and m.name_tokens]
    titled = [m for m in mentions if m.kind == "person" and not m.name_tokens and not m.title_only
              and m.key[:1] == ("title",)]
    for m in titled:  # "the Russian president": a person without a name
        clusters.append(Cluster(m))
    for m in sorted(named, key=lambda m: (-len(m.name_tokens), m.start)):
        tokens = set(m.name_tokens)
        home = next((c for c in clusters if c.tokens and tokens <= c.tokens and _compatible(c, m)), None)
        if home is None:
            clusters.append(Cluster(m))
        else:
            home.mentions.append(m)
    return clusters


def _compatible(c: Cluster, m: Mention) -> bool:
    """Two names that share words but carry different codes are different people."""
    code = c.best.code
    return not (m.code and code and m.rule in {"kb", "user"} and c.best.rule in {"kb", "user"}
                and m.code[:3] != code[:3])


def link_short_names(doc: Doc, clusters: list[Cluster], taken: set[int]) -> None:
    """Proper nouns that repeat a word of a person's name ("Li" after "Li Qiang")."""
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        key = compact(tok.text)
        candidates = [c for c in clusters if key in c.tokens and len(c.tokens) > 1
                      and min(m.start for m in c.mentions) < tok.i]
        if not candidates:
            continue
        target = max(candidates, key=lambda c: max(m.end for m in c.mentions if m.start < tok.i))
        target.mentions.append(Mention(tok.i, tok.i + 1, tok.text, target.best.code, "person", "coref"))
        taken.add(tok.i)


def _latest_before(clusters: list[Cluster], position: int, doc: Optional[Doc] = None
                   ) -> Optional[tuple[int, Cluster]]:
    best: Optional[tuple[int, Cluster]] = None
    for c in clusters:
        ends = [m.end for m in c.mentions if m.end <= position
                and (doc is None or doc[m.start:m.end].root.dep_ in SUBJECT_DEPS)]
        if ends and (best is None or max(ends) > best[0]):
            best = (max(ends), c)
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


def _genders(doc: Doc, clusters: list[Cluster]) -> dict[int, str]:
    """Gender hints from honorifics before a name ("Mr. Xi", "Ms. Li"), by cluster index."""
    out = {}
    for n, c in enumerate(clusters):
        for m in c.mentions:
            prev = doc[m.start - 1].text.rstrip(".").lower() if m.start > 0 else ""
            if prev in HONORIFICS:
                out[n] = HONORIFICS[prev]
    return out


def link_pronouns(doc: Doc, clusters: list[Cluster], taken: set[int]) -> None:
    """he/she as a subject → the person mentioned last before it (within a few sentences),
    skipping people an honorific or an earlier pronoun says are of the other gender."""
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        for t in sent:
            sent_of[t.i] = n
    gender = _genders(doc, clusters)
    for tok in doc:
        if tok.lower_ not in PRONOUNS or tok.dep_ not in SUBJECT_DEPS or tok.i in taken:
            continue
        want = PRONOUNS[tok.lower_]
        fits = [c for n, c in enumerate(clusters) if gender.get(n, want) == want]
        hit = None
        for candidate in (_latest_before(fits, tok.i, doc), _latest_before(fits, tok.i)):
            if candidate and sent_of.get(tok.i, 0) - sent_of.get(candidate[0] - 1, 0) <= MAX_SENTENCES_BACK:
                hit = candidate
                break
        if hit is None:
            continue
        hit[1].mentions.append(Mention(tok.i, tok.i + 1, tok.text, hit[1].best.code, "person", "coref"))
        gender[clusters.index(hit[1])] = want
        taken.add(tok.i)


def cluster_code(c: Cluster) -> tuple[Optional[str], Optional[str]]:
    best = c.best
    role = best.role or next((m.role for m in c.mentions if m.role), None)
    return best.code, role


__all__ = ["Cluster", "cluster_persons", "link_short_names", "link_titles", "link_pronouns",
           "cluster_code", "sector_of"]

"""Resolution of mentions to coded actors (issue: actors).

NER spans, KB names and in-text sector cues become mentions (``compose``); mentions of
the same referent become one ``Actor`` (persons by name, then short names, titles and
he/she as subject, ``coref``); ids follow the order of first mention.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from readout.actors.compose import Composer, Mention, country_of, sector_of
from readout.actors.coref import (Cluster, cluster_code, cluster_persons, code_possessed_roles,
                                  link_group_pronouns, link_pronouns, link_short_names, link_titles)
from readout.actors.kb import KB, load_kb
from readout.actors.matches import collect_units
from readout.actors.tokens import TokenTable
from readout.context import StageInput
from readout.model import Actor


def resolve_actors(inp: StageInput) -> list[Actor]:
    """The article's actors, each with every character span that refers to it."""
    kb = load_kb(tuple(inp.settings.actor_files))
    return actors_of(inp.doc, kb, inp.article.published, inp.text)


def actors_of(doc: Doc, kb: KB, date: Optional[str], text: Optional[str] = None) -> list[Actor]:
    """The actors of ``doc`` (``text``: ``doc.text``, when the caller has it)."""
    if len(doc) == 0:
        return []
    table = TokenTable(doc, text)
    units = collect_units(doc, kb, table)
    mentions = Composer(doc, units, kb, date, table).compose()
    persons = cluster_persons(mentions)
    taken = {i for m in mentions if not m.title_only for i in range(m.start, m.end)}
    link_short_names(doc, persons, taken, table)
    link_titles([m for m in mentions if m.title_only], persons)
    link_pronouns(doc, persons, taken, table)
    linked = link_group_pronouns(doc, mentions, taken, table)
    code_possessed_roles(doc, mentions, persons, linked, table)
    mentions = mentions + linked
    groups: list[tuple[str, list[Mention], dict]] = []
    for c in persons:
        code, role = cluster_code(c)
        groups.append(("person", c.mentions, {"name": c.name, "code": code, "role": role,
                                               "rule": c.best.rule}))
    others: dict[tuple, list[Mention]] = {}
    for m in mentions:
        if m.kind == "person" and (m.name_tokens or m.title_only or m.key[:1] == ("title",)):
            continue
        key = m.key or ("text", m.code, m.name)
        others.setdefault(key, []).append(m)
    for key, ms in others.items():
        groups.append((ms[0].kind, ms, {"name": _name(ms, kb), "code": ms[0].code,
                                        "role": next((m.role for m in ms if m.role), None),
                                        "rule": _rule(ms)}))
    return _actors(doc, groups, table)


def _name(ms: list[Mention], kb: KB) -> str:
    if ms[0].kind == "country":
        names = [m.name for m in ms if m.rule != "demonym"]
        if names:
            return max(names, key=lambda n: (len(n), not n.isupper()))
        return kb.country_name(ms[0].code) or ms[0].name
    return max((m.name for m in ms), key=lambda n: (len(n), not n.isupper()))


def _rule(ms: list[Mention]) -> str:
    rules = [m.rule for m in ms]
    for r in ("user", "title", "kb", "agent", "metonym", "demonym"):
        if r in rules:
            return r
    return rules[0]


def _actors(doc: Doc, groups: list[tuple[str, list[Mention], dict]], table: TokenTable) -> list[Actor]:
    text_len = table.text_length
    n, idx, ends, texts = table.length, table.idx, table.ends, table.texts
    built = []
    for kind, ms, info in groups:
        # ``_char_span`` of each mention (inline: there are many)
        found = set()
        for m in ms:
            if m.end <= m.start:
                continue
            if not 0 <= m.start < m.end <= n:
                found.add(_char_span(doc, m, text_len, table))
                continue
            # (a token ends within the text: ``min(text_len, end)`` is the end itself)
            last, end = texts[m.end - 1], ends[m.end - 1]
            if last.endswith(".") and len(last) > 1 and "." not in last[:-1]:
                end -= 1
            found.add((idx[m.start], end))
        spans = sorted(found)
        if not spans:
            continue
        built.append((spans[0][0], kind, spans, info))
    built.sort(key=lambda b: (b[0], b[2][0][1]))
    actors = []
    for n, (_, kind, spans, info) in enumerate(built, start=1):
        code = info["code"]
        actors.append(Actor(
            id=f"A{n}", name=_clean_name(info["name"]), code=code, country=country_of(code),
            sector=sector_of(code), kind=kind, role=info["role"],
            mentions=list(map(list, spans)), rule=info["rule"],
        ))
    return actors


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if name.endswith(".") and "." not in name[:-1]:
        name = name[:-1]
    return name


def _char_span(doc: Doc, m: Mention, text_len: int, table: TokenTable) -> tuple[int, int]:
    """Character offsets of a mention, without a sentence-final full stop glued to a name."""
    if not 0 <= m.start < m.end <= table.length:
        last = doc[m.end - 1]
        return _cut_stop(last.text, last.idx + len(last.text), doc[m.start].idx, text_len)
    last = m.end - 1
    return _cut_stop(table.texts[last], table.char_end(last), table.idx[m.start], text_len)


def _cut_stop(last: str, end: int, start: int, text_len: int) -> tuple[int, int]:
    if last.endswith(".") and len(last) > 1 and "." not in last[:-1]:
        end -= 1
    return start, min(text_len, end)


def actor_at(actors: list[Actor], start: int, end: int) -> Optional[Actor]:
    """The actor with a mention containing (else overlapping) [start, end), tightest first."""
    best: Optional[tuple[int, int, Actor]] = None
    for actor in actors:
        for s, e in actor.mentions:
            if s < end and start < e:
                contains = 0 if (s <= start and end <= e) else 1
                cand = (contains, e - s, actor)
                if best is None or cand[:2] < best[:2]:
                    best = cand
    return best[2] if best else None


__all__ = ["resolve_actors", "actor_at", "actors_of", "Cluster"]

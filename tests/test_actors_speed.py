"""The shortcuts the actors stage takes for speed say exactly what the plain per-token scans
and the straightforward searches they replace say (they exist for speed only)."""
from __future__ import annotations

import bisect

import pytest

from readout.actors.coref import (SUBJECT_DEPS, Cluster, _Antecedents, _fits, _latest_before,
                                  _MentionEnds, cluster_persons)
from readout.actors.compose import Composer, Mention
from readout.actors.kb import load_kb
from readout.actors.matches import (LOWER_PARTICLES, _containing, collect_units, cue_starts,
                                    find_names, name_starts)
from readout.actors.tokens import KELVIN, TokenTable, case_forms

TEXT = ("Chancellor Olaf Scholz met Kenya's president in Nairobi on Tuesday. He said the "
        "al-Qaeda threat and the von der Leyen plan, which Ünal Çelik and Łukasz Nowak read "
        "in 2024, were \"fair\". Opposition lawmakers walked out; they called it a sham. "
        "Mohammed bin Salman, de Gaulle and ibn Saud were named. 𝐀lpha and Ⅻ and ²nd appear.\n\n"
        "The Al-Shabaab militants attacked a police station near Mogadishu, and the army said "
        "its troops repelled them. She said they would return. It is likely that THEY and "
        "They and tHeY will. He told reporters the ministry had drafted it.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


@pytest.fixture(scope="module")
def tables(doc):
    return [TokenTable(doc, doc.text), TokenTable(doc)]  # with the text and without


def test_capitalised_tokens_match_a_scan_of_every_token(doc, tables):
    expected = [t.i for t in doc if t.text[:1].isupper() or t.text[:1].isdigit()]
    assert any(ord(t.text[0]) >= 0x10000 for t in doc)  # a character beyond the table
    for table in tables:
        assert table.capitalised() == expected


def test_lower_case_forms_match_a_scan_of_every_token(doc, tables):
    forms = ("they", "it", "he", "al", "von", "bin", "ibn", "de")
    expected = [(t.i, t.lower_) for t in doc if t.lower_ in forms]
    for table in tables:
        assert table.with_lower(forms) == expected
        assert table.with_lower(("nowhere",)) == []


def test_case_forms_are_the_texts_that_lower_to_the_word():
    forms = case_forms("kit")
    assert all(form.lower() == "kit" for form in forms)
    assert len(forms) == 2 * 2 * 2 + 2 * 2  # each letter either way, and the Kelvin sign for "k"
    assert KELVIN + "it" in forms


def test_tags_match_a_scan_of_every_token(doc, tables):
    for tags in (("PROPN",), ("NOUN", "PROPN", "ADJ", "VERB")):
        assert tables[0].with_tags(tags) == [t.i for t in doc if t.pos_ in tags]


def test_name_and_cue_starts_match_a_scan_of_every_token(doc, tables):
    kb = load_kb()
    for table in tables:
        expected = [i for i, (first, piece) in enumerate(zip(table.texts, table.pieces))
                    if piece and (first[:1].isupper() or first[:1].isdigit()
                                  or (piece in LOWER_PARTICLES and first.lower() in LOWER_PARTICLES))
                    and piece in kb.name_prefixes]
        assert name_starts(table, kb.name_prefixes) == expected
        assert {table.texts[i] for i in expected} >= {"al", "von", "bin", "ibn", "de"}  # particles
        taken = {2, 3}
        expected = [i for i, (tag, piece) in enumerate(zip(table.pos, table.pieces))
                    if tag in {"NOUN", "PROPN", "ADJ", "VERB"} and i not in taken and piece in kb.agent_prefixes]
        assert cue_starts(table, taken, kb.agent_prefixes) == expected
    assert [(u.start, u.end) for u in find_names(doc, kb, tables[0])] == \
        [(u.start, u.end) for u in find_names(doc, kb, tables[1])]
    assert collect_units(doc, kb, tables[0]) == collect_units(doc, kb, tables[1])


def test_compact_keys_match_compact(tables):
    from readout.actors.kb import compact
    for table in tables:
        assert table.pieces == [compact(t) for t in table.texts]


@pytest.mark.parametrize("start,end", [(0, 1), (3, 4), (4, 6), (5, 6), (9, 10), (12, 13), (20, 21)])
def test_containing_entity_is_the_first_that_contains(start, end):
    spans = [(1, 3), (4, 6), (8, 9), (12, 15)]
    expected = next((p for p in spans if p[0] <= start and end <= p[1]), None)
    assert _containing(spans, [s for s, _ in spans], start, end) == expected


def _mentions(doc, table):
    kb = load_kb()
    units = collect_units(doc, kb, table)
    return Composer(doc, units, kb, "2024-03-05", table).compose()


def test_latest_mention_by_bisection_matches_a_pass_over_the_mentions(doc, tables):
    table = tables[0]
    clusters = cluster_persons(_mentions(doc, table))
    assert clusters
    ends = _MentionEnds(clusters, table, len(doc))
    for position in range(len(doc) + 1):
        for subject in (True, False):
            assert ends.latest_before(clusters, position, subject) == \
                _latest_before(clusters, position, table if subject else None)
    # a mention added through ``add`` is seen as a pass over the mentions would see it
    ends.add(clusters[0], Mention(len(doc) - 1, len(doc), "x", None, "person", "coref"))
    assert ends.latest_before(clusters, len(doc), False) == _latest_before(clusters, len(doc))


def test_best_mention_is_worked_out_again_when_mentions_are_added(doc, tables):
    clusters = cluster_persons(_mentions(doc, tables[0]))
    c = clusters[0]
    before = c.best
    c.mentions.append(Mention(0, 1, "x", "ZZZ", "person", "user", name_tokens=("a", "b", "c")))
    assert c.best is c.mentions[-1] and c.best is not before


def test_nearest_subject_matches_a_pass_over_the_pool(doc, tables):
    table = tables[0]
    pool = [m for m in _mentions(doc, table) if m.kind != "person"]
    assert pool
    antecedents = _Antecedents(pool, table)
    sent_of = table.sent_of
    for i in range(len(doc)):
        for plural in (True, False):
            best = None
            for m in pool:
                if m.end > i or sent_of.get(i, 0) - sent_of.get(m.start, 0) > 2:
                    continue
                if not (_fits(m, table, plural) and table.root_dep(m.start, m.end) in SUBJECT_DEPS):
                    continue
                if best is None or m.end > best.end:
                    best = m
            assert antecedents.nearest_subject(i, plural) is best


def test_entities_match_spacy(doc, tables):
    for table in tables:
        assert table.ents == [(e.start, e.end, e.label_) for e in doc.ents]


def test_sentence_map_bisects_like_the_sentences(doc, tables):
    starts = [s.start for s in doc.sents][1:]
    for i in range(len(doc)):
        assert tables[0].sent_of.get(i) == bisect.bisect_right(starts, i)


def test_a_cluster_is_hashable_by_identity(doc, tables):
    clusters = cluster_persons(_mentions(doc, tables[0]))
    assert len({c: None for c in clusters}) == len(clusters) and isinstance(clusters[0], Cluster)

"""The pipeline and Python API: one record per article, sentences and entities filled."""
from __future__ import annotations

import readout
from readout.model import Article, Readout, to_dict
from readout.pipeline import Pipeline
from readout.schema import validate_record
from readout.settings import Settings

STORY = ("Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo "
         "on Friday. The two leaders signed an agreement on rail cooperation.\n\n"
         "Kishida said the deal would bring both countries closer.")


def test_read_gives_a_schema_valid_record_with_sentences_and_entities(read):
    record = read(STORY, published="2023-06-02", title="Modi in Tokyo")
    assert isinstance(record, Readout)
    assert record.title == "Modi in Tokyo" and record.published == "2023-06-02"
    assert len(record.sentences) == 3
    assert {"Narendra Modi", "Fumio Kishida"} <= {e.text for e in record.entities}
    assert all(record.text[e.start:e.end] == e.text for e in record.entities)
    assert validate_record(to_dict(record)) == []


def test_ids_are_stable_and_given_ids_are_kept(pipeline):
    first, second, given = pipeline.read_many(
        [STORY, {"text": STORY}, {"id": "my-id-7", "text": STORY}])
    assert first.id == second.id and len(first.id) == 16
    assert given.id == "my-id-7"


def test_read_many_keeps_order_and_reads_every_article(pipeline):
    texts = [f"Story number {i}. Officials met in Paris." for i in range(40)]
    records = list(pipeline.read_many(texts))
    assert [r.text for r in records] == texts


def test_settings_published_fills_articles_without_a_date(nlp):
    pipe = readout.Pipeline(readout.Settings(published="2024-02-01"), nlp=nlp)
    dated, undated = pipe.read_many([Article(text="A.", published="2023-01-05"), "B."])
    assert dated.published == "2023-01-05" and undated.published == "2024-02-01"


def test_an_empty_article_gives_a_record_with_a_warning(pipeline):
    (record,) = pipeline.read_many([Article(text="   ", origin="empty.txt")])
    assert record.text == "" and any("empty article" in w and "empty.txt" in w
                                     for w in record.warnings)


def test_a_failing_stage_leaves_a_warning_not_a_crash(nlp, monkeypatch):
    import readout.pipeline as pl

    def broken(inp):
        raise RuntimeError("boom")

    monkeypatch.setitem(pl.STAGES, "quotes", broken)
    record = readout.Pipeline(nlp=nlp).read("Officials met in Paris.")
    assert record.quotes == [] and any("quotes failed" in w for w in record.warnings)


def test_skipped_stages_give_empty_lists(nlp):
    pipe = readout.Pipeline(readout.Settings(stages=()), nlp=nlp)
    record = pipe.read("President Biden visited Kyiv on Monday.", published="2023-02-20")
    assert record.actors == [] and record.events == [] and record.sentences


# ------------------------------------------------------------------ kept words, memory zones

ZONE_TEXT = ("The Vandoran foreign minister met her Kelsovian counterpart in Trallo on "
             "Tuesday and signed a zubrenite export accord.")


def test_words_of_the_first_articles_are_kept(nlp):
    """Below the kept-words budget a batch is parsed outside a memory zone: its new words
    stay in the vocabulary, so later batches need not build them again."""
    Pipeline(Settings(kept_words=len(nlp.vocab) + 10_000), nlp=nlp).read(
        ZONE_TEXT.replace("zubrenite", "quorvalite"))
    assert "quorvalite" in nlp.vocab.strings


def test_past_the_budget_a_batch_frees_its_new_words(nlp):
    """At the budget every batch runs in spaCy's memory zone: the words it added are gone
    afterwards and the string store is the size it was (memory stays flat)."""
    zoned = Pipeline(Settings(kept_words=0), nlp=nlp)
    zoned.read(ZONE_TEXT)  # data the stages load on first use is not the batch's
    before = len(nlp.vocab.strings)
    record = zoned.read(ZONE_TEXT.replace("zubrenite", "plimsorite"))
    assert "plimsorite" not in nlp.vocab.strings
    assert len(nlp.vocab.strings) == before
    assert "plimsorite" in record.text


def test_records_are_the_same_inside_and_outside_a_memory_zone(nlp):
    text = ZONE_TEXT.replace("zubrenite", "dravonite")
    zoned = Pipeline(Settings(kept_words=0), nlp=nlp).read(text, published="2024-03-05")
    kept = Pipeline(Settings(kept_words=len(nlp.vocab) + 10_000), nlp=nlp).read(text, published="2024-03-05")
    assert zoned == kept
    assert kept.events and kept.timexes


# ------------------------------------------------------------------ components the stages read

SPACY_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def test_time_and_quote_stages_alone_skip_the_entity_recognizer():
    from readout.pipeline import unused_components

    assert unused_components(("timexes",), SPACY_COMPONENTS) == ("ner",)
    assert unused_components(("timexes", "quotes"), SPACY_COMPONENTS) == ("ner",)
    for stages in [("actors",), ("quantities",), ("events",), ("timexes", "quotes", "events")]:
        assert unused_components(stages, SPACY_COMPONENTS) == ()


def test_no_stage_and_unknown_components_skip_nothing():
    from readout.pipeline import unused_components

    assert unused_components((), SPACY_COMPONENTS) == ()  # the record is sentences and entities
    assert unused_components(("timexes",), ("tok2vec", "my_tagger", "ner")) == ("ner",)
    assert unused_components(("timexes",), ("my_ner",)) == ()


def _sample_texts() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "examples" / "sample.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [r["text"] for r in rows if r.get("text")][:12]


def test_stages_give_the_same_records_without_the_components_they_do_not_read(nlp):
    """Each stage listed as not reading entities gives exactly what it gives with the
    entity recognizer run: the table of components per stage is checked, not trusted."""
    from readout.pipeline import STAGE_COMPONENTS

    texts = _sample_texts()
    assert texts
    for stage, needs in STAGE_COMPONENTS.items():
        if "ner" in needs:
            continue
        settings = Settings(stages=(stage,), published="2024-05-01")
        lean = Pipeline(settings, nlp=nlp)
        full = Pipeline(settings, nlp=nlp, skip_unused=False)
        assert lean.skipped_components == ("ner",) and full.skipped_components == ()
        got = [getattr(r, stage) for r in lean.read_many(texts)]
        want = [getattr(r, stage) for r in full.read_many(texts)]
        assert got == want, stage
        assert any(got), stage  # the sample articles do have some


def test_records_without_the_entity_recognizer_say_so_by_having_no_entities(nlp):
    text = "Chinese President Xi Jinping met Vladimir Putin in Moscow on Tuesday."
    lean = Pipeline(Settings(stages=("timexes",)), nlp=nlp).read(text, published="2024-05-07")
    assert lean.entities == [] and lean.timexes and lean.sentences
    kept = Pipeline(Settings(stages=("timexes",)), nlp=nlp, skip_unused=False).read(text, published="2024-05-07")
    assert kept.entities and kept.timexes == lean.timexes

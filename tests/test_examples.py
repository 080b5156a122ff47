"""Every record the pipeline produces from the bundled sample corpus validates against the
readout/1 schema, and the corpus is what the demo promises."""
from __future__ import annotations

from pathlib import Path

import pytest

from readout.model import Article, to_dict
from readout.schema import validate_record
from readout.sources import read_sources

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def records(pipeline):
    articles = [a for a in read_sources([str(EXAMPLES)]) if isinstance(a, Article)]
    return [to_dict(r) for r in pipeline.read_many(articles)]


def test_the_sample_corpus_has_at_least_25_dated_articles(records):
    assert len(records) >= 25
    years = {r["published"][:4] for r in records}
    assert {"2023", "2024"} <= years


def test_every_record_validates_against_the_schema(records):
    problems = {r["id"]: validate_record(r) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}


def test_ids_are_unique_and_carried_from_the_input(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids) and all(i.startswith("ex-") for i in ids)

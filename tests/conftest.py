"""Shared fixtures: one spaCy pipeline and one readout Pipeline for the whole session."""
from __future__ import annotations

import pytest

from readout.nlp import load_pipeline
from readout.pipeline import Pipeline
from readout.settings import Settings


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def pipeline(nlp):
    return Pipeline(Settings(), nlp=nlp)


@pytest.fixture(scope="session")
def read(pipeline):
    """read(text, published=None, title=None) -> Readout, with the shared pipeline."""
    return pipeline.read

"""Shared fixtures: one spaCy pipeline and one readout Pipeline for the whole session."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI cannot go red on a new draw;
# HYPOTHESIS_PROFILE=explore draws fresh ones (run it when changing a stage).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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

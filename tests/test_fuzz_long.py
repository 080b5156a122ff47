"""The pipeline on a single sentence of 10,000 tokens: every stage finishes (or, on a slow
machine, stops at the article's time budget with a warning); nothing raises and every span
stays inside the text. Kept apart from test_fuzz_stages.py: it alone takes most of a minute."""
from __future__ import annotations

import pytest

from readout.limits import LIMIT_PREFIX
from test_fuzz_stages import check


@pytest.mark.slow
def test_a_sentence_of_ten_thousand_tokens(read):
    words = ("Russia and China and the United States signed deals with Ukraine , NATO , "
             "the UN and 3,000 troops worth $5 billion on Monday and").split()
    text = " ".join(words[i % len(words)] for i in range(10_000)) + "."
    record = read(text, published="2023-05-24")
    check(record)
    assert record.text == text and len(record.sentences) >= 1
    assert all(w.startswith(LIMIT_PREFIX) for w in record.warnings), record.warnings
    if not record.warnings:  # every stage ran to the end
        assert record.actors and record.timexes and record.quantities

"""Every pattern in data/extract/ does what its own examples say."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import readout
from readout.extract import clean_body, find_credit, find_dateline

DATA = Path(readout.__file__).parent / "data" / "extract"
BOILERPLATE = json.loads((DATA / "boilerplate.json").read_text(encoding="utf-8"))
DATELINES = [e for e in json.loads((DATA / "datelines.json").read_text(encoding="utf-8"))
             if "pattern" in e]
CREDITS = json.loads((DATA / "credits.json").read_text(encoding="utf-8"))
BEFORE = "The regional council approved the new harbour plan on Monday evening."
AFTER = "Work on the first stage is expected to begin before the end of the year."


def _cases(entries, key):
    return [pytest.param(e, ex, id=f"{e['name']}:{i}") for e in entries
            for i, ex in enumerate(e.get(key, []))]


@pytest.mark.parametrize("entry,line", _cases(BOILERPLATE, "match"))
def test_boilerplate_line_is_removed(entry, line):
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    assert clean_body(text, from_html=True) == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("entry,line", _cases(BOILERPLATE, "keep"))
def test_ordinary_line_is_kept(entry, line):
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    assert clean_body(text, from_html=True) == text


@pytest.mark.parametrize("entry", [e for e in BOILERPLATE if e.get("html_only")],
                         ids=lambda e: e["name"])
def test_html_only_patterns_leave_plain_text_alone(entry):
    text = f"{BEFORE}\n\n{entry['match'][0]}\n\n{AFTER}"
    assert clean_body(text, from_html=False) == text


@pytest.mark.parametrize("entry,example", _cases(DATELINES, "match"))
def test_dateline_is_found(entry, example):
    text, place, agency = example
    assert find_dateline(text) == (place, agency)


@pytest.mark.parametrize("entry,text", _cases(DATELINES, "keep"))
def test_no_dateline_in_ordinary_opening(entry, text):
    assert find_dateline(text) == (None, None)


@pytest.mark.parametrize("entry,example", _cases(CREDITS, "match"))
def test_trailing_credit_is_found_and_removed(entry, example):
    text, agency = example
    found, rest = find_credit(text)
    assert found == agency
    assert agency not in rest and text.startswith(rest) and rest


@pytest.mark.parametrize("entry,text", _cases(CREDITS, "keep"))
def test_ordinary_ending_is_not_a_credit(entry, text):
    assert find_credit(text) == (None, text)

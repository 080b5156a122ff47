"""Property tests on the whole pipeline and every stage (actors, timexes, quotes, quantities,
events): whatever the text — news-like word salad, control characters, right-to-left
scripts, emoji, unbalanced quotes, a 10,000-token sentence, nothing at all — no exception
escapes, no stage fails, every offset stays inside the text and points at the words the
record quotes, and the record validates against the readout/1 schema."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readout.model import Article, to_dict
from readout.schema import validate_record

STAGE_FUZZ = settings(max_examples=30, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SPICE = ("\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u00a0\u00ad\u061c\u200b\u200d\u200e\u200f\u202a"
         "\u202b\u202e\u2028\u2029\u2066\u2069\ufeff\ufffd\u0645\u0631\u062d\u0628\u0627"
         "\u05e9\u05dc\u05d5\u05dd\U0001f600\U0001f1fa\U0001f1f8\U0001f469\u200d\U0001f4bb"
         "e\u0301\u201c\u201d\u2018\u2019\u00ab\u00bb\"' \n\t")
VOCAB = ["Russia", "China", "Ukraine", "the United States", "President Xi Jinping",
         "Vladimir Putin", "NATO", "the UN", "Hamas militants", "Chinese officials", "he", "she",
         "met", "signed", "attacked", "condemned", "said", "told", "will", "did not", "refused to",
         "accused", "sanctions on", "visit", "talks with", "on Monday", "last year",
         "in 2019", "May 24, 2023", "next week", "$190 billion", "40%", "3,000 troops",
         "between 10 and 20", "1/2", "\u00bd", "\u20ac5m", "MOSCOW (Reuters) -", "\u201c", "\u201d",
         "\"", "according to", ",", ".", "?", "\n\n", "(", ")", "\u2014", "-", ":", ";"]
token = st.one_of(st.sampled_from(VOCAB), st.sampled_from(list(SPICE)),
                  st.text(max_size=6), st.integers(-10**12, 10**12).map(str))
newsy = st.lists(token, max_size=80).map(" ".join)
messy = st.text(alphabet=st.one_of(st.characters(exclude_categories=["Cs"]),
                                   st.sampled_from(SPICE)), max_size=300)
published = st.one_of(st.none(), st.sampled_from(["2023-05-24", "2024-02-29", "2023-02-30",
                                                  "yesterday", "", "0001-01-01", "9999-12-31",
                                                  "2023-05-24T10:00:00+05:00"]))




def check(record) -> None:
    """No stage failed, the record validates and every span quotes its own text."""
    failed = [w for w in record.warnings if w.startswith("stage ")]
    assert not failed, failed
    data = to_dict(record)
    assert validate_record(data) == []
    text = data["text"]
    for key in ("entities", "timexes", "quantities"):
        for item in data[key]:
            assert text[item["start"]:item["end"]] == item["text"], (key, item)
    for ev in data["events"]:
        trig = ev["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"], ev
        lo, hi = ev["evidence"]
        assert lo <= trig["start"] <= trig["end"] <= hi, ev
    for actor in data["actors"]:
        for lo, hi in actor["mentions"]:
            assert 0 <= lo < hi <= len(text), actor
    for q in data["quotes"]:
        for part in ("speaker", "cue", "content"):
            span = q.get(part) or {}
            if span.get("start") is None or span.get("text") is None:
                continue
            if span.get("segments"):  # content split by "he said": its parts joined by " … "
                assert " \u2026 ".join(text[s:e] for s, e in span["segments"]) == span["text"], q
                assert span["start"] == span["segments"][0][0], q
                assert span["end"] == max(e for _, e in span["segments"]), q
            else:
                assert text[span["start"]:span["end"]] == span["text"], (part, q)


@STAGE_FUZZ
@given(text=newsy, date=published)
def test_news_like_word_salad(read, text, date):
    check(read(text, published=date))


@STAGE_FUZZ
@given(text=messy, title=st.one_of(st.none(), messy))
def test_arbitrary_unicode_with_controls_rtl_and_emoji(read, text, title):
    check(read(text, title=title))


EDGE_CASES = {
    "empty": "",
    "blank": " \n\n\t \n",
    "one dot": ".",
    "only controls": "\x00\x01\x02\x1b[31m\x7f",
    "only emoji": "\U0001f600\U0001f1fa\U0001f1f8 \U0001f469\u200d\U0001f4bb" * 20,
    "arabic": "\u0627\u0644\u0631\u0626\u064a\u0633 \u0627\u0644\u0631\u0648\u0633\u064a "
              "\u0632\u0627\u0631 \u0627\u0644\u0635\u064a\u0646 \u064a\u0648\u0645 "
              "\u0627\u0644\u0627\u062b\u0646\u064a\u0646.",
    "rtl override": "\u202eRussia attacked Ukraine on Monday.\u202c \u2067China said \u201cno\u201d.\u2069",
    "unbalanced quotes": "\u201c" * 300 + "Putin said" + "\u201d" * 7 + " \"" * 200,
    "numbers only": " ".join(str(n) for n in range(0, 3000, 7)),
    "no spaces": "RussiaattackedUkraineonMonday" * 300,
    "one char lines": "\n".join("x" for _ in range(3000)),
    "nested brackets": "(" * 500 + "China met Russia" + ")" * 500,
    "surrogate-free astral": "\U00010000\U0010fffd " * 100 + "Xi met Putin.",
    "zero width": "Xi\u200b met\u200d Putin\u2060 in\ufeff Moscow\u00ad.",
    "crlf": "MOSCOW (Reuters) -\r\nRussia condemned the strikes.\r\n\r\n\u201cNever,\u201d he said.\r",
}


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_cases(read, name):
    check(read(EDGE_CASES[name], published="2023-05-24"))


def test_a_batch_with_bad_articles_gives_one_record_each_in_order(pipeline):
    items = [EDGE_CASES[k] for k in ("empty", "only controls", "rtl override", "crlf")]
    items += [Article(id="jsonish", html="<p>\x00<b>Kyiv</b> rejected the plan.</p>" * 3),
              {"id": "dict", "text": "Beijing protested on Tuesday.", "published": "garbage"}]
    records = list(pipeline.read_many(items))
    assert len(records) == len(items)
    assert [r.id for r in records][-2:] == ["jsonish", "dict"]
    for record in records:
        check(record)


@pytest.mark.parametrize("text", ["\u00e93", "\u00c25 percent", "the \u00c410 fee"])
def test_a_letter_with_an_accent_before_a_number(read, text):
    record = read(text)
    assert not [w for w in record.warnings if w.startswith("stage ")], record.warnings

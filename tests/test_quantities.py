"""Quantities: what a user sees in record.quantities for sentences written for these tests."""
from __future__ import annotations

import pytest

from readout.model import Article
from readout.quantities import find_quantities
from readout.context import StageInput
from readout.settings import Settings


def _q(read, text, published="2024-03-15"):
    return read(text, published=published).quantities


def _one(read, text, published="2024-03-15"):
    qs = _q(read, text, published)
    assert len(qs) == 1, [(q.text, q.value, q.unit) for q in qs]
    return qs[0]


# (sentence, value, unit, kind)
VALUES = [
    ("The ministry approved $250 billion for new roads.", 250e9, "USD", "money"),
    ("Beijing pledged 1.2 trillion yuan to the rail network.", 1.2e12, "CNY", "money"),
    ("The club paid €5m for the striker.", 5e6, "EUR", "money"),
    ("The state set aside Rs 300 crore for the dam.", 3e9, "INR", "money"),
    ("The bank lent US$40 million to the port authority.", 40e6, "USD", "money"),
    ("Tickets cost £12 at the door.", 12, "GBP", "money"),
    ("The painting sold for ¥80,000.", 80000, "JPY", "money"),
    ("Farmers received 600 dollars each.", 600, "USD", "money"),
    ("The fine was 3.5 million euros.", 3.5e6, "EUR", "money"),
    ("A loan of 35 lakh rupees was approved.", 3.5e6, "INR", "money"),
    ("Its market value reached $1.3bn on Friday.", 1.3e9, "USD", "money"),
    ("The fee is USD 45 per month.", 45, "USD per month", "money"),
    ("Shares closed at 54 cents.", 54, "cent", "money"),
    ("Turnout rose to 61 percent.", 61, "percent", "percent"),
    ("Support fell to 38% among young voters.", 38, "percent", "percent"),
    ("Unemployment was 7.5 per cent in the north.", 7.5, "percent", "percent"),
    ("The central bank raised rates by 0.5 percentage points.", 0.5, "percentage point", "percent"),
    ("The border fence is 140 km long.", 140, "kilometre", "measure"),
    ("Inspectors seized 320 kg of cocaine.", 320, "kilogram", "measure"),
    ("The mill produces 4,000 tonnes of steel.", 4000, "tonne", "measure"),
    ("The field yields 90,000 barrels per day.", 90000, "barrel per day", "measure"),
    ("Temperatures reached 46 °C in the capital.", 46, "celsius", "temperature"),
    ("It was 102 degrees Fahrenheit in the shade.", 102, "fahrenheit", "temperature"),
    ("The boy, 9 years old, was rescued.", 9, "year", "age"),
    ("A 34-year-old nurse was arrested.", 34, "year", "age"),
    ("The talks lasted three days.", 3, "day", "duration"),
    ("The army deployed 2,000 troops.", 2000, "troop", "count"),
    ("Police detained twelve protesters.", 12, "protester", "count"),
    ("The program cost three million dollars.", 3e6, "USD", "money"),
    ("She bought a dozen boxes.", 12, "box", "count"),
    ("The island has two and a half thousand residents.", 2500, "resident", "count"),
]


@pytest.mark.parametrize("text,value,unit,kind", [v for v in VALUES if v[1] is not None])
def test_value_unit_kind(read, text, value, unit, kind):
    q = _one(read, text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.kind == kind


@pytest.mark.parametrize("text,qualifier", [
    ("Floods killed at least 40 people in the valley.", "at least"),
    ("More than 300 people attended.", "more than"),
    ("The ship carried about 1,500 passengers.", "about"),
    ("Nearly 70 percent of voters backed the plan.", "nearly"),
    ("Exports hit a record $12 billion.", "record"),
    ("Fewer than 20 journalists were allowed in.", "less than"),
    ("Up to 5,000 workers could lose their jobs.", "up to"),
])
def test_qualifier(read, text, qualifier):
    q = _one(read, text)
    assert q.qualifier == qualifier
    assert not q.text[0].isdigit()  # the span takes in the qualifier


@pytest.mark.parametrize("text,change", [
    ("Imports rose 12% in the second quarter.", "increase"),
    ("Profits fell by 8 percent.", "decrease"),
    ("Exports were up 3.4 percent.", "increase"),
    ("Output was down 2 percent.", "decrease"),
    ("Wages will increase by 15 percent.", "increase"),
    ("The army cut its budget by $4 billion.", "decrease"),
    ("The company reported a 6 percent drop in sales.", "decrease"),
    ("The school has 400 pupils.", None),
])
def test_change(read, text, change):
    assert _one(read, text).change == change


@pytest.mark.parametrize("text,lo,hi", [
    ("Between 10 and 20 people were hurt.", 10, 20),
    ("Prices rose 10-20% last month.", 10, 20),
    ("The wall is eight to 10 feet tall.", 8, 10),
    ("They paid $5 to $7 billion for the mine.", 5e9, 7e9),
])
def test_range(read, text, lo, hi):
    q = _one(read, text)
    assert q.range == [pytest.approx(lo), pytest.approx(hi)]
    assert q.value == pytest.approx((lo + hi) / 2)


@pytest.mark.parametrize("text", [
    "The treaty was signed on May 19, 1998.",
    "The meeting starts at 2 pm.",
    "He flew in on the 5:45 flight.",
    "Parliament first met in 1921.",
    "Sales data for 2019-20 were not published.",
    "Their serial number was XK-4410B.",
    "The one that got away was bigger.",
    "The 1990s were turbulent.",
    "She finished 21st in the race.",
])
def test_not_a_quantity(read, text):
    assert _q(read, text) == []


@pytest.mark.parametrize("text,values", [
    ("It costs 15 dollars and 50 cents.", [15.5]),
    ("The drive is 12 km and the walk 3 km.", [12, 3]),
    ("Spending grew 4 % to $ 2.5 billion.", [4, 2.5e9]),
    ("A 10-gallon tank holds 38 litres.", [10, 38]),
])
def test_several(read, text, values):
    assert [q.value for q in _q(read, text)] == [pytest.approx(v) for v in values]


def test_trade_claim_between_two_countries(read):
    text = ("Brazil is Argentina's biggest market, with trade between the neighbours hitting "
            "a record $30 billion last year, according to Brazilian customs figures.")
    q = _one(read, text, published="2024-03-15")
    assert q.metric == "trade"
    assert set(q.subjects) == {"BRA", "ARG"}
    assert q.period == "2023"
    assert q.qualifier == "record"
    assert q.source is not None and q.source.text == "Brazilian customs figures"


def test_source_is_subject_of_reporting_verb(read):
    q = _one(read, "Ms Okafor said exports had reached $9 billion so far this year.",
             published="2024-03-15")
    assert q.metric == "exports"
    assert q.source is not None and "Okafor" in q.source.text
    assert q.period == "2024"


def test_metric_from_compound_noun_and_subjects_from_its_phrase(read):
    text = ("The minister told reporters that Norwegian gas supplies to Germany would rise by "
            "25 percent in 2025.")
    q = _one(read, text)
    assert q.metric == "gas supplies"
    assert q.change == "increase"
    assert q.subjects == ["NOR", "DEU"]
    assert q.period == "2025"


def test_casualties_metric(read):
    q = _one(read, "The blast killed at least 14 people near the market.")
    assert q.metric == "casualties" and q.unit == "people" and q.qualifier == "at least"


def test_gdp_metric(read):
    q = _one(read, "Kenya's GDP grew 5.6 percent.")
    assert q.metric == "GDP" and q.change == "increase" and q.subjects == ["KEN"]


def test_quote_speaker_is_source(read):
    text = 'The governor spoke on Monday. "Revenue rose by 9 percent," Maria Lopez said.'
    q = _one(read, text)
    assert q.source is not None and "Lopez" in q.source.text


def test_bare_figure_takes_metric_of_previous_sentence(read):
    text = ("Investment from Japan reached $4 billion in the first half. "
            "That is an increase of 30 percent, the agency said.")
    qs = _q(read, text)
    assert [q.value for q in qs] == [4e9, 30]
    assert qs[1].metric == "investment"


def test_offsets_point_at_the_text(read):
    text = "Officials said roughly 1,200 homes and 3 schools were damaged, costing €80 million."
    r = read(text)
    for q in r.quantities:
        assert r.text[q.start:q.end] == q.text
    assert [q.value for q in r.quantities] == [1200, 3, 80e6]


def test_stage_never_raises_on_odd_text(nlp):
    for text in ["", "$", "1/0", "--- 12,,34 $$ €", "¾¾¾", "a a a half", "1e999 km"]:
        doc = nlp(text)
        inp = StageInput(doc=doc, article=Article(text=text), settings=Settings())
        for q in find_quantities(inp):
            assert 0 <= q.start < q.end <= len(text)

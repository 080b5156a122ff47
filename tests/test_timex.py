"""Time expressions: what a user sees in record.timexes for a sentence and a publication date.

Published date used throughout: Wednesday 2023-05-24 (ISO week 21, second quarter).
"""
from __future__ import annotations

import datetime as dt

import pytest

from readout.timex import tag_text
from readout.timex import calendar as cal
from readout.timex.numbers import duration, parse_number

PUB = "2023-05-24"

# (sentence, expression as it appears, type, value)
CASES = [
    # weekdays: latest on/before publication in the past tense, next one in the future
    ("The minister arrived in Ankara on Monday.", "Monday", "DATE", "2023-05-22"),
    ("Officials met on Wednesday to discuss the plan.", "Wednesday", "DATE", "2023-05-24"),
    ("The talks collapsed on Friday without a deal.", "Friday", "DATE", "2023-05-19"),
    ("The delegation will travel to Paris on Friday.", "Friday", "DATE", "2023-05-26"),
    ("She will speak to the assembly next Tuesday.", "next Tuesday", "DATE", "2023-05-30"),
    ("The governor resigned last Thursday.", "last Thursday", "DATE", "2023-05-18"),
    ("The vote is scheduled for Saturday.", "Saturday", "DATE", "2023-05-27"),
    ("Rebels shelled the town on Sunday night.", "Sunday night", "DATE", "2023-05-21"),
    ("Talks could resume as early as Tuesday.", "Tuesday", "DATE", "2023-05-30"),
    # yesterday / today / tomorrow
    ("Protesters gathered outside parliament yesterday.", "yesterday", "DATE", "2023-05-23"),
    ("The court rules today on the appeal.", "today", "DATE", "2023-05-24"),
    ("The envoy arrives tomorrow.", "tomorrow", "DATE", "2023-05-25"),
    # last / this / next week, month, year
    ("Prices fell sharply last week.", "last week", "DATE", "2023-W20"),
    ("The ministers meet this week in Geneva.", "this week", "DATE", "2023-W21"),
    ("Results are due next week.", "next week", "DATE", "2023-W22"),
    ("Inflation slowed last month.", "last month", "DATE", "2023-04"),
    ("The fund opened this month.", "this month", "DATE", "2023-05"),
    ("Elections are planned for next month.", "next month", "DATE", "2023-06"),
    ("Exports reached a record last year.", "last year", "DATE", "2022"),
    ("Growth will pick up this year.", "this year", "DATE", "2023"),
    ("The treaty expires next year.", "next year", "DATE", "2024"),
    ("The bank cut rates earlier this month.", "earlier this month", "DATE", "2023-05"),
    ("Sales have risen 12 percent so far this year.", "so far this year", "DATE", "2023"),
    ("Grain shipments doubled over the past year.", "the past year", "DATE", "2022"),
    # months without a year
    ("In February, the central bank raised rates.", "February", "DATE", "2023-02"),
    ("During their March summit, the leaders signed a pact.", "March", "DATE", "2023-03"),
    ("The summit will be held in September.", "September", "DATE", "2023-09"),
    ("Exports collapsed in October after the blockade.", "October", "DATE", "2022-10"),
    ("The pact was signed last March.", "last March", "DATE", "2023-03"),
    ("The ceasefire of March 2021 did not hold.", "March 2021", "DATE", "2021-03"),
    # years, decades, centuries
    ("The border was redrawn in 2019.", "2019", "DATE", "2019"),
    ("Energy supplies will grow 40 percent in 2023.", "2023", "DATE", "2023"),
    ("The two countries drifted apart in the 1990s.", "the 1990s", "DATE", "199"),
    ("Borders set in the 20th century still matter.", "the 20th century", "DATE", "19"),
    ("Revenue in fiscal 2022 was flat.", "fiscal 2022", "DATE", "2022"),
    # quarters, halves, seasons
    ("Output grew 4 percent in the first quarter.", "the first quarter", "DATE", "2023-Q1"),
    ("Profits rose in the third quarter.", "the third quarter", "DATE", "2022-Q3"),
    ("Shipments slowed in Q4 2022.", "Q4 2022", "DATE", "2022-Q4"),
    ("Investment fell in the second half of 2022.", "the second half of 2022", "DATE", "2022-H2"),
    ("The offensive began last summer.", "last summer", "DATE", "2022-SU"),
    ("Fighting eased this spring.", "this spring", "DATE", "2023-SP"),
    # durations
    ("Trade has doubled over the past five years.", "the past five years", "DURATION", "P5Y"),
    ("The strike lasted a month.", "a month", "DURATION", "P1M"),
    ("Talks went on for three days.", "three days", "DURATION", "P3D"),
    ("They signed a two-year agreement.", "two-year", "DURATION", "P2Y"),
    ("The loan runs for 18 months.", "18 months", "DURATION", "P18M"),
    ("The siege lasted several weeks.", "several weeks", "DURATION", "PXW"),
    ("The meeting lasted five hours.", "five hours", "DURATION", "PT5H"),
    ("The debate ran for an hour and a half.", "an hour and a half", "DURATION", "PT1H30M"),
    ("Relations froze for nearly a decade.", "nearly a decade", "DURATION", "P10Y"),
    # ... ago
    ("The dam was built two years ago.", "two years ago", "DATE", "2021"),
    ("The convoy left three days ago.", "three days ago", "DATE", "2023-05-21"),
    ("A month ago the rebels held the city.", "A month ago", "DATE", "2023-04"),
    # present / past / future references
    ("The two sides are now negotiating.", "now", "DATE", "PRESENT_REF"),
    ("He is currently in Beijing.", "currently", "DATE", "PRESENT_REF"),
    ("The ministry recently changed its rules.", "recently", "DATE", "PAST_REF"),
    ("Cooperation will deepen in the future.", "the future", "DATE", "FUTURE_REF"),
    # explicit dates
    ("The statement was issued on May 24, 2023.", "May 24, 2023", "DATE", "2023-05-24"),
    ("The statement was issued on 24 May.", "24 May", "DATE", "2023-05-24"),
    ("The form is dated 5/24/2023.", "5/24/2023", "DATE", "2023-05-24"),
    ("The deal takes effect on June 3.", "June 3", "DATE", "2023-06-03"),
    ("Filed on 2023-05-01 in Brussels.", "2023-05-01", "DATE", "2023-05-01"),
    ("The editorial ran on Monday, May 22.", "Monday, May 22", "DATE", "2023-05-22"),
    ("Shares were issued on Sept. 30.", "Sept. 30", "DATE", "2022-09-30"),
    # times
    ("The talks began at 10 a.m.", "10 a.m.", "TIME", "2023-05-24T10:00"),
    ("The blast hit at 10 a.m. on Friday.", "10 a.m. on Friday", "TIME", "2023-05-19T10:00"),
    ("Voting closed at 3:30 p.m. on Tuesday.", "3:30 p.m. on Tuesday", "TIME", "2023-05-23T15:30"),
    ("Troops crossed the river this morning.", "this morning", "TIME", "2023-05-24TMO"),
    ("Sirens sounded across the city last night.", "last night", "TIME", "2023-05-23TNI"),
    ("The deadline passed at noon.", "noon", "TIME", "2023-05-24T12:00"),
    # sets
    ("Inspectors visit the plant every week.", "every week", "SET", "P1W"),
    ("The ministry publishes figures daily.", "daily", "SET", "P1D"),
    ("The forum meets annually.", "annually", "SET", "P1Y"),
    ("The council sits every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    ("Envoys meet twice a year.", "twice a year", "SET", "P1Y"),
    # holidays
    ("The hostages were freed at Christmas.", "Christmas", "DATE", "2022-12-25"),
]


@pytest.fixture(scope="module")
def tag(nlp):
    def run(text: str, published: str | None = PUB):
        return tag_text(text, published, nlp(text))

    return run


@pytest.mark.parametrize(("sentence", "expr", "type_", "value"), CASES, ids=[c[1] for c in CASES])
def test_expression_is_found_and_normalized(tag, sentence, expr, type_, value):
    found = {t.text: t for t in tag(sentence)}
    assert expr in found, f"{expr!r} not found in {sorted(found)}"
    t = found[expr]
    assert (t.type, t.value) == (type_, value)
    assert sentence[t.start:t.end] == t.text


def test_enough_cases_cover_every_kind():
    assert len(CASES) >= 50
    assert {c[2] for c in CASES} == {"DATE", "TIME", "DURATION", "SET"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Xi may visit Moscow before the summer recess is over.",
        "The six-year-old girl was rescued from the rubble.",
        "The Communist Party daily Granma printed the speech.",
        "Troops will march through the capital.",
    ],
)
def test_no_false_time_expressions(tag, sentence):
    values = [(t.text, t.value) for t in tag(sentence)]
    assert not any(text.lower() in ("may", "six-year", "daily", "march") for text, _ in values), values


def test_without_published_date_relative_values_are_null_absolute_kept(tag):
    found = {t.text: t.value for t in tag("On Friday the army said it had held the town since 2019 for three days.", None)}
    assert found["Friday"] is None
    assert found["2019"] == "2019"
    assert found["three days"] == "P3D"


def test_clock_time_takes_the_day_named_in_its_sentence(tag):
    found = {t.text: t.value for t in tag("The blast, at 7:15 p.m., came on Tuesday, police said.")}
    assert found["7:15 p.m."] == "2023-05-23T19:15"


def test_a_year_ago_in_an_earnings_story_is_the_same_quarter(tag):
    text = "Net income rose in the first quarter. Sales were $4 million, up from $3 million a year ago."
    found = {t.text: t.value for t in tag(text)}
    assert found["a year ago"] == "2022-Q1"


def test_spans_stay_inside_text_and_do_not_overlap(tag):
    text = " ".join(c[0] for c in CASES)
    timexes = tag(text)
    assert len(timexes) >= len(CASES) - 5
    last_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last_end
        last_end = t.end


def test_stage_in_pipeline_fills_record(read):
    record = read("Chinese President Xi Jinping met Russia's prime minister on Wednesday. "
                  "Trade reached a record last year.", published=PUB)
    got = {(t.text, t.value) for t in record.timexes}
    assert ("Wednesday", "2023-05-24") in got
    assert ("last year", "2022") in got
    assert all(t.rule for t in record.timexes)


def test_bad_input_gives_no_error(read):
    assert read("", published=PUB).timexes == []
    assert read("On Monday.", published="not a date").timexes[0].value is None


# --- the calendar layer (python-dateutil) and number parsing ------------------------------


def test_weekday_arithmetic():
    wed = dt.date(2023, 5, 24)
    assert cal.weekday_near(wed, 3, "past") == wed
    assert cal.weekday_near(wed, 3, "strict_past") == dt.date(2023, 5, 17)
    assert cal.weekday_near(wed, 1, "future") == dt.date(2023, 5, 29)
    assert cal.week(wed) == "2023-W21"
    assert cal.week(dt.date(2021, 1, 2)) == "2020-W53"


def test_month_day_year_choice():
    pub = dt.date(2023, 5, 24)
    assert cal.year_for_month_day(pub, 12, 25, "past") == 2022
    assert cal.year_for_month_day(pub, 1, 5, "future") == 2024
    assert cal.year_for_month_day(pub, 6, 3, None) == 2023
    assert cal.year_for_month(pub, 12, None) == 2022


def test_dateutil_shifts_and_holidays():
    assert cal.shift(dt.date(2023, 3, 31), "M", -1) == dt.date(2023, 2, 28)
    assert cal.at_granularity(cal.shift(dt.date(2023, 5, 24), "Q", -1), "Q") == "2023-Q1"
    assert cal.holiday("easter", 2023) == dt.date(2023, 4, 9)
    assert cal.holiday("thanksgiving", 2023) == dt.date(2023, 11, 23)


@pytest.mark.parametrize(
    ("text", "number"),
    [("three", 3), ("twenty-four", 24), ("5 1/2", 5.5), ("1,000", 1000), ("a couple of", 2)],
)
def test_number_words(text, number):
    assert parse_number(text) == number


def test_duration_values():
    assert duration(2.5, "Y") == "P2Y6M"
    assert duration(5.5, "H") == "PT5H30M"
    assert duration(3, "Q") == "P9M"
    assert duration(None, "W") == "PXW"


def test_following_year_is_relative_to_the_date_named_before(tag):
    found = {t.text: t.value for t in tag("The plant opened in 1995. The following year it was expanded.")}
    assert found["The following year"] == "1996"


def test_the_quarter_ended_takes_the_quarter_of_its_end_date(tag):
    found = {t.text: t.value for t in tag("Sales rose 5% in the quarter ended March 31.")}
    assert found["the quarter"] == "2023-Q1"


@pytest.mark.parametrize(
    "sentence",
    [
        "The reform will save $500 million a year.",
        "The airline adds 700 seats a week on the route.",
        "The index closed at 2082.1 points.",
        "Farmers own more than a quarter of the land.",
        "The minister spoke on the show \"This Week\" about it.",
    ],
)
def test_rates_fractions_and_titles_are_not_time(tag, sentence):
    assert [t.text for t in tag(sentence)] == []


# --- second pass: tense cues, anaphora, holidays, seasons, idioms ---------------------------

THU = "2024-01-18"  # a Thursday in winter, for seasons and holidays around New Year

# (sentence, expression, type, value, published)
SECOND_PASS = [
    # weekdays: simple present of a scheduled event looks ahead; reporting verbs do not
    ("The ministers meet on Friday in Brussels.", "Friday", "DATE", "2023-05-26", PUB),
    ("The company reports earnings on Thursday.", "Thursday", "DATE", "2023-05-25", PUB),
    ("He will resign after his party chooses a new leader on Friday.", "Friday", "DATE", "2023-05-26", PUB),
    ("Falling banks hurt the index on Friday.", "Friday", "DATE", "2023-05-19", PUB),
    # "until" with a past perfect looks back; "set to" looks ahead; "had been due" looks back
    ("Until Tuesday, police had not named a suspect.", "Tuesday", "DATE", "2023-05-23", PUB),
    ("The offer runs until Friday.", "Friday", "DATE", "2023-05-26", PUB),
    ("The peace talks, set to resume Monday, were welcomed.", "Monday", "DATE", "2023-05-29", PUB),
    ("The offer had been due to expire Friday.", "Friday", "DATE", "2023-05-19", PUB),
    # possessive weekdays: a past event unless "ahead of"
    ("He said the response to Saturday's raid would be harsh.", "Saturday", "DATE", "2023-05-20", PUB),
    ("Markets rallied ahead of Sunday's election.", "Sunday", "DATE", "2023-05-28", PUB),
    # "the previous / the following <weekday>": from the day named before
    ("Rebels took the port on Jan. 3 and the army came back the following Monday.",
     "the following Monday", "DATE", "2023-01-09", PUB),
    ("Rebels took the port on Jan. 3. The army left the next morning.",
     "the next morning", "TIME", "2023-01-04TMO", PUB),
    # seasons around the turn of the year
    ("India holds general elections this spring.", "this spring", "DATE", "2024-SP", THU),
    ("The army will attack in the spring.", "the spring", "DATE", "2024-SP", THU),
    ("The offensive began last summer.", "last summer", "DATE", "2023-SU", THU),
    ("Fighting slowed this winter.", "this winter", "DATE", "2023-WI", THU),
    # "N units later" is a duration (TimeML); "or so ago" is still "ago"
    ("Three days later, the rebels attacked again.", "Three days", "DURATION", "P3D", PUB),
    ("A few days later, the talks collapsed.", "A few days", "DURATION", "PXD", PUB),
    ("A week or so ago, the envoy left.", "A week or so ago", "DATE", "2023-W20", PUB),
    # holidays: the nearest one around publication, else by tense; weeks and movable days
    ("The protests went on through Christmas.", "Christmas", "DATE", "2023-12-25", THU),
    ("Markets were shut for the New Year holiday.", "New Year", "DATE", "2024-01-01", THU),
    ("Pilgrims gathered as Easter week began.", "Easter week", "DATE", "2023-W14", PUB),
    ("Turnout was high on Election Day.", "Election Day", "DATE", "2022-11-08", PUB),
    ("The truce began on Good Friday.", "Good Friday", "DATE", "2023-04-07", PUB),
    # earnings language
    ("In the year-earlier third quarter, the bank lost $5 million.",
     "the year-earlier third quarter", "DATE", "2021-Q3", PUB),
    ("Sales rose in the first quarter. Sales for last year's quarter were lower.",
     "last year's quarter", "DATE", "2022-Q1", PUB),
    ("The deal should close by year-end.", "year-end", "DATE", "2023-12-31", PUB),
    ("The index has gained 9% since year-end.", "year-end", "DATE", "2022-12-31", PUB),
    # numbers and idioms
    ("The craft has been passed down for more than two thousand years.",
     "more than two thousand years", "DURATION", "P2000Y", PUB),
    ("Officials hope the city will one day host the games.", "one day", "DATE", "FUTURE_REF", PUB),
    ("The strike lasted one day.", "one day", "DURATION", "P1D", PUB),
    ("Protests are planned for the weekend.", "the weekend", "DATE", "2023-W21-WE", PUB),
    ("The goal is a bigger share by the mid-1990s.", "mid-1990s", "DATE", "199", PUB),
    ("The market is closed on Sunday mornings.", "Sunday mornings", "SET", "XXXX-WXX-7TMO", PUB),
]


@pytest.mark.parametrize(("sentence", "expr", "type_", "value", "published"), SECOND_PASS,
                         ids=[f"{c[1]}|{c[0][:30]}" for c in SECOND_PASS])
def test_second_pass_expression(tag, sentence, expr, type_, value, published):
    found = {t.text: t for t in tag(sentence, published)}
    assert expr in found, f"{expr!r} not found in {sorted(found)}"
    assert (found[expr].type, found[expr].value) == (type_, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "Smartphones have changed today's youth.",
        "The firm is hiring the engineers of tomorrow.",
        "For the party, it was high noon.",
    ],
)
def test_generic_today_tomorrow_and_idioms_are_not_time(tag, sentence):
    assert [t.text for t in tag(sentence)] == []


def test_dated_today_possessive_is_still_time(tag):
    assert [(t.text, t.value) for t in tag("Today's vote was close.")] == [("Today", PUB)]


def test_movable_holidays_and_season_years():
    from readout.timex.periods import season_year

    assert cal.holiday("good_friday", 2024) == dt.date(2024, 3, 29)
    assert cal.holiday("us_election", 2024) == dt.date(2024, 11, 5)
    jan = dt.date(2024, 1, 18)
    assert season_year(jan, "WI", "this") == 2023
    assert season_year(jan, "SU", "last") == 2023
    assert season_year(jan, "SP", "next") == 2024
    assert season_year(dt.date(2024, 7, 10), "WI", "last") == 2023


def test_the_case_folding_table_is_what_the_regex_engine_does():
    """The pre-filter folds "ſ", "İ", "ı" and the Kelvin sign to the letters re.I takes them for,
    so a pattern's needed word is found even when the text spells it with one of them."""
    from readout.timex.needs import FOLD_TABLE, fold, ignorecase_letters

    assert ignorecase_letters() == FOLD_TABLE
    assert fold("\u017fEPTEMBER \u212aYIV") == "september kyiv"

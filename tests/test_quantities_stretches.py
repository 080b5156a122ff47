"""Spelled-out numbers and excluded digits where the text begins, ends or mixes them."""
from __future__ import annotations

from readout.quantities.candidates import find_candidates
from readout.quantities.numbers import digit_numbers, word_numbers
from readout.quantities.units import excluded_spans


def _words(text):
    return [(text[n.start:n.end], n.value) for n in word_numbers(text)]


def test_number_words_at_the_start_and_the_end_of_the_text():
    assert _words("Twenty-one ships sailed; the crew counted forty") == [
        ("Twenty-one", 21.0), ("forty", 40.0)]


def test_number_words_split_by_other_words_stay_apart():
    assert _words("three boats and two hundred and five crates") == [
        ("three", 3.0), ("two hundred and five", 205.0)]


def test_hundreds_of_and_half_million():
    assert _words("Hundreds of people; half million tons") == [
        ("Hundreds", 100.0), ("half million", 500000.0)]


def test_a_letter_outside_ascii_does_not_hide_a_number_word():
    assert _words("\u212aone and \u0130two") == [("one", 1.0), ("two", 2.0)]


def test_digits_with_a_leading_point_and_a_fraction():
    text = "It grew .5 points, then 10 1/2 more."
    assert [(text[n.start:n.end], n.value) for n in digit_numbers(text)] == [
        (".5", 0.5), ("10 1/2", 10.5), ("1/2", 0.5)]


def test_identifiers_and_clock_times_are_excluded():
    text = "Item scp-173 arrived at 14:30, not at 2 pm; card 1111-2222-3333 stays."
    assert [text[s:e] for s, e in excluded_spans(text)] == ["scp-173", "14:30", "2 pm",
                                                          "1111-2222-3333"]


def test_digit_run_glued_to_letters_is_not_a_quantity():
    assert [c.value for c in find_candidates("The A380 and 12 jets flew.", None, [])] == [12.0]

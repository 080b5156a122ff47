"""Extraction: clean bodies kept faithful, dateline and wire agency, metadata from HTML."""
from __future__ import annotations

from ingest_pages import PARAGRAPHS, TITLE, article_page
from readout.extract import (clean_body, extract_article, find_credit, find_dateline,
                             fragment_to_text, guess_language, slim_html)
from readout.model import Article

WIRE_STORY = (
    "Ministers agree on river treaty\n\n"
    "VIENTIANE: Ministers from three countries signed a treaty on Thursday to share the "
    "water of the river, ending years of talks.\n\n"
    "The agreement sets limits on new dams and creates a joint commission.\n\n\n"
    "What comes next\n\n"
    "The commission will meet twice a year. – AFP\n\n"
    "Back to top button"
)


def test_scraped_wire_story_keeps_paragraphs_and_drops_leftovers():
    article = extract_article(Article(text=WIRE_STORY.split("\n\n", 1)[1],
                                      title="Ministers agree on river treaty"))
    assert article.dateline == "VIENTIANE"
    assert article.agency == "AFP"
    assert article.text.startswith("VIENTIANE: Ministers from three countries")
    assert "The agreement sets limits on new dams" in article.text
    assert article.text.endswith("The commission will meet twice a year.")
    assert "Back to top" not in article.text and "AFP" not in article.text


def test_plain_text_passes_through_unchanged_but_for_boilerplate():
    text = ("MOSCOW, May 24 (Reuters) - Grain exports rose.\n\n"
            "Read more\n\n  Traders   expected   more.  \n\nADVERTISEMENT IN CAPITALS HERE NOW")
    article = extract_article(Article(text=text))
    assert article.text == ("MOSCOW, May 24 (Reuters) - Grain exports rose.\n\n"
                            "  Traders   expected   more.  \n\nADVERTISEMENT IN CAPITALS HERE NOW")
    assert (article.dateline, article.agency) == ("MOSCOW", "Reuters")


def test_extraction_is_idempotent():
    once = extract_article(Article(text=WIRE_STORY))
    twice = extract_article(once)
    assert twice.text == once.text and twice.agency == once.agency == "AFP"


def test_html_page_body_and_metadata():
    article = extract_article(Article(html=article_page(extra_body=(
        "<p>Share this article</p><p>Follow us on Facebook and X</p>"
        "<p>We use cookies to improve your experience on our site.</p>"))))
    assert article.title == TITLE
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.published == "2024-03-05"
    assert (article.source, article.author) == ("The Example Herald", "Maria Example")
    assert article.url == "https://herald.example/news/alvora-port"
    assert article.language == "en" and article.html is None


def test_related_list_at_the_end_is_dropped():
    body = "\n\n".join(PARAGRAPHS + ["Related articles", "Storm closes coastal road",
                                     "Council approves new budget", "Ferry fares rise"])
    assert clean_body(body) == "\n\n".join(PARAGRAPHS)


def test_wire_dateline_and_credit_forms():
    assert find_dateline("KYIV, Ukraine (AP) — Sirens sounded.") == ("KYIV", "AP")
    assert find_dateline("CAIRO, Oct. 2 (Xinhua) -- Talks resumed.") == ("CAIRO", "Xinhua")
    assert find_dateline("The minister said BEIJING: was wrong.") == (None, None)
    assert find_dateline("CLAIM: The photo shows a flood.") == (None, None)
    assert find_credit("Prices rose. (With inputs from Agence France-Presse)")[0] == "AFP"


def test_feed_fragment_to_paragraphs():
    assert fragment_to_text("<p>One <b>bold</b> move.</p><p>Two.</p><script>x()</script>") == \
        "One bold move.\n\nTwo."


def test_language_guess():
    assert guess_language(" ".join(PARAGRAPHS)) == "en"
    spanish = ("El gobierno anunció el martes un nuevo plan para el puerto de la ciudad, que "
               "según los responsables costará cuarenta millones de euros y permitirá duplicar "
               "la capacidad en dos años. Los vecinos temen más ruido y tráfico en las calles, "
               "mientras los comerciantes esperan nuevos clientes para sus negocios locales.")
    assert guess_language(spanish, "es") == "es"
    assert guess_language("Too short to tell.", None) == "en"


def test_very_large_page_is_slimmed_with_a_note():
    page = article_page(head_extra="<style>" + "b{}" * 3_000_000 + "</style>")
    slim, note = slim_html(page)
    assert "very large page" in note and len(slim) < len(page)
    assert all(p in slim for p in PARAGRAPHS)


def test_pipeline_record_carries_dateline_and_agency(read):
    record = read("ANKARA (Reuters) - Turkey's parliament approved the bill on Tuesday.")
    assert (record.dateline, record.agency) == ("ANKARA", "Reuters")
    assert record.text.startswith("ANKARA (Reuters) - ")

"""Sources: every input format, detection by content, and bad input that never stops a batch."""
from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from ingest_pages import ATOM, EMPTY_RSS, PARAGRAPHS, RSS, TITLE, article_page, warc_bytes
from readout.model import Article
from readout.sources import ReadError, detect_format, ingest, read_bytes, read_sources


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items, kind="error"):
    return [i for i in items if isinstance(i, ReadError) and i.kind == kind]


def read_all(paths, fmt="auto"):
    return list(ingest(read_sources([str(p) for p in paths], fmt)))


# ------------------------------------------------------------------ detection

@pytest.mark.parametrize("name,head,fmt", [
    ("a.txt", b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
    ("dump.dat", b'{"id": "1", "text": "Hello"}', "jsonl"),
    ("page.txt", b"  <!DOCTYPE html><html><body>", "html"),
    ("news.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
    ("feed.txt", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    ("story.html", b"Plain words, no markup at all.", "text"),
    ("story.txt", b"\xef\xbb\xbfOTTAWA: The council met.", "text"),
])
def test_format_is_detected_by_content(name, head, fmt):
    assert detect_format(name, head) == fmt


# ------------------------------------------------------------------ formats

def test_html_file_gives_body_metadata_and_file_stem_id(tmp_path):
    page = tmp_path / "herald_1.html"
    page.write_text(article_page(), encoding="utf-8")
    (article,) = articles(read_all([page]))
    assert article.id == "herald_1"
    assert article.title == TITLE
    assert article.source == "The Example Herald"
    assert article.author == "Maria Example"
    assert article.url == "https://herald.example/news/alvora-port"
    assert article.published == "2024-03-05"
    assert article.dateline == "LISBON"
    assert article.text.startswith("LISBON: The harbour authority")
    assert all(p in article.text for p in PARAGRAPHS)
    assert "Most read" not in article.text and "All rights reserved" not in article.text


def test_jsonl_with_text_or_html(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [{"id": "t1", "text": "KIGALI: Ministers met on Monday.\n\nAdvertisement\n\nThey agreed."},
             {"id": "h1", "html": article_page()}]
    dump.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    first, second = articles(read_all([dump]))
    assert first.id == "t1"
    assert first.text == "KIGALI: Ministers met on Monday.\n\nThey agreed."
    assert second.id == "h1" and second.title == TITLE


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_reads_html_responses_and_counts_the_rest(tmp_path, compressed):
    data = warc_bytes([("https://herald.example/one", article_page()),
                       ("https://herald.example/two", article_page(title="Second story"))],
                      gzip=compressed)
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(data)
    items = read_all([path])
    found = articles(items)
    assert [a.url for a in found] == ["https://herald.example/one", "https://herald.example/two"]
    (note,) = errors(items, "info")
    assert "2 HTML records read" in note.reason and "4 other records skipped" in note.reason
    assert not errors(items)


def test_truncated_warc_keeps_what_was_read(tmp_path):
    data = warc_bytes([(f"https://herald.example/{i}", article_page()) for i in range(3)],
                      gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.7)])
    items = read_all([path])
    assert 1 <= len(articles(items)) < 3
    (error,) = errors(items)
    assert error.origin == str(path) and "truncated or corrupt" in error.reason


def test_rss_and_atom_entries(tmp_path):
    (tmp_path / "news.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "news.atom").write_text(ATOM, encoding="utf-8")
    items = read_all([tmp_path / "news.rss", tmp_path / "news.atom"])
    found = articles(items)
    assert [a.title for a in found] == ["Alvora port to double capacity", "Rail strike called off",
                                        "Bridge reopens after repairs"]
    assert found[0].text == "The harbour authority said it would open two new berths."
    assert found[0].url == "https://herald.example/a" and found[0].published == "2024-03-05"
    assert found[2].text == "The old river bridge reopened to traffic on Thursday."


def test_empty_feed_is_one_warning(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text(EMPTY_RSS, encoding="utf-8")
    (error,) = read_all([path])
    assert isinstance(error, ReadError) and "feed has no entries" in str(error)
    assert str(path) in str(error)


def test_gzipped_text_and_html(tmp_path):
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(
        b"Port strike ends\n\nDUBLIN: Dock workers returned to work on Friday."))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(article_page().encode()))
    found = articles(read_all([tmp_path / "story.txt.gz", tmp_path / "page.html.gz"]))
    assert found[0].title == "Port strike ends" and found[0].dateline == "DUBLIN"
    assert found[1].title == TITLE and found[1].id == "page"


def test_directories_recurse_and_globs_expand(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("The first short story was written here.")
    (tmp_path / "a" / "b" / "two.txt").write_text("The second short story was written here.")
    (tmp_path / "a" / ".hidden.txt").write_text("Never read.")
    by_dir = articles(read_all([tmp_path / "a"]))
    by_glob = articles(read_all([tmp_path / "a" / "**" / "*.txt"]))
    assert sorted(a.text for a in by_dir) == ["The first short story was written here.",
                                              "The second short story was written here."]
    assert sorted(a.text for a in by_glob) == sorted(a.text for a in by_dir)


def test_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"HAVANA: Rain fell on the city for a third day."))
    monkeypatch.setattr(sys, "stdin", fake)
    (article,) = articles(read_all(["-"]))
    assert article.dateline == "HAVANA" and article.origin == "<stdin>"


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("encoding,bom", [("cp1252", b""), ("latin-1", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_legacy_encodings_and_bom_are_read(tmp_path, encoding, bom):
    text = "Café owners in Zürich said the “new rules” cost them €300 a month."
    if encoding == "latin-1":
        text = "Café owners in Zürich said the new rules cost them 300 francs a month."
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(bom + text.encode(encoding))
    (article,) = articles(read_all([path]))
    assert article.text == text


def test_binary_file_named_html_is_one_warning_and_batch_goes_on(tmp_path):
    (tmp_path / "a.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "b.html").write_text(article_page(), encoding="utf-8")
    items = read_all([tmp_path / "a.html", tmp_path / "b.html"])
    (error,) = errors(items)
    assert error.origin == str(tmp_path / "a.html") and "binary" in error.reason
    assert [a.id for a in articles(items)] == ["b"]


def test_page_without_article_is_one_warning(tmp_path):
    (tmp_path / "menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><div>Login</div></body></html>")
    (tmp_path / "good.html").write_text(article_page(), encoding="utf-8")
    items = read_all([tmp_path / "menu.html", tmp_path / "good.html"])
    (error,) = errors(items)
    assert "menu.html" in str(error) and "no article text" in error.reason
    assert [a.id for a in articles(items)] == ["good"]


def test_non_english_article_is_skipped_and_counted():
    german = ("Die Stadt hat am Dienstag beschlossen, den alten Hafen zu erweitern. Der Bau soll "
              "im Frühjahr beginnen und etwa zwei Jahre dauern. Die Kosten werden auf vierzig "
              "Millionen Euro geschätzt, teilte die Verwaltung mit. Anwohner befürchten mehr "
              "Lärm und Verkehr, während Händler auf neue Kunden hoffen. Der Bürgermeister "
              "sprach von einer großen Chance für die ganze Region und ihre Betriebe.")
    items = list(ingest(read_bytes(german.encode(), origin="de.txt")))
    (skipped,) = errors(items, "skipped")
    assert skipped.origin == "de.txt" and "not English" in skipped.reason
    kept = list(ingest(read_bytes(german.encode(), origin="de.txt"), english_only=False))
    assert articles(kept)[0].language == "und"


@pytest.mark.slow
def test_fifty_megabyte_page_keeps_its_article(tmp_path):
    blob = "var x = '" + "A" * (50 * 1024 * 1024) + "';"
    page = article_page(head_extra=f"<script>{blob}</script>")
    path = tmp_path / "huge.html"
    path.write_text(page, encoding="utf-8")
    (article,) = articles(read_all([path]))
    assert all(p in article.text for p in PARAGRAPHS)
    assert any("very large page" in w for w in article.warnings)


def test_cli_batch_reports_bad_inputs_and_reads_the_rest(tmp_path, capsys):
    from readout.cli.read import _articles

    (tmp_path / "bad.html").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.rss").write_text(EMPTY_RSS)
    (tmp_path / "ok.html").write_text(article_page(), encoding="utf-8")
    (tmp_path / "copy.html").write_text(article_page(), encoding="utf-8")
    failures: list[str] = []
    counts: dict[str, int] = {}
    found = list(_articles([str(tmp_path)], "auto", failures, counts))
    assert [a.id for a in found] == ["copy", "ok"]
    assert found[1].duplicate_of == "copy"
    assert counts["duplicate"] == 1
    assert len(failures) == 2
    err = capsys.readouterr().err
    assert "bad.html" in err and "empty.rss" in err


def test_html_declared_charset_is_used_when_not_utf8(tmp_path):
    page = article_page().replace('charset="utf-8"', 'charset="iso-8859-7"').replace(
        "regional banks", "regional banks (τράπεζες)")
    path = tmp_path / "greek.html"
    path.write_bytes(page.encode("iso-8859-7"))
    (article,) = articles(read_all([path]))
    assert "(τράπεζες)" in article.text

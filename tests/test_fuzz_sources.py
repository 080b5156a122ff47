"""Property tests on every source and on extraction: arbitrary bytes, text, HTML, JSON
Lines, RSS/Atom and broken WARC records never raise; each input gives Articles or
ReadErrors naming it; extracted bodies are strings. No spaCy here (fast)."""
from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readout.extract import extract_article
from readout.model import Article
from readout.sources import FORMATS, ReadError, ingest, read_bytes
from readout.sources.html import parse_html
from readout.sources.jsonl import article_from_object, parse_jsonl
from readout.sources.text import parse_text

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# characters news on the web really carries: controls, RTL marks and scripts, emoji,
# combining marks, odd spaces and quotes, plus whatever hypothesis picks
SPICE = ("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u00a0\u00ad\u061c\u200b\u200d\u200e\u200f"
         "\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2066\u2069\ufeff\ufffd\ufffe"
         "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \U0001f600\U0001f1fa\U0001f1f8"
         "\U0001f469\u200d\U0001f4bb e\u0301 \u201c\u201d\u2018\u2019\u00ab\u00bb\u300c\u300d"
         "\r\n\t")
messy_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(SPICE)), max_size=400)
words = st.sampled_from(["Russia", "China", "said", "met", "\u201cWe", "will", "$5 billion",
                         "on Monday", "Reuters", "(AP)", "MOSCOW", "\u2014", "40%", "\n\n",
                         "<b>", "&amp;", "&#0;", "&#x110000;", "\u202e", "\U0001f600", "."])
newsy_text = st.lists(st.one_of(words, messy_text.map(lambda s: s[:20])), max_size=60).map(" ".join)
any_text = st.one_of(messy_text, newsy_text)


def check_items(items: list, origin: str) -> None:
    """Every item is an Article with string fields or a ReadError naming the input."""
    for item in items:
        assert isinstance(item, (Article, ReadError)), type(item)
        if isinstance(item, ReadError):
            assert item.reason and origin in item.origin
        else:
            assert item.text is None or isinstance(item.text, str)
            assert item.html is None or isinstance(item.html, str)


def extracted(items: list) -> list:
    """The items after extraction, duplicate marking and the language filter."""
    from readout.dedup import Deduplicator

    out = list(ingest(items, dedup=Deduplicator(), english_only=True))
    for item in out:
        if isinstance(item, Article):
            assert isinstance(item.text, str) and item.text
            assert item.id
    return out


# ---------------------------------------------------------------- raw bytes, every format


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS))
def test_any_bytes_in_any_format_give_articles_or_errors(data, fmt):
    items = list(read_bytes(data, origin="fuzz.bin", input_format=fmt))
    check_items(items, "fuzz")
    extracted(items)


@FUZZ
@given(text=any_text, fmt=st.sampled_from(FORMATS), encoding=st.sampled_from(
    ["utf-8", "utf-16", "latin-1", "utf-8-sig", "gzip"]))
def test_any_text_in_any_encoding_and_format_is_read(text, fmt, encoding):
    if encoding == "gzip":
        data = gzip.compress(text.encode("utf-8", "surrogatepass"))
    else:
        data = text.encode(encoding, "replace")
    items = list(read_bytes(data, origin="fuzz.txt", input_format=fmt))
    check_items(items, "fuzz")
    extracted(items)


@pytest.mark.parametrize("data", [b"", b"\n", b"\x00" * 100, b"\xef\xbb\xbf", b"\x1f\x8b",
                                  b"\x1f\x8b\x08\x00garbage", b"WARC/1.0\r\n", b"{", b"<",
                                  b"<rss>", b"\xff\xfe", b"{}\n[]\nnull\n\"x\"\n1\n"])
def test_empty_and_degenerate_inputs(data):
    for fmt in FORMATS:
        items = list(read_bytes(data, origin="tiny", input_format=fmt))
        check_items(items, "tiny")
        extracted(items)


def test_a_huge_input_is_read_without_error():
    para = "The ministers of Ruritania and Freedonia met in Geneva on Tuesday. " * 40 + "\n\n"
    data = (para * 1500).encode()  # ~4 MB of text
    items = list(read_bytes(data, origin="huge.txt", input_format="auto"))
    check_items(items, "huge")
    (article,) = extracted(items)
    assert len(article.text) > 3_000_000


# ---------------------------------------------------------------- text and JSON Lines


@FUZZ
@given(text=any_text)
def test_plain_text_keeps_title_and_body_as_strings(text):
    article = parse_text(text, origin="t.txt")
    assert isinstance(article, Article)
    extracted([article])


json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        any_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)
article_object = st.fixed_dictionaries({}, optional={
    k: json_value for k in ("id", "text", "html", "url", "title", "published", "source",
                            "language", "date", "body")})


@FUZZ
@given(objects=st.lists(st.one_of(article_object, json_value), max_size=6),
       junk=st.lists(messy_text.map(lambda s: s.replace("\n", " ")), max_size=3))
def test_json_lines_with_any_values_and_junk_lines(objects, junk):
    lines = [json.dumps(o) for o in objects] + junk
    items = list(parse_jsonl("\n".join(lines), origin="f.jsonl", make_error=ReadError))
    check_items(items, "f.jsonl")
    extracted(items)


@FUZZ
@given(obj=article_object)
def test_an_object_with_wrong_types_becomes_an_article_or_a_clear_error(obj):
    try:
        article = article_from_object(obj, origin="obj")
    except (ValueError, TypeError) as exc:  # the documented refusal: jsonl turns it into a ReadError
        assert str(exc)
        return
    extracted([article])


# ---------------------------------------------------------------- HTML


TAGS = ["p", "div", "article", "main", "h1", "title", "script", "style", "span", "br", "table",
        "td", "li", "meta", "time", "noscript", "iframe", "svg", "template", "![CDATA[", "!--"]


@st.composite
def html_pages(draw) -> str:
    parts = ["<!DOCTYPE html>" if draw(st.booleans()) else ""]
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' class="story"', ' charset="koi8-r"',
                                      ' content="2023-05-24" property="article:published_time"',
                                      ' lang="ar" dir="rtl"', " x=\"\u202e\x00\"", " onload='x()'"]))
        body = draw(any_text)
        closed = draw(st.booleans())
        parts.append(f"<{tag}{attrs}>{body}" + (f"</{tag}>" if closed else ""))
    return "".join(parts)


@FUZZ
@given(page=html_pages())
def test_arbitrary_html_pages_extract_or_are_skipped(page):
    article = parse_html(page, origin="page.html")
    check_items([article], "page")
    extracted([article])
    items = list(read_bytes(page.encode("utf-8", "surrogatepass"), origin="page.html"))
    extracted(items)


@FUZZ
@given(html=st.one_of(html_pages(), any_text))
def test_html_in_json_lines_is_extracted(html):
    article = article_from_object({"id": "h1", "html": html}, origin="h.jsonl")
    try:
        out = extract_article(article)
    except Exception as exc:  # pragma: no cover - shown in the failure
        raise AssertionError(f"extract_article raised {exc!r}")
    assert isinstance(out.text, str)


def test_deeply_nested_html_does_not_blow_the_stack():
    page = "<div>" * 20000 + "Ruritania signed a pact with Freedonia." + "</div>" * 20000
    items = list(read_bytes(page.encode(), origin="deep.html"))
    check_items(items, "deep")
    extracted(items)


# ---------------------------------------------------------------- feeds


@st.composite
def feeds(draw) -> bytes:
    items = "".join(
        f"<item><title>{draw(any_text)[:40]}</title><link>{draw(any_text)[:30]}</link>"
        f"<pubDate>{draw(st.sampled_from(['Mon, 22 May 2023 10:00:00 GMT', 'yesterday', '', '99/99/9999']))}"
        f"</pubDate><description>{draw(any_text)}</description></item>"
        for _ in range(draw(st.integers(0, 4))))
    cut = draw(st.integers(0, 10_000))
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    return doc.encode("utf-8", "surrogatepass")[:cut]


def without_huge_charrefs(data: bytes) -> bytes:
    """``data`` without character references past U+10FFFF (the known feed bug below)."""
    def keep(m: re.Match) -> bytes:
        digits = m.group(1).decode()
        value = int(digits[1:], 16) if digits[:1] in "xX" and len(digits) > 1 else (
            int(digits) if digits.isdigit() else 0)
        return m.group(0) if value < 0x110000 else b""
    return re.sub(rb"&#([xX][0-9a-fA-F]+|[0-9]+);?", keep, data)


@FUZZ
@given(data=feeds())
def test_rss_feeds_even_cut_short_give_articles_or_errors(data):
    data = without_huge_charrefs(data)
    items = list(read_bytes(data, origin="news.rss", input_format="feed"))
    check_items(items, "news.rss")
    extracted(items)


# ---------------------------------------------------------------- WARC


def warc_bytes(payloads: list[tuple[str, bytes]], compress: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for i, (ctype, body) in enumerate(payloads):
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(f"https://news.example/{i}", "response",
                                        payload=io.BytesIO(body), http_headers=http)
        writer.write_record(rec)
    return buf.getvalue()


payload = st.tuples(st.sampled_from(["text/html; charset=utf-8", "text/html; charset=bogus",
                                     "text/plain", "application/pdf", "text/html"]),
                    st.one_of(html_pages().map(lambda s: s.encode("utf-8", "surrogatepass")),
                              st.binary(max_size=500)))


@FUZZ
@given(payloads=st.lists(payload, min_size=1, max_size=4), compress=st.booleans(),
       damage=st.sampled_from(["none", "truncate", "flip", "splice", "garbage-tail"]),
       where=st.floats(0, 1))
def test_broken_warc_records_never_stop_the_archive(payloads, compress, damage, where):
    data = bytearray(warc_bytes(payloads, compress))
    at = int(where * (len(data) - 1))
    if damage == "truncate":
        data = data[:at]
    elif damage == "flip":
        for k in range(at, min(len(data), at + 8)):
            data[k] ^= 0xFF
    elif damage == "splice":
        data = data[:at] + b"WARC/1.0\r\nContent-Length: 999999\r\n\r\n" + data[at:]
    elif damage == "garbage-tail":
        data += b"\x00\xffnot a record\r\n\r\n"
    items = list(read_bytes(bytes(data), origin="crawl.warc" + (".gz" if compress else "")))
    check_items(items, "crawl.warc")
    extracted(items)
    if damage == "none":
        assert not any(isinstance(i, ReadError) and i.kind == "error" for i in items)


HUGE_CHARREF_FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
                     b'<description>&#x110000; Ruritania</description></item></channel></rss>')


def test_a_feed_with_an_impossible_character_reference_gives_an_error_not_an_exception():
    items = list(read_bytes(HUGE_CHARREF_FEED, origin="bad.rss"))
    check_items(items, "bad.rss")


def test_a_source_that_raises_on_one_file_does_not_stop_the_batch(tmp_path):
    from readout.cli.read import _each_input

    (tmp_path / "a_bad.rss").write_bytes(HUGE_CHARREF_FEED)
    (tmp_path / "b_good.txt").write_text("Freedonia opened talks with Ruritania.\n")
    items = list(_each_input([str(tmp_path)], "auto"))
    assert [type(i).__name__ for i in items] == ["ReadError", "Article"]
    assert isinstance(items[-1], Article) and "Freedonia" in items[-1].text


def test_a_gzip_file_with_a_damaged_trailer_gives_an_error_not_an_exception():
    data = bytearray(gzip.compress(b"Ruritania met Freedonia."))
    data[-1] ^= 0xFF
    items = list(read_bytes(bytes(data), origin="story.txt.gz"))
    check_items(items, "story.txt.gz")

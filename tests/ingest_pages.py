"""Made-up news pages, feeds and archives for the ingest tests (no real articles)."""
from __future__ import annotations

import io
from typing import Optional

PARAGRAPHS = [
    "LISBON: The harbour authority of the fictional port of Alvora said on Tuesday that "
    "it would open two new container berths next spring, doubling the port's capacity.",
    "The expansion, which cost about 40 million euros, was financed by a consortium of "
    "regional banks and a development fund, according to a statement from the authority.",
    "Shipping companies have long complained about delays at the port, where vessels "
    "sometimes waited three days to unload during the busy autumn season last year.",
    "Officials expect the new berths to cut waiting times by half and to create several "
    "hundred jobs in the surrounding district once the cranes are installed.",
]
TITLE = "Alvora port to double its capacity with new berths"


def article_page(title: str = TITLE, paragraphs: Optional[list[str]] = None,
                 extra_body: str = "", head_extra: str = "", lang: str = "en") -> str:
    """A small but complete news page with navigation, a sidebar and a footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | The Example Herald</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Example Herald">
<meta property="og:url" content="https://herald.example/news/alvora-port">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<meta name="author" content="Maria Example">{head_extra}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paras}
{extra_body}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes coastal road</a></li>
<li><a href="/b">Council approves new budget</a></li></ul></aside>
<footer>© 2024 The Example Herald. All rights reserved.</footer></body></html>"""


def warc_bytes(pages: list[tuple[str, str]], gzip: bool = True) -> bytes:
    """A WARC with a warcinfo record, then a request and an HTML response per page,
    and one image response (to be skipped)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for url, html in pages:
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "herald.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers))
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://herald.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
        http_headers=img))
    return buf.getvalue()


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Herald</title><link>https://herald.example/</link>
<item><title>Alvora port to double capacity</title><link>https://herald.example/a</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
<description>&lt;p&gt;The harbour authority said it would open two new berths.&lt;/p&gt;&lt;p&gt;Read more&lt;/p&gt;</description></item>
<item><title>Rail strike called off</title><link>https://herald.example/b</link>
<pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>Unions and the operator reached a pay deal late on Tuesday night.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Herald</title>
<entry><title>Bridge reopens after repairs</title><link href="https://herald.example/c"/>
<id>urn:example:c</id><updated>2024-03-07T08:00:00Z</updated>
<content type="html">&lt;p&gt;The old river bridge reopened to traffic on Thursday.&lt;/p&gt;</content>
<summary>Short summary.</summary></entry></feed>"""

EMPTY_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>"""

"""RSS / Atom feeds via feedparser: one article per entry (content, else summary)."""
from __future__ import annotations

import time
from typing import Any, Callable, Iterator, Optional

from readout.model import Article


def _date(entry: Any) -> Optional[str]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None


def _body(entry: Any) -> tuple[Optional[str], bool]:
    """The entry's longest content (or its summary) and whether it is HTML."""
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        return best["value"], "html" in best.get("type", "html")
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    return summary, "html" in detail.get("type", "text/html")


def parse_feed(data: bytes, *, origin: str, make_error: Callable[..., Any]) -> Iterator[Any]:
    """Articles for the entries of an RSS/Atom feed; an error when it has none."""
    import feedparser

    from readout.extract import fragment_to_text

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser raises on some malformed input (bad char refs)
        yield make_error(origin=origin, reason=f"unreadable feed ({type(exc).__name__}: {exc})")
        return
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({type(problem).__name__})" if problem else ""
        yield make_error(origin=origin, reason=f"feed has no entries{why}")
        return
    site = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{origin}#{number}"
        body, is_html = _body(entry)
        if not body:
            yield make_error(origin=where, reason="feed entry has no content or summary")
            continue
        text = fragment_to_text(body) if is_html else body
        yield Article(text=text, url=entry.get("link"), title=entry.get("title"),
                      published=_date(entry), author=entry.get("author"), source=site,
                      origin=where)

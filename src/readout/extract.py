"""Article → clean body text and metadata.

1. HTML (when there is no text) → body text with trafilatura, plus its metadata.
2. Normalize line ends; drop empty edges.
3. Give the article a stable id: the given one, else a hash of its URL, else of its text.
4. Check the published date is an ISO date; otherwise drop it with a warning.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date
from typing import Optional

from readout.model import Article

_SPACES = re.compile(r"\s+")


def stable_id(url: Optional[str], text: str) -> str:
    """A 16-hex-digit id from the URL, else from the whitespace-normalized text."""
    key = url.strip() if url else _SPACES.sub(" ", text).strip().lower()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def html_to_text(html: str) -> tuple[str, dict[str, Optional[str]]]:
    """Body text and metadata (title, date, sitename, author, url) of an HTML page."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, favor_precision=False) or ""
    meta: dict[str, Optional[str]] = {}
    doc = trafilatura.extract_metadata(html)
    if doc is not None:
        meta = {"title": doc.title, "published": doc.date, "source": doc.sitename,
                "author": doc.author, "url": doc.url}
    return text, meta


def normalize_date(value: Optional[str]) -> Optional[str]:
    """``YYYY-MM-DD`` from an ISO date or datetime string, else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def extract_article(article: Article) -> Article:
    """The article with clean ``text``, an ``id`` and checked metadata."""
    warnings = list(article.warnings)
    fields: dict[str, Optional[str]] = {}
    text = article.text
    if text is None and article.html is not None:
        text, meta = html_to_text(article.html)
        fields = {k: v for k, v in meta.items() if v and not getattr(article, k)}
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    published = article.published or fields.pop("published", None)
    checked = normalize_date(published)
    if published and checked is None:
        warnings.append(f"published date {published!r} is not an ISO date; ignored")
    if not text:
        warnings.append(f"empty article: no text to read (from {article.origin or 'input'})")
    url = article.url or fields.pop("url", None)
    return dataclasses.replace(
        article,
        **fields,
        url=url,
        text=text,
        html=None,
        published=checked,
        id=article.id or stable_id(url, text),
        language=article.language or "en",
        warnings=warnings,
    )

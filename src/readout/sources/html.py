"""HTML pages: one article per page; the body is extracted later by ``readout.extract``."""
from __future__ import annotations

import re
from pathlib import PurePath

from readout.model import Article

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any."""
    m = _CHARSET.search(head[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def page_id(origin: str) -> str | None:
    """The file stem of a page read from a file ("html/CNBC_0.html" → "CNBC_0")."""
    if origin.startswith("<"):
        return None
    name = PurePath(origin.split("!")[0]).name
    for suffix in (".gz", ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or None


def parse_html(html: str, *, origin: str, url: str | None = None) -> Article:
    """One article holding the page's HTML, its id the file stem."""
    return Article(id=page_id(origin), html=html, url=url, origin=origin)

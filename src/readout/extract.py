"""Article → clean body text and metadata.

1. HTML (when there is no text) → body text with trafilatura, plus its metadata
   (title, date, site name, author, URL, language); the title line is not kept in the body.
2. Scraper leftovers ("Back to top button", "Read more", cookie notices, related-article
   lists …) are removed line by line with the patterns in ``data/extract/boilerplate.json``;
   every other character of the body is kept as it was.
3. Dateline ("BEIJING:", "MOSCOW, May 24 (Reuters) -") and wire agency (from the dateline
   or a trailing "– AFP" credit, which is removed) are recorded.
4. The article gets a stable id and a checked ISO published date.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from readout.model import Article

_DATA = Path(__file__).parent / "data" / "extract"
_SPACES = re.compile(r"\s+")
_LINES = re.compile(r"(\n+)")
_NOT_WORD = re.compile(r"\W+")
_SENTENCE_END = (".", "!", "?", "”", '"', "’", "…", ":", ";", ")")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_HEAVY_HTML = re.compile(
    r"<(script|style|svg|noscript|template)\b.*?</\1\s*>|\bdata:[\w/+.-]+;base64,[A-Za-z0-9+/=]+",
    re.I | re.S)
#: page parts that never hold the article body, removed before extraction
_PRUNE = ["//aside", "//nav", "//footer", "//figure", "//form"]
#: pages larger than this (in characters) are slimmed, then cut, with a warning
MAX_HTML_CHARS = 8_000_000
_EN_WORDS = frozenset(
    "the of and to in a is that for on with was as by said it at from he be have are has his"
    " an not this but were which they their will been who would had she her its after over"
    " more than about into also we i you one there or".split())

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


# ---------------------------------------------------------------------------- data files

def _load(name: str) -> Any:
    return json.loads((_DATA / name).read_text(encoding="utf-8"))


@dataclasses.dataclass(frozen=True)
class LinePattern:
    """One boilerplate pattern from ``boilerplate.json``."""

    name: str
    regex: re.Pattern[str]
    max_len: int
    then: Optional[str]
    html_only: bool


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[LinePattern, ...]:
    """The boilerplate line patterns, compiled."""
    out = []
    for entry in _load("boilerplate.json"):
        flags = 0 if entry.get("case_sensitive") else re.I
        out.append(LinePattern(entry["name"], re.compile(entry["pattern"], flags),
                               entry.get("max_len", 120), entry.get("then"),
                               bool(entry.get("html_only"))))
    return tuple(out)


@lru_cache(maxsize=1)
def agency_names() -> dict[str, str]:
    """Lower-cased alias → canonical agency name."""
    return {alias.lower(): entry["name"] for entry in _load("agencies.json")
            for alias in [entry["name"], *entry["aliases"]]}


@lru_cache(maxsize=1)
def dateline_patterns() -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    """The dateline regexes and the capitalised words that are never places."""
    entries = _load("datelines.json")
    regexes = tuple(re.compile(e["pattern"]) for e in entries if "pattern" in e)
    words = frozenset(w for e in entries for w in e.get("words", ()))
    return regexes, words


@lru_cache(maxsize=1)
def credit_patterns() -> tuple[re.Pattern[str], ...]:
    """Trailing agency-credit regexes (group ``agency``)."""
    return tuple(re.compile(e["pattern"], re.I) for e in _load("credits.json"))


# ---------------------------------------------------------------------------- body text

def _is_boilerplate(line: str, from_html: bool) -> Optional[LinePattern]:
    stripped = line.strip()
    for pattern in boilerplate_patterns():
        if pattern.html_only and not from_html:
            continue
        if len(stripped) <= pattern.max_len and pattern.regex.fullmatch(stripped):
            return pattern
    return None


def _headline_like(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= 150 and not stripped.endswith(_SENTENCE_END)


def _drop_lines(lines: list[str], from_html: bool) -> list[bool]:
    """For each line, whether it is a scraper leftover."""
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        pattern = _is_boilerplate(lines[i], from_html)
        if pattern is None:
            i += 1
            continue
        drop[i] = True
        i += 1
        if pattern.then == "headlines":
            rest = lines[i:]
            if 2 <= len(rest) <= 12 and all(len(r.strip()) <= 300 for r in rest):
                for j in range(i, len(lines)):  # a list of links closing the page
                    drop[j] = True
                return drop
            while i < len(lines) and _headline_like(lines[i]):
                drop[i] = True
                i += 1
    return drop


def clean_body(text: str, from_html: bool = False) -> str:
    """``text`` without boilerplate lines; the kept lines and separators are unchanged.
    Patterns marked ``html_only`` (share buttons, all-capitals promos, captions) apply
    only to bodies extracted from HTML."""
    parts = _LINES.split(text)
    lines, seps = parts[0::2], parts[1::2]
    drop = _drop_lines(lines, from_html)
    if not any(drop):
        return text
    out: list[str] = []
    for k, line in enumerate(lines):
        if drop[k]:
            continue
        if out:
            out.append(seps[k - 1] if k - 1 < len(seps) else "\n\n")
        out.append(line)
    return "".join(out).strip()


def normalize_agency(name: Optional[str]) -> Optional[str]:
    """The canonical name of a wire agency ("Agence France-Presse" → "AFP"), else None."""
    if not name:
        return None
    return agency_names().get(_SPACES.sub(" ", name).strip().lower())


def find_credit(text: str) -> tuple[Optional[str], str]:
    """A trailing agency credit ("… to visit Beijing. – AFP"): (agency, text without it)."""
    tail_start = max(0, len(text) - 120)
    tail = text[tail_start:]
    for regex in credit_patterns():
        for m in regex.finditer(tail):
            agency = normalize_agency(m.group("agency"))
            if agency is not None:
                return agency, text[: tail_start + m.start()].rstrip()
    return None, text


def find_dateline(text: str) -> tuple[Optional[str], Optional[str]]:
    """(place, agency) of a dateline opening one of the first paragraphs, else (None, None)."""
    regexes, not_places = dateline_patterns()
    for para in text.split("\n")[:4]:
        para = para.strip()
        if not para:
            continue
        for regex in regexes:
            m = regex.match(para)
            if m is None:
                continue
            place = m.group("place").strip()
            agency_text = m.groupdict().get("agency")
            agency = normalize_agency(agency_text)
            if agency_text and agency is None:
                continue
            if place in not_places or len(place.replace(" ", "")) < 3:
                continue
            return place, agency
    return None, None


def is_english(text: str) -> Optional[bool]:
    """Whether ``text`` reads as English (share of common English words); None if too short."""
    words = [w for w in _NOT_WORD.split(text[:3000].lower()) if w.isalpha()]
    if len(words) < 40:
        return None
    share = sum(w in _EN_WORDS for w in words) / len(words)
    return share >= 0.12


def guess_language(text: str, declared: Optional[str] = None) -> str:
    """"en" when the text reads as English, else the page's declared language or "und"."""
    english = is_english(text)
    if english is True:
        return "en"
    if english is False:
        return declared if declared and not declared.startswith("en") else "und"
    return declared or "en"


# ---------------------------------------------------------------------------- HTML

def slim_html(html: str) -> tuple[str, Optional[str]]:
    """A very large page without scripts, styles and inline data, cut if still too large."""
    if len(html) <= MAX_HTML_CHARS:
        return html, None
    size = len(html)
    html = _HEAVY_HTML.sub(" ", html)
    if len(html) <= MAX_HTML_CHARS:
        return html, f"very large page ({size:,} characters): scripts and inline data skipped"
    return html[:MAX_HTML_CHARS], (
        f"very large page ({size:,} characters): only the first {MAX_HTML_CHARS:,} were read")


def _norm(text: Optional[str]) -> str:
    return _NOT_WORD.sub(" ", text or "").strip().lower()


def page_metadata(tree: Any) -> dict[str, Optional[str]]:
    """Title, published date, site name, author and URL from a parsed page's head.

    Uses trafilatura's and htmldate's metadata readers, leaving out the slow parts this
    project does not use (categories, tags, licence, JSON-LD)."""
    from htmldate import find_date
    from trafilatura import metadata as tm

    doc = tm.examine_meta(tree)
    title = doc.title or tm.extract_title(tree)
    author = doc.author if doc.author and " " in doc.author else None
    url = doc.url or tm.extract_url(tree)
    site = (doc.sitename or tm.extract_sitename(tree) or "").lstrip("@") or None
    if site and "." not in site and site[0].islower():
        site = site[0].upper() + site[1:]
    try:
        published = find_date(tree, extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate can trip on odd markup; the date is optional
        published = None
    return {"title": title, "published": published, "source": site, "author": author,
            "url": url}


def html_to_text(html: str) -> tuple[str, dict[str, Optional[str]]]:
    """Body text (paragraphs separated by blank lines) and metadata of an HTML page."""
    import trafilatura
    from trafilatura.utils import load_html

    lang = _HTML_LANG.search(html[:5000])
    meta: dict[str, Optional[str]] = {"language": lang.group(1).lower() if lang else None}
    tree = load_html(html)
    if tree is None:
        return "", meta
    meta.update(page_metadata(tree))
    doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=False,
                                      prune_xpath=_PRUNE)
    lines = [ln.strip() for ln in ((doc.text if doc else None) or "").split("\n")]
    lines = [ln for ln in lines if ln]
    if lines and meta["title"] and _norm(lines[0]) == _norm(meta["title"]):
        lines = lines[1:]
    return "\n\n".join(lines), meta


def fragment_to_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry), one paragraph per block element."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return html
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//blockquote|//tr"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paras = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


# ---------------------------------------------------------------------------- article

def stable_id(url: Optional[str], text: str) -> str:
    """A 16-hex-digit id from the URL, else from the whitespace-normalized text."""
    key = url.strip() if url else _SPACES.sub(" ", text).strip().lower()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def normalize_date(value: Optional[str]) -> Optional[str]:
    """``YYYY-MM-DD`` from an ISO date or datetime string, else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def _body_and_meta(article: Article, warnings: list[str]) -> tuple[str, dict[str, Optional[str]]]:
    if article.text is not None or article.html is None:
        return article.text or "", {}
    html, note = slim_html(article.html)
    if note:
        warnings.append(note)
    try:
        return html_to_text(html)
    except Exception as exc:  # a page trafilatura cannot parse is one warning, not a crash
        warnings.append(f"HTML not readable ({type(exc).__name__}: {exc})")
        return "", {}


def extract_article(article: Article) -> Article:
    """The article with clean ``text``, an ``id``, dateline, agency and checked metadata."""
    if article.extracted:
        return article
    warnings = list(article.warnings)
    text, meta = _body_and_meta(article, warnings)
    page_language = meta.pop("language", None)
    fields = {k: v for k, v in meta.items() if v and not getattr(article, k)}
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = clean_body(text, from_html=article.text is None and article.html is not None)
    credit, text = find_credit(text)
    place, line_agency = find_dateline(text)
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
        dateline=article.dateline or place,
        agency=article.agency or line_agency or credit,
        language=article.language or guess_language(text, page_language),
        warnings=warnings,
        extracted=True,
    )

"""JSON Lines: objects with ``id``, ``text`` (or ``html``), optional url, title, published."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from readout.limits import replace_lone_surrogates
from readout.model import Article

_STRING_FIELDS = ("url", "title", "published", "source", "language", "author")


def article_from_object(obj: dict[str, Any], *, origin: str) -> Article:
    """An Article from one JSON object; other fields are ignored."""
    text = obj.get("text")
    html = obj.get("html")
    if text is not None and not isinstance(text, str):
        raise ValueError("'text' is not a string")
    if html is not None and not isinstance(html, str):
        raise ValueError("'html' is not a string")
    if text is None and html is None:
        raise ValueError("no 'text' or 'html' field")
    ident = obj.get("id")
    meta = {k: (str(obj[k]) if obj.get(k) is not None else None) for k in _STRING_FIELDS}
    return replace_lone_surrogates(Article(
        id=None if ident is None else str(ident), text=text, html=html, origin=origin, **meta
    ))


def parse_jsonl(text: str, *, origin: str, make_error: Callable[..., Any]) -> Iterator[Any]:
    """Articles (or errors, built with ``make_error``) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield make_error(origin=where, reason=f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield make_error(origin=where, reason="not a JSON object")
            continue
        try:
            yield article_from_object(obj, origin=where)
        except ValueError as exc:
            yield make_error(origin=where, reason=str(exc))

"""Plain text: an optional title line, then paragraphs separated by blank lines."""
from __future__ import annotations

import re

from readout.model import Article

_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = ("." , "!", "?", "”", '"', ":", ";")


def looks_like_title(line: str) -> bool:
    """A short first line that does not end like a sentence is a title."""
    line = line.strip()
    return 0 < len(line) <= 200 and not line.endswith(_SENTENCE_END)


def parse_text(text: str, *, origin: str) -> Article:
    """One article from a text file's content."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in _PARA_SPLIT.split(text.strip())]
    paragraphs = [p for p in paragraphs if p]
    title = None
    if len(paragraphs) > 1 and "\n" not in paragraphs[0] and looks_like_title(paragraphs[0]):
        title = paragraphs.pop(0)
    return Article(text="\n\n".join(paragraphs), title=title, origin=origin)

"""Limits for pathological input: a size cap per article and a time budget per article.

- ``cut_bytes(article, max_bytes)``: an article whose text or HTML is larger than
  ``max_bytes`` (UTF-8) is cut to its first ``max_bytes`` bytes, with a warning.
- ``replace_lone_surrogates(article)``: half of a UTF-16 pair on its own (JSON can escape
  one: "\\ud800") is no character and cannot be encoded; each becomes U+FFFD, with a warning.
- ``TimeBudget(seconds)``: the stages of one article share ``seconds``; ``enforce()`` stops
  a stage that runs past what is left (SIGALRM, in the main thread of a POSIX process) and
  ``spent()`` tells the pipeline to skip the stages after it. Where a timer cannot be set
  (another thread, Windows, SIGALRM already in use), the budget is checked between stages.

Warnings start with ``LIMIT_PREFIX`` so the command line can show them on stderr.
"""
from __future__ import annotations

import dataclasses
import math
import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from readout.model import Article

LIMIT_PREFIX = "limit: "


class TimeBudgetExceeded(BaseException):
    """Raised inside a stage when its article's time budget runs out. A BaseException, so a
    stage's own ``except Exception`` does not swallow it."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("id", "url", "title", "published", "source", "agency", "dateline", "language",
                "author", "text", "html")


def replace_lone_surrogates(article: Article) -> Article:
    """``article`` with every lone surrogate in its strings replaced by U+FFFD (a warning
    says how many); the same article when there are none."""
    changes: dict[str, object] = {}
    replaced = 0
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and not value.isascii():
            changes[name], count = _LONE_SURROGATE.subn("\ufffd", value)
            replaced += count
    if not replaced:
        return article
    note = f"{replaced} lone UTF-16 surrogate(s) replaced by U+FFFD (not valid Unicode)"
    return dataclasses.replace(article, **changes, warnings=[*article.warnings, note])


def _utf8_size_over(text: str, max_bytes: int) -> bool:
    return len(text) > max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > max_bytes


def cut_bytes(article: Article, max_bytes: int) -> Article:
    """``article`` with its text and HTML cut to ``max_bytes`` UTF-8 bytes (a warning each);
    unchanged when both fit or ``max_bytes`` is 0 or less."""
    if max_bytes <= 0:
        return article
    changes: dict[str, object] = {}
    notes: list[str] = []
    for name in ("text", "html"):
        value = getattr(article, name)
        if isinstance(value, str) and _utf8_size_over(value, max_bytes):
            raw = value.encode("utf-8", "surrogatepass")
            changes[name] = raw[:max_bytes].decode("utf-8", "ignore")
            notes.append(f"{LIMIT_PREFIX}{name} is {len(raw):,} bytes, over the limit of "
                         f"{max_bytes:,} (--max-bytes); only its first {max_bytes:,} bytes "
                         "are read")
    if not changes:
        return article
    return dataclasses.replace(article, **changes, warnings=[*article.warnings, *notes])


def _timer_free() -> bool:
    """Whether this thread may use SIGALRM for the budget (and nobody else is using it)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return False
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0


class TimeBudget:
    """Seconds of stage time one article may use (0 or less: no limit)."""

    def __init__(self, seconds: float):
        self.seconds = float(seconds)
        self.deadline = time.monotonic() + self.seconds if self.seconds > 0 else math.inf

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def spent(self) -> bool:
        return self.left() <= 0

    def message(self, stage: str) -> str:
        return (f"{LIMIT_PREFIX}the article used up its time budget of {self.seconds:g} s "
                f"(--time-budget) in stage {stage}: that stage and the ones after it gave "
                "nothing")

    @contextmanager
    def enforce(self) -> Iterator[None]:
        """Run the block; raise ``TimeBudgetExceeded`` in it when the budget runs out."""
        left = self.left()
        if left <= 0:
            raise TimeBudgetExceeded()
        if math.isinf(left) or not _timer_free():
            yield
            return

        def on_alarm(signum: int, frame: object) -> None:
            raise TimeBudgetExceeded()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, left)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

"""readout: news articles → sourced event data (CAMEO/PLOVER events, quotes, quantities).

    >>> import readout
    >>> record = readout.read("Chinese President Xi Jinping met Vladimir Putin on Monday.",
    ...                       published="2023-03-22")
    >>> record.events  # list[readout.Event]
"""
from __future__ import annotations

from typing import Optional

from readout import native

native.install()  # the stages' compiled modules, when built and fresh (readout.native)

from readout.model import (  # noqa: E402
    Actor,
    ActorRef,
    Article,
    Entity,
    Event,
    Quantity,
    Quote,
    Readout,
    Span,
    Timex,
    from_dict,
    to_dict,
)
from readout.pipeline import Pipeline  # noqa: E402
from readout.settings import Settings, load_settings  # noqa: E402

__version__ = "0.1.0"


def __getattr__(name: str):  # readout.Store, imported on first use (DuckDB, pandas)
    if name == "Store":
        from readout.store import Store

        return Store
    raise AttributeError(f"module 'readout' has no attribute {name!r}")


def read(text: str, published: Optional[str] = None, title: Optional[str] = None) -> Readout:
    """Read one article's text into a record (loads spaCy on first use)."""
    return Pipeline().read(text, published=published, title=title)


__all__ = [
    "Actor", "ActorRef", "Article", "Entity", "Event", "Pipeline", "Quantity", "Quote",
    "Readout", "Settings", "Span", "Store", "Timex", "from_dict", "load_settings", "read", "to_dict",
]

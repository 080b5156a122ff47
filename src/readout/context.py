"""What a stage sees: the parsed article and the parts of the record made before it."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from readout.model import Actor, Article, Event, Quantity, Quote, Timex
from readout.settings import Settings


@dataclass(frozen=True, kw_only=True)
class StageInput:
    """The inputs of a stage. Stages never change it; the pipeline adds each stage's output.

    Order: actors → timexes → quotes → quantities → events, so a stage may read the
    outputs of the stages before it and nothing else.
    """

    doc: Doc
    article: Article
    settings: Settings
    actors: list[Actor] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # ``doc.text``, joined once: spaCy rebuilds it token by token on every access
    text: str = ""

    def __post_init__(self) -> None:
        if not self.text and len(self.doc):
            object.__setattr__(self, "text", self.doc.text)

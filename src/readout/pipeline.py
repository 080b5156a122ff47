"""The pipeline: extract → spaCy (batched with ``nlp.pipe``) → stages → Readout records.

Stages run in a fixed order, each a pure function of a ``StageInput``:
actors → timexes → quotes → quantities → events. A stage that raises on one article
leaves its part of that record empty and adds a warning; the batch goes on.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
from typing import Any, Callable, ContextManager, Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from readout.actors import resolve_actors
from readout.annotate import named_entities, sentence_ranges
from readout.context import StageInput
from readout.events import code_events
from readout.extract import extract_article, normalize_date
from readout.limits import TimeBudget, TimeBudgetExceeded, cut_bytes, replace_lone_surrogates
from readout.model import Article, Readout
from readout.nlp import load_pipeline
from readout.quantities import find_quantities
from readout.quotes import find_quotes
from readout.settings import Settings
from readout.timex import find_timexes

Stage = Callable[[StageInput], list[Any]]

# name (= the StageInput and Readout field its output fills) → stage function
STAGES: dict[str, Stage] = {
    "actors": resolve_actors,
    "timexes": find_timexes,
    "quotes": find_quotes,
    "quantities": find_quantities,
    "events": code_events,
}

# the spaCy components whose annotations each stage reads: tags and coarse tags (tagger,
# attribute_ruler), lemmas (lemmatizer), dependencies and sentences (parser, fed by tok2vec),
# entities (ner, which has its own token vectors: about half of the spaCy pass)
_PARSE = frozenset({"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"})
STAGE_COMPONENTS: dict[str, frozenset[str]] = {
    "actors": _PARSE | {"ner"},
    "timexes": _PARSE,
    "quotes": _PARSE,  # (speakers come from the actors stage's output, not from entities)
    "quantities": _PARSE | {"ner"},
    "events": _PARSE | {"ner"},
}

ArticleLike = Union[Article, str, dict[str, Any]]


def unused_components(stages: Iterable[str], pipe_names: Iterable[str]) -> tuple[str, ...]:
    """The components of a pipeline (``nlp.pipe_names``) that none of ``stages`` reads, in
    pipeline order: ``("ner",)`` for timexes and quotes alone. The record's sentences need
    the parser whatever the stages; its entities come from the NER, so they are empty when
    it is skipped. With no stage at all nothing is skipped (the record is then sentences and
    entities only); components readout does not know (a user's own model) always run."""
    stages = tuple(stages)
    if not stages:
        return ()
    needed = frozenset().union(*(STAGE_COMPONENTS[name] for name in stages))
    known = frozenset().union(*STAGE_COMPONENTS.values())
    return tuple(name for name in pipe_names if name in known and name not in needed)


def as_article(item: ArticleLike) -> Article:
    """An Article from an Article, a plain text, or a dict with ``text``/``html``."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(text=item)
    if isinstance(item, dict):
        from readout.sources.jsonl import article_from_object

        return article_from_object(item, origin="<dict>")
    raise TypeError(f"cannot read a {type(item).__name__} as an article")


def run_stages(doc: Doc, article: Article, settings: Settings,
               text: Optional[str] = None) -> Readout:
    """The record for one parsed article. ``text`` is the string ``doc`` was made from when
    the caller has it (spaCy keeps it exactly; rebuilding it from the tokens costs time)."""
    inp = StageInput(doc=doc, article=article, settings=settings, text=text or "")
    warnings = list(article.warnings)
    budget = TimeBudget(settings.time_budget)
    current = next((name for name in STAGES if name in settings.stages), "")
    try:
        with budget.enforce():  # one alarm for all stages of the article
            for name, stage in STAGES.items():
                if name not in settings.stages:
                    continue
                current = name
                if budget.spent():  # no alarm outside the main thread: check between stages
                    raise TimeBudgetExceeded()
                try:
                    output = stage(inp)
                except Exception as exc:  # one bad article never stops a batch
                    warnings.append(f"stage {name} failed: {type(exc).__name__}: {exc}")
                    output = []
                inp = dataclasses.replace(inp, **{name: output})
    except TimeBudgetExceeded:  # pathological input: this stage and the rest give []
        warnings.append(budget.message(current))
    return Readout(
        id=article.id or "",
        url=article.url,
        title=article.title,
        published=article.published,
        source=article.source,
        agency=article.agency,
        dateline=article.dateline,
        language=article.language,
        text=inp.text,
        sentences=sentence_ranges(doc, inp.text),
        entities=named_entities(doc, inp.text),
        actors=inp.actors,
        timexes=inp.timexes,
        quotes=inp.quotes,
        quantities=inp.quantities,
        events=inp.events,
        duplicate_of=article.duplicate_of,
        warnings=warnings,
    )


def batch_zone(nlp: Language, kept_words: int) -> ContextManager[Any]:
    """Where a batch is parsed: outside any memory zone while the pipeline's vocabulary holds
    fewer than ``kept_words`` entries, inside ``nlp.memory_zone()`` after that.

    A memory zone frees the words (vocabulary entries, strings, tokenizer cache) a batch
    added, so memory stays flat over millions of articles; but then every batch has to look
    up, tokenize and build again the common words of the news, which costs about a tenth of
    the spaCy pass (measured against the same batches outside a zone). The words of the first
    articles are kept for good instead, up to ``kept_words`` entries (the pipeline loads with
    under a thousand): those are the words later batches mostly use. The count lives in the
    loaded vocabulary itself, so every Pipeline sharing one spaCy pipeline keeps one budget
    (spaCy's count never goes down: it also counts what a zone freed, so once the budget is
    reached, every later batch runs in a zone)."""
    if len(nlp.vocab) < kept_words:
        return contextlib.nullcontext()
    return nlp.memory_zone()


@functools.lru_cache(maxsize=1)
def freeze_loaded_data() -> None:
    """Once per process, after the first batch has loaded spaCy's model and every stage's
    data (lexicons, KB): take all objects alive now out of the cyclic garbage collector's
    scans (``gc.freeze``). Its full collections then look only at what was made since,
    not at millions of long-lived objects; reference counting frees records as before."""
    gc.freeze()


class Pipeline:
    """Reads articles into records; loads spaCy once and reuses it."""

    def __init__(self, settings: Optional[Settings] = None, nlp: Optional[Language] = None,
                 *, skip_unused: bool = True):
        """``skip_unused=False`` runs every spaCy component even when no chosen stage reads
        it (records then keep their entities with ``stages=("timexes",)``)."""
        self.settings = settings or Settings()
        self._nlp = nlp
        self._skipped: Optional[tuple[str, ...]] = None if skip_unused else ()

    @property
    def skipped_components(self) -> tuple[str, ...]:
        """The spaCy components not run, because no stage of ``settings.stages`` reads them."""
        if self._skipped is None:
            self._skipped = unused_components(self.settings.stages, self.nlp.pipe_names)
        return self._skipped

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.settings.spacy_model)
        return self._nlp

    def prepare(self, item: ArticleLike) -> Article:
        """Extract the article and fill its defaults (published date, length limit)."""
        article = extract_article(cut_bytes(replace_lone_surrogates(as_article(item)),
                                            self.settings.max_bytes))
        changes: dict[str, Any] = {}
        if article.published is None and self.settings.published:
            changes["published"] = normalize_date(self.settings.published)
        if len(article.text or "") > self.settings.max_chars:
            changes["text"] = article.text[: self.settings.max_chars]  # type: ignore[index]
            changes["warnings"] = [
                *article.warnings,
                f"text cut to {self.settings.max_chars} characters",
            ]
        return dataclasses.replace(article, **changes) if changes else article

    def read_many(self, items: Iterable[ArticleLike]) -> Iterator[Readout]:
        """One record per article, in input order, parsed in batches."""
        iterator = iter(items)
        while True:
            batch = [self.prepare(item) for item in itertools.islice(iterator, self.settings.batch_size)]
            if not batch:
                return
            # past the kept words, what spaCy adds for this batch is freed at the end of the
            # zone, so memory stays flat over millions of articles; records hold no spaCy objects
            texts = [a.text or "" for a in batch]
            with batch_zone(self.nlp, self.settings.kept_words):
                docs = self.nlp.pipe(texts, disable=self.skipped_components)
                records = [run_stages(doc, article, self.settings, text)
                           for article, text, doc in zip(batch, texts, docs)]
            freeze_loaded_data()
            yield from records

    def read(
        self, text: str, published: Optional[str] = None, title: Optional[str] = None
    ) -> Readout:
        """The record for one text."""
        return next(self.read_many([Article(text=text, published=published, title=title)]))

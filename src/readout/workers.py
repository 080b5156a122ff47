"""A local process pool: the same pipeline in N processes, output in input order.

    for record in read_parallel(articles, settings, workers=2):
        ...

Each worker process loads spaCy once (in its initializer) and then reads chunks of
articles with ``Pipeline.read_many`` — the same code path as a single process, so the
records (ids included) are identical whatever the number of workers. Articles are sent
to the workers in chunks; at most a few chunks per worker are in flight, so memory stays
bounded however long the input is. Extraction (HTML → text) runs in the workers too.

``encode`` (a picklable function of one Readout) runs in the worker: pass
``encode_json`` to get JSON lines back, which keeps the parent process nearly idle.
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, TypeVar

from readout.settings import Settings

T = TypeVar("T")

#: chunks in flight per worker: enough to keep every worker busy while the parent
#: collects results, few enough to keep memory bounded
PREFETCH = 3

# The worker's pipeline: set once by the initializer in each worker process.
_WORKER: dict[str, Any] = {}

class Line(NamedTuple):
    """A record as one JSON line, with what the caller needs to report on it."""

    id: str
    json: str
    warnings: list[str]


def encode_json(record: Any) -> Line:
    """The record as one JSON line (no newline), its id and warnings."""
    from readout.model import dump_json

    return Line(record.id, dump_json(record), list(record.warnings))


def keep_record(record: T) -> T:
    """The record itself (the default ``encode``)."""
    return record


def _init_worker(settings: Settings) -> None:
    """Load spaCy once for this worker process."""
    from readout.pipeline import Pipeline

    pipeline = Pipeline(settings)
    pipeline.nlp  # noqa: B018 - loads spaCy now, not on the first chunk
    _WORKER["pipeline"] = pipeline


def _read_chunk(items: list[Any], encode: Callable[[Any], T]) -> list[T]:
    """The encoded records of one chunk of articles, in order (runs in a worker)."""
    pipeline = _WORKER["pipeline"]
    return [encode(record) for record in pipeline.read_many(items)]


def _context() -> multiprocessing.context.BaseContext:
    # forkserver/spawn: no locks or threads of the parent leak into the workers
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["readout.pipeline"])  # workers start with spaCy imported
    return context


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def read_parallel(
    items: Iterable[Any],
    settings: Optional[Settings] = None,
    *,
    workers: int = 2,
    chunk_size: Optional[int] = None,
    encode: Callable[[Any], T] = keep_record,  # type: ignore[assignment]
) -> Iterator[T]:
    """``encode(record)`` for every article in ``items``, in input order, read by ``workers``
    processes. ``items`` are what ``Pipeline.read_many`` takes (Article, text or dict)."""
    settings = settings or Settings()
    if workers < 1:
        raise ValueError("workers must be at least 1")
    size = chunk_size or settings.batch_size
    pool = ProcessPoolExecutor(workers, mp_context=_context(),
                               initializer=_init_worker, initargs=(settings,))
    with pool:
        pending: deque[Future[list[T]]] = deque()
        try:
            for chunk in _chunks(items, size):
                pending.append(pool.submit(_read_chunk, chunk, encode))
                if len(pending) >= workers * PREFETCH:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:  # the caller stopped early: drop the queued work
                future.cancel()


def read_lines(items: Iterable[Any], settings: Optional[Settings] = None,
               workers: int = 1) -> Iterator[Line]:
    """One JSON line per article, in input order: in this process when ``workers`` is 1,
    else in a pool of ``workers`` processes."""
    if workers <= 1:
        from readout.pipeline import Pipeline

        for record in Pipeline(settings or Settings()).read_many(items):
            yield encode_json(record)
    else:
        yield from read_parallel(items, settings, workers=workers, encode=encode_json)

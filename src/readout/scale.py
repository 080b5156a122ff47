"""The same pipeline on a Dask distributed cluster, one task per partition of the input.

    manifest = run_partitions(["crawl/*.warc.gz", "dump.jsonl"], "out/run1", dask="local")
    for record in iter_records("out/run1/manifest.json"):   # JSON dicts, in input order
        ...

The input is cut into partitions: each WARC (or other archive) file is one, a large JSONL
file is cut into shards of ``lines_per_partition`` lines, small files are grouped
``files_per_partition`` at a time. A Dask task reads its partition with the ordinary
sources, runs ``Pipeline.read_many`` (spaCy loaded once per worker process and reused
by every task on it) and writes ``part-NNNNN.parquet``; the client then writes
``manifest.json`` listing the partitions in input order. Duplicates are marked on the
client afterwards, in input order, so the records equal those of a single-process
``readout read`` (ids, order and ``duplicate_of`` included).

Workers must have readout installed and see the input and output paths (a shared
filesystem). Start them with one thread each (``dask worker --nthreads 1``): a spaCy
pipeline is not shared between threads, so tasks on one worker process take turns.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from readout.model import Article, Readout, from_dict
from readout.settings import Settings

MANIFEST = "manifest.json"
FORMAT = "readout-partitions/1"
_JSONL_NAMES = (".jsonl", ".ndjson")
_ROW_GROUP = 256  # records per Parquet row group: what a worker holds before writing


@dataclasses.dataclass(frozen=True, kw_only=True)
class Partition:
    """One task's share of the input: files read in order, or a line range of one file."""

    index: int
    paths: tuple[str, ...]
    input_format: str = "auto"
    #: a shard of the single JSONL path: (number of its first line, start byte, end byte)
    shard: Optional[tuple[int, int, int]] = None

    @property
    def file(self) -> str:
        return f"part-{self.index:05d}.parquet"


# ------------------------------------------------------------------------- partitions

def _expand(paths: Iterable[str]) -> list[str]:
    from readout.sources import _expand as expand_paths

    return [p for p in expand_paths(paths) if p != "-"]


def _shards(path: str, lines_per_shard: int) -> Iterator[tuple[int, int, int]]:
    """(first line, start byte, end byte) of each run of ``lines_per_shard`` lines."""
    first, start, offset, in_shard = 0, 0, 0, 0
    with open(path, "rb") as f:
        for line in f:
            offset += len(line)
            in_shard += 1
            if in_shard == lines_per_shard:
                yield first, start, offset
                first, start, in_shard = first + in_shard, offset, 0
    if in_shard:
        yield first, start, offset


def _is_jsonl(path: str, input_format: str) -> bool:
    name = path.lower()
    if name.endswith(".gz"):  # compressed: read whole, one partition
        return False
    return input_format == "jsonl" or (input_format == "auto" and name.endswith(_JSONL_NAMES))


def plan_partitions(paths: Iterable[str], input_format: str = "auto", *,
                    files_per_partition: int = 32,
                    lines_per_partition: int = 1000) -> list[Partition]:
    """The partitions of ``paths`` (files, directories, globs), in input order."""
    parts: list[Partition] = []
    group: list[str] = []

    def close_group() -> None:
        if group:
            parts.append(Partition(index=len(parts), paths=tuple(group), input_format=input_format))
            group.clear()

    for path in _expand(paths):
        large = os.path.getsize(path) > (1 << 20) if os.path.exists(path) else False
        if _is_jsonl(path, input_format) and os.path.exists(path):
            close_group()
            for shard in _shards(path, lines_per_partition):
                parts.append(Partition(index=len(parts), paths=(path,), input_format="jsonl",
                                       shard=shard))
        elif large or path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            close_group()
            parts.append(Partition(index=len(parts), paths=(path,), input_format=input_format))
        else:
            group.append(path)
            if len(group) >= files_per_partition:
                close_group()
    close_group()
    return parts


def partition_items(part: Partition, english_only: bool = True) -> Iterator[Any]:
    """The partition's articles (and ``ReadError``s), extracted, as ``readout read`` sees them."""
    from readout.sources import ingest, read_bytes, read_sources

    if part.shard is None:
        raw = read_sources(part.paths, part.input_format)
    else:
        (path,) = part.paths
        first, start, end = part.shard
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read(end - start)
        # blank lines before the shard: the JSONL reader skips them, and the line
        # numbers in warnings stay those of the whole file
        raw = read_bytes(b"\n" * first + data, origin=path, input_format="jsonl")
    return ingest(raw, dedup=None, english_only=english_only)


# ------------------------------------------------------------------------- one task

@functools.lru_cache(maxsize=1)
def _nlp_lock() -> threading.Lock:
    """One lock per worker process: threads of a worker take turns with its spaCy pipeline."""
    return threading.Lock()


def _arrow_schema() -> Any:
    import pyarrow as pa

    counts = [(f"n_{name}", pa.int32()) for name in
              ("actors", "events", "quotes", "quantities", "timexes")]
    return pa.schema([("position", pa.int32()), ("id", pa.string()), ("url", pa.string()),
                      ("title", pa.string()), ("published", pa.string()),
                      ("source", pa.string()), *counts, ("warnings", pa.list_(pa.string())),
                      ("text", pa.string()), ("record", pa.string())])


def _row(position: int, record: Readout) -> dict[str, Any]:
    from readout.workers import encode_json

    return {"position": position, "id": record.id, "url": record.url, "title": record.title,
            "published": record.published, "source": record.source,
            "n_actors": len(record.actors), "n_events": len(record.events),
            "n_quotes": len(record.quotes), "n_quantities": len(record.quantities),
            "n_timexes": len(record.timexes), "warnings": list(record.warnings),
            "text": record.text, "record": encode_json(record).json}


def read_partition(part: Partition, settings: Settings, out_dir: str,
                   english_only: bool = True) -> dict[str, Any]:
    """Read one partition and write its Parquet file; what happened, for the manifest.
    Runs on a Dask worker (or anywhere: it is an ordinary function)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from readout.pipeline import Pipeline
    from readout.sources import ReadError

    started = time.perf_counter()
    failures: list[str] = []
    skipped = 0

    def articles() -> Iterator[Article]:
        nonlocal skipped
        for item in partition_items(part, english_only):
            if isinstance(item, ReadError):
                if item.kind == "error":
                    failures.append(str(item))
                skipped += item.kind == "skipped"
            else:
                yield item

    target = Path(out_dir) / part.file
    partial = target.with_name(target.name + ".partial")
    schema, rows, count = _arrow_schema(), [], 0
    with _nlp_lock(), pq.ParquetWriter(partial, schema, compression="zstd") as writer:
        for record in Pipeline(settings).read_many(articles()):
            rows.append(_row(count, record))
            count += 1
            if len(rows) >= _ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or count == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(partial, target)  # a task run twice leaves one whole file
    return {"index": part.index, "file": part.file, "inputs": list(part.paths),
            "shard": list(part.shard) if part.shard else None, "articles": count,
            "failures": failures, "skipped": skipped,
            "seconds": round(time.perf_counter() - started, 3)}


# ------------------------------------------------------------------------- the cluster

def connect(address: str, workers: Optional[int] = None, processes: bool = True) -> Any:
    """A Dask client: ``"local"`` starts a LocalCluster of ``workers`` single-threaded
    processes (default: one per core); anything else is a scheduler address."""
    from dask.distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=processes, dashboard_address=":0")
        return Client(cluster)
    return Client(address)


def mark_duplicates(out_dir: Path, parts: list[dict[str, Any]]) -> dict[str, str]:
    """``{id: id of the first copy}`` for every record that repeats an earlier one."""
    import pyarrow.parquet as pq

    from readout.dedup import Deduplicator

    dedup, found = Deduplicator(), {}
    for part in parts:
        table = pq.read_table(out_dir / part["file"], columns=["id", "text"])
        for ident, text in zip(table.column("id").to_pylist(), table.column("text").to_pylist()):
            first = dedup.find(ident or "", text or "")
            if first is not None:
                found[ident] = first
    return found


def run_partitions(paths: Iterable[str], out_dir: Union[str, Path],
                   settings: Optional[Settings] = None, *, dask: Any = "local",
                   input_format: str = "auto", dedup: bool = True, english_only: bool = True,
                   files_per_partition: int = 32, lines_per_partition: int = 1000,
                   on_partition: Optional[Callable[[dict[str, Any]], None]] = None,
                   ) -> dict[str, Any]:
    """Read ``paths`` on a Dask cluster into Parquet partitions under ``out_dir`` and write
    its ``manifest.json``; returns the manifest. ``dask`` is "local", a scheduler address
    or a ``distributed.Client``."""
    from dask.distributed import Client, as_completed

    settings = settings or Settings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = list(paths)
    parts = plan_partitions(paths, input_format, files_per_partition=files_per_partition,
                            lines_per_partition=lines_per_partition)
    client = dask if isinstance(dask, Client) else connect(str(dask))
    try:
        futures = client.map(read_partition, parts, settings=settings, out_dir=str(out.resolve()),
                             english_only=english_only, pure=False)
        done: list[dict[str, Any]] = []
        for future in as_completed(futures):
            summary = future.result()
            done.append(summary)
            if on_partition is not None:
                on_partition(summary)
    finally:
        if client is not dask:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    done.sort(key=lambda p: p["index"])
    manifest = {
        "format": FORMAT, "schema": "readout/1",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": paths, "stages": list(settings.stages), "partitions": done,
        "articles": sum(p["articles"] for p in done),
        "failures": [f for p in done for f in p["failures"]],
        "skipped": sum(p["skipped"] for p in done),
        "duplicates": mark_duplicates(out, done) if dedup else {},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


# ------------------------------------------------------------------------- reading back

def _manifest_path(path: Union[str, Path]) -> Path:
    path = Path(path)
    return path / MANIFEST if path.is_dir() else path


def load_manifest(path: Union[str, Path]) -> dict[str, Any]:
    """The manifest at ``path`` (the file or its directory)."""
    manifest = json.loads(_manifest_path(path).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{path}: not a readout partition manifest")
    return manifest


def iter_records(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Every record of a partitioned run as its JSON dict, in input order."""
    import pyarrow.parquet as pq

    manifest = load_manifest(path)
    base = _manifest_path(path).parent
    duplicates = manifest.get("duplicates", {})
    for part in manifest["partitions"]:
        for batch in pq.ParquetFile(base / part["file"]).iter_batches(columns=["record"]):
            for line in batch.column(0).to_pylist():
                record = json.loads(line)
                if record.get("id") in duplicates and record.get("duplicate_of") is None:
                    record["duplicate_of"] = duplicates[record["id"]]
                yield record


def read_records(path: Union[str, Path]) -> Iterator[Readout]:
    """Every record of a partitioned run, in input order."""
    for data in iter_records(path):
        yield from_dict(Readout, data)

#!/usr/bin/env python3
"""Throughput of readout against bare spaCy, worker scaling and memory flatness.

    python bench/throughput.py                      # ratio + per-stage times + 1 vs 2 workers
    python bench/throughput.py --memory 20000       # + RSS over 20k articles (minutes)
    python bench/throughput.py --sections ratio --articles 200

Sections:
- ratio: end-to-end (JSONL file → sources → extract → spaCy → stages → JSON lines written)
  against bare ``nlp.pipe`` with the same loaded pipeline on the same texts, and against
  bare ``nlp.pipe`` with the model as spaCy ships it (readout swaps in a quicker attribute
  ruler with the same results: ``readout.attribute_rules``), alternating in one run; best of ``--rounds`` for each; then the same alternating on chunks of
  ``--chunk`` articles (the steadiest figure on a machine whose speed drifts); then one
  instrumented run that says where the time goes (sources, extract, spaCy, each stage,
  sentences/entities, JSON + write).
- workers: ``readout.workers.read_parallel`` with 1 and with 2 worker processes, and the
  speedup 2 processes of pure arithmetic get at the same time (the ceiling on a shared
  machine).
- memory: ``--memory N`` articles through 2 workers, sampling the RSS of every process;
  growth is measured after a warm-up of ``--warmup`` articles. Each article names made-up
  people and places, so the vocabulary grows past readout's kept-words budget
  (``Settings.kept_words``) as a real news stream's would.

The corpus is synthesized from examples/ (paragraphs reordered, numbers and dates varied);
with ``--shared`` the dev texts under ../shared/data/dev are mixed in at run time (they are
read, never copied). The machine may be shared: the figures say so (load average).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev"
DEV_SETS = ("timex/tbaq_dev.jsonl", "quotes/polnear_dev.jsonl")
_NUMBER = re.compile(r"\b\d{1,3}\b")


# ------------------------------------------------------------------------------ corpus

def base_articles(shared: bool) -> list[dict[str, Any]]:
    """The articles the corpus is made from: examples/, plus dev texts when asked."""
    rows = [json.loads(line) for line in (ROOT / "examples" / "sample.jsonl").open()
            if line.strip()]
    if shared:
        for name in DEV_SETS:
            path = DEV / name
            if path.exists():
                rows += [json.loads(line) for line in path.open() if line.strip()]
    return [{k: r.get(k) for k in ("id", "title", "published", "text")} for r in rows
            if r.get("text")]


def vary(base: dict[str, Any], other: dict[str, Any], i: int, rng: random.Random) -> dict[str, Any]:
    """A new article from ``base``: paragraphs reordered, numbers shifted, a paragraph of
    ``other`` added now and then, a new id and date."""
    paras = [p for p in (base["text"] or "").split("\n\n") if p.strip()]
    head, rest = paras[:1], paras[1:]
    rng.shuffle(rest)
    if len(rest) > 3 and rng.random() < 0.5:
        rest.pop(rng.randrange(len(rest)))
    if rng.random() < 0.3:
        extra = [p for p in (other["text"] or "").split("\n\n") if p.strip()]
        if extra:
            rest.append(rng.choice(extra))
    shift = i % 9
    text = "\n\n".join(head + rest)
    text = _NUMBER.sub(lambda m: str(int(m.group()) + shift), text)
    day = 1 + i % 28
    return {"id": f"syn-{i:06d}", "title": base.get("title"),
            "published": f"2023-{1 + i % 12:02d}-{day:02d}", "text": text}


_SYLLABLES = ("ka", "lo", "mir", "ta", "ven", "dro", "shi", "bel", "qu", "an", "tor", "ush",
              "re", "zan", "po", "lek", "fi", "gor", "na", "vi")


def made_up_name(rng: random.Random) -> str:
    """A capitalised word of 3–4 syllables: 8,000 and more of them, almost all new to spaCy."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()


def synthesize(bases: list[dict[str, Any]], n: int, seed: int = 7,
               paragraphs: int = 0, novel_words: bool = False) -> Iterator[dict[str, Any]]:
    """``n`` varied articles (a generator: 20k of them never sit in memory at once), cut
    to their first ``paragraphs`` paragraphs when that is not 0. ``novel_words``: each
    article ends with a sentence naming made-up people and places, so the vocabulary keeps
    growing as a real news stream's does (names, places, misspellings)."""
    rng = random.Random(seed)
    for i in range(n):
        row = vary(bases[i % len(bases)], bases[(i * 7 + 3) % len(bases)], i, rng)
        if paragraphs:
            row["text"] = "\n\n".join(row["text"].split("\n\n")[:paragraphs])
        if novel_words:
            first, last, place = (made_up_name(rng) for _ in range(3))
            row["text"] += f"\n\n{first} {last}, a spokesman in {place}, declined to comment."
        yield row


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# ------------------------------------------------------------------------------ timing

class Timers:
    """Seconds spent per named part of the path."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
        return timed

    def iterate(self, name: str, items: Iterable[Any]) -> Iterator[Any]:
        """``items``, with the time spent producing them counted under ``name``."""
        iterator = iter(items)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds[name] += time.perf_counter() - start
                return
            self.seconds[name] += time.perf_counter() - start
            yield item


class TimedNLP:
    """A spaCy pipeline whose ``pipe`` counts its time (everything else passes through)."""

    def __init__(self, nlp: Any, timers: Timers) -> None:
        self._nlp, self._timers = nlp, timers

    def pipe(self, texts: Any, **kwargs: Any) -> Iterator[Any]:
        return self._timers.iterate("spacy (nlp.pipe)", self._nlp.pipe(texts, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


@contextmanager
def instrumented(timers: Timers) -> Iterator[None]:
    """Count the time of every stage and of the record's spaCy layer while inside."""
    import readout.pipeline as pl

    saved = dict(pl.STAGES), pl.sentence_ranges, pl.named_entities
    for name, stage in saved[0].items():
        pl.STAGES[name] = timers.wrap(f"stage {name}", stage)
    pl.sentence_ranges = timers.wrap("sentences + entities", pl.sentence_ranges)
    pl.named_entities = timers.wrap("sentences + entities", pl.named_entities)
    try:
        yield
    finally:
        pl.STAGES.clear()
        pl.STAGES.update(saved[0])
        pl.sentence_ranges, pl.named_entities = saved[1], saved[2]


# ------------------------------------------------------------------------------ runs

def bare_run(nlp: Any, texts: list[str], batch_size: int) -> float:
    """Seconds for ``nlp.pipe`` over ``texts``, nothing else."""
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def full_run(nlp: Any, settings: Any, source: Path, sink: Path,
             timers: Timers | None = None) -> tuple[float, int]:
    """Seconds and records for file → sources → pipeline → JSON lines → file."""
    from readout.pipeline import Pipeline
    from readout.sources import ReadError, read_sources
    from readout.workers import encode_json

    start = time.perf_counter()
    pipeline = Pipeline(settings, nlp=TimedNLP(nlp, timers) if timers else nlp)
    encode = encode_json
    items: Iterable[Any] = read_sources([str(source)], "jsonl")
    if timers:
        pipeline.prepare = timers.wrap("extract", pipeline.prepare)  # type: ignore[method-assign]
        encode = timers.wrap("JSON + write", encode_json)
        items = timers.iterate("sources", items)
    count = 0
    with sink.open("w", encoding="utf-8") as out:
        for line in map(encode, pipeline.read_many(a for a in items
                                                    if not isinstance(a, ReadError))):
            out.write(line.json + "\n")
            count += 1
    return time.perf_counter() - start, count


def interleaved_ratio(nlp: Any, stock: Any, settings: Any, rows: list[dict[str, Any]], tmp: Path,
                      chunk: int, rounds: int) -> dict:
    """Bare spaCy (readout's loaded pipeline, and the stock one), and readout, taking turns
    on chunks of ``chunk`` articles (which goes first turns too), ``rounds`` times over the
    corpus: all see the machine at the same speed, so the ratio of the summed seconds is
    far steadier than whole-corpus rounds."""
    chunks = [rows[i:i + chunk] for i in range(0, len(rows), chunk)]
    paths = []
    for k, part in enumerate(chunks):
        paths.append(tmp / f"chunk{k}.jsonl")
        write_jsonl(part, paths[-1])
    sink = tmp / "chunk.out.jsonl"
    sums = {"bare": 0.0, "stock": 0.0, "readout": 0.0}
    per_round, per_round_stock, per_chunk = [], [], []
    for r in range(rounds):
        this_round = dict.fromkeys(sums, 0.0)
        for k, (part, path) in enumerate(zip(chunks, paths)):
            texts = [row["text"] for row in part]
            runs = {"bare": lambda: bare_run(nlp, texts, settings.batch_size),
                    "stock": lambda: bare_run(stock, texts, settings.batch_size),
                    "readout": lambda: full_run(nlp, settings, path, sink)[0]}
            order = list(runs)[(r + k) % 3:] + list(runs)[:(r + k) % 3]
            seconds = {name: runs[name]() for name in order}
            for name, value in seconds.items():
                this_round[name] += value
            per_chunk.append(seconds["bare"] / seconds["readout"])
        per_round.append(round(this_round["bare"] / this_round["readout"], 3))
        per_round_stock.append(round(this_round["stock"] / this_round["readout"], 3))
        for name in sums:
            sums[name] += this_round[name]
    per_chunk.sort()
    quartiles = [round(per_chunk[int(q * (len(per_chunk) - 1))], 3) for q in (0.25, 0.5, 0.75)]
    return {"chunk_articles": chunk, "rounds": rounds,
            "ratio": round(sums["bare"] / sums["readout"], 3), "ratio_per_round": per_round,
            "chunk_ratio_quartiles": quartiles,
            "ratio_vs_stock_spacy": round(sums["stock"] / sums["readout"], 3),
            "ratio_vs_stock_spacy_per_round": per_round_stock,
            "stock_spacy_over_readout_spacy": round(sums["stock"] / sums["bare"], 3)}


def ratio_section(args: argparse.Namespace, bases: list[dict[str, Any]], tmp: Path) -> dict:
    from readout.native import status as native_status
    from readout.nlp import load_pipeline
    from readout.settings import Settings, parse_stages

    settings = Settings(stages=parse_stages(args.stages)) if args.stages else Settings()
    nlp = load_pipeline(settings.spacy_model)
    # the model as spaCy ships it (readout's pipeline swaps in a quicker attribute ruler)
    stock = load_pipeline(settings.spacy_model, quick_attribute_rules=False)
    rows = list(synthesize(bases, args.articles))
    source, sink = tmp / "ratio.jsonl", tmp / "ratio.out.jsonl"
    write_jsonl(rows, source)
    texts = [r["text"] for r in rows]  # what spaCy sees; the extract step changes nothing here
    bare_run(nlp, texts[:32], settings.batch_size)  # warm-up
    bare_run(stock, texts[:32], settings.batch_size)
    full_run(nlp, settings, source, sink)
    bare, full, bare_cpu, full_cpu, stock_bare = [], [], [], [], []
    for _ in range(args.rounds):
        cpu = time.process_time()
        bare.append(bare_run(nlp, texts, settings.batch_size))
        bare_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        full.append(full_run(nlp, settings, source, sink)[0])
        full_cpu.append(time.process_time() - cpu)
        stock_bare.append(bare_run(stock, texts, settings.batch_size))
    interleaved = interleaved_ratio(nlp, stock, settings, rows, tmp, args.chunk, args.rounds)
    timers = Timers()
    with instrumented(timers):
        total, _ = full_run(nlp, settings, source, sink, timers)
    parts = dict(sorted(timers.seconds.items(), key=lambda kv: -kv[1]))
    parts["other (pipeline glue)"] = total - sum(parts.values())
    n = len(rows)
    native = native_status()
    return {
        "articles": n, "chars_per_article": round(sum(map(len, texts)) / n),
        "components": list(nlp.pipe_names), "stages": list(settings.stages),
        "bare_articles_per_s": round(n / min(bare), 2),
        "readout_articles_per_s": round(n / min(full), 2),
        "ratio": round(min(bare) / min(full), 3),
        "ratio_of_medians": round(statistics.median(bare) / statistics.median(full), 3),
        "ratio_per_round": [round(b / f, 3) for b, f in zip(bare, full)],
        # against the model as spaCy ships it, what a user running spaCy alone gets
        "ratio_vs_stock_spacy": round(min(stock_bare) / min(full), 3),
        "stock_spacy_articles_per_s": round(n / min(stock_bare), 2),
        # CPU seconds of this process: less disturbed than wall time when the host steals
        # cycles from a shared VM (spaCy's matrix code may use more than one thread)
        "cpu_ratio": round(min(bare_cpu) / min(full_cpu), 3),
        "cpu_ratio_of_medians": round(statistics.median(bare_cpu) / statistics.median(full_cpu), 3),
        # the VM's speed drifts over minutes: short alternating chunks see the same speed
        "interleaved": interleaved,
        "bare_seconds": [round(s, 2) for s in bare], "readout_seconds": [round(s, 2) for s in full],
        "stock_spacy_seconds": [round(s, 2) for s in stock_bare],
        "bare_cpu_seconds": [round(s, 2) for s in bare_cpu],
        "readout_cpu_seconds": [round(s, 2) for s in full_cpu],
        "where_time_goes": {k: {"seconds": round(v, 2), "share": round(v / total, 3)}
                            for k, v in parts.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # stage modules run compiled (readout.native; READOUT_PURE=1 runs the source)
        "compiled_stage_modules": len(native["compiled"]),
        "stale_compiled_modules": native["stale"],
    }


def pool_run(rows: list[dict[str, Any]], workers: int) -> dict:
    """Total and steady-state articles/s of a pool of ``workers`` processes."""
    import psutil

    from readout.workers import encode_json, read_parallel

    start = time.perf_counter()
    first, count, rss = None, 0, 0.0
    for _line in read_parallel(rows, workers=workers, encode=encode_json):
        count += 1
        if first is None:
            first, first_count = time.perf_counter(), count
            rss = max((c.memory_info().rss for c in psutil.Process().children(recursive=True)),
                      default=0) / 2**20
    end = time.perf_counter()
    steady = (count - first_count) / max(end - first, 1e-9) if first else 0.0
    return {"workers": workers, "articles": count, "seconds": round(end - start, 2),
            "articles_per_s": round(count / (end - start), 2),
            "steady_articles_per_s": round(steady, 2), "worker_rss_mb": round(rss, 1)}


def _spin(n: int) -> float:
    start, x = time.perf_counter(), 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def cpu_ceiling(n: int = 20_000_000) -> float:
    """How much faster 2 processes of pure arithmetic run than 1 on this machine right now:
    the most any 2-worker speedup can reach while other jobs share the cores."""
    import multiprocessing

    one = _spin(n)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - start
    return round(2 * one / two, 3)


def workers_section(args: argparse.Namespace, bases: list[dict[str, Any]]) -> dict:
    rows = list(synthesize(bases, args.workers_articles, seed=11))
    ceiling = cpu_ceiling()
    one = pool_run(rows, 1)
    two = pool_run(rows, 2)
    return {"one": one, "two": two, "cpu_ceiling_before": ceiling, "cpu_ceiling_after": cpu_ceiling(),
            "speedup": round(two["articles_per_s"] / one["articles_per_s"], 3),
            "steady_speedup": round(two["steady_articles_per_s"]
                                    / max(one["steady_articles_per_s"], 1e-9), 3)}


def memory_section(args: argparse.Namespace, bases: list[dict[str, Any]]) -> dict:
    """RSS of every process while ``--memory`` articles go through 2 workers."""
    import psutil

    from readout.workers import encode_json, read_parallel

    me = psutil.Process()
    samples: list[tuple[int, float, list[float]]] = []
    start = time.perf_counter()
    count = 0
    articles = synthesize(bases, args.memory, seed=13, paragraphs=args.memory_paragraphs,
                          novel_words=True)
    for _line in read_parallel(articles, workers=2, encode=encode_json):
        count += 1
        if count % args.sample_every == 0:
            # the two largest children are the workers (the others: forkserver, tracker)
            kids = sorted(c.memory_info().rss / 2**20 for c in me.children(recursive=True))[-2:]
            samples.append((count, me.memory_info().rss / 2**20, kids))
            if args.verbose:
                print(f"  {count} articles: parent {samples[-1][1]:.0f} MB, "
                      f"workers {[round(k) for k in kids]} MB", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    warm = next((s for s in samples if s[0] >= args.warmup), samples[0])
    after = [s for s in samples if s[0] >= warm[0]]

    def growth(values: list[float]) -> float:
        return round((max(values) - values[0]) / values[0], 4)

    return {
        "articles": count, "seconds": round(seconds, 1), "warmup_articles": warm[0],
        "parent_rss_mb": {"at_warmup": round(warm[1], 1), "max_after": round(max(s[1] for s in after), 1),
                          "growth": growth([s[1] for s in after])},
        "worker_rss_mb": {"at_warmup": [round(k, 1) for k in warm[2]],
                          "max_after": [round(max(s[2][i] for s in after), 1)
                                        for i in range(len(warm[2]))],
                          "growth": [growth([s[2][i] for s in after]) for i in range(len(warm[2]))]},
        "samples": [(c, round(p), [round(k) for k in ks]) for c, p, ks in samples],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default="ratio,workers",
                        help="comma-separated: ratio, workers, memory")
    parser.add_argument("--articles", type=int, default=300, help="articles for the ratio")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stages", default=None, help="stages for the ratio run (default all)")
    parser.add_argument("--chunk", type=int, default=25,
                        help="articles per chunk in the interleaved ratio")
    parser.add_argument("--workers-articles", type=int, default=400)
    parser.add_argument("--memory", type=int, default=0, help="articles for the memory run")
    parser.add_argument("--memory-paragraphs", type=int, default=2,
                        help="paragraphs per article in the memory run (0: all)")
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument("--shared", action="store_true",
                        help="mix in the dev texts of ../shared/data/dev (if present)")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "throughput.json")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    sections = set(args.sections.split(","))
    if args.memory:
        sections.add("memory")
    bases = base_articles(args.shared)
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg(),
                              "base_articles": len(bases)}
    with tempfile.TemporaryDirectory() as tmp:
        if "ratio" in sections:
            report["ratio"] = ratio_section(args, bases, Path(tmp))
        if "workers" in sections:
            report["workers"] = workers_section(args, bases)
        if "memory" in sections and args.memory:
            report["memory"] = memory_section(args, bases)
    report["load_average_after"] = os.getloadavg()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

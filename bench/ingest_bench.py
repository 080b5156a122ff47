"""Ingest speed and body quality on fundus80: readout's ingest+extract beside trafilatura alone.

    .venv/bin/python bench/ingest_bench.py [--rounds 3] [--data ../shared/data/dev/extract/fundus80]

Both runs read the same HTML files from disk in the same process; rounds alternate between
the two so that load on the machine hits both alike, and the best round of each counts. Wall-clock
pages/s and pages per CPU-second of this process are both reported (the second is steadier
on a shared machine).
"ours" is ``read_sources`` + ``ingest`` (trafilatura with metadata, boilerplate removal,
dateline/agency, language, duplicate marking); "trafilatura" is ``trafilatura.extract``
with its defaults. Body F1 is scored with ../shared/scoring/score.py (Zyte shingle metric)
for both. Skips cleanly (exit 0) when the data is absent. Prints a table, then one JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dev" / "extract" / "fundus80"
SCORING = ROOT.parent / "shared" / "scoring"


def run_trafilatura(pages: list[Path]) -> list[dict[str, Any]]:
    """trafilatura.extract with its defaults, one page at a time."""
    import trafilatura

    from readout.sources.decode import decode_bytes

    out = []
    for page in pages:
        html = decode_bytes(page.read_bytes())[0]
        out.append({"id": page.stem, "text": trafilatura.extract(html) or ""})
    return out


def run_ours(pages: list[Path]) -> list[dict[str, Any]]:
    """readout's ingest path, as ``readout read`` runs it before spaCy."""
    from readout.dedup import Deduplicator
    from readout.model import Article
    from readout.sources import ingest, read_sources

    out = []
    items = ingest(read_sources([str(p) for p in pages], "html"), dedup=Deduplicator(),
                   english_only=False)
    for item in items:
        if isinstance(item, Article):
            out.append({"id": item.id, "text": item.text})
    return out


def timed(fn: Callable[[list[Path]], list[dict[str, Any]]],
          pages: list[Path]) -> tuple[float, float, list[dict[str, Any]]]:
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(pages)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def body_f1(preds: list[dict[str, Any]], gold_path: Path) -> float | None:
    """Zyte body F1 with the shared scorer, or None when it is absent."""
    if not (SCORING / "score.py").exists():
        return None
    sys.path.insert(0, str(SCORING))
    import score  # type: ignore[import-not-found]

    gold = score.load_jsonl(str(gold_path))
    return score.score_extract(gold, preds, n_bootstrap=0)["f1"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = sorted((args.data / "html").glob("*.html"))
    if not pages:
        print(f"skipped: no HTML pages under {args.data / 'html'}")
        return 0
    run_ours(pages)  # imports and caches (justext stop lists, ...) warm for both
    wall = {"trafilatura": float("inf"), "ours": float("inf")}
    cpu = dict(wall)
    results: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.rounds):
        for name, fn in (("trafilatura", run_trafilatura), ("ours", run_ours)):
            w, c, results[name] = timed(fn, pages)
            wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
    rate = {k: len(pages) / v for k, v in wall.items()}
    cpu_rate = {k: len(pages) / v for k, v in cpu.items()}
    gold = args.data / "ground_truth.jsonl"
    f1 = {k: body_f1(v, gold) for k, v in results.items()}
    summary = {"bench": "ingest", "pages": len(pages), "rounds": args.rounds,
               "trafilatura_pages_per_s": round(rate["trafilatura"], 2),
               "ours_pages_per_s": round(rate["ours"], 2),
               "speed_ratio": round(rate["ours"] / rate["trafilatura"], 3),
               "trafilatura_pages_per_cpu_s": round(cpu_rate["trafilatura"], 2),
               "ours_pages_per_cpu_s": round(cpu_rate["ours"], 2),
               "cpu_speed_ratio": round(cpu_rate["ours"] / cpu_rate["trafilatura"], 3),
               "trafilatura_f1": None if f1["trafilatura"] is None else round(f1["trafilatura"], 4),
               "ours_f1": None if f1["ours"] is None else round(f1["ours"], 4)}
    print(f"{'':14}{'pages/s':>9}{'pages/CPU-s':>13}{'body F1':>9}")
    for name in ("trafilatura", "ours"):
        shown = "-" if f1[name] is None else f"{f1[name]:.4f}"
        print(f"{name:14}{rate[name]:9.2f}{cpu_rate[name]:13.2f}{shown:>9}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

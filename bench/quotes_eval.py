"""Quotes stage on a dev set: predictions for score.py and the time of find_quotes vs spaCy.

    .venv/bin/python bench/quotes_eval.py [GOLD.jsonl] [-o PRED.jsonl] [--limit N] [--cache F.spacy]

Runs spaCy (nlp.pipe) over the texts, then the actors stage (when it works) and
readout.quotes.find_quotes, writes readout/1-like records (id, text, quotes) and prints
the time spent in nlp.pipe and in find_quotes. With --cache the parses (and the nlp.pipe
time they took) are kept in a DocBin and reused while the texts are the same, so rule
changes can be measured in seconds. Skips cleanly when ../shared is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

from readout.context import StageInput
from readout.model import Article, to_dict
from readout.nlp import load_pipeline
from readout.quotes import find_quotes
from readout.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/dev/quotes/polnear_dev.jsonl"


def actors_for(inp: StageInput) -> list:
    try:
        from readout.actors import resolve_actors

        return resolve_actors(inp)
    except Exception:  # the actors stage is optional here
        return []


def parsed(nlp, texts: list[str], cache: str) -> tuple[list, float]:
    """The Docs of ``texts`` and the seconds nlp.pipe took (from the cache's sidecar when reused)."""
    path = Path(cache) if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs, float(json.loads(path.with_suffix(".json").read_text())["seconds"])
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    seconds = time.perf_counter() - t0
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path)
        path.with_suffix(".json").write_text(json.dumps({"seconds": seconds}))
    return docs, seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(DEFAULT))
    ap.add_argument("-o", "--out", default="out/quotes/pred.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-actors", action="store_true")
    ap.add_argument("--cache", default="", help="DocBin file to reuse the parses of (made when absent)")
    args = ap.parse_args()
    gold = Path(args.gold)
    if not gold.exists():
        print(f"skipped: {gold} not found")
        return 0
    recs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    if args.limit:
        recs = recs[: args.limit]
    nlp = load_pipeline()
    settings = Settings()
    docs, t_spacy = parsed(nlp, [r["text"] for r in recs], args.cache)
    t_quotes = 0.0
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for r, doc in zip(recs, docs):
            inp = StageInput(doc=doc, article=Article(text=r["text"]), settings=settings)
            if not args.no_actors:
                inp = StageInput(doc=doc, article=inp.article, settings=settings, actors=actors_for(inp))
            t1 = time.perf_counter()
            quotes = find_quotes(inp)
            t_quotes += time.perf_counter() - t1
            f.write(json.dumps({"id": r["id"], "text": r["text"],
                                "quotes": [to_dict(q) for q in quotes]}, ensure_ascii=False) + "\n")
    print(f"{len(recs)} texts, {sum(len(d) for d in docs)} tokens")
    print(f"spaCy nlp.pipe: {t_spacy:.2f} s; find_quotes: {t_quotes:.3f} s "
          f"({100 * t_quotes / t_spacy:.1f}% of spaCy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

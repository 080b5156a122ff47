#!/usr/bin/env python3
"""How many gold actor countries readout's actors find (issue 4: actors).

On ../shared/data/dev/events/plover_dev.jsonl every gold event names its source and target
actors with a CAMEO country code (or IGO). For each gold code we ask: is there an actor in
readout's record for that sentence whose country (or, for IGO, whose code) matches? The
headline is the share of gold codes found ("recall"); "sector_recall" asks, for gold actors
with a sector (GOV, MIL, REB, ...), for an actor with that country and sector; also the share of
coded actors, actors per second, and a list of misses (--misses N).

    .venv/bin/python bench/actors_eval.py [--misses 20] [--json-out out/actors/eval.json]

Skips cleanly (exit 0) when ../shared is absent. Runs only the actors stage.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "dev" / "events" / "plover_dev.jsonl"
# gold codes that differ from the CAMEO/Phoenix ones readout uses
ALIASES = {"JAP": "JPN", "ROM": "ROU", "MTN": "MNE", "UK": "GBR", "TLS": "TMP"}


def gold_codes(record: dict) -> list[tuple[str, str, str]]:
    """(country or IGO code, text, sector) of every gold source and target actor."""
    out = []
    for event in record.get("events", []):
        for side in ("source", "target"):
            for actor in event.get(side) or []:
                code = (actor.get("code") or "").strip().upper()
                if code and code not in {"---", "***"}:
                    sector = (actor.get("sector") or "").strip().upper()[:3]
                    out.append((ALIASES.get(code, code), actor.get("text") or "", sector))
    return out


def found_sector(code: str, sector: str, actors: list) -> bool:
    return any((a.country == code or (a.code or "").startswith(code)) and sector in (a.code or "")
               for a in actors)


def found(code: str, actors: list) -> bool:
    for a in actors:
        if code.startswith("IGO") or code.startswith("NGO"):
            if (a.code or "").startswith(code):
                return True
        elif a.country == code or (a.code or "")[:3] == code:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"skip: {args.gold} not found")
        return 0
    from readout.pipeline import Pipeline
    from readout.settings import Settings

    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = Pipeline(Settings(stages=("actors",)))
    pipeline.read("warm up.")
    started = time.perf_counter()
    outputs = list(pipeline.read_many([{"id": r["id"], "text": r["text"], "published": r.get("published")}
                                       for r in records]))
    seconds = time.perf_counter() - started
    total = hit = sector_total = sector_hit = 0
    misses = []
    n_actors = coded = 0
    for gold, out in zip(records, outputs):
        n_actors += len(out.actors)
        coded += sum(1 for a in out.actors if a.code)
        for code, text, sector in gold_codes(gold):
            total += 1
            if found(code, out.actors):
                hit += 1
            else:
                misses.append((gold["id"], code, text, [(a.name, a.code) for a in out.actors]))
            if sector.isalpha() and not code.startswith(("IGO", "NGO")):
                sector_total += 1
                sector_hit += found_sector(code, sector, out.actors)
    for m in misses[: args.misses]:
        print(f"MISS {m[0]} {m[1]} {m[2]!r} have={m[3]}")
    result = {
        "records": len(records), "gold_codes": total, "found": hit,
        "recall": round(hit / total, 4) if total else None,
        "gold_with_sector": sector_total,
        "sector_recall": round(sector_hit / sector_total, 4) if sector_total else None,
        "actors": n_actors, "coded_share": round(coded / n_actors, 4) if n_actors else None,
        "records_per_second": round(len(records) / seconds, 1) if seconds else None,
    }
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

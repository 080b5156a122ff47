"""Store benchmark: write 1M synthetic events; a dyad timeline over 10M events.

    .venv/bin/python bench/store_bench.py [--events 1000000] [--big 10000000] [--dir out/bench]

Targets (issue 8): writing 1M events through ``Store.write`` in at most 60 s; one dyad
timeline (``Store.timeline("CHN", "RUS", by="month")``) over a 10M-event store in at most
1 s. The 1M events come as readout/1 records (JSON form, 10 events per article) and go
through the whole write path: rows, cluster assignment, the daily dyad aggregate, indexes,
one transaction per batch, and a final CHECKPOINT (so the data is compacted on disk).
The records are made (in memory) before the clock starts. The 10M-event
store is filled with SQL (its write speed is not what is measured there), then its daily
dyad aggregate is rebuilt once. Wall and CPU (process) times are both reported: the
machine is shared, so wall time depends on its load. Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

from readout.store import Store

COUNTRIES = ["CHN", "RUS", "USA", "UKR", "DEU", "FRA", "GBR", "IRN", "ISR", "IND", "JPN",
             "KOR", "PRK", "TUR", "SYR", "EGY", "SAU", "PAK", "AFG", "BRA"]
SECTORS = ["GOV", "MIL", "", "BUS", "OPP"]
CODES = [("010", "01", 1, 0.0), ("036", "03", 1, 4.0), ("042", "04", 1, 1.9),
         ("051", "05", 1, 3.4), ("061", "06", 2, 6.4), ("071", "07", 2, 7.4),
         ("112", "11", 3, -2.0), ("130", "13", 3, -4.4), ("173", "17", 4, -5.0),
         ("190", "19", 4, -10.0)]


def synthetic_records(n_articles: int, per_article: int, seed: int = 7):
    """readout/1 records in JSON form with random dyads, codes and dates in 2020–2023."""
    rng = random.Random(seed)
    text = "Officials met on Monday and talked. Later they signed a deal."
    for i in range(n_articles):
        day = rng.randrange(1461)
        published = time.strftime("%Y-%m-%d", time.gmtime(1577836800 + day * 86400))
        events = []
        for j in range(per_article):
            a, b = rng.sample(COUNTRIES, 2)
            cameo, root, quad, gold = rng.choice(CODES)
            events.append({
                "id": f"E{j + 1}", "sentence": 0,
                "source": {"actor": None, "code": a + rng.choice(SECTORS), "text": a},
                "target": {"actor": None, "code": b + rng.choice(SECTORS), "text": b},
                "cameo": cameo, "root": root, "quad_class": quad, "goldstein": gold,
                "plover": None, "plover_mode": None,
                "trigger": {"text": "met", "start": 10, "end": 13}, "evidence": [0, 35],
                "date": published, "location": None, "negated": False,
                "modality": "asserted", "confidence": 0.8, "rule": "bench"})
        yield {"schema": "readout/1", "id": f"bench{i:07d}", "url": f"https://n.example/{i}",
               "title": None, "published": published, "source": f"outlet{i % 50}",
               "agency": None, "dateline": None, "language": "en", "text": text,
               "sentences": [[0, 35], [36, len(text)]], "entities": [], "actors": [],
               "events": events, "quotes": [], "quantities": [], "timexes": [],
               "duplicate_of": None, "warnings": []}


def bench_write(path: Path, n_events: int, per_article: int = 10, batch_size: int = 20000) -> dict:
    started = time.perf_counter()
    records = list(synthetic_records(n_events // per_article, per_article))  # not timed
    made = time.perf_counter() - started
    with Store(path) as store:
        started, cpu = time.perf_counter(), time.process_time()
        stats = store.write(records, batch_size=batch_size)
        store.con.execute("CHECKPOINT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        counts = store.counts()
    return {"write_events": stats.events, "write_seconds": round(seconds, 2),
            "write_cpu_seconds": round(cpu, 2), "write_events_per_s": round(stats.events / seconds),
            "records_made_seconds": round(made, 1), "write_batch_articles": batch_size,
            "clusters": counts["clusters"]}


BIG_SQL = """
INSERT INTO events (event_uid, article_id, event_id, sentence, date, source_code,
    source_country, target_code, target_country, cameo, root, quad_class, goldstein, cluster_id)
SELECT 'big' || i || ':E1', 'big' || (i // 10), 'E1', 0,
       DATE '2015-01-01' + CAST(CAST(hash(i) % 1000003 AS BIGINT) % 3287 AS INTEGER),
       c[1 + CAST(hash(i * 3) % 1000003 AS BIGINT) % 20] || 'GOV', c[1 + CAST(hash(i * 3) % 1000003 AS BIGINT) % 20],
       c[1 + CAST(hash(i * 7) % 1000003 AS BIGINT) % 20] || 'GOV', c[1 + CAST(hash(i * 7) % 1000003 AS BIGINT) % 20],
       k[1 + CAST(hash(i * 11) % 1000003 AS BIGINT) % 10], substr(k[1 + CAST(hash(i * 11) % 1000003 AS BIGINT) % 10], 1, 2),
       CAST(1 + CAST(hash(i * 13) % 1000003 AS BIGINT) % 4 AS TINYINT), CAST(CAST(hash(i * 17) % 1000003 AS BIGINT) % 21 AS DOUBLE) - 10, NULL
FROM range($n) t(i), (SELECT $countries AS c, $codes AS k)
"""


def bench_timeline(path: Path, n_events: int) -> dict:
    with Store(path) as store:
        started = time.perf_counter()
        store.con.execute(BIG_SQL, {"n": n_events, "countries": COUNTRIES,
                                    "codes": [c[0] for c in CODES]})
        fill = time.perf_counter() - started
        started = time.perf_counter()
        store.rebuild_dyad_days()
        aggregate = time.perf_counter() - started
        store.con.execute("CHECKPOINT")
    with Store(path, read_only=True) as store:
        frame, wall, cpu = _timed(lambda: store.timeline("CHN", "RUS", by="month"))
        scan, scan_wall, scan_cpu = _timed(lambda: store.timeline("CHNGOV", "RUSGOV", by="month"))
        total = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        rows = store.con.execute("SELECT count(*) FROM dyad_days").fetchall()[0][0]
    assert frame["events"].tolist() == scan["events"].tolist(), "aggregate and scan disagree"
    return {"timeline_events_in_store": total, "timeline_seconds": round(min(wall), 3),
            "timeline_seconds_first": round(wall[0], 3), "timeline_cpu_seconds": round(min(cpu), 3),
            "timeline_periods": len(frame), "timeline_dyad_events": int(frame["events"].sum()),
            "timeline_scan_seconds": round(min(scan_wall), 3),
            "timeline_scan_cpu_seconds": round(min(scan_cpu), 3),
            "dyad_days_rows": rows, "fill_seconds": round(fill, 1),
            "aggregate_seconds": round(aggregate, 1)}


def _timed(query, runs: int = 3):
    """The result of ``query()`` and the wall and CPU seconds of each of ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = query()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return result, walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    parser.add_argument("--batch-size", type=int, default=20000,
                        help="articles per transaction when writing (10 events each)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for name in ("write.duckdb", "big.duckdb"):
        for p in args.dir.glob(name + "*"):
            p.unlink() if p.is_file() else shutil.rmtree(p)
    if args.events:
        result.update(bench_write(args.dir / "write.duckdb", args.events, batch_size=args.batch_size))
    if args.big:
        result.update(bench_timeline(args.dir / "big.duckdb", args.big))
    if "write_seconds" in result:
        result["write_ok"] = result["write_seconds"] * 1_000_000 / max(result["write_events"], 1) <= 60
    if "timeline_seconds" in result:
        result["timeline_ok"] = result["timeline_seconds"] <= 1
    print(json.dumps(result))


if __name__ == "__main__":
    main()

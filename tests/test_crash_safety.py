"""`readout ingest` killed with SIGKILL at random points, then resumed: the store opens
after every kill, holds every article exactly once, and its counts equal a clean run's."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readout.store import Store

STORIES = [
    ("Pact signed", "Freedonia signed a trade agreement with Ruritania in Geneva on Monday."),
    ("Troops shelled", "Russian forces shelled Ukrainian positions near the river on Tuesday."),
    ("Envoy visits", "Chinese Foreign Minister Wang Yi visited Moscow last week for talks."),
    ("Protest", "Thousands of protesters marched against the government in Paris on Sunday."),
    ("Sanctions", "The European Union imposed sanctions on Iran over its nuclear programme."),
    ("Aid pledged", "Japan pledged $500 million in aid to Ukraine, officials said on Friday."),
    ("Talks fail", "Israel rejected a ceasefire proposal from Egypt on Wednesday."),
    ("Summit", "Brazilian President Lula met Indian Prime Minister Narendra Modi in Delhi."),
    ("Warning", "\u201cWe will respond firmly,\u201d the North Korean foreign ministry said."),
    ("Deal", "Turkey and Greece agreed to resume talks on maritime borders in March 2024."),
    ("Arrests", "Police in Kenya arrested 40 opposition supporters in Nairobi on Thursday."),
    ("Loan", "The IMF approved a $3 billion loan for Pakistan, the fund said on Tuesday."),
]
KILLS = 3  # runs killed at random points before the one that finishes


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (title, body) in enumerate(STORIES):
        extra = f"The statement was issued on day {i + 1} of the month."
        (folder / f"story{i:02d}.txt").write_text(f"{title}\n\n{body}\n\n{extra}\n", encoding="utf-8")
    return folder


def ingest_args(corpus: Path, db: Path) -> list[str]:
    return ["ingest", str(corpus), "--db", str(db), "--batch-size", "1", "--quiet",
            "--published", "2024-03-01"]


def snapshot(db: Path) -> dict:
    """Counts, ids and duplicates of a store (opened read-only, waiting for a writer)."""
    with Store(db, read_only=True, timeout=60) as store:
        one = lambda sql: store.con.execute(sql).fetchall()  # noqa: E731
        return {
            "counts": store.counts(),
            "articles": sorted(r[0] for r in one("SELECT article_id FROM articles")),
            "events": sorted(one("SELECT event_uid, cameo, source_code, target_code FROM events")),
            "doubled": one("SELECT article_id FROM articles GROUP BY 1 HAVING count(*) > 1")
            + one("SELECT article_id, actor_id FROM actors GROUP BY 1, 2 HAVING count(*) > 1")
            + one("SELECT article_id, idx FROM quantities GROUP BY 1, 2 HAVING count(*) > 1")
            + one("SELECT article_id, idx FROM timexes GROUP BY 1, 2 HAVING count(*) > 1")
            + one("SELECT cluster_id FROM events WHERE cluster_id NOT IN "
                  "(SELECT cluster_id FROM clusters)"),
        }


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with Store(db, read_only=True, timeout=0.2) as store:
            return store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except Exception:  # locked by the writer, or not created yet
        return -1


def run_and_kill(corpus: Path, db: Path, rng: random.Random, log: list) -> None:
    """Start an ingest; kill it with SIGKILL once the store holds a random number of
    articles (or at a random moment of start-up), plus a random delay."""
    target = rng.randint(0, len(STORIES) - 1)
    proc = subprocess.Popen([sys.executable, "-m", "readout.cli", *ingest_args(corpus, db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    early = started + rng.uniform(0.5, 4)  # target 0: a moment of start-up
    try:
        while proc.poll() is None and time.monotonic() < started + 240:
            if (target == 0 and time.monotonic() > early) or stored(db) >= target > 0:
                break
            time.sleep(0.1)
        time.sleep(rng.uniform(0, 0.6))
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    log.append((target, proc.returncode))


@pytest.mark.slow
def test_ingest_survives_sigkill_and_resumes_to_the_clean_result(tmp_path):
    from readout.cli import app

    corpus = write_corpus(tmp_path / "corpus")
    clean_db = tmp_path / "clean.duckdb"
    got = CliRunner().invoke(app, ingest_args(corpus, clean_db))
    assert got.exit_code == 0, got.output
    clean = snapshot(clean_db)
    assert clean["counts"]["articles"] == len(STORIES) and clean["counts"]["events"] > 0

    db = tmp_path / "killed.duckdb"
    rng = random.Random(20240301)
    log: list = []
    for _ in range(KILLS):
        run_and_kill(corpus, db, rng, log)
        if db.exists():
            after = snapshot(db)  # the store opens after every kill, nothing doubled
            assert after["doubled"] == []
            assert set(after["articles"]) <= set(clean["articles"])
    print("kills (target articles, return code):", log)
    assert any(code == -signal.SIGKILL for _, code in log), log  # at least one real kill

    done = subprocess.run([sys.executable, "-m", "readout.cli", *ingest_args(corpus, db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    final = snapshot(db)
    assert final["doubled"] == []
    assert final["articles"] == clean["articles"]
    assert final["events"] == clean["events"]
    assert final["counts"] == clean["counts"]

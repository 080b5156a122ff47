"""`readout serve` keeps answering while `readout ingest` writes, and takes 200 concurrent
API requests on loopback without an error.

How DuckDB's rule (one writing process, or any number of reading ones) is kept: the server
opens the store read-only for each request and closes it after; the ingest opens it only to
write each batch (one short transaction) and closes it again. Each side waits, retrying,
while the other holds the file (the server up to 15 s, the ingest up to 120 s), so requests
are answered between batches instead of failing."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time

import pytest

from test_crash_safety import STORIES, write_corpus
from test_web_api import build_store

httpx = pytest.importorskip("httpx")

ROUTES = ["/api/overview", "/api/events?size=5", "/api/quotes", "/api/articles?q=talks",
          "/api/timeline?by=month", "/api/dyads", "/api/countries", "/", "/events",
          "/articles", "/api/events?dyad=CHN-RUS&format=csv"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def served(tmp_path):
    """(base URL, store path) of a server over a small store, run in a thread."""
    import uvicorn

    from readout.web.app import create_app

    db = build_store(tmp_path / "live.duckdb")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning", backlog=512))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", db
    server.should_exit = True
    thread.join(timeout=15)


def article_count(client: "httpx.Client") -> tuple[int, int]:
    got = client.get("/api/overview")
    return got.status_code, (got.json()["counts"]["articles"] if got.status_code == 200 else -1)


@pytest.mark.slow
def test_the_server_answers_while_an_ingest_writes(served, tmp_path):
    base, db = served
    corpus = write_corpus(tmp_path / "corpus")
    with httpx.Client(base_url=base, timeout=60) as client:
        status, before = article_count(client)
        assert status == 200
        ingest = subprocess.Popen(
            [sys.executable, "-m", "readout.cli", "ingest", str(corpus), "--db", str(db),
             "--batch-size", "1", "--quiet", "--published", "2024-03-01"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        statuses, seen, n = [], [], 0
        while ingest.poll() is None:
            status, count = article_count(client)
            statuses.append(status)
            seen.append(count)
            statuses.append(client.get(ROUTES[n % len(ROUTES)]).status_code)
            n += 1
            time.sleep(0.05)
        _, err = ingest.communicate(timeout=60)
        assert ingest.returncode == 0, err
        status, after = article_count(client)
    assert set(statuses) == {200}, sorted(set(statuses))
    assert after == before + len(STORIES)
    assert seen == sorted(seen)  # the store only grew, one committed batch at a time
    assert len(set(seen)) >= 2, seen  # answers came while the ingest was writing


async def burst(base: str, n: int) -> list[int]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        answers = await asyncio.gather(*(client.get(ROUTES[i % len(ROUTES)]) for i in range(n)),
                                       return_exceptions=True)
    return [a.status_code if isinstance(a, httpx.Response) else repr(a) for a in answers]


@pytest.mark.slow
def test_two_hundred_concurrent_api_requests_all_succeed(served):
    base, _ = served
    codes = asyncio.run(burst(base, 200))
    assert len(codes) == 200
    assert [c for c in codes if c != 200] == []

"""The HTTP API and the server-rendered pages of ``readout serve`` (FastAPI TestClient) over a
store built in a temporary folder from hand-made records.

``build_store`` is shared with test_browser.py."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Optional

import pytest

from readout.model import (Actor, ActorRef, Event, Quantity, Quote, QuoteContent, Readout, Span)
from readout.store import Store
from readout.web import highlight

SUMMIT = ("Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday. "
          "\u201cOur friendship has no limits,\u201d Xi told Putin.\n\n"
          "Trade between the two countries rose to $240 billion last year.")
SHELLING = "Russian forces shelled Ukrainian positions near the river on Tuesday, the army said."
PROTEST = ("China criticised Japan over the release of treated water. "
           "\u201cThis is irresponsible,\u201d a Chinese spokesman said.")


def span(text: str, words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(text=words, start=start, end=start + len(words))


def ref(text: str, code: Optional[str], words: str, actor: Optional[str] = None) -> ActorRef:
    s = span(text, words)
    return ActorRef(actor=actor, code=code, text=words, start=s.start, end=s.end)


def actor(text: str, aid: str, name: str, code: str, words: list[str]) -> Actor:
    mentions = [[span(text, w).start, span(text, w).end] for w in words]
    return Actor(id=aid, name=name, code=code, country=code[:3], sector=code[3:] or None,
                 kind="person", mentions=mentions)


def event(text: str, eid: str, src: ActorRef, tgt: ActorRef, cameo: str, quad: int,
          goldstein: float, trigger: str, sentence: tuple[int, int]) -> Event:
    return Event(id=eid, sentence=0, source=src, target=tgt, cameo=cameo, root=cameo[:2],
                 quad_class=quad, goldstein=goldstein, trigger=span(text, trigger),
                 evidence=list(sentence), rule="test")


def summit(rid: str = "w1", published: str = "2024-03-04") -> Readout:
    t = SUMMIT
    first = (0, t.index("Monday.") + 7)
    q_words = "Our friendship has no limits,"
    return Readout(
        id=rid, title="Xi meets Putin in Moscow", published=published, source="Test Wire",
        url=f"https://news.example/{rid}", text=t,
        sentences=[[0, first[1]], [first[1] + 1, t.index("\n\n")], [t.index("Trade"), len(t)]],
        actors=[actor(t, "A1", "Xi Jinping", "CHNGOV", ["Chinese President Xi Jinping"]),
                actor(t, "A2", "Vladimir Putin", "RUSGOV", ["Russian President Vladimir Putin"])],
        events=[event(t, "E1", ref(t, "CHNGOV", "Chinese President Xi Jinping", "A1"),
                      ref(t, "RUSGOV", "Russian President Vladimir Putin", "A2"),
                      "042", 1, 1.9, "met", first)],
        quotes=[Quote(id="Q1", kind="direct", speaker=ref(t, "CHNGOV", "Xi", "A1"),
                      cue=span(t, "told"),
                      content=QuoteContent(text=q_words, start=t.index(q_words),
                                           end=t.index(q_words) + len(q_words)),
                      addressee=ActorRef(actor="A2", code="RUSGOV", text="Putin"), sentence=1)],
        quantities=[Quantity(text="$240 billion", start=t.index("$240"),
                             end=t.index("$240") + len("$240 billion"), value=240e9, unit="USD",
                             kind="money", metric="trade")])


def shelling() -> Readout:
    t = SHELLING
    return Readout(
        id="w2", title="Shelling near the river", published="2024-03-20", source="Other Post",
        text=t, sentences=[[0, len(t)]],
        events=[event(t, "E1", ref(t, "RUSMIL", "Russian forces"), ref(t, "UKRMIL", "Ukrainian positions"),
                      "195", 4, -10.0, "shelled", (0, len(t)))])


def protest() -> Readout:
    t = PROTEST
    words = "This is irresponsible,"
    return Readout(
        id="w3", title="China criticises Japan", published="2024-04-10", source="Test Wire",
        text=t, sentences=[[0, t.index("water.") + 6]],
        events=[event(t, "E1", ref(t, "CHNGOV", "China"), ref(t, "JPNGOV", "Japan"),
                      "111", 3, -2.0, "criticised", (0, t.index("water.") + 6))],
        quotes=[Quote(id="Q1", kind="direct", speaker=ref(t, "CHNGOV", "a Chinese spokesman"),
                      cue=span(t, "said"),
                      content=QuoteContent(text=words, start=t.index(words), end=t.index(words) + len(words)))])


def records() -> list[Readout]:
    """Five articles over six weeks: two CHN-RUS summits, a RUS-UKR attack, a CHN-JPN protest."""
    return [summit(), summit("w4", "2024-03-12"), shelling(), protest(), summit("w5", "2024-04-15")]


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.write(records())
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from readout.web.app import create_app

    db = build_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    with TestClient(create_app(db)) as c:
        yield c


# ---------------------------------------------------------------- API


def test_overview_counts_the_store_and_ranks_the_dyads(client):
    data = client.get("/api/overview").json()
    assert data["counts"]["articles"] == 5 and data["counts"]["events"] == 5
    assert data["first_date"] == "2024-03-04" and data["last_date"] == "2024-04-15"
    assert {q["quad_class"]: q["events"] for q in data["quad_classes"]} == {1: 3, 2: 0, 3: 1, 4: 1}
    top = data["top_dyads"][0]
    assert (top["side_a"], top["side_b"], top["events"]) == ("CHN", "RUS", 3)
    assert data["latest_events"][0]["date"] == "2024-04-15"


def test_events_filter_by_dyad_actor_quad_root_dates_and_text(client):
    def uids(**params):
        return sorted(r["event_uid"] for r in client.get("/api/events", params=params).json()["rows"])

    assert uids(dyad="RUS-CHN") == ["w1:E1", "w4:E1", "w5:E1"]
    assert uids(dyad="RUS>CHN") == []  # directed: Russia was never the source
    assert uids(actor="UKR") == ["w2:E1"]
    assert uids(actor="CHNGOV", quad=3) == ["w3:E1"]
    assert uids(root="19") == ["w2:E1"]
    assert uids(dyad="CHN-RUS", since="2024-03-10", until="2024-03-31") == ["w4:E1"]
    assert uids(q="river") == ["w2:E1"]
    row = client.get("/api/events", params={"actor": "JPN"}).json()["rows"][0]
    assert row["trigger"] == "criticised" and row["cameo_name"] and row["evidence"].startswith("China")


def test_events_are_paged_newest_first(client):
    first = client.get("/api/events", params={"size": 2}).json()
    second = client.get("/api/events", params={"size": 2, "page": 2}).json()
    assert (first["total"], first["pages"]) == (5, 3)
    assert [r["date"] for r in first["rows"]] == ["2024-04-15", "2024-04-10"]
    assert second["rows"][0]["date"] == "2024-03-20"
    oldest = client.get("/api/events", params={"size": 1, "sort": "date"}).json()["rows"][0]
    assert oldest["event_uid"] == "w1:E1"


def test_every_table_downloads_as_csv_and_json(client):
    got = client.get("/api/events", params={"dyad": "CHN-RUS", "format": "csv"})
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(got.text)))
    assert len(table) == 3 and {r["target_code"] for r in table} == {"RUSGOV"}
    quotes = client.get("/api/quotes", params={"format": "json"}).json()
    assert isinstance(quotes, list) and len(quotes) == 4
    for path in ("/api/articles", "/api/dyads", "/api/timeline"):
        assert client.get(path, params={"format": "csv"}).status_code == 200
    assert client.get("/api/events", params={"format": "xml"}).status_code == 400


def test_the_timeline_counts_each_week_and_the_volume_of_all_events(client):
    data = client.get("/api/timeline", params={"dyad": "CHN-RUS", "by": "week"}).json()
    weeks = {p["period"]: p for p in data["periods"]}
    assert list(weeks)[0] == "2024-03-04" and list(weeks)[-1] == "2024-04-15"
    assert len(weeks) == 7  # every week present, empty ones as zeros
    assert weeks["2024-03-04"]["quad1"] == 1 and weeks["2024-03-04"]["goldstein_mean"] == 1.9
    assert weeks["2024-03-18"]["events"] == 0 and weeks["2024-03-18"]["total"] == 1
    assert weeks["2024-04-08"]["total"] == 1 and weeks["2024-04-08"]["events"] == 0
    assert client.get("/api/timeline", params={"by": "fortnight"}).status_code == 400


def test_an_article_comes_with_its_record_and_the_spans_to_highlight(client):
    data = client.get("/api/articles/w1").json()
    text = data["record"]["text"]
    marks = {(m["kind"], m["ref"]): text[m["start"]:m["end"]] for m in data["highlights"]}
    assert marks[("event", "E1")] == "met"
    assert marks[("actor", "A1")] == "Chinese President Xi Jinping"
    assert marks[("quote", "Q1")] == "Our friendship has no limits,"
    assert marks[("cue", "Q1")] == "told"
    assert marks[("quantity", "N0")] == "$240 billion"
    assert client.get("/api/articles/nope").status_code == 404


def test_quotes_search_and_the_quotes_between_two_sides(client):
    def uids(**params):
        return sorted(r["quote_uid"] for r in client.get("/api/quotes", params=params).json()["rows"])

    assert uids(q="irresponsible") == ["w3:Q1"]
    assert uids(speaker="spokesman") == ["w3:Q1"]
    assert uids(dyad="CHN-RUS") == ["w1:Q1", "w4:Q1", "w5:Q1"]
    assert uids(dyad="CHN-JPN") == ["w3:Q1"]
    assert uids(dyad="RUS-UKR") == []


def test_bad_parameters_are_refused_with_a_reason(client):
    for params in ({"quad": "7"}, {"since": "March"}, {"dyad": "CHN"}, {"actor": "12"},
                   {"size": "100000"}, {"root": "42"}):
        got = client.get("/api/events", params=params)
        assert got.status_code == 400, params
        assert got.json()["detail"]


def test_countries_and_cameo_tables_feed_the_pickers(client):
    codes = {r["code"]: r for r in client.get("/api/countries").json()["rows"]}
    assert codes["CHN"]["events"] == 4 and codes["CHN"]["name"] == "China"
    roots = client.get("/api/cameo").json()["roots"]
    assert len(roots) == 20 and roots[0]["code"] == "01"


def test_the_openapi_description_and_docs_page_list_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/quotes", "/api/timeline", "/api/articles/{article_id}"} <= set(spec["paths"])
    page = client.get("/docs").text
    assert "/api/events" in page and "dyad" in page


# ---------------------------------------------------------------- pages


def test_pages_render_what_the_api_returns(client):
    overview = client.get("/").text
    assert 'href="/dyad?a=CHN&amp;b=RUS"' in overview and "Xi meets Putin" in overview
    events = client.get("/events", params={"quad": "4"}).text
    assert "shelled" in events and "criticised" not in events
    dyad = client.get("/dyad", params={"a": "CHN", "b": "JPN"}).text
    assert "irresponsible" in dyad and "criticised" in dyad and 'data-kind="timeline"' in dyad
    quotes = client.get("/quotes", params={"q": "friendship"}).text
    assert quotes.count('href="/article/w') >= 3 and "irresponsible" not in quotes


def test_empty_form_fields_are_ignored(client):
    got = client.get("/events?actor=&dyad=&root=&quad=&since=&until=&q=")
    assert got.status_code == 200 and got.text.count("<tr data-uid=") == 5


def test_the_article_page_wraps_every_record_in_a_clickable_highlight(client):
    page = client.get("/article/w1").text
    assert re.search(r'<span class="m [^"]*k-event[^"]*" data-refs="E1"[^>]*>met</span>', page)
    assert re.search(r'data-refs="N0"[^>]*>\$240 billion</span>', page)
    index = json.loads(re.search(r'<script type="application/json" id="record-index">(.*?)</script>',
                                 page, re.S).group(1))
    assert index["E1"]["record"]["cameo"] == "042" and index["Q1"]["kind"] == "quote"


def test_pages_load_nothing_from_other_hosts(client):
    for path in ("/", "/events", "/dyad?a=CHN&b=RUS", "/quotes", "/articles", "/article/w1", "/docs"):
        page = client.get(path).text
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page):
            assert src.startswith("/") or src.startswith("data:"), (path, src)
    assert client.get("/static/chart.js").status_code == 200


def test_an_unknown_article_is_a_404_page(client):
    got = client.get("/article/missing")
    assert got.status_code == 404 and "missing" in got.text and "<html" in got.text


# ---------------------------------------------------------------- highlight and CLI


def test_overlapping_and_out_of_range_spans_still_give_clean_segments():
    rec = {"text": "Xi said hello.", "actors": [{"id": "A1", "mentions": [[0, 2], [5, 99]]}],
           "events": [{"id": "E1", "trigger": {"start": 3, "end": 7}}],
           "quotes": [{"id": "Q1", "content": {"start": 8, "end": 14}, "cue": {"start": 3, "end": 7}}],
           "quantities": [{"start": -4, "end": 1}], "timexes": [{"start": 9, "end": 2}]}
    segs = highlight.segments(rec)
    assert "".join(s.text for s in segs) == rec["text"]
    said = [s for s in segs if s.text == "sa"][0]  # the cue and trigger, not the actor
    assert set(said.refs) == {"E1", "Q1"}
    assert [s.refs for s in segs if s.text == "id"][0][0] in ("A1", "E1", "Q1")
    assert all(0 <= s.start < s.end <= len(rec["text"]) for s in segs)


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from readout.cli import app

    got = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert got.exit_code == 2 and "no store" in got.output
    helped = CliRunner().invoke(app, ["serve", "--help"])
    assert "--port" in helped.output and "127.0.0.1" in helped.output

"""The DuckDB store: idempotent writes, resume, clusters across articles, queries.

The record builders at the top are shared by test_export.py and test_analysis.py."""
from __future__ import annotations

from typing import Optional

from readout.model import Actor, ActorRef, Event, Place, Quote, QuoteContent, Readout, Span

TEXT = "China and Russia met today.\n\nMore talks followed."


def event(n: int, source: Optional[str], target: Optional[str], cameo: str, *, quad: int = 1,
          goldstein: float = 1.0, date: Optional[str] = None, sentence: int = 0,
          location: Optional[Place] = None) -> Event:
    return Event(id=f"E{n}", sentence=sentence,
                 source=ActorRef(actor="A1" if source == "CHNGOV" else None, code=source, text=source),
                 target=ActorRef(code=target, text=target), cameo=cameo, root=cameo[:2],
                 quad_class=quad, goldstein=goldstein, trigger=Span(text="met", start=17, end=20),
                 evidence=[0, 27] if sentence == 0 else [29, 48], date=date, location=location, rule="test")


def record(rid: str, published: str, events: list[Event], *, source: str = "Wire",
           url: Optional[str] = None, duplicate_of: Optional[str] = None, text: str = TEXT,
           quotes: Optional[list[Quote]] = None) -> Readout:
    return Readout(id=rid, published=published, source=source, url=url or f"https://news.example/{rid}",
                   text=text, sentences=[[0, 27], [29, len(text)]],
                   actors=[Actor(id="A1", name="Xi Jinping", code="CHNGOV", country="CHN",
                                 sector="GOV", kind="person", mentions=[[0, 5]])],
                   events=events, quotes=quotes or [], duplicate_of=duplicate_of)


def quote(n: int, speaker: str, words: str, sentence: int = 0) -> Quote:
    return Quote(id=f"Q{n}", kind="direct", speaker=ActorRef(actor="A1", code="CHNGOV", text=speaker),
                 content=QuoteContent(text=words, start=0, end=len(words)), sentence=sentence)


def visit_story() -> list[Readout]:
    """Three articles: two report the same CHN→RUS visit a day apart, one a later attack."""
    return [
        record("a1", "2023-05-24", [event(1, "CHNGOV", "RUSGOV", "042"),
                                    event(2, "RUSMIL", "UKRMIL", "190", quad=4, goldstein=-10.0)],
               source="Reuters", quotes=[quote(1, "Xi", "Our friendship is strong")]),
        record("a2", "2023-05-25", [event(1, "CHNGOV", "RUSGOV", "043")], source="AP"),
        record("a3", "2023-07-02", [event(1, "RUSGOV", "CHNGOV", "036", goldstein=4.0)], source="AP"),
    ]


# ---------------------------------------------------------------- tests

import json  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import readout  # noqa: E402
from readout import analysis  # noqa: E402
from readout.model import to_dict  # noqa: E402
from readout.store import Store  # noqa: E402


@pytest.fixture()
def store():
    with Store(":memory:") as s:
        s.write(visit_story())
        yield s


def test_store_is_exported_from_the_package():
    assert readout.Store is Store


def test_writing_the_same_articles_again_changes_nothing(store):
    before = store.counts()
    stats = store.write(visit_story())
    assert (stats.added, stats.replaced, stats.unchanged) == (0, 0, 3)
    assert store.counts() == before
    assert before == {"articles": 3, "actors": 3, "events": 4, "quotes": 1, "quantities": 0,
                      "timexes": 0, "clusters": 3}


def test_json_dicts_are_stored_like_records():
    with Store(":memory:") as s:
        s.write([to_dict(r) for r in visit_story()])
        stats = s.write(visit_story())  # the same articles as dataclasses: nothing new
        assert stats.unchanged == 3 and s.counts()["events"] == 4


def test_a_new_version_of_an_article_replaces_the_old_one(store):
    changed = record("a2", "2023-05-25", [event(1, "CHNGOV", "RUSGOV", "043"),
                                          event(2, "CHNGOV", "USAGOV", "051")],
                     source="AP", text=TEXT + " Updated.")
    stats = store.write([changed])
    assert (stats.added, stats.replaced) == (0, 1)
    assert sorted(store.events(article="a2")["event_uid"]) == ["a2:E1", "a2:E2"]
    assert store.counts()["articles"] == 3


def test_removing_an_article_version_updates_its_cluster(store):
    store.write([record("a2", "2023-05-25", [], source="AP", text="Nothing happened.")])
    cluster = store.clusters().set_index("cluster_id").loc["a1:E1"]
    assert (cluster["num_articles"], cluster["num_mentions"]) == (1, 1)


def test_an_interrupted_write_resumes_with_nothing_lost_or_doubled(tmp_path):
    path = tmp_path / "r.duckdb"
    records = [record(f"r{i}", "2023-01-01", [event(1, "CHNGOV", "RUSGOV", "042")])
               for i in range(10)]

    def crashing():
        for i, r in enumerate(records):
            if i == 7:
                raise KeyboardInterrupt
            yield r

    with Store(path) as s, pytest.raises(KeyboardInterrupt):
        s.write(crashing(), batch_size=3)
    with Store(path) as s:
        assert s.counts()["articles"] == 6  # two whole batches committed, the third rolled back
        stats = s.write(records, batch_size=3)
        assert (stats.added, stats.unchanged) == (4, 6)
        counts = s.counts()
        assert counts["articles"] == 10 and counts["events"] == 10
        only = s.clusters()
        assert len(only) == 1 and only.loc[0, "num_articles"] == 10


def test_the_same_event_in_two_articles_a_day_apart_is_one_cluster(store):
    clusters = store.clusters()
    top = clusters.iloc[0]
    assert (top["source_code"], top["target_code"], top["root"]) == ("CHNGOV", "RUSGOV", "04")
    assert (top["num_articles"], top["num_sources"], top["num_mentions"]) == (2, 2, 2)
    assert str(top["first_seen"])[:10] == "2023-05-24" and str(top["last_seen"])[:10] == "2023-05-25"
    assert top["source_url"] == "https://news.example/a1"


def test_clusters_split_on_date_root_and_direction():
    with Store(":memory:") as s:
        s.write([record("b1", "2023-01-01", [event(1, "CHNGOV", "RUSGOV", "042")]),
                 record("b2", "2023-01-04", [event(1, "CHNGOV", "RUSGOV", "042")]),  # 3 days on
                 record("b3", "2023-01-01", [event(1, "CHNGOV", "RUSGOV", "051")]),  # other root
                 record("b4", "2023-01-01", [event(1, "RUSGOV", "CHNGOV", "042")])])  # reversed
        assert len(s.clusters()) == 4


def test_clusters_are_kept_up_to_date_as_articles_arrive():
    with Store(":memory:") as s:
        s.write([record("c1", "2023-02-01", [event(1, "USAGOV", "IRNGOV", "112", quad=3)],
                        source="Reuters")])
        s.write([record("c2", "2023-02-02", [event(1, "USAGOV", "IRNGOV", "111", quad=3)],
                        source="AP")])
        s.write([record("c3", "2023-02-02", [event(1, "USAGOV", "IRNGOV", "112", quad=3)],
                        source="AP")])
        (cluster,) = s.clusters().itertuples()
        assert (cluster.num_articles, cluster.num_sources, cluster.cameo) == (3, 2, "112")


def test_a_near_duplicate_article_joins_the_clusters_of_its_original():
    with Store(":memory:") as s:
        s.write([record("d1", "2023-03-01", [event(1, "FRAGOV", "DEUGOV", "040")])])
        reprint = record("d2", "2023-03-09", [event(1, "FRAGOV", "DEUGOV", "040")],
                         duplicate_of="d1", source="Other")
        s.write([reprint])
        (cluster,) = s.clusters().itertuples()
        assert cluster.num_articles == 2


def test_event_ids_are_unique_across_articles_and_cameo_codes_keep_zeros(store):
    events = store.events()
    assert events["event_uid"].is_unique
    assert set(events["event_uid"]) == {"a1:E1", "a1:E2", "a2:E1", "a3:E1"}
    assert events.set_index("event_uid").loc["a1:E1", "cameo"] == "042"
    assert events.set_index("event_uid").loc["a1:E1", "root"] == "04"
    assert events.set_index("event_uid").loc["a1:E1", "source_name"] == "Xi Jinping"


def test_event_queries_by_dyad_actor_root_quad_and_dates(store):
    assert len(store.events(dyad="CHN-RUS")) == 3  # both directions
    assert len(store.events(dyad="CHN>RUS")) == 2
    assert len(store.events(dyad="RUS-CHN", directed=True)) == 1
    assert len(store.events(actor="UKR")) == 1
    assert len(store.events(actor="RUSMIL")) == 1
    assert list(store.events(root="4")["cameo"]) == ["042", "043"]
    assert list(store.events(quad=4)["cameo"]) == ["190"]
    assert list(store.events(since="2023-06-01")["cameo"]) == ["036"]
    assert list(store.events(until="2023-05-24", dyad="CHN-RUS")["cameo"]) == ["042"]
    with pytest.raises(ValueError):
        store.events(dyad="CHN")


def test_quote_queries_by_speaker_and_topic(store):
    assert list(store.quotes(speaker="xi")["content"]) == ["Our friendship is strong"]
    assert list(store.quotes(about="FRIENDSHIP")["speaker_name"]) == ["Xi Jinping"]
    assert store.quotes(speaker="Biden").empty


def test_timeline_fills_every_period_and_scores_cooperation(store):
    tl = store.timeline("CHN", "RUS", by="month")
    assert [p.strftime("%Y-%m") for p in tl["period"]] == ["2023-05", "2023-06", "2023-07"]
    assert list(tl["events"]) == [2, 0, 1]
    assert list(tl["quad1"]) == [2, 0, 1]
    assert tl["goldstein_mean"].iloc[2] == 4.0 and pd.isna(tl["goldstein_mean"].iloc[1])
    assert list(tl["net_cooperation"]) == [1.0, 0.0, 1.0]
    conflict = store.timeline("RUS", "UKR", by="week")
    assert list(conflict["net_cooperation"]) == [-1.0]
    assert conflict["period"].iloc[0].strftime("%Y-%m-%d") == "2023-05-22"  # a Monday


def test_sql_is_read_only(store):
    assert store.sql("SELECT count(*) AS n FROM events")["n"].iloc[0] == 4
    for bad in ("DELETE FROM events", "DROP TABLE events", "SELECT 1; INSERT INTO meta VALUES ('a', 'b')"):
        with pytest.raises(PermissionError):
            store.sql(bad)
    assert store.counts()["events"] == 4


def test_stored_records_come_back_whole(store):
    back = {r["id"]: r for r in store.records()}
    assert back["a1"] == json.loads(json.dumps(to_dict(visit_story()[0])))


@pytest.mark.slow
def test_articles_read_by_the_pipeline_are_stored(read):
    texts = ["Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday.",
             "The weather in Paris was mild on Sunday."]
    records = [read(t, published="2023-03-20") for t in texts]
    with Store(":memory:") as s:
        stats = s.write(records)
        assert stats.added == 2
        assert s.write(records).unchanged == 2
        counts = s.counts()
        assert counts["articles"] == 2
        assert counts["events"] == sum(len(r.events) for r in records)
        assert counts["actors"] == sum(len(r.actors) for r in records)


# ---------------------------------------------------------------- countries of actor codes


def _sector_story() -> Readout:
    """'The military' with no country (coded MIL, and its actor record says country MIL)
    attacks rebels in Syria; the UN and the West react."""
    text = "The army shelled rebel positions in Syria. The UN and the West condemned it."
    return Readout(
        id="s1", published="2023-08-01", source="Wire", url="https://news.example/s1", text=text,
        sentences=[[0, 42], [43, len(text)]],
        actors=[Actor(id="A1", name="the army", code="MIL", country="MIL", sector="MIL",
                      kind="organisation", mentions=[[0, 8]]),
                Actor(id="A2", name="rebels", code="SYRREB", country="SYR", sector="REB",
                      kind="group", mentions=[[17, 23]]),
                Actor(id="A3", name="the UN", code="IGOUNO", country="IGO", kind="organisation",
                      mentions=[[43, 49]]),
                Actor(id="A4", name="the West", code="WST", country="WST", kind="country",
                      mentions=[[54, 62]])],
        events=[Event(id="E1", sentence=0, source=ActorRef(actor="A1", code="MIL", text="The army"),
                      target=ActorRef(actor="A2", code="SYRREB", text="rebel"), cameo="190",
                      root="19", quad_class=4, goldstein=-10.0, rule="test",
                      trigger=Span(text="shelled", start=9, end=16), evidence=[0, 42]),
                Event(id="E2", sentence=1, source=ActorRef(actor="A3", code="IGOUNO", text="The UN"),
                      target=ActorRef(actor="A1", code="MIL", text="it"), cameo="122",
                      root="12", quad_class=3, goldstein=-4.0, rule="test",
                      trigger=Span(text="condemned", start=63, end=72), evidence=[43, 75]),
                Event(id="E3", sentence=1, source=ActorRef(actor="A4", code="WST", text="the West"),
                      target=ActorRef(code="---GOV", text="it"), cameo="122", root="12",
                      quad_class=3, goldstein=-4.0, rule="test",
                      trigger=Span(text="condemned", start=63, end=72), evidence=[43, 75])])


def test_a_sector_or_body_code_gives_no_country_but_a_region_does():
    with Store(":memory:") as s:
        s.write([_sector_story()])
        ev = s.events().set_index("event_uid")
        assert pd.isna(ev.loc["s1:E1", "source_country"])  # MIL is a sector, not a country
        assert ev.loc["s1:E1", "target_country"] == "SYR"
        assert pd.isna(ev.loc["s1:E2", "source_country"])  # IGOUNO: a body, no country
        assert ev.loc["s1:E3", "source_country"] == "WST"  # a CAMEO region is kept
        assert pd.isna(ev.loc["s1:E3", "target_country"])  # ---GOV: unknown country
        actors = s.sql("SELECT actor_id, coalesce(country, '-') AS country FROM actors "
                       "ORDER BY actor_id")
        assert actors["country"].tolist() == ["-", "SYR", "-", "WST"]
        assert s.events(actor="MIL")["event_uid"].tolist() == ["s1:E1", "s1:E2"]  # by code
        assert s.top_dyads()[["side_a", "side_b"]].values.tolist() == []  # no country dyad


def test_actor_country_comes_from_known_codes_only():
    assert analysis.actor_country("CHNGOV", "CHN") == "CHN"
    assert analysis.actor_country("MIL", "MIL") is None
    assert analysis.actor_country("GOVMIL") is None
    assert analysis.actor_country(None, "RUS") == "RUS"  # a known country given with the actor
    assert analysis.actor_country("IGOUNO", "IGO") is None
    assert analysis.actor_country("AFRIGO", None) == "AFR"  # Africa, a CAMEO region


def test_a_store_written_with_sector_countries_is_repaired_on_opening(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.write(visit_story())
        s.con.execute("UPDATE events SET source_country = 'MIL' WHERE event_uid = 'a1:E2'")
        s.con.execute("DELETE FROM meta WHERE key = 'dyad_days'")  # as an earlier readout left it
        s.con.execute("DELETE FROM dyad_days")
    with Store(path) as s:
        ev = s.events().set_index("event_uid")
        assert pd.isna(ev.loc["a1:E2", "source_country"])
        assert list(s.timeline("CHN", "RUS", by="month")["events"]) == [2, 0, 1]


# ---------------------------------------------------------------- the daily dyad aggregate


def _scan_timeline(s: Store, a: str, b: Optional[str] = None, **kw) -> pd.DataFrame:
    """The timeline counted from the events table (the path for codes longer than 3)."""
    s._aggregate = False
    try:
        return s.timeline(a, b, **kw)
    finally:
        s._aggregate = None


def test_country_timelines_from_the_aggregate_match_the_events(store):
    for args, kw in ((("CHN", "RUS"), {"by": "day"}), (("RUS", "CHN"), {"directed": True}),
                     (("RUS",), {"by": "week"}), (("CHN", "RUS"), {"since": "2023-05-25"})):
        pd.testing.assert_frame_equal(store.timeline(*args, **kw), _scan_timeline(store, *args, **kw))


def test_the_aggregate_follows_replaced_articles(store):
    store.write([record("a2", "2023-05-25", [event(1, "CHNGOV", "RUSGOV", "190", quad=4,
                                                   goldstein=-10.0)], source="AP", text="Changed.")])
    tl = store.timeline("CHN", "RUS", by="month")
    assert list(tl["events"]) == [2, 0, 1] and list(tl["quad4"]) == [1, 0, 0]
    pd.testing.assert_frame_equal(tl, _scan_timeline(store, "CHN", "RUS", by="month"))
    store.write([record("a3", "2023-07-02", [], source="AP", text="Nothing.")])
    assert list(store.timeline("CHN", "RUS", by="month")["events"]) == [2]
    assert store.sql("SELECT count(*) AS n FROM dyad_days WHERE events <= 0")["n"].iloc[0] == 0


def test_top_dyads_count_both_directions(store):
    top = store.top_dyads()
    assert top[["side_a", "side_b", "events"]].values.tolist() == [["CHN", "RUS", 3],
                                                                    ["RUS", "UKR", 1]]
    assert top["goldstein_mean"].tolist() == [2.0, -10.0]
    directed = store.top_dyads(directed=True)
    assert directed[["source", "target", "events"]].values.tolist()[0] == ["CHN", "RUS", 2]

"""Analyses over stored events: dyad × period tables, one-a-day, clusters, state codes."""
from __future__ import annotations

import pandas as pd
import pytest

from readout import analysis
from readout.store import Store
from test_store import event, quote, record, visit_story


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        s.write(visit_story())
        yield s


def test_directed_dyad_table_counts_quads_roots_and_goldstein(store):
    table = store.dyads(by="month", directed=True)
    row = table[(table.source == "CHN") & (table.target == "RUS")].set_index("period")
    may = row.loc[pd.Timestamp("2023-05-01")]
    assert (may["events"], may["quad1"], may["root04"], may["goldstein_sum"]) == (2, 2, 2, 2.0)
    assert may["goldstein_mean"] == 1.0
    # zero-filled: June and July exist for CHN→RUS although nothing happened then
    assert list(row["events"]) == [2, 0, 0]
    assert (may["source_cow"], may["source_gw"], may["target_cow_abb"]) == (710, 710, "RUS")


def test_undirected_dyads_merge_both_directions(store):
    table = store.dyads(by="quarter", directed=False)
    chn_rus = table[(table.side_a == "CHN") & (table.side_b == "RUS")]
    assert list(chn_rus["events"]) == [2, 1]  # 2023-Q2, 2023-Q3
    assert list(chn_rus["period"].dt.strftime("%Y-%m")) == ["2023-04", "2023-07"]


def test_normalized_dyad_table_divides_by_the_period_volume(store):
    table = store.dyads(by="month", directed=True, normalize=True)
    may = table[table.period == pd.Timestamp("2023-05-01")]
    assert set(may["total_events"]) == {3}
    assert may["events"].sum() == pytest.approx(1.0)


def test_code_level_dyads_keep_sectors(store):
    table = store.dyads(by="year", level="code")
    assert ("RUSMIL", "UKRMIL") in set(zip(table.source, table.target))


def test_state_codes_beside_cameo_codes():
    frame = pd.DataFrame({"source_country": ["DEU", "SRB", "ROM", "HKG", None],
                          "target_country": ["USA", "YEM", "TWN", "WST", "CHN"]})
    out = analysis.add_state_codes(frame)
    assert list(out["source_cow"].astype("object").fillna(-1)) == [255, 345, 360, -1, -1]
    assert list(out["source_gw"].astype("object").fillna(-1)) == [260, 340, 360, -1, -1]
    assert list(out["target_gw"].astype("object").fillna(-1)) == [2, 678, 713, -1, 710]
    assert out["source_cow_abb"].iloc[0] == "GMY"


def test_one_a_day_keeps_one_event_per_day_with_merged_articles_and_quotes():
    with Store(":memory:") as s:
        s.write([record("x1", "2023-05-24", [event(1, "CHNGOV", "RUSGOV", "042")],
                        quotes=[quote(1, "Xi", "A fine visit")]),
                 record("x2", "2023-05-24", [event(1, "CHNGOV", "RUSGOV", "042"),
                                             event(2, "CHNGOV", "RUSGOV", "042", sentence=1)]),
                 record("x3", "2023-05-25", [event(1, "CHNGOV", "RUSGOV", "042")])])
        daily = s.one_a_day()
    assert len(daily) == 2
    first = daily.iloc[0]
    assert (first["n_merged"], first["article_ids"]) == (3, ["x1", "x2"])
    assert first["urls"] == ["https://news.example/x1", "https://news.example/x2"]
    assert first["quotes"] == ["A fine visit"]
    assert first["event_uid"] == "x1:E1"


def test_split_code_finds_country_group_and_types():
    assert analysis.split_code("CHNGOVMIL") == ("CHN", None, ["GOV", "MIL"])
    assert analysis.split_code("IGOUNO") == (None, "UNO", ["IGO"])
    assert analysis.split_code("RUS") == ("RUS", None, [])
    assert analysis.code_country("WSTMIL") == "WST" and analysis.code_country("IGOUNO") is None


def _frame(rows):
    return pd.DataFrame(rows, columns=["event_uid", "article_id", "date", "source_code",
                                       "target_code", "root", "duplicate_of"])


def test_new_clusters_are_anchored_on_their_first_day():
    rows = _frame([(f"e{i}", f"a{i}", f"2023-01-0{d}", "CHN", "RUS", "04", None)
                   for i, d in enumerate([1, 2, 3, 3])])
    empty = pd.DataFrame(columns=["cluster_id", "ckey", "date", "article_id"])
    assigned, new = analysis.assign_clusters(rows, empty)
    assert list(assigned) == ["e0", "e0", "e2", "e2"]
    assert list(new["cluster_id"]) == ["e0", "e2"]


def test_an_event_joins_the_nearest_stored_cluster_within_a_day():
    rows = _frame([("n1", "b1", "2023-01-05", "CHN", "RUS", "04", None),
                   ("n2", "b2", "2023-01-09", "CHN", "RUS", "04", None)])
    stored = pd.DataFrame({"cluster_id": ["old3", "old6"], "ckey": ["CHN|RUS|04"] * 2,
                           "date": ["2023-01-03", "2023-01-06"], "article_id": [None, None]})
    assigned, new = analysis.assign_clusters(rows, stored)
    assert list(assigned) == ["old6", "n2"] and list(new["cluster_id"]) == ["n2"]


def test_timeline_without_events_is_empty_not_an_error(store):
    assert store.timeline("FRA", "DEU").empty
    assert len(store.timeline("FRA", "DEU", since="2023-01-01", until="2023-03-31")) == 3

"""Exports: GDELT 2.0 event TSV, ICEWS layout, Parquet by event date, CSV, JSON Lines."""
from __future__ import annotations

import csv
import json

import duckdb
import pandas as pd
import pytest

from readout import export
from readout.model import Place, Readout, from_dict
from readout.store import Store
from test_store import event, record, visit_story


@pytest.fixture(scope="module")
def store():
    with Store(":memory:") as s:
        stories = visit_story()
        stories[0] = record("a1", "2023-05-24", [
            event(1, "CHNGOV", "RUSGOV", "042", location=Place(name="Moscow", country="RUS")),
            event(2, "RUSMIL", "UKRMIL", "190", quad=4, goldstein=-10.0, sentence=1)],
            source="Reuters")
        s.write(stories)
        s.write([record("a4", "2023-05-24", [event(1, "IGOUNO", "SYRGOV", "0251")])])
        yield s


def _rows(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_gdelt_columns_are_the_61_of_gdelt_2():
    cols = export.gdelt_columns()
    assert len(cols) == 61
    assert cols[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert cols[26:31] == ["EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale"]
    assert cols[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_export_is_one_row_per_cluster_61_tab_separated_fields_no_header(store, tmp_path):
    path = tmp_path / "events.export.CSV"
    assert export.export(store, "gdelt", path) == 4
    rows = _rows(path)
    assert len(rows) == 4 and all(len(r) == 61 for r in rows)
    cols = export.gdelt_columns()
    by_code = {r[cols.index("EventCode")]: dict(zip(cols, r)) for r in rows}
    visit = by_code["042"]  # reported by a1 and a2: one GDELT event
    assert (visit["SQLDATE"], visit["MonthYear"], visit["Year"]) == ("20230524", "202305", "2023")
    assert (visit["Actor1Code"], visit["Actor1CountryCode"], visit["Actor1Type1Code"]) == ("CHNGOV", "CHN", "GOV")
    assert visit["Actor1Name"] == "XI JINPING" and visit["Actor2CountryCode"] == "RUS"
    assert (visit["EventBaseCode"], visit["EventRootCode"], visit["QuadClass"]) == ("042", "04", "1")
    assert (visit["NumMentions"], visit["NumArticles"], visit["NumSources"]) == ("2", "2", "2")
    assert visit["IsRootEvent"] == "1" and visit["GoldsteinScale"] == "1.0"
    assert (visit["ActionGeo_FullName"], visit["ActionGeo_CountryCode"]) == ("Moscow", "RS")
    assert visit["SOURCEURL"] == "https://news.example/a1" and len(visit["DATEADDED"]) == 14
    assert visit["Actor1Geo_Lat"] == "" and visit["AvgTone"] == ""
    un = by_code["0251"]
    assert (un["EventBaseCode"], un["EventRootCode"], un["Actor1KnownGroupCode"]) == ("025", "02", "UNO")
    assert by_code["190"]["IsRootEvent"] == "0"
    ids = [r[0] for r in rows]
    assert len(set(ids)) == 4 and all(i.isdigit() for i in ids)


def test_icews_export_has_its_20_columns_and_one_row_per_event(store, tmp_path):
    path = tmp_path / "icews.tsv"
    assert export.export(store, "icews", path) == 5
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert list(rows[0]) == export.icews_columns() and len(rows[0]) == 20
    first = {r["Event ID"]: r for r in rows}["a1:E1"]
    assert (first["Event Date"], first["CAMEO Code"], first["Intensity"]) == ("2023-05-24", "042", "1.0")
    assert (first["Source Name"], first["Source Sectors"], first["Source Country"]) == ("Xi Jinping", "Government", "China")
    assert (first["Target Country"], first["Story ID"], first["Sentence Number"]) == ("Russia", "a1", "1")
    assert first["Event Text"] == "Make a visit" and first["Publisher"] == "Reuters"
    assert len({r["Event ID"] for r in rows}) == 5


def test_parquet_is_partitioned_by_event_date_and_keeps_codes_as_strings(store, tmp_path):
    out = tmp_path / "pq"
    export.export(store, "parquet", out)
    assert sorted(p.name for p in out.iterdir()) == ["event_day=2023-05-24", "event_day=2023-05-25",
                                                     "event_day=2023-07-02"]
    back = duckdb.sql(f"SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true)").df()
    assert len(back) == 5
    assert set(back["cameo"]) == {"042", "190", "043", "036", "0251"}
    row = back.set_index("event_uid").loc["a1:E1"]
    assert (row["source_cow"], row["target_gw"], row["num_articles"]) == (710, 365, 2)


def test_csv_export_has_a_header_and_state_codes(store, tmp_path):
    path = tmp_path / "events.csv"
    export.export(store, "csv", path)
    frame = pd.read_csv(path, dtype=str)
    assert len(frame) == 5 and frame.loc[frame.event_uid == "a1:E1", "cameo"].item() == "042"
    assert frame.loc[frame.event_uid == "a1:E2", "target_cow"].item() == "369"


def test_jsonl_export_gives_back_the_records(store, tmp_path):
    path = tmp_path / "records.jsonl"
    assert export.export(store, "jsonl", path) == 4
    records = [from_dict(Readout, json.loads(line)) for line in path.read_text().splitlines()]
    assert [r.id for r in records] == ["a1", "a2", "a3", "a4"]
    assert records[1] == visit_story()[1]


def test_unknown_format_is_refused(store, tmp_path):
    with pytest.raises(ValueError):
        export.export(store, "xml", tmp_path / "x")

"""Exports of a store: GDELT 2.0 event TSV, ICEWS layout, Parquet, CSV and JSON Lines.

- ``gdelt``: the GDELT 2.0 Event table, tab-separated, no header, its 61 columns in order
  (``data/store/gdelt_event_columns.tsv``); one row per event cluster (GDELT rows are
  deduplicated events with NumMentions/NumSources/NumArticles); the columns readout knows
  are filled, the others left empty.
- ``icews``: the 20 columns of the ICEWS coded event files, tab-separated with a header;
  one row per event (a story sentence), like ICEWS.
- ``parquet``: the events (with article, cluster and COW/GW columns), a directory
  partitioned by event date (``event_date=2023-05-24/``; ``--partition month|year`` for
  coarser ones).
- ``csv``: the same columns as Parquet, one file with a header.
- ``jsonl``: the stored readout/1 records, one article per line.

CAMEO codes are strings everywhere (``042`` keeps its zero); readers of CSV/TSV must read
them as strings (pandas: ``dtype=str``).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable, Optional, Union

import pandas as pd

from readout import analysis
from readout.store import Store

FORMATS: tuple[str, ...] = ("gdelt", "icews", "parquet", "csv", "jsonl")
PARTITIONS: dict[str, str] = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _columns(name: str) -> list[str]:
    return [r["name"] for r in analysis._data_rows(name)]


def gdelt_columns() -> list[str]:
    """The 61 GDELT 2.0 event columns, in order."""
    return _columns("gdelt_event_columns.tsv")


def icews_columns() -> list[str]:
    """The 20 ICEWS event columns, in order."""
    return _columns("icews_columns.tsv")


def _clean(series: pd.Series) -> pd.Series:
    """Strings without tabs or line breaks (fields of a TSV without quoting)."""
    return series.astype("string").str.replace(r"[\t\r\n]+", " ", regex=True)


def _ints(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("Int64")


def _write_tsv(frame: pd.DataFrame, path: Union[str, Path], header: bool) -> int:
    for col in frame.columns:
        if frame[col].dtype == object or str(frame[col].dtype) == "string":
            frame[col] = _clean(frame[col])
    frame.to_csv(path, sep="\t", header=header, index=False, na_rep="",
                 quoting=csv.QUOTE_NONE, lineterminator="\n")
    return len(frame)


def _actor(codes: pd.Series, countries: pd.Series, part: Callable) -> pd.Series:
    """One part of each CAMEO actor code (see ``analysis.split_code``)."""
    return pd.Series([part(analysis.split_code(c if isinstance(c, str) else None), k)
                      for c, k in zip(codes, countries)], index=codes.index, dtype="string")


def _type(n: int) -> Callable:
    return lambda split, _: split[2][n] if len(split[2]) > n else None


GDELT_SQL = """
WITH rep AS (
    SELECT DISTINCT ON (e.cluster_id) e.*, a.url
    FROM events e JOIN articles a USING (article_id)
    ORDER BY e.cluster_id, coalesce(a.published, e.date) NULLS LAST, a.ingested_at, e.event_uid)
SELECT c.cluster_no, c.date, c.cameo, c.quad_class, c.goldstein, c.num_mentions,
       c.num_sources, c.num_articles, c.added_at, c.source_url,
       r.source_code, r.source_country, r.source_name, r.target_code, r.target_country,
       r.target_name, r.in_lead, r.location_name, r.location_country
FROM clusters c JOIN rep r USING (cluster_id)
ORDER BY c.cluster_no
"""


def gdelt_frame(store: Store) -> pd.DataFrame:
    """One GDELT 2.0 event row per cluster, the 61 columns in order."""
    src = store.con.execute(GDELT_SQL).df()
    date = pd.to_datetime(src["date"])
    table = analysis.countries()
    out = pd.DataFrame(index=src.index)
    out["GLOBALEVENTID"] = _ints(src["cluster_no"])
    out["SQLDATE"] = _ints(date.dt.strftime("%Y%m%d"))
    out["MonthYear"] = _ints(date.dt.strftime("%Y%m"))
    out["Year"] = _ints(date.dt.year)
    out["FractionDate"] = (date.dt.year + date.dt.day_of_year / 365).round(4)
    for n, side in ((1, "source"), (2, "target")):
        codes, ctry = src[f"{side}_code"], src[f"{side}_country"]
        out[f"Actor{n}Code"] = codes.astype("string")
        out[f"Actor{n}Name"] = src[f"{side}_name"].astype("string").str.upper()
        out[f"Actor{n}CountryCode"] = ctry.astype("string")
        out[f"Actor{n}KnownGroupCode"] = _actor(codes, ctry, lambda s, _: s[1])
        for t in range(3):
            out[f"Actor{n}Type{t + 1}Code"] = _actor(codes, ctry, _type(t))
    out["IsRootEvent"] = _ints(src["in_lead"].astype("float"))
    cameo = src["cameo"].astype("string")
    out["EventCode"] = cameo
    out["EventBaseCode"] = cameo.str.slice(0, 3)
    out["EventRootCode"] = cameo.str.slice(0, 2)
    out["QuadClass"] = _ints(src["quad_class"])
    out["GoldsteinScale"] = src["goldstein"].round(2)
    for col, name in (("num_mentions", "NumMentions"), ("num_sources", "NumSources"),
                      ("num_articles", "NumArticles")):
        out[name] = _ints(src[col])
    out["ActionGeo_FullName"] = src["location_name"].astype("string")
    out["ActionGeo_CountryCode"] = src["location_country"].map(
        lambda c: (table.get(c) or {}).get("fips") or None if isinstance(c, str) else None).astype("string")
    out["DATEADDED"] = _ints(pd.to_datetime(src["added_at"]).dt.strftime("%Y%m%d%H%M%S"))
    out["SOURCEURL"] = src["source_url"].astype("string")
    return out.reindex(columns=gdelt_columns())


def export_gdelt(store: Store, path: Union[str, Path]) -> int:
    """Write the GDELT 2.0 event TSV (no header); returns the number of rows."""
    return _write_tsv(gdelt_frame(store), path, header=False)


ICEWS_SQL = """
SELECT e.event_uid, e.date, e.source_name, e.source_code, e.source_country, e.cameo,
       e.goldstein, e.target_name, e.target_code, e.target_country, e.article_id, e.sentence,
       a.source, e.location_name, e.location_country
FROM events e JOIN articles a USING (article_id)
ORDER BY e.date NULLS LAST, e.event_uid
"""


def _sectors(codes: pd.Series, countries: pd.Series) -> pd.Series:
    labels = analysis.sector_labels()
    return _actor(codes, countries, lambda s, _: ",".join(
        labels.get(t, t) for t in s[2]) or None)


def icews_frame(store: Store) -> pd.DataFrame:
    """One ICEWS row per event, the 20 columns in order."""
    src = store.con.execute(ICEWS_SQL).df()
    table, names = analysis.countries(), analysis.cameo_names()

    def country_name(series: pd.Series) -> pd.Series:
        return series.map(lambda c: (table.get(c) or {}).get("name") or None
                          if isinstance(c, str) else None).astype("string")

    out = pd.DataFrame(index=src.index)
    out["Event ID"] = src["event_uid"].astype("string")
    out["Event Date"] = pd.to_datetime(src["date"]).dt.strftime("%Y-%m-%d").astype("string")
    for label, side in (("Source", "source"), ("Target", "target")):
        out[f"{label} Name"] = src[f"{side}_name"].astype("string")
        out[f"{label} Sectors"] = _sectors(src[f"{side}_code"], src[f"{side}_country"])
        out[f"{label} Country"] = country_name(src[f"{side}_country"])
    out["Event Text"] = src["cameo"].map(
        lambda c: (names.get(c) or (None, None))[1] if isinstance(c, str) else None).astype("string")
    out["CAMEO Code"] = src["cameo"].astype("string")
    out["Intensity"] = src["goldstein"]
    out["Story ID"] = src["article_id"].astype("string")
    out["Sentence Number"] = _ints(src["sentence"]) + 1
    out["Publisher"] = src["source"].astype("string")
    out["City"] = src["location_name"].astype("string")
    out["Country"] = country_name(src["location_country"])
    return out.reindex(columns=icews_columns())


def export_icews(store: Store, path: Union[str, Path]) -> int:
    """Write the ICEWS-layout TSV (with its header row); returns the number of rows."""
    return _write_tsv(icews_frame(store), path, header=True)


def _event_table_sql(store: Store, partition: Optional[str] = None) -> str:
    """The flat events query of the Parquet and CSV exports (COW/GW codes beside CAMEO)."""
    states = pd.DataFrame([(k, v["cow"] or None, v["cow_abb"] or None, v["gw"] or None)
                           for k, v in analysis.countries().items()],
                          columns=["code", "cow", "cow_abb", "gw"])
    store.con.register("_states", states)
    extra = (f", coalesce(strftime(e.date, '{PARTITIONS[partition]}'), 'unknown') AS event_{partition}"
             if partition else "")
    return f"""
        SELECT e.event_uid, e.date, e.source_code, e.source_country, e.source_name,
               CAST(s1.cow AS INTEGER) AS source_cow, s1.cow_abb AS source_cow_abb,
               CAST(s1.gw AS INTEGER) AS source_gw,
               e.target_code, e.target_country, e.target_name,
               CAST(s2.cow AS INTEGER) AS target_cow, s2.cow_abb AS target_cow_abb,
               CAST(s2.gw AS INTEGER) AS target_gw,
               e.cameo, e.root, e.quad_class, e.goldstein, e.plover, e.plover_mode, e.trigger,
               e.evidence, e.negated, e.modality, e.confidence, e.location_name,
               e.location_country, e.sentence, e.in_lead, e.rule, e.article_id, a.url, a.title,
               a.source, a.published, e.cluster_id, c.cluster_no, c.num_mentions,
               c.num_articles, c.num_sources, c.first_seen, c.last_seen{extra}
        FROM events e JOIN articles a USING (article_id)
             LEFT JOIN clusters c USING (cluster_id)
             LEFT JOIN _states s1 ON s1.code = e.source_country
             LEFT JOIN _states s2 ON s2.code = e.target_country
        ORDER BY e.date NULLS LAST, e.event_uid"""


def _sql_path(path: Union[str, Path]) -> str:
    return str(path).replace("'", "''")


def export_parquet(store: Store, path: Union[str, Path], partition: str = "day") -> int:
    """Write the events as Parquet under directory ``path``, partitioned by event date."""
    if partition not in PARTITIONS:
        raise ValueError(f"unknown partition {partition!r}; choose from {', '.join(PARTITIONS)}")
    Path(path).mkdir(parents=True, exist_ok=True)
    store.con.execute(f"COPY ({_event_table_sql(store, partition)}) TO '{_sql_path(path)}' "
                      f"(FORMAT PARQUET, PARTITION_BY (event_{partition}), OVERWRITE_OR_IGNORE true)").fetchall()
    return store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]


def export_csv(store: Store, path: Union[str, Path]) -> int:
    """Write the events as one CSV file with a header."""
    store.con.execute(f"COPY ({_event_table_sql(store)}) TO '{_sql_path(path)}' (HEADER true)").fetchall()
    return store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]


def export_jsonl(store: Store, path: Union[str, Path]) -> int:
    """Write the stored readout/1 records, one per line."""
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in store.records():
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def export(store: Store, fmt: str, path: Union[str, Path], partition: str = "day") -> int:
    """Export the store in format ``fmt`` (one of ``FORMATS``) to ``path``; returns rows."""
    if fmt == "parquet":
        return export_parquet(store, path, partition)
    writers = {"gdelt": export_gdelt, "icews": export_icews, "csv": export_csv,
               "jsonl": export_jsonl}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    return writers[fmt](store, path)

"""Read-only queries the web UI needs beyond ``readout.Store``: filtered, sorted, paged
tables (events, quotes, articles), per-period timelines of any filter with the volume of all
events beside them, the countries present, one article's record.

Every function takes an open ``Store`` and runs parameterized SQL on a cursor of its
connection; nothing here writes.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any, Optional

import duckdb
import pandas as pd

from readout import analysis
from readout.store import Store, add_date_filter

EVENT_SORTS: dict[str, str] = {
    "date": "date NULLS LAST, event_uid", "-date": "date DESC NULLS LAST, event_uid",
    "goldstein": "goldstein NULLS LAST, event_uid",
    "-goldstein": "goldstein DESC NULLS LAST, event_uid",
    "cameo": "cameo NULLS LAST, event_uid",
}
EVENTS_SQL = """
SELECT e.event_uid, e.event_id, e.date, e.source_code, e.source_country, e.source_name,
       e.target_code, e.target_country, e.target_name, e.cameo, e.root, e.quad_class,
       e.goldstein, e.plover, e.trigger, e.evidence, e.evidence_start, e.evidence_end,
       e.negated, e.modality, e.confidence, e.location_name, e.sentence, e.rule, e.article_id,
       a.url, a.title, a.source, a.published, e.cluster_id, c.num_articles, c.num_sources
FROM events e JOIN articles a USING (article_id) LEFT JOIN clusters c USING (cluster_id)
"""
MAX_DOWNLOAD = 200_000  # rows in one CSV/JSON download
MAX_SQL_ROWS = 10_000  # rows of one /api/sql answer
MAX_SQL_CHARS = 20_000  # characters of one /api/sql query
SQL_KINDS = ("SELECT", "EXPLAIN")  # DESCRIBE, SHOW, SUMMARIZE, WITH and FROM-first parse as SELECT


@dataclass(kw_only=True)
class EventFilter:
    """What an events table or timeline shows; every field optional."""

    actor: Optional[str] = None
    dyad: Optional[str] = None
    directed: bool = False
    root: Optional[str] = None
    cameo: Optional[str] = None
    quad: Optional[int] = None
    since: Optional[str] = None
    until: Optional[str] = None
    q: Optional[str] = None
    article: Optional[str] = None

    def params(self) -> dict[str, Any]:
        """The non-empty fields, as URL query parameters."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "", False)}


@dataclass(kw_only=True)
class QuoteFilter:
    """What a quotes table shows: words, speaker, the dyad its speaker belongs to, dates."""

    q: Optional[str] = None
    speaker: Optional[str] = None
    dyad: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    article: Optional[str] = None

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def filter_fields(cls: type) -> list[str]:
    """Field names of a filter dataclass."""
    return [f.name for f in fields(cls)]


# ---------------------------------------------------------------- helpers


def split_dyad(dyad: str) -> tuple[str, str]:
    """``CHN-RUS`` or ``CHN>RUS`` → (CHN, RUS); ValueError otherwise."""
    a, _, b = dyad.replace(">", "-").partition("-")
    a, b = a.strip().upper(), b.strip().upper()
    if not a or not b:
        raise ValueError(f"a dyad is two codes joined by '-', like CHN-RUS (got {dyad!r})")
    return a, b


def _side(side: str, name: str) -> str:
    """SQL: one side of an event matches the code parameter ``name`` (a 3-letter code
    matches the country, CHN matches CHNGOV; a longer one is a code prefix)."""
    prefix = f"starts_with(e.{side}_code, ${name})"
    return f"(e.{side}_country = ${name} OR {prefix})"


def event_where(f: EventFilter) -> tuple[list[str], dict[str, Any]]:
    """WHERE clauses and parameters for an event filter (table alias ``e``, article ``a``)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if f.dyad:
        params["da"], params["db"] = split_dyad(f.dyad)
        forward = f"{_side('source', 'da')} AND {_side('target', 'db')}"
        backward = f"{_side('source', 'db')} AND {_side('target', 'da')}"
        directed = f.directed or ">" in f.dyad
        where.append(f"({forward})" if directed else f"(({forward}) OR ({backward}))")
    if f.actor:
        params["ac"] = f.actor.strip().upper()
        where.append(f"({_side('source', 'ac')} OR {_side('target', 'ac')})")
    if f.root:
        params["root"] = str(f.root).zfill(2)
        where.append("e.root = $root")
    if f.cameo:
        params["cameo"] = str(f.cameo)
        where.append("starts_with(e.cameo, $cameo)")
    if f.quad:
        params["quad"] = int(f.quad)
        where.append("e.quad_class = $quad")
    if f.since:
        params["since"] = f.since
        where.append("e.date >= CAST($since AS DATE)")
    if f.until:
        params["until"] = f.until
        where.append("e.date <= CAST($until AS DATE)")
    if f.article:
        params["article"] = f.article
        where.append("e.article_id = $article")
    if f.q:
        params["q"] = f"%{f.q}%"
        where.append("(e.trigger ILIKE $q OR e.evidence ILIKE $q OR e.source_name ILIKE $q "
                     "OR e.target_name ILIKE $q OR e.source_text ILIKE $q OR e.target_text ILIKE $q "
                     "OR a.title ILIKE $q)")
    return where, params


def _run(store: Store, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    cur = store.con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


def _paged(store: Store, base: str, order: str, params: dict[str, Any], page: int,
           size: Optional[int]) -> tuple[int, pd.DataFrame]:
    """(total rows, the rows of one page) of a SELECT; ``size`` None: every row (capped)."""
    total = int(_run(store, f"SELECT count(*) AS n FROM ({base})", params)["n"].iloc[0])
    limit = MAX_DOWNLOAD if size is None else int(size)
    offset = 0 if size is None else (max(1, int(page)) - 1) * int(size)
    frame = _run(store, f"{base} ORDER BY {order} LIMIT {limit} OFFSET {offset}", params)
    return total, frame


def _with_cameo_names(frame: pd.DataFrame) -> pd.DataFrame:
    names = analysis.cameo_names()
    if "cameo" in frame:
        frame = frame.assign(cameo_name=[names.get(c, ("", ""))[0] if isinstance(c, str) else ""
                                         for c in frame["cameo"]])
    return frame


# ---------------------------------------------------------------- tables


def events(store: Store, f: EventFilter, page: int = 1, size: Optional[int] = 50,
           sort: str = "-date") -> tuple[int, pd.DataFrame]:
    """(total, one page of events) matching ``f``, with their article, cluster and CAMEO name."""
    where, params = event_where(f)
    base = EVENTS_SQL + (" WHERE " + " AND ".join(where) if where else "")
    total, frame = _paged(store, base, EVENT_SORTS.get(sort, EVENT_SORTS["-date"]), params,
                          page, size)
    return total, _with_cameo_names(frame)


def _quote_where(f: QuoteFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if f.q:
        params["q"] = f"%{f.q}%"
        where.append("(q.content ILIKE $q OR q.addressee_text ILIKE $q OR q.cue ILIKE $q)")
    if f.speaker:
        params["sp"], params["spc"] = f"%{f.speaker}%", f.speaker.strip().upper()
        where.append("(q.speaker_name ILIKE $sp OR q.speaker_text ILIKE $sp "
                     "OR starts_with(q.speaker_code, $spc))")
    if f.dyad:
        params["da"], params["db"] = split_dyad(f.dyad)
        dyad_event = ("EXISTS (SELECT 1 FROM events e WHERE e.article_id = q.article_id AND "
                      f"(({_side('source', 'da')} AND {_side('target', 'db')}) OR "
                      f"({_side('source', 'db')} AND {_side('target', 'da')})))")
        one = ("(starts_with(q.speaker_code, ${x}) AND (starts_with(q.addressee_code, ${y}) "
               f"OR {dyad_event}))")
        where.append(f"({one.format(x='da', y='db')} OR {one.format(x='db', y='da')})")
    if f.since:
        params["since"] = f.since
        where.append("a.published >= CAST($since AS DATE)")
    if f.until:
        params["until"] = f.until
        where.append("a.published <= CAST($until AS DATE)")
    if f.article:
        params["article"] = f.article
        where.append("q.article_id = $article")
    return where, params


def quotes(store: Store, f: QuoteFilter, page: int = 1,
           size: Optional[int] = 50) -> tuple[int, pd.DataFrame]:
    """(total, one page of quotes). With ``dyad`` A-B: quotes whose speaker is on one side and
    whose addressee is the other side or whose article reports an event between them."""
    where, params = _quote_where(f)
    base = ("SELECT q.quote_uid, q.quote_id, a.published, q.speaker_name, q.speaker_code, "
            "q.kind, q.cue, q.content, q.content_start, q.content_end, q.addressee_text, "
            "q.addressee_code, q.sentence, q.article_id, a.url, a.title, a.source "
            "FROM quotes q JOIN articles a USING (article_id)")
    base += (" WHERE " + " AND ".join(where) if where else "")
    return _paged(store, base, "published DESC NULLS LAST, quote_uid", params, page, size)


def articles(store: Store, q: Optional[str] = None, since: Optional[str] = None,
             until: Optional[str] = None, page: int = 1,
             size: Optional[int] = 50) -> tuple[int, pd.DataFrame]:
    """(total, one page of articles), the latest first; ``q`` matches title, source or body."""
    where, params = [], {}
    if q:
        params["q"] = f"%{q}%"
        where.append("(a.title ILIKE $q OR a.source ILIKE $q OR a.url ILIKE $q "
                     "OR json_extract_string(a.record, '$.text') ILIKE $q)")
    add_date_filter("a.published", since, until, where, params)
    base = ("SELECT a.article_id, a.published, a.title, a.source, a.url, a.agency, a.dateline, "
            "a.n_events, a.n_quotes, (SELECT count(*) FROM quantities x WHERE "
            "x.article_id = a.article_id) AS n_quantities, a.duplicate_of FROM articles a")
    base += (" WHERE " + " AND ".join(where) if where else "")
    return _paged(store, base, "published DESC NULLS LAST, article_id", params, page, size)


def record(store: Store, article_id: str) -> Optional[dict]:
    """The stored readout/1 record of one article, or None."""
    frame = _run(store, "SELECT record FROM articles WHERE article_id = $id", {"id": article_id})
    return json.loads(frame["record"].iloc[0]) if len(frame) else None


# ---------------------------------------------------------------- aggregates


def counts(store: Store) -> dict[str, int]:
    """Rows of each table."""
    return {k: int(v) for k, v in store.counts().items()}


def quad_counts(store: Store, f: EventFilter) -> dict[int, int]:
    """Events per quad class (1-4) matching ``f``."""
    where, params = event_where(f)
    frame = _run(store, "SELECT e.quad_class AS quad, count(*) AS n FROM events e "
                 "JOIN articles a USING (article_id)" + (" WHERE " + " AND ".join(where) if where else "")
                 + " GROUP BY 1", params)
    got = {int(q): int(n) for q, n in zip(frame["quad"], frame["n"]) if pd.notna(q)}
    return {q: got.get(q, 0) for q in analysis.QUADS}


def date_range(store: Store) -> tuple[Optional[str], Optional[str]]:
    """The first and last event date in the store (ISO), or (None, None)."""
    frame = _run(store, "SELECT min(date) AS lo, max(date) AS hi FROM events", {})
    lo, hi = frame["lo"].iloc[0], frame["hi"].iloc[0]
    iso = lambda v: None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")  # noqa: E731
    return iso(lo), iso(hi)


def timeline(store: Store, f: EventFilter, by: str = "week") -> pd.DataFrame:
    """Per period: events matching ``f`` per quad class, mean Goldstein, net cooperation and
    ``total`` (all stored events of the period, for shares); every period present."""
    if by not in analysis.PERIODS:
        raise ValueError(f"unknown period {by!r}; choose from {', '.join(analysis.PERIODS)}")
    where, params = event_where(f)
    sql = (f"SELECT date_trunc('{by}', e.date) AS period, count(*) AS events, "
           + ", ".join(f"count_if(e.quad_class = {q}) AS quad{q}" for q in analysis.QUADS)
           + ", coalesce(sum(e.goldstein), 0) AS goldstein_sum FROM events e JOIN articles a "
           "USING (article_id) WHERE " + " AND ".join([*where, "e.date IS NOT NULL"])
           + " GROUP BY 1 ORDER BY 1")
    frame = analysis.fill_timeline(_run(store, sql, params), by, f.since, f.until)
    totals = _run(store, f"SELECT date_trunc('{by}', date) AS period, count(*) AS total "
                  "FROM events WHERE date IS NOT NULL GROUP BY 1", {})
    totals["period"] = pd.to_datetime(totals["period"])
    frame = frame.merge(totals, on="period", how="left")
    frame["total"] = frame["total"].fillna(0).astype("int64")
    return frame


def countries(store: Store) -> pd.DataFrame:
    """Countries (and regions) on either side of stored events: code, name, events."""
    frame = _run(store, "SELECT c AS code, count(*) AS events FROM (SELECT source_country AS c "
                 "FROM events UNION ALL SELECT target_country FROM events) WHERE c IS NOT NULL "
                 "GROUP BY 1 ORDER BY 2 DESC, 1", {})
    table = analysis.countries()
    frame["name"] = [(table.get(c) or {}).get("name") or c for c in frame["code"]]
    return frame[["code", "name", "events"]]


def top_dyads(store: Store, n: int = 10, since: Optional[str] = None,
              until: Optional[str] = None) -> pd.DataFrame:
    """The ``n`` undirected country dyads with the most dated events (between the dates),
    with events per quad class and mean Goldstein (as ``Store.top_dyads``, in SQL)."""
    where, params = event_where(EventFilter(since=since, until=until))
    where += ["e.source_country IS NOT NULL", "e.target_country IS NOT NULL", "e.date IS NOT NULL"]
    params["n"] = int(n)
    sql = ("SELECT least(e.source_country, e.target_country) AS side_a, "
           "greatest(e.source_country, e.target_country) AS side_b, count(*) AS events, "
           + ", ".join(f"CAST(count_if(e.quad_class = {q}) AS INTEGER) AS quad{q}"
                       for q in analysis.QUADS)
           + ", round(avg(e.goldstein), 3) AS goldstein_mean FROM events e WHERE "
           + " AND ".join(where) + " GROUP BY 1, 2 ORDER BY events DESC, side_a, side_b LIMIT $n")
    return _run(store, sql, params)


# ---------------------------------------------------------------- arbitrary read-only SQL


def _json_cell(value: Any) -> Any:
    """A SQL value as JSON: dates ISO, decimals as numbers, NaN/inf as null, bytes as hex."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return _json_cell(float(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): _json_cell(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_cell(v) for v in value]
    return str(value)


def run_sql(store: Store, query: str, max_rows: int, timeout: float) -> dict[str, Any]:
    """One read-only statement's first ``max_rows`` rows: ``{"columns", "rows", "truncated"}``.
    Only SELECT-like statements and EXPLAIN run (PermissionError otherwise); a query still
    running after ``timeout`` seconds is interrupted (TimeoutError)."""
    statements = store.con.extract_statements(query)
    if len(statements) != 1:
        raise ValueError(f"give exactly one SQL statement (got {len(statements)})")
    kind = str(statements[0].type).rsplit(".", 1)[-1]
    if kind not in SQL_KINDS:
        raise PermissionError(f"the store is read-only here: {kind} statements are refused")
    sql = statements[0].query
    if kind == "SELECT":  # the row limit, applied in DuckDB
        sql = f"SELECT * FROM (\n{sql}\n) AS _query LIMIT {int(max_rows) + 1}"
        wrapped = store.con.extract_statements(sql)
        if len(wrapped) != 1 or str(wrapped[0].type).rsplit(".", 1)[-1] != "SELECT":
            raise ValueError("the query could not be limited; give one plain SELECT")
    cur = store.con.cursor()
    timer = threading.Timer(timeout, cur.interrupt)
    timer.start()
    try:
        cur.execute(sql)
        columns = [d[0] for d in cur.description or []]
        got = cur.fetchmany(int(max_rows) + 1)
    except duckdb.InterruptException:
        raise TimeoutError(f"the query was stopped after {timeout:g} s (the server's limit)")
    finally:
        timer.cancel()
        cur.close()
    return {"columns": columns, "rows": [[_json_cell(v) for v in row] for row in got[:max_rows]],
            "truncated": len(got) > max_rows}

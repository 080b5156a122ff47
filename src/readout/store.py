"""The DuckDB store: a normalized schema for readout records, idempotent writes, queries.

    store = Store("readout.duckdb")
    store.write(records)                       # Readout objects or their JSON dicts
    store.events(dyad="CHN-RUS", root="04")    # pandas DataFrames
    store.timeline("CHN", "RUS", by="month")

Tables: ``articles``, ``actors``, ``events``, ``quotes``, ``quantities``, ``timexes``,
``clusters`` (the same event reported by many articles) and ``dyad_days`` (events per date
and country dyad, kept up to date on write, for fast timelines). Rows are built per batch
as Arrow tables (``readout.batches``) and inserted in bulk; clusters are assigned set-wise
(``analysis.assign_clusters``). An article is keyed on its id and
a hash of its content: writing an article already stored changes nothing, a new version of
it (same id, other content) replaces the old one. Each batch of articles is written in one
transaction, so an interrupted write loses or doubles nothing. The store reads records
only; it never imports spaCy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from readout import analysis, batches
from readout.model import to_dict

Record = Union[Any, dict]  # a readout.model.Readout or its JSON form

SCHEMA_SQL = """
CREATE SEQUENCE IF NOT EXISTS cluster_no_seq START 1;
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
    published DATE, source VARCHAR, agency VARCHAR, dateline VARCHAR, language VARCHAR,
    duplicate_of VARCHAR, outlet VARCHAR, n_events INTEGER, n_quotes INTEGER,
    warnings VARCHAR[], ingested_at TIMESTAMP, record VARCHAR USING COMPRESSION zstd);
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR, actor_id VARCHAR, name VARCHAR, code VARCHAR, country VARCHAR,
    sector VARCHAR, kind VARCHAR, role VARCHAR, rule VARCHAR, mentions INTEGER);
CREATE TABLE IF NOT EXISTS events (
    event_uid VARCHAR PRIMARY KEY, article_id VARCHAR, event_id VARCHAR, sentence INTEGER,
    date DATE, date_text VARCHAR,
    source_code VARCHAR, source_country VARCHAR, source_name VARCHAR, source_text VARCHAR,
    target_code VARCHAR, target_country VARCHAR, target_name VARCHAR, target_text VARCHAR,
    cameo VARCHAR, root VARCHAR, quad_class TINYINT, goldstein DOUBLE, plover VARCHAR,
    plover_mode VARCHAR, trigger VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
    evidence VARCHAR, location_name VARCHAR, location_country VARCHAR, negated BOOLEAN,
    modality VARCHAR, confidence DOUBLE, rule VARCHAR, in_lead BOOLEAN, cluster_id VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    quote_uid VARCHAR PRIMARY KEY, article_id VARCHAR, quote_id VARCHAR, kind VARCHAR,
    speaker_code VARCHAR, speaker_name VARCHAR, speaker_text VARCHAR, cue VARCHAR,
    content VARCHAR, content_start INTEGER, content_end INTEGER, addressee_code VARCHAR,
    addressee_text VARCHAR, sentence INTEGER, rule VARCHAR);
CREATE TABLE IF NOT EXISTS quantities (
    article_id VARCHAR, idx INTEGER, text VARCHAR, value DOUBLE, unit VARCHAR, kind VARCHAR,
    change VARCHAR, metric VARCHAR, subjects VARCHAR[], period VARCHAR, qualifier VARCHAR,
    source_code VARCHAR, source_text VARCHAR, start_char INTEGER, end_char INTEGER);
CREATE TABLE IF NOT EXISTS timexes (
    article_id VARCHAR, idx INTEGER, text VARCHAR, type VARCHAR, value VARCHAR,
    start_char INTEGER, end_char INTEGER, rule VARCHAR);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR, cluster_no BIGINT, ckey VARCHAR, date DATE,
    source_code VARCHAR, target_code VARCHAR, root VARCHAR, cameo VARCHAR, quad_class TINYINT,
    goldstein DOUBLE, num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER,
    first_seen DATE, last_seen DATE, first_article VARCHAR, source_url VARCHAR,
    added_at TIMESTAMP, updated_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS dyad_days (
    date DATE, source_country VARCHAR, target_country VARCHAR, events BIGINT, quad1 BIGINT,
    quad2 BIGINT, quad3 BIGINT, quad4 BIGINT, goldstein_sum DOUBLE);
CREATE INDEX IF NOT EXISTS actors_article ON actors (article_id);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_cluster ON events (cluster_id);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quantities_article ON quantities (article_id);
CREATE INDEX IF NOT EXISTS timexes_article ON timexes (article_id);
"""

CHILD_TABLES = ("actors", "events", "quotes", "quantities", "timexes")

AGGREGATE_VERSION = "1"  # meta key dyad_days: the aggregate is kept up to date on write

CLUSTER_STATS = """
SELECT e.cluster_id, count(*) AS n, len(list_distinct(list(e.article_id))) AS na,
       len(list_distinct(list(a.outlet))) AS ns, min(coalesce(a.published, e.date)) AS f,
       max(coalesce(a.published, e.date)) AS l,
       list_aggregate(list(e.cameo), 'mode') AS cameo,
       list_aggregate(list(e.quad_class), 'mode') AS quad, avg(e.goldstein) AS gold,
       arg_min(e.article_id, (coalesce(a.published, e.date), a.ingested_at, e.event_uid)) AS first_article,
       arg_min(a.url, (coalesce(a.published, e.date), a.ingested_at, e.event_uid)) AS url
FROM {events} e JOIN {articles} a USING (article_id) {where} GROUP BY e.cluster_id
"""

EVENT_VIEW = """
SELECT e.event_uid, e.date, e.source_code, e.source_country, e.source_name,
       e.target_code, e.target_country, e.target_name, e.cameo, e.root, e.quad_class,
       e.goldstein, e.plover, e.trigger, e.evidence, e.negated, e.modality, e.confidence,
       e.location_name, e.location_country, e.sentence, e.article_id, a.url, a.title,
       a.source, a.published, e.cluster_id, c.cluster_no, c.num_mentions, c.num_articles,
       c.num_sources
FROM events e JOIN articles a USING (article_id) LEFT JOIN clusters c USING (cluster_id)
"""


@dataclass(kw_only=True)
class WriteStats:
    """What one ``Store.write`` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0

    @property
    def articles(self) -> int:
        return self.added + self.replaced + self.unchanged


# ---------------------------------------------------------------- records → rows


def plain(obj: Any) -> Any:
    """The JSON form of a record (``readout.model.to_dict``; dicts pass through)."""
    return obj if isinstance(obj, dict) else to_dict(obj)


def content_hash(record: Any) -> str:
    """A hash of what an article says: text, title, date, url and source (Article or Readout)."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    key = "\x1f".join(repr(get(k)) for k in ("title", "published", "url", "source"))
    return hashlib.sha1(f"{key}\x1e{get('text') or ''}".encode("utf-8")).hexdigest()


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _prepare(batch: list[Record], hashes: dict[str, str]) -> dict[str, tuple[dict, str]]:
    """article id → (JSON form, content hash) of a batch; the last of an id wins."""
    prepared: dict[str, tuple[dict, str]] = {}
    for rec in batch:
        d = plain(rec)
        if not d.get("id"):
            raise ValueError("a record without an id cannot be stored")
        prepared[str(d["id"])] = (d, hashes.get(d["id"]) or content_hash(d))
    return prepared


def record_rows(rec: dict, chash: str, now: dt.datetime) -> dict[str, list[dict]]:
    """The rows of every table for one record in its JSON form (for inspection; writes go
    through ``readout.batches.batch_tables``)."""
    return {name: table.to_pylist()
            for name, table in batches.batch_tables([(rec, chash)], now).items()}


# ---------------------------------------------------------------- the store


def connect_waiting(path: str, read_only: bool, timeout: float,
                    config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retried with backoff for up to ``timeout`` seconds while another
    process holds the file's lock (DuckDB: one writing process, or any number of readers)."""
    deadline, pause = time.monotonic() + max(0.0, timeout), 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def add_date_filter(column: str, since: Optional[str], until: Optional[str],
                    where: list[str], params: dict[str, Any]) -> None:
    """Add ``column`` >= since / <= until clauses (ISO dates, as parameters) to a query."""
    if since:
        params["since"] = since
        where.append(f"{column} >= CAST($since AS DATE)")
    if until:
        params["until"] = until
        where.append(f"{column} <= CAST($until AS DATE)")


class Store:
    """A DuckDB file of readout records; ``":memory:"`` for a throwaway store."""

    def __init__(self, path: Union[str, Path] = "readout.duckdb", read_only: bool = False,
                 timeout: float = 0.0, config: Optional[dict[str, Any]] = None):
        """Open the store. DuckDB lets one process write a file or many read it: ``timeout``
        (seconds) is how long to wait, retrying, while another process holds the file.
        ``config`` is passed to ``duckdb.connect`` (e.g. ``{"enable_external_access": False}``)."""
        self.path = str(path)
        self.read_only = read_only
        self._aggregate: Optional[bool] = None  # whether dyad_days is up to date (read lazily)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path}")
        self.con = connect_waiting(self.path, read_only, timeout, config or {})
        if not read_only:
            self.con.execute(SCHEMA_SQL)
            self._migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def known(self) -> dict[str, str]:
        """article id → content hash of every stored article."""
        return dict(self.con.execute("SELECT article_id, content_hash FROM articles").fetchall())

    def write(self, records: Iterable[Record], batch_size: int = 200,
              hashes: Optional[dict[str, str]] = None) -> WriteStats:
        """Store records, ``batch_size`` articles per transaction; returns what changed.

        An article whose id and content hash are stored already is left alone; one whose id
        is stored with another hash replaces the old version. ``hashes`` (article id → hash)
        overrides ``content_hash`` of the record, so a caller can key on the raw input and
        skip stored articles before parsing them. While DuckDB writes one batch (without
        Python's lock), a second thread builds the rows of the next; if reading the records
        fails, the batches read whole before are written, then the error is raised."""
        stats, hashes, chunks = WriteStats(), hashes or {}, _chunks(records, batch_size)
        pending: Optional[tuple] = None
        with ThreadPoolExecutor(max_workers=1) as pool:
            while True:
                try:
                    prepared = _prepare(next(chunks), hashes)
                except StopIteration:
                    break
                except BaseException:
                    if pending:
                        self._write_batch(*pending, stats)
                    raise
                now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
                built = pool.submit(batches.batch_tables, list(prepared.values()), now)
                if pending:
                    self._write_batch(*pending, stats)
                pending = (prepared, built, now)
            if pending:
                self._write_batch(*pending, stats)
        return stats

    def _write_batch(self, prepared: dict[str, tuple[dict, str]], built: Future,
                     now: dt.datetime, stats: WriteStats) -> None:
        """Write one batch in one transaction: the articles whose hash is new or changed."""
        stored = dict(self.con.execute(
            "SELECT article_id, content_hash FROM articles WHERE article_id IN "
            "(SELECT unnest($ids))", {"ids": list(prepared)}).fetchall())
        todo = {i for i, (_, chash) in prepared.items() if stored.get(i) != chash}
        stats.unchanged += len(prepared) - len(todo)
        tables = built.result()
        if not todo:
            return
        if len(todo) < len(prepared):
            keep = pa.array(sorted(todo), type=pa.string())
            tables = {name: t.filter(pc.is_in(t.column("article_id"), value_set=keep))
                      for name, t in tables.items()}
        replaced = [i for i in todo if i in stored]
        self.con.execute("BEGIN TRANSACTION")
        try:
            touched = self._delete_articles(replaced)
            for table in ("articles", *CHILD_TABLES):
                if table != "events":
                    self._insert(table, tables[table])
            touched |= self._insert_events(tables["events"], tables["articles"], now)
            self._refresh_clusters(touched, now, emptied=bool(replaced))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        stats.added += len(todo) - len(replaced)
        stats.replaced += len(replaced)
        stats.events += tables["events"].num_rows

    def _insert(self, table: str, rows: Union[pa.Table, pd.DataFrame]) -> None:
        """Bulk-insert an Arrow table or DataFrame whose columns are columns of ``table``."""
        if len(rows) == 0:
            return
        names = ", ".join(rows.column_names if isinstance(rows, pa.Table) else rows.columns)
        self.con.register("_rows", rows)
        try:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
        finally:
            self.con.unregister("_rows")

    def _delete_articles(self, ids: list[str]) -> set[str]:
        """Remove articles and their rows; returns the clusters that lost events."""
        if not ids:
            return set()
        params = {"ids": ids}
        touched = {r[0] for r in self.con.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE article_id IN (SELECT unnest($ids))",
            params).fetchall() if r[0] is not None}
        self._add_dyad_days("SELECT date, source_country, target_country, quad_class, goldstein "
                            "FROM events WHERE article_id IN (SELECT unnest($ids))", params, -1)
        for table in ("articles", *CHILD_TABLES):
            self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest($ids))", params)
        return touched

    def _insert_events(self, events: pa.Table, articles: pa.Table, now: dt.datetime) -> set[str]:
        """Insert a batch's events with their cluster ids, make the new clusters (with their
        counts) and add the events to ``dyad_days``; returns the stored clusters joined."""
        if events.num_rows == 0:
            return set()
        frame = events.select(["event_uid", "article_id", "date", "source_code", "target_code",
                               "root"]).to_pandas(date_as_object=False)
        originals = dict(zip(articles.column("article_id").to_pylist(),
                             articles.column("duplicate_of").to_pylist()))
        frame["duplicate_of"] = frame["article_id"].map(originals)
        assigned, new = analysis.assign_clusters(frame, self._cluster_candidates(frame))
        events = events.append_column("cluster_id", pa.array(assigned.tolist(), type=pa.string()))
        self._insert("events", events)
        self.con.register("_batch", events)
        try:
            self._add_dyad_days("SELECT date, source_country, target_country, quad_class, "
                                "goldstein FROM _batch", {}, 1)
            if len(new):
                self._insert_clusters(new, articles, now)
        finally:
            self.con.unregister("_batch")
        return set(assigned.unique()) - set(new["cluster_id"])

    def _insert_clusters(self, new: pd.DataFrame, articles: pa.Table, now: dt.datetime) -> None:
        """Store new clusters with their counts (all their events are in ``_batch``)."""
        self.con.register("_new", pa.Table.from_pandas(new, preserve_index=False))
        self.con.register("_batch_articles", articles)
        try:
            stats = CLUSTER_STATS.format(events="_batch", articles="_batch_articles", where="")
            self.con.execute(f"""
                INSERT INTO clusters (cluster_id, cluster_no, ckey, date, source_code,
                    target_code, root, cameo, quad_class, goldstein, num_mentions,
                    num_articles, num_sources, first_seen, last_seen, first_article,
                    source_url, added_at, updated_at)
                SELECT cluster_id, nextval('cluster_no_seq'), ckey, date, source_code,
                       target_code, root, cameo, quad, gold, n, na, ns, f, l, first_article,
                       url, CAST($now AS TIMESTAMP), CAST($now AS TIMESTAMP)
                FROM (SELECT n.cluster_id, n.ckey, CAST(n.date AS DATE) AS date, n.source_code,
                             n.target_code, n.root, s.*
                      FROM _new n JOIN ({stats}) s USING (cluster_id)
                      ORDER BY n.date NULLS LAST, n.cluster_id)""", {"now": now})
        finally:
            self.con.unregister("_new")
            self.con.unregister("_batch_articles")

    def _cluster_candidates(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Stored clusters an event of ``frame`` may join: same key, date within a day, or
        the clusters of the events of the article it duplicates."""
        keys = pd.DataFrame({"ckey": analysis.cluster_keys(frame), "date": frame["date"]})
        self.con.register("_keys", pa.Table.from_pandas(
            keys.dropna(subset=["date"]).drop_duplicates(), preserve_index=False))
        try:
            by_key = self.con.execute(
                "SELECT DISTINCT c.cluster_id, c.ckey, c.date, NULL::VARCHAR AS article_id "
                "FROM clusters c JOIN _keys k ON c.ckey = k.ckey "
                "AND c.date BETWEEN CAST(k.date AS DATE) - 1 AND CAST(k.date AS DATE) + 1").df()
        finally:
            self.con.unregister("_keys")
        originals = frame["duplicate_of"].dropna().unique().tolist()
        by_dup = self.con.execute(
            "SELECT cluster_id, coalesce(source_code, '') || '|' || coalesce(target_code, '') "
            "|| '|' || coalesce(root, '') AS ckey, date, article_id FROM events "
            "WHERE article_id IN (SELECT unnest($ids)) AND cluster_id IS NOT NULL",
            {"ids": originals}).df() if originals else by_key.iloc[0:0]
        return pd.concat([by_key, by_dup], ignore_index=True)

    def _refresh_clusters(self, cluster_ids: set[str], now: dt.datetime,
                          emptied: bool = True) -> None:
        """Recompute the counts and dates of stored clusters; drop those left without events
        (when ``emptied``: some events were deleted)."""
        if not cluster_ids:
            return
        params = {"ids": sorted(cluster_ids), "now": now}
        stats = CLUSTER_STATS.format(
            events="(SELECT * FROM events WHERE list_contains($ids, cluster_id))",
            articles="articles", where="")
        self.con.execute(f"""
            UPDATE clusters SET num_mentions = s.n, num_articles = s.na, num_sources = s.ns,
                first_seen = s.f, last_seen = s.l, cameo = s.cameo, quad_class = s.quad,
                goldstein = s.gold, first_article = s.first_article, source_url = s.url,
                updated_at = CAST($now AS TIMESTAMP)
            FROM ({stats}) s WHERE clusters.cluster_id = s.cluster_id""", params)
        if emptied:
            self.con.execute(
                "DELETE FROM clusters WHERE cluster_id IN (SELECT unnest($ids)) AND cluster_id "
                "NOT IN (SELECT cluster_id FROM events WHERE cluster_id IN (SELECT unnest($ids)))",
                {"ids": params["ids"]})

    # ------------------------------------------------------------ the daily dyad aggregate

    def _add_dyad_days(self, rows_sql: str, params: dict, sign: int) -> None:
        """Add (``sign`` 1) or take away (−1) the events that ``rows_sql`` selects (date,
        source_country, target_country, quad_class, goldstein) to or from ``dyad_days``."""
        quads = ", ".join(f"{sign} * count_if(quad_class = {q}) AS quad{q}" for q in analysis.QUADS)
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE _dd AS SELECT date, source_country, target_country, "
            f"{sign} * count(*) AS events, {quads}, "
            f"{sign} * coalesce(sum(goldstein), 0) AS goldstein_sum FROM ({rows_sql}) "
            f"WHERE date IS NOT NULL GROUP BY date, source_country, target_country", params)
        same = ("d.date = s.date AND d.source_country IS NOT DISTINCT FROM s.source_country "
                "AND d.target_country IS NOT DISTINCT FROM s.target_country")
        counts = ("events", *[f"quad{q}" for q in analysis.QUADS], "goldstein_sum")
        self.con.execute(f"UPDATE dyad_days d SET "
                         + ", ".join(f"{c} = d.{c} + s.{c}" for c in counts)
                         + f" FROM _dd s WHERE {same}")
        self.con.execute(f"INSERT INTO dyad_days SELECT s.* FROM _dd s WHERE NOT EXISTS "
                         f"(SELECT 1 FROM dyad_days d WHERE {same})")
        if sign < 0:
            self.con.execute("DELETE FROM dyad_days WHERE events <= 0")
        self.con.execute("DROP TABLE _dd")

    def rebuild_dyad_days(self) -> None:
        """Recompute the daily dyad aggregate from the events (after loading events by SQL)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._fill_dyad_days()
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _fill_dyad_days(self) -> None:
        quads = ", ".join(f"count_if(quad_class = {q}) AS quad{q}" for q in analysis.QUADS)
        self.con.execute("DELETE FROM dyad_days")
        self.con.execute(
            f"INSERT INTO dyad_days SELECT date, source_country, target_country, count(*), "
            f"{quads}, coalesce(sum(goldstein), 0) FROM events WHERE date IS NOT NULL "
            f"GROUP BY date, source_country, target_country "
            f"ORDER BY source_country, target_country, date")
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('dyad_days', $v)",
                         {"v": AGGREGATE_VERSION})

    def _migrate(self) -> None:
        """Bring a store written by an earlier readout up to date: countries only where the
        code table knows them (no ``MIL`` country), and the daily dyad aggregate."""
        if self._meta("dyad_days") == AGGREGATE_VERSION:
            return
        known = sorted(analysis.countries())
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, col in (("events", "source_country"), ("events", "target_country"),
                               ("actors", "country")):
                self.con.execute(f"UPDATE {table} SET {col} = NULL WHERE {col} IS NOT NULL "
                                 f"AND NOT list_contains($known, {col})", {"known": known})
            self._fill_dyad_days()
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _meta(self, key: str) -> Optional[str]:
        """A value of the ``meta`` table (None when missing, or in a store without it)."""
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = $k", {"k": key}).fetchone()
        except duckdb.CatalogException:
            return None
        return row[0] if row else None

    # ------------------------------------------------------------ queries

    @staticmethod
    def _side(side: str, code: str, params: dict, name: str) -> str:
        """SQL matching one side of an event to a code: a 3-letter code matches the
        country (CHN matches CHNGOV); a longer one matches codes that start with it."""
        params[name] = code.strip().upper()
        prefix = f"starts_with(e.{side}_code, ${name})"
        return f"(e.{side}_country = ${name} OR {prefix})" if len(params[name]) == 3 else prefix

    def _event_filters(self, dyad: Optional[str] = None, actor: Optional[str] = None,
                       root: Optional[str] = None, quad: Optional[int] = None,
                       cameo: Optional[str] = None, since: Optional[str] = None,
                       until: Optional[str] = None, directed: bool = False,
                       article: Optional[str] = None) -> tuple[list[str], dict]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if dyad:
            a, _, b = dyad.replace(">", "-").partition("-")
            if not a or not b:
                raise ValueError(f"a dyad is two codes joined by '-', like CHN-RUS (got {dyad!r})")
            forward = f"{self._side('source', a, params, 'da')} AND {self._side('target', b, params, 'db')}"
            backward = f"{self._side('source', b, params, 'db')} AND {self._side('target', a, params, 'da')}"
            where.append(f"({forward})" if directed or ">" in dyad else f"(({forward}) OR ({backward}))")
        if actor:
            where.append(f"({self._side('source', actor, params, 'ac')} OR "
                         f"{self._side('target', actor, params, 'ac')})")
        if root:
            params["root"] = str(root).zfill(2)
            where.append("e.root = $root")
        if cameo:
            params["cameo"] = str(cameo)
            where.append("starts_with(e.cameo, $cameo)")
        if quad:
            params["quad"] = int(quad)
            where.append("e.quad_class = $quad")
        add_date_filter("e.date", since, until, where, params)
        if article:
            params["article"] = article
            where.append("e.article_id = $article")
        return where, params

    def events(self, dyad: Optional[str] = None, actor: Optional[str] = None,
               root: Optional[str] = None, quad: Optional[int] = None,
               cameo: Optional[str] = None, since: Optional[str] = None,
               until: Optional[str] = None, directed: bool = False,
               article: Optional[str] = None, limit: Optional[int] = None) -> pd.DataFrame:
        """Events with their article and cluster, by date. ``dyad`` ``CHN-RUS`` matches both
        directions (``CHN>RUS`` or ``directed=True``: CHN the source); ``actor`` either side;
        ``root`` a CAMEO root (``04``), ``cameo`` a code prefix, ``quad`` 1–4."""
        where, params = self._event_filters(dyad, actor, root, quad, cameo, since, until,
                                            directed, article)
        sql = EVENT_VIEW + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY e.date NULLS LAST, e.event_uid"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, params).df()

    def quotes(self, speaker: Optional[str] = None, about: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None,
               limit: Optional[int] = None) -> pd.DataFrame:
        """Quotes with their article. ``speaker`` matches the speaker's name, words or code
        (case-insensitive); ``about`` the quoted words or the addressee."""
        where, params = [], {}
        if speaker:
            params["sp"] = f"%{speaker}%"
            params["spc"] = speaker.upper()
            where.append("(q.speaker_name ILIKE $sp OR q.speaker_text ILIKE $sp "
                         "OR starts_with(q.speaker_code, $spc))")
        if about:
            params["ab"] = f"%{about}%"
            where.append("(q.content ILIKE $ab OR q.addressee_text ILIKE $ab)")
        add_date_filter("a.published", since, until, where, params)
        sql = ("SELECT q.quote_uid, a.published, q.speaker_name, q.speaker_code, q.kind, q.cue, "
               "q.content, q.addressee_text, q.sentence, q.article_id, a.url, a.title, a.source "
               "FROM quotes q JOIN articles a USING (article_id)")
        sql += (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY a.published NULLS LAST, q.quote_uid"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, params).df()

    def timeline(self, a: str, b: Optional[str] = None, by: str = "month",
                 directed: bool = False, since: Optional[str] = None,
                 until: Optional[str] = None) -> pd.DataFrame:
        """Per period (``day``/``week``/``month``/``quarter``/``year``): events, events per
        quad class, Goldstein sum and mean, and net cooperation ((coop − conflict) / all),
        every period present. With ``b`` the dyad a–b (both directions unless ``directed``),
        else every event of ``a``."""
        if by not in analysis.PERIODS:
            raise ValueError(f"unknown period {by!r}; choose from {', '.join(analysis.PERIODS)}")
        if self._countries_only(a, b):
            return analysis.fill_timeline(self._dyad_days_timeline(a, b, by, directed, since, until),
                                          by, since, until)
        if b:
            where, params = self._event_filters(dyad=f"{a}-{b}", directed=directed,
                                                since=since, until=until)
        else:
            where, params = self._event_filters(actor=a, since=since, until=until)
        sql = (f"SELECT date_trunc('{by}', e.date) AS period, count(*) AS events, "
               + ", ".join(f"count_if(e.quad_class = {q}) AS quad{q}" for q in analysis.QUADS)
               + ", coalesce(sum(e.goldstein), 0) AS goldstein_sum FROM events e WHERE "
               + " AND ".join([*where, "e.date IS NOT NULL"]) + " GROUP BY 1 ORDER BY 1")
        return analysis.fill_timeline(self.con.execute(sql, params).df(), by, since, until)

    def _countries_only(self, *codes: Optional[str]) -> bool:
        """Whether ``dyad_days`` answers for these codes: each a known CAMEO country or
        region code (matching the event's country), and the aggregate up to date."""
        wanted = [c.strip().upper() for c in codes if c]
        if not wanted or any(c not in analysis.countries() for c in wanted):
            return False
        return self._aggregate_ready()

    def _aggregate_ready(self) -> bool:
        if self._aggregate is None:
            self._aggregate = self._meta("dyad_days") == AGGREGATE_VERSION
        return self._aggregate

    def _dyad_days_timeline(self, a: str, b: Optional[str], by: str, directed: bool,
                            since: Optional[str], until: Optional[str]) -> pd.DataFrame:
        """The per-period sums of ``dyad_days`` for country ``a`` (with ``b``: the dyad)."""
        params: dict[str, Any] = {"a": a.strip().upper()}
        if b:
            params["b"] = b.strip().upper()
            where = ["((source_country = $a AND target_country = $b)"
                     + ("" if directed else " OR (source_country = $b AND target_country = $a)")
                     + ")"]
        else:
            where = ["(source_country = $a OR target_country = $a)"]
        add_date_filter("date", since, until, where, params)
        sums = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}"
                         for c in ("events", *[f"quad{q}" for q in analysis.QUADS]))
        return self.con.execute(
            f"SELECT date_trunc('{by}', date) AS period, {sums}, "
            f"coalesce(sum(goldstein_sum), 0) AS goldstein_sum FROM dyad_days WHERE "
            + " AND ".join(where) + " GROUP BY 1 ORDER BY 1", params).df()

    def clusters(self, min_articles: int = 1, limit: Optional[int] = None) -> pd.DataFrame:
        """Event clusters (the same event across articles), the most reported first."""
        sql = ("SELECT * FROM clusters WHERE num_articles >= $n "
               "ORDER BY num_articles DESC, num_mentions DESC, date, cluster_no")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, {"n": int(min_articles)}).df()

    def dyads(self, by: str = "month", directed: bool = True, level: str = "country",
              normalize: bool = False, since: Optional[str] = None,
              until: Optional[str] = None) -> pd.DataFrame:
        """The dyad × period table of ``analysis.dyad_table`` over the stored events."""
        return analysis.dyad_table(self._analysis_frame(since, until), by=by, directed=directed,
                                   level=level, normalize=normalize, since=since, until=until)

    def top_dyads(self, n: int = 10, directed: bool = False) -> pd.DataFrame:
        """The ``n`` country dyads with the most events (undirected: ``side_a`` ≤ ``side_b``),
        with events per quad class and mean Goldstein."""
        if not self._aggregate_ready():  # a store of an earlier readout: count the events
            return analysis.top_dyads(self._analysis_frame(), n=n, directed=directed)
        a, b = (("source_country", "target_country") if directed else
                ("least(source_country, target_country)", "greatest(source_country, target_country)"))
        names = ("source", "target") if directed else ("side_a", "side_b")
        sums = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}"
                         for c in ("events", *[f"quad{q}" for q in analysis.QUADS]))
        return self.con.execute(
            f"SELECT {a} AS {names[0]}, {b} AS {names[1]}, {sums}, "
            f"round(sum(goldstein_sum) / sum(events), 3) AS goldstein_mean FROM dyad_days "
            f"WHERE source_country IS NOT NULL AND target_country IS NOT NULL GROUP BY 1, 2 "
            f"ORDER BY events DESC, 1, 2 LIMIT $n", {"n": int(n)}).df()

    def one_a_day(self, **filters: Any) -> pd.DataFrame:
        """``analysis.one_a_day`` over ``events(**filters)`` and their quotes."""
        events = self.events(**filters)
        quotes = self.con.execute(
            "SELECT article_id, sentence, content FROM quotes WHERE article_id IN "
            "(SELECT unnest($ids))", {"ids": events["article_id"].unique().tolist()}).df()
        return analysis.one_a_day(events, quotes)

    def _analysis_frame(self, since: Optional[str] = None, until: Optional[str] = None) -> pd.DataFrame:
        where, params = self._event_filters(since=since, until=until)
        return self.con.execute(
            "SELECT e.date, e.source_code, e.source_country, e.target_code, e.target_country, "
            "e.root, e.quad_class, e.goldstein FROM events e"
            + (" WHERE " + " AND ".join(where) if where else ""), params).df()

    def sql(self, query: str) -> pd.DataFrame:
        """The result of read-only SQL (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN, PRAGMA ...)."""
        allowed = {"SELECT", "EXPLAIN", "PRAGMA", "SHOW", "DESCRIBE", "SUMMARIZE"}
        statements = self.con.extract_statements(query)
        if not statements:
            raise ValueError("no SQL statement given")
        for st in statements:
            kind = str(st.type).rsplit(".", 1)[-1]
            if kind not in allowed:
                raise PermissionError(f"the store is read-only here: {kind} statements are refused")
        for st in statements[:-1]:
            self.con.execute(st)
        return self.con.execute(statements[-1]).df()

    def records(self) -> Iterator[dict]:
        """Every stored article's readout/1 record, by article id."""
        cur = self.con.cursor()
        cur.execute("SELECT record FROM articles ORDER BY article_id")
        while rows := cur.fetchmany(1000):
            for (rec,) in rows:
                yield json.loads(rec)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("articles", *CHILD_TABLES, "clusters")}

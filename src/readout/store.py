"""The DuckDB store: a normalized schema for readout records, idempotent writes, queries.

    store = Store("readout.duckdb")
    store.write(records)                       # Readout objects or their JSON dicts
    store.events(dyad="CHN-RUS", root="04")    # pandas DataFrames
    store.timeline("CHN", "RUS", by="month")

Tables: ``articles``, ``actors``, ``events``, ``quotes``, ``quantities``, ``timexes`` and
``clusters`` (the same event reported by many articles). An article is keyed on its id and
a hash of its content: writing an article already stored changes nothing, a new version of
it (same id, other content) replaces the old one. Each batch of articles is written in one
transaction, so an interrupted write loses or doubles nothing. The store reads records
only; it never imports spaCy.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union
from urllib.parse import urlparse

import duckdb
import pandas as pd

from readout import analysis

Record = Union[Any, dict]  # a readout.model.Readout or its JSON form

SCHEMA_SQL = """
CREATE SEQUENCE IF NOT EXISTS cluster_no_seq START 1;
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
    published DATE, source VARCHAR, agency VARCHAR, dateline VARCHAR, language VARCHAR,
    duplicate_of VARCHAR, outlet VARCHAR, n_events INTEGER, n_quotes INTEGER,
    warnings VARCHAR[], ingested_at TIMESTAMP, record VARCHAR);
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
    cluster_id VARCHAR PRIMARY KEY, cluster_no BIGINT, ckey VARCHAR, date DATE,
    source_code VARCHAR, target_code VARCHAR, root VARCHAR, cameo VARCHAR, quad_class TINYINT,
    goldstein DOUBLE, num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER,
    first_seen DATE, last_seen DATE, first_article VARCHAR, source_url VARCHAR,
    added_at TIMESTAMP, updated_at TIMESTAMP);
CREATE INDEX IF NOT EXISTS actors_article ON actors (article_id);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_cluster ON events (cluster_id);
CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quantities_article ON quantities (article_id);
CREATE INDEX IF NOT EXISTS timexes_article ON timexes (article_id);
CREATE INDEX IF NOT EXISTS clusters_key ON clusters (ckey);
"""

CHILD_TABLES = ("actors", "events", "quotes", "quantities", "timexes")

COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "content_hash", "url", "title", "published", "source", "agency",
                 "dateline", "language", "duplicate_of", "outlet", "n_events", "n_quotes",
                 "warnings", "ingested_at", "record"],
    "actors": ["article_id", "actor_id", "name", "code", "country", "sector", "kind", "role",
               "rule", "mentions"],
    "events": ["event_uid", "article_id", "event_id", "sentence", "date", "date_text",
               "source_code", "source_country", "source_name", "source_text",
               "target_code", "target_country", "target_name", "target_text",
               "cameo", "root", "quad_class", "goldstein", "plover", "plover_mode", "trigger",
               "evidence_start", "evidence_end", "evidence", "location_name",
               "location_country", "negated", "modality", "confidence", "rule", "in_lead"],
    "quotes": ["quote_uid", "article_id", "quote_id", "kind", "speaker_code", "speaker_name",
               "speaker_text", "cue", "content", "content_start", "content_end",
               "addressee_code", "addressee_text", "sentence", "rule"],
    "quantities": ["article_id", "idx", "text", "value", "unit", "kind", "change", "metric",
                   "subjects", "period", "qualifier", "source_code", "source_text",
                   "start_char", "end_char"],
    "timexes": ["article_id", "idx", "text", "type", "value", "start_char", "end_char", "rule"],
}

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
    """The JSON form of a record (a faster ``dataclasses.asdict`` for readout records)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    return obj


def content_hash(record: Any) -> str:
    """A hash of what an article says: text, title, date, url and source (Article or Readout)."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    key = "\x1f".join(repr(get(k)) for k in ("title", "published", "url", "source"))
    return hashlib.sha1(f"{key}\x1e{get('text') or ''}".encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)
def _date(value: Optional[str]) -> Optional[dt.date]:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _outlet(rec: dict) -> str:
    """Who published the article, for counting distinct sources."""
    if rec.get("source"):
        return str(rec["source"]).strip().lower()
    if rec.get("url"):
        host = urlparse(rec["url"]).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return str(rec.get("agency") or rec.get("id") or "").lower()


def _lead_end(rec: dict) -> int:
    """Where the lead paragraph ends (the first blank line, else the second sentence)."""
    text = rec.get("text") or ""
    cut = text.find("\n\n")
    if cut >= 0:
        return cut
    sentences = rec.get("sentences") or []
    return sentences[min(1, len(sentences) - 1)][1] if sentences else len(text)


def _ref(ref: Optional[dict], actors: dict[str, dict]) -> tuple:
    """(code, country, name, text) of an actor reference."""
    if not ref:
        return None, None, None, None
    code, actor = ref.get("code"), actors.get(ref.get("actor") or "")
    country = (actor or {}).get("country") or analysis.code_country(code)
    name = (actor or {}).get("name") or ref.get("text")
    return code, country, name, ref.get("text")


def _event_row(rec: dict, ev: dict, actors: dict[str, dict], lead_end: int) -> tuple:
    text = rec.get("text") or ""
    evidence = ev.get("evidence") or [None, None]
    ev_start, ev_end = (evidence + [None, None])[:2]
    ev_text = text[ev_start:ev_end] if isinstance(ev_start, int) and isinstance(ev_end, int) else None
    date = _date(ev.get("date")) or _date(rec.get("published"))
    loc = ev.get("location") or {}
    cameo = None if ev.get("cameo") is None else str(ev["cameo"])
    root = ev.get("root") or (cameo[:2] if cameo else None)
    trigger = (ev.get("trigger") or {}).get("text")
    return (f"{rec['id']}:{ev['id']}", rec["id"], ev["id"], ev.get("sentence"), date,
            ev.get("date"), *_ref(ev.get("source"), actors), *_ref(ev.get("target"), actors),
            cameo, None if root is None else str(root), ev.get("quad_class"), ev.get("goldstein"),
            ev.get("plover"), ev.get("plover_mode"), trigger, ev_start, ev_end, ev_text,
            loc.get("name"), loc.get("country"), bool(ev.get("negated")),
            ev.get("modality"), ev.get("confidence"), ev.get("rule"),
            isinstance(ev_start, int) and ev_start < lead_end)


def _quote_row(rec: dict, q: dict, actors: dict[str, dict]) -> tuple:
    code, _, name, text = _ref(q.get("speaker"), actors)
    content = q.get("content") or {}
    add_code, _, _, add_text = _ref(q.get("addressee"), actors)
    return (f"{rec['id']}:{q['id']}", rec["id"], q["id"], q.get("kind"), code, name, text,
            (q.get("cue") or {}).get("text"), content.get("text"), content.get("start"),
            content.get("end"), add_code, add_text, q.get("sentence"), q.get("rule"))


def record_rows(rec: dict, chash: str, now: dt.datetime) -> dict[str, list[tuple]]:
    """The rows of every table for one record in its JSON form."""
    aid = rec["id"]
    actors = {a["id"]: a for a in rec.get("actors") or [] if a.get("id")}
    lead_end = _lead_end(rec)
    rows: dict[str, list[tuple]] = {
        "articles": [(aid, chash, rec.get("url"), rec.get("title"), _date(rec.get("published")),
                      rec.get("source"), rec.get("agency"), rec.get("dateline"),
                      rec.get("language"), rec.get("duplicate_of"), _outlet(rec),
                      len(rec.get("events") or []), len(rec.get("quotes") or []),
                      list(rec.get("warnings") or []), now,
                      json.dumps(rec, ensure_ascii=False))],
        "actors": [(aid, a["id"], a.get("name"), a.get("code"), a.get("country"), a.get("sector"),
                    a.get("kind"), a.get("role"), a.get("rule"), len(a.get("mentions") or []))
                   for a in actors.values()],
        "events": [_event_row(rec, ev, actors, lead_end) for ev in rec.get("events") or []],
        "quotes": [_quote_row(rec, q, actors) for q in rec.get("quotes") or []],
        "quantities": [(aid, i, q.get("text"), q.get("value"), q.get("unit"), q.get("kind"),
                        q.get("change"), q.get("metric"), list(q.get("subjects") or []),
                        q.get("period"), q.get("qualifier"), (q.get("source") or {}).get("code"),
                        (q.get("source") or {}).get("text"), q.get("start"), q.get("end"))
                       for i, q in enumerate(rec.get("quantities") or [])],
        "timexes": [(aid, i, t.get("text"), t.get("type"), t.get("value"), t.get("start"),
                     t.get("end"), t.get("rule")) for i, t in enumerate(rec.get("timexes") or [])],
    }
    return rows


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame of plain Python objects (no string-dtype conversion)."""
    cols = list(zip(*rows)) if rows else [()] * len(columns)
    return pd.DataFrame({c: pd.Series(list(v), dtype=object) for c, v in zip(columns, cols)})


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
        pause = min(pause * 2, 0.5)


class Store:
    """A DuckDB file of readout records; ``":memory:"`` for a throwaway store."""

    def __init__(self, path: Union[str, Path] = "readout.duckdb", read_only: bool = False,
                 timeout: float = 0.0, config: Optional[dict[str, Any]] = None):
        """Open the store. DuckDB lets one process write a file or many read it: ``timeout``
        (seconds) is how long to wait, retrying, while another process holds the file.
        ``config`` is passed to ``duckdb.connect`` (e.g. ``{"enable_external_access": False}``)."""
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise FileNotFoundError(f"no store at {self.path}")
        self.con = connect_waiting(self.path, read_only, timeout, config or {})
        if not read_only:
            self.con.execute(SCHEMA_SQL)

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
        is stored with another hash replaces the old version. ``hashes`` (article id → hash,
        read when each batch is written) overrides ``content_hash`` of the record, so a
        caller can key on the raw input and skip stored articles before parsing them."""
        stats, batch = WriteStats(), []
        for rec in records:
            batch.append(rec)
            if len(batch) >= batch_size:
                self._write_batch(batch, stats, hashes or {})
                batch = []
        if batch:
            self._write_batch(batch, stats, hashes or {})
        return stats

    def _write_batch(self, batch: list[Record], stats: WriteStats, hashes: dict[str, str]) -> None:
        prepared: dict[str, tuple[dict, str]] = {}
        for rec in batch:
            d = rec if isinstance(rec, dict) else plain(rec)
            if not d.get("id"):
                raise ValueError("a record without an id cannot be stored")
            prepared[d["id"]] = (d, hashes.get(d["id"]) or content_hash(d))  # last one wins
        ids = list(prepared)
        stored = dict(self.con.execute(
            "SELECT article_id, content_hash FROM articles WHERE article_id IN "
            "(SELECT unnest($ids))", {"ids": ids}).fetchall())
        todo = {i: v for i, v in prepared.items() if stored.get(i) != v[1]}
        stats.unchanged += len(prepared) - len(todo)
        if not todo:
            return
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        rows: dict[str, list[tuple]] = {t: [] for t in ("articles", *CHILD_TABLES)}
        for d, chash in todo.values():
            for table, trows in record_rows(d, chash, now).items():
                rows[table].extend(trows)
        replaced = [i for i in todo if i in stored]
        self.con.execute("BEGIN TRANSACTION")
        try:
            touched = self._delete_articles(replaced)
            self._insert("articles", rows["articles"])
            for table in CHILD_TABLES:
                if table != "events":
                    self._insert(table, rows[table])
            touched |= self._insert_events(rows["events"], now)
            self._refresh_clusters(touched, now)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        stats.added += len(todo) - len(replaced)
        stats.replaced += len(replaced)
        stats.events += len(rows["events"])

    def _insert(self, table: str, rows: Union[list[tuple], pd.DataFrame]) -> None:
        if len(rows) == 0:
            return
        frame = rows if isinstance(rows, pd.DataFrame) else _frame(rows, COLUMNS[table])
        self.con.register("_rows", frame)
        try:
            names = ", ".join(frame.columns)
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
        for table in ("articles", *CHILD_TABLES):
            self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest($ids))", params)
        return touched

    def _insert_events(self, rows: list[tuple], now: dt.datetime) -> set[str]:
        """Insert events with their cluster ids; returns the clusters they joined or made."""
        if not rows:
            return set()
        frame = _frame(rows, COLUMNS["events"])
        candidates = self._cluster_candidates(frame)
        assigned, new = analysis.assign_clusters(frame, candidates)
        frame["_cluster"] = assigned
        if len(new):
            new = new.assign(added_at=now)
            self.con.register("_new", new)
            try:
                self.con.execute(
                    "INSERT INTO clusters (cluster_id, cluster_no, ckey, date, source_code, "
                    "target_code, root, added_at) SELECT cluster_id, nextval('cluster_no_seq'), "
                    "ckey, date, source_code, target_code, root, added_at FROM _new "
                    "ORDER BY date NULLS LAST, cluster_id")
            finally:
                self.con.unregister("_new")
        self._insert("events", frame[COLUMNS["events"]].assign(cluster_id=frame["_cluster"]))
        return set(frame["_cluster"].unique())

    def _cluster_candidates(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Stored clusters an event of ``frame`` may join: same key, date within a day, or
        the clusters of the events of the article it duplicates."""
        keys = analysis.cluster_keys(frame)
        lo, hi = frame["date"].dropna().min(), frame["date"].dropna().max()
        params = {"keys": sorted(set(keys)), "lo": lo, "hi": hi}
        by_key = self.con.execute(
            "SELECT cluster_id, ckey, date, NULL::VARCHAR AS article_id FROM clusters "
            "WHERE ckey IN (SELECT unnest($keys)) AND date BETWEEN "
            "CAST($lo AS DATE) - INTERVAL 1 DAY AND CAST($hi AS DATE) + INTERVAL 1 DAY",
            params).df() if pd.notna(lo) else pd.DataFrame(columns=["cluster_id", "ckey", "date", "article_id"])
        dups = self.con.execute(
            "SELECT a.article_id AS dup, a.duplicate_of FROM articles a "
            "WHERE a.article_id IN (SELECT unnest($ids)) AND a.duplicate_of IS NOT NULL",
            {"ids": frame["article_id"].unique().tolist()}).df()
        frame["duplicate_of"] = frame["article_id"].map(dict(zip(dups["dup"], dups["duplicate_of"])))
        originals = frame["duplicate_of"].dropna().unique().tolist()
        by_dup = self.con.execute(
            "SELECT cluster_id, coalesce(source_code, '') || '|' || coalesce(target_code, '') "
            "|| '|' || coalesce(root, '') AS ckey, date, article_id FROM events "
            "WHERE article_id IN (SELECT unnest($ids)) AND cluster_id IS NOT NULL",
            {"ids": originals}).df() if originals else by_key.iloc[0:0]
        return pd.concat([by_key, by_dup], ignore_index=True)

    def _refresh_clusters(self, cluster_ids: set[str], now: dt.datetime) -> None:
        """Recompute the counts and dates of clusters; drop clusters left without events."""
        if not cluster_ids:
            return
        params = {"ids": sorted(cluster_ids), "now": now}
        self.con.execute("""
            UPDATE clusters SET num_mentions = s.n, num_articles = s.na, num_sources = s.ns,
                first_seen = s.f, last_seen = s.l, cameo = s.cameo, quad_class = s.quad,
                goldstein = s.gold, first_article = s.first_article, source_url = s.url,
                updated_at = CAST($now AS TIMESTAMP)
            FROM (SELECT e.cluster_id, count(*) AS n, count(DISTINCT e.article_id) AS na,
                         count(DISTINCT a.outlet) AS ns,
                         min(coalesce(a.published, e.date)) AS f,
                         max(coalesce(a.published, e.date)) AS l,
                         mode(e.cameo) AS cameo, mode(e.quad_class) AS quad,
                         avg(e.goldstein) AS gold,
                         arg_min(e.article_id, (coalesce(a.published, e.date), a.ingested_at)) AS first_article,
                         arg_min(a.url, (coalesce(a.published, e.date), a.ingested_at)) AS url
                  FROM events e JOIN articles a USING (article_id)
                  WHERE e.cluster_id IN (SELECT unnest($ids)) GROUP BY e.cluster_id) s
            WHERE clusters.cluster_id = s.cluster_id""", params)
        self.con.execute(
            "DELETE FROM clusters WHERE cluster_id IN (SELECT unnest($ids)) AND cluster_id NOT IN "
            "(SELECT cluster_id FROM events WHERE cluster_id IN (SELECT unnest($ids)))",
            {"ids": params["ids"]})

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
        if since:
            params["since"] = since
            where.append("e.date >= CAST($since AS DATE)")
        if until:
            params["until"] = until
            where.append("e.date <= CAST($until AS DATE)")
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
        if since:
            params["since"] = since
            where.append("a.published >= CAST($since AS DATE)")
        if until:
            params["until"] = until
            where.append("a.published <= CAST($until AS DATE)")
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
        """The ``n`` country dyads with the most events."""
        return analysis.top_dyads(self._analysis_frame(), n=n, directed=directed)

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

"""The JSON API under ``/api``. Each route is a thin shell over a ``*_data`` function that
takes an open ``Store`` and returns plain JSON-able data; the HTML pages call the same
functions, so what a page shows is what the API returns.

Tables (events, quotes, articles, dyads, timeline) take ``format=csv`` or ``format=json`` to
download every matching row as a file instead of one page of JSON.
"""
from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import math
import re
from typing import Any, Iterator, Optional

import duckdb
import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from readout import analysis
from readout.store import Store
from readout.web import highlight, queries
from readout.web.queries import EventFilter, QuoteFilter

MAX_PAGE = 500
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_RE = re.compile(r"^[A-Za-z]{3}[A-Za-z0-9]*$")
FORMATS = ("csv", "json")


# ---------------------------------------------------------------- plumbing


#: every connection the server opens: read-only (DuckDB refuses writes), no file or network
#: access from SQL (read_csv('/etc/passwd'), COPY, ATTACH are refused), settings locked
SAFE_CONFIG: dict[str, Any] = {"enable_external_access": False, "lock_configuration": True}
READ_WAIT = 15.0  # seconds a request waits while `readout ingest` writes a batch


def open_store(request: Request) -> Iterator[Store]:
    """A read-only connection to the app's store for one request (so `readout ingest` can
    write between requests; a request waits up to READ_WAIT s for a batch being written)."""
    try:
        store = Store(request.app.state.db_path, read_only=True, timeout=READ_WAIT,
                      config=SAFE_CONFIG)
    except Exception as exc:  # missing, locked or damaged file
        raise HTTPException(503, f"cannot open the store {request.app.state.db_path}: {exc}")
    try:
        yield store
    finally:
        store.close()


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON rows: dates as YYYY-MM-DD, missing values as null."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return json.loads(out.to_json(orient="records", force_ascii=False) or "[]")


def download(frame: pd.DataFrame, fmt: str, name: str) -> Response:
    """Every row of a table as a CSV or JSON file."""
    stamp = dt.date.today().isoformat()
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, date_format="%Y-%m-%d")
        body, media = buf.getvalue(), "text/csv; charset=utf-8"
    else:
        body, media = json.dumps(rows(frame), ensure_ascii=False, indent=1), "application/json"
    headers = {"Content-Disposition": f'attachment; filename="readout-{name}-{stamp}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)


def _blank(value: Optional[str]) -> Optional[str]:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: Optional[str], name: str) -> Optional[str]:
    value = _blank(value)
    if value is None:
        return None
    try:
        if not DATE_RE.match(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a date YYYY-MM-DD (got {value!r})")
    return value


def _code(value: Optional[str], name: str) -> Optional[str]:
    value = _blank(value)
    if value is not None and not CODE_RE.match(value):
        raise HTTPException(400, f"{name} must be an actor code like CHN or CHNGOV (got {value!r})")
    return value.upper() if value else None


def _dyad(value: Optional[str]) -> Optional[str]:
    value = _blank(value)
    if value is None:
        return None
    try:
        a, b = queries.split_dyad(value)
    except ValueError as exc:
        raise HTTPException(400, str(exc))
    _code(a, "dyad"), _code(b, "dyad")
    return f"{a}>{b}" if ">" in value else f"{a}-{b}"


def _fmt(value: Optional[str]) -> Optional[str]:
    value = _blank(value)
    if value is not None and value not in FORMATS:
        raise HTTPException(400, f"format must be csv or json (got {value!r})")
    return value


def _int(value: Optional[str], name: str, lo: int, hi: int) -> Optional[int]:
    value = _blank(value)
    if value is None:
        return None
    if not value.isdigit() or not lo <= int(value) <= hi:
        raise HTTPException(400, f"{name} must be a whole number from {lo} to {hi} (got {value!r})")
    return int(value)


def event_filter(
    actor: Optional[str] = Query(None, description="Actor code on either side: CHN (the country, "
                                 "any sector) or a code prefix such as CHNGOV."),
    dyad: Optional[str] = Query(None, description="Two codes: CHN-RUS (both directions) or "
                                "CHN>RUS (CHN the source)."),
    directed: Optional[str] = Query(None, description="1: only events from the dyad's first "
                                    "side to its second."),
    root: Optional[str] = Query(None, description="CAMEO root code, 01-20."),
    cameo: Optional[str] = Query(None, description="CAMEO code prefix, e.g. 042."),
    quad: Optional[str] = Query(None, description="Quad class: 1 verbal cooperation, 2 material "
                                "cooperation, 3 verbal conflict, 4 material conflict."),
    since: Optional[str] = Query(None, description="First event date, YYYY-MM-DD."),
    until: Optional[str] = Query(None, description="Last event date, YYYY-MM-DD."),
    q: Optional[str] = Query(None, description="Words in the trigger, evidence sentence, actor "
                             "names or article title (case-insensitive)."),
    article: Optional[str] = Query(None, description="Only the events of this article id."),
) -> EventFilter:
    """The event filter of a request (empty values ignored; bad ones a 400 error)."""
    root_n = _int(root, "root", 1, 20)
    cameo_v = _blank(cameo)
    if cameo_v is not None and not cameo_v.isdigit():
        raise HTTPException(400, f"cameo must be digits, e.g. 042 (got {cameo_v!r})")
    return EventFilter(actor=_code(actor, "actor"), dyad=_dyad(dyad),
                       directed=_blank(directed) in ("1", "true", "on", "yes"),
                       root=None if root_n is None else f"{root_n:02d}", cameo=cameo_v,
                       quad=_int(quad, "quad", 1, 4), since=_date(since, "since"),
                       until=_date(until, "until"), q=_blank(q), article=_blank(article))


def quote_filter(
    q: Optional[str] = Query(None, description="Words in the quote, its cue or its addressee."),
    speaker: Optional[str] = Query(None, description="Words of the speaker's name, or a code prefix."),
    dyad: Optional[str] = Query(None, description="CHN-RUS: quotes by one side addressed to the "
                                "other, or in articles reporting events between them."),
    since: Optional[str] = Query(None, description="First publication date, YYYY-MM-DD."),
    until: Optional[str] = Query(None, description="Last publication date, YYYY-MM-DD."),
    article: Optional[str] = Query(None, description="Only the quotes of this article id."),
) -> QuoteFilter:
    """The quote filter of a request."""
    return QuoteFilter(q=_blank(q), speaker=_blank(speaker), dyad=_dyad(dyad),
                       since=_date(since, "since"), until=_date(until, "until"),
                       article=_blank(article))


def paging(page: Optional[str] = Query(None, description="Page number, from 1."),
           size: Optional[str] = Query(None, description=f"Rows per page, 1-{MAX_PAGE} (50).")
           ) -> tuple[int, int]:
    """(page, size) of a request."""
    return _int(page, "page", 1, 10**9) or 1, _int(size, "size", 1, MAX_PAGE) or 50


def _page(total: int, page: int, size: int, frame: pd.DataFrame, **extra: Any) -> dict[str, Any]:
    return {"total": total, "page": page, "size": size,
            "pages": max(1, math.ceil(total / size)), **extra, "rows": rows(frame)}


# ---------------------------------------------------------------- data functions


def overview_data(store: Store) -> dict[str, Any]:
    """Counts, events per quad class, top dyads, the latest events and articles."""
    lo, hi = queries.date_range(store)
    _, latest = queries.events(store, EventFilter(), 1, 10)
    _, recent = queries.articles(store, page=1, size=10)
    quads = queries.quad_counts(store, EventFilter())
    return {"counts": queries.counts(store), "first_date": lo, "last_date": hi,
            "quad_classes": [{"quad_class": q, "events": n} for q, n in quads.items()],
            "top_dyads": rows(queries.top_dyads(store, 10)),
            "latest_events": rows(latest), "latest_articles": rows(recent)}


def events_data(store: Store, f: EventFilter, page: int = 1, size: int = 50,
                sort: str = "-date") -> dict[str, Any]:
    total, frame = queries.events(store, f, page, size, sort)
    return _page(total, page, size, frame, filters=f.params(), sort=sort)


def quotes_data(store: Store, f: QuoteFilter, page: int = 1, size: int = 50) -> dict[str, Any]:
    total, frame = queries.quotes(store, f, page, size)
    return _page(total, page, size, frame, filters=f.params())


def articles_data(store: Store, q: Optional[str] = None, since: Optional[str] = None,
                  until: Optional[str] = None, page: int = 1, size: int = 50) -> dict[str, Any]:
    total, frame = queries.articles(store, q, since, until, page, size)
    filters = {k: v for k, v in (("q", q), ("since", since), ("until", until)) if v}
    return _page(total, page, size, frame, filters=filters)


def article_data(store: Store, article_id: str) -> dict[str, Any]:
    """One article's record and the spans the article page highlights."""
    rec = queries.record(store, article_id)
    if rec is None:
        raise HTTPException(404, f"no article {article_id!r} in the store")
    marks = [{"start": m.start, "end": m.end, "kind": m.kind, "ref": m.ref}
             for m in highlight.marks(rec)]
    return {"record": rec, "highlights": marks}


def timeline_data(store: Store, f: EventFilter, by: str = "week") -> dict[str, Any]:
    """Per period: events per quad class, mean Goldstein, net cooperation, all events."""
    try:
        frame = queries.timeline(store, f, by)
    except ValueError as exc:
        raise HTTPException(400, str(exc))
    return {"by": by, "filters": f.params(), "periods": rows(frame)}


def dyads_data(store: Store, n: int = 10, since: Optional[str] = None,
               until: Optional[str] = None) -> dict[str, Any]:
    return {"rows": rows(queries.top_dyads(store, n, since, until))}


def countries_data(store: Store) -> dict[str, Any]:
    return {"rows": rows(queries.countries(store))}


def cameo_data() -> dict[str, Any]:
    """CAMEO codes with their names, roots first."""
    names = analysis.cameo_names()
    return {"roots": [{"code": c, "name": names.get(c, ("", ""))[0]} for c in analysis.ROOTS],
            "codes": [{"code": c, "name": n[0]} for c, n in sorted(names.items())]}


# ---------------------------------------------------------------- routes

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/overview", summary="Counts, events by quad class, top dyads, latest events")
def get_overview(store: Store = Depends(open_store)) -> dict:
    return overview_data(store)


@router.get("/events", summary="Events, filtered and paged (format=csv|json: all rows as a file)")
def get_events(f: EventFilter = Depends(event_filter), pg: tuple = Depends(paging),
               sort: str = Query("-date", description="date, -date, goldstein, -goldstein, cameo."),
               format: Optional[str] = Query(None, description="csv or json: download every row."),
               store: Store = Depends(open_store)) -> Any:
    if _fmt(format):
        return download(queries.events(store, f, size=None, sort=sort)[1], format, "events")
    return events_data(store, f, *pg, sort=sort)


@router.get("/quotes", summary="Quotes, searched and paged (format=csv|json: all rows as a file)")
def get_quotes(f: QuoteFilter = Depends(quote_filter), pg: tuple = Depends(paging),
               format: Optional[str] = Query(None, description="csv or json: download every row."),
               store: Store = Depends(open_store)) -> Any:
    if _fmt(format):
        return download(queries.quotes(store, f, size=None)[1], format, "quotes")
    return quotes_data(store, f, *pg)


@router.get("/articles", summary="Articles, latest first (format=csv|json: all rows as a file)")
def get_articles(q: Optional[str] = Query(None, description="Words in the title, source or body."),
                 since: Optional[str] = Query(None, description="First publication date."),
                 until: Optional[str] = Query(None, description="Last publication date."),
                 pg: tuple = Depends(paging),
                 format: Optional[str] = Query(None, description="csv or json: download every row."),
                 store: Store = Depends(open_store)) -> Any:
    since, until, q = _date(since, "since"), _date(until, "until"), _blank(q)
    if _fmt(format):
        return download(queries.articles(store, q, since, until, size=None)[1], format, "articles")
    return articles_data(store, q, since, until, *pg)


@router.get("/articles/{article_id}", summary="One article's readout/1 record and its highlights")
def get_article(article_id: str, store: Store = Depends(open_store)) -> dict:
    return article_data(store, article_id)


@router.get("/timeline", summary="Events per period and quad class, mean Goldstein, share of all")
def get_timeline(f: EventFilter = Depends(event_filter),
                 by: str = Query("week", description="day, week, month, quarter or year."),
                 format: Optional[str] = Query(None, description="csv or json: download as a file."),
                 store: Store = Depends(open_store)) -> Any:
    data = timeline_data(store, f, by)
    if _fmt(format):
        return download(pd.DataFrame(data["periods"]), format, "timeline")
    return data


@router.get("/dyads", summary="Country dyads with the most events")
def get_dyads(n: Optional[str] = Query(None, description="How many dyads (10)."),
              since: Optional[str] = Query(None, description="First event date."),
              until: Optional[str] = Query(None, description="Last event date."),
              format: Optional[str] = Query(None, description="csv or json: download as a file."),
              store: Store = Depends(open_store)) -> Any:
    data = dyads_data(store, _int(n, "n", 1, 1000) or 10, _date(since, "since"), _date(until, "until"))
    if _fmt(format):
        return download(pd.DataFrame(data["rows"]), format, "dyads")
    return data


@router.get("/countries", summary="Countries on either side of stored events, most events first")
def get_countries(store: Store = Depends(open_store)) -> dict:
    return countries_data(store)


@router.get("/cameo", summary="CAMEO event codes and their names")
def get_cameo() -> dict:
    return cameo_data()


def check_token(request: Request) -> None:
    """With ``--token``, a request must carry ``Authorization: Bearer TOKEN``."""
    token = request.app.state.token
    if not token:
        return
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "this endpoint needs the server's token: "
                                 "Authorization: Bearer TOKEN", headers={"WWW-Authenticate": "Bearer"})


@router.get("/sql", summary="Read-only SQL over the store (only with `readout serve --allow-sql`)")
def get_sql(request: Request,
            q: str = Query(..., description="One SELECT (WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) "
                           "or EXPLAIN statement.", max_length=queries.MAX_SQL_CHARS),
            limit: Optional[str] = Query(None, description=f"Rows, 1-{queries.MAX_SQL_ROWS}."),
            store: Store = Depends(open_store)) -> dict:
    if not request.app.state.allow_sql:
        raise HTTPException(403, "arbitrary SQL is off; start the server with --allow-sql")
    check_token(request)
    try:
        return queries.run_sql(store, q, _int(limit, "limit", 1, queries.MAX_SQL_ROWS)
                               or queries.MAX_SQL_ROWS, request.app.state.sql_timeout)
    except PermissionError as exc:
        raise HTTPException(403, str(exc))
    except TimeoutError as exc:
        raise HTTPException(400, str(exc))
    except (ValueError, duckdb.Error) as exc:
        raise HTTPException(400, f"{type(exc).__name__}: {exc}")

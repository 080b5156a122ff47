"""The HTML pages, rendered on the server from the same ``*_data`` functions the JSON API
serves. Every view's state (filters, page, period, zoom, raw/share) is in its URL."""
from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from readout.store import Store
from readout.web import api, highlight
from readout.web.queries import EventFilter, QuoteFilter

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
BYS = ("day", "week", "month", "quarter", "year")

router = APIRouter(include_in_schema=False)


def number(value: Any, digits: int = 2) -> str:
    """A number for a table cell: integers plain, floats rounded, missing empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("title", "readout")
    return request.app.state.templates.TemplateResponse(request, name, context)


def _by(value: Optional[str], default: str) -> str:
    return value if value in BYS else default


def _scale(value: Optional[str]) -> str:
    return "share" if value == "share" else "raw"


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: Store = Depends(api.open_store)):
    data = api.overview_data(store)
    return render(request, "overview.html", title="Overview", data=data,
                  countries=api.countries_data(store)["rows"])


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: EventFilter = Depends(api.event_filter),
                pg: tuple = Depends(api.paging), sort: str = Query("-date"),
                by: Optional[str] = Query(None), scale: Optional[str] = Query(None),
                store: Store = Depends(api.open_store)):
    data = api.events_data(store, f, *pg, sort=sort)
    state = {**f.params(), "sort": sort if sort != "-date" else None,
             "size": pg[1] if pg[1] != 50 else None, "by": by, "scale": scale}
    return render(request, "events.html", title="Events", data=data, f=f, state=state,
                  by=_by(by, "month"), scale=_scale(scale), cameo=api.cameo_data()["roots"],
                  countries=api.countries_data(store)["rows"])


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request, a: Optional[str] = Query(None), b: Optional[str] = Query(None),
              directed: Optional[str] = Query(None), since: Optional[str] = Query(None),
              until: Optional[str] = Query(None), by: Optional[str] = Query(None),
              scale: Optional[str] = Query(None), page: Optional[str] = Query(None),
              qpage: Optional[str] = Query(None), store: Store = Depends(api.open_store)):
    countries = api.countries_data(store)["rows"]
    a_code, b_code = api._code(a, "a"), api._code(b, "b")
    state = {"a": a_code, "b": b_code, "directed": api._blank(directed), "since": since,
             "until": until, "by": by, "scale": scale}
    context: dict[str, Any] = {"countries": countries, "state": state, "a": a_code, "b": b_code,
                               "by": _by(by, "week"), "scale": _scale(scale)}
    if a_code and b_code:
        sep = ">" if state["directed"] else "-"
        f = EventFilter(dyad=api._dyad(f"{a_code}{sep}{b_code}"), since=api._date(since, "since"),
                        until=api._date(until, "until"))
        context["f"] = f
        context["events"] = api.events_data(store, f, api._int(page, "page", 1, 10**9) or 1, 25)
        qf = QuoteFilter(dyad=f"{a_code}-{b_code}", since=f.since, until=f.until)
        context["quotes"] = api.quotes_data(store, qf, api._int(qpage, "qpage", 1, 10**9) or 1, 25)
        context["qf"] = qf
        context["quads"] = _quads(store, f)
    title = f"{a_code}–{b_code}" if a_code and b_code else "Dyads"
    return render(request, "dyad.html", title=title, **context)


def _quads(store: Store, f: EventFilter) -> list[dict[str, int]]:
    from readout.web import queries

    return [{"quad_class": q, "events": n} for q, n in queries.quad_counts(store, f).items()]


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, f: QuoteFilter = Depends(api.quote_filter),
                pg: tuple = Depends(api.paging), store: Store = Depends(api.open_store)):
    data = api.quotes_data(store, f, *pg)
    return render(request, "quotes.html", title="Quotes", data=data, f=f,
                  state={**f.params(), "size": pg[1] if pg[1] != 50 else None})


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, q: Optional[str] = Query(None),
                  since: Optional[str] = Query(None), until: Optional[str] = Query(None),
                  pg: tuple = Depends(api.paging), store: Store = Depends(api.open_store)):
    q, since, until = api._blank(q), api._date(since, "since"), api._date(until, "until")
    data = api.articles_data(store, q, since, until, *pg)
    state = {"q": q, "since": since, "until": until, "size": pg[1] if pg[1] != 50 else None}
    return render(request, "articles.html", title="Articles", data=data, state=state)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: Store = Depends(api.open_store)):
    data = api.article_data(store, article_id)
    rec = data["record"]
    return render(request, "article.html", title=rec.get("title") or article_id, rec=rec,
                  segments=highlight.segments(rec),
                  index_json=json.dumps(highlight.record_index(rec), ensure_ascii=False)
                  .replace("</", "<\\/"))

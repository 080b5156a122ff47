"""The web app: ``create_app(db_path)`` gives a FastAPI application serving the JSON API
(``/api``, described at ``/docs`` and ``/openapi.json``), the HTML pages and their static
files, all from the package: nothing is loaded from another host, so it works offline.

    uvicorn.run(create_app("readout.duckdb"), host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Union
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import readout
from readout.web import api, pages

HERE = Path(__file__).parent
MAX_QUERY_BYTES = 8192  # query string of one request (414 beyond)
MAX_BODY_BYTES = 65536  # request body (413 beyond); no route reads one
SQL_TIMEOUT = 10.0  # seconds one /api/sql query may run
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "no-referrer", "Cross-Origin-Resource-Policy": "same-origin"}


def url_with(path: str, params: dict, **changes: object) -> str:
    """``path?query`` from ``params`` with ``changes`` applied; empty values dropped."""
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "", False)})
    return f"{path}?{query}" if query else path


def templates() -> Jinja2Templates:
    """The page templates, with the helpers they use."""
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.globals.update(url_with=url_with, version=readout.__version__,
                           quad_names=pages.QUAD_NAMES)
    env.env.filters["num"] = pages.number
    return env


def add_safety(app: FastAPI, cors_origins: Sequence[str],
               allowed_hosts: Optional[Sequence[str]]) -> None:
    """Request-size limits, security headers, optional CORS and Host checks."""

    @app.middleware("http")
    async def limits(request: Request, call_next):
        if len(request.scope.get("query_string") or b"") > MAX_QUERY_BYTES:
            return JSONResponse({"detail": f"query string over {MAX_QUERY_BYTES} bytes"},
                                status_code=414)
        length = request.headers.get("content-length")
        if (length and (not length.isdigit() or int(length) > MAX_BODY_BYTES)) or (
                request.headers.get("transfer-encoding") and request.method not in SAFE_METHODS):
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"},
                                status_code=413)
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    if cors_origins:  # off by default: browsers refuse other sites' scripts reading the API
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET"], allow_headers=["Authorization"])
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))


def create_app(db_path: Union[str, Path], title: str = "readout", *, allow_sql: bool = False,
               token: Optional[str] = None, cors_origins: Sequence[str] = (),
               allowed_hosts: Optional[Sequence[str]] = None,
               sql_timeout: float = SQL_TIMEOUT) -> FastAPI:
    """The app over the DuckDB store at ``db_path`` (opened read-only for each request).

    Safe by default: every route is GET and reads; ``/api/sql`` answers only with
    ``allow_sql`` (and then read-only, one statement, at most ``sql_timeout`` seconds and
    ``queries.MAX_SQL_ROWS`` rows); with ``token`` it needs ``Authorization: Bearer TOKEN``.
    No CORS headers unless ``cors_origins`` lists origins; ``allowed_hosts`` restricts the
    Host header (against DNS rebinding). Requests larger than ``MAX_QUERY_BYTES`` of query
    string or ``MAX_BODY_BYTES`` of body are refused."""
    app = FastAPI(title=f"{title} API", version=readout.__version__, docs_url=None,
                  redoc_url=None,
                  description="Events, dyads, quotes and the evidence behind each record, "
                              "from a readout DuckDB store. Every table takes format=csv or "
                              "format=json to download all its rows.")
    app.state.db_path = str(db_path)
    app.state.allow_sql, app.state.token, app.state.sql_timeout = allow_sql, token, sql_timeout
    add_safety(app, cors_origins, allowed_hosts)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException):  # pages get HTML, the API JSON
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        page = app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail, "title": "Error"},
            status_code=exc.status_code)
        return page

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request):
        return app.state.templates.TemplateResponse(
            request, "docs.html", {"spec": app.openapi(), "title": "API"})

    return app

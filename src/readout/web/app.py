"""The web app: ``create_app(db_path)`` gives a FastAPI application serving the JSON API
(``/api``, described at ``/docs`` and ``/openapi.json``), the HTML pages and their static
files, all from the package: nothing is loaded from another host, so it works offline.

    uvicorn.run(create_app("readout.duckdb"), host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from pathlib import Path
from typing import Union
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import readout
from readout.web import api, pages

HERE = Path(__file__).parent


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


def create_app(db_path: Union[str, Path], title: str = "readout") -> FastAPI:
    """The app over the DuckDB store at ``db_path`` (opened read-only for each request)."""
    app = FastAPI(title=f"{title} API", version=readout.__version__, docs_url=None,
                  redoc_url=None,
                  description="Events, dyads, quotes and the evidence behind each record, "
                              "from a readout DuckDB store. Every table takes format=csv or "
                              "format=json to download all its rows.")
    app.state.db_path = str(db_path)
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

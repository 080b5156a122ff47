"""What a visitor of `readout serve` can and cannot do: read only, SQL only when allowed and
then read-only, no injection, size and row limits, no path traversal, a token for SQL, no
CORS unless asked, escaped pages."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest
from typer.testing import CliRunner

from readout.store import Store
from readout.web import queries
from readout.web.api import SAFE_CONFIG
from test_web_api import build_store, summit

pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from readout.web.app import MAX_QUERY_BYTES, create_app  # noqa: E402

XSS = "<script>alert('owned')</script>"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = build_store(tmp_path_factory.mktemp("safety") / "safe.duckdb")
    with Store(path) as store:  # an article whose title and id try to inject markup
        store.write([dataclasses.replace(summit("evil\"'<id>"), title=XSS)])
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def sql_client(db):
    return TestClient(create_app(db, allow_sql=True, sql_timeout=2.0))


def counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True, config=SAFE_CONFIG) as store:
        return store.counts()


# ---------------------------------------------------------------- read-only by default


ROUTES = ["/api/overview", "/api/events", "/api/quotes", "/api/articles", "/api/articles/w1",
          "/api/timeline", "/api/dyads", "/api/countries", "/api/cameo", "/", "/events",
          "/quotes", "/articles", "/article/w1", "/dyad", "/static/app.css", "/api/sql"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_accepts_a_write_method(client, db, method):
    before = counts(db)
    for route in ROUTES:
        got = client.request(method, route, json={"sql": "DELETE FROM events"})
        assert got.status_code in (404, 405), (method, route, got.status_code)
    assert counts(db) == before


def test_every_route_in_the_api_description_is_a_get(client):
    spec = client.get("/openapi.json").json()
    methods = {m for path in spec["paths"].values() for m in path}
    assert methods == {"get"}


def test_the_server_connection_cannot_write_nor_touch_files(db):
    with Store(db, read_only=True, config=SAFE_CONFIG) as store:
        with pytest.raises(duckdb.Error):
            store.con.execute("DELETE FROM events")
        with pytest.raises(duckdb.Error):
            store.con.execute("SELECT * FROM read_csv('/etc/passwd')")
        with pytest.raises(duckdb.Error):
            store.con.execute("SET enable_external_access = true")


# ---------------------------------------------------------------- SQL only with --allow-sql


def test_sql_is_refused_unless_the_server_allows_it(client):
    got = client.get("/api/sql", params={"q": "SELECT count(*) FROM events"})
    assert got.status_code == 403
    assert "--allow-sql" in got.json()["detail"]


def test_allowed_sql_answers_a_select_with_columns_and_rows(sql_client):
    got = sql_client.get("/api/sql", params={"q": "SELECT root, count(*) AS n FROM events "
                                                  "GROUP BY 1 ORDER BY 1"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["columns"] == ["root", "n"]
    assert ["04", 3] in body["rows"] or any(r[0] == "04" for r in body["rows"])
    assert body["truncated"] is False


@pytest.mark.parametrize("statement", [
    "DELETE FROM events", "DROP TABLE articles", "INSERT INTO meta VALUES ('a', 'b')",
    "UPDATE articles SET title = 'x'", "CREATE TABLE x AS SELECT 1",
    "COPY events TO '/tmp/readout-stolen.csv'", "ATTACH '/tmp/readout-other.duckdb'",
    "INSTALL httpfs", "SET threads = 1", "PRAGMA enable_external_access = true",
    "SELECT 1; DELETE FROM events", "CALL pragma_table_info('events')",
])
def test_allowed_sql_is_still_read_only(sql_client, db, statement):
    before = counts(db)
    got = sql_client.get("/api/sql", params={"q": statement})
    assert got.status_code in (400, 403), (statement, got.status_code, got.text)
    assert counts(db) == before
    assert not Path("/tmp/readout-stolen.csv").exists()


def test_allowed_sql_cannot_read_files_of_the_server(sql_client):
    for q in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM '/etc/hostname'",
              "SELECT * FROM read_text('/etc/passwd')"):
        got = sql_client.get("/api/sql", params={"q": q})
        assert got.status_code == 400, (q, got.text)
        assert "root:" not in got.text


def test_allowed_sql_rows_are_capped_and_flagged(sql_client):
    got = sql_client.get("/api/sql", params={"q": "SELECT * FROM range(50000)", "limit": "100"})
    body = got.json()
    assert len(body["rows"]) == 100 and body["truncated"] is True
    full = sql_client.get("/api/sql", params={"q": "SELECT * FROM range(50000)"}).json()
    assert len(full["rows"]) == queries.MAX_SQL_ROWS and full["truncated"] is True
    assert sql_client.get("/api/sql", params={"q": "SELECT 1", "limit": "999999"}).status_code == 400


def test_a_query_too_long_to_run_is_stopped(sql_client):
    slow = ("SELECT count(*) FROM range(100000000) a, range(1000) b "
            "WHERE hash(a.range + b.range) % 7 = 3")
    got = sql_client.get("/api/sql", params={"q": slow})
    assert got.status_code == 400
    assert "stopped" in got.json()["detail"]


def test_a_comment_cannot_escape_the_row_limit(sql_client):
    got = sql_client.get("/api/sql", params={"q": "SELECT * FROM range(20000) -- no limit"})
    assert got.status_code == 200
    assert len(got.json()["rows"]) == queries.MAX_SQL_ROWS


def test_sql_with_a_token_needs_the_token(db):
    guarded = TestClient(create_app(db, allow_sql=True, token="s3cret-token"))
    q = {"q": "SELECT count(*) FROM articles"}
    assert guarded.get("/api/sql", params=q).status_code == 401
    wrong = guarded.get("/api/sql", params=q, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = guarded.get("/api/sql", params=q, headers={"Authorization": "Bearer s3cret-token"})
    assert right.status_code == 200 and right.json()["rows"][0][0] == 6


def test_serve_refuses_sql_on_a_public_address_without_a_token(db):
    from readout.cli import app

    got = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0", "--allow-sql"])
    assert got.exit_code == 2
    assert "--token" in got.output


# ---------------------------------------------------------------- injection


INJECTIONS = ["'; DROP TABLE events; --", "x' OR '1'='1", "\\'; SELECT 1; --", "$q",
              "CHN'--) OR (1=1", "\x00\u202eRUS"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_no_parameter_reaches_sql_as_code(client, db, value):
    before = counts(db)
    for route, name in [("/api/events", "q"), ("/api/events", "actor"), ("/api/events", "dyad"),
                        ("/api/events", "article"), ("/api/events", "cameo"),
                        ("/api/quotes", "q"), ("/api/quotes", "speaker"),
                        ("/api/articles", "q"), ("/api/timeline", "by"), ("/api/events", "sort")]:
        got = client.get(route, params={name: value})
        assert got.status_code in (200, 400), (route, name, value, got.status_code)
        if got.status_code == 200 and route.startswith("/api") and name in ("q", "article"):
            assert got.json()["total"] == 0, (route, name, value)
    got = client.get("/api/articles/" + quote(value, safe=""))
    assert got.status_code == 404
    assert counts(db) == before


def test_text_search_matches_sql_wildcards_literally_enough(client):
    # % and _ are LIKE wildcards inside the parameter, never SQL: still one store, no error
    assert client.get("/api/events", params={"q": "%"}).status_code == 200
    assert client.get("/api/events", params={"q": "_"}).status_code == 200


# ---------------------------------------------------------------- limits


def test_page_size_and_counts_are_bounded(client):
    assert client.get("/api/events", params={"size": "501"}).status_code == 400
    assert client.get("/api/events", params={"size": "0"}).status_code == 400
    assert client.get("/api/events", params={"page": "-1"}).status_code == 400
    assert client.get("/api/dyads", params={"n": "100000"}).status_code == 400
    far = client.get("/api/events", params={"page": str(10**9)})
    assert far.status_code == 200 and far.json()["rows"] == []


def test_downloads_stop_at_the_row_cap():
    assert queries.MAX_DOWNLOAD == 200_000


def test_an_oversized_query_string_is_refused(client):
    got = client.get("/api/events", params={"q": "x" * (MAX_QUERY_BYTES + 10)})
    assert got.status_code == 414


def test_an_oversized_body_is_refused_before_any_route(client):
    got = client.post("/api/events", content=b"x" * 200_000)
    assert got.status_code == 413


def test_a_long_sql_text_is_refused(sql_client):
    got = sql_client.get("/api/sql", params={"q": "SELECT 1" + " " * (queries.MAX_SQL_CHARS + 1)})
    assert got.status_code in (414, 422)


# ---------------------------------------------------------------- paths


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapi.py", "/static/%2e%2e%2fqueries.py",
    "/static/....//app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/..%5capp.py", "/static/../../store.py",
])
def test_static_files_do_not_leave_their_folder(client, path):
    got = client.get(path)
    assert got.status_code in (400, 404), (path, got.status_code)
    assert "def create_app" not in got.text and "root:" not in got.text


@pytest.mark.parametrize("ident", ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "w1%00", "w1%2F..%2Fw4"])
def test_article_ids_are_looked_up_never_opened(client, ident):
    for prefix in ("/api/articles/", "/article/"):
        got = client.get(prefix + ident)
        assert got.status_code == 404, (prefix + ident, got.status_code)
        assert "root:" not in got.text


# ---------------------------------------------------------------- browsers


def test_no_cors_headers_unless_asked(client, db):
    origin = {"Origin": "https://evil.example"}
    got = client.get("/api/events", headers=origin)
    assert got.status_code == 200
    assert "access-control-allow-origin" not in got.headers
    pre = client.options("/api/events", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers
    open_to = TestClient(create_app(db, cors_origins=["https://analyst.example"]))
    ok = open_to.get("/api/events", headers={"Origin": "https://analyst.example"})
    assert ok.headers["access-control-allow-origin"] == "https://analyst.example"
    other = open_to.get("/api/events", headers=origin)
    assert "access-control-allow-origin" not in other.headers


def test_pages_escape_stored_and_requested_markup(client):
    page = client.get("/articles")
    assert XSS not in page.text and "&lt;script&gt;alert(" in page.text
    got = client.get("/events", params={"q": XSS})
    assert got.status_code == 200 and XSS not in got.text
    article = client.get("/article/" + "evil%22'%3Cid%3E")
    assert article.status_code == 200 and XSS not in article.text


def test_responses_carry_security_headers(client):
    got = client.get("/")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["x-frame-options"] == "DENY"


def test_a_loopback_server_refuses_foreign_host_names(db):
    local = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]),
                       base_url="http://127.0.0.1")
    assert local.get("/api/overview").status_code == 200
    rebound = local.get("/api/overview", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400


def test_store_queries_take_hostile_values_as_data(db):
    hostile = "CHN'); DROP TABLE events; --"
    with Store(db, read_only=True, config=SAFE_CONFIG) as store:
        before = store.counts()
        assert len(store.events(dyad=f"{hostile}-RUS")) == 0
        assert len(store.events(actor=hostile, cameo=hostile, article=hostile)) == 0
        assert len(store.quotes(speaker=hostile, about=hostile)) == 0
        with pytest.raises(ValueError):
            store.timeline("CHN", "RUS", by="month'); DROP TABLE events; --")
        with pytest.raises(duckdb.Error):  # not a date: refused by DuckDB, as data
            store.events(since="2024-01-01' OR '1'='1")
        assert store.counts() == before

"""The store commands: ingest (idempotent), events, quotes, timeline, dyads, sql, export."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from readout.cli import app
from readout.store import Store
from test_store import visit_story

runner = CliRunner()


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.write(visit_story())
    return path


def test_ingest_reads_stores_and_skips_what_is_stored(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("readout.pipeline.load_pipeline", lambda *a, **k: nlp)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("Talks\n\nJapan's prime minister visited Seoul on Friday.\n")
    (corpus / "two.txt").write_text("Trade\n\nGermany and France signed a trade agreement.\n")
    db = tmp_path / "c.duckdb"
    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--published", "2024-02-02"])
    assert first.exit_code == 0, first.output
    assert "2 articles added" in first.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--published", "2024-02-02"])
    assert again.exit_code == 0 and "0 articles added" in again.output and "2 already stored" in again.output
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 2
        assert {str(d)[:10] for d in s.sql("SELECT published FROM articles")["published"]} == {"2024-02-02"}


def test_events_command_filters_and_prints_json(db):
    result = runner.invoke(app, ["events", "--db", str(db), "--dyad", "CHN-RUS", "--root", "04",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["cameo"] for r in rows] == ["042", "043"]
    assert rows[0]["event_uid"] == "a1:E1" and rows[0]["num_articles"] == 2


def test_events_command_one_a_day_and_csv(db):
    result = runner.invoke(app, ["events", "--db", str(db), "--quad", "4", "--format", "csv"])
    assert result.exit_code == 0 and "a1:E2" in result.output and ",190," in result.output
    daily = runner.invoke(app, ["events", "--db", str(db), "--one-a-day", "--format", "json"])
    assert len(json.loads(daily.output)) == 4


def test_quotes_command(db):
    result = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Xi", "--format", "json"])
    assert result.exit_code == 0
    assert [q["content"] for q in json.loads(result.output)] == ["Our friendship is strong"]


def test_timeline_command_and_plot(db, tmp_path):
    png = tmp_path / "t.png"
    result = runner.invoke(app, ["timeline", "CHN", "RUS", "--by", "month", "--db", str(db),
                                 "--format", "csv", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("period,events,quad1") and len(lines) == 4
    assert png.read_bytes()[:4] == b"\x89PNG"
    bad = runner.invoke(app, ["timeline", "CHN", "RUS", "--by", "fortnight", "--db", str(db)])
    assert bad.exit_code == 2


def test_dyads_command_lists_top_dyads(db):
    result = runner.invoke(app, ["dyads", "--db", str(db), "--format", "json"])
    rows = json.loads(result.output)
    assert (rows[0]["side_a"], rows[0]["side_b"], rows[0]["events"]) == ("CHN", "RUS", 3)


def test_sql_command_is_read_only(db):
    ok = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM clusters", "--db", str(db), "--format", "json"])
    assert json.loads(ok.output) == [{"n": 3}]
    refused = runner.invoke(app, ["sql", "DELETE FROM events", "--db", str(db)])
    assert refused.exit_code == 2
    with Store(db, read_only=True) as s:
        assert s.counts()["events"] == 4


def test_export_command_writes_gdelt(db, tmp_path):
    out = tmp_path / "g.tsv"
    result = runner.invoke(app, ["export", "--format", "gdelt", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert all(len(line.split("\t")) == 61 for line in out.read_text().splitlines())


def test_commands_on_a_missing_store_fail_cleanly(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store" in result.output

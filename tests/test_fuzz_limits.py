"""Limits for pathological input and the pipeline's guard around each stage: --max-bytes
cuts an article with a warning, a per-article time budget stops a runaway stage (even one
that swallows exceptions), a stage that raises leaves a warning, and the batch goes on."""
from __future__ import annotations

import json
import threading
import time

import pytest
from typer.testing import CliRunner

from readout import pipeline as pipeline_module
from readout.limits import LIMIT_PREFIX, TimeBudget, TimeBudgetExceeded, cut_bytes
from readout.model import Article, to_dict
from readout.pipeline import Pipeline
from readout.schema import validate_record
from readout.settings import Settings

STORY = "Freedonia signed a trade pact with Ruritania in Geneva on Monday. "


def limit_warnings(record) -> list[str]:
    return [w for w in record.warnings if w.startswith(LIMIT_PREFIX)]


def test_cut_bytes_keeps_whole_characters_and_says_so():
    article = Article(text="\u00e9\u4e2d\U0001f600" * 1000)  # 2 + 3 + 4 bytes each round
    cut = cut_bytes(article, 1000)
    assert len(cut.text.encode("utf-8")) <= 1000
    assert article.text.startswith(cut.text) and "\ufffd" not in cut.text
    assert cut.warnings == [f"{LIMIT_PREFIX}text is 9,000 bytes, over the limit of 1,000 "
                            "(--max-bytes); only its first 1,000 bytes are read"]
    assert cut_bytes(Article(text="short"), 1000) == Article(text="short")


def test_an_article_over_max_bytes_is_read_cut_and_the_batch_goes_on(nlp):
    pipe = Pipeline(Settings(max_bytes=2000), nlp=nlp)
    big = STORY * 200
    html = Article(id="page", html="<html><body><p>" + STORY * 200 + "</p></body></html>")
    first, second, third = pipe.read_many([big, html, STORY])
    assert len(first.text.encode()) <= 2000 and first.events
    assert "text is 13,200 bytes" in limit_warnings(first)[0]
    assert "html is" in limit_warnings(second)[0] and second.text
    assert limit_warnings(third) == [] and third.events
    for record in (first, second, third):
        assert validate_record(to_dict(record)) == []


def test_readout_read_max_bytes_warns_on_stderr_and_exits_zero(tmp_path):
    from readout.cli import app

    story = tmp_path / "long.txt"
    story.write_text("Pact signed\n\n" + STORY * 100)
    got = CliRunner().invoke(app, ["read", str(story), "--max-bytes", "500", "--quiet"])
    assert got.exit_code == 0, got.output
    assert "over the limit of 500 (--max-bytes)" in got.output
    record = json.loads(got.stdout.strip().splitlines()[-1])
    assert len(record["text"].encode()) <= 500


def runaway(swallow: bool):
    """A stage that never ends on texts with LOOP (optionally swallowing every Exception)."""
    def stage(inp):
        if "LOOP" not in inp.doc.text:
            return []
        while True:
            try:
                sum(range(1000))
            except Exception:  # noqa: BLE001 - the point: even this cannot hold the budget
                if not swallow:
                    raise
    return stage


@pytest.mark.parametrize("swallow", [False, True])
def test_a_runaway_stage_is_stopped_at_the_time_budget(nlp, monkeypatch, swallow):
    monkeypatch.setitem(pipeline_module.STAGES, "quotes", runaway(swallow))
    pipe = Pipeline(Settings(time_budget=1.0), nlp=nlp)
    stuck, fine = pipe.read_many(["LOOP " + STORY, STORY])
    (warning,) = limit_warnings(stuck)
    assert "time budget of 1 s (--time-budget) in stage quotes" in warning
    assert stuck.actors and stuck.timexes  # stages before it kept their output
    assert stuck.quotes == [] and stuck.quantities == [] and stuck.events == []
    assert limit_warnings(fine) == [] and fine.events  # the next article has its own budget
    assert validate_record(to_dict(stuck)) == []


def test_outside_the_main_thread_the_budget_is_checked_between_stages(nlp, monkeypatch):
    def slow(inp):
        time.sleep(1.2)
        return []

    monkeypatch.setitem(pipeline_module.STAGES, "timexes", slow)
    pipe = Pipeline(Settings(time_budget=0.5), nlp=nlp)
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(pipe.read_many([STORY])))
    worker.start()
    worker.join(60)
    (record,) = out
    (warning,) = limit_warnings(record)
    assert "in stage quotes" in warning and record.actors and record.events == []


def test_the_budget_leaves_no_timer_behind():
    import signal

    budget = TimeBudget(5)
    with budget.enforce():
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    with pytest.raises(TimeBudgetExceeded):
        with TimeBudget(0.2).enforce():
            time.sleep(5)
    assert not TimeBudget(0).spent()  # 0: no limit


def test_a_stage_that_raises_leaves_a_warning_and_the_rest_of_the_record(nlp, monkeypatch):
    def broken(inp):
        raise RuntimeError("boom")

    monkeypatch.setitem(pipeline_module.STAGES, "quantities", broken)
    pipe = Pipeline(Settings(), nlp=nlp)
    first, second = pipe.read_many([STORY + "Trade rose 40% last year.", STORY])
    assert "stage quantities failed: RuntimeError: boom" in first.warnings
    assert first.quantities == [] and first.actors and first.events and first.timexes
    assert second.events and validate_record(to_dict(first)) == []

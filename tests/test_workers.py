"""`readout read --workers N` and `--stages`: a process pool gives the records of one process."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from readout.cli import app
from readout.model import Article, dump_json, to_dict
from readout.settings import ALL_STAGES, Settings, parse_stages
from readout.workers import encode_json, read_lines, read_parallel

runner = CliRunner()

STORIES = [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday. "
    "The two leaders agreed to raise defence spending by 2 percent next year.",
    {"id": "given-7", "text": "Brazil's foreign minister said on Friday that talks with "
                              "Argentina on a trade deal would resume in March."},
    "   ",
    "Police in Lagos arrested 14 protesters on Saturday, a spokesman said.",
    Article(text="Japan and South Korea held talks in Seoul last week.", published="2024-04-02",
            title="Seoul talks"),
]


@pytest.mark.slow
def test_two_workers_give_the_same_records_in_the_same_order_as_one_process(pipeline):
    expected = list(pipeline.read_many(STORIES))
    # chunks of one article: consecutive articles go to different workers
    got = list(read_parallel(STORIES, pipeline.settings, workers=2, chunk_size=1))
    assert [r.id for r in got] == [r.id for r in expected]
    assert got == expected
    assert got[1].id == "given-7" and got[4].title == "Seoul talks"
    assert any("empty article" in w for w in got[2].warnings)


def test_read_lines_in_one_process_gives_json_lines_with_ids_and_warnings(pipeline):
    lines = list(read_lines(STORIES[:3], pipeline.settings, workers=1))
    assert [line.id for line in lines][1] == "given-7"
    assert json.loads(lines[0].json) == to_dict(next(pipeline.read_many(STORIES[:1])))
    assert lines[2].warnings and "\n" not in lines[0].json
    record = next(pipeline.read_many([Article(id="z", text="Der Außenminister traf Wang Yi.")]))
    line = encode_json(record).json
    assert json.loads(line) == to_dict(record)
    assert "Außenminister" in line  # UTF-8 kept, not \u-escaped


def test_a_record_orjson_refuses_is_written_by_json_instead():
    record = Article(id="big", text="x", warnings=[str(2**70)])
    assert json.loads(dump_json(record))["warnings"] == [str(2**70)]
    assert json.loads(dump_json({"n": 2**70})) == {"n": 2**70}  # past 64 bits


def test_zero_workers_is_refused():
    with pytest.raises(ValueError):
        next(read_parallel(["Some text."], Settings(), workers=0))


def test_stages_are_parsed_in_pipeline_order_and_unknown_names_refused():
    assert parse_stages("events, actors") == ("actors", "events")
    assert parse_stages("") == ()
    assert parse_stages(",".join(ALL_STAGES)) == ALL_STAGES
    with pytest.raises(ValueError, match="unknown stages"):
        parse_stages("actors,verbs")


def test_cli_stages_flag_skips_the_other_stages(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("The ministers met in Rome on 3 May 2023 and pledged $5 billion in aid.\n",
                    encoding="utf-8")
    full = runner.invoke(app, ["read", str(path), "-q"])
    only = runner.invoke(app, ["read", str(path), "-q", "--stages", "timexes"])
    assert full.exit_code == 0 and only.exit_code == 0, only.output
    full_rec, only_rec = json.loads(full.stdout), json.loads(only.stdout)
    assert only_rec["timexes"] == full_rec["timexes"] and only_rec["timexes"]
    assert only_rec["quantities"] == [] and only_rec["events"] == [] and only_rec["actors"] == []
    assert full_rec["quantities"]


def test_cli_refuses_an_unknown_stage_and_a_zero_worker_count(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Officials met in Paris.\n", encoding="utf-8")
    bad = runner.invoke(app, ["read", str(path), "--stages", "actors,sentiment"])
    assert bad.exit_code == 2 and "sentiment" in bad.output
    assert runner.invoke(app, ["read", str(path), "--workers", "0"]).exit_code == 2


@pytest.mark.slow
def test_cli_with_two_workers_writes_what_one_process_writes(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"s{i}", "text": text}) + "\n" for i, text in
                              enumerate(s for s in STORIES if isinstance(s, str) and s.strip())),
                      encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = runner.invoke(app, ["read", str(corpus), "-q", "-o", str(one)])
    r2 = runner.invoke(app, ["read", str(corpus), "-q", "-o", str(two), "--workers", "2"])
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
    assert [json.loads(x)["id"] for x in two.read_text().splitlines()] == ["s0", "s1"]

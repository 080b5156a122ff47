"""The pipeline on a Dask cluster: partitions, Parquet files, a manifest, the same records."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from readout import scale
from readout.cli import app
from readout.settings import Settings

runner = CliRunner()

TEXTS = [
    "Turkish President Recep Tayyip Erdogan met Iranian President Ebrahim Raisi in Ankara on "
    "Wednesday, and the two sides agreed to raise trade to $30 billion.",
    "Indian troops fired on protesters in Kashmir on Sunday, police said.",
    "Canada's prime minister praised Mexico's efforts on migration during a visit on Tuesday.",
    "The European Union imposed new sanctions on Belarus on 4 March 2022.",
    "Egypt hosted talks between Israeli and Palestinian officials in Cairo last week.",
]
OTHER = "Chile recalled its ambassador to Venezuela on Thursday after a dispute over migrants."


def write_corpus(tmp_path):
    """A JSONL file of five stories plus a copy of the first one, and two text files."""
    rows = [{"id": f"n{i}", "text": t, "published": "2023-06-0%d" % (i + 1)}
            for i, t in enumerate(TEXTS)]
    rows.append({"id": "copy", "text": TEXTS[0], "published": "2023-06-09"})
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (corpus / "b.txt").write_text("Kenya and Uganda sign a pipeline deal\n\nKenyan and Ugandan "
                                  "ministers signed an oil pipeline deal in Kampala on Monday.\n",
                                  encoding="utf-8")
    (corpus / "c.txt").write_text(OTHER + "\n", encoding="utf-8")
    return corpus


def test_partitions_shard_jsonl_by_lines_and_group_small_files(tmp_path):
    corpus = write_corpus(tmp_path)
    (corpus / "d.warc.gz").write_bytes(b"")
    parts = scale.plan_partitions([str(corpus)], lines_per_partition=4, files_per_partition=2)
    assert [p.index for p in parts] == list(range(len(parts)))
    shards = [p.shard for p in parts if p.shard]
    assert [(s[0]) for s in shards] == [0, 4]  # first line of each shard
    assert shards[0][2] == shards[1][1]  # byte ranges meet
    assert [p.paths for p in parts if not p.shard] == [
        (str(corpus / "b.txt"), str(corpus / "c.txt")), (str(corpus / "d.warc.gz"),)]


def test_a_bad_line_in_a_later_shard_is_reported_with_its_line_in_the_file(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n'
                    'not json\n{"id": "c", "text": "Three."}\n', encoding="utf-8")
    first, second = scale.plan_partitions([str(path)], lines_per_partition=2)
    items = list(scale.partition_items(second))
    assert any(str(i).startswith(f"{path}:3: not JSON") for i in items)
    assert [i.id for i in items if hasattr(i, "id")] == ["c"]
    assert [i.id for i in scale.partition_items(first)] == ["a", "b"]


def test_one_partition_is_written_as_parquet_with_one_row_per_article(tmp_path, nlp):
    corpus = write_corpus(tmp_path)
    (part,) = scale.plan_partitions([str(corpus / "c.txt")])
    summary = scale.read_partition(part, Settings(), str(tmp_path))
    table = pq.read_table(tmp_path / part.file)
    assert summary["articles"] == 1 == table.num_rows and summary["failures"] == []
    record = json.loads(table.column("record")[0].as_py())
    assert record["schema"] == "readout/1" and record["text"] == OTHER
    assert table.column("n_events")[0].as_py() == len(record["events"])


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_records_of_readout_read(tmp_path, nlp):
    corpus = write_corpus(tmp_path)
    single = runner.invoke(app, ["read", str(corpus), "-q", "-o", str(tmp_path / "one.jsonl")])
    assert single.exit_code == 0, single.output
    expected = [json.loads(line) for line in (tmp_path / "one.jsonl").open()]

    # threads in this process share the session's spaCy pipeline: no model load per worker
    client = scale.connect("local", workers=2, processes=False)
    seen = []
    try:
        manifest = scale.run_partitions([str(corpus)], tmp_path / "run", dask=client,
                                        lines_per_partition=2, files_per_partition=1,
                                        on_partition=seen.append)
    finally:
        client.close()
        client.cluster.close()
    assert len(manifest["partitions"]) == 5 == len(seen)
    assert manifest["articles"] == len(expected) == 8
    assert manifest["duplicates"] == {"copy": "n0"}  # the copy sits in another partition
    got = list(scale.iter_records(tmp_path / "run"))
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    assert got == expected
    assert next(r for r in got if r["id"] == "copy")["duplicate_of"] == "n0"
    assert [r.id for r in scale.read_records(tmp_path / "run" / "manifest.json")][:2] == ["n0", "n1"]


def test_a_file_that_is_not_a_manifest_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a readout partition manifest"):
        scale.load_manifest(tmp_path)

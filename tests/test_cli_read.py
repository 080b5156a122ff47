"""`readout read` and `readout summary` from the command line."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from readout.cli import app
from readout.schema import validate_record

runner = CliRunner()

ARTICLE = """Kenya and Tanzania agree on border trade

NAIROBI: Kenyan President William Ruto hosted Tanzanian President Samia Suluhu Hassan on Tuesday.

The two leaders signed an agreement to cut tariffs on cross-border trade.
"""


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_read_a_text_file_gives_one_valid_record_with_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["read", str(path), "--published", "2024-03-05"])
    assert result.exit_code == 0, result.output
    (record,) = lines(result.stdout)
    assert record["title"] == "Kenya and Tanzania agree on border trade"
    assert record["published"] == "2024-03-05"
    assert record["text"].startswith("NAIROBI") and "\n\n" in record["text"]
    assert record["sentences"] and record["entities"]
    assert validate_record(record) == []


def test_read_jsonl_carries_ids_and_metadata_and_writes_a_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(o) for o in [
        {"id": "a-1", "text": "Police arrested ten protesters in Lima.", "published": "2023-07-01",
         "url": "https://example.org/a", "extra": [1, 2]},
        {"id": 42, "text": "The minister resigned.", "title": "Resignation"},
    ]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["read", "--input-format", "jsonl", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first, second = lines(out.read_text(encoding="utf-8"))
    assert first["id"] == "a-1" and first["url"] == "https://example.org/a"
    assert first["published"] == "2023-07-01"
    assert second["id"] == "42" and second["title"] == "Resignation"


def test_stdin_is_read_with_dash():
    result = runner.invoke(app, ["read", "-"], input="Rebels attacked a convoy near Goma.")
    assert result.exit_code == 0
    (record,) = lines(result.stdout)
    assert record["text"] == "Rebels attacked a convoy near Goma."


def test_bad_inputs_warn_name_the_input_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Troops withdrew from the border.", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text('{"id": "ok", "text": "Fine."}\n{not json\n', encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["read", str(missing), str(binary), str(good), str(empty),
                                 str(bad_json)])
    assert result.exit_code == 1
    texts = [r["text"] for r in lines(result.stdout)]
    assert "Troops withdrew from the border." in texts and "Fine." in texts
    err = result.stderr
    assert "missing.txt" in err and "cannot read" in err
    assert "blob.txt" in err and "binary" in err
    assert "bad.jsonl:2" in err and "not JSON" in err
    assert "empty.txt" in err and "empty article" in err


def test_cp1252_text_is_decoded_with_a_warning_in_the_record(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes("The minister\u2019s visit to S\u00e3o Paulo.".encode("cp1252"))
    result = runner.invoke(app, ["read", str(path)])
    assert result.exit_code == 0
    (record,) = lines(result.stdout)
    assert "S\u00e3o Paulo" in record["text"]
    assert any("cp1252" in w for w in record["warnings"])


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["read", "x.txt", "--published", "24/05/2023"]).exit_code == 2
    assert runner.invoke(app, ["read", "x.txt", "--input-format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["read"]).exit_code == 2


def test_summary_prints_counts(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("Officials met in Paris.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["read", str(path), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["summary", str(out)])
    assert result.exit_code == 0
    assert "articles" in result.stdout and "quad 4" in result.stdout


def test_a_lone_surrogate_in_jsonl_becomes_a_replacement_character_and_the_batch_goes_on(tmp_path):
    # "\ud83d" without its partner is legal JSON but no character: nothing can encode it
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "bad", "title": "Talks \\ud83d", "text": "Freedonia signed a pact '
                   'with Ruritania \\udc00 on Monday."}\n'
                   '{"id": "good", "text": "Ruritania thanked Freedonia."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["read", "--input-format", "jsonl", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["bad", "good"]
    assert records[0]["title"] == "Talks \ufffd"
    assert "Ruritania \ufffd on Monday" in records[0]["text"]
    assert records[0]["warnings"] == ["2 lone UTF-16 surrogate(s) replaced by U+FFFD (not valid Unicode)"]
    assert records[1]["warnings"] == []


def test_the_python_api_replaces_lone_surrogates_too(read):
    record = read("Freedonia signed a pact with Ruritania \ud800 on Monday.")
    assert "\ud800" not in record.text and "\ufffd" in record.text
    assert any("surrogate" in w for w in record.warnings)

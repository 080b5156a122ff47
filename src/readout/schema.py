"""The readout/1 JSON Schema shipped with the package, and record validation."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of a readout/1 record."""
    text = resources.files("readout").joinpath("data/readout.schema.json").read_text("utf-8")
    return json.loads(text)


def _spans(record: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    out: list[tuple[str, Any, Any]] = []
    out += [("sentences", s[0], s[1]) for s in record.get("sentences", [])]
    for key in ("entities", "timexes", "quantities"):
        out += [(key, x["start"], x["end"]) for x in record.get(key, [])]
    for actor in record.get("actors", []):
        out += [("actors.mentions", m[0], m[1]) for m in actor["mentions"]]
    for event in record.get("events", []):
        out.append(("events.evidence", event["evidence"][0], event["evidence"][1]))
        out.append(("events.trigger", event["trigger"]["start"], event["trigger"]["end"]))
    for quote in record.get("quotes", []):
        out.append(("quotes.content", quote["content"]["start"], quote["content"]["end"]))
        for key in ("speaker", "cue"):
            part = quote.get(key) or {}
            if part.get("start") is not None:
                out.append((f"quotes.{key}", part["start"], part["end"]))
    return out


def validate_record(record: dict[str, Any]) -> list[str]:
    """Problems with ``record`` (schema violations, offsets outside the text); [] if valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(record_schema())
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '<record>'}: {e.message}"
        for e in validator.iter_errors(record)
    ]
    if problems:
        return problems
    n = len(record["text"])
    for where, start, end in _spans(record):
        if not (0 <= start <= end <= n):
            problems.append(f"{where}: span [{start}, {end}) outside the text (length {n})")
    return problems

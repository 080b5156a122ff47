"""Records → Arrow tables, one per store table, for a batch of articles.

The store writes a batch of articles with one bulk ``INSERT … SELECT`` per table from
these tables (DuckDB scans Arrow without copying), so the per-event work in Python is one
pass that appends plain values to column lists. ``batch_tables`` takes readout/1 records
in their JSON form with their content hashes.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Callable, Optional
from urllib.parse import urlparse

import pyarrow as pa

from readout.analysis import actor_country
from readout.model import dump_json

S, I, F, B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
TYPES: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [("article_id", S), ("content_hash", S), ("url", S), ("title", S),
                 ("published", pa.date32()), ("source", S), ("agency", S), ("dateline", S),
                 ("language", S), ("duplicate_of", S), ("outlet", S), ("n_events", I),
                 ("n_quotes", I), ("warnings", pa.list_(S)), ("ingested_at", pa.timestamp("us")),
                 ("record", S)],
    "actors": [("article_id", S), ("actor_id", S), ("name", S), ("code", S), ("country", S),
               ("sector", S), ("kind", S), ("role", S), ("rule", S), ("mentions", I)],
    "events": [("event_uid", S), ("article_id", S), ("event_id", S), ("sentence", I),
               ("date", pa.date32()), ("date_text", S), ("source_code", S),
               ("source_country", S), ("source_name", S), ("source_text", S),
               ("target_code", S), ("target_country", S), ("target_name", S), ("target_text", S),
               ("cameo", S), ("root", S), ("quad_class", pa.int8()), ("goldstein", F),
               ("plover", S), ("plover_mode", S), ("trigger", S), ("evidence_start", I),
               ("evidence_end", I), ("evidence", S), ("location_name", S),
               ("location_country", S), ("negated", B), ("modality", S), ("confidence", F),
               ("rule", S), ("in_lead", B)],
    "quotes": [("quote_uid", S), ("article_id", S), ("quote_id", S), ("kind", S),
               ("speaker_code", S), ("speaker_name", S), ("speaker_text", S), ("cue", S),
               ("content", S), ("content_start", I), ("content_end", I), ("addressee_code", S),
               ("addressee_text", S), ("sentence", I), ("rule", S)],
    "quantities": [("article_id", S), ("idx", I), ("text", S), ("value", F), ("unit", S),
                   ("kind", S), ("change", S), ("metric", S), ("subjects", pa.list_(S)),
                   ("period", S), ("qualifier", S), ("source_code", S), ("source_text", S),
                   ("start_char", I), ("end_char", I)],
    "timexes": [("article_id", S), ("idx", I), ("text", S), ("type", S), ("value", S),
                ("start_char", I), ("end_char", I), ("rule", S)],
}
TABLES = tuple(TYPES)


@lru_cache(maxsize=8192)
def parse_date(value: Optional[str]) -> Optional[dt.date]:
    """The date an ISO value starts with (``2023-05-24``, ``2023-05-24T10:00``), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def outlet(rec: dict) -> str:
    """Who published the article, for counting distinct sources."""
    if rec.get("source"):
        return str(rec["source"]).strip().lower()
    if rec.get("url"):
        host = urlparse(str(rec["url"])).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return str(rec.get("agency") or rec.get("id") or "").lower()


def lead_end(rec: dict) -> int:
    """Where the lead paragraph ends (the first blank line, else the second sentence)."""
    text = rec.get("text") or ""
    cut = text.find("\n\n")
    if cut >= 0:
        return cut
    sentences = rec.get("sentences") or []
    try:
        return int(sentences[min(1, len(sentences) - 1)][1]) if sentences else len(text)
    except (TypeError, ValueError, IndexError):
        return len(text)


def _d(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> Optional[str]:
    return None if value is None else str(value)


class Columns:
    """The rows of one table, added as tuples and turned into Arrow columns at the end."""

    def __init__(self, table: str):
        self.names = [n for n, _ in TYPES[table]]
        self.types = [t for _, t in TYPES[table]]
        self.rows: list[tuple] = []
        self.append: Callable[[tuple], None] = self.rows.append

    def __len__(self) -> int:
        return len(self.rows)

    def table(self) -> pa.Table:
        kind = pa.struct([pa.field(n, t) for n, t in zip(self.names, self.types)])
        try:  # the rows as one struct array, converted in C++, split into columns
            return pa.Table.from_arrays(pa.array(self.rows, type=kind).flatten(), names=self.names)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            rows = self.rows  # a value of the wrong type somewhere: column by column
            return pa.Table.from_arrays([_array([r[i] for r in rows], t)
                                         for i, t in enumerate(self.types)], names=self.names)


def _array(values: list, typ: pa.DataType) -> pa.Array:
    """``values`` as an Arrow array of ``typ``; values of another type are converted or
    dropped (a record with a number where text belongs still stores)."""
    try:
        return pa.array(values, type=typ)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return pa.array([_coerce(v, typ) for v in values], type=typ)


def _coerce(value: Any, typ: pa.DataType) -> Any:
    if value is None:
        return None
    try:
        if pa.types.is_string(typ):
            return value if isinstance(value, str) else json.dumps(value, default=str)
        if pa.types.is_integer(typ):
            number, bound = int(value), 2 ** (typ.bit_width - 1)
            return number if -bound <= number < bound else None
        if pa.types.is_floating(typ):
            return float(value)
        if pa.types.is_boolean(typ):
            return bool(value)
        if pa.types.is_list(typ):
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else None
        if pa.types.is_date(typ):
            return value if isinstance(value, dt.date) else parse_date(str(value))
    except (TypeError, ValueError, OverflowError):
        return None
    return value


def _ref(ref: Any, actors: dict[str, dict]) -> tuple:
    """(code, country, name, text) of an actor reference."""
    if not isinstance(ref, dict):
        return None, None, None, None
    code, actor = ref.get("code"), actors.get(ref.get("actor") or "") or {}
    country = actor_country(code, actor.get("country"))
    return code, country, actor.get("name") or ref.get("text"), ref.get("text")


def _add_events(out: Columns, rec: dict, aid: str, actors: dict[str, dict]) -> None:
    text = rec.get("text") or ""
    lead, published = lead_end(rec), parse_date(rec.get("published"))
    for ev in rec.get("events") or []:
        if not isinstance(ev, dict):
            continue
        evidence = ev.get("evidence")
        start, end = (evidence[0], evidence[1]) if isinstance(evidence, list) \
            and len(evidence) > 1 else (None, None)
        spans = isinstance(start, int) and isinstance(end, int)
        cameo = _str(ev.get("cameo"))
        root = ev.get("root") or (cameo[:2] if cameo else None)
        loc = _d(ev.get("location"))
        out.append((
            f"{aid}:{ev.get('id')}", aid, ev.get("id"), ev.get("sentence"),
            parse_date(ev.get("date")) or published, ev.get("date"),
            *_ref(ev.get("source"), actors), *_ref(ev.get("target"), actors),
            cameo, _str(root), ev.get("quad_class"), ev.get("goldstein"),
            ev.get("plover"), ev.get("plover_mode"), _d(ev.get("trigger")).get("text"),
            start, end, text[start:end] if spans else None, loc.get("name"),
            loc.get("country"), bool(ev.get("negated")), ev.get("modality"),
            ev.get("confidence"), ev.get("rule"), spans and start < lead))


def _add_quotes(out: Columns, rec: dict, aid: str, actors: dict[str, dict]) -> None:
    for q in rec.get("quotes") or []:
        if not isinstance(q, dict):
            continue
        code, _, name, text = _ref(q.get("speaker"), actors)
        content = _d(q.get("content"))
        add_code, _, _, add_text = _ref(q.get("addressee"), actors)
        out.append((
            f"{aid}:{q.get('id')}", aid, q.get("id"), q.get("kind"), code, name, text,
            _d(q.get("cue")).get("text"), content.get("text"), content.get("start"),
            content.get("end"), add_code, add_text, q.get("sentence"), q.get("rule")))


def _add_parts(tables: dict[str, Columns], rec: dict, aid: str) -> dict[str, dict]:
    """Actors, quantities and timexes of one record; returns actor id → actor."""
    actors = {a["id"]: a for a in rec.get("actors") or [] if isinstance(a, dict) and a.get("id")}
    for a in actors.values():
        mentions = a.get("mentions")
        tables["actors"].append((
            aid, a["id"], a.get("name"), a.get("code"),
            actor_country(a.get("code"), a.get("country")), a.get("sector"), a.get("kind"),
            a.get("role"), a.get("rule"), len(mentions) if isinstance(mentions, list) else 0))
    for i, q in enumerate(rec.get("quantities") or []):
        if isinstance(q, dict):
            src = _d(q.get("source"))
            tables["quantities"].append((
                aid, i, q.get("text"), q.get("value"), q.get("unit"), q.get("kind"),
                q.get("change"), q.get("metric"), q.get("subjects") or [], q.get("period"),
                q.get("qualifier"), src.get("code"), src.get("text"), q.get("start"),
                q.get("end")))
    for i, t in enumerate(rec.get("timexes") or []):
        if isinstance(t, dict):
            tables["timexes"].append((aid, i, t.get("text"), t.get("type"), t.get("value"),
                                      t.get("start"), t.get("end"), t.get("rule")))
    return actors


def batch_tables(records: list[tuple[dict, str]], now: dt.datetime) -> dict[str, pa.Table]:
    """An Arrow table per store table for ``(record, content hash)`` pairs."""
    tables = {name: Columns(name) for name in TABLES}
    for rec, chash in records:
        aid = str(rec["id"])
        tables["articles"].append((
            aid, chash, rec.get("url"), rec.get("title"), parse_date(rec.get("published")),
            rec.get("source"), rec.get("agency"), rec.get("dateline"), rec.get("language"),
            rec.get("duplicate_of"), outlet(rec), len(rec.get("events") or []),
            len(rec.get("quotes") or []), rec.get("warnings") or [], now, dump_json(rec)))
        actors = _add_parts(tables, rec, aid)
        _add_events(tables["events"], rec, aid, actors)
        _add_quotes(tables["quotes"], rec, aid, actors)
    return {name: cols.table() for name, cols in tables.items()}


__all__ = ["TABLES", "TYPES", "batch_tables", "dump_json", "lead_end", "outlet", "parse_date"]

"""The readout/1 record: frozen, keyword-only dataclasses and their JSON form.

Every span is a half-open ``[start, end)`` range of Python string indices into
``Readout.text`` (the cleaned article body). ``to_dict``/``from_dict`` give the JSON
form described in DESIGN.md; ``from_dict(to_dict(x)) == x`` for every record.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Optional, TypeVar, Union

import orjson

SCHEMA = "readout/1"

T = TypeVar("T")
_UNSET = object()  # a field with a default factory was not given


@typing.dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True, kw_only=True)``, with an ``__init__`` twice as quick.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__``
    (its ``__setattr__`` refuses); the stages make records by the hundred per article, and
    writing the new instance's ``__dict__`` takes half the time. Everything else (fields,
    defaults, equality, hashing, ``dataclasses.replace``, the refusal to change a field)
    is the dataclass's own."""
    cls = dataclass(frozen=True, kw_only=True)(cls)
    if hasattr(cls, "__post_init__") or not all(f.init for f in dataclasses.fields(cls)):
        raise TypeError(f"{cls.__name__}: a record sets every field in __init__ and nothing more")
    namespace: dict[str, Any] = {"_UNSET": _UNSET}
    params, body = [], []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            body.append(f"d[{f.name!r}] = {f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_UNSET")
            body.append(f"d[{f.name!r}] = _factory_{f.name}() if {f.name} is _UNSET else {f.name}")
        else:
            params.append(f.name)
            body.append(f"d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, *, {', '.join(params)}):\n    d = self.__dict__\n    " + "\n    ".join(body)
    exec(source, namespace)  # the same code dataclass writes, with a dict store per field
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


@record
class Span:
    """A stretch of the article text."""

    text: str
    start: int
    end: int


@record
class Entity:
    """A named entity as spaCy labelled it (PERSON, ORG, GPE, ...)."""

    text: str
    label: str
    start: int
    end: int


@record
class Actor:
    """A person, organisation, place or group, resolved to a CAMEO actor code."""

    id: str
    name: str
    code: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    kind: Optional[str] = None  # person | organisation | place | group | country
    role: Optional[str] = None
    mentions: list[list[int]] = field(default_factory=list)
    rule: Optional[str] = None  # how the code was found: kb, title, user, agent, ...


@record
class ActorRef:
    """An actor as it takes part in an event, quote or claim."""

    actor: Optional[str] = None  # Actor.id, when the mention resolved to one
    code: Optional[str] = None
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


@record
class Place:
    name: str
    country: Optional[str] = None


@record
class Event:
    """Who did what to whom, coded in CAMEO and PLOVER, with its evidence."""

    id: str
    sentence: int
    source: ActorRef
    target: ActorRef
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Optional[str] = None
    plover_mode: Optional[str] = None
    trigger: Span
    evidence: list[int]
    date: Optional[str] = None
    location: Optional[Place] = None
    negated: bool = False
    modality: str = "asserted"  # asserted | future | hypothetical | ...
    confidence: float = 0.5
    rule: str


@record
class QuoteContent:
    text: str
    start: int
    end: int
    segments: Optional[list[list[int]]] = None  # for quotes split by a cue


@record
class Quote:
    """A direct or indirect quotation with its speaker, cue and addressee."""

    id: str
    kind: str  # direct | indirect | mixed
    speaker: Optional[ActorRef] = None
    cue: Optional[Span] = None
    content: QuoteContent
    addressee: Optional[ActorRef] = None
    sentence: Optional[int] = None
    rule: Optional[str] = None


@record
class Timex:
    """A time expression normalized to a TIMEX3 value."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: Optional[str] = None
    rule: Optional[str] = None


@record
class Quantity:
    """A number with its unit, and the claim around it."""

    text: str
    start: int
    end: int
    value: Optional[float] = None
    unit: Optional[str] = None
    kind: Optional[str] = None  # money | percent | count | measure | ...
    change: Optional[str] = None  # increase | decrease | None
    metric: Optional[str] = None
    subjects: list[str] = field(default_factory=list)
    period: Optional[str] = None
    qualifier: Optional[str] = None
    source: Optional[ActorRef] = None
    range: Optional[list[float]] = None


@record
class Article:
    """One article as a source yields it, before any NLP."""

    id: Optional[str] = None
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    agency: Optional[str] = None
    dateline: Optional[str] = None
    language: Optional[str] = None
    author: Optional[str] = None
    origin: Optional[str] = None  # where it came from: "file.jsonl:12", for messages
    duplicate_of: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    extracted: bool = False  # set by extract_article; extracting again changes nothing


@record
class Readout:
    """Everything readout found in one article (schema readout/1)."""

    schema: str = SCHEMA
    id: str
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    agency: Optional[str] = None
    dateline: Optional[str] = None
    language: Optional[str] = "en"
    text: str = ""
    sentences: list[list[int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    duplicate_of: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


def dump_json(value: Any) -> str:
    """``value`` (a record, or its JSON form) as compact JSON text, non-ASCII kept as is.
    orjson writes records straight from the dataclasses, many times faster than
    ``json.dumps(to_dict(record))``; what orjson refuses (an int past 64 bits, an odd
    type) goes through ``json`` instead."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except TypeError:
        return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), default=str)


def to_dict(record: Any) -> dict[str, Any]:
    """The JSON form of a record (plain dicts, lists, str, numbers, None)."""
    return _plain(record)  # what dataclasses.asdict gives, several times faster


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _ATOMS:
        return value
    if hasattr(type(value), "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, list):
        return [v if type(v) in _ATOMS else _plain(v) for v in value]
    if isinstance(value, tuple):
        return type(value)(*map(_plain, value)) if hasattr(value, "_fields") \
            else tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(tp) or (Any,)
        return [_convert(inner, v) for v in value]
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a record of type ``cls`` from its JSON form; unknown keys are ignored."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)

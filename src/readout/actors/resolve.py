"""Resolution of mentions to coded actors (issue: actors)."""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Actor


def resolve_actors(inp: StageInput) -> list[Actor]:
    """The article's actors with their mentions. Not implemented yet: returns []."""
    return []

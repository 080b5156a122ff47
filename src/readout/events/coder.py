"""The event coder (issue: events)."""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Event


def code_events(inp: StageInput) -> list[Event]:
    """The article's events. Not implemented yet: returns []."""
    return []

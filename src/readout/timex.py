"""Time expressions → TIMEX3 values relative to the publication date (issue: time)."""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Timex


def find_timexes(inp: StageInput) -> list[Timex]:
    """The article's time expressions. Not implemented yet: returns []."""
    return []

"""Direct and indirect quotations (issue: quotes)."""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Quote


def find_quotes(inp: StageInput) -> list[Quote]:
    """The article's quotes. Not implemented yet: returns []."""
    return []

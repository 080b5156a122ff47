"""Numbers, money and percentages with the claims around them (issue: quantities)."""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Quantity


def find_quantities(inp: StageInput) -> list[Quantity]:
    """The article's quantities. Not implemented yet: returns []."""
    return []

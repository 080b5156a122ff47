"""Numbers, money and percentages with the claims around them (issue 7).

``find_quantities`` finds every quantity in the article (value, unit, kind, qualifier,
range) and then what is claimed about it: change, metric, subjects, period and source.
"""
from __future__ import annotations

from readout.context import StageInput
from readout.model import Quantity
from readout.quantities.candidates import Candidate, find_candidates
from readout.quantities.claims import claims_for, doc_facts

__all__ = ["find_quantities"]


def _quantity(text: str, c: Candidate, claim: dict) -> Quantity:
    value = float(c.value)
    return Quantity(
        text=text[c.start:c.end],
        start=c.start,
        end=c.end,
        value=int(value) if value.is_integer() and abs(value) < 1e15 else value,
        unit=c.unit,
        kind=c.kind,
        qualifier=c.qualifier,
        range=[float(x) for x in c.range] if c.range else None,
        **claim,
    )


def find_quantities(inp: StageInput) -> list[Quantity]:
    """The article's quantities, in text order, with their claims where the text says them."""
    text = inp.text
    if not text.strip():
        return []
    cands = find_candidates(text, inp.doc, list(inp.timexes))
    out: list[Quantity] = []
    facts = doc_facts(text, inp.doc)
    for c in cands:
        if not (0 <= c.start < c.end <= len(text)):
            continue
        claim = claims_for(inp, c, out, facts)
        out.append(_quantity(text, c, claim))
    return out

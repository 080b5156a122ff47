"""The CAMEO codebook: every event code with its name, Goldstein score, quad class and PLOVER type."""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Optional


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    plover: Optional[str]
    plover_mode: Optional[str]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("readout").joinpath("data", "events", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def codebook() -> dict[str, CodeInfo]:
    """Code (string with leading zeros, e.g. "057") → CodeInfo."""
    out = {}
    for r in _rows("codebook.tsv"):
        out[r["code"]] = CodeInfo(
            code=r["code"], name=r["name"], goldstein=float(r["goldstein"]), root=r["root"],
            quad_class=int(r["quad_class"]), plover=r["plover"] or None,
            plover_mode=r["plover_mode"] or None)
    return out


def code_info(code: str) -> Optional[CodeInfo]:
    """The codebook entry for ``code``, falling back to its parent code (1234 → 123 → 12)."""
    book = codebook()
    while code:
        if code in book:
            return book[code]
        code = code[:-1] if len(code) > 2 else ""
    return None

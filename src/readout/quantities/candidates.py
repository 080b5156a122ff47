"""Quantities in a text before their claims: number + unit, qualifier, ranges, counts."""
from __future__ import annotations

import bisect
import functools
import itertools
import re
import string
from typing import NamedTuple, Optional

from spacy.tokens import Doc, Token

from readout.model import Timex
from readout.quantities import units as U
from readout.quantities.lexicon import lexicon
from readout.quantities.numbers import Number, apply_scales, digit_numbers, word_numbers

_RANGE_SEP = re.compile(r"^[ ]?-?[ ]?(?:-|–|—|to|and|or|through)[ ]?$", re.I)
_CENTS = re.compile(r"^[ ]+(?:and[ ]+)?$", re.I)
_MIN_WORDS = re.compile(r"(?:[A-Za-z]+|&)")
_DIGIT_BEFORE = re.compile(r"\d[ ]?-?[ ]?$")
_LETTERS_BEFORE = re.compile(r"[A-Za-z$]+$")
_PLUS_MINUS_BEFORE = re.compile(r"(?:±|\+/-|\^)\s?$")
_LETTER_RUN = re.compile(r"[A-Za-z]+")
_BETWEEN_FROM = re.compile(r"\b(between|from)\s+$", re.I)
_BETWEEN = re.compile(r"between\s*$")
_FROM = re.compile(r"\b(?:from)\s*$")
_CHANGE_BEFORE = re.compile(
    r"\b(?:ros|rise|fell|fall|grew|grow|increas|decreas|jump|drop|climb|reduc|cut|chang|"
    r"declin|sank|surg|slid|up|down)\w*\b[^.]{0,25}$")
_SPAN_UNITS = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?)\b", re.I)
_MONEY_SCALE = re.compile(r"[ ]?(million|billion|trillion|bn|mn|m)\b", re.I)
_M_CURRENCY = re.compile(r"[ ]?M(USD|EUR|GBP|AUD|CAD|CHF|JPY|CNY)\b")
# "a gallon": the article first, so that the scan jumps from one "a" to the next
_A_WORD = re.compile(r"[Aa](?<=\b[Aa])n?\s+([a-z]+)\b")


class Candidate(NamedTuple):
    """A quantity before its claims (a named tuple, cheap to make and to ``_replace``)."""

    start: int
    end: int
    value: float
    unit: Optional[str] = None
    kind: str = "number"
    scale: float = 1.0
    words: bool = False
    qualifier: Optional[str] = None
    range: Optional[list[float]] = None
    num_start: int = 0  # where the number itself starts (after a currency or qualifier)
    num_end: int = 0


def _numbers(text: str) -> list[Number]:
    digits = digit_numbers(text)  # sorted by start
    starts = [d.start for d in digits]
    reach = list(itertools.accumulate((d.end for d in digits), max, initial=-1))
    # reach[k]: the furthest end among digits[:k]; a word overlaps one of them if it passes
    words = [w for w in word_numbers(text)
             if not reach[bisect.bisect_left(starts, w.end)] > w.start]
    # a scale word right after digits belongs to them ("5 million"), not a number of its own
    kinds = lexicon().number_words
    words = [w for w in words if kinds.get(text[w.start:w.end].lower(), (0, ""))[1] != "scale"
             or not _DIGIT_BEFORE.search(text[max(0, w.start - 3):w.start])]
    return sorted(digits + words, key=lambda n: n.start)


class _Spans:
    """Stretches of the text that rule numbers out, sorted, with the furthest end reached
    by each prefix of them: whether a number starts or ends inside one is two bisections."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def cut(self, start: int, end: int) -> bool:
        """``any(s <= start < e or s < end <= e for s, e in spans)``."""
        k = bisect.bisect_right(self.starts, start)  # the spans with s <= start
        if k and self.reach[k - 1] > start:
            return True
        k = bisect.bisect_left(self.starts, end)  # the spans with s < end
        return bool(k) and self.reach[k - 1] >= end


def _blocked(text: str, n: Number, spans: _Spans) -> bool:
    if spans.cut(n.start, n.end):
        return True
    start = n.start + (1 if n.negative_sign else 0)
    before = text[max(0, start - 1):start]
    if before.isalpha() and not n.words:
        letters = _LETTERS_BEFORE.search(text[max(0, start - 8):start])
        run = letters.group() if letters else before  # a non-ASCII letter: "é3"
        if U.currency_before(text, start) is None and run.lower() not in ("x",):
            return True
    after = text[n.end:n.end + 2].strip()[:1]
    if after == ")" and "(" not in text[max(0, n.start - 30):n.start] and n.value == int(n.value) \
            and 0 < n.value < 100 and not text[max(0, n.start - 2):n.start].strip():
        return True  # a list marker: "2 )"
    if _PLUS_MINUS_BEFORE.search(text[max(0, n.start - 4):n.start]):
        return True  # an uncertainty or an exponent, not a quantity of its own
    return False


def _one_ok(doc: Optional[Doc], n: Number, text: str) -> bool:
    """ "one" is a number only where the parser tags it as one ("one of the…" yes, "the one" no)."""
    if text[n.start:n.end].lower() != "one" or doc is None:
        return True
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    return span is None or span[0].tag_ == "CD"


def _build(text: str, n: Number, money_ctx: dict[int, tuple[str, int, float]]) -> Optional[Candidate]:
    raw = text[n.start:n.end]
    cur = money_ctx.get(n.start)
    start, value, unit, kind = n.start, n.value, None, "number"
    end = n.end
    if cur:
        unit, kind, start = cur[0], "money", cur[1]
        value *= cur[2]
    um = U.unit_after(text, end, n.scale)
    if text[end:end + 1].isalpha() and not n.words and (um is None or um.end <= end):
        return None  # 21st, 4x4, 11a: not a quantity
    if um and not (cur and um.kind != "money" and um.kind != "measure"):
        if cur and um.kind == "money":
            end = um.end if um.unit == unit else end
        elif cur:
            pass
        else:
            unit, kind, end = um.unit, um.kind, um.end
            if kind == "money":
                sm = _MONEY_SCALE.match(text, end)
                if sm and n.scale == 1.0:
                    value *= lexicon().scales[sm.group(1).lower()][0]
                    end = sm.end()
    ms = _M_CURRENCY.match(text, end)
    if ms and unit is None:
        unit, kind, value, end = ms.group(1), "money", value * 1e6, ms.end()
    if kind == "duration":
        age_end = U.age_after(text, end)
        if age_end:
            kind, end = "age", age_end
    if unit is None:
        yo = U.yo_after(text, end)
        if yo:
            unit, kind, end = "year", "age", yo
        elif U.age_before(text, start):
            unit, kind = "year", "age"
    if unit is not None and kind not in ("age",):
        per = U.per_unit(text, end)
        if per:
            unit, end = f"{unit} per {per[0]}", per[1]
    if unit is None and not cur and not n.words and "." not in raw and "," not in raw \
            and U.is_year(raw, n.value):
        return None
    if unit is None and not cur and U.is_date_part(text, n.start, n.end, n.value):
        return None
    return Candidate(start=start, end=end, value=value, unit=unit, kind=kind, scale=n.scale,
                     words=n.words, num_start=n.start, num_end=n.end)


@functools.lru_cache(maxsize=1)
def _qualifier_last_words() -> frozenset[str]:
    """The last word of every qualifier phrase ("more than" -> "than")."""
    return frozenset(_LETTER_RUN.findall(q)[-1] for q in lexicon().qualifiers)


def _qualify(text: str, c: Candidate) -> Candidate:
    lex = lexicon()
    before = text[max(0, c.start - 40):c.start]
    # Every phrase tried ends with the last run of letters before the quantity, and nothing
    # but spaces may follow that run: unless the text before ends (spaces aside) in a letter
    # and that run is the last word of some qualifier, no phrase can match.
    stripped = before.rstrip()
    end = len(stripped)
    start = end
    while start > 0 and stripped[start - 1] in string.ascii_letters:
        start -= 1
    if start == end or stripped[start:].lower() not in _qualifier_last_words():
        return c
    words = list(_LETTER_RUN.finditer(before))  # the last of them ends ``stripped``
    lowered = [w.group().lower() for w in words[-lex.max_qualifier_words:]]
    for k in range(min(lex.max_qualifier_words, len(words)), 0, -1):
        phrase = " ".join(lowered[-k:])
        if phrase in lex.qualifiers:
            start = c.start - (len(before) - words[-k].start())
            return c._replace(qualifier=lex.qualifiers[phrase], start=start)
    return c


def _a_unit(text: str) -> list[Candidate]:
    """ "a gallon", "a penny": one of a measurement unit."""
    out = []
    for m in _A_WORD.finditer(text):
        word = m.group(1)
        found = U._lookup(word)
        if found and len(word) >= 4 and found[1] in ("measure", "temperature") \
                and word not in ("point", "degree", "turn", "pound", "second", "minute"):
            out.append(Candidate(start=m.start(), end=m.end(), value=1.0, unit=found[0],
                                 kind=found[1], num_start=m.start(), num_end=m.start(1)))
        elif word in ("penny", "cent", "dime"):
            out.append(Candidate(start=m.start(), end=m.end(), value=1.0, unit=word,
                                 kind="money", num_start=m.start(), num_end=m.start(1)))
    return out


def _merge_cents(text: str, cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev and prev.kind == "money" and prev.unit not in ("cent", "penny") \
                and prev.value == int(prev.value) and prev.scale == 1.0 \
                and c.unit in (None, "cent") and 0 < c.value < 100 and c.range is None \
                and _CENTS.match(text[prev.end:c.start]):
            out[-1] = prev._replace(end=c.end, value=prev.value + c.value / 100)
            continue
        out.append(c)
    return out


def _merge_ranges(text: str, cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and _is_range(text, a, b):
            lo_v = a.value * (b.scale if b.scale > 1 and a.scale == 1 and not a.words
                              and a.kind in (b.kind, "number") else 1.0)
            lo, hi = sorted((lo_v, b.value))
            qual = a.qualifier
            start = a.start
            pre = _BETWEEN_FROM.search(text[max(0, a.start - 9):a.start])
            if pre:
                start = a.start - (len(text[max(0, a.start - 9):a.start]) - pre.start())
            out.append(b._replace(
                start=start, value=(lo + hi) / 2, range=[lo, hi], qualifier=qual or b.qualifier,
                num_start=a.num_start))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _is_range(text: str, a: Candidate, b: Candidate) -> bool:
    gap = text[a.end:b.start]
    if not _RANGE_SEP.match(gap):
        return False
    sep = gap.strip(" -").lower()
    before = text[max(0, a.start - 60):a.start].lower()
    if sep in ("and", "or") and not _BETWEEN.search(before):
        return False
    if sep == "to" and _FROM.search(before) and _CHANGE_BEFORE.search(before[:-5] if before else ""):
        return False
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return False
    if a.unit is not None and b.unit is None:
        return False
    if b.range is not None or a.range is not None:
        return False
    if sep == "-" and a.kind == "number" and b.kind == "number" and not gap.strip() == "-":
        return False
    return True


def _count_noun(doc: Optional[Doc], c: Candidate) -> Optional[str]:
    """The counted noun of a bare number ("2,000 troops" -> "troop"; "one of the computers")."""
    if doc is None:
        return None
    span = doc.char_span(c.num_start, c.num_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok: Token = span[-1]
    head = tok.head
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    noun = None
    if head.i > tok.i and head.pos_ in ("NOUN", "PROPN") and tok.dep_ in (
            "nummod", "compound", "quantmod", "amod", "nmod"):
        noun = head
    elif after is not None and after.tag_ in ("NNS", "NNPS") and tok.dep_ != "pobj":
        noun = after
    elif after is not None and after.lower_ == "of":
        for child in after.children:
            if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN") and child.tag_ in ("NNS", "NNPS"):
                noun = child
    if noun is None or noun.ent_type_ in ("DATE", "TIME", "GPE"):
        return None
    parts = [t.lemma_.lower() for t in noun.lefts if t.dep_ == "compound" and t.i > tok.i
             and t.pos_ == "NOUN"]
    lemma = noun.lemma_.lower() if noun.pos_ == "NOUN" else noun.text.lower()
    if lemma in ("time",):
        return None
    return " ".join([*parts, lemma])


def find_candidates(text: str, doc: Optional[Doc], timexes: list[Timex]) -> list[Candidate]:
    """Every quantity in ``text``: value, unit, kind, qualifier and range."""
    spans = U.excluded_spans(text)
    spans += [(t.start, t.end) for t in timexes if t.type in ("DATE", "TIME")
              and not _SPAN_UNITS.search(t.text)]
    blocking = _Spans(spans)
    nums = [n for n in _numbers(text) if not _blocked(text, n, blocking) and _one_ok(doc, n, text)]
    money_ctx = {}
    for n in nums:
        if not n.words:
            cur = U.currency_before(text, n.start)
            if cur:
                money_ctx[n.start] = cur
    nums = apply_scales(text, nums, set(money_ctx))
    cands: list[Candidate] = []
    for n in nums:
        if cands and n.start < cands[-1].end:
            continue
        c = _build(text, n, money_ctx)
        if c is not None and cands and c.start < cands[-1].end:  # currency used by the last one
            c = _build(text, n, {k: v for k, v in money_ctx.items() if k != n.start})
        if c is not None:
            cands.append(c)
    taken = [(c.start, c.end) for c in cands]
    cands += [c for c in _a_unit(text) if not any(s < c.end and c.start < e for s, e in taken)]
    cands.sort(key=lambda c: c.start)
    cands = _merge_cents(text, cands)
    cands = [_qualify(text, c) for c in cands]
    cands = _merge_ranges(text, cands)
    out = []
    for c in cands:
        if c.unit is None:
            noun = _count_noun(doc, c)
            c = c._replace(unit=noun, kind="count" if noun else "number")
        out.append(c)
    return out

"""Finding time expressions in a text: patterns → candidates → filters → longest matches."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count as count_from
from operator import add
from typing import Callable, Optional

from spacy.tokens import Doc

from readout.timex import normalize as n
from readout.timex import periods as p
from readout.timex import relative as r
from readout.timex.lexicon import Rule, lexicon, rules
from readout.timex.needs import ANY_DIGIT, Clause, fold
from readout.timex.normalize import Context, Found, Result

NORMALIZERS: dict[str, Callable[[Found, Context], Result]] = {
    "ref": n.norm_ref, "set": n.norm_set, "time": n.norm_time, "deictic": n.norm_deictic,
    "weekday.pod": n.norm_weekday, "weekday.plain": n.norm_weekday,
    "weekday.set": n.norm_weekday_set, "weekday.plural": n.norm_weekday_set,
    "weekday.podplural": n.norm_weekday_set,
    "holiday": n.norm_holiday,
    "date.monthyear": p.norm_month, "date.monthrel": p.norm_month, "date.month": p.norm_month,
    "date.weekof": p.norm_week_of, "date": p.norm_date, "year": p.norm_year, "decade": p.norm_decade, "century": p.norm_century,
    "quarter.the": p.norm_the_quarter, "rel.yearsquarter": p.norm_years_quarter, "quarter": p.norm_quarter, "rel.quarterpos": p.norm_quarter,
    "half": p.norm_half, "season": p.norm_season,
    "rel.unit": r.norm_rel_unit, "rel.theunit": r.norm_the_unit, "rel.weekend": r.norm_weekend,
    "rel.theunit2": r.norm_the_unit, "rel.anaphor": r.norm_anaphor, "dur.theyears": r.norm_duration, "rel.ago": r.norm_ago, "rel.agoword": r.norm_ago, "rel.yearago": r.norm_year_ago,
    "rel.yearend": r.norm_year_end, "dur.while": r.norm_while, "dur": r.norm_duration,
}
PROPER_GROUPS = ("month", "weekday", "holiday")
TIME_WORDS = {"year", "years", "month", "months", "quarter", "period", "season", "fiscal",
              "level", "levels", "budget", "election", "elections", "census", "summit", "games",
              "olympics", "model", "figure", "figures", "results", "war", "agreement", "accord",
              "act", "law", "crisis", "campaign", "cup", "edition", "plan", "class", "report",
              "earthquake", "vintage", "session", "deadline", "talks", "value", "values", "price",
              "prices", "estimate", "estimates", "target", "forecast", "high", "low", "peak"}


def normalizer(rule: str) -> Callable[[Found, Context], Result]:
    """The normalizer of a rule: by full name, else by its kind."""
    return NORMALIZERS.get(rule) or NORMALIZERS[rule.split(".", 1)[0]]


@dataclass(frozen=True)
class _Needs:
    """The clauses of all rules (readout.timex.needs.required_factors), numbered once: the
    key clauses (each rule's most selective one) first, 0 to ``keys`` - 1."""

    by_first: dict[str, tuple[tuple[str, int], ...]]  # first character -> (factor, clause)
    digit_clauses: tuple[tuple[re.Pattern[str], int], ...]  # factors holding ANY_DIGIT
    by_clause: dict[int, tuple[tuple[int, frozenset[int]], ...]]  # key clause -> (rule, clauses)
    always: tuple[int, ...]  # rules without clauses
    keys: int  # how many key clauses


@lru_cache(maxsize=1)
def _needs() -> _Needs:
    all_rules = rules()
    numbers: dict[Clause, int] = {}
    for clause in [r.needs[0] for r in all_rules if r.needs] + [c for r in all_rules for c in r.needs[1:]]:
        numbers.setdefault(clause, len(numbers))
    by_first: dict[str, list[tuple[str, int]]] = {}
    digit_factors: dict[int, list[str]] = {}
    for clause, cid in numbers.items():
        for factor in sorted(clause):
            if ANY_DIGIT in factor:
                digit_factors.setdefault(cid, []).append(factor)
            else:
                by_first.setdefault(factor[0], []).append((factor, cid))
    by_clause: dict[int, list[tuple[int, frozenset[int]]]] = {}
    always = []
    for order, rule in enumerate(all_rules):
        ids = [numbers[clause] for clause in rule.needs]
        if ids:  # filed under its key clause
            by_clause.setdefault(ids[0], []).append((order, frozenset(ids)))
        else:
            always.append(order)
    digit_clauses = tuple(
        (re.compile("|".join(re.escape(f).replace(ANY_DIGIT, r"\d") for f in factors)), cid)
        for cid, factors in digit_factors.items())
    return _Needs({ch: tuple(fs) for ch, fs in by_first.items()}, digit_clauses,
                  {cid: tuple(rs) for cid, rs in by_clause.items()}, tuple(always), len(by_clause))


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1 << 15)
def _clauses_in(token: str) -> tuple[int, ...]:
    """The clauses with a factor inside one whitespace-separated token, in order (so its key
    clauses come first: _Needs); tokens repeat across
    articles, so a cache of them does most paragraphs' work at the cost of a lookup a token).
    The cache is bounded: numbers and names make new tokens in every article and an entry
    holds about 0.5 kB, so 32k entries stay under ~16 MB (65k kept a worker growing over
    20,000 articles; 16k made the stage 40% slower on 1,104 mixed articles, 24.5k distinct
    tokens, whose repeats an LRU cache smaller than that always misses)."""
    needs = _needs()
    found = {cid for ch in set(token) for factor, cid in needs.by_first.get(ch, ())
             if factor in token}
    if _DIGIT.search(token):
        found.update(cid for rx, cid in needs.digit_clauses if rx.search(token))
    return tuple(sorted(found))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text``."""
    out, start = [], 0
    for end in [m.start() for m in re.finditer("\n", text)] + [len(text)]:
        if end > start:
            out.append((start, end))
        start = end + 1
    return out


class _Paragraph:
    """A non-empty line of the folded text, its whitespace-separated tokens and the clauses
    met in each (a factor holds no whitespace, so it occurs in the line exactly when it is
    inside one of its tokens)."""

    __slots__ = ("start", "end", "tokens", "clauses", "_at", "_starts", "_ends")

    def __init__(self, folded: str, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.tokens = folded[start:end].split()
        self.clauses = list(map(_clauses_in, self.tokens))
        self._at: dict[int, list[int]] = {}  # key clause -> its tokens, once a window needs them
        self._starts: list[int] = []  # where each token starts and ends, likewise
        self._ends: list[int] = []

    def windows(self, folded: str, key: int, reach: Optional[int]) -> list[tuple[int, int, int]]:
        """Where a rule must be scanned: (first, last, stop), a search of Rule.scan from
        ``first`` with endpos ``stop`` whose matches starting at or before ``last`` are the
        rule's matches there (offsets in the scanned string, "\n" + folded: a text offset is
        where its match's consumed character sits, so text and scan offsets are the same).

        Every match holds a factor of the rule's key clause inside some token i, and reads
        no more than ``reach`` runs of whitespace (needs.reach): it starts after the start of
        token i - reach, at or before the end of token i, and an attempt starting there reads
        nothing past the first character after token i + reach. So a search from the first
        of these starts, stopped before token i + reach + 1, finds the same matches as a
        search of the whole line, and the text out of reach of every such token is never
        scanned. A short line is scanned whole (one window would cover it anyway)."""
        count = len(self.tokens)
        if reach is None or 2 * reach + 2 >= count:
            return [(self.start, self.end, self.end + 1)]
        if not self._starts:
            self._index(folded)
        starts, ends = self._starts, self._ends
        out: list[tuple[int, int, int]] = []
        for i in self._at[key]:
            first = starts[i - reach] if i >= reach else self.start
            stop = (starts[i + reach + 1] if i + reach + 1 < count else self.end) + 1
            if out and first <= out[-1][2]:  # the scans would overlap: one window
                out[-1] = (out[-1][0], ends[i], stop)
            else:
                out.append((first, ends[i], stop))
        return out

    def _index(self, folded: str) -> None:
        """The tokens of each key clause, and where each token starts and ends: from the tokens'
        lengths when the line is tokens one whitespace character apart (most are)."""
        at, keys = self._at, _needs().keys
        for i in compress(count_from(), self.clauses):  # the tokens holding some clause
            for cid in self.clauses[i]:
                if cid >= keys:  # no key clause follows
                    break
                if cid in at:
                    at[cid].append(i)
                else:
                    at[cid] = [i]
        lengths = list(map(len, self.tokens))
        if sum(lengths) + len(lengths) - 1 == self.end - self.start:
            self._starts = list(map(add, accumulate(lengths, initial=self.start), count_from()))
            self._ends = list(map(add, self._starts, lengths))
        else:
            spans = [m.span() for m in _TOKEN.finditer(folded, self.start, self.end)]
            self._starts, self._ends = [a for a, _ in spans], [b for _, b in spans]


_TOKEN = re.compile(r"\S+")


def _rule_paragraphs(folded: str) -> list[list[tuple[_Paragraph, int]]]:
    """For each rule, the paragraphs of the folded text that meet all its clauses, each with
    the rule's key clause (every paragraph, key -1, for a rule without clauses)."""
    needs = _needs()
    found: list[list[tuple[_Paragraph, int]]] = [[] for _ in rules()]
    for start, end in _paragraphs(folded):
        para = _Paragraph(folded, start, end)
        present: set[int] = set()
        present.update(*para.clauses)
        for order in needs.always:
            found[order].append((para, -1))
        for cid in present:
            for order, clauses in needs.by_clause.get(cid, ()):
                if clauses <= present:
                    found[order].append((para, cid))
    return found


def _rule_regions(folded: str) -> list[list[tuple[int, int]]]:
    """For each rule, (start, end) of the paragraphs it is scanned in (_rule_paragraphs)."""
    return [[(para.start, para.end) for para, _ in paras] for paras in _rule_paragraphs(folded)]


def candidates(text: str) -> list[tuple[Found, int]]:
    """Every pattern match (with the rule's position in the file). Each rule's fast twin
    (Rule.scan) runs over the folded text, and only over the paragraphs that meet the
    rule's clauses (Rule.needs), and in those only near the tokens holding its key clause
    (_Paragraph.windows): no time expression spans a paragraph break. When folding changes
    the text's length the re.I patterns scan the whole text instead."""
    folded = fold(text)
    if len(folded) != len(text):
        return _plain_matches(text)
    out: list[tuple[Found, int]] = []
    padded = "\n" + folded  # the character before the text, for Rule.scan to consume
    for order, (rule, paras) in enumerate(zip(rules(), _rule_paragraphs(folded))):
        reach = rule.reach if rule.needs else None
        resume = 0
        for para, key in paras:
            for first, last, stop in para.windows(folded, key, reach):
                resume = _scan(rule, order, padded, text, max(first, resume), last, stop, out)
    return out


def _scan(rule: Rule, order: int, padded: str, text: str, first: int, last: int, stop: int,
          out: list[tuple[Found, int]]) -> int:
    """Add the matches of ``rule`` that start in text[first:last + 1] to ``out``, found by
    Rule.scan in ``padded`` (text's offsets + 1) up to ``stop``: the same matches, in the same
    order, as rule.regex.finditer over the window (_Paragraph.windows). A scan match also
    covers the character before the text's match, so the next search starts on the last
    character of the previous match (the one the next match must follow); patterns never
    match empty (lexicon.rules). Returns where a search for the next match starts."""
    search = rule.scan.search
    m = search(padded, first, stop)
    while m is not None and m.start() <= last:
        found = Found(m.start(), m.end() - 1, rule.name, rule.type, rule.match_groups(m, text, 1))
        out.append((found, order))
        first = m.end() - 1
        m = search(padded, first, stop)
    return first


def _plain_matches(text: str) -> list[tuple[Found, int]]:
    """Every non-empty match of the re.I patterns over the whole text."""
    out: list[tuple[Found, int]] = []
    for order, rule in enumerate(rules()):
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                out.append((Found(m.start(), m.end(), rule.name, rule.type, rule.match_groups(m, text)), order))
    return out


def _token_at(doc: Optional[Doc], start: int, end: int):
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _proper_ok(f: Found, text: str, doc: Optional[Doc]) -> bool:
    """Month, weekday and holiday names must be capitalized; "May" the verb is no month."""
    lex = lexicon()
    for name in PROPER_GROUPS:
        value = f.groups.get(name)
        if not value or not value[0].isalpha():
            continue
        if not value[0].isupper():
            return False
        if name == "month":
            bare = value.rstrip(".").lower()
            start = f.start + f.groups["_text"].find(value)
            after = "." if value.endswith(".") else text[start + len(value): start + len(value) + 1]
            if bare in lex["weekday_abbrev_need_dot"] and bare != "may" and after != "." and not f.groups.get("day"):
                return False
            if bare in ("jan", "aug") and after != "." and not f.groups.get("day") and not f.groups.get("year"):
                return False
            if bare in ("may", "march") and not f.groups.get("day") and not f.groups.get("year"):
                tok = _token_at(doc, start, start + len(value))
                if tok is not None and (tok.tag_ in ("MD", "VB", "VBP", "VBZ") or tok.pos_ == "VERB"):
                    return False
    return True


def _year_ok(f: Found, doc: Optional[Doc]) -> bool:
    """A bare four-digit year, not a count ("2000 people") or an address."""
    if f.rule != "year.plain" or f.groups.get("mod"):
        return True
    tok = _token_at(doc, f.start, f.end)
    if tok is None:
        return True
    if tok.i > 0 and tok.nbor(-1).lower_ in ("no.", "number", "no", "flight", "route", "room", "#"):
        return False
    return True


def _set_ok(f: Found, doc: Optional[Doc]) -> bool:
    """"the Communist Party daily Granma" is a newspaper."""
    if f.rule != "set.word":
        return True
    tok = _token_at(doc, f.start, f.end)
    return not (tok is not None and tok.i + 1 < len(tok.doc) and tok.nbor(1).pos_ == "PROPN")


RATE_WORDS = {"million", "billion", "trillion", "thousand", "percent", "%", "cents", "dollars"}


def _duration_ok(f: Found, text: str, doc: Optional[Doc]) -> bool:
    """Not a rate ("$500 million a year", "700 seats a week"), not a fraction
    ("a quarter of the market", "three-quarters"), not a title ("This Week")."""
    unit = f.groups.get("unit") or ""
    if unit[:1].isupper() and f.rule.startswith("rel."):
        return False
    if not f.rule.startswith("dur."):
        return True
    if unit.lower().startswith("quarter") and (
        re.match(r"\s+of\b", text[f.end:]) or re.search(r"-quarters?$", f.groups["_text"], re.I)
    ):
        return False
    if (f.groups.get("num") or "").lower() in ("a", "an", "one") and not f.groups.get("dir"):
        tok = _token_at(doc, f.start, f.end)
        if tok is not None and tok.i > 0:
            prev = [t for t in tok.doc[max(0, tok.i - 3):tok.i] if not t.is_punct]
            if prev and (prev[-1].like_num or prev[-1].lower_ in RATE_WORDS or (
                    len(prev) > 1 and prev[-1].pos_ == "NOUN" and (prev[-2].like_num or prev[-2].lower_ in RATE_WORDS))):
                return False
    return True


GENERIC_TODAY = re.compile(r"['\u2019]s\s+(\w+)")


def _specific_ok(f: Found, text: str) -> bool:
    """Not a generic "today's world", "the leaders of tomorrow", nor the idiom "high noon"."""
    word = (f.groups.get("deictic") or "").lower()
    if f.rule == "deictic.day" and word in ("today", "tomorrow"):
        m = GENERIC_TODAY.match(text, f.end)
        if m and m.group(1).lower() in lexicon()["generic_after_today"]:
            return False
        if word == "tomorrow" and re.search(r"\bof\s+$", text[max(0, f.start - 4):f.start]):
            return False
    if (f.groups.get("clock") or "").lower() == "noon":
        return not re.search(r"\bhigh\s+$", text[max(0, f.start - 6):f.start], re.I)
    return True


def _keep(f: Found, text: str, doc: Optional[Doc]) -> bool:
    return (_proper_ok(f, text, doc) and _year_ok(f, doc) and _set_ok(f, doc)
            and _duration_ok(f, text, doc) and _specific_ok(f, text))


def select(found: list[tuple[Found, int]], text: str, doc: Optional[Doc]) -> list[Found]:
    """Non-overlapping matches: the longest first, then the earlier rule; in text order."""
    found = [(f, o) for f, o in found if _keep(f, text, doc)]
    found.sort(key=lambda fo: (-(fo[0].end - fo[0].start), fo[1], fo[0].start))
    taken: list[Found] = []
    used = bytearray(len(text) + 1)
    for f, _ in found:
        if any(used[f.start:f.end]):
            continue
        used[f.start:f.end] = b"\x01" * (f.end - f.start)
        taken.append(f)
    return sorted(taken, key=lambda f: f.start)


ARTICLE_BEFORE_ADJ = re.compile(r"(?:the|a)\s+(?=\S+-\S+$)", re.I)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces, a trailing comma, and the article of a lone hyphenated
    adjective ("the third-quarter loss" → "third-quarter")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    m = ARTICLE_BEFORE_ADJ.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    return start, end



"""Numbers in running text: digits (1,234.5 · 12,34,567 · 4e14 · 10 1/2 · ½), number words
("three million, two hundred and forty", "a dozen", "two and a half") and scale words
("$190 billion", "300 crore"). Offsets are string indices into the text, half-open."""
from __future__ import annotations

import functools
import math
import re
import string
from typing import NamedTuple, Optional

from readout.quantities.lexicon import lexicon

VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4,
          "⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625,
          "⅞": 0.875}

_DIGITS = re.compile(
    r"""(?P<num>
        \d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,]\d)     # Indian grouping 12,34,567.89
       |\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)           # 1,234,567.89
       |\d{1,3},[ ]000(?![\d,])                           # "80, 000" in tokenized text
       |\d{1,3}(?:[ ]\d{3})+(?![\d.,]\d)                  # 10 000
       |\d*\.\d+|\d+
    )
    (?P<exp>[eE][-+]?\d+(?![\w])|[x×]10(?:\^[-−]?|[-−])\d+)?
    (?P<frac>[ ]\d{1,2}/\d{1,3}(?![\d/])|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])?
    """,
    re.X,
)
_FRACTION = re.compile(r"(?<![\d/])(\d{1,3})/(\d{1,3})(?![\d/])")
_VULGAR_RE = re.compile(r"(?<!\d)[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
_ONE_DIGIT = re.compile(r"\d")
_ANY_VULGAR = re.compile(r"[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
_WORD = re.compile(r"[A-Za-z]+|&|,|-")


class Number(NamedTuple):
    """A number found in the text; ``scale`` is the multiplier a scale word applied.
    (A named tuple: tens of thousands are made per corpus, a frozen dataclass is slower.)"""

    start: int
    end: int
    value: float
    words: bool = False  # spelled out ("three million")
    scale: float = 1.0
    negative_sign: bool = False


def _digits_value(m: re.Match[str]) -> Optional[float]:
    raw = m.group("num").replace(",", "").replace(" ", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    exp = m.group("exp")
    if exp and len(re.sub(r"\D", "", exp)) > 2 + (0 if exp[0] in "eE" else 2):
        return None  # 1e999: not a number anyone writes in news
    if exp:
        if exp[0] in "eE":
            value *= 10 ** int(exp[1:])
        else:
            power = re.sub(r"[^\d-]", "", exp[3:].replace("−", "-"))
            value *= 10 ** int(power)
    frac = m.group("frac")
    if frac:
        if frac in VULGAR:
            value += VULGAR[frac]
        else:
            num, den = frac.strip().split("/")
            if int(den) == 0 or int(num) >= int(den):
                return None
            value += int(num) / int(den)
    return value


def _digit_matches(text: str) -> list[re.Match[str]]:
    """``_DIGITS.finditer(text)``, trying the pattern only where a match can start: at the
    first digit after the last match, or at a "." right before it (".5")."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        d = _ONE_DIGIT.search(text, pos)
        if d is None:
            break
        at = d.start()
        if at > pos and text[at - 1] == ".":
            at -= 1
        m = _DIGITS.match(text, at) or _DIGITS.match(text, d.start())
        if m is None:  # cannot happen (a digit always matches), but never loop forever
            pos = d.start() + 1
            continue
        out.append(m)
        pos = m.end()
    return out


def digit_numbers(text: str) -> list[Number]:
    """Numbers written with digits (and simple fractions), without scale words yet."""
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    if "/" in text:
        for m in _FRACTION.finditer(text):
            num, den = int(m.group(1)), int(m.group(2))
            if den and num < den:
                out.append(Number(start=m.start(), end=m.end(), value=num / den))
                taken.append((m.start(), m.end()))
    if _ANY_VULGAR.search(text):
        for m in _VULGAR_RE.finditer(text):
            out.append(Number(start=m.start(), end=m.end(), value=VULGAR[m.group()]))
            taken.append((m.start(), m.end()))
    for m in _digit_matches(text):
        if taken and any(s <= m.start() < e for s, e in taken):
            continue
        start = m.start()
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] == "."):
            continue
        value = _digits_value(m)
        if value is None or not math.isfinite(value):
            continue
        neg = start > 0 and text[start - 1] in "-−" and (
            start == 1 or text[start - 2] in " (\t\n[")
        if neg:
            value, start = -value, start - 1
        out.append(Number(start=start, end=m.end(), value=value, negative_sign=neg))
    return sorted(out, key=lambda n: n.start)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_num_word(w: str) -> bool:
    return w in lexicon().number_words


def _parse_words(toks: list[tuple[str, int, int]], i: int) -> Optional[tuple[float, int]]:
    """Parse spelled-out number starting at token i; returns (value, index after)."""
    words = lexicon().number_words
    total = current = 0.0
    seen = False
    last = ""  # kind of the last number word
    j = i
    if toks[j][0] in ("a", "an"):
        nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
        if nxt not in words or words[nxt][1] not in ("hundred", "scale", "dozen", "fraction"):
            return None
        current, last, j = 1.0, "a", j + 1
    end = j
    while j < len(toks):
        w = toks[j][0]
        if w in ("and", "&", "-", ",") and seen:
            nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
            if w == "and" and nxt in ("a", "an") and j + 2 < len(toks) \
                    and words.get(toks[j + 2][0], (0, ""))[1] == "fraction":
                current += words[toks[j + 2][0]][0]
                end, j, last = j + 3, j + 3, "fraction"
                continue
            if nxt in words and (w != "," or last == "scale") and words[nxt][1] != "fraction" \
                    or (w == "-" and nxt in words):
                j += 1
                continue
            break
        if w not in words:
            break
        value, kind = words[w]
        if kind in ("unit", "ten"):
            if last in ("unit", "ten") and not (last == "ten" and kind == "unit"):
                break
            current += value
        elif kind == "hundred":
            current = (current or 1.0) * value
        elif kind == "scale":
            total += (current or 1.0) * value
            current = 0.0
        elif kind == "dozen":
            current = (current or 1.0) * value
        elif kind == "fraction":
            nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
            if not seen and last != "a" and words.get(nxt, (0, ""))[1] != "scale":
                return None
            if not seen:
                current = current or 1.0
            current = current * value
        last, seen, end, j = kind, True, j + 1, j + 1
    if not seen:
        return None
    return total + current, end


def word_numbers(text: str) -> list[Number]:
    """Spelled-out numbers ("twenty-one", "a hundred and two", "half million", "dozens of")."""
    if "\u0130" in text or "\u212a" in text:  # lower() would not keep the offsets/letters
        return _numbers_in(_tokens(text))
    out: list[Number] = []
    for start, end in _word_stretches(text):
        toks = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
        out += _numbers_in(toks)
    return out


def _numbers_in(toks: list[tuple[str, int, int]]) -> list[Number]:
    """The spelled-out numbers in a list of (lower-cased word, start, end) tokens."""
    words = lexicon().number_words
    out: list[Number] = []
    i = 0
    while i < len(toks):
        w = toks[i][0]
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if w in _PLURAL_SCALES and nxt == "of":
            value = words.get(w[:-1], (0.0, ""))[0]
            out.append(Number(start=toks[i][1], end=toks[i][2], value=value, words=True))
            i += 1
            continue
        starts = w in ("a", "an") or (_is_num_word(w) and words[w][1] in ("unit", "ten"))
        if w in ("half", "quarter") and nxt in words and words[nxt][1] == "scale":
            starts = True
        parsed = _parse_words(toks, i) if starts else None
        if parsed is None and w in ("half", "quarter") and i > 0 and toks[i - 1][0] != "a":
            parsed = _parse_fraction_alone(toks, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        while j > i + 1 and toks[j - 1][0] in ("and", "&", "-", ","):
            j -= 1
        out.append(Number(start=toks[i][1], end=toks[j - 1][2], value=value, words=True))
        i = j
    return out


# Spelled-out numbers are read from stretches of the text only: a run of tokens that are
# number words or may join them ("a", "and", "-", ","), holding at least one number word,
# with the token before and the token after it. Any other token is never part of a number,
# so reading the runs apart gives what reading all the text's tokens in one go gives.
_PLURAL_SCALES = ("hundreds", "thousands", "millions", "billions", "dozens")
_JOINERS = ("a", "an", "and", "&", "-", ",")
_TOKEN_CHARS = frozenset(string.ascii_letters + "&,-")


@functools.lru_cache(maxsize=1)
def _number_word_re() -> re.Pattern[str]:
    """A number word as a whole run of letters, in lower-cased text behind one padding
    space (grouped by first letter). The pattern consumes the character before the word
    instead of looking behind, so the engine skips from non-letter to non-letter; as every
    word ends with a letter, a match never ends where the next word could start, and the
    scan finds the words the lookbehind ``(?<![a-z])`` finds."""
    words = [*lexicon().number_words, *_PLURAL_SCALES]
    if not all(re.fullmatch("[a-z]+", w) for w in words):
        raise ValueError("a number word that is not a run of lower-case letters")
    by_first: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    alt = "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in by_first.items())
    return re.compile(rf"[^a-z]((?:{alt}))(?![a-z])")


@functools.lru_cache(maxsize=1)
def _in_runs() -> frozenset[str]:
    return frozenset([*lexicon().number_words, *_PLURAL_SCALES, *_JOINERS])


def _token_before(text: str, pos: int) -> Optional[tuple[int, int]]:
    """The token (as ``_WORD`` cuts them) that ends at or before ``pos``, if any."""
    k = pos
    while k > 0 and text[k - 1] not in _TOKEN_CHARS:
        k -= 1
    if k == 0:
        return None
    if text[k - 1] in "&,-":
        return k - 1, k
    s = k - 1
    while s > 0 and text[s - 1] in string.ascii_letters:
        s -= 1
    return s, k


def _word_stretches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of number-word tokens, with one token of context each side."""
    in_runs = _in_runs()
    out: list[tuple[int, int]] = []
    reach = 0  # where the last run's own tokens end
    for m in _number_word_re().finditer(" " + text.lower()):
        word_start, word_end = m.start(1) - 1, m.end(1) - 1  # offsets in text
        if word_start < reach:
            continue
        start, first = 0, word_start
        while True:
            before = _token_before(text, first)
            if before is None:
                break
            if text[before[0]:before[1]].lower() not in in_runs:
                start = before[0]
                break
            first = before[0]
        end = reach = len(text)
        for t in _WORD.finditer(text, word_end):
            if t.group().lower() not in in_runs:
                end, reach = t.end(), t.start()
                break
        out.append((start, end))
    return out


def _parse_fraction_alone(toks: list[tuple[str, int, int]], i: int) -> Optional[tuple[float, int]]:
    """ "half" / "quarter" followed by a scale word ("half million")."""
    words = lexicon().number_words
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    if nxt in words and words[nxt][1] == "scale":
        return words[toks[i][0]][0] * words[nxt][0], i + 2
    return None


_SCALE_AFTER = re.compile(r"[ ]?(?:-[ ]?)?([A-Za-z]+)\b\.?")


def apply_scales(text: str, numbers: list[Number], money_context: set[int]) -> list[Number]:
    """Extend digit numbers with a following scale word ("190 billion", "5m" next to a currency).

    ``money_context`` holds the start offsets of numbers that have a currency next to them;
    only those take the one-letter money scales (m, b, k, t)."""
    scales = lexicon().scales
    out = []
    for n in numbers:
        if n.words:
            out.append(n)
            continue
        m = _SCALE_AFTER.match(text, n.end)
        if m and m.group(1).lower() in ("m", "b", "t", "k") and m.group(0).endswith("."):
            m = _SCALE_AFTER.match(text[: m.end() - 1], n.end)
        word = m.group(1) if m else ""
        entry = scales.get(word.lower())
        glued = m is not None and m.start(1) == n.end
        if entry and (entry[1] != "money" or (n.start in money_context and glued)
                      or (glued and word.isupper() and _followed_by_currency(text, m.end()))):
            end = m.end(1)
            out.append(Number(start=n.start, end=end, value=n.value * entry[0],
                              words=n.words, scale=entry[0], negative_sign=n.negative_sign))
        else:
            out.append(n)
    return out


def _followed_by_currency(text: str, pos: int) -> bool:
    rest = text[pos:pos + 12].lower().lstrip()
    return any(rest.startswith(c) for c in ("dollar", "euro", "usd", "eur", "pound", "yuan", "yen"))

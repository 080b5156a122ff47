#!/usr/bin/env python3
"""Check the seed article against ../shared/seed/EXPECTED.md, item by item.

    python bench/seed_check.py [--json]

Reads ../shared/seed/article.txt with published 2023-05-24 and prints PASS/FAIL for each
expectation (article, actors, events, quotes, quantities, time); the last line is JSON
with the share passed. Skips cleanly when ../shared is absent.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"

Check = tuple[str, str, Callable[[dict[str, Any]], bool]]


def actor_code(r: dict, name: str) -> set[str]:
    return {a["code"] for a in r["actors"] if name.lower() in a["name"].lower() and a["code"]}


def mention_code(r: dict, phrase: str) -> set[str]:
    """Codes of actors with a mention overlapping the first occurrence of phrase."""
    start = r["text"].find(phrase)
    if start < 0:
        return set()
    end = start + len(phrase)
    return {a["code"] for a in r["actors"] for s, e in a["mentions"] if s < end and e > start and a["code"]}


def country(code: str | None) -> str | None:
    return code[:3] if code else None


def has_event(r: dict, src: str, tgt: str, roots: set[str], cameo_prefix: str = "",
              both_ways: bool = False, date: str | None = None) -> bool:
    for e in r["events"]:
        pair = (country(e["source"]["code"]), country(e["target"]["code"]))
        ok_pair = pair == (src, tgt) or (both_ways and pair == (tgt, src))
        if ok_pair and e["root"] in roots and e["cameo"].startswith(cameo_prefix):
            if date is None or e["date"] == date:
                return True
    return False


def no_false_alarms(r: dict) -> bool:
    for e in r["events"]:
        pair = (country(e["source"]["code"]), country(e["target"]["code"]))
        if e["root"] in {"13", "14", "15", "17", "18", "20"}:
            return False
        if e["root"] == "19" and pair != ("RUS", "UKR"):
            return False
    return True


def has_quote(r: dict, speaker: str, phrase: str, kind: str | None = None) -> bool:
    ids = {a["id"] for a in r["actors"] if speaker.lower() in a["name"].lower()}
    for q in r["quotes"]:
        sp = q.get("speaker") or {}
        who = sp.get("actor") in ids or speaker.lower() in (sp.get("text") or "").lower()
        if who and phrase in q["content"]["text"] and (kind is None or q["kind"] == kind):
            return True
    return False


def has_quantity(r: dict, value: float, **want: Any) -> bool:
    for q in r["quantities"]:
        if q["value"] is None or abs(q["value"] - value) > 1e-6 * max(1, value):
            continue
        if all((set(q[k]) >= set(v)) if k == "subjects" else q[k] == v for k, v in want.items()):
            return True
    return False


def has_timex(r: dict, text: str, value: str) -> bool:
    return any(t["text"].lower().endswith(text.lower()) and t["value"] == value for t in r["timexes"])


CHECKS: list[Check] = [
    ("article", "title", lambda r: r["title"] == "China’s Xi offers Russia ‘firm support’ in ‘core interests’"),
    ("article", "dateline BEIJING", lambda r: (r["dateline"] or "").upper() == "BEIJING"),
    ("article", "agency AFP", lambda r: r["agency"] == "AFP"),
    ("article", "no 'Back to top button'", lambda r: "Back to top" not in r["text"]),
    ("article", "no trailing '– AFP'", lambda r: not r["text"].rstrip().endswith("AFP")),
    ("article", "every paragraph kept", lambda r: all(p in r["text"] for p in (
        "Chinese President Xi Jinping on Wednesday", "It is the highest-level visit",
        "Mishustin had earlier told Li", "I believe your trip", "This is a year-on-year",
        "Mishustin is accompanied", "According to Russian state media", "They both resent",
        "Xi invited Putin to visit Beijing"))),
    ("actors", "Xi Jinping CHNGOV", lambda r: "CHNGOV" in actor_code(r, "Xi Jinping")),
    ("actors", "Mikhail Mishustin RUSGOV", lambda r: "RUSGOV" in actor_code(r, "Mishustin")),
    ("actors", "Li Qiang CHNGOV", lambda r: "CHNGOV" in actor_code(r, "Li Qiang")),
    ("actors", "Alexander Novak RUSGOV", lambda r: "RUSGOV" in actor_code(r, "Novak")),
    ("actors", "Putin RUSGOV", lambda r: "RUSGOV" in actor_code(r, "Putin")),
    ("actors", "Xinhua CHNMED", lambda r: "CHNMED" in mention_code(r, "Xinhua")),
    ("actors", "Brookings USAEDU/USANGO", lambda r: bool({"USAEDU", "USANGO"} & mention_code(r, "Brookings Institution"))),
    ("actors", "Ryan Hass USAEDU/USANGO", lambda r: bool({"USAEDU", "USANGO"} & actor_code(r, "Hass"))),
    ("actors", "Beijing’s insistence CHNGOV", lambda r: "CHNGOV" in mention_code(r, "Beijing’s insistence")),
    ("actors", "Moscow’s invasion RUSGOV", lambda r: "RUSGOV" in mention_code(r, "Moscow’s invasion")),
    ("actors", "the collective West WST", lambda r: any(c.startswith("WST") for c in mention_code(r, "collective West"))),
    ("actors", "Western countries WST", lambda r: any(c.startswith("WST") for c in mention_code(r, "Western countries"))),
    ("actors", "Ukraine UKR", lambda r: any(c.startswith("UKR") for c in mention_code(r, "Ukraine"))),
    ("actors", "'he said' (Mishustin) resolves", lambda r: "RUSGOV" in mention_code(r, "he said. Li")),
    ("events", "Xi offers Russia support CHN→RUS 05/03", lambda r: has_event(r, "CHN", "RUS", {"05", "03"})),
    ("events", "Mishustin visits China RUS→CHN 04", lambda r: has_event(r, "RUS", "CHN", {"04"}, "04", date="2023-05-22")),
    ("events", "meeting CHN↔RUS 04 on 2023-05-24", lambda r: has_event(r, "CHN", "RUS", {"04"}, both_ways=True, date="2023-05-24")),
    ("events", "sign agreements CHN↔RUS 057", lambda r: has_event(r, "CHN", "RUS", {"05"}, "057", both_ways=True)),
    ("events", "Li hails partnership CHN→RUS 05", lambda r: has_event(r, "CHN", "RUS", {"05"}, "051")),
    ("events", "Xi invites Putin CHN→RUS 03/04", lambda r: has_event(r, "CHN", "RUS", {"03", "04"}, date="2023-03")),
    ("events", "Western sanctions WST→RUS 16", lambda r: has_event(r, "WST", "RUS", {"16"})),
    ("events", "invasion RUS→UKR 19 dated 2022", lambda r: has_event(r, "RUS", "UKR", {"19"}, date="2022")),
    ("events", "no false alarms", no_false_alarms),
    ("quotes", "Xi ← firm support (told Mishustin)", lambda r: any(
        "firm support on issues concerning" in q["content"]["text"] and (q["cue"] or {}).get("text") == "told"
        and "Mishustin" in ((q["addressee"] or {}).get("text") or "") for q in r["quotes"])
        and has_quote(r, "Xi", "firm support on issues concerning")),
    ("quotes", "Hass told AFP (addressee)", lambda r: any(
        "shared grievances" in q["content"]["text"] and "AFP" in ((q["addressee"] or {}).get("text") or "")
        for q in r["quotes"])),
    ("quotes", "Mishustin ← unprecedented high level", lambda r: has_quote(r, "Mishustin", "unprecedented high level")),
    ("quotes", "Mishustin ← mutual respect", lambda r: has_quote(r, "Mishustin", "characterized by mutual respect")),
    ("quotes", "Li ← comprehensive strategic", lambda r: has_quote(r, "Li", "comprehensive strategic cooperative")),
    ("quotes", "Li ← I believe your trip", lambda r: has_quote(r, "Li", "I believe your trip")),
    ("quotes", "Li ← year-on-year increase", lambda r: has_quote(r, "Li", "This is a year-on-year increase")),
    ("quotes", "Li ← scale of investment", lambda r: has_quote(r, "Li", "The scale of investment")),
    ("quotes", "Li ← strategic projects", lambda r: has_quote(r, "Li", "Strategic large-scale projects")),
    ("quotes", "Hass ← shared grievances", lambda r: has_quote(r, "Hass", "shared grievances")),
    ("quotes", "Hass ← They both resent", lambda r: has_quote(r, "Hass", "They both resent")),
    ("quotes", "Li noted trade $70 billion (indirect)", lambda r: has_quote(r, "Li", "70 billion", "indirect")),
    ("quotes", "Novak energy supplies 40 percent (indirect)", lambda r: has_quote(r, "Novak", "40 percent", "indirect")),
    ("quantities", "$190 billion trade CHN-RUS 2022 record", lambda r: has_quantity(
        r, 190e9, unit="USD", metric="trade", period="2022", qualifier="record", subjects=["CHN", "RUS"])),
    ("quantities", "$190 billion source customs", lambda r: any(
        q["value"] == 190e9 and "customs" in ((q["source"] or {}).get("text") or "") for q in r["quantities"])),
    ("quantities", "$70 billion trade 2023", lambda r: has_quantity(r, 70e9, unit="USD", metric="trade", period="2023")),
    ("quantities", "40 percent (twice)", lambda r: sum(1 for q in r["quantities"] if q["value"] == 40 and q["unit"] == "percent") >= 2),
    ("time", "Monday → 2023-05-22", lambda r: has_timex(r, "Monday", "2023-05-22")),
    ("time", "Tuesday → 2023-05-23", lambda r: has_timex(r, "Tuesday", "2023-05-23")),
    ("time", "Wednesday → 2023-05-24", lambda r: has_timex(r, "Wednesday", "2023-05-24")),
    ("time", "last year → 2022", lambda r: has_timex(r, "last year", "2022")),
    ("time", "this year → 2023", lambda r: has_timex(r, "this year", "2023")),
    ("time", "2023 → 2023", lambda r: has_timex(r, "2023", "2023")),
    ("time", "February → 2023-02", lambda r: has_timex(r, "February", "2023-02")),
    ("time", "March → 2023-03", lambda r: has_timex(r, "March", "2023-03")),
]


def main() -> int:
    if not SEED.exists():
        print(f"seed_check: {SEED} not found; skipping")
        return 0
    import readout
    from readout.model import Article, to_dict
    from readout.sources import read_bytes

    (article,) = list(read_bytes(SEED.read_bytes(), origin=str(SEED)))
    assert isinstance(article, Article)
    pipeline = readout.Pipeline(readout.Settings(published="2023-05-24"))
    record = to_dict(next(pipeline.read_many([article])))
    passed = 0
    by_group: dict[str, list[int]] = {}
    for group, name, check in CHECKS:
        try:
            ok = bool(check(record))
        except Exception as exc:  # a missing field is a failure, not a crash
            ok, name = False, f"{name} ({type(exc).__name__}: {exc})"
        passed += ok
        by_group.setdefault(group, [0, 0])
        by_group[group][0] += ok
        by_group[group][1] += 1
        print(f"{'PASS' if ok else 'FAIL'}  {group:10s} {name}")
    summary = {"task": "seed", "passed": passed, "checks": len(CHECKS),
               "share": round(passed / len(CHECKS), 4),
               **{f"{g}_share": round(p / n, 4) for g, (p, n) in by_group.items()}}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build readout's actor knowledge base (src/readout/data/actors/*.tsv).

Inputs:
  - ../shared/data/cameo/cameo_countries.tsv       country and region codes (CAMEO manual)
  - ../shared/data/dictionaries/Phoenix.*.actors.txt, Phoenix.agents.txt
                                                    PETRARCH-2 / Phoenix dictionaries (MIT)
  - src/readout/data/actors/additions/*.tsv         readout's own tables (win over Phoenix)

Outputs (committed, so the package never needs ../shared):
  - names.tsv      phrase, code, kind, role, start, end, source
  - agents.tsv     phrase, sector, role, person, source
  - countries.tsv  code, name, kind

Run:  python3 tools/build_kb.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "readout" / "data" / "actors"
ADDITIONS = DATA / "additions"

BRACKET = re.compile(r"\[([^\]]*)\]")
ADJ_ENDINGS = ("AN", "ESE", "ISH", "I", "IC", "CH")
INSTITUTION_WORDS = {
    "ARMY", "PARTY", "COUNCIL", "MINISTRY", "FORCE", "FORCES", "COMMITTEE", "COURT", "BANK",
    "UNION", "FRONT", "MOVEMENT", "ASSEMBLY", "CONGRESS", "AGENCY", "SERVICE", "POLICE",
    "GOVERNMENT", "OFFICE", "COMMISSION", "ORGANIZATION", "ORGANISATION", "INSTITUTE",
    "UNIVERSITY", "NAVY", "GUARD", "GUARDS", "BRIGADE", "BRIGADES", "LEAGUE", "ASSOCIATION",
}


@dataclass
class Block:
    phrases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # raw "CODE [restriction]" strings
    comment: str = ""


def clean_phrase(raw: str) -> str:
    """A Phoenix phrase (WORDS_JOINED_BY_UNDERSCORES_) as plain text."""
    text = raw.strip().lstrip("+").replace("_", " ")
    return re.sub(r"\s+", " ", text).strip()


def parse_actor_file(path: Path) -> list[Block]:
    """Blocks of synonyms and their (dated) codes, in file order."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip():
            continue
        codes = BRACKET.findall(body)
        phrase = BRACKET.sub("", body).strip()
        indented = line[:1] in (" ", "\t")
        if phrase.startswith("+") and current is not None:
            current.phrases.append(clean_phrase(phrase))
        elif phrase and not (indented and current is not None and not phrase.strip("+")):
            if indented and current is not None and not current.codes:
                current.phrases.append(clean_phrase(phrase))
            else:
                current = Block(phrases=[clean_phrase(phrase)], comment=comment)
                blocks.append(current)
        if current is not None:
            current.codes.extend(c.strip() for c in codes if c.strip())
    return [b for b in blocks if b.codes and any(b.phrases)]


def to_iso(date: str) -> str:
    """Phoenix dates (YYMMDD or YYYYMMDD) as ISO dates."""
    date = date.strip()
    if len(date) == 6:
        yy = int(date[:2])
        date = ("20" if yy <= 30 else "19") + date
    if len(date) != 8 or not date.isdigit():
        return ""
    return f"{date[:4]}-{date[4:6]}-{date[6:]}"


def parse_code(raw: str) -> tuple[str, str, str] | None:
    """'CODE', 'CODE a-b', 'CODE >a', 'CODE <b' -> (code, start, end)."""
    parts = raw.split()
    if not parts or parts[0] in ("---", "***"):
        return None
    code, rest = parts[0].strip("~"), "".join(parts[1:])
    if not re.fullmatch(r"[A-Z]{3,15}", code):
        return None
    start = end = ""
    if rest.startswith(">"):
        start = to_iso(rest[1:])
    elif rest.startswith("<"):
        end = to_iso(rest[1:])
    elif "-" in rest:
        a, _, b = rest.partition("-")
        start, end = to_iso(a), to_iso(b)
    return code, start, end


def looks_like_person(block: Block, parsed: list[tuple[str, str, str]]) -> bool:
    if any(s or e for _, s, e in parsed):
        return True
    if "CountryInfo" in block.comment:
        return True
    words = block.phrases[0].upper().split()
    return (
        2 <= len(words) <= 4
        and all(w.isalpha() for w in words)
        and not INSTITUTION_WORDS & set(words)
        and all(code.endswith("ELI") for code, _, _ in parsed)
    )


def phoenix_rows(path: Path, country_names: dict[str, str], own_people: set[str]) -> list[list[str]]:
    """Rows for one Phoenix actor file; person blocks readout lists itself are left out."""
    rows: list[list[str]] = []
    for block in parse_actor_file(path):
        parsed = [p for p in (parse_code(c) for c in block.codes) if p]
        if not parsed:
            continue
        if any(compact(p) in own_people for p in block.phrases) and not any(len(c) == 3 for c, _, _ in parsed):
            continue
        country_block = any(len(code) == 3 for code, _, _ in parsed)
        person = not country_block and looks_like_person(block, parsed)
        for i, phrase in enumerate(block.phrases):
            if phrase.upper().startswith("THE "):
                phrase = phrase[4:]  # articles are matched by the resolver, not the KB
            if not phrase or len(phrase) < 2:
                continue
            if country_block:
                kind = "country" if i == 0 else classify_synonym(phrase, block.phrases[0])
            else:
                kind = "person" if person else "organisation"
            for code, start, end in parsed:
                rows.append([phrase, code, kind, "", start, end, "phoenix"])
    return rows


def classify_synonym(phrase: str, primary: str) -> str:
    words = phrase.upper().split()
    if (
        len(words) == 1
        and words[0][:3] == primary.upper()[:3]
        and words[0].endswith(ADJ_ENDINGS)
    ):
        return "adjective"
    return "place"


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def addition_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    for r in read_tsv(ADDITIONS / "countries.tsv"):
        code = r["code"]
        for column, kind in (("names", "country"), ("demonyms", "adjective"), ("capitals", "capital")):
            for name in filter(None, (r.get(column) or "").split("|")):
                rows.append([name, code, kind, "", "", "", "readout"])
    for r in read_tsv(ADDITIONS / "organisations.tsv"):
        for name in filter(None, r["names"].split("|")):
            rows.append([name, r["code"], r["kind"], "", "", "", "readout"])
    for r in read_tsv(ADDITIONS / "people.tsv"):
        for name in filter(None, r["names"].split("|")):
            rows.append([name, r["code"], "person", r["role"], r["start"], r["end"], "readout"])
    return rows


def expand_agent(phrase: str, plural: str | None, subs: dict[str, list[str]]) -> list[str]:
    """The surface forms of one Phoenix agent entry (substitutions, plurals)."""
    forms = [phrase]
    for marker, values in subs.items():
        if marker in phrase:
            return [phrase.replace(marker, v) for v in values]
    if plural is None and not phrase.endswith("_"):
        forms.append(make_plural(phrase.rstrip("_")))
    elif plural:
        forms.append(plural)
    return forms


def make_plural(phrase: str) -> str:
    if phrase.endswith("SS"):
        return phrase + "ES"
    if phrase.endswith("Y") and not phrase.endswith(("AY", "EY", "OY", "UY")):
        return phrase[:-1] + "IES"
    return phrase + "S"


def phoenix_agents(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    subs: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.partition("#")[0].strip()
        m = re.match(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            subs[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        m = re.match(r"([^\[{]+?)\s*(\{([^}]*)\})?\s*\[([^\]}]+)[\]}]", body)
        if not m:
            continue
        phrase, plural, code = m.group(1).strip(), m.group(3), m.group(4).strip()
        sector = code.replace("~", "")[:3]
        if not re.fullmatch(r"[A-Z]{3}", sector) or sector == "CVL":
            continue  # Phoenix's civilian cues are too broad ("customer", "settlement")
        plural = plural.strip() if plural is not None else None
        for form in expand_agent(phrase, plural, subs):
            text = clean_phrase(form).lower()
            if text:
                rows.append([text, sector, "", "0", "phoenix", "0"])
    return rows


def addition_agents() -> list[list[str]]:
    rows = []
    for r in read_tsv(ADDITIONS / "agents.tsv"):
        role = "" if r["role"] == "-" else r["role"]
        for phrase in filter(None, r["phrase"].split("|")):
            forms = [phrase]
            if not phrase.endswith("s") and " " not in phrase[-1:]:
                forms.append(make_plural(phrase.upper()).lower() if phrase.islower() else phrase + "s")
            for form in forms:
                rows.append([form, r["sector"], role, r["person"], "readout", r.get("alone") or "0"])
    return rows


def compact(text: str) -> str:
    """The lookup key readout.actors.kb uses: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", text.lower())


def write_tsv(path: Path, header: list[str], rows: list[list[str]], note: str) -> None:
    seen: set[tuple[str, ...]] = set()
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(note)
        f.write("\t".join(header) + "\n")
        for row in rows:
            key = tuple(row)
            if key in seen or any("\t" in c or "\n" in c for c in row):
                continue
            seen.add(key)
            f.write("\t".join(row) + "\n")


NOTE = (
    "# Built by tools/build_kb.py from readout's own tables (data/actors/additions, source\n"
    "# 'readout') and the PETRARCH-2/Phoenix dictionaries (source 'phoenix', MIT licence,\n"
    "# Copyright (c) 2014 Open Event Data Alliance; see NOTICE). Do not edit by hand.\n"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    cameo, dicts = args.shared / "data" / "cameo", args.shared / "data" / "dictionaries"
    if not dicts.is_dir():
        print(f"no dictionaries at {dicts}", file=sys.stderr)
        return 2
    countries = [
        [r["code"], r["name"].strip('"'), r["kind"]] for r in read_tsv(cameo / "cameo_countries.tsv")
    ]
    country_names = {c: n for c, n, _ in countries}
    names = addition_rows()
    own_people = {compact(r[0]) for r in names if r[2] == "person"}
    stop = {ln.strip().upper() for ln in (ADDITIONS / "stopnames.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        names.extend(r for r in phoenix_rows(dicts / fname, country_names, own_people)
                     if r[0].upper() not in stop)
    agents = addition_agents() + phoenix_agents(dicts / "Phoenix.agents.txt")
    DATA.mkdir(parents=True, exist_ok=True)
    names = [[compact(r[0])] + r for r in names if compact(r[0])]
    write_tsv(DATA / "names.tsv", ["key", "phrase", "code", "kind", "role", "start", "end", "source"], names, NOTE)
    write_tsv(DATA / "agents.tsv", ["phrase", "sector", "role", "person", "source", "alone"], agents, NOTE)
    write_tsv(DATA / "countries.tsv", ["code", "name", "kind"], countries,
              "# From ../shared/data/cameo/cameo_countries.tsv (CAMEO manual 1.1b3, public).\n")
    print(f"names {len(names)}, agents {len(agents)}, countries {len(countries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

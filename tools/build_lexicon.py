#!/usr/bin/env python3
"""Build readout's event data files from the shared CAMEO tables and the MIT verb dictionary.

    python3 tools/build_lexicon.py [--shared ../shared]

Reads
  <shared>/data/cameo/cameo_codes.tsv, cameo2plover.tsv   -> src/readout/data/events/codebook.tsv
  <shared>/data/dictionaries/CAMEO.2.0.txt (PETRARCH2, MIT) + src/readout/data/events/team_entries.tsv
                                                          -> src/readout/data/events/lexicon.tsv
The built files are committed, so the package never reads ../shared at run time.

Lexicon rows (tab separated): lemma, kind (verb|noun), particle, object, preps, code, origin, note.
``object`` is a phrase whose last word is the head ("financial aid"), alternatives split by
``|``; ``preps`` is ``prep:phrase`` items joined by ``;`` (an empty phrase: the preposition
alone). Code ``---`` means "this pattern is not an event" and blocks the verb's default.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "readout" / "data" / "events"
PARTICLES = {"out", "off", "up", "down", "back", "forward", "away", "over", "aside", "in", "on"}
LEX_FIELDS = ["lemma", "kind", "particle", "object", "preps", "code", "origin", "note"]


def build_codebook(shared: Path) -> list[dict[str, str]]:
    """Every CAMEO code with name, Goldstein, root, quad class and its PLOVER event/mode."""
    cameo = shared / "data" / "cameo"
    with open(cameo / "cameo2plover.tsv", encoding="utf-8") as f:
        plover = {r["cameo_code"]: r for r in csv.DictReader(f, delimiter="\t")}
    rows = []
    with open(cameo / "cameo_codes.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            code = r["code"]
            p = plover.get(code)
            origin = "cameo2plover"
            if p is None and code.startswith("02"):
                # PLOVER folds CAMEO 02 (appeal) into REQUEST, like 10 (demand): mirror 10x modes.
                mirror = plover.get("10" + code[2:]) or {}
                p = {"plover_event": "REQUEST", "plover_mode": mirror.get("plover_mode", "")}
                origin = "derived:10" + code[2:]
            elif p is None and len(code) > 2:
                p = plover.get(code[:3]) or plover.get(code[:2])
                origin = "parent" if p else ""
            name = r["name"] or r.get("icews_name") or ""
            goldstein = r["goldstein"] or r.get("icews_goldstein") or ""
            if not goldstein:  # a code with no score of its own takes its parent's
                parent = next((x for x in rows if x["code"] == code[:-1]), None)
                goldstein = parent["goldstein"] if parent else "0.0"
                name = name or (parent["name"] + " (subcode)" if parent else code)
            rows.append({
                "code": code, "name": name, "goldstein": goldstein, "root": r["root"],
                "quad_class": r["quad_class"],
                "plover": (p or {}).get("plover_event", "") or "",
                "plover_mode": (p or {}).get("plover_mode", "") or "",
                "plover_origin": origin if p else "",
            })
    return rows


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        if raw.startswith("####### VERB"):
            break
        line = _strip_comment(raw).strip()
        if line.startswith("&"):
            current = line.rstrip("_").lower()
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].rstrip("_").replace("_", " ").lower())
    return synsets


def _phrase(text: str, synsets: dict[str, list[str]]) -> str:
    """'{FINANCIAL &AID}' -> 'financial aid|financial help'; bare words likewise."""
    words = text.strip("{}").split()
    options = [""]
    for w in words:
        w = w.lower().rstrip("_")
        alts = synsets.get(w, [w]) if w.startswith("&") else [w.replace("_", " ")]
        options = [(o + " " + a).strip() for o in options for a in alts][:200]
    return "|".join(o for o in options if o and not o.startswith("&"))


_TOKEN = re.compile(r"\([^)]*\)|\{[^}]*\}|\S+")


def _parse_pattern(body: str, synsets: dict[str, list[str]]) -> dict[str, str] | None:
    """The post-verb part of a '- PRE * POST [CODE]' line, or None when not usable."""
    m = re.match(r"-\s*(.*?)\*(.*)\[([^\]]*)\]", body)
    if not m:
        return None
    pre, post, code = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
    if pre:  # subject constraints: not reproduced
        return None
    code = code.split(":")[0].strip()
    if not code or not re.fullmatch(r"\d{2,4}|---", code):
        return None
    particle, objects, preps = "", [], []
    for tok in _TOKEN.findall(post):
        if tok in ("$", "^", "%", "+"):
            continue
        if tok.startswith("("):
            inner = tok.strip("()").split(None, 1)
            if not inner:
                continue
            prep = inner[0].lower().replace("/", "|")
            preps.append(prep + ":" + (_phrase(inner[1], synsets) if len(inner) > 1 else ""))
        elif not objects and not particle and not preps and tok.lower() in PARTICLES:
            particle = tok.lower()
        elif not preps:
            objects.append(tok)
    if len(objects) > 1:
        objects = ["{" + " ".join(o.strip("{}") for o in objects) + "}"]
    obj = _phrase(objects[0], synsets) if objects else ""
    return {"particle": particle, "object": obj, "preps": ";".join(preps), "code": code}


def _verb_line(line: str) -> tuple[str, str, str] | None:
    """'+ASK_FOR {...} [020]' -> ('ask', 'for', '020'); 'GRILL [110]' -> ('grill', '', '110')."""
    line = re.sub(r"\{[^}]*\}", "", line).strip()
    code = ""
    m = re.search(r"\[([^\]]*)\]", line)
    if m:
        code = m.group(1).split(":")[0].strip()
        line = line[: m.start()].strip()
    if not line:
        return None
    words = line.split()[0].lower().split("_")
    if words[0].startswith("+"):
        words[0] = words[0][1:]
    elif any(w.startswith("+") for w in words):  # pre-compound verbs (WIRE_+TAP): skipped
        return None
    if not re.fullmatch(r"[a-z-]+", words[0]):
        return None
    return words[0], " ".join(words[1:]), code


def build_mit(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="latin-1").splitlines()
    synsets = _read_synsets(lines)
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    block_code, verbs, started = "---", [], False
    for raw in lines:
        if raw.startswith("####### VERB"):
            started = True
            continue
        line = _strip_comment(raw).strip()
        if not started or not line or line.startswith("~"):
            continue
        m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if m:
            block_code, verbs = m.group(2).split(":")[0].strip() or "---", []
            continue
        if line.startswith("-"):
            pat = _parse_pattern(line, synsets)
            if pat is None:
                continue
            for lemma, particle, _ in verbs:
                if particle and pat["particle"]:
                    continue
                row = {"lemma": lemma, "kind": "verb", **pat, "origin": "mit",
                       "note": ""}
                row["particle"] = particle or pat["particle"]
                _add(rows, seen, row)
            continue
        verb = _verb_line(line)
        if verb is None:
            continue
        lemma, particle, code = verb
        verbs.append(verb)
        code = code or block_code
        if re.fullmatch(r"\d{2,4}", code) or code == "---":
            _add(rows, seen, {"lemma": lemma, "kind": "verb", "particle": particle, "object": "",
                              "preps": "", "code": code, "origin": "mit", "note": ""})
    return rows


def _add(rows: list[dict[str, str]], seen: set[tuple[str, ...]], row: dict[str, str]) -> None:
    key = (row["lemma"], row["kind"], row["particle"], row["object"], row["preps"])
    if key not in seen:  # the first pattern for a key wins, as in the source file's order
        seen.add(key)
        rows.append(row)


def read_team(path: Path) -> list[dict[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            cells += [""] * (7 - len(cells))
            rows.append({"lemma": cells[0], "kind": cells[1] or "verb", "particle": cells[2],
                         "object": cells[3], "preps": cells[4], "code": cells[5],
                         "origin": "team", "note": cells[6]})
    return rows


def write_tsv(path: Path, rows: list[dict[str, str]], fields: list[str], header: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    codebook = build_codebook(args.shared)
    write_tsv(OUT / "codebook.tsv", codebook, list(codebook[0]),
              "# CAMEO event codes (GDELT/ICEWS tables) with the CAMEO->PLOVER map (PLOVER,\n"
              "# CC BY-SA 4.0); built by tools/build_lexicon.py from ../shared/data/cameo.\n"
              "# plover_origin 'derived:10x': CAMEO 02 appeals take PLOVER REQUEST with the mode of\n"
              "# the matching 10x demand code.\n")
    team = read_team(OUT / "team_entries.tsv")
    mit = build_mit(args.shared / "data" / "dictionaries" / "CAMEO.2.0.txt")
    team_keys = {(r["lemma"], r["kind"], r["particle"], r["object"], r["preps"]) for r in team}
    mit = [r for r in mit if (r["lemma"], r["kind"], r["particle"], r["object"], r["preps"]) not in team_keys]
    write_tsv(OUT / "lexicon.tsv", team + mit, LEX_FIELDS,
              "# readout event lexicon; built by tools/build_lexicon.py. origin 'mit': converted from\n"
              "# the PETRARCH2 CAMEO.2.0 verb dictionary (openeventdata/petrarch2, MIT licence);\n"
              "# origin 'team': src/readout/data/events/team_entries.tsv.\n")
    print(f"codebook: {len(codebook)} codes; lexicon: {len(team)} team + {len(mit)} mit rows",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

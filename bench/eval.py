#!/usr/bin/env python3
"""`make eval`: run every dev gold set through `readout read`, score it, write docs/quality.md.

For each set: readout reads the gold file (it doubles as input), score.py scores the output,
and every headline figure becomes a row of docs/quality.md. Figures listed in
bench/floors.json must not fall below their floor; if one does, the exit status is 1.
Skips cleanly (exit 0) when ../shared is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "dev"
SCORER = SHARED / "scoring" / "score.py"
OUT = ROOT / "out" / "eval"
FLOORS = ROOT / "bench" / "floors.json"
READOUT = [sys.executable, "-m", "readout.cli"]

# name → (scorer task, gold file, how readout reads it)
SETS: dict[str, tuple[str, str, list[str]]] = {
    "events/plover_dev": ("events", "events/plover_dev.jsonl", ["--input-format", "jsonl"]),
    "quotes/polnear_dev": ("quotes", "quotes/polnear_dev.jsonl", ["--input-format", "jsonl"]),
    "timex/tbaq_dev": ("timex", "timex/tbaq_dev.jsonl", ["--input-format", "jsonl"]),
    "quantities/quantities_dev": ("quantities", "quantities/quantities_dev.jsonl",
                                  ["--input-format", "jsonl"]),
    "extract/fundus80": ("extract", "extract/fundus80/ground_truth.jsonl",
                         ["--input-format", "html", "--all-languages"]),
}
EXTRACT_INPUT = "extract/fundus80/html"


def read_command(name: str, gold: Path, flags: list[str], pred: Path) -> list[str]:
    source = DEV / EXTRACT_INPUT if name.startswith("extract/") else gold
    return [*READOUT, "read", *flags, str(source), "-o", str(pred), "--quiet"]


def run_set(name: str, task: str, gold: Path, flags: list[str]) -> dict:
    pred = OUT / (name.replace("/", "__") + ".jsonl")
    started = time.perf_counter()
    read = subprocess.run(read_command(name, gold, flags, pred), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if read.returncode not in (0, 1) or not pred.exists():
        print(f"{name}: readout failed ({read.returncode}):\n{read.stderr[-2000:]}", file=sys.stderr)
        return {"error": f"readout exited {read.returncode}"}
    score = subprocess.run([sys.executable, str(SCORER), task, str(pred), str(gold),
                            "--json-out", str(pred.with_suffix(".score.json"))],
                           capture_output=True, text=True)
    if score.returncode != 0:
        print(f"{name}: scorer failed:\n{score.stderr[-2000:]}", file=sys.stderr)
        return {"error": "scorer failed"}
    (pred.with_suffix(".score.txt")).write_text(score.stdout, encoding="utf-8")
    head = json.loads(score.stdout.strip().splitlines()[-1])
    head["read_seconds"] = round(seconds, 1)
    return head


def run_seed_check() -> dict:
    """The share of ../shared/seed/EXPECTED.md checks the seed article passes."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "seed_check.py")],
                         capture_output=True, text=True)
    (OUT / "seed_check.txt").write_text(out.stdout + out.stderr, encoding="utf-8")
    if out.returncode != 0:
        print(f"seed: check failed:\n{out.stderr[-2000:]}", file=sys.stderr)
        return {"error": "seed check failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def git_commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True)
    return out.stdout.strip() or "unknown"


def write_table(results: dict[str, dict], path: Path) -> None:
    lines = [
        "# Quality on the dev sets",
        "",
        f"Written by `make eval` on {dt.date.today().isoformat()} at commit {git_commit()}.",
        "Each set is read with `readout read` and scored with `../shared/scoring/score.py`;",
        "floors (bench/floors.json) are marked; full score output is in out/eval/.",
        "",
        "| set | figure | value | floor |",
        "|---|---|---|---|",
    ]
    floors = load_floors()
    for name, head in results.items():
        for key, value in head.items():
            if key in ("task", "gold", "pred") or isinstance(value, (dict, list)):
                continue
            floor = floors.get(f"{name}.{key}")
            lines.append(f"| {name} | {key} | {value} | {'' if floor is None else floor} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_floors() -> dict[str, float]:
    if not FLOORS.exists():
        return {}
    return {k: v for k, v in json.loads(FLOORS.read_text()).items() if not k.startswith("_")}


def check_floors(results: dict[str, dict]) -> list[str]:
    failures = []
    for key, floor in load_floors().items():
        name, figure = key.rsplit(".", 1)
        value = results.get(name, {}).get(figure)
        if name in results and (value is None or value < floor):
            failures.append(f"{key} = {value} is below its floor {floor}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", help="run only these sets (repeatable)")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/quality.md")
    args = ap.parse_args(argv)
    if not DEV.is_dir() or not SCORER.exists():
        print(f"eval: {DEV} not found; skipping (the dev gold sets live in ../shared)")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    for name, (task, gold, flags) in SETS.items():
        if args.only and name not in args.only:
            continue
        print(f"eval: {name} ...", flush=True)
        results[name] = run_set(name, task, DEV / gold, flags)
        print(json.dumps(results[name]), flush=True)
    if not args.only or "seed" in args.only:
        print("eval: seed ...", flush=True)
        results["seed"] = run_seed_check()
        print(json.dumps(results["seed"]), flush=True)
    if not args.no_write and not args.only:
        write_table(results, ROOT / "docs" / "quality.md")
        print("eval: wrote docs/quality.md")
    failures = check_floors(results)
    for failure in failures:
        print(f"eval: FLOOR {failure}", file=sys.stderr)
    errors = [n for n, h in results.items() if "error" in h]
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Score the time tagger on the TBAQ dev set (../shared/data/dev/timex) quickly.

    .venv/bin/python bench/timex_eval.py [OUT_DIR]

Runs only spaCy + readout.timex (not the whole pipeline), writes OUT_DIR/timex_pred.jsonl
and prints score.py's table. Skips cleanly when ../shared is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data/dev/timex/tbaq_dev.jsonl"
SCORER = SHARED / "scoring/score.py"


def main() -> int:
    if not GOLD.exists() or not SCORER.exists():
        print(f"skip: {GOLD} not found")
        return 0
    from readout.model import to_dict
    from readout.nlp import load_pipeline
    from readout.timex import tag_text

    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out/timex"
    out_dir.mkdir(parents=True, exist_ok=True)
    pred_path = out_dir / "timex_pred.jsonl"
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    with pred_path.open("w", encoding="utf-8") as fh:
        for rec, doc in zip(records, nlp.pipe([r["text"] for r in records], batch_size=16)):
            timexes = [to_dict(t) for t in tag_text(rec["text"], rec.get("published"), doc)]
            fh.write(json.dumps({"id": rec["id"], "text": rec["text"], "timexes": timexes}) + "\n")
    return subprocess.call([sys.executable, str(SCORER), "timex", str(pred_path), str(GOLD)])


if __name__ == "__main__":
    raise SystemExit(main())

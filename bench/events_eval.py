"""Score the event coder on the PLOVER dev set and time it against spaCy.

    .venv/bin/python bench/events_eval.py [OUT_DIR]

Parses the dev texts (../shared/data/dev/events/plover_dev.jsonl) with spaCy (timed), runs
the actors and timex stages (not timed), then the event coder alone (timed, best of three passes); writes
OUT_DIR/events_pred.jsonl, prints the scorer's table, the F1 by PLOVER type, and the coder's
time as a share of the spaCy time (the issue's budget: at most 10%). The seed article, when
present, is timed the same way (a long text). Skips cleanly when ../shared is absent.
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data/dev/events/plover_dev.jsonl"
SEED = SHARED / "seed/article.txt"
SCORER = SHARED / "scoring/score.py"


def _timed_run(nlp, texts: list[str], published: list[str | None]) -> tuple[list, float, float]:
    """(records as dicts, spaCy seconds, coder seconds)."""
    from readout.actors import resolve_actors
    from readout.context import StageInput
    from readout.events import code_events
    from readout.model import Article, to_dict
    from readout.settings import Settings
    from readout.timex import find_timexes

    settings = Settings()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t_spacy = time.perf_counter() - t0
    inputs = []
    for text, pub, doc in zip(texts, published, docs):
        inp = StageInput(doc=doc, article=Article(text=text, published=pub), settings=settings)
        inp = dataclasses.replace(inp, actors=resolve_actors(inp))
        inputs.append(dataclasses.replace(inp, timexes=find_timexes(inp)))
    runs = []
    for _ in range(3):  # the machine is shared: the best of three passes
        t1 = time.perf_counter()
        results = [code_events(inp) for inp in inputs]
        runs.append(time.perf_counter() - t1)
    out = [{"events": [to_dict(e) for e in events]} for events in results]
    return out, t_spacy, min(runs)


def main() -> int:
    if not GOLD.exists() or not SCORER.exists():
        print(f"skip: {GOLD} not found")
        return 0
    from readout.events.lexicon import lexicon
    from readout.nlp import load_pipeline

    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out/events"
    out_dir.mkdir(parents=True, exist_ok=True)
    pred_path = out_dir / "events_pred.jsonl"
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    lexicon()  # load the lexicon and its index once, outside the timing
    _timed_run(nlp, ["France criticized Iran and met Japan."], [None])
    texts = [r["text"] for r in records]
    preds, t_spacy, t_code = _timed_run(nlp, texts, [r.get("published") for r in records])
    with pred_path.open("w", encoding="utf-8") as fh:
        for rec, pred in zip(records, preds):
            fh.write(json.dumps({"id": rec["id"], "text": rec["text"], **pred}) + "\n")
    json_out = out_dir / "events_score.json"
    subprocess.call([sys.executable, str(SCORER), "events", str(pred_path), str(GOLD),
                     "--json-out", str(json_out)])
    res = json.loads(json_out.read_text(encoding="utf-8"))
    print("\nF1 by PLOVER type:")
    for lab, v in res.get("by_plover_type", {}).items():
        print(f"  {lab:<12} P {v['p']:.2f}  R {v['r']:.2f}  F1 {v['f1']:.2f}  (tp {v['tp']} fp {v['fp']} fn {v['fn']})")
    print(f"\nspeed on {len(texts)} dev texts: spaCy {t_spacy:.2f} s, coder {t_code:.2f} s "
          f"= {100 * t_code / t_spacy:.1f}% of spaCy")
    if SEED.exists():
        seed = SEED.read_text(encoding="utf-8")
        _, s_spacy, s_code = _timed_run(nlp, [seed] * 5, ["2023-05-24"] * 5)
        print(f"speed on the seed article x5: spaCy {s_spacy:.2f} s, coder {s_code:.2f} s "
              f"= {100 * s_code / s_spacy:.1f}% of spaCy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

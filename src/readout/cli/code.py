"""``readout code "SENTENCE"``: code one sentence and print each event with the rule that fired."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from readout.model import to_dict


def register(app: typer.Typer) -> None:
    app.command("code")(code_command)


def _side(ref: dict) -> str:
    if not ref.get("text") and not ref.get("code"):
        return "---"
    return f"{ref.get('code') or '?'} ({ref.get('text') or ''})"


def code_command(
    sentence: str = typer.Argument(..., help="The sentence (or short text) to code."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
    verbs: Optional[list[Path]] = typer.Option(None, "--verbs",
                                               help="A user verb lexicon (TSV); may be repeated."),
    as_json: bool = typer.Option(False, "--json", help="Print the events as JSON Lines."),
) -> None:
    """Code a sentence into CAMEO/PLOVER events and show which lexicon entry fired for each."""
    from readout.pipeline import Pipeline
    from readout.settings import load_settings

    for path in verbs or []:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="--verbs")
    settings = load_settings(None, published=published, verb_files=tuple(verbs) if verbs else None)
    record = Pipeline(settings).read(sentence, published=published)
    if as_json:
        for ev in record.events:
            typer.echo(json.dumps(to_dict(ev), ensure_ascii=False))
        return
    if not record.events:
        typer.echo("no events")
    for ev in record.events:
        flags = []
        if ev.negated:
            flags.append("NEGATED")
        if ev.modality != "asserted":
            flags.append(ev.modality)
        plover = ev.plover + (f"/{ev.plover_mode}" if ev.plover_mode else "") if ev.plover else "-"
        typer.echo(f"{ev.id}  {_side(to_dict(ev.source))} -> {_side(to_dict(ev.target))}  "
                   f"{ev.cameo} (root {ev.root}, quad {ev.quad_class}, goldstein {ev.goldstein:+.1f}) "
                   f"PLOVER {plover}  trigger '{ev.trigger.text}'  date {ev.date}  "
                   f"{' '.join(flags)}  rule {ev.rule}".rstrip())

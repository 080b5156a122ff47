"""``readout read`` and ``readout summary``."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.table import Table

from readout.cli.common import progress_bar, stderr, warn
from readout.model import Article, to_dict
from readout.pipeline import Pipeline
from readout.settings import load_settings
from readout.sources import FORMATS, ReadError, read_sources
from readout.summary import iter_jsonl, summarize


def register(app: typer.Typer) -> None:
    app.command("read")(read_command)
    app.command("summary")(summary_command)


def _articles(paths: List[str], input_format: str, failures: list[str]) -> Iterator[Article]:
    for item in read_sources(paths, input_format):
        if isinstance(item, ReadError):
            warn(str(item))
            failures.append(str(item))
        else:
            yield item


def read_command(
    paths: List[str] = typer.Argument(..., help="Files or directories to read; - for stdin."),
    input_format: str = typer.Option("auto", "--input-format", "-f",
                                     help=f"One of: {', '.join(FORMATS)}."),
    published: Optional[str] = typer.Option(None, "--published",
                                            help="Publication date (YYYY-MM-DD) for articles without one."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSON Lines here."),
    settings_file: Optional[Path] = typer.Option(None, "--settings", help="A JSON settings file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read articles and write one readout/1 record per article as JSON Lines."""
    if input_format not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--input-format")
    if published is not None:
        from readout.extract import normalize_date

        if normalize_date(published) is None:
            raise typer.BadParameter("expected YYYY-MM-DD", param_hint="--published")
    try:
        settings = load_settings(settings_file, published=published)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--settings")
    failures: list[str] = []
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    started, count = time.perf_counter(), 0
    try:
        with progress_bar(not quiet) as bar:
            for record in Pipeline(settings).read_many(_articles(paths, input_format, failures)):
                out.write(json.dumps(to_dict(record), ensure_ascii=False) + "\n")
                count += 1
                for w in record.warnings:
                    if w.startswith("empty article"):
                        warn(f"{record.id}: {w}")
                        failures.append(record.id)
                if bar is not None:
                    rate = count / max(time.perf_counter() - started, 1e-9)
                    bar.update(bar.task_ids[0], advance=1, rate=f"{rate:.1f}")
    finally:
        if output:
            out.close()
    if failures:
        stderr.print(f"{count} records written; {len(failures)} inputs failed", highlight=False)
        raise typer.Exit(1)


def summary_command(
    path: Path = typer.Argument(..., help="A JSON Lines file written by `readout read`."),
) -> None:
    """Print counts of articles, actors, events by quad class, quotes and quantities."""
    s = summarize(iter_jsonl(path))
    table = Table(title=f"readout summary of {path}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in s.rows():
        table.add_row(name, str(value))
    from rich.console import Console

    Console().print(table)

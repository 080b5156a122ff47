"""``readout read`` and ``readout summary``."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.table import Table

from readout.cli.common import progress_bar, stderr, warn
from readout.limits import LIMIT_PREFIX
from readout.model import Article
from readout.settings import load_settings, parse_stages
from readout.sources import FORMATS, ReadError, read_sources
from readout.summary import iter_jsonl, summarize
from readout.workers import read_lines


def register(app: typer.Typer) -> None:
    app.command("read")(read_command)
    app.command("summary")(summary_command)


MAX_BYTES_HELP = "Read at most this many bytes of each article's text or HTML (a warning when cut)."
TIME_BUDGET_HELP = ("Seconds of stage time per article; past them the remaining stages are "
                    "skipped with a warning (0: no limit).")


def _each_input(paths: List[str], input_format: str) -> Iterator[Article | ReadError]:
    """``read_sources`` one input at a time: a parser that raises on one file gives an error
    for that file, and the batch goes on with the next."""
    from readout.sources import _expand

    for name in _expand(paths):
        try:
            yield from read_sources([name], input_format)
        except Exception as exc:  # a source bug on hostile input must not end the batch
            origin = "<stdin>" if name == "-" else name
            yield ReadError(origin=origin, reason=f"cannot read it ({type(exc).__name__}: {exc})")


def _articles(paths: List[str], input_format: str, failures: list[str],
              counts: Optional[dict[str, int]] = None, dedup: bool = True,
              english_only: bool = True, max_bytes: int = 0) -> Iterator[Article]:
    from readout.dedup import Deduplicator
    from readout.limits import cut_bytes
    from readout.sources import ingest

    counts = {} if counts is None else counts
    marker = Deduplicator() if dedup else None
    raw = (cut_bytes(item, max_bytes) if isinstance(item, Article) else item
           for item in _each_input(paths, input_format))
    for item in ingest(raw, dedup=marker, english_only=english_only):
        if isinstance(item, ReadError):
            counts[item.kind] = counts.get(item.kind, 0) + 1
            if item.kind == "info":
                stderr.print(f"note: {item}", highlight=False, soft_wrap=True)
                continue
            warn(str(item))
            if item.kind == "error":
                failures.append(str(item))
        else:
            counts["duplicate"] = counts.get("duplicate", 0) + (item.duplicate_of is not None)
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
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Processes reading in parallel (spaCy loaded once in each)."),
    stages: Optional[str] = typer.Option(None, "--stages",
                                         help="Comma-separated stages to run (default: all); spaCy components no chosen stage reads are skipped (timexes/quotes alone: no entity recognizer, no entities)."),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup",
                               help="Mark copies of earlier articles with duplicate_of."),
    all_languages: bool = typer.Option(False, "--all-languages",
                                       help="Read non-English articles too (default: skip them)."),
    actors: Optional[List[Path]] = typer.Option(None, "--actors", exists=True, dir_okay=False,
                                                help="Actor dictionary TSV (name, code, role, start, end); repeatable."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", min=1, help=MAX_BYTES_HELP),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", min=0, help=TIME_BUDGET_HELP),
) -> None:
    """Read articles and write one readout/1 record per article as JSON Lines."""
    if input_format not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--input-format")
    if published is not None:
        from readout.extract import normalize_date

        if normalize_date(published) is None:
            raise typer.BadParameter("expected YYYY-MM-DD", param_hint="--published")
    try:
        chosen = parse_stages(stages) if stages is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--stages")
    try:
        settings = load_settings(settings_file, published=published, stages=chosen,
                                 actor_files=tuple(actors) if actors else None,
                                 max_bytes=max_bytes, time_budget=time_budget)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--settings")
    failures: list[str] = []
    counts: dict[str, int] = {}
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    started, count = time.perf_counter(), 0
    try:
        with progress_bar(not quiet) as bar:
            for record in read_lines(_articles(paths, input_format, failures, counts, dedup,
                                                  not all_languages, settings.max_bytes),
                                        settings, workers):
                out.write(record.json + "\n")
                count += 1
                for w in record.warnings:
                    if w.startswith("empty article"):
                        warn(f"{record.id}: {w}")
                        failures.append(record.id)
                    elif w.startswith(LIMIT_PREFIX):
                        warn(f"{record.id}: {w[len(LIMIT_PREFIX):]}")
                if bar is not None:
                    rate = count / max(time.perf_counter() - started, 1e-9)
                    bar.update(bar.task_ids[0], advance=1, rate=f"{rate:.1f}")
    finally:
        if output:
            out.close()
    if counts.get("skipped") or counts.get("duplicate"):
        stderr.print(f"{count} records written; {counts.get('skipped', 0)} skipped; "
                     f"{counts.get('duplicate', 0)} marked as duplicates", highlight=False)
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

"""``readout ingest``, ``events``, ``quotes``, ``timeline``, ``dyads``, ``sql``, ``export``:
thin shells over ``readout.store.Store``, ``readout.analysis`` and ``readout.export``."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from readout.cli.common import progress_bar, stderr, warn
from readout.cli.read import MAX_BYTES_HELP, TIME_BUDGET_HELP
from readout.model import Article

DB_HELP = "The DuckDB store file."
DEFAULT_DB = Path("readout.duckdb")
LOCK_WAIT = 120.0  # seconds a command waits for another process (a server, an ingest) to let go of the store


def register(app: typer.Typer) -> None:
    for name, fn in (("ingest", ingest_command), ("events", events_command),
                     ("quotes", quotes_command), ("timeline", timeline_command),
                     ("dyads", dyads_command), ("sql", sql_command),
                     ("export", export_command)):
        app.command(name)(fn)


def article_hash(article: Article, published: Optional[str]) -> str:
    """A hash of an article as its source gave it (before extraction and parsing)."""
    key = json.dumps([article.text, article.html, article.title, article.published or published,
                      article.url, article.source], ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _open(db: Path, read_only: bool = True):
    from readout.store import Store

    if read_only and not db.exists():
        raise typer.BadParameter(f"no store at {db} (run `readout ingest` first)", param_hint="--db")
    try:
        return Store(db, read_only=read_only, timeout=LOCK_WAIT)
    except Exception as exc:  # a locked or damaged file: say so, no traceback
        stderr.print(f"[red]error:[/red] cannot open {db}: {exc}", highlight=False)
        raise typer.Exit(2)


def _print_frame(frame, fmt: str, title: str = "", max_rows: int = 200) -> None:
    """A DataFrame as a Rich table, CSV or JSON on stdout."""
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
        return
    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None)
    for col in frame.columns:
        table.add_column(str(col), overflow="fold",  # dates whole, even in 80 columns
                         min_width=10 if col in ("period", "date", "published") else None)
    for row in frame.head(max_rows).itertuples(index=False):
        table.add_row(*["" if _missing(v) else _cell(v) for v in row])
    Console(width=None if sys.stdout.isatty() else 160).print(table)  # piped: not 80 columns
    if len(frame) > max_rows:
        stderr.print(f"{len(frame)} rows; the first {max_rows} shown (use --format csv for all)")


def _missing(value) -> bool:
    try:
        return value is None or value != value
    except (TypeError, ValueError):
        return False


def _cell(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("choose from table, csv, json", param_hint="--format")


def ingest_command(
    paths: List[str] = typer.Argument(..., help="Files or directories to read; - for stdin."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    input_format: str = typer.Option("auto", "--input-format", "-f", help="auto, text or jsonl."),
    published: Optional[str] = typer.Option(None, "--published",
                                            help="Publication date (YYYY-MM-DD) for articles without one."),
    settings_file: Optional[Path] = typer.Option(None, "--settings", help="A JSON settings file."),
    batch_size: int = typer.Option(100, "--batch-size", help="Articles per transaction."),
    force: bool = typer.Option(False, "--force", help="Re-read articles already stored."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Processes reading in parallel (spaCy loaded once in each)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Read on a Dask cluster: a scheduler "
                                       "address (tcp://HOST:8786) or 'local'."),
    parts: Optional[Path] = typer.Option(None, "--parts", help="Where --dask writes its Parquet "
                                         "partitions and manifest (default: DB.parts/)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", min=1, help=MAX_BYTES_HELP),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", min=0, help=TIME_BUDGET_HELP),
) -> None:
    """Read articles and store them (idempotent: articles already stored are skipped before
    parsing, so an interrupted ingest resumes where it stopped)."""
    from readout.cli.read import _articles
    from readout.pipeline import Pipeline
    from readout.settings import load_settings
    from readout.sources import FORMATS

    if input_format not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--input-format")
    try:
        settings = load_settings(settings_file, published=published, max_bytes=max_bytes,
                                 time_budget=time_budget)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--settings")
    pipeline = Pipeline(settings)
    failures: list[str] = []
    hashes: dict[str, str] = {}
    skipped = 0
    with _open(db, read_only=False) as store:  # the lock is held only while a batch is written
        known = {} if force else store.known()

    def fresh() -> Iterator[Article]:
        nonlocal skipped
        for raw in _articles(paths, input_format, failures, max_bytes=settings.max_bytes):
            ident = raw.id or pipeline.prepare(raw).id
            digest = article_hash(raw, settings.published)
            if known.get(ident) == digest or hashes.get(ident) == digest:
                skipped += 1
                continue
            hashes[ident] = digest
            yield dataclasses.replace(raw, id=ident)

    started, count = time.perf_counter(), 0
    with progress_bar(not quiet, label="ingesting") as bar:
        def counted():
            nonlocal count
            if dask is not None:
                records = _dask_records(paths, parts or db.with_name(db.name + ".parts"),
                                        settings, dask, input_format, failures)
            elif workers > 1:
                from readout.workers import read_parallel

                records = read_parallel(fresh(), settings, workers=workers)
            else:
                records = pipeline.read_many(fresh())
            for record in records:
                count += 1
                warn_limits(record)
                if bar is not None:
                    rate = count / max(time.perf_counter() - started, 1e-9)
                    bar.update(bar.task_ids[0], advance=1, rate=f"{rate:.1f}")
                yield record

        stats = write_in_batches(db, counted(), batch_size, hashes)
    with _open(db) as store:
        totals = store.counts()
    elapsed = time.perf_counter() - started
    if not quiet:
        stderr.print(f"{db}: {stats.added} articles added, {stats.replaced} replaced, "
                     f"{skipped + stats.unchanged} already stored; {stats.events} events "
                     f"({count / max(elapsed, 1e-9):.1f} articles/s). Store: {totals['articles']} "
                     f"articles, {totals['events']} events, {totals['clusters']} clusters.",
                     highlight=False, soft_wrap=True)
    if failures:
        raise typer.Exit(1)


def warn_limits(record) -> None:
    """Show a record's limit warnings (--max-bytes, --time-budget) on stderr."""
    from readout.limits import LIMIT_PREFIX

    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    for w in get("warnings") or []:
        if w.startswith(LIMIT_PREFIX):
            warn(f"{get('id')}: {w[len(LIMIT_PREFIX):]}")


def write_in_batches(db: Path, records: Iterator, batch_size: int, hashes: dict[str, str]):
    """Store ``records`` one batch per transaction, opening the store only for each batch, so
    `readout serve` (which opens it read-only per request) keeps answering during an ingest.
    A batch waits up to ``LOCK_WAIT`` seconds for readers to let go of the file."""
    from readout.store import WriteStats

    total, batch = WriteStats(), []

    def flush() -> None:
        with _open(db, read_only=False) as store:
            got = store.write(batch, batch_size=max(1, len(batch)), hashes=hashes)
        for name in ("added", "replaced", "unchanged", "events"):
            setattr(total, name, getattr(total, name) + getattr(got, name))
        batch.clear()

    for record in records:
        batch.append(record)
        if len(batch) >= max(1, batch_size):
            flush()
    if batch:
        flush()
    return total


def _dask_records(paths: List[str], parts: Path, settings, address: str, input_format: str,
                  failures: list[str]) -> Iterator[dict]:
    """Read ``paths`` on a Dask cluster into Parquet partitions under ``parts``; their records."""
    from readout.scale import iter_records, run_partitions

    manifest = run_partitions(paths, parts, settings, dask=address, input_format=input_format)
    for failure in manifest["failures"]:
        warn(failure)
        failures.append(failure)
    return iter_records(parts)


def events_command(
    dyad: Optional[str] = typer.Option(None, "--dyad", help="CHN-RUS (both directions) or CHN>RUS."),
    actor: Optional[str] = typer.Option(None, "--actor", help="An actor code on either side (CHN, CHNGOV)."),
    root: Optional[str] = typer.Option(None, "--root", help="CAMEO root code, e.g. 04."),
    cameo: Optional[str] = typer.Option(None, "--cameo", help="CAMEO code prefix, e.g. 042."),
    quad: Optional[int] = typer.Option(None, "--quad", min=1, max=4, help="Quad class 1-4."),
    since: Optional[str] = typer.Option(None, "--since", help="First date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last date (YYYY-MM-DD)."),
    one_a_day: bool = typer.Option(False, "--one-a-day", help="One event per date, dyad and code."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many events."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """List stored events."""
    _check_format(fmt)
    with _open(db) as store:
        filters = dict(dyad=dyad, actor=actor, root=root, cameo=cameo, quad=quad,
                       since=since, until=until, limit=limit)
        try:
            frame = store.one_a_day(**filters) if one_a_day else store.events(**filters)
        except ValueError as exc:
            raise typer.BadParameter(str(exc))
    if fmt == "table":
        keep = ["date", "source_code", "target_code", "cameo", "quad_class", "goldstein",
                "trigger", "num_articles", "article_id"]
        frame = frame[[c for c in keep + (["n_merged"] if one_a_day else []) if c in frame]]
    _print_frame(frame, fmt, title=f"{len(frame)} events")


def quotes_command(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Words of the speaker's name, or a code."),
    about: Optional[str] = typer.Option(None, "--about", help="Words in the quote or the addressee."),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    limit: Optional[int] = typer.Option(None, "--limit"),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """List stored quotes."""
    _check_format(fmt)
    with _open(db) as store:
        frame = store.quotes(speaker=speaker, about=about, since=since, until=until, limit=limit)
    if fmt == "table":
        frame = frame[["published", "speaker_name", "kind", "content", "article_id"]]
    _print_frame(frame, fmt, title=f"{len(frame)} quotes")


def timeline_command(
    a: str = typer.Argument(..., help="Actor or country code (CHN)."),
    b: Optional[str] = typer.Argument(None, help="The other side of the dyad (RUS)."),
    by: str = typer.Option("month", "--by", help="day, week, month, quarter or year."),
    directed: bool = typer.Option(False, "--directed", help="Only events from A to B."),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Draw the timeline into this PNG."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Events per period and quad class, mean Goldstein and net cooperation of a dyad."""
    _check_format(fmt)
    with _open(db) as store:
        try:
            frame = store.timeline(a, b, by=by, directed=directed, since=since, until=until)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--by")
    title = f"{a.upper()}–{b.upper()} by {by}" if b else f"{a.upper()} by {by}"
    _print_frame(frame, fmt, title=title)
    if plot:
        plot_timeline(frame, plot, title)
        stderr.print(f"plot written to {plot}")


def plot_timeline(frame, path: Path, title: str) -> None:
    """Stacked bars of events per quad class and the net cooperation line, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.5))
    colors = {"quad1": "#7fbf7f", "quad2": "#2a8a2a", "quad3": "#f0a070", "quad4": "#c0392b"}
    labels = {"quad1": "verbal coop.", "quad2": "material coop.", "quad3": "verbal conflict",
              "quad4": "material conflict"}
    x = range(len(frame))
    bottom = [0] * len(frame)
    for col, color in colors.items():
        ax.bar(x, frame[col], bottom=bottom, color=color, label=labels[col])
        bottom = [b + v for b, v in zip(bottom, frame[col])]
    ax.set_ylabel("events")
    ax2 = ax.twinx()
    ax2.plot(list(x), frame["net_cooperation"], color="black", marker=".", label="net cooperation")
    ax2.set_ylim(-1.05, 1.05)
    ax2.set_ylabel("net cooperation")
    step = max(1, len(frame) // 12)
    ax.set_xticks(list(x)[::step])
    ax.set_xticklabels([p.strftime("%Y-%m-%d") for p in frame["period"]][::step], rotation=45, ha="right")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def dyads_command(
    top: int = typer.Option(10, "--top", help="How many dyads to list."),
    directed: bool = typer.Option(False, "--directed", help="Keep source and target apart."),
    by: Optional[str] = typer.Option(None, "--by", help="Print the full dyad × period table "
                                     "(day, week, month, quarter, year) instead."),
    normalize: bool = typer.Option(False, "--normalize", help="Counts as shares of the period's volume."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """The country dyads with the most events, or the dyad × period table (--by)."""
    _check_format(fmt)
    with _open(db) as store:
        frame = (store.dyads(by=by, directed=directed, normalize=normalize) if by
                 else store.top_dyads(top, directed=directed))
    _print_frame(frame, fmt, title="dyads by period" if by else f"top {top} dyads")


def sql_command(
    query: str = typer.Argument(..., help="A read-only SQL query over the store's tables."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Run read-only SQL (tables: articles, actors, events, quotes, quantities, timexes, clusters)."""
    _check_format(fmt)
    with _open(db) as store:
        try:
            frame = store.sql(query)
        except Exception as exc:  # SQL errors and refused statements: one line, exit 2
            stderr.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2)
    _print_frame(frame, fmt)


def export_command(
    fmt: str = typer.Option(..., "--format", help="gdelt, icews, parquet, csv or jsonl."),
    output: Path = typer.Option(..., "--output", "-o", help="Output file (a directory for parquet)."),
    partition: str = typer.Option("day", "--partition", help="Parquet partitions: day, month or year."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Export the store: GDELT 2.0 event TSV, ICEWS TSV, Parquet, CSV or readout/1 JSONL."""
    from readout.export import FORMATS, export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    with _open(db) as store:
        try:
            rows = export(store, fmt, output, partition=partition)
        except ValueError as exc:
            raise typer.BadParameter(str(exc))
    stderr.print(f"{rows} rows written to {output}", highlight=False)

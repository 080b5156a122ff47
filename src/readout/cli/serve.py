"""``readout serve``: the browser UI and JSON API over a store (``readout.web``)."""
from __future__ import annotations

from pathlib import Path

import typer

from readout.cli.common import stderr


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    db: Path = typer.Option(Path("readout.duckdb"), "--db", help="The DuckDB store file."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
) -> None:
    """Serve the browser UI (overview, dyads, events, quotes, articles) and the JSON API
    (/api, documented at /docs) over a store; Ctrl-C stops it."""
    import uvicorn

    from readout.web.app import create_app

    if not db.exists():
        raise typer.BadParameter(f"no store at {db} (run `readout ingest` first)", param_hint="--db")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    stderr.print(f"readout: serving {db} at http://{shown}:{port}/ (API docs: /docs); Ctrl-C stops",
                 highlight=False, soft_wrap=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")

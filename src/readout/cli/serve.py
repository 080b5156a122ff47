"""``readout serve``: the browser UI and JSON API over a store (``readout.web``)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from readout.cli.common import stderr


LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ("127.0.0.1", "localhost")  # Host headers accepted on a loopback bind
MAX_HEADER_BYTES = 16384  # request line and headers


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    db: Path = typer.Option(Path("readout.duckdb"), "--db", help="The DuckDB store file."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    allow_sql: bool = typer.Option(False, "--allow-sql", help="Answer read-only SQL at /api/sql "
                                   "(one SELECT at a time, rows and time limited)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="READOUT_TOKEN",
                                        help="Require 'Authorization: Bearer TOKEN' for /api/sql "
                                        "(needed with --allow-sql on a non-loopback --host)."),
    cors_origin: Optional[List[str]] = typer.Option(None, "--cors-origin",
                                                    help="Let scripts of this origin read the API "
                                                    "(CORS; off by default); repeatable."),
) -> None:
    """Serve the browser UI (overview, dyads, events, quotes, articles) and the JSON API
    (/api, documented at /docs) over a store; Ctrl-C stops it."""
    import uvicorn

    from readout.web.app import create_app

    if not db.exists():
        raise typer.BadParameter(f"no store at {db} (run `readout ingest` first)", param_hint="--db")
    if allow_sql and host not in LOOPBACK and not token:
        raise typer.BadParameter("--allow-sql on a non-loopback --host needs --token",
                                 param_hint="--allow-sql")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    stderr.print(f"readout: serving {db} at http://{shown}:{port}/ (API docs: /docs); Ctrl-C stops",
                 highlight=False, soft_wrap=True)
    app = create_app(db, allow_sql=allow_sql, token=token, cors_origins=cors_origin or (),
                     allowed_hosts=LOOPBACK_NAMES if host in LOOPBACK_NAMES else None)
    uvicorn.run(app, host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=MAX_HEADER_BYTES)

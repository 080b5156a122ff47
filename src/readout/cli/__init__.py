"""The ``readout`` command: each subcommand parses flags, calls one library function,
prints the result. Subcommands live one module per feature and register themselves here."""
from __future__ import annotations

import typer

from readout.cli import read as _read
from readout.cli import code as _code
from readout.cli import store as _store
from readout.cli import serve as _serve

app = typer.Typer(
    name="readout",
    help="Turn news articles into sourced event data: CAMEO/PLOVER events, quotes, quantities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (_read, _code, _store, _serve,):
    module.register(app)


def main() -> None:
    app()

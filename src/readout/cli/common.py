"""Helpers shared by CLI commands: stderr console, warnings, progress bars."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator, Optional

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn)

stderr = Console(stderr=True)


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    stderr.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)


@contextmanager
def progress_bar(enabled: bool, total: Optional[int] = None,
                 label: str = "reading") -> Iterator[Optional[Progress]]:
    """A Rich progress bar on stderr, when ``enabled`` and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn()]
    with Progress(*columns, console=stderr, transient=True) as progress:
        progress.add_task(label, total=total, rate="-")
        yield progress

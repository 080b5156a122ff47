"""Every CLI command is documented in the README."""
from __future__ import annotations

from pathlib import Path

from readout.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups if g.name]
    return names


def test_every_command_appears_in_the_readme():
    missing = [n for n in command_names() if f"readout {n}" not in README]
    assert missing == []


def test_readme_starts_with_what_readout_is_and_the_two_commands():
    head = README[:2500]
    assert "make demo" in head and "make test" in head

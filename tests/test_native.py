"""The compiled stage modules (readout.native): loaded only while fresh, same records as the source."""
from __future__ import annotations

import importlib.machinery
import json
import subprocess
import sys
from pathlib import Path

import pytest

import readout
from readout import native

SAMPLE = ("BEIJING, March 3 (Xinhua) -- Chinese Foreign Minister Wang Yi met Russian Foreign "
          "Minister Sergei Lavrov in Beijing on Tuesday. \u201cOur ties are strong,\u201d Wang "
          "told reporters. Trade between the two countries rose 12 percent to $240 billion last "
          "year, Lavrov said. Russia condemned the sanctions imposed by the European Union.")


def _fake_tree(tmp_path: Path, source_text: str, python: str | None = None) -> tuple[Path, Path]:
    package = tmp_path / "pkg"
    (package / "events").mkdir(parents=True)
    source = package / "events" / "coder.py"
    source.write_text(source_text)
    native_dir = package / "_native"
    native_dir.mkdir()
    binary = native_dir / ("readout.events.coder" + importlib.machinery.EXTENSION_SUFFIXES[0])
    binary.write_bytes(b"not really a binary")
    manifest = {"python": python or sys.implementation.cache_tag,
                "modules": {"readout.events.coder": {
                    "binary": binary.name, "source": "events/coder.py",
                    "sha256": native.source_digest(source)}}}
    (native_dir / "manifest.json").write_text(json.dumps(manifest))
    return package, native_dir


def test_a_compiled_module_is_used_while_its_source_is_unchanged(tmp_path):
    package, native_dir = _fake_tree(tmp_path, "X = 1\n")
    modules = native.read_manifest(native_dir, package)
    finder = native.NativeFinder(modules)
    spec = finder.find_spec("readout.events.coder")
    binary = native_dir / ("readout.events.coder" + importlib.machinery.EXTENSION_SUFFIXES[0])
    assert spec is not None and spec.origin == str(binary)
    assert finder.loaded == ["readout.events.coder"]


def test_an_edited_source_is_read_instead_of_its_stale_compiled_module(tmp_path):
    package, native_dir = _fake_tree(tmp_path, "X = 1\n")
    (package / "events" / "coder.py").write_text("X = 2\n")  # edited after the build
    finder = native.NativeFinder(native.read_manifest(native_dir, package))
    assert finder.find_spec("readout.events.coder") is None
    assert finder.stale == ["readout.events.coder"]
    assert finder.find_spec("readout.events.lexicon") is None  # not compiled: not ours


def test_a_build_for_another_python_is_ignored(tmp_path):
    package, native_dir = _fake_tree(tmp_path, "X = 1\n", python="cpython-27")
    assert native.read_manifest(native_dir, package) == {}
    assert native.read_manifest(tmp_path / "nowhere", package) == {}


def test_the_compiled_modules_are_the_stage_modules_without_package_inits():
    names = native.compiled_sources()
    assert "readout.events.coder" in names and "readout.actors.resolve" in names
    assert "readout.dependencies" in names
    assert not any(name.endswith("__init__") for name in names)
    assert all(path.exists() for path in names.values())


def test_loaded_stage_modules_are_compiled_exactly_when_a_fresh_build_exists():
    import readout.events.coder as coder

    entry = native.read_manifest().get("readout.events.coder")
    compiled = not coder.__file__.endswith(".py")
    assert compiled == (entry is not None and entry.fresh() and native.install() is not None)


@pytest.mark.slow
def test_compiled_and_source_modules_give_the_same_record():
    """The same article read in this process (compiled modules when built) and in a process
    that reads only the Python source (READOUT_PURE=1)."""
    here = readout.to_dict(readout.read(SAMPLE, published="2024-03-05"))
    script = ("import json, sys, readout\n"
              "from readout import native\n"
              "r = readout.read(sys.argv[1], published='2024-03-05')\n"
              "print(json.dumps({'record': readout.to_dict(r), 'native': native.status()}))\n")
    env = {"READOUT_PURE": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", script, SAMPLE], capture_output=True, text=True,
                         env=env, check=True)
    there = json.loads(out.stdout.strip().splitlines()[-1])
    assert there["native"]["compiled"] == []
    assert here["events"] and here["quotes"] and here["quantities"]
    assert there["record"] == here

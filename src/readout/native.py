"""Compiled stage modules: the same Python source, compiled to C by Cython when it is installed.

``make install`` runs ``tools/build_native.py``, which compiles the modules of the stages
(actors, timex, quotes, quantities, events) with Cython and puts the extension modules in
``readout/_native/`` with a manifest of the source each was made from. The stages then run
about a tenth faster; their output is the same, since the code is the same.

The compiled modules never sit beside their sources, so they cannot hide a change: importing
``readout`` adds a finder (``install``) that loads a compiled module only while the hash of its
``.py`` file still equals the one in the manifest. An edited module is read from its source
until the next build; a machine without a C compiler or Cython simply has no ``_native``
folder. ``READOUT_PURE=1`` in the environment turns the compiled modules off.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PACKAGE_DIR / "_native"
MANIFEST = NATIVE_DIR / "manifest.json"
#: the packages whose modules are compiled (package ``__init__`` modules are not)
COMPILED_PACKAGES = ("actors", "timex", "quotes", "quantities", "events")
#: single modules compiled with them
COMPILED_MODULES = ("dependencies",)


def source_digest(path: Path) -> str:
    """The SHA-256 of a source file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_sources(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Module name → source file of every module ``tools/build_native.py`` compiles."""
    found: dict[str, Path] = {}
    for package in COMPILED_PACKAGES:
        for path in sorted((package_dir / package).glob("*.py")):
            if path.name != "__init__.py":
                found[f"readout.{package}.{path.stem}"] = path
    for name in COMPILED_MODULES:
        found[f"readout.{name}"] = package_dir / f"{name}.py"
    return found


@dataclass(frozen=True)
class NativeModule:
    """One compiled module of the manifest."""

    name: str
    binary: Path
    source: Path
    digest: str

    def fresh(self) -> bool:
        """Was the binary made from the source as it is now?"""
        try:
            return self.binary.exists() and source_digest(self.source) == self.digest
        except OSError:
            return False


def read_manifest(native_dir: Path = NATIVE_DIR, package_dir: Path = PACKAGE_DIR
                  ) -> dict[str, NativeModule]:
    """The compiled modules listed in ``native_dir``'s manifest (none when there is no usable
    manifest, or when it was built for another Python)."""
    try:
        data = json.loads((native_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("python") != sys.implementation.cache_tag:
        return {}
    return {name: NativeModule(name, native_dir / entry["binary"],
                               package_dir / entry["source"], entry["sha256"])
            for name, entry in data.get("modules", {}).items()}


class NativeFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled form of a module of the manifest while it is fresh."""

    def __init__(self, modules: dict[str, NativeModule]):
        self.modules = modules
        self.loaded: list[str] = []
        self.stale: list[str] = []

    def find_spec(self, fullname: str, path: Optional[Sequence[str]] = None,
                  target: object = None) -> Optional[importlib.machinery.ModuleSpec]:
        module = self.modules.get(fullname)
        if module is None:
            return None
        if not module.fresh():
            self.stale.append(fullname)
            return None  # the next finder reads the source
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(module.binary))
        self.loaded.append(fullname)
        return importlib.util.spec_from_file_location(fullname, str(module.binary), loader=loader)


def _installed() -> Optional[NativeFinder]:
    """The finder ``install`` put on ``sys.meta_path``, if any."""
    return next((f for f in sys.meta_path if isinstance(f, NativeFinder)), None)


def install() -> Optional[NativeFinder]:
    """Put the finder of the compiled modules first on ``sys.meta_path`` (once); None when
    there are none or ``READOUT_PURE`` is set."""
    finder = _installed()
    if finder is not None:
        return finder
    if os.environ.get("READOUT_PURE", "").strip() not in ("", "0"):
        return None
    modules = read_manifest()
    if not modules:
        return None
    finder = NativeFinder(modules)
    sys.meta_path.insert(0, finder)
    return finder


def status() -> dict[str, list[str]]:
    """Which modules were loaded compiled so far, and which compiled ones were stale."""
    finder = _installed()
    if finder is None:
        return {"compiled": [], "stale": []}
    return {"compiled": sorted(finder.loaded), "stale": sorted(set(finder.stale))}

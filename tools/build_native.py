#!/usr/bin/env python3
"""Compile the stage modules with Cython into src/readout/_native/ (see readout.native).

    python tools/build_native.py            # compile what changed since the last build
    python tools/build_native.py --force    # compile everything again
    python tools/build_native.py --clean    # remove the compiled modules (pure Python)

Only modules whose source changed since the last build are compiled again. Without Cython or
a C compiler it says so and exits 0: readout then runs its Python source as it is (``--strict``
makes that an error instead).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "readout"
BUILD = ROOT / "build" / "native"


def _native_module():
    """readout.native, loaded from its file (importing the package would load spaCy)."""
    spec = importlib.util.spec_from_file_location("_readout_native", PACKAGE / "native.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def build(force: bool = False, jobs: int = 2) -> dict[str, object]:
    native = _native_module()
    out_dir: Path = native.NATIVE_DIR
    sources: dict[str, Path] = native.compiled_sources(PACKAGE)
    tag = sys.implementation.cache_tag
    try:
        old = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    kept = old.get("modules", {}) if old.get("python") == tag and not force else {}
    digests = {name: native.source_digest(path) for name, path in sources.items()}
    todo = [name for name in sources
            if name not in kept or kept[name]["sha256"] != digests[name]
            or not (out_dir / kept[name]["binary"]).exists()]
    manifest = {"python": tag, "modules": {n: kept[n] for n in sources if n not in todo}}
    started = time.perf_counter()
    if todo:
        from Cython.Build import cythonize  # noqa: PLC0415 - only needed here
        from setuptools import Extension, setup  # noqa: PLC0415

        extensions = [Extension(name, [str(sources[name])]) for name in todo]
        modules = cythonize(
            extensions, build_dir=str(BUILD / "c"), nthreads=jobs, quiet=True,
            # the same semantics as the source: annotations stay hints, functions stay
            # introspectable (signatures, pickling by name)
            compiler_directives={"language_level": 3, "binding": True,
                                 "annotation_typing": False, "embedsignature": False})
        # (gcc's warnings about Cython's generic code say nothing about ours)
        os.environ["CFLAGS"] = (os.environ.get("CFLAGS", "") + " -w").strip()
        BUILD.mkdir(parents=True, exist_ok=True)
        here = os.getcwd()
        os.chdir(BUILD)  # (setuptools would read the project's pyproject.toml in its folder)
        try:
            setup(name="readout-native", ext_modules=modules, script_name="build_native.py",
                  script_args=["-q", "build_ext", "--build-lib", str(BUILD / "lib"),
                               "--build-temp", str(BUILD / "tmp"), "--parallel", str(jobs)])
        finally:
            os.chdir(here)
        out_dir.mkdir(exist_ok=True)
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        for name in todo:
            built = BUILD / "lib" / (name.replace(".", "/") + suffix)
            target = out_dir / (name + suffix)
            shutil.copyfile(built, target)
            manifest["modules"][name] = {"binary": target.name, "sha256": digests[name],
                                         "source": str(sources[name].relative_to(PACKAGE))}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")
    return {"compiled": len(todo), "up_to_date": len(sources) - len(todo),
            "seconds": round(time.perf_counter() - started, 1)}


def clean() -> None:
    shutil.rmtree(_native_module().NATIVE_DIR, ignore_errors=True)
    shutil.rmtree(BUILD, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="compile every module again")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--strict", action="store_true", help="fail when compiling is not possible")
    parser.add_argument("--jobs", type=int, default=2, help="parallel compilations")
    args = parser.parse_args(argv)
    if args.clean:
        clean()
        print("build_native: compiled modules removed (readout runs its Python source)")
        return 0
    try:
        report = build(force=args.force, jobs=args.jobs)
    except Exception as exc:  # no Cython, no compiler, a compile error: pure Python still works
        print(f"build_native: could not compile the stage modules ({type(exc).__name__}: {exc}); "
              "readout will run its Python source, about a tenth slower", file=sys.stderr)
        return 1 if args.strict else 0
    except SystemExit as exc:  # setuptools exits on a compiler failure
        print(f"build_native: the C compiler failed ({exc}); readout will run its Python source",
              file=sys.stderr)
        return 1 if args.strict else 0
    print(f"build_native: {report['compiled']} module(s) compiled, {report['up_to_date']} up to date "
          f"({report['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

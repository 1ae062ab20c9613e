"""How Python's cyclic garbage collector runs while a command reads and checks many files.

Reading and checking allocate many small container objects (pydantic models, their dicts and
lists, findings) that reference counting frees; almost none form cycles, so the cyclic collector
finds nothing to free. With CPython's default threshold it still runs every 700 net allocations,
and its older-generation passes walk every set and report a batch keeps for its final output (a
JSON report is one document): 15–25% of `okr check`'s time over 10,000 files
(benchmarks/check.py prints both figures). `batch_collection` freezes what exists when the batch
starts (modules, the rubric, compiled patterns: never garbage) and collects young objects far
less often. Cycles are still collected, and everything is put back afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_GEN0 = 50_000  # young-generation threshold during a batch (CPython's default is 700)


@contextmanager
def batch_collection(gen0: int = BATCH_GEN0) -> Iterator[None]:
    """Run the body with the collector tuned for batch work; the previous setting is restored on exit."""
    old = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(max(gen0, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if not frozen:  # leave a caller's own freeze alone
            gc.unfreeze()


__all__ = ["BATCH_GEN0", "batch_collection"]

"""How Python's cyclic garbage collector runs while a command reads and checks many files.

Reading and checking allocate many small container objects (pydantic models, their dicts and
lists, findings) that reference counting frees; they form no reference cycles, so the cyclic
collector finds nothing to free. With CPython's default threshold it still runs every 700 net
allocations, and every pass walks the sets and reports a batch keeps for its final output (a
JSON report is one document): over 10,000 files that was a quarter to a third of `okr check`'s
time (benchmarks/check.py prints the default collector's figure beside ours).

- `okr check` runs with the collector off (`collector_off`), unless `--llm` asks a model: the
  model client (asyncio, httpx) makes cycles on every call, so then it runs as review does.
  tests/test_gctune.py reads, checks and renders the examples and a generated corpus with it off
  and asserts that the collector then finds nothing, and that `okr check` over many files leaves
  no more cyclic garbage than over one (the command line's own parser leaves a constant amount),
  so a change that starts making cycles fails there. A file that fails to read leaves its error's traceback in a cycle (about 20
  objects); those are freed by the collector's first pass after the batch.
- `okr fmt` and `okr review` keep the collector on, tuned (`batch_collection`): fmt's JSON output
  goes through the standard library's Python encoder, whose nested functions form a cycle on every
  call, and review runs asyncio and the HTTP client, which make cycles too. What exists when the
  batch starts (modules, the rubric, compiled patterns: never garbage) is frozen and young objects
  are collected far less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

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


@contextmanager
def collector_off() -> Iterator[None]:
    """Run the body with the cyclic collector off (for work that makes no cycles); the previous
    state is restored on exit, and the collector's next pass frees any cycle made meanwhile."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# The collector setting of each batch command; other commands keep Python's default.
POLICIES = {"check": collector_off, "fmt": batch_collection, "review": batch_collection}


def for_command(command: str, *, llm: bool = False) -> AbstractContextManager[None]:
    """The collector setting `okr COMMAND` runs under (Python's default for a command not in
    `POLICIES`). `llm`: the command calls a model, whose client makes cycles: never with it off."""
    policy = POLICIES.get(command)
    if policy is collector_off and llm:
        policy = batch_collection
    return policy() if policy is not None else nullcontext()


__all__ = ["BATCH_GEN0", "POLICIES", "batch_collection", "collector_off", "for_command"]

"""The collector setting for batch commands: tuned inside, restored after, cycles still freed."""

from __future__ import annotations

import gc
import weakref

import pytest

from assistant import cli
from assistant.gctune import BATCH_GEN0, batch_collection


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_setting_is_restored_after_the_batch_even_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_collection():
        assert gc.get_threshold()[0] == max(BATCH_GEN0, before[0])
        assert gc.get_freeze_count() > 0  # what existed before the batch is set aside
        raise RuntimeError("a failing command")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_during_a_batch_is_still_collected() -> None:
    with batch_collection(gen0=1_000):
        node = _Node()
        ref = weakref.ref(node)
        del node
        kept = [[] for _ in range(5_000)]  # net allocations past the threshold start a young-generation pass
        assert ref() is None
        del kept


@pytest.mark.parametrize(("command", "tuned"), [("check", True), ("fmt", True), ("schema", False)])
def test_batch_commands_run_with_the_tuned_collector(monkeypatch: pytest.MonkeyPatch, command: str,
                                                     tuned: bool) -> None:
    seen: list[int] = []
    parser = cli.build_parser()
    args = parser.parse_args([command, "examples/article/author.md"] if command != "schema" else [command])
    monkeypatch.setattr(cli, "build_parser", lambda: _Fixed(parser, args))
    args.func = lambda _args: seen.append(gc.get_threshold()[0]) or 0
    assert cli.main([command]) == 0
    assert (seen[0] >= BATCH_GEN0) is tuned
    assert gc.get_threshold()[0] < BATCH_GEN0  # put back after the command


class _Fixed:
    """A parser that returns already-parsed arguments (the command's function replaced)."""

    def __init__(self, parser: object, args: object) -> None:
        self.parser, self.args = parser, args

    def parse_args(self, _argv: object) -> object:
        return self.args

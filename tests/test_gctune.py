"""The collector settings for batch commands: what each command runs under, restored after, and
the fact `okr check` relies on to run with it off: reading and checking make no cycles."""

from __future__ import annotations

import gc
import io
import json
import random
import sys
import weakref
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from assistant import cli
from assistant.checker import check_set
from assistant.gctune import BATCH_GEN0, batch_collection, collector_off, for_command
from assistant.reader import loads
from assistant.writer import dumps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "data"))

from benchload import bench  # noqa: E402 (tests/data)

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").rglob("*.md"))


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_batch_setting_is_restored_after_the_batch_even_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_collection():
        assert gc.get_threshold()[0] == max(BATCH_GEN0, before[0])
        assert gc.get_freeze_count() > 0  # what existed before the batch is set aside
        raise RuntimeError("a failing command")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_during_a_tuned_batch_is_still_collected() -> None:
    with batch_collection(gen0=1_000):
        node = _Node()
        ref = weakref.ref(node)
        del node
        kept = [[] for _ in range(5_000)]  # net allocations past the threshold start a young-generation pass
        assert ref() is None
        del kept


def test_the_collector_is_off_inside_and_back_on_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_off():
        assert not gc.isenabled()
        raise RuntimeError("a failing command")
    assert gc.isenabled()


def test_a_cycle_made_with_the_collector_off_is_freed_after() -> None:
    with collector_off():
        node = _Node()
        ref = weakref.ref(node)
        del node
        kept = [[] for _ in range(5_000)]
        assert ref() is not None  # nothing collects it meanwhile
        del kept
    gc.collect()
    assert ref() is None


def test_a_caller_that_had_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with collector_off():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _cycles_made_by(work) -> int:  # noqa: ANN001 (a callable)
    """How many objects the collector frees after `work` ran with it off."""
    work()  # once first: imports, pydantic's lazily built validators and the caches are not garbage
    gc.collect()
    gc.disable()
    try:
        work()
    finally:
        freed = gc.collect()
        gc.enable()
    return freed


def test_reading_checking_and_writing_make_no_reference_cycles() -> None:
    # what lets `okr check` run with the collector off: if this fails, a change made
    # cycles (an object holding a list of tuples that point back at it, say) and the collector is needed
    texts = [p.read_text(encoding="utf-8") for p in map(Path, EXAMPLES)]
    texts += [bench("check").make(random.Random(i)) for i in range(200)]

    def work() -> None:
        for text in texts:
            okr_set = loads(text)
            report = check_set(okr_set)
            json.dumps(report.model_dump(mode="json"))
            dumps(okr_set, "md")

    assert _cycles_made_by(work) == 0


def test_okr_check_over_many_files_makes_no_more_cycles_than_over_one() -> None:
    # the command line itself (argparse) leaves a constant amount of cyclic garbage per run, not per file
    def run(*argv: str):  # noqa: ANN202
        def work() -> None:
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                cli.main(list(argv))
        return work

    for command in (["check"], ["check", "--format", "json"], ["check", "--format", "markdown"],
                    ["check", "--context", "examples/article/context.md"]):
        one = _cycles_made_by(run(*command, EXAMPLES[0]))
        many = _cycles_made_by(run(*command, *(EXAMPLES * 5)))
        assert many == one, command


@pytest.mark.parametrize(("command", "setting"), [("check", "off"), ("fmt", "tuned"), ("review", "tuned"),
                                                  ("schema", "default")])
def test_each_command_runs_under_its_collector_setting(monkeypatch: pytest.MonkeyPatch, command: str,
                                                      setting: str) -> None:
    seen: list[tuple[bool, int]] = []
    parser = cli.build_parser()
    args = parser.parse_args([command, "examples/article/author.md"] if command != "schema" else [command])
    monkeypatch.setattr(cli, "build_parser", lambda: _Fixed(parser, args))
    args.func = lambda _args: seen.append((gc.isenabled(), gc.get_threshold()[0])) or 0
    before = gc.get_threshold()
    assert cli.main([command]) == 0
    enabled, gen0 = seen[0]
    assert {"off": not enabled, "tuned": enabled and gen0 >= BATCH_GEN0,
            "default": enabled and gen0 == before[0]}[setting]
    assert gc.isenabled() and gc.get_threshold() == before  # put back after the command


def test_for_command_of_an_unknown_command_changes_nothing() -> None:
    before = gc.get_threshold()
    with for_command("draft"):
        assert gc.isenabled() and gc.get_threshold() == before


class _Fixed:
    """A parser that returns already-parsed arguments (the command's function replaced)."""

    def __init__(self, parser: object, args: object) -> None:
        self.parser, self.args = parser, args

    def parse_args(self, _argv: object) -> object:
        return self.args


def test_okr_check_with_a_model_keeps_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # the model client (asyncio, httpx) makes cycles on every call: `okr check --llm` must not run with it off
    seen: list[tuple[bool, int]] = []
    parser = cli.build_parser()
    args = parser.parse_args(["check", "--llm", "examples/article/author.md"])
    monkeypatch.setattr(cli, "build_parser", lambda: _Fixed(parser, args))
    args.func = lambda _args: seen.append((gc.isenabled(), gc.get_threshold()[0])) or 0
    assert cli.main(["check"]) == 0
    assert seen == [(True, max(BATCH_GEN0, gc.get_threshold()[0]))]
    assert gc.isenabled()

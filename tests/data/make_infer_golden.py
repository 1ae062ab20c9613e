"""Regenerate tests/data/infer_golden.json: what assistant/infer.py and assistant/lang.py read today.

The golden pins the checker's wording analysis (a KR's kind, time-boundness and text without dates;
a title's core and first quantity; quantities; tokens; language) while infer and lang are made
faster: any change in a reading is a behaviour change and must be deliberate. The texts and the
objectives are stored in the golden itself, so a change to the benchmark generators, the examples
or the tests does not change what is compared.

The texts, in this order, without duplicates:
- every KR text and objective title (upper levels included) of the first 3,000 sets of
  benchmarks/check.py (its seed, 11: the corpus the benchmark times);
- every other text of tests/data/measure_golden.json (generated sets, examples, test literals and their
  mutations: full-width, upper case, Chinese numerals, deadlines, separators);
- lines of string literals in tests/ that look like KR or objective wording.
Each text gets kr_facts, title_facts, quantities, has_quantity, tokens, char_tokens,
detect_language and cjk_share (is_timebound, without_time and kr_kind are compared to them).

The objectives: each corpus set's own objectives against its upper references, the objectives of
the next set against the same references (other wording, other language), and the first 200 sets'
objectives against none, for upper_matches, infer_source and infer_kind.
The languages: the joined objective text of the first 600 sets (what checker.set_language detects).

    .venv/bin/python tests/data/make_infer_golden.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # benchload, when run as a script

from benchload import ROOT, bench, literal_lines, texts_of  # noqa: E402

from assistant import infer  # noqa: E402
from assistant.lang import cjk_share, detect_language  # noqa: E402
from assistant.models import Objective  # noqa: E402
from assistant.reader import loads  # noqa: E402

check_bench = bench("check")

OUT = Path(__file__).with_name("infer_golden.json")
SETS = 3000

# One text row (lists keep the file small). without_time: None when it is the text itself;
# quantities: [start, end] of each (their values are measure.find_numbers', pinned by its golden);
# tokens / char_tokens: sorted, joined by a space (no token holds one), char_tokens None when the
# same as tokens (text without Chinese).
ROW = ("text", "kind", "timebound", "without_time", "title_number", "quantities", "has_quantity",
       "tokens", "char_tokens", "language", "cjk_share")
# One objective row: the index of its references in "refs" (None: no references), its title and KR
# texts and stated links, and what was inferred. Texts are indexes into "rows"; "refs" map each
# reference to the index of its text.
OBJ_ROW = ("refs", "title", "key_results", "aligns_to", "upper_matches", "source", "kind")
# One language row: the indexes of a set's titles and KR texts (joined by a space as
# checker.set_language joins them), the language detected and the CJK share of the joined text.
LANG_ROW = ("texts", "language", "cjk_share")


def corpus_sets() -> list:
    rng = random.Random(11)  # benchmarks/check.py's seed: these are the sets it times
    return [loads(check_bench.make(rng)) for _ in range(SETS)]


def joined(okr_set) -> str:
    """The set's text as checker.set_language joins it."""
    return " ".join(t for o in okr_set.objectives for t in (o.title, *(kr.text for kr in o.key_results)))


def measure_texts() -> list[str]:
    golden = json.loads((ROOT / "tests" / "data" / "measure_golden.json").read_text(encoding="utf-8"))
    return [row[0] for row in golden["rows"]][::2]  # every other one: the file stays a few MB


def literals() -> list[str]:
    """Lines of string literals anywhere in tests/ that could be KR or objective wording."""
    return literal_lines(p for p in sorted((ROOT / "tests").rglob("*.py")) if p.parent.name != "data")


def reading(text: str) -> list:
    """Everything infer and lang read out of `text` (uncached), as a golden row (see ROW)."""
    kind, timebound, core = infer.kr_facts.__wrapped__(text)
    title_core, number = infer.title_facts.__wrapped__(text)
    assert title_core == core, text  # one stored value for both
    tokens = " ".join(sorted(infer.tokens.__wrapped__(text)))
    char_tokens = " ".join(sorted(infer.char_tokens.__wrapped__(text)))
    return [
        text, kind, timebound, None if core == text else core, number,
        [[n.start, n.end] for n in infer.quantities(text)],
        infer.has_quantity(text), tokens, None if char_tokens == tokens else char_tokens,
        detect_language(text), cjk_share(text),
    ]


def objective_rows(sets: list, index: dict[str, int]) -> tuple[list[dict[str, int]], list[list]]:
    """(the references of each set that has some, as text indexes; the objective rows, see OBJ_ROW)."""
    refs_list: list[dict[str, int]] = []
    rows = []

    def row(refs_at: int | None, obj: Objective, refs: dict[str, str]) -> list:
        return [refs_at, index[obj.title], [index[kr.text] for kr in obj.key_results], obj.aligns_to,
                infer.upper_matches(obj, refs), infer.infer_source(obj, refs).value, infer.infer_kind(obj).value]

    for i, s in enumerate(sets):
        refs = s.references()
        if not refs:
            continue
        refs_list.append({ref: index[text] for ref, text in refs.items()})
        for obj in s.objectives + sets[(i + 1) % len(sets)].objectives:
            rows.append(row(len(refs_list) - 1, obj, refs))
    for s in sets[:200]:  # no references at all: the source is read from the wording alone
        rows += [row(None, obj, {}) for obj in s.objectives]
    return refs_list, rows


def main() -> None:
    sets = corpus_sets()
    texts = list(dict.fromkeys([t for s in sets for t in texts_of(s)] + measure_texts() + literals()))
    index = {t: i for i, t in enumerate(texts)}
    rows = [reading(t) for t in texts]
    refs, objs = objective_rows(sets, index)
    languages = [[[index[t] for o in s.objectives for t in (o.title, *(kr.text for kr in o.key_results))],
                  detect_language(joined(s)), cjk_share(joined(s))] for s in sets[:600]]
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    OUT.write_text(
        f'{{"row":{dump(ROW)},"obj_row":{dump(OBJ_ROW)},"lang_row":{dump(LANG_ROW)},\n"rows":[\n'
        + ",\n".join(map(dump, rows))
        + '\n],\n"refs":[\n' + ",\n".join(map(dump, refs)) + '\n],\n"objectives":[\n'
        + ",\n".join(map(dump, objs)) + '\n],\n"languages":[\n' + ",\n".join(map(dump, languages)) + "\n]}\n",
        encoding="utf-8")
    print(f"{len(rows)} texts, {len(objs)} objectives → {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()

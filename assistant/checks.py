"""The built-in checks: one function per check name, each yielding the places a criterion fires.

A check gets the prepared `SetView` (the set plus everything read or inferred from it once) and
its `Criterion` (params, compiled patterns), and yields `Hit`s. It never formats messages or
decides severity: the checker turns hits into findings with the rubric's wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant import infer
from assistant.models import KeyResult, Kind, Level, Objective, OKRSet, Source, kr_target, objective_target

if TYPE_CHECKING:
    from assistant.patterns import Searcher
    from assistant.rubric import Criterion, Rubric


class Hit(NamedTuple):
    target: str
    span: str | None = None
    variant: str = "default"
    values: dict[str, Any] = {}
    inferred: bool = False


# One KR as the KR checks read it: (its objective's view, its 0-based index, the KR, its text, its
# target "O1.KR2"). Built once per set, so no check walks the objectives or names targets again.
KRView = tuple["ObjView", int, KeyResult, str, str]


@dataclass
class ObjView:
    """One objective with what was read or inferred from it."""

    index: int
    obj: Objective
    source: Source
    source_inferred: bool
    kind: Kind
    kind_inferred: bool
    links: list[str]  # resolved upper references it names (existing ones)
    dangling: list[str]  # references it names that do not exist
    matches: list[str]  # upper references its wording matches (read only where the source may be aligned)
    kr_kinds: tuple[str, ...]  # metric | threshold | milestone, read from each KR's wording
    kr_timebound: tuple[bool, ...]  # the KR's wording names a date, period or rhythm
    kr_cores: tuple[str, ...]  # each KR without its dates (`6 月底前上线…` → `上线…`), for activity patterns
    core_title: str  # the title without its dates
    title_number: str | None  # the first quantity in the title (`80%`), if any
    target: str = ""  # "O1"; set from `index` (read for every hit, so kept rather than recomputed)
    kr_targets: list[str] = field(init=False)  # "O1.KR1", … (no KR tuples here: they would point back)

    def __post_init__(self) -> None:
        self.target = self.target or objective_target(self.index)
        self.kr_targets = [kr_target(self.index, j) for j in range(len(self.obj.key_results))]


@dataclass
class SetView:
    """A set prepared once for all checks."""

    okr_set: OKRSet
    lang: str
    objs: list[ObjView]
    refs: dict[str, str]  # every upper reference → its text
    krs: list[KRView] = field(default_factory=list)  # every KR of every objective, in order
    coverage_level: str = ""
    coverage_items: list[str] = field(default_factory=list)
    supported: list[str] = field(default_factory=list)
    default_commitment: str = "committed"  # the rubric's default when an objective says nothing
    milestones: str = "some"  # the rubric's milestone setting: none | some | any
    milestone_max_share: float = 0.5


def resolve_ref(ref: str, refs: dict[str, str], default_level: str) -> str | None:
    """The existing reference `ref` names (`manager:O1.KR2`; `O1.KR2` means the nearest level)."""
    r = ref.strip().replace("：", ":").replace(" ", "")
    if r in refs:
        return r
    if ":" not in r and default_level:
        r = f"{default_level}:{r}"
    low = r.lower()
    return next((k for k in refs if k.lower() == low), None)


_NEAREST = (Level.manager, Level.team, Level.department, Level.company, Level.individual)


def prepare(okr_set: OKRSet, lang: str, rubric: Rubric | None = None, *, first: int = 0) -> SetView:
    """Read and infer everything the checks need, once per set (with the rubric's settings).

    `first`: the 0-based index of the set's first objective in its targets (`O1` for 0)."""
    refs = okr_set.references()
    levels = {u.level for u in okr_set.upper}
    nearest = next((lv.value for lv in _NEAREST if lv in levels), "")
    objs = []
    for i, o in enumerate(okr_set.objectives):
        links, dangling = [], []
        for ref in o.aligns_to:
            hit = resolve_ref(ref, refs, nearest)
            (links if hit else dangling).append(hit or ref)
        # the wording matches count only for an objective that is (or may be inferred) aligned
        wording = bool(refs) and not o.aligns_to and (o.source is None or o.source == Source.aligned)
        matches = infer.upper_matches(o, refs) if wording else []
        if o.source is None:
            src, src_inf = (Source.aligned if links or dangling else infer.infer_source(o, refs, matches)), True
        else:
            src, src_inf = o.source, False
        kind, kind_inf = (o.kind, False) if o.kind is not None else (infer.infer_kind(o), True)
        facts = [infer.kr_facts(kr.text) for kr in o.key_results]  # (kind, time-bound, core) per KR
        kinds, timebound, cores = zip(*facts) if facts else ((), (), ())
        objs.append(ObjView(i + first, o, src, src_inf, kind, kind_inf, links, dangling, matches,
                            kinds, timebound, cores, *infer.title_facts(o.title)))
    krs = [(ov, j, kr, kr.text, ov.kr_targets[j]) for ov in objs for j, kr in enumerate(ov.obj.key_results)]
    view = SetView(okr_set, lang, objs, refs, krs)
    if rubric is not None:
        st = rubric.settings
        view.default_commitment, view.milestones = st.default_commitment.value, st.milestones
        view.milestone_max_share = st.milestone_max_share
    _coverage(view, nearest)
    return view


def _coverage(view: SetView, level: str) -> None:
    """Which of the nearest upper level's KRs (and KR-less objectives) the set supports."""
    if not level:
        return
    up = next(u for u in view.okr_set.upper if u.level.value == level)
    items = []
    for i, o in enumerate(up.objectives, 1):
        oref = f"{level}:O{i}"
        items += [f"{oref}.KR{j}" for j in range(1, len(o.key_results) + 1)] or [oref]
    named = {r for ov in view.objs for r in (*ov.links, *(ov.matches if ov.source == Source.aligned else ()))}
    view.coverage_level, view.coverage_items = level, items
    view.supported = [r for r in items if r in named or any(n.startswith(r + ".") for n in named)]


def _search(rx: re.Pattern[str] | Searcher | None, text: str) -> str | None:
    m = rx.search(text) if rx is not None else None
    return m.group().strip() or text if m else None


# --- set scope ---------------------------------------------------------------------------------


def objective_count(view: SetView, c: Criterion) -> Iterator[Hit]:
    n, lo, hi = len(view.objs), c.params.get("min", 2), c.params.get("max", 5)
    if n < lo or n > hi:
        yield Hit("set", None, "few" if n < lo else "many", {"n": n, "min": lo, "max": hi})


def source_mix(view: SetView, c: Criterion) -> Iterator[Hit]:
    if view.okr_set.context.level.value in c.params.get("skip_levels", ["company"]) or not view.objs:
        return
    if not any(ov.source == Source.aligned for ov in view.objs):
        inferred = any(ov.source_inferred for ov in view.objs)
        yield Hit("set", None, "none_aligned", {"mix": source_counts(view)}, inferred)


_SOURCES = tuple(s.value for s in Source)


def source_counts(view: SetView) -> dict[str, int]:
    """How many objectives come from each of the article's three sources."""
    counts = dict.fromkeys(_SOURCES, 0)
    for ov in view.objs:
        counts[ov.source] += 1  # a StrEnum member finds its plain-string key
    return counts


def capability(view: SetView, c: Criterion) -> Iterator[Hit]:
    if view.okr_set.context.level.value not in c.params.get("levels", ["department", "company"]):
        return
    if view.objs and not any(ov.kind == Kind.capability for ov in view.objs):
        yield Hit("set", None, "default", {}, any(ov.kind_inferred for ov in view.objs))


# --- objective scope ---------------------------------------------------------------------------


def kr_count(view: SetView, c: Criterion) -> Iterator[Hit]:
    lo, hi = c.params.get("min", 2), c.params.get("max", 5)
    for ov in view.objs:
        n = len(ov.obj.key_results)
        if n < lo or n > hi:
            yield Hit(ov.target, None, "none" if n == 0 else "few" if n < lo else "many", {"n": n, "min": lo, "max": hi})


def no_metric(view: SetView, c: Criterion) -> Iterator[Hit]:
    for ov in view.objs:
        if number := ov.title_number:
            yield Hit(ov.target, number, "default", {"number": number})


_SENTENCE_END = re.compile(r"[。！？!?；;]|\.\s+\S")
_CJK = re.compile(r"[\u3400-\u9fff]")


def concise(view: SetView, c: Criterion) -> Iterator[Hit]:
    zh_max, en_max = c.params.get("zh_max_chars", 35), c.params.get("en_max_words", 15)
    for ov in view.objs:
        title = ov.obj.title.strip()
        if _SENTENCE_END.search(title.rstrip("。.!！")):
            yield Hit(ov.target, title, "sentences", {})
        elif not title.isascii() and _CJK.search(title):
            n = len("".join(title.split()))  # characters without whitespace (split() and \s agree on it)
            if n > zh_max:
                yield Hit(ov.target, title, "long_zh", {"n": n, "max": zh_max})
        elif (n := len(title.split())) > en_max:
            yield Hit(ov.target, title, "long_en", {"n": n, "max": en_max})


def objective_pattern(view: SetView, c: Criterion) -> Iterator[Hit]:
    """Fires where the objective title (dates aside) matches `patterns` and not `unless`."""
    if c.rx is None:
        return
    search = c.rx.search  # `_search` inlined in the loops below: they run for every title or KR of every set
    for ov in view.objs:
        core = ov.core_title
        m = search(core)
        span = (m.group().strip() or core) if m is not None else None
        if span and not _search(c.unless_rx, ov.obj.title):
            yield Hit(ov.target, span, "default", {"span": span})


def commitment(view: SetView, c: Criterion) -> Iterator[Hit]:
    missing = [ov.target for ov in view.objs if ov.obj.commitment is None]
    default = view.default_commitment
    if missing and len(missing) == len(view.objs):
        yield Hit("set", None, "all", {"default": default, "targets": ", ".join(missing)})
    else:
        for t in missing:
            yield Hit(t, None, "default", {"default": default})


# --- key-result scope --------------------------------------------------------------------------


def measurable(view: SetView, c: Criterion) -> Iterator[Hit]:
    """A KR names a number, count, percentage or frequency. A dated milestone passes when the
    rubric allows milestones (`settings.milestones` = some|any)."""
    allow = view.milestones != "none"
    for ov, j, kr, text, target in view.krs:
        if ov.kr_kinds[j] != "milestone":
            continue
        if allow and (ov.kr_timebound[j] or kr.deadline):
            continue
        yield Hit(target, text, "default", {})


def kr_pattern(view: SetView, c: Criterion) -> Iterator[Hit]:
    """Fires where a KR (dates aside) matches `patterns` and the whole KR not `unless` (e.g. an
    activity with no measured effect)."""
    if c.rx is None:
        return
    search, unless = c.rx.search, c.unless_rx
    for ov, j, _, text, target in view.krs:
        core = ov.kr_cores[j]
        m = search(core)
        span = (m.group().strip() or core) if m is not None else None
        if span and not _search(unless, text):
            yield Hit(target, span, "default", {"span": span})


def text_pattern(view: SetView, c: Criterion) -> Iterator[Hit]:
    """Fires on objective titles and KR texts that match `patterns` (placeholders)."""
    if c.rx is None:
        return
    search = c.rx.search
    for ov in view.objs:  # titles first, then KRs: the checker sorts findings by target anyway
        title = ov.obj.title
        if (m := search(title)) is not None and (span := m.group().strip() or title):
            yield Hit(ov.target, span, "default", {"span": span})
    for _, _, _, text, target in view.krs:
        if (m := search(text)) is not None and (span := m.group().strip() or text):
            yield Hit(target, span, "default", {"span": span})


def baseline(view: SetView, c: Criterion) -> Iterator[Hit]:
    if c.rx is None:
        return
    search, unless = c.rx.search, c.unless_rx
    for ov, j, kr, text, target in view.krs:
        if kr.baseline is not None or ov.kr_kinds[j] != "metric":
            continue
        m = search(text)
        span = (m.group().strip() or text) if m is not None else None
        if span and not _search(unless, text):
            yield Hit(target, span, "default", {"span": span})


def deadline(view: SetView, c: Criterion) -> Iterator[Hit]:
    if view.okr_set.context.cycle and c.params.get("cycle_counts", True):
        return
    for ov, j, kr, text, target in view.krs:
        if not kr.deadline and not ov.kr_timebound[j]:
            yield Hit(target, text, "default", {})


def binary(view: SetView, c: Criterion) -> Iterator[Hit]:
    """Milestone (done / not done) KRs, by the rubric's `settings.milestones`: none → each flagged;
    some → flagged when they exceed `milestone_max_share` of an objective's KRs; any → never."""
    mode, share = view.milestones, view.milestone_max_share
    if mode == "any":
        return
    for ov in view.objs:
        ms = [j for j, k in enumerate(ov.kr_kinds) if k == "milestone"]
        if ms and (mode == "none" or len(ms) / len(ov.kr_kinds) > share):
            for j in ms:
                yield Hit(ov.kr_targets[j], ov.obj.key_results[j].text, mode, {"share": f"{share:.0%}"})


def duplicate(view: SetView, c: Criterion) -> Iterator[Hit]:
    threshold = c.params.get("threshold", 0.8)
    for ov in view.objs:
        krs = ov.obj.key_results
        if len(krs) < 2:
            continue
        toks = [infer.char_tokens(kr.text) for kr in krs]
        for j in range(1, len(krs)):
            for i in range(j):
                if _may_be_alike(toks[i], toks[j], threshold) and infer.dice(toks[i], toks[j]) >= threshold:
                    yield Hit(ov.kr_targets[j], krs[j].text, "default", {"other": ov.kr_targets[i]})
                    break


def _may_be_alike(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """False when `infer.dice(a, b)` cannot reach `threshold`: the two sets share at most the
    smaller one, so their Dice is at most 2·min/(|a|+|b|), computed the same way (no intersection)."""
    la, lb = len(a), len(b)
    return la + lb == 0 or 2 * min(la, lb) / (la + lb) >= threshold


# --- alignment scope ---------------------------------------------------------------------------


def linked(view: SetView, c: Criterion) -> Iterator[Hit]:
    for ov in view.objs:
        if ov.source != Source.aligned:
            continue
        if ov.dangling and view.refs:
            yield Hit(ov.target, ", ".join(ov.dangling), "dangling", {"refs": ", ".join(ov.dangling)})
        elif not ov.obj.aligns_to and not ov.source_inferred:  # an inferred source is a guess, not an error
            guess = ", ".join(ov.matches[:3])
            yield Hit(ov.target, None, "guess" if guess else "missing", {"refs": guess}, ov.source_inferred)


def not_copy(view: SetView, c: Criterion) -> Iterator[Hit]:
    if not view.refs:
        return
    threshold = c.params.get("threshold", 0.85)
    upper = [(ref, infer.char_tokens(text)) for ref, text in view.refs.items()]
    for ov in view.objs:
        if ov.source != Source.aligned:
            continue
        for kr, target in zip(ov.obj.key_results, ov.kr_targets):
            text = kr.text
            mine = infer.char_tokens(text)
            for ref, theirs in upper:
                if _may_be_alike(mine, theirs, threshold) and infer.dice(mine, theirs) >= threshold:
                    yield Hit(target, text, "default", {"ref": ref}, ov.source_inferred)
                    break


def coverage(view: SetView, c: Criterion) -> Iterator[Hit]:
    if not view.coverage_items:
        return
    missing = [r for r in view.coverage_items if r not in view.supported]
    if missing:  # "none": nothing supported (not "Supports — of the manager")
        yield Hit("set", None, "default" if view.supported else "none",
                  {"supported": ", ".join(view.supported) or "—", "unsupported": ", ".join(missing),
                   "level": view.coverage_level}, any(ov.source_inferred for ov in view.objs))


# The parameters each check reads from `criterion.params`, with their types (checked at load).
PARAMS: dict[str, dict[str, type]] = {
    "objective_count": {"min": int, "max": int},
    "kr_count": {"min": int, "max": int},
    "source_mix": {"skip_levels": list},
    "capability": {"levels": list},
    "concise": {"zh_max_chars": int, "en_max_words": int},
    "deadline": {"cycle_counts": bool},
    "duplicate": {"threshold": float},
    "not_copy": {"threshold": float},
}

CHECKS: dict[str, Callable[[SetView, Criterion], Iterator[Hit]]] = {
    "objective_count": objective_count,
    "source_mix": source_mix,
    "capability": capability,
    "kr_count": kr_count,
    "no_metric": no_metric,
    "concise": concise,
    "objective_pattern": objective_pattern,
    "commitment": commitment,
    "measurable": measurable,
    "kr_pattern": kr_pattern,
    "text_pattern": text_pattern,
    "baseline": baseline,
    "deadline": deadline,
    "binary": binary,
    "duplicate": duplicate,
    "linked": linked,
    "not_copy": not_copy,
    "coverage": coverage,
}

"""Rubric files: load, extend, validate and compile them.

A rubric is data (`rubrics/*.toml`, or a coach's TOML/YAML file). Criteria live in a table keyed
by their stable id. A file may `extends = "default"` (a shipped name or a path); its criteria
tables are then merged key by key into the base, so a coach overrides one bound with
`[criteria."objective.kr_count"] params = { max = 4 }` and disables one criterion with
`enabled = false` (or lists ids in `disabled = [...]`), without copying the rest. An id the base
does not have is a typo unless its table gives a `check`. Patterns are compiled once here (with a
first-character lookahead, assistant.patterns); a bad pattern, an unknown check or a check
parameter of the wrong type is a load error naming the file and the key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from assistant.errors import RubricError
from assistant.findings import Severity
from assistant.models import Commitment, Lang
from assistant.patterns import Searcher, compile_search
from assistant.paths import resource

NAMES = ("default", "google", "radical-focus", "lightweight")
Scope = Literal["set", "objective", "key_result", "alignment"]


class _Strict(BaseModel):
    # Frozen: a loaded rubric is compiled and its weights, texts and check plan are kept, so it is
    # never changed in place; a coach's variant is a file that extends it, or a `model_copy(update=…)`.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """The same text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in `lang`."""
        return self.zh if lang == "zh" else self.en


class Examples(_Strict):
    weak: Text
    strong: Text


class Criterion(_Strict):
    """One rubric criterion: what it asks, how it is checked, and how to fix a failure."""

    id: str
    title: Text
    explanation: Text
    scope: Scope
    severity: Severity
    weight: float = Field(default=1.0, ge=0, le=10)
    check: str  # a built-in check name (assistant.checks.CHECKS) or "llm"
    params: dict[str, Any] = Field(default_factory=dict)
    patterns: dict[Lang, list[str]] = Field(default_factory=dict)
    unless: dict[Lang, list[str]] = Field(default_factory=dict)
    messages: dict[str, Text]  # variant name → message template ({placeholders})
    fix: Text
    examples: Examples
    levels: list[str] = Field(default_factory=list)  # llm criteria: the allowed verdicts
    enabled: bool = True

    _rx: re.Pattern[str] | Searcher | None = PrivateAttr(default=None)
    _unless_rx: re.Pattern[str] | Searcher | None = PrivateAttr(default=None)

    @property
    def is_llm(self) -> bool:
        return self.check == "llm"

    # Read straight from the private store: these are read for every text of every set, and
    # pydantic's attribute fallback for private attributes is several times slower.
    @property
    def rx(self) -> re.Pattern[str] | Searcher | None:
        """All languages' `patterns` as one compiled regex (None when there are none)."""
        return self.__pydantic_private__["_rx"]  # type: ignore[index]

    @property
    def unless_rx(self) -> re.Pattern[str] | Searcher | None:
        """All languages' `unless` patterns as one compiled regex (None when there are none)."""
        return self.__pydantic_private__["_unless_rx"]  # type: ignore[index]

    def message(self, variant: str, lang: Lang, **values: Any) -> str:
        """The message for `variant` in `lang`, with {placeholders} filled."""
        return fill((self.messages.get(variant) or self.messages["default"]).get(lang), values)

    def compile(self, where: str) -> None:
        """Compile the patterns once; a pattern that does not compile names this criterion."""
        self._rx = _compile(self.id, "patterns", self.patterns, where)
        self._unless_rx = _compile(self.id, "unless", self.unless, where)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class FindingTexts(NamedTuple):
    """A criterion's texts in one language, as its findings use them (in `Rubric.plan`)."""

    fields: dict[str, object]  # criterion, severity, title, fix, weak_example, strong_example
    templates: dict[str, str]  # message variant → template

    def message(self, variant: str, values: dict[str, Any]) -> str:
        """The message for `variant` with {placeholders} filled: `Criterion.message` without
        reading the rubric's texts again."""
        tmpl = self.templates.get(variant)
        return fill(self.templates["default"] if tmpl is None else tmpl, values)


def _finding_texts(c: Criterion, lang: Lang) -> FindingTexts:
    """What every finding of `c` shares, in `lang`: id, severity, title, fix and examples, and its
    message templates by variant (the checker copies `fields` into each finding)."""
    return FindingTexts(
        {"criterion": c.id, "severity": c.severity, "title": c.title.get(lang), "fix": c.fix.get(lang),
         "weak_example": c.examples.weak.get(lang), "strong_example": c.examples.strong.get(lang)},
        {variant: text.get(lang) for variant, text in c.messages.items()},
    )


def fill(template: str, values: dict[str, Any]) -> str:
    """A message template with its {placeholders} filled from `values`; a placeholder with no value
    stays as written (`{span}`)."""
    if "{" not in template and "}" not in template:
        return template
    try:
        return template.format_map(values)
    except KeyError:
        return template.format_map(_Blank(values))


class CheckPlan(NamedTuple):
    """What `Rubric.plan` gives the checker."""

    deterministic: tuple[tuple[Criterion, FindingTexts, int], ...]  # criterion, its texts, its severity rank
    llm_ids: tuple[str, ...]  # criteria a model judges: listed as not run


def _compile(cid: str, key: str, by_lang: dict[str, list[str]], where: str) -> re.Pattern[str] | Searcher | None:
    parts: list[str] = []
    for lang, pats in by_lang.items():
        for i, pat in enumerate(pats):
            try:
                re.compile(pat)
            except re.error as exc:
                raise RubricError(
                    f"{where}: criteria.{cid}.{key}.{lang}[{i}]: pattern {pat!r} does not compile: {exc}",
                    hint="fix the regular expression (Python syntax; escape literal brackets and dots)",
                ) from None
            parts.append(f"(?:{pat})")
    return compile_search(parts, re.IGNORECASE) if parts else None


class RubricSettings(_Strict):
    """Rubric-wide settings."""

    default_commitment: Commitment = Commitment.committed
    llm_max_penalty: int = Field(default=20, ge=0, le=100)  # the most llm criteria can cost
    # Milestone (done / not done) KRs: "none" — not allowed (each one is flagged and a milestone
    # is not measurable); "some" — allowed while they are at most `milestone_max_share` of an
    # objective's KRs; "any" — allowed. Sources disagree, so it is the coach's call.
    milestones: Literal["none", "some", "any"] = "some"
    milestone_max_share: float = Field(default=0.5, ge=0, le=1)


class Rubric(_Strict):
    """A loaded, validated, compiled rubric."""

    name: str
    version: int | str = 1
    description: Text | None = None
    languages: list[Lang] = Field(default_factory=lambda: ["zh", "en"])
    extends: str | None = None
    settings: RubricSettings = Field(default_factory=RubricSettings)
    criteria: dict[str, Criterion]
    disabled: list[str] = Field(default_factory=list)  # ids switched off by this file or a base
    labels: dict[str, Text] = Field(default_factory=dict)  # enum values shown inside messages
    path: str = ""

    _weights: dict[str, float] | None = PrivateAttr(default=None)
    _plans: dict[str, tuple[dict[str, Criterion], CheckPlan]] = PrivateAttr(default_factory=dict)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Rubric:
        """A copy with `update` applied. The copy keeps none of this rubric's caches (weights, check
        plans): they are worked out afresh for its own criteria."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__pydantic_private__.update(_weights=None, _plans={})  # type: ignore[union-attr]
        return copied

    @property
    def weights(self) -> dict[str, float]:
        """Each criterion's weight by id (computed once: a loaded rubric is not changed)."""
        store = self.__pydantic_private__
        if store["_weights"] is None:  # type: ignore[index]
            store["_weights"] = {cid: c.weight for cid, c in self.criteria.items()}  # type: ignore[index]
        return store["_weights"]  # type: ignore[index]

    def label(self, value: str, lang: Lang) -> str:
        """`value` (an enum value such as "committed" or "manager") in `lang`, else as is."""
        text = self.labels.get(value)
        return text.get(lang) if text else value

    def plan(self, lang: Lang) -> CheckPlan:
        """What checking a set in `lang` runs: the enabled deterministic criteria in file order, each
        with its texts and severity rank, and the ids of the enabled `llm` criteria (not run here).

        Kept per language (a loaded rubric is not changed); a copy with other criteria gets its own."""
        store: dict[str, tuple[dict[str, Criterion], CheckPlan]] = self.__pydantic_private__["_plans"]  # type: ignore[index]
        kept = store.get(lang)
        if kept is not None and kept[0] is self.criteria:
            return kept[1]
        active = self.active()
        plan = CheckPlan(tuple((c, _finding_texts(c, lang), c.severity.rank) for c in active if not c.is_llm),
                         tuple(c.id for c in active if c.is_llm))
        store[lang] = (self.criteria, plan)
        return plan

    def active(self) -> list[Criterion]:
        """The enabled criteria, in file order."""
        return [c for c in self.criteria.values() if c.enabled]

    def get(self, cid: str) -> Criterion | None:
        """The criterion with this id, if present (enabled or not)."""
        return self.criteria.get(cid)


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """Load a shipped rubric by name (None → "default") or a coach's TOML/YAML file by path."""
    key = str(name_or_path or "default")
    if key in NAMES:
        return _load_shipped(key)
    path = Path(key).expanduser()
    if not path.is_file():
        raise RubricError(
            f"rubric {key!r} not found",
            hint=f"use one of {', '.join(NAMES)} or the path of a .toml/.yaml rubric file",
        )
    stat = path.stat()
    return _load_path(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_shipped(name: str) -> Rubric:
    res = resource("rubrics", f"{name}.toml")
    return _build(_parse(res.read_text(encoding="utf-8"), f"rubrics/{name}.toml"), f"rubrics/{name}.toml", ())


@lru_cache(maxsize=32)
def _load_path(path: str, _mtime: int, _size: int) -> Rubric:  # mtime/size: reload after an edit
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read rubric: {exc}", hint="save the file as UTF-8") from None
    return _build(_parse(text, path), path, (path,))


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        if where.endswith((".yaml", ".yml")):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{where}: not valid TOML: {exc}", hint="check quotes and [table] headers") from None
    except Exception as exc:  # yaml.YAMLError and friends
        raise RubricError(f"{where}: not valid YAML: {exc}", hint="check indentation and quoting") from None
    if not isinstance(data, dict):
        raise RubricError(f"{where}: a rubric is a table of keys (name, criteria, …)")
    return data


def _build(data: dict[str, Any], where: str, chain: tuple[str, ...]) -> Rubric:
    """Merge `data` over its base (if it extends one), validate and compile."""
    crit_raw = data.get("criteria", {})
    if not isinstance(crit_raw, dict):
        raise RubricError(f"{where}: criteria: must be a table keyed by criterion id",
                          hint='write [criteria."kr.measurable"] sections')
    base_name = data.get("extends")
    if not base_name and not crit_raw:
        raise RubricError(f"{where}: criteria: no criteria, and the file extends no rubric",
                          hint='start a coach\'s rubric with extends = "default" and override criteria by id')
    if base_name:
        base = _resolve_base(str(base_name), where, chain)
        merged = _merge_over(base, data, crit_raw, where)
    else:
        merged = {**data, "criteria": {cid: {"id": cid, **_table(c, cid, where)} for cid, c in crit_raw.items()}}
    merged.setdefault("name", Path(where).stem)
    merged["path"] = where
    crits = merged["criteria"]
    listed = merged.get("disabled", [])
    if not isinstance(listed, list) or not all(isinstance(cid, str) for cid in listed):
        raise RubricError(f"{where}: disabled: must be a list of criterion ids", hint='e.g. disabled = ["kr.baseline"]')
    for cid in listed:  # `disabled = [...]` is a shorthand for `enabled = false` on each id
        if cid not in crits:
            raise RubricError(f"{where}: disabled: unknown criterion id {cid!r}", hint=_did_you_mean(cid, crits))
        crits[cid] = {**crits[cid], "enabled": False}
    merged["disabled"] = sorted(cid for cid, c in crits.items() if c.get("enabled") is False)
    try:
        rubric = Rubric.model_validate(merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise RubricError(f"{where}: {loc}: {err['msg']}{more}", hint=_hint_for(err["loc"], err["type"])) from None
    _validate_checks(rubric, where)
    for c in rubric.criteria.values():
        c.compile(where)
    return rubric


def _table(value: Any, cid: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RubricError(f"{where}: criteria.{cid}: must be a table")
    return value


def _resolve_base(name: str, where: str, chain: tuple[str, ...]) -> Rubric:
    if name in NAMES:
        return _load_shipped(name)
    path = Path(name) if Path(name).is_absolute() else Path(where).parent / name
    key = str(path.resolve())
    if key in chain:
        raise RubricError(f"{where}: extends: {name!r} extends itself (a cycle)")
    if not path.is_file():
        raise RubricError(f"{where}: extends: base rubric {name!r} not found",
                          hint=f"use one of {', '.join(NAMES)} or a path relative to this file")
    text = path.read_text(encoding="utf-8")
    return _build(_parse(text, key), key, (*chain, key))


def _merge_over(base: Rubric, data: dict[str, Any], crit_raw: dict[str, Any], where: str) -> dict[str, Any]:
    """The base as plain data, with this file's top-level keys and criteria merged over it."""
    out = base.model_dump(exclude={"path", "extends"})
    for key, value in data.items():
        if key == "criteria":
            continue
        out[key] = _deep_merge(out.get(key), value) if isinstance(value, dict) else value
    crits = out["criteria"]
    for cid, override in crit_raw.items():
        override = _table(override, cid, where)
        if cid not in crits and "check" not in override:  # a typo'd id, not a new criterion
            raise RubricError(f"{where}: criteria.{cid}: unknown criterion id (not in the base rubric {base.name!r})",
                              hint=_did_you_mean(cid, crits) + "; a new criterion needs a `check` and its texts")
        crits[cid] = _deep_merge(crits.get(cid, {"id": cid}), override)
    return out


def _did_you_mean(cid: str, known: Any) -> str:
    close = difflib.get_close_matches(cid, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"known ids: {', '.join(known)}"


def _hint_for(loc: tuple[Any, ...], kind: str) -> str:
    """A hint for a validation error: the keys allowed where an unknown key was found."""
    if kind != "extra_forbidden":
        return "run `okr rubric show default` to see a complete criterion"
    models = {"criteria": Criterion, "settings": RubricSettings}
    model = models.get(str(loc[0]), Rubric) if len(loc) > 1 else Rubric
    if model is Criterion and len(loc) > 3:  # inside a criterion's title/examples/…: zh and en
        return "texts have two keys: zh and en"
    keys = [k for k in model.model_fields if k not in ("id", "path")]
    return "allowed keys here: " + ", ".join(keys)


def _deep_merge(base: Any, over: Any) -> Any:
    """`over` merged into `base`: tables merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _deep_merge(base.get(k), v)
        return out
    return over


def _validate_checks(rubric: Rubric, where: str) -> None:
    from assistant.checks import CHECKS, PARAMS

    for c in rubric.criteria.values():
        if c.is_llm:
            if not c.levels:
                raise RubricError(f"{where}: criteria.{c.id}.levels: an llm criterion lists its allowed levels")
        elif c.check not in CHECKS:
            raise RubricError(f"{where}: criteria.{c.id}.check: unknown check {c.check!r}",
                              hint=f"built-in checks: {', '.join(sorted(CHECKS))}, or \"llm\"")
        else:
            _validate_params(c, PARAMS.get(c.check, {}), where)
        if "default" not in c.messages:
            raise RubricError(f"{where}: criteria.{c.id}.messages: needs a `default` message")


def _validate_params(c: Criterion, schema: dict[str, type], where: str) -> None:
    """A check's params: known names, the right types, and `min` ≤ `max`. A bad value fails at load,
    not in the middle of a check."""
    for name, value in c.params.items():
        want = schema.get(name)
        if want is None:
            known = ", ".join(schema) or "none"
            raise RubricError(f"{where}: criteria.{c.id}.params.{name}: unknown parameter of check {c.check!r}",
                              hint=f"parameters of {c.check}: {known}")
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) if want is float else \
            isinstance(value, int) and not isinstance(value, bool) if want is int else isinstance(value, want)
        if not ok:
            raise RubricError(f"{where}: criteria.{c.id}.params.{name}: expected {want.__name__}, got {value!r}")
    lo, hi = c.params.get("min"), c.params.get("max")
    if lo is not None and hi is not None and lo > hi:
        raise RubricError(f"{where}: criteria.{c.id}.params: min ({lo}) is greater than max ({hi})")

r"""Compiling rubric patterns so that searching them is cheap.

A criterion's patterns become one alternation, searched in every objective and KR of every set.
Python's `re` tries each alternative at each position, so a long alternation scans slowly. When
every alternative must begin with one of a known set of characters, a lookahead on that set
(`(?=[待XxT…])(?:…)`) lets the engine skip positions cheaply: the same matches, several times
faster. The set is read from the parsed pattern; anything it cannot read leaves the pattern as is.
Patterns anchored at the start are left alone (the engine already tries one position).

A rubric pattern often mixes both kinds (`^\s*(?:完成|上线…)` and `(?:组织|召开)…会议`): `Searcher`
tries the whole alternation at the start of the text, then only the unanchored alternatives
(with their own, narrower lookahead) at the positions after it: the same match, found faster.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 (the stdlib's own name)
from re import _parser as P  # noqa: N812

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None)
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)

First = tuple[frozenset[str], bool]  # (class parts a match may start with, whether it can match empty)


def _class(items: list) -> frozenset[str] | None:
    out = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:  # a negated class or something rarer: unknown
            return None
    return frozenset(out)


def _first(items: list) -> First | None:
    """The characters a match of this sequence can start with; None when that cannot be read."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return frozenset(out | {re.escape(chr(av))}), False
        if op is C.IN:
            cls = _class(av)
            return None if cls is None else (frozenset(out | cls), False)
        if op is C.SUBPATTERN:
            sub = _first(av[-1].data)
        elif op is C.BRANCH:
            subs = [_first(b.data) for b in av[1]]
            if any(s is None for s in subs):
                return None
            sub = (frozenset().union(*(s[0] for s in subs)), any(s[1] for s in subs))  # type: ignore[index]
        elif op in _REPEATS:
            inner = _first(av[2].data)
            sub = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        else:  # `.`, a negated literal, a back-reference…: any character may start it
            return None
        if sub is None:
            return None
        out |= sub[0]
        if not sub[1]:
            return frozenset(out), False
    return frozenset(out), True


def _anchored(items: list) -> bool:
    """Whether every match must start at the beginning of the text (`^…`, or branches that all do)."""
    for op, av in items:
        if op is C.AT:
            return av is C.AT_BEGINNING or av is C.AT_BEGINNING_STRING
        if op is C.SUBPATTERN:
            return _anchored(av[-1].data)
        if op is C.BRANCH:
            return all(_anchored(b.data) for b in av[1])
        return False
    return False


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, with a first-character lookahead when one can be read."""
    rx = re.compile(pattern, flags)
    try:
        tree = P.parse(pattern, flags).data
        first = None if _anchored(tree) else _first(tree)
    except Exception:  # noqa: BLE001 (a private parser: never let it break loading)
        return rx
    if first is None or first[1] or not first[0]:
        return rx
    return re.compile(f"(?=[{''.join(sorted(first[0]))}])(?:{pattern})", flags)


class Searcher:
    """`re.compile(pattern, flags).search(text)`, found faster when some alternatives are anchored.

    `parts` are the alternatives of `pattern` (joined with `|`). An alternative anchored at the
    start (`^…`, no MULTILINE) can only match at position 0, so: the whole alternation is tried
    there (every alternative, in order, as `search` would), and from position 1 on only the
    others are searched. `search` treats `^` and lookbehinds at a later `pos` as in the full
    text, so both steps see exactly what one `search` would.
    """

    def __init__(self, parts: list[str], flags: int = 0) -> None:
        self.pattern = "|".join(parts)
        self.flags = flags
        self._first = re.compile(self.pattern, flags)
        rest = [p for p in parts if not _anchored(P.parse(p, flags).data)]
        self._rest = compile_fast("|".join(rest), flags) if rest else None

    def search(self, text: str) -> re.Match[str] | None:
        """The leftmost match of the whole pattern in `text`, or None."""
        m = self._first.match(text)
        if m is not None or self._rest is None:
            return m
        return self._rest.search(text, 1)


def compile_search(parts: list[str], flags: int = 0) -> re.Pattern[str] | Searcher:
    """The alternation of `parts`, compiled for `search`: a `Searcher` when some (not all) parts are
    anchored at the start, else `compile_fast` of the whole."""
    try:
        anchored = [_anchored(P.parse(p, flags).data) for p in parts]
    except Exception:  # noqa: BLE001 (a private parser: never let it break loading)
        anchored = [False]
    if any(anchored) and not all(anchored):
        return Searcher(parts, flags)
    return compile_fast("|".join(parts), flags)

"""The line grammar of OKR text: numbered lines, the article's inline form and Markdown.

`parse_text(text, name)` turns the body of a text/Markdown file (front matter already split off
by `assistant.frontmatter`) into sections of objectives. Matching runs on a width-normalised
copy of each line (full-width digits, colons and spaces → ASCII, one character for one), and
content is sliced from the original line, so the user's text is kept exactly.

Shapes (see README "File formats"):
- objective markers `O1：` `O1:` `目标1` `目标一：` `Objective 1:`; KR markers `KR1：` `KR1.1` `关键结果1`
  `Key Result 1:`; several markers on one line (the article's inline form) split the line;
- Markdown: a heading or a bold line is an objective (unless it names a section or is a title
  above other headings); list items under it are its KRs; nested lists work the same way;
- no markers at all: unindented lines are objectives, indented lines are their KRs;
- section headings switch to an upper level (`## 上级 OKR`, `**我的上级 OKR 示例**`,
  `## Department OKRs`…) or back to the person's own (`## 我的 OKR`, `## My OKRs`);
- a trailing `{key: value; …}` tag carries an objective's attributes or a KR's explicit fields.
Prose lines outside these shapes (titles, explanations) are not OKRs and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.errors import InputError
from assistant.models import Level

_WIDTH = str.maketrans("０１２３４５６７８９：　．（）｛｝；，", "0123456789: .(){};,")
_NARROW = {chr(k): chr(v) for k, v in _WIDTH.items()}
_WIDE_PAIRS = tuple(_NARROW.items())


def normalise_width(text: str) -> str:
    """`text.translate(_WIDTH)`, faster: a text holds few distinct wide characters (often just `：`),
    and a substring test per wide character is cheaper than a pattern scan of the text.

    One character for one, line breaks untouched: `normalise_width(text).split("\\n")` lines up with
    `text.split("\\n")`, and normalising a whole file at once is cheaper than line by line."""
    if text.isascii():
        return text
    for wide, narrow in _WIDE_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


_OBJ = r"(?:O|Objective|目标)\s*(?:\d+|[一二三四五六七八九十]+)"
_KR = r"(?:KR|Key\s*Results?|关键结果)\s*(?:\d+(?:[.\-]\d+)?|[一二三四五六七八九十]+)"
# A marker at the start of a piece: the number may be followed by a separator or a space.
_LEAD = re.compile(
    rf"(?:(?P<o>{_OBJ})|(?P<k>{_KR}))(?:\s*[:.、)]\s*|\s+|$)"
    r"|(?:(?P<o2>Objective|目标)|(?P<k2>Key\s*Results?|关键结果|KR))\s*:\s*",
    re.IGNORECASE,
)
# Markers that split an inline line: they must be followed by a colon (as in the article).
_SPLIT = re.compile(rf"(?<![A-Za-z0-9:_.])(?:{_OBJ}|{_KR})\s*:", re.IGNORECASE)
# Every split marker ends in a number (digits or Chinese numerals) and a colon: a line without one
# after its leading marker holds a single piece, whatever its colons (`{source: aligned}`) — and this
# search costs a fraction of `_SPLIT`'s, whose lookbehind runs at every character.
_SPLIT_HINT = re.compile(r"[\d一二三四五六七八九十]\s*:")
# `_SPLIT` as used: the same split points, each with its marker's kind (`lastgroup`, from the empty
# group that ends its branch) and the spaces after its colon, so a piece's text starts at `end()` (what
# `_LEAD` would match there, without matching it again). The pattern starts with a case-sensitive set
# of every character a marker can start with under IGNORECASE (`_LEAD_FIRST`), so the regex engine
# skips ahead to the next one; the rest goes on case-insensitively from the second character, and
# `(?<![…].)` is `_SPLIT`'s lookbehind, one character further back.
_CN_NUMERALS = "一二三四五六七八九十"
_SPLIT_AT = re.compile(
    rf"[OoKk\u212a目关](?i:(?<![A-Za-z0-9:_.].)"
    rf"(?:(?:(?<=o)(?:bjective)?|(?<=目)标)\s*(?:\d+|[{_CN_NUMERALS}]+)(?P<o>)"
    rf"|(?:(?<=k)(?:r|ey\s*results?)|(?<=关)键结果)\s*(?:\d+(?:[.\-]\d+)?|[{_CN_NUMERALS}]+)(?P<k>))\s*:\s*)"
)
# A marker and a colon inside a title or a KR ("对齐 O2: 提升效能") would split the line there. The
# writers put a backslash before such a colon (`O2\:`, a Markdown escape) and the reader takes one
# away; matched on the text as written, so full-width digits, dots and colons count too.
_KR_AS_WRITTEN = r"(?:KR|Key\s*Results?|关键结果)\s*(?:\d+(?:[.\-．]\d+)?|[一二三四五六七八九十]+)"
_MARKER_COLON = re.compile(rf"((?:{_OBJ}|{_KR_AS_WRITTEN})\s*)(\\*[:：])", re.IGNORECASE)
_ESCAPED_COLON = re.compile(rf"((?:{_OBJ}|{_KR_AS_WRITTEN})\s*)\\(\\*[:：])", re.IGNORECASE)


def escape_markers(text: str) -> str:
    r"""`text` with a backslash before every colon that follows a marker (`O2:` → `O2\:`)."""
    return _MARKER_COLON.sub(r"\1\\\2", text) if (":" in text or "：" in text) else text


def unescape_markers(text: str) -> str:
    """The inverse of `escape_markers`: one backslash fewer before a colon after a marker."""
    return _ESCAPED_COLON.sub(r"\1\2", text) if "\\" in text else text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")  # what `_heading` computes (its tests compare them)
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")
_LIST = re.compile(r"^(\s*)(?:[-*+•·▪◦]|\d{1,2}[.)、]|[(（]\d{1,2}[)）])\s+(.*)$")
_PROSE_END = re.compile(r"[。.!?！？…]\s*$")  # a sentence, not an objective title
_LIST_FIRST = frozenset("-*+•·▪◦0123456789(（")
_TAG = re.compile(r"\{([^{}]*)\}\s*$")
_SECTION = re.compile(
    r"^(?P<own>我的|本人|个人(?![级层])|自己的|my|own)?\s*"
    r"(?P<lvl>直属上级|上级|经理|主管|领导|leader|manager|boss|部门|department|dept|团队|team|公司|集团|company|corporate"
    r"|个人级|个人层级|individual[- ]level)?"
    r"\s*(?:'s)?\s*(?:级|层|层级|的)?\s*(?:okrs?|目标|objectives|goals)\s*(?:示例|例子|草稿|example|draft)?\s*"
    r"(?:[:(]\s*(?P<owner>[^)]*?)\s*\)?)?\s*$",
    re.IGNORECASE,
)
_LEVEL_WORDS = {
    "直属上级": Level.manager, "上级": Level.manager, "经理": Level.manager, "主管": Level.manager,
    "领导": Level.manager, "leader": Level.manager, "manager": Level.manager, "boss": Level.manager,
    "部门": Level.department, "department": Level.department, "dept": Level.department,
    "团队": Level.team, "team": Level.team, "公司": Level.company, "集团": Level.company,
    "company": Level.company, "corporate": Level.company,
    # an upper level of individual OKRs (a peer's, a mentor's); "个人 OKR" / "Individual OKRs" are not an upper level
    "个人级": Level.individual, "个人层级": Level.individual, "individual-level": Level.individual,
    "individual level": Level.individual,
}


# One objective or KR as written: (its text, its line, its trailing tag's body or None). A plain
# tuple, not a class: a draft has one per objective and KR, and a tuple is the cheapest thing to make.
Piece = tuple[str, int, str | None]


@dataclass
class Section:
    """The objectives of one part of a file: the person's own (level None) or an upper level."""

    level: Level | None
    owner: str = ""
    line: int = 0
    objectives: list[tuple[Piece, list[Piece]]] = field(default_factory=list)


# A line that may hold OKRs, as `_classify` leaves it: (line number, kind, depth, raw text,
# width-normalised text, the marker the text starts with or None). kind is "heading" | "list" |
# "plain"; depth is the heading level (bold = 7) or the indentation. A plain tuple, not a class: a
# draft has a line per objective and KR, and a tuple costs a tenth of an object to make.
_Line = tuple[int, str, int, str, str, "re.Match[str] | None"]


# The first characters a `_LEAD` match can start with, as `_LEAD` (case-insensitive) sees them: every
# marker begins with O / Objective / KR / Key / 目标 / 关键结果, and a case-insensitive `k` also matches
# the Kelvin sign U+212A (tests/test_reader.py checks this set against the re module). Lines starting
# with anything else skip the regex.
_LEAD_FIRST = frozenset("OoKk\u212a目关")
# The first characters of a stripped line that need more than the plain-line path: fences, skipped
# lines (comments, tables, quotes, rules), headings, bold lines and list items.
_SPECIAL_FIRST = frozenset("`~<|>-=*_#") | _LIST_FIRST
_O_GROUPS = frozenset(("o", "o2"))  # `_LEAD` groups of an objective marker (k / k2: a KR marker)


@lru_cache(maxsize=1024)
def section_of(title: str) -> tuple[Level | None, str] | None:
    """(level, owner) when a heading names a section: (None, "") for the person's own OKRs."""
    m = _SECTION.match(normalise_width(title).strip().strip("*").strip())
    if m is None or not (m.group("own") or m.group("lvl")):
        return None
    owner = m.group("owner") or ""
    if m.group("lvl"):
        return _LEVEL_WORDS[m.group("lvl").lower()], owner
    return None, owner


def _split_tag(text: str, norm: str) -> tuple[str, str | None]:
    """(text without its trailing `{…}` tag, the tag body or None); `norm` is the width-normalised text."""
    if "}" not in norm:
        return unescape_markers(text.strip()), None
    m = _TAG.search(norm)
    if m is None:
        return unescape_markers(text.strip()), None
    return unescape_markers(text[: m.start()].strip()), text[m.start(1) : m.end(1)]


def _heading(stripped: str) -> tuple[int, str] | None:
    """(level, title) of a Markdown heading line (`stripped`: no outer spaces), or None.

    The same as `_HEADING.match(stripped)` → (len(group 1), group 2), written with str methods: the
    regex's lazy title tries its closing part at every character, several µs on a long heading."""
    title = stripped.lstrip("#")
    level = len(stripped) - len(title)
    if not 1 <= level <= 6 or not title[:1].isspace():
        return None
    # the title runs from after the spaces to before the closing `  ##  ` (spaces, hashes, spaces)
    return level, title.lstrip().rstrip().rstrip("#").rstrip()


def _lead(norm: str) -> re.Match[str] | None:
    """The marker `norm` starts with, or None (the regex runs only when the first character allows one)."""
    return _LEAD.match(norm) if norm[:1] in _LEAD_FIRST else None


def _piece(raw: str, norm: str, start: int, stop: int) -> tuple[str, str | None]:
    """(text, tag) of the piece written at `raw[start:stop]`."""
    text, tag = _split_tag(raw[start:stop], norm[start:stop])
    return text.strip("*").strip(), tag  # _split_tag stripped the outer spaces


# Readings of objective lines and headings by their text. Their tags and titles recur (a team shares
# its tag vocabulary, and a draft is re-read on every edit), and a tagged line costs several µs to
# split; a numbered KR line is cheap and nearly always new, so it is not kept. Values are tuples of
# strings and match objects: nothing a caller can change. Cleared when full, which keeps it simple.
_MEMO_SIZE = 4096
_PIECES_MEMO: dict[str, tuple[bool, str, str | None]] = {}
_HEADING_MEMO: dict[str, tuple[str, int, str, str, re.Match[str] | None]] = {}


def _pieces(raw: str, norm: str, line: int, lead: re.Match[str]) -> list[tuple[bool, Piece]]:
    """(is an objective, piece) for each objective/KR on a line that starts with the marker `lead`
    (matched on `norm`, which is `raw` width-normalised)."""
    known = _PIECES_MEMO.get(raw)
    if known is not None:
        is_objective, text, tag = known
        return [(is_objective, (text, line, tag))]
    # A split marker ends in a number and a colon and cannot start inside the leading marker, so a
    # line with no such colon after its leading marker (most numbered lines) holds one piece.
    end = lead.end()
    splits = list(_SPLIT_AT.finditer(norm, 1)) if _SPLIT_HINT.search(norm, end) is not None else []
    if not splits:  # one objective or KR (with a tag, or a colon in its text): kept for next time
        text, tag = _piece(raw, norm, end, len(norm))
        if len(_PIECES_MEMO) >= _MEMO_SIZE:
            _PIECES_MEMO.clear()
        _PIECES_MEMO[raw] = (lead.lastgroup in _O_GROUPS, text, tag)
        return [(lead.lastgroup in _O_GROUPS, (text, line, tag))]
    # the inline form: a whole set on one line (rarely the same line twice, so not kept)
    # (is an objective, start, stop) of each piece: from the end of its marker to the next marker
    bounds: list[tuple[bool, int, int]] = []
    is_objective, start = lead.lastgroup in _O_GROUPS, end
    for m in splits:
        bounds.append((is_objective, start, m.start()))
        is_objective, start = m.lastgroup == "o", m.end()
    bounds.append((is_objective, start, len(norm)))
    tags = norm.find("}", end) >= 0
    out = []
    for is_objective, start, stop in bounds:
        if tags:
            text, tag = _piece(raw, norm, start, stop)
        else:  # what `_piece` gives for a piece without a tag (the usual inline line), without its two calls
            text, tag = raw[start:stop].strip(), None
            if "\\" in text:
                text = unescape_markers(text)
            text = text.strip("*").strip()
        out.append((is_objective, (text, line, tag)))
    return out


def _heading_line(raw: str, norm: str, stripped: str, indent: int) -> tuple[str, int, str, str, re.Match[str] | None]:
    """(kind, depth, text, normalised text, marker) of a line starting with `#`: a heading, or plain text."""
    read = _HEADING_MEMO.get(raw)
    if read is None:
        h = _heading(stripped)
        if h is not None:
            level, title = h
            start = norm.index(title) if title else len(norm)
            read = ("heading", level, raw[start : start + len(title)], title, _lead(title))
        else:
            read = ("plain", indent, raw.strip(), stripped, _lead(stripped))
        if len(_HEADING_MEMO) >= _MEMO_SIZE:
            _HEADING_MEMO.clear()
        _HEADING_MEMO[raw] = read
    return read


def _classify(lines: list[str], first_line: int, norms: list[str] | None = None) -> list[_Line]:
    """The lines that may hold OKRs: fences, comments, tables, rules and blank lines dropped.

    `norms`: the lines width-normalised, when the caller has them (normalising a whole text at once
    is cheaper than line by line)."""
    out: list[_Line] = []
    append = out.append
    in_fence = False
    no = first_line - 1
    for raw, norm in zip(lines, map(normalise_width, lines) if norms is None else norms, strict=True):
        no += 1
        stripped = norm.strip()
        if not stripped:
            continue
        first = stripped[0]
        if first not in _SPECIAL_FIRST:  # the common case: a plain line (numbered OKR lines are plain)
            if not in_fence:
                lead = _LEAD.match(stripped) if first in _LEAD_FIRST else None
                # an ASCII line is its own normalised form: no second strip
                append((no, "plain", len(norm) - len(norm.lstrip()), stripped if raw is norm else raw.strip(), stripped, lead))
            continue
        if first in "`~" and stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        # a rule (`---`, `* * *`) also ends with one of its characters: a list item (`- KR1：…`) is not
        # copied by the strip that tells them apart
        if in_fence or (first in "<|>" and stripped.startswith(("<!--", "|", ">"))) or (
                first in "-=*_" and stripped[-1] in "-=*_" and not stripped.strip("-=*_ ")):
            continue
        if first == "#":
            append((no, *_heading_line(raw, norm, stripped, len(norm) - len(norm.lstrip()))))
        elif first == "*" and (b := _BOLD_LINE.match(stripped)) is not None:
            off = norm.index("**") + 2
            title = b.group(1)
            append((no, "heading", 7, raw[off : off + len(title)], title, _lead(title)))
            if b.group(2):  # `**我的上级 OKR 示例** O1：…` — content after the bold words
                rest = norm.rindex(b.group(2))
                append((no, "plain", 0, raw[rest:], norm[rest:], _lead(norm[rest:])))
        elif first in _LIST_FIRST and (li := _LIST.match(norm)) is not None:
            start = li.start(2)
            item = norm[start:].rstrip()
            # the indentation is group 1 (`^(\s*)` before a bullet or number takes every leading space)
            append((no, "list", li.end(1), raw[start:].rstrip(), item, _lead(item)))
        else:
            append((no, "plain", len(norm) - len(norm.lstrip()), raw.strip(), stripped, _lead(stripped)))
    return out


class _Builder:
    """Collects objectives and their KRs into sections, in file order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sections: list[Section] = [Section(None)]
        self.krs: list[Piece] | None = None  # the current objective's KRs (None before any objective)

    def section(self, level: Level | None, owner: str, line: int) -> None:
        if level is None:
            own = next((s for s in self.sections if s.level is None), None)
            if own is not None and not own.objectives:
                self.sections.remove(own)
        self.sections.append(Section(level, owner, line))
        self.krs = None

    def objective(self, piece: Piece) -> None:
        self.krs = []
        self.sections[-1].objectives.append((piece, self.krs))

    def key_result(self, piece: Piece) -> None:
        if self.krs is None:
            raise InputError(
                f"key result before any objective: {piece[0][:40]!r}",
                path=self.name, line=piece[1],
                hint="put an objective line (O1：… / Objective 1: … / a heading) above its key results",
                zh=f"关键结果出现在任何目标之前：{piece[0][:40]!r}",
                zh_hint="在关键结果上方写一行目标（O1：… / 目标1：… / 一个标题）",
            )
        self.krs.append(piece)

    def add(self, pieces: list[tuple[bool, Piece]]) -> None:
        for is_objective, piece in pieces:
            if is_objective:
                self.objective(piece)
            elif self.krs is not None:  # `key_result` without its call (an inline line has a dozen)
                self.krs.append(piece)
            else:
                self.key_result(piece)  # raises: a KR before any objective


def parse_text(body: list[str], *, name: str, first_line: int = 1, norms: list[str] | None = None) -> list[Section]:
    """Sections of objectives from the body lines of a text or Markdown file.

    `norms`, when given, is `body` width-normalised line by line (see `normalise_width`)."""
    lines = _classify(body, first_line, norms)
    # numbered markers anywhere: unmarked lines are prose, not objectives (usually settled by line 1)
    markers = any(ln[5] is not None and ln[5].lastgroup in _O_GROUPS for ln in lines)
    # The depths of the headings that are not section names, and the deepest: they decide only what a
    # line without a marker is, so they are found at the first such line (a numbered draft has none).
    headings: list[int] | None = None
    deepest, several_deepest = 0, False
    b = _Builder(name)
    last = len(lines) - 1
    for i, (no, kind, depth, raw, norm, lead) in enumerate(lines):
        if lead is not None and kind != "heading":  # the common case: a numbered line or list item
            end = lead.end()
            if norm.find(":", end) < 0 and norm.find("}", end) < 0:  # one piece and no tag (see _pieces)
                text = raw[end:].strip()
                if "\\" in text:
                    text = unescape_markers(text)
                piece = (text.strip("*").strip(), no, None)
                if lead.lastgroup in _O_GROUPS:
                    b.objective(piece)
                elif b.krs is not None:
                    b.krs.append(piece)
                else:
                    b.key_result(piece)  # raises: a KR before any objective
            else:
                b.add(_pieces(raw, norm, no, lead))
            continue
        if kind == "heading":
            sec = section_of(norm)
            if sec is not None:
                b.section(sec[0], sec[1], no)
                continue
            if lead is not None:
                b.add(_pieces(raw, norm, no, lead))
                continue
        if headings is None:
            headings = [ln[2] for ln in lines if ln[1] == "heading" and section_of(ln[4]) is None]
            deepest = max(headings, default=0)
            several_deepest = headings.count(deepest) > 1
        nxt = lines[i + 1] if i < last else None
        if kind == "heading":
            if not markers and ((depth == deepest and several_deepest) or (nxt is not None and nxt[1] == "list")):
                text, tag = _split_tag(raw, norm)
                b.objective((text, no, tag))
            continue  # a title
        text, tag = _split_tag(raw, norm)
        if kind == "list":
            if not markers and not headings and nxt is not None and nxt[1] == "list" and nxt[2] > depth:
                b.objective((text, no, tag))
            else:
                b.key_result((text, no, tag))
        elif depth > 0 and b.krs is not None:
            b.key_result((text, no, tag))
        elif not markers and not headings and not _PROSE_END.search(norm):
            b.objective((text, no, tag))
        # else: prose between OKRs (a title, an explanation) — not part of the set
    return [s for s in b.sections if s.objectives or s.level is not None or s.line or len(b.sections) == 1]

"""Make user or model text safe to show (strip control characters, escape sequences included), and errors readable."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` without control characters; show it through `rich.text.Text`, never as markup."""
    return _CONTROL.sub("", text)


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")

def fold_cjk(text: Text, width: int) -> Text:
    """`text` with every line that holds Chinese folded at `width` cells (any character may end a line).

    Terminal wrapping breaks only at spaces, so '每周跟进 2 个敏捷…' would leave a half-empty line.
    Latin-only lines are left for the normal word wrap.
    """
    from rich.cells import get_character_cell_size

    if width <= 0:
        return text
    out: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        if not _CJK.search(line.plain):
            out.append(line)
            continue
        offsets, used = [], 0
        for i, ch in enumerate(line.plain):
            cells = get_character_cell_size(ch)
            if used + cells > width:
                offsets.append(i)
                used = 0
            used += cells
        out.extend(line.divide(offsets) if offsets else [line])
    return Text("\n").join(out)


def error_text(exc: BaseException, lang: str) -> str:
    """An error as one line in the interface language: the message, then what to do about it."""
    from assistant.errors import OkrError

    if not isinstance(exc, OkrError):
        return clean(str(exc))
    hint = exc.hint_in(lang)
    return clean(exc.message_in(lang) + (f" — {hint}" if hint else ""))

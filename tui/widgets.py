"""Small widgets the screens share."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.text import fold_cjk


class FoldedText(Static):
    """A Static whose Chinese lines fold at any character (see tui.text.fold_cjk): terminal word
    wrap breaks only at spaces, which leaves '第 1' alone on a line before a long Chinese message."""

    def render(self):  # type: ignore[no-untyped-def]
        body = self.content
        return fold_cjk(body, self.content_region.width) if isinstance(body, Text) else super().render()

    def on_resize(self) -> None:
        self.refresh(layout=True)  # fold again at the new width (a scrollbar came or went)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        body = self.content
        if isinstance(body, Text):
            return len(fold_cjk(body, width).wrap(self.app.console, width))
        return super().get_content_height(container, viewport, width)

"""Fixtures for the drafting workspace tests: the app on a temp file, what the screen shows, a mocked LLM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from textual import events

from llmmock import BASE, URL  # noqa: F401 (re-exported to the tests)

ROOT = Path(__file__).resolve().parents[2]
MANAGER_MD = ROOT / "examples" / "article" / "manager.md"


def screen_text(app: Any) -> str:
    """Every line the terminal would show right now (the top screen, toasts included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Any, seconds: float = 0.0) -> None:
    """Let timers, workers and the next frames run."""
    if seconds:
        await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def paste(pilot: Any, widget: Any, text: str) -> None:
    """What a terminal paste does: one Paste event to the focused widget."""
    widget.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))  # the app hands it to the focused widget
    await pilot.pause()


def completion(content: str) -> httpx.Response:
    """A 200 chat completion answering `content`."""
    return httpx.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def sent_text(request: httpx.Request) -> str:
    return "\n".join(m["content"] for m in json.loads(request.content)["messages"])



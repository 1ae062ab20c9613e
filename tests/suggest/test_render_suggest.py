"""Suggestion output formats: same content, model and user text made harmless."""

from __future__ import annotations

import json

from assistant.models import KeyResult, Objective, Source
from assistant.render_suggest import render
from assistant.suggestion import Provenance, Suggestion


def item() -> Suggestion:
    obj = Objective(title="Grow reach ![x](http://evil/?q=secret) \x1b[2J", source=Source.aligned, aligns_to=["manager:O1.KR1"],
                    key_results=[KeyResult(text="<script>alert(1)</script> 3 talks a month"), KeyResult(text="NPS from 30 to 45")])
    return Suggestion(objective=obj, rationale="because", provenance=Provenance(kind="upper", ref="manager:O1.KR1", text="t"),
                      engine="llm", score=80)


def test_json_round_trips_every_field() -> None:
    data = json.loads(render([item()], "json", "en"))
    assert data["version"] == 1 and Suggestion.model_validate(data["suggestions"][0]) == item()


def test_markdown_escapes_links_images_and_html() -> None:
    md = render([item()], "markdown", "en")
    assert "![x](http" not in md and "<script>" not in md and "manager:O1.KR1" in md


def test_text_strips_terminal_control_sequences_and_says_the_engine() -> None:
    out = render([item()], "text", "en")
    assert "\x1b" not in out and "engine: llm" in out and "KR2: NPS from 30 to 45" in out


def test_no_suggestions_says_what_to_give() -> None:
    assert "--upper" in render([], "text", "zh") and "--upper" in render([], "markdown", "en")

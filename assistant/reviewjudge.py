"""The model part of a team review, split so a batch can send, export and import it.

`okr check --llm` judges one draft with `assistant.judge`. A team review needs the same judgement
for hundreds of drafts, written to the run database, exported to a Batch API file, or imported
from one — so it needs the request (`body`) and the answer parser (`parse`) separately instead of
one call that does both. `JudgePlan` gets both from the judge module; the prompt itself stays in
`prompts/` and is rendered by the judge.

The plan also asks the model, for the record only, about the deterministic criteria listed in
`prompts/crosscheck.toml` (`cross_check`): the report compares those answers with the checks
(the agreement table); they never change a finding or a score.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.errors import ConfigError
from assistant.models import Lang, OKRSet


class JudgePlan:
    """How to ask the model about one draft, and how to read its answer."""

    def __init__(self, rubric: Any, lang: Lang, settings: Any, judge: Any) -> None:
        self.rubric, self.lang, self.settings, self.judge = rubric, lang, settings, judge
        self.cross_check: list[str] = judge.cross_check_criteria(rubric)

    def body(self, okr_set: OKRSet) -> dict[str, Any]:
        """The chat-completions request body for one draft (deterministic for the same input)."""
        return self.judge.request_body(okr_set, self.rubric, settings=self.settings, lang=self.lang,
                                       cross_check=self.cross_check)

    def parse(self, content: str) -> Any:
        """The model's answer as JSON-able data; raises when it is not a valid judgement."""
        return self.judge.parse_answer(content, self.rubric, cross_check=self.cross_check)

    def estimate(self, body: dict[str, Any]) -> int:
        """Tokens reserved before sending: ~3 characters a token, plus the answer budget."""
        return len(json.dumps(body.get("messages", ""), ensure_ascii=False)) // 3 + int(body.get("max_tokens") or 512)

    def client(self) -> Any:
        from assistant.llm import make_client

        return make_client(self.settings)

    def clients(self, concurrency: int) -> list[Any]:
        """Clients for a window of `concurrency` requests (several small connection pools)."""
        from assistant.batch import client_pool
        from assistant.llm import make_client

        return client_pool(lambda http: make_client(self.settings, http_client=http), concurrency)


def judge_plan(rubric: Any, lang: Lang, *, need_endpoint: bool = True) -> JudgePlan:
    """The plan for the configured endpoint; ConfigError when calls are needed and none is configured."""
    try:
        from assistant import judge
        from assistant.config import load_settings
    except ImportError as exc:  # pragma: no cover - only in a partial checkout
        raise ConfigError(f"the model judge is not available in this build ({exc.name})",
                          hint="run without --llm for the deterministic review") from exc
    settings = load_settings()
    if need_endpoint and not getattr(settings, "base_url", None) and not getattr(settings, "api_key", None):
        raise ConfigError("--llm needs a model endpoint, and none is configured",
                          hint="set OPENAI_BASE_URL (and OPENAI_API_KEY if the server needs one), see `okr config show`")
    for name in ("request_body", "parse_answer", "cross_check_criteria"):
        if not hasattr(judge, name):
            raise ConfigError(f"assistant.judge has no {name}() — the batch review cannot split the judge call",
                              hint="run without --llm for the deterministic review")
    return JudgePlan(rubric, lang, settings, judge)

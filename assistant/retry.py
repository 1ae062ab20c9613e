"""When and how long to wait before trying a model call again.

The SDK's own retries are off (`max_retries=0` in `make_client`): this is the one retry layer.
`sleep` is looked up on this module at call time, so tests replace it
(`monkeypatch.setattr(assistant.retry, "sleep", fake)`) or pass their own to `complete_json`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

Sleep = Callable[[float], Awaitable[None]]


async def sleep(seconds: float) -> None:
    """The real wait (patched in tests)."""
    await asyncio.sleep(seconds)


def backoff_delay(retry: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds before retry number `retry` (1-based): exponential, capped, with jitter.

    The wait is drawn from [d/2, d] with d = min(cap, base * 2**(retry-1)), so concurrent
    callers that failed together do not come back together.
    """
    d = min(cap, base * 2 ** max(0, retry - 1))
    return (rng or random).uniform(d / 2, d)


def retry_after(headers: Mapping[str, str] | None, *, now: datetime | None = None) -> float | None:
    """The wait a server asks for, in seconds: `retry-after-ms`, `retry-after` (seconds or date)."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        if "retry-after-ms" in lower:
            return max(0.0, float(lower["retry-after-ms"]) / 1000)
        if "retry-after" in lower:
            value = lower["retry-after"].strip()
            try:
                return max(0.0, float(value))
            except ValueError:
                when = parsedate_to_datetime(value)
                return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
    except (TypeError, ValueError, OverflowError):
        return None
    return None

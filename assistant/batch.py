"""Run many model calls at once: a sliding window, RPM/TPM token buckets, shared back-off.

- Sliding window, never chunked gather: every job is scheduled at once and a window of
  `concurrency` slots admits the next job the moment one finishes (chunks wait for their slowest
  request: measured 11.7 s vs 4.7 s in FAULTS.md 4.3).
- Requests-per-minute and tokens-per-minute are token buckets; a job reserves its estimated
  tokens before it is sent and the estimate is corrected from `usage` afterwards.
- A 429 pauses *every* worker until the server's reset (one shared "not before" time) and halves
  the window; it grows back by one after a run of successes (AIMD).
- One failure never stops the batch: each job catches its own errors and ends `done` or `error`
  in the run database. Run-level fatal errors (bad key, quota, server unreachable after retries,
  too many failures in a row) stop scheduling and leave the rest `pending` for `--resume`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.rundb import RunDB


class Limits(BaseModel):
    """How hard a batch may push the endpoint."""

    concurrency: int = Field(8, ge=1, description="requests in flight at most")
    rpm: int | None = Field(None, ge=1, description="requests per minute, None = unlimited")
    tpm: int | None = Field(None, ge=1, description="tokens per minute, None = unlimited")
    max_attempts: int = Field(4, ge=1, description="attempts per job before it is an error")
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_wait: float = 120.0  # a server asking to wait longer leaves the job pending
    breaker: int = 20  # this many failures in a row stop the run


class Job(BaseModel):
    """One draft's request: its run-database key, request hash and OpenAI request body."""

    model_config = ConfigDict(frozen=True)

    draft: str
    request_hash: str
    body: dict[str, Any]
    est_tokens: int = 0


class BatchSummary(BaseModel):
    done: int = 0
    errors: int = 0
    pending: int = 0
    fatal: str | None = None  # why the run stopped early, if it did
    requests: int = 0
    usage: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0


class FatalError(Exception):
    """Raised by a sender when the whole run must stop (bad key, quota, unreachable)."""


class RetryLater(Exception):
    """Raised by a sender when the server asks to wait; `after` seconds (None = back off)."""

    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


class Transient(Exception):
    """Raised by a sender for a failure worth retrying (5xx, dropped connection, bad JSON)."""


class Unreachable(Transient):
    """The endpoint cannot be reached; if retries do not help, the whole run stops."""


Sender = Callable[[Job], Awaitable[tuple[Any, dict[str, int]]]]
Progress = Callable[[BatchSummary, int], None]


class TokenBucket:
    """`rate_per_min` units per minute, burst up to one minute's worth."""

    def __init__(self, rate_per_min: int, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]) -> None:
        self.capacity = float(rate_per_min)
        self.rate = rate_per_min / 60.0
        self.tokens = self.capacity
        self.clock, self.sleep = clock, sleep
        self.stamp = clock()
        self.lock = asyncio.Lock()  # FIFO: waiters are served in arrival order

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    async def take(self, amount: float) -> None:
        amount = min(amount, self.capacity)
        async with self.lock:
            self._refill()
            while self.tokens + 1e-6 < amount:  # tolerance: float refills can stop a hair short
                await self.sleep(max(0.001, (amount - self.tokens) / self.rate))
                self._refill()
            self.tokens -= amount

    def give_back(self, amount: float) -> None:
        """Return an over-estimate (or charge an under-estimate when negative)."""
        self.tokens = min(self.capacity, self.tokens + amount)


class Window:
    """A sliding window whose size can shrink on 429 and grow back (AIMD)."""

    def __init__(self, size: int) -> None:
        self.max = size
        self.size = size
        self.in_flight = 0
        self.cond = asyncio.Condition()
        self.streak = 0

    async def __aenter__(self) -> None:
        async with self.cond:
            await self.cond.wait_for(lambda: self.in_flight < self.size)
            self.in_flight += 1

    async def __aexit__(self, *exc: object) -> None:
        async with self.cond:
            self.in_flight -= 1
            self.cond.notify()

    def shrink(self) -> None:
        self.size = max(1, self.size // 2)
        self.streak = 0

    async def success(self) -> None:
        self.streak += 1
        if self.size < self.max and self.streak >= self.size:
            self.streak = 0
            async with self.cond:
                self.size += 1
                self.cond.notify()


class BatchRunner:
    """Runs jobs through `send`, storing each outcome in the run database as it arrives."""

    def __init__(
        self,
        send: Sender,
        db: RunDB,
        run_id: str,
        limits: Limits | None = None,
        *,
        progress: Progress | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.send, self.db, self.run_id = send, db, run_id
        self.limits = limits or Limits()
        self.progress = progress
        self.clock, self.sleep = clock, sleep
        self.summary = BatchSummary()
        self.not_before = 0.0
        self.fail_streak = 0
        self.stopped = asyncio.Event()

    async def run(self, jobs: list[Job]) -> BatchSummary:
        """Run every job; returns counts (pending = not attempted because the run stopped)."""
        start = self.clock()
        self.window = Window(self.limits.concurrency)
        self.rpm = TokenBucket(self.limits.rpm, self.clock, self.sleep) if self.limits.rpm else None
        self.tpm = TokenBucket(self.limits.tpm, self.clock, self.sleep) if self.limits.tpm else None
        self.total = len(jobs)
        await asyncio.gather(*(self._one(job) for job in jobs))
        s = self.summary
        s.pending = self.total - s.done - s.errors
        s.seconds = self.clock() - start
        return s

    def stop(self, reason: str) -> None:
        """Stop scheduling; jobs not yet sent stay pending."""
        if not self.stopped.is_set():
            self.summary.fatal = reason
            self.stopped.set()

    async def _one(self, job: Job) -> None:
        attempts = 0
        last_error = ""
        async with self.window:
            while attempts < self.limits.max_attempts:
                if self.stopped.is_set():
                    return
                await self._wait_turn(job)
                if self.stopped.is_set():
                    return
                attempts += 1
                self.summary.requests += 1
                try:
                    result, usage = await self.send(job)
                except FatalError as exc:
                    self.stop(str(exc))
                    return
                except RetryLater as exc:
                    last_error = str(exc)
                    if exc.after is not None and exc.after > self.limits.max_wait:
                        return self.stop(f"{exc} (server asks to wait {exc.after:g} s; resume later)")
                    self._pause(exc.after if exc.after is not None else self._backoff(attempts))
                    self.window.shrink()
                    continue
                except Transient as exc:
                    last_error = str(exc)
                    if isinstance(exc, Unreachable) and attempts >= self.limits.max_attempts:
                        return self.stop(f"{exc} — is the server running? finished results are kept")
                    await self.sleep(self._backoff(attempts))
                    continue
                except Exception as exc:  # noqa: BLE001 - an item error must never end the batch
                    last_error = f"{type(exc).__name__}: {exc}"
                    break
                self._settle_tokens(job, usage)
                self.db.record_done(self.run_id, job.draft, result, attempts=attempts, usage=usage)
                self.summary.done += 1
                self.fail_streak = 0
                for k, v in usage.items():
                    self.summary.usage[k] = self.summary.usage.get(k, 0) + v
                await self.window.success()
                return self._report()
        self.db.record_error(self.run_id, job.draft, last_error or "no answer", attempts=attempts)
        self.summary.errors += 1
        self.fail_streak += 1
        if self.fail_streak >= self.limits.breaker:
            self.stop(f"{self.fail_streak} requests failed in a row; last error: {last_error}")
        self._report()

    async def _wait_turn(self, job: Job) -> None:
        """Honour the shared pause, then the RPM and TPM buckets."""
        while (delay := self.not_before - self.clock()) > 0:
            await self.sleep(delay)
        if self.rpm:
            await self.rpm.take(1)
        if self.tpm:
            await self.tpm.take(max(1, job.est_tokens))

    def _pause(self, seconds: float) -> None:
        self.not_before = max(self.not_before, self.clock() + seconds + random.uniform(0, 0.1 * seconds))

    def _backoff(self, attempt: int) -> float:
        base = min(self.limits.backoff_cap, self.limits.backoff_base * 2 ** (attempt - 1))
        return random.uniform(base / 2, base)

    def _settle_tokens(self, job: Job, usage: dict[str, int]) -> None:
        if self.tpm and "total_tokens" in usage:
            self.tpm.give_back(job.est_tokens - usage["total_tokens"])

    def _report(self) -> None:
        if self.progress:
            self.progress(self.summary, self.total)


def openai_sender(client: Any, parse: Callable[[str], Any]) -> Sender:
    """The lean per-request path: POST the body, then `parse(content)`; SDK errors mapped for the runner.

    `client` is an `openai.AsyncOpenAI` built by `assistant.llm.make_client` (SDK retries off:
    the runner is the one retry layer), or a list of them used in turn (see `client_pool`).
    `parse` turns the answer text into a JSON-able result (typically
    `Model.model_validate_json(text).model_dump()`); it raising means the answer was unusable,
    which is retried as a transient failure.

    The body is already the exact chat-completions request (`assistant.llm.build_request`), so it
    goes out through the SDK's `post()` rather than `chat.completions.create()`: same errors and
    headers, without re-walking every prompt against the SDK's parameter types (a few ms of CPU per
    request, which is what kept a 32-wide window from staying full).
    """
    import itertools

    import httpx
    import openai

    clients = list(client) if isinstance(client, (list, tuple)) else [client]
    host = str(getattr(clients[0], "base_url", "")) or "the endpoint"
    turn = itertools.count()

    async def send(job: Job) -> tuple[Any, dict[str, int]]:
        try:
            resp = await clients[next(turn) % len(clients)].post("/chat/completions", body=job.body, cast_to=httpx.Response)
        except openai.RateLimitError as exc:
            if _error_code(exc) == "insufficient_quota":
                raise FatalError(f"{host}: quota exhausted (billing) — finished results are kept") from exc
            raise RetryLater(f"{host}: rate limited (429)", _retry_after(exc)) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise FatalError(f"{host}: the API key was refused ({exc.status_code})") from exc
        except openai.APITimeoutError as exc:
            raise Transient(f"{host}: timed out") from exc
        except openai.APIConnectionError as exc:
            raise Unreachable(f"cannot reach {host}: {exc}") from exc
        except openai.InternalServerError as exc:
            raise Transient(f"{host}: server error {exc.status_code}") from exc
        content, u = _content(resp)
        if not content:
            raise Transient(f"{host}: empty answer")
        try:
            result = parse(content)
        except Exception as exc:  # noqa: BLE001 - invalid JSON / off-schema: retry, then item error
            raise Transient(f"{host}: unusable answer ({type(exc).__name__}): {content[:80]!r}") from exc
        usage = {k: int(u.get(k) or 0) for k in ("prompt_tokens", "completion_tokens", "total_tokens")} if u else {}
        return result, usage

    return send


def _content(resp: Any) -> tuple[str, dict[str, Any]]:
    """The first choice's message text and the usage block of a raw chat-completions answer
    (read as plain JSON: building the SDK's response objects cost more than the rest of the path)."""
    try:
        data = resp.json()
    except ValueError:
        return "", {}
    if not isinstance(data, dict):
        return "", {}
    choices = data.get("choices")
    first = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
    message = first.get("message") if isinstance(first.get("message"), dict) else {}
    content = message.get("content")
    usage = data.get("usage")
    return (content if isinstance(content, str) else ""), (usage if isinstance(usage, dict) else {})


def client_pool(make: Callable[[Any], Any], concurrency: int, per_client: int = 8) -> list[Any]:
    """`ceil(concurrency / per_client)` clients, each with its own connection pool of `per_client`.

    httpcore's pool does work quadratic in its number of connections on every request and
    response; several small pools keep a wide window cheap. `make(http_client)` builds one client.
    """
    import httpx

    n = max(1, -(-concurrency // per_client))
    size = -(-concurrency // n)
    return [make(httpx.AsyncClient(limits=httpx.Limits(max_connections=size, max_keepalive_connections=size))) for _ in range(n)]


def _error_code(exc: Any) -> str | None:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict):
            return err.get("code") or err.get("type")
    return getattr(exc, "code", None)


def _retry_after(exc: Any) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None

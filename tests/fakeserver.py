"""A local fake OpenAI-compatible server for tests and benchmarks (stdlib only).

It answers `POST /v1/chat/completions` after a configurable latency, can inject the faults real
servers produce (429 with Retry-After, 500, slow answers, dropped connections, invalid JSON) and
records every request it sees. It is built on asyncio streams with HTTP/1.1 keep-alive, so one
thread serves hundreds of concurrent connections.

In-process (tests)::

    with FakeServer(latency=0.01, faults=["429", "ok"]) as srv:
        base_url = srv.base_url          # http://127.0.0.1:PORT/v1
        ...
        srv.requests                     # list of dicts: path, body, fault, time

As a separate process (subprocess tests, benchmarks) — prints `PORT <n>` on stdout once ready and
appends one JSON line per request to --log::

    python tests/fakeserver.py --latency 0.2 --log /tmp/requests.jsonl

Faults: `ok`, `429`, `500`, `drop` (close the connection without answering), `invalid_json`
(200 with content that is not JSON), `slow` (answer after `slow_latency`). `faults` is consumed
one per request in arrival order; after it runs out every request gets `default_fault` (ok).
`fault_when` maps a substring of the request body to a fault applied every time it matches.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

DEFAULT_REPLY = '{"ok": true}'


class FakeServer:
    """The fake endpoint. Use as a context manager (runs in a background thread)."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        faults: list[str] | None = None,
        default_fault: str = "ok",
        fault_when: dict[str, str] | None = None,
        retry_after: float = 0.05,
        slow_latency: float = 2.0,
        reply: str | Callable[[dict[str, Any]], str] = DEFAULT_REPLY,
        log_path: str | None = None,
        port: int = 0,
    ) -> None:
        self.latency = latency
        self.faults = list(faults or [])
        self.default_fault = default_fault
        self.fault_when = dict(fault_when or {})
        self.retry_after = retry_after
        self.slow_latency = slow_latency
        self.reply = reply
        self.log_path = log_path
        self.port = port
        self.requests: list[dict[str, Any]] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._log_file = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115

    # ---- lifecycle -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FakeServer:
        self._thread = threading.Thread(target=self._run_thread, name="fakeserver", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        if self._log_file:
            self._log_file.close()

    def _run_thread(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self.start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def start(self) -> None:
        """Bind and listen (inside the current event loop)."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, backlog=512)
        self.port = self._server.sockets[0].getsockname()[1]

    # ---- request handling ------------------------------------------------------------------
    def _next_fault(self, raw: str) -> str:
        for needle, fault in self.fault_when.items():
            if needle in raw:
                return fault
        with self._lock:
            return self.faults.pop(0) if self.faults else self.default_fault

    def _record(self, path: str, body: Any, fault: str) -> None:
        entry = {"time": time.time(), "path": path, "body": body, "fault": fault}
        with self._lock:
            self.requests.append(entry)
        if self._log_file:
            self._log_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._log_file.flush()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
                if not await self._answer(method, path, raw, writer):
                    return
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _answer(self, method: str, path: str, raw: bytes, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection must be dropped."""
        text = raw.decode("utf-8", "replace")
        try:
            body: Any = json.loads(text) if text else None
        except ValueError:
            body = text
        if method != "POST" or not path.endswith("/chat/completions"):
            self._send(writer, 404, {"error": {"message": f"no route {method} {path}"}})
            return True
        fault = self._next_fault(text)
        self._record(path, body, fault)
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            await asyncio.sleep(self.slow_latency if fault == "slow" else self.latency)
        finally:
            with self._lock:
                self._in_flight -= 1
        if fault == "drop":
            return False
        if fault == "429":
            err = {"error": {"message": "Rate limit reached", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}
            self._send(writer, 429, err, {"retry-after": f"{self.retry_after:g}", "retry-after-ms": str(int(self.retry_after * 1000))})
        elif fault == "quota":
            err = {"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}
            self._send(writer, 429, err)
        elif fault == "500":
            self._send(writer, 500, {"error": {"message": "internal error", "type": "server_error"}})
        elif fault == "401":
            self._send(writer, 401, {"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}})
        else:
            content = "{not json" if fault == "invalid_json" else self._content(body)
            self._send(writer, 200, _completion(content, body))
        return True

    def _content(self, body: Any) -> str:
        return self.reply(body) if callable(self.reply) else self.reply

    @staticmethod
    def _send(writer: asyncio.StreamWriter, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}[status]
        head = [f"HTTP/1.1 {status} {reason}", "content-type: application/json", f"content-length: {len(data)}", "connection: keep-alive"]
        head += [f"{k}: {v}" for k, v in (extra or {}).items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)


def _completion(content: str, body: Any) -> dict[str, Any]:
    model = body.get("model", "fake") if isinstance(body, dict) else "fake"
    prompt_chars = len(json.dumps(body, ensure_ascii=False)) if body else 0
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4, "total_tokens": prompt_chars // 4 + len(content) // 4},
    }


def main(argv: list[str] | None = None) -> None:
    """Run the fake server in the foreground; print `PORT n` when ready."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--faults", default="", help="comma-separated faults for the first requests")
    p.add_argument("--default-fault", default="ok")
    p.add_argument("--retry-after", type=float, default=0.05)
    p.add_argument("--reply", default=DEFAULT_REPLY, help="assistant message content of every answer")
    p.add_argument("--log", default=None, help="append one JSON line per request here")
    a = p.parse_args(argv)
    srv = FakeServer(
        latency=a.latency, faults=[f for f in a.faults.split(",") if f], default_fault=a.default_fault,
        retry_after=a.retry_after, reply=a.reply, log_path=a.log, port=a.port,
    )

    async def serve() -> None:
        await srv.start()
        print(f"PORT {srv.port}", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

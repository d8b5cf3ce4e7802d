"""What every request of the convenience client goes through: an Idempotency-Key on each POST, and retries of 429 and
503 after the server's Retry-After (API.md: both mean nothing was changed, so any request may be sent again)."""

from __future__ import annotations

import email.utils
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone

import httpx

RETRYABLE = (429, 503)


def retry_after_seconds(response: httpx.Response, default: float = 1.0) -> float:
    """Retry-After as seconds: a number of seconds or an HTTP date; `default` when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class MarketTransport(httpx.BaseTransport):
    """Wraps an httpx transport. The key is set once, before the first attempt, so every retry carries the same key
    and the server answers a repeated create with the first answer instead of creating twice."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        max_retries: int = 5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._inner = inner or httpx.HTTPTransport()
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and "Idempotency-Key" not in request.headers:
            request.headers["Idempotency-Key"] = str(uuid.uuid4())
        attempt = 0
        while True:
            response = self._inner.handle_request(request)
            if response.status_code not in RETRYABLE or attempt >= self._max_retries:
                return response
            delay = min(retry_after_seconds(response), self._max_wait)
            response.read()
            response.close()
            attempt += 1
            self._sleep(delay)

    def close(self) -> None:
        self._inner.close()

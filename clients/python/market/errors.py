"""Errors the convenience layer raises: the API's own RFC 9457 problem, and a bid that ended without winning."""

from __future__ import annotations

import json
from typing import Any


class MarketError(Exception):
    """The marketplace answered with a problem (RFC 9457): its status, title, detail and per-field errors."""

    def __init__(self, status: int, title: str, detail: str | None = None, errors: dict[str, list[str]] | None = None):
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or {}
        fields = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else "") + (f" ({fields})" if fields else ""))

    @classmethod
    def from_response(cls, status: int, content: bytes) -> "MarketError":
        try:
            problem: dict[str, Any] = json.loads(content) if content else {}
        except ValueError:
            problem = {}
        if not isinstance(problem, dict):
            problem = {}
        return cls(status, str(problem.get("title") or f"HTTP {status}"), problem.get("detail"), problem.get("errors"))


class BidNotWon(Exception):
    """A bid waited on ended cancelled or expired instead of winning."""

    def __init__(self, bid: Any):
        self.bid = bid
        super().__init__(f"bid {bid.id} ended {bid.status.value if hasattr(bid.status, 'value') else bid.status} without winning")

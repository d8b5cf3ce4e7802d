"""The convenience layer over the generated client (marketplace_client): what generation cannot give an ML team in a
notebook. Every call raises MarketError on a problem answer instead of returning it, POSTs carry an Idempotency-Key,
429/503 are retried after Retry-After, and a placed bid can be followed until it wins and its booking exists.

Everything else is the generated API, reachable through `Market.client`:

    from marketplace_client.api.market import get_market_prices
    get_market_prices.sync(client=market.client, gpu_model="H100-SXM-80GB")
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import httpx

from marketplace_client import AuthenticatedClient
from marketplace_client.api.bids import cancel_bid, get_bid, place_bid
from marketplace_client.api.bookings import get_booking
from marketplace_client.api.market import plan_training_run, quote_bid
from marketplace_client.models import BidView, BidViewStatus, BookingView, PlaceBidRequest, PlanRequest, PlanView, QuoteView
from marketplace_client.types import UNSET, Response

from .errors import BidNotWon, MarketError
from .transport import MarketTransport

T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8080"


class Market:
    """A marketplace session for one API key (MARKET_API_KEY and MARKET_URL when not given)."""

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 5,
        poll_interval: float = 1.0,
        transport: httpx.BaseTransport | None = None,
    ):
        api_key = api_key or os.environ.get("MARKET_API_KEY")
        if not api_key:
            raise ValueError("an API key is needed: pass api_key or set MARKET_API_KEY")
        self.url = (url or os.environ.get("MARKET_URL") or DEFAULT_URL).rstrip("/")
        self.poll_interval = poll_interval
        self.client = AuthenticatedClient(
            base_url=self.url,
            token=api_key,
            timeout=httpx.Timeout(timeout),
            raise_on_unexpected_status=True,
            httpx_args={"transport": MarketTransport(transport, max_retries=max_retries)},
        )

    def __enter__(self) -> "Market":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.get_httpx_client().close()

    # --- calls -----------------------------------------------------------------------------------------------------

    def plan(
        self,
        *,
        model_parameters: float,
        training_tokens: float,
        gpu_model: str | None = None,
        gpu_count: int | None = None,
        mfu: float | None = None,
        deadline: Any = None,
        budget: float | None = None,
        flops_per_token: float | None = None,
    ) -> PlanView:
        """The training-run planner: options cheapest first, each with a bid ready to quote or place."""
        given = {"gpu_model": gpu_model, "gpu_count": gpu_count, "mfu": mfu, "deadline": deadline, "budget": budget,
                 "flops_per_token": flops_per_token}
        body = PlanRequest(model_parameters=model_parameters, training_tokens=training_tokens,
                           **{name: value for name, value in given.items() if value is not None})
        return _ok(plan_training_run.sync_detailed(client=self.client, body=body), PlanView)

    def quote(self, bid: Any) -> QuoteView:
        """What the market would do with this bid now (a PlaceBidRequest, a plan option's or alternative's `bid`)."""
        return _ok(quote_bid.sync_detailed(client=self.client, body=_bid_request(bid)), QuoteView)

    def place_bid(self, bid: Any, *, idempotency_key: str | None = None) -> BidView:
        """Places the bid; one Idempotency-Key (given or generated) covers every retry of this call."""
        response = place_bid.sync_detailed(client=self.client, body=_bid_request(bid), idempotency_key=idempotency_key or UNSET)
        return _ok(response, BidView)

    def bid(self, bid_id: UUID | str) -> BidView:
        return _ok(get_bid.sync_detailed(_uuid(bid_id), client=self.client), BidView)

    def cancel_bid(self, bid_id: UUID | str) -> BidView:
        return _ok(cancel_bid.sync_detailed(_uuid(bid_id), client=self.client), BidView)

    def booking(self, booking_id: UUID | str) -> BookingView:
        return _ok(get_booking.sync_detailed(_uuid(booking_id), client=self.client), BookingView)

    # --- waiting ---------------------------------------------------------------------------------------------------

    def wait_for_bid(
        self,
        bid_id: UUID | str,
        *,
        timeout: float = 600.0,
        on_progress: Callable[[BidView], None] | None = None,
    ) -> BidView:
        """Polls the bid until it is no longer open (or `timeout` seconds pass: TimeoutError). `on_progress` is called
        with the bid each time the market's last decision about it changes, so a notebook can show why it waits."""
        deadline = time.monotonic() + timeout
        seen: tuple[Any, ...] | None = None
        while True:
            current = self.bid(bid_id)
            decision = current.last_decision
            key = (current.status, getattr(decision, "reason", None), getattr(decision, "at", None))
            if on_progress is not None and key != seen:
                on_progress(current)
            seen = key
            if current.status != BidViewStatus.OPEN:
                return current
            if time.monotonic() >= deadline:
                raise TimeoutError(f"bid {bid_id} still open after {timeout:.0f} s")
            time.sleep(self.poll_interval)

    def place_and_wait(
        self,
        bid: Any,
        *,
        timeout: float = 600.0,
        on_progress: Callable[[BidView], None] | None = None,
    ) -> BookingView:
        """Places the bid, waits until it wins and returns its booking; BidNotWon when it expires or is cancelled."""
        placed = self.place_bid(bid)
        final = self.wait_for_bid(placed.id, timeout=timeout, on_progress=on_progress)
        if final.status != BidViewStatus.WON or not final.booking_id:
            raise BidNotWon(final)
        return self.booking(final.booking_id)


def _ok(response: Response[Any], expected: type[T]) -> T:
    """The parsed answer of a success; the problem as MarketError otherwise."""
    if 200 <= int(response.status_code) < 300 and isinstance(response.parsed, expected):
        return response.parsed
    raise MarketError.from_response(int(response.status_code), response.content)


def _bid_request(bid: Any) -> PlaceBidRequest:
    if isinstance(bid, PlaceBidRequest):
        return bid
    if isinstance(bid, dict):
        return PlaceBidRequest.from_dict(bid)
    return PlaceBidRequest.from_dict(bid.to_dict())


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))

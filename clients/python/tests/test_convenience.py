"""The hand-written layer: problems raised with the API's field errors, a bid followed until it ends, and POSTs that
carry one Idempotency-Key across retries made after the server's Retry-After."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from conftest import next_hour

from market import BidNotWon, MarketError, MarketTransport, retry_after_seconds
from marketplace_client.models import BidViewStatus, PlaceBidRequest


def bid(gpu_model: str = "A100-SXM-80GB", gpu_count: int = 8) -> PlaceBidRequest:
    start = next_hour()
    return PlaceBidRequest(gpu_model=gpu_model, gpu_count=gpu_count, duration_hours=4, earliest_start=start,
                           latest_start=start + timedelta(hours=6), regions=["eu-west-1"], max_price_per_gpu_hour=1.5)


def test_a_bad_bid_raises_the_problem_with_its_field_errors_and_places_nothing(new_organization):
    _, tenant = new_organization("tenant")
    bad = bid()
    bad.gpu_count = 0
    with pytest.raises(MarketError) as raised:
        tenant.place_bid(bad)
    assert raised.value.status == 400
    assert "gpuCount" in raised.value.errors
    from marketplace_client.api.bids import list_bids
    assert list_bids.sync(client=tenant.client).items == []


def test_a_bid_that_ends_without_winning_raises_bid_not_won(new_organization):
    _, tenant = new_organization("tenant")
    seen: list[str] = []

    def cancel_when_open(current):
        seen.append(current.status.value)
        if current.status == BidViewStatus.OPEN:
            tenant.cancel_bid(current.id)

    with pytest.raises(BidNotWon) as raised:
        tenant.place_and_wait(bid(), timeout=60, on_progress=cancel_when_open)
    assert raised.value.bid.status == BidViewStatus.CANCELLED
    assert seen == ["open", "cancelled"]


def test_a_placed_bid_is_not_placed_twice_when_its_key_is_sent_again(new_organization):
    _, tenant = new_organization("tenant")
    body = bid()
    first = tenant.place_bid(body, idempotency_key="py-retry-0001")
    again = tenant.place_bid(body, idempotency_key="py-retry-0001")
    assert again.id == first.id
    from marketplace_client.api.bids import list_bids
    assert [b.id for b in list_bids.sync(client=tenant.client).items] == [first.id]


class _Flaky(BaseHTTPRequestHandler):
    """A loopback server that answers 429 (Retry-After: 2), then 503 (Retry-After: 0), then 201."""
    answers = [(429, "2"), (503, "0"), (201, None)]
    seen: list[tuple[str, str | None, bytes]] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((self.path, self.headers.get("Idempotency-Key"), body))
        status, retry_after = type(self).answers[min(len(type(self).seen), 3) - 1]
        payload = json.dumps({"title": "busy"} if status != 201 else {"ok": True}).encode()
        self.send_response(status)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def test_posts_are_retried_after_retry_after_with_one_idempotency_key():
    _Flaky.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    slept: list[float] = []
    try:
        with httpx.Client(transport=MarketTransport(sleep=slept.append), base_url=f"http://127.0.0.1:{server.server_port}") as http:
            response = http.post("/v1/bids", json={"gpuCount": 8})
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 201
    assert slept == [2.0, 0.0]
    keys = {key for _, key, _ in _Flaky.seen}
    assert len(_Flaky.seen) == 3 and len(keys) == 1 and None not in keys
    assert all(body == b'{"gpuCount":8}' or json.loads(body) == {"gpuCount": 8} for _, _, body in _Flaky.seen)


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "3"})) == 3.0
    assert retry_after_seconds(httpx.Response(429)) == 1.0
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "soon"}), default=5.0) == 5.0

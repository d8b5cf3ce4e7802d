"""The seed's story from a notebook's point of view: plan a 70B-parameter run on 2T tokens with 1,000 H100s, quote
the cheapest option, place its bid, wait for the market and print the booking and what it costs.

    MARKET_URL=http://127.0.0.1:8080 MARKET_API_KEY=mk_... python examples/train_70b.py

Exit codes: 0 booked, 2 the market cannot fill it now (the quote's reason and alternatives are printed), 3 the bid
ended without winning.
"""

from __future__ import annotations

import sys

from market import BidNotWon, Market


def main() -> int:
    with Market() as market:
        plan = market.plan(model_parameters=70e9, training_tokens=2e12, gpu_model="H100-SXM-80GB", gpu_count=1000, mfu=0.23)
        option = plan.options[0]
        print(f"plan: {option.gpu_count} × {option.gpu_model} for {option.duration_hours} h "
              f"({option.gpu_hours:,.0f} GPU-h) ≈ ${option.total_price:,.2f} at ${option.price_per_gpu_hour}/GPU-h "
              f"({option.price_source.value})")

        quote = market.quote(option.bid)
        if not quote.fillable:
            print(f"not fillable now: {quote.reason}")
            for alternative in quote.alternatives:
                print(f"  {alternative.change.value}: ${alternative.total_price:,.2f}")
            return 2
        print(f"quote: ${quote.price_per_gpu_hour}/GPU-h from {quote.starts_at:%Y-%m-%d %H:%M} UTC, "
              f"total ${quote.total_price:,.2f} in {quote.region}")

        def progress(bid) -> None:
            reason = bid.last_decision.reason if bid.last_decision else "waiting for the next round"
            print(f"bid {bid.id}: {bid.status.value} ({reason})")

        try:
            booking = market.place_and_wait(option.bid, timeout=300, on_progress=progress)
        except BidNotWon as ended:
            print(ended)
            return 3
        print(f"booking {booking.id}: {booking.node_count} nodes, {booking.gpu_count} × {booking.gpu_model}, "
              f"{booking.starts_at:%Y-%m-%d %H:%M} → {booking.ends_at:%Y-%m-%d %H:%M} UTC")
        print(f"cost: ${booking.total_price:,.2f} (${booking.price_per_gpu_hour}/GPU-h)")
        return 0


if __name__ == "__main__":
    sys.exit(main())

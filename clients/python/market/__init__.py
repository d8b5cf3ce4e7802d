"""Convenience layer over the generated `marketplace_client`: see market.client.Market."""

from .client import Market
from .errors import BidNotWon, MarketError
from .transport import MarketTransport, retry_after_seconds

__all__ = ["BidNotWon", "Market", "MarketError", "MarketTransport", "retry_after_seconds"]

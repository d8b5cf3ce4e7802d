from enum import Enum

class PlanOptionViewPriceSource(str, Enum):
    ASK = "ask"
    MARKET_VWAP = "market-vwap"
    QUOTE = "quote"

    def __str__(self) -> str:
        return str(self.value)

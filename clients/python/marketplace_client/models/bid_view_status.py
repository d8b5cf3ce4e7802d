from enum import Enum

class BidViewStatus(str, Enum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    OPEN = "open"
    WON = "won"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum

class ListBidsStatus(str, Enum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    OPEN = "open"
    WON = "won"

    def __str__(self) -> str:
        return str(self.value)

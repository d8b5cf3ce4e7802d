from enum import Enum

class LedgerEntryViewKind(str, Enum):
    CHARGE = "charge"
    CREDIT = "credit"
    FEE = "fee"
    PAYOUT = "payout"
    REFUND = "refund"

    def __str__(self) -> str:
        return str(self.value)

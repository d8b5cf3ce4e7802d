from enum import Enum

class DiscrepancyViewKind(str, Enum):
    AMOUNT_MISMATCH = "amount-mismatch"
    AWARD_WITHOUT_BOOKING = "award-without-booking"
    BOOKING_WITHOUT_AWARD = "booking-without-award"
    BOOKING_WITHOUT_HOLD = "booking-without-hold"
    HOLD_WITHOUT_BOOKING = "hold-without-booking"
    MISSING_CHARGE = "missing-charge"
    UNDER_DELIVERY = "under-delivery"

    def __str__(self) -> str:
        return str(self.value)

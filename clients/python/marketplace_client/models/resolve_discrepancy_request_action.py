from enum import Enum

class ResolveDiscrepancyRequestAction(str, Enum):
    ACCEPT = "accept"
    CANCEL_BOOKING = "cancel-booking"
    ISSUE_CREDIT = "issue-credit"
    RELEASE_HOLD = "release-hold"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum

class InterconnectRequirementRequestKind(str, Enum):
    ETHERNET = "ethernet"
    INFINIBAND = "infiniband"
    ROCE = "roce"

    def __str__(self) -> str:
        return str(self.value)

from enum import Enum

class InterconnectRequestKind(str, Enum):
    ETHERNET = "ethernet"
    INFINIBAND = "infiniband"
    ROCE = "roce"

    def __str__(self) -> str:
        return str(self.value)

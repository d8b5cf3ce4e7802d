from enum import Enum

class InterconnectKind(str, Enum):
    ETHERNET = "ethernet"
    INFINIBAND = "infiniband"
    ROCE = "roce"

    def __str__(self) -> str:
        return str(self.value)

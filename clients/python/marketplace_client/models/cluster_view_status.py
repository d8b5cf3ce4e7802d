from enum import Enum

class ClusterViewStatus(str, Enum):
    ACTIVE = "active"
    DELISTED = "delisted"

    def __str__(self) -> str:
        return str(self.value)

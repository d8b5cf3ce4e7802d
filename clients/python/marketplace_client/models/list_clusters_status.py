from enum import Enum

class ListClustersStatus(str, Enum):
    ACTIVE = "active"
    DELISTED = "delisted"

    def __str__(self) -> str:
        return str(self.value)

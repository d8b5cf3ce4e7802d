from enum import Enum

class MeRole(str, Enum):
    ADMIN = "admin"
    PROVIDER = "provider"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)

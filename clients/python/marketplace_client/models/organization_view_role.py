from enum import Enum

class OrganizationViewRole(str, Enum):
    ADMIN = "admin"
    PROVIDER = "provider"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)

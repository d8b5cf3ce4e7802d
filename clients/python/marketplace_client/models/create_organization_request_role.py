from enum import Enum

class CreateOrganizationRequestRole(str, Enum):
    ADMIN = "admin"
    PROVIDER = "provider"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)

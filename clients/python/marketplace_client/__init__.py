
""" A client library for accessing GPU Cluster Marketplace API """
from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

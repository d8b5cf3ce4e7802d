"""The Python client's tests run against a live marketplace: MARKET_URL (its gateway) and MARKET_ADMIN_KEY (an
admin's key, to create the organizations each test needs). The .NET test `When_the_python_client_is_used` starts one
(real services, PostgreSQL and RabbitMQ) and runs this suite; against up.sh's system:

    MARKET_URL=http://127.0.0.1:8080 MARKET_ADMIN_KEY=<the admin key up.sh printed> python -m pytest clients/python/tests
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from market import Market
from marketplace_client.api.clusters import create_cluster
from marketplace_client.api.organizations import create_organization
from marketplace_client.models import (
    ClusterView,
    CreateClusterRequest,
    CreatedOrganization,
    CreateOrganizationRequest,
    CreateOrganizationRequestRole,
    InterconnectRequest,
    InterconnectRequestKind,
)


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: these tests need a running marketplace (see tests/conftest.py)", returncode=2)
    return value


@pytest.fixture(scope="session")
def market_url() -> str:
    return _required("MARKET_URL")


@pytest.fixture(scope="session")
def admin(market_url: str) -> Market:
    with Market(market_url, _required("MARKET_ADMIN_KEY"), poll_interval=0.2) as market:
        yield market


@pytest.fixture
def new_organization(admin: Market, market_url: str):
    """Creates an organization of a role (a fresh name each time) and returns (its key, a Market signed in as it)."""
    opened: list[Market] = []

    def create(role: str) -> tuple[str, Market]:
        body = CreateOrganizationRequest(name=f"py-{role}-{uuid.uuid4().hex[:8]}", role=CreateOrganizationRequestRole(role))
        response = create_organization.sync_detailed(client=admin.client, body=body)
        assert isinstance(response.parsed, CreatedOrganization), response.content
        market = Market(market_url, response.parsed.api_key, poll_interval=0.2)
        opened.append(market)
        return response.parsed.api_key, market

    yield create
    for market in opened:
        market.close()


def next_hour() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def list_cluster(provider: Market, *, gpu_model: str, nodes: int, ask: float, days: int = 60, region: str = "us-east-1") -> ClusterView:
    start = next_hour()
    body = CreateClusterRequest(
        name=f"py-{gpu_model.lower()}-{uuid.uuid4().hex[:6]}", region=region, gpu_model=gpu_model, gpus_per_node=8,
        node_count=nodes, interconnect=InterconnectRequest(kind=InterconnectRequestKind.INFINIBAND, gbps_per_node=3200),
        ask_price_per_gpu_hour=ask, available_from=start, available_until=start + timedelta(days=days),
    )
    response = create_cluster.sync_detailed(client=provider.client, body=body)
    assert isinstance(response.parsed, ClusterView), response.content
    return response.parsed

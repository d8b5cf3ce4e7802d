"""The seed's story through the Python client, as an ML team runs it: the example script plans the 70B run, quotes
it, places the bid, waits and prints the booking and its cost; the booking is then read back through the generated
API and through market data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import list_cluster

from marketplace_client.api.bookings import list_bookings
from marketplace_client.api.market import get_market_prices
from marketplace_client.models import BookingPage, PriceHistoryView

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "train_70b.py"


def test_the_example_plans_quotes_places_and_books_the_70b_run(new_organization, market_url):
    _, provider = new_organization("provider")
    tenant_key, tenant = new_organization("tenant")
    cluster = list_cluster(provider, gpu_model="H100-SXM-80GB", nodes=130, ask=1.94)

    # What the example will see: the market quotes the run on the only cluster that can hold it, at its ask.
    plan = tenant.plan(model_parameters=70e9, training_tokens=2e12, gpu_model="H100-SXM-80GB", gpu_count=1000, mfu=0.23)
    option = plan.options[0]
    assert (option.gpu_count, option.price_per_gpu_hour, option.price_source.value) == (1000, 1.94, "quote")
    expected_total = 1000 * option.duration_hours * 1.94
    assert abs(option.total_price - expected_total) < 0.01

    env = {**os.environ, "MARKET_URL": market_url, "MARKET_API_KEY": tenant_key}
    run = subprocess.run([sys.executable, str(EXAMPLE)], env=env, capture_output=True, text=True, timeout=600)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr


    assert re.search(r"^quote: \$1\.94/GPU-h", run.stdout, re.M), run.stdout
    assert f"cost: ${expected_total:,.2f} ($1.94/GPU-h)" in run.stdout
    assert re.search(r"^bid [0-9a-f-]{36}: won", run.stdout, re.M), run.stdout

    page = list_bookings.sync(client=tenant.client)
    assert isinstance(page, BookingPage)
    booking = page.items[0]
    assert len(page.items) == 1
    assert (booking.cluster_id, booking.node_count, booking.gpu_count) == (cluster.id, 125, 1000)
    assert abs(booking.total_price - expected_total) < 0.01
    assert (booking.ends_at - booking.starts_at).total_seconds() == option.duration_hours * 3600

    prices = get_market_prices.sync(client=tenant.client, gpu_model="H100-SXM-80GB")
    assert isinstance(prices, PriceHistoryView)
    assert sum(point.bookings for point in prices.points) >= 1

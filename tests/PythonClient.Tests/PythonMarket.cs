using Marketplace.Testing;

namespace PythonClient.Tests;

/// <summary>The whole marketplace with its gateway on a loopback socket, for a Python process to call.</summary>
public sealed class PythonMarket : MarketplaceFixture
{
    protected override bool GatewayOnSocket => true;
}

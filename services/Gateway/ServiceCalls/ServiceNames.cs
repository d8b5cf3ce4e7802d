namespace Marketplace.Gateway.ServiceCalls;

/// <summary>
/// The service a request goes to, in plain words for error messages ("the bidding service"). A contract's namespace
/// names its owner (Marketplace.Contracts.Bidding); the message type itself is an internal name clients never see.
/// </summary>
public static class ServiceNames
{
    private static readonly Dictionary<string, string> ByNamespace = new()
    {
        ["Marketplace.Contracts.Inventory"] = "inventory service",
        ["Marketplace.Contracts.Bidding"] = "bidding service",
        ["Marketplace.Contracts.Allocation"] = "allocation service",
        ["Marketplace.Contracts.Settlement"] = "settlement service",
        ["Marketplace.Contracts.Notifications"] = "notifications service",
    };

    public static string Of(Type request) => ByNamespace.GetValueOrDefault(request.Namespace ?? "", "service that handles this request");
}

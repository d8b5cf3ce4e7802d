namespace Marketplace.Domain;

/// <summary>An organization's role; every API key acts with its organization's role.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Provider = "provider";
    public const string Tenant = "tenant";

    public static bool IsValid(string? role) => role is Admin or Provider or Tenant;
}

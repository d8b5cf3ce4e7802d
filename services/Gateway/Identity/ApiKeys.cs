using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Gateway.Identity;

public static class ApiKeys
{
    /// <summary>Characters of a key kept in clear to tell keys apart in lists: "mk_" and 5 of 43 random ones (30 of 256 bits).</summary>
    public const int PrefixLength = 8;

    /// <summary>"mk_" and 256 random bits: the prefix makes a leaked key easy to recognise in logs and scanners.</summary>
    public static string Generate() => "mk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string PrefixOf(string key) => key.Length <= PrefixLength ? key[..Math.Min(3, key.Length)] : key[..PrefixLength];
}

/// <summary>Authorization policy names: one per role (named as the role) and these for endpoints several roles may call.</summary>
public static class Policies
{
    public const string ProviderOrAdmin = "provider-or-admin";
    public const string TenantOrAdmin = "tenant-or-admin";
}

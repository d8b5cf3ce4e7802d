using System.Security.Cryptography;
using System.Text;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Security;

/// <summary>
/// HMAC-SHA256 over (organization, role, message id) of a request's caller, with the key the services share. It binds
/// the caller to one message: a signature copied onto another message id, or onto another caller, does not verify.
/// </summary>
public sealed class CallerSignature(string key)
{
    public const string Header = "Marketplace-Caller-Signature";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Sign(Caller caller, Guid messageId) => Convert.ToHexStringLower(Mac(caller, messageId));

    /// <summary>Constant-time: the comparison takes as long whatever the first differing byte, so it leaks nothing.</summary>
    public bool Verify(Caller caller, Guid messageId, string? signature)
    {
        if (signature is null || signature.Length != 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, Mac(caller, messageId));
    }

    // The two ids have a fixed length, so "org|role|message" is unambiguous whatever the role contains.
    private byte[] Mac(Caller caller, Guid messageId) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{caller.OrganizationId:D}|{caller.Role}|{messageId:D}"));
}

using System.Security.Cryptography;
using System.Text;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Security;

/// <summary>
/// HMAC-SHA256 over (organization, role, message id) of a request's caller, with the key the services share. It binds
/// the caller to one message: a signature copied onto another message id, or onto another caller, does not verify.
/// A batch of requests (several callers, one per item) is signed over all of them, in order, with the message id.
/// </summary>
public sealed class CallerSignature(string key)
{
    public const string Header = "Marketplace-Caller-Signature";

    /// <summary>The header of a request sent straight to a service over HTTP: the signature of its whole body.</summary>
    public const string BodyHeader = "Marketplace-Body-Signature";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Sign(Caller caller, Guid messageId) => Sign([caller], messageId);

    public string Sign(IReadOnlyList<Caller> callers, Guid messageId) => Convert.ToHexStringLower(Mac(callers, messageId));

    public bool Verify(Caller caller, Guid messageId, string? signature) => Verify([caller], messageId, signature);

    /// <summary>Constant-time: the comparison takes as long whatever the first differing byte, so it leaks nothing.</summary>
    public bool Verify(IReadOnlyList<Caller> callers, Guid messageId, string? signature)
    {
        if (signature is null || signature.Length != 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, Mac(callers, messageId));
    }

    /// <summary>
    /// A request sent straight to a service (docs/decisions/0016) is signed over its exact body, callers and all: no
    /// part of it can be changed or lifted onto another body. Prefixed, so no body signs as a caller list does.
    /// </summary>
    public string SignBody(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(BodyMac(body));

    /// <summary>Constant-time, as <see cref="Verify(IReadOnlyList{Caller}, Guid, string?)"/>.</summary>
    public bool VerifyBody(ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || signature.Length != 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, BodyMac(body));
    }

    private byte[] BodyMac(ReadOnlySpan<byte> body)
    {
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        mac.AppendData("body|"u8);
        mac.AppendData(body);
        return mac.GetHashAndReset();
    }

    // The ids have a fixed length, so "org|role|message" is unambiguous whatever the role contains (one caller: the
    // format every version signs). Several: "batch|count|message", then each caller with its role's length.
    private byte[] Mac(IReadOnlyList<Caller> callers, Guid messageId) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(callers.Count == 1
            ? $"{callers[0].OrganizationId:D}|{callers[0].Role}|{messageId:D}"
            : $"batch|{callers.Count}|{messageId:D}" + string.Concat(callers.Select(c => $"|{c.OrganizationId:D}|{c.Role?.Length ?? 0}:{c.Role}"))));
}

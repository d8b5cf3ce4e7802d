namespace Marketplace.Cli;

/// <summary>What a script can test after `market …` (also in `market --help` and the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Invalid input: a usage error, or the API's 400/413/422.</summary>
    public const int Invalid = 1;
    /// <summary>No key, a wrong or revoked key (401), or a role that may not do this (403).</summary>
    public const int NotAllowed = 2;
    public const int NotFound = 3;
    /// <summary>The resource's state forbids it (409).</summary>
    public const int Conflict = 4;
    /// <summary>The marketplace could not answer (503 or 429 after the retries, no connection).</summary>
    public const int Unavailable = 5;
    /// <summary>--wait ended without the outcome waited for: the bid expired or was cancelled, the reconciliation failed.</summary>
    public const int NotWon = 6;

    public static int ForStatus(int status) => status switch
    {
        400 or 413 or 422 => Invalid,
        401 or 403 => NotAllowed,
        404 => NotFound,
        409 => Conflict,
        _ => Unavailable,
    };
}

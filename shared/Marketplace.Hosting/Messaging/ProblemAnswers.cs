using Marketplace.Contracts;
using Marketplace.Domain;
using Npgsql;

namespace Marketplace.Hosting.Messaging;

/// <summary>The problems services answer with, in one place: a request answers one, a batch of requests one per item.</summary>
public static class ProblemAnswers
{
    public static Problem NotFound(string what) => new(404, "Not found", $"No {what} with that id.", null);

    public static Problem Invalid(ValidationErrors errors) => new(400, "Invalid request", "One or more fields are invalid.", errors.ToDictionary());

    /// <summary>422: the request is valid, but the organization is at one of its limits (docs/security.md, quotas).</summary>
    public static Problem QuotaExceeded(string detail) => new(422, "Quota exceeded", detail, null);

    public static Problem Forbidden(string detail) => new(403, "Forbidden", detail, null);

    /// <summary>422: an Idempotency-Key sent again with another request (API.md); the gateway's keys and bidding's say it alike.</summary>
    public static Problem KeyReusedWithAnotherBody() =>
        new(422, "Idempotency-Key reused", "This Idempotency-Key was used with a different request body.", null);

    public static Problem Conflict(string detail) => new(409, "Conflict", detail, null);

    /// <summary>400 for a PostgreSQL data error (class 22): the input cannot be stored, now or on any retry.</summary>
    public static Problem CannotBeStored(PostgresException error) => new(400, "Invalid request", "One or more values cannot be stored.",
        string.IsNullOrEmpty(error.ColumnName) ? null : new Dictionary<string, string[]> { [error.ColumnName] = ["cannot be stored"] });
}

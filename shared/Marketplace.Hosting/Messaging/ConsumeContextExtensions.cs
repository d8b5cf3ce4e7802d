using Marketplace.Contracts;
using Marketplace.Domain;
using MassTransit;

namespace Marketplace.Hosting.Messaging;

public static class ConsumeContextExtensions
{
    public static Task RespondProblemAsync(this ConsumeContext context, int status, string title, string? detail = null,
        IDictionary<string, string[]>? errors = null) =>
        context.RespondAsync(new Problem(status, title, detail, errors));

    public static Task RespondNotFoundAsync(this ConsumeContext context, string what) => context.RespondAsync(ProblemAnswers.NotFound(what));

    public static Task RespondInvalidAsync(this ConsumeContext context, ValidationErrors errors) => context.RespondAsync(ProblemAnswers.Invalid(errors));

    /// <summary>422: the request is valid, but the organization is at one of its limits (docs/security.md, quotas).</summary>
    public static Task RespondQuotaExceededAsync(this ConsumeContext context, string detail) =>
        context.RespondAsync(ProblemAnswers.QuotaExceeded(detail));

    public static Task RespondForbiddenAsync(this ConsumeContext context, string detail) => context.RespondAsync(ProblemAnswers.Forbidden(detail));
}
